"""Names on a map frame: faint area names, and site names placed where they cover nothing else."""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.catalogue import Catalogue
from geo.export.frame import Panel
from geo.export.style import INK, LABEL_PT, MARKER_PT, NAME_CLEARANCE_IN, RING_PT, SIGUNGU_PT, Box
from geo.export.text import font, halo_under, label_text, text_width_in
from geo.extent import overlaps
from geo.i18n import name_column, names
from geo.labels import label_priority, place_labels


def _boxes_clear(boxes: np.ndarray, avoid: list[Box]) -> np.ndarray:
    """Whether each (left, bottom, right, top) box in inches meets none of the ``avoid`` boxes."""
    clear = np.ones(len(boxes), bool)
    for left, bottom, width, height in avoid:
        clear &= (
            (boxes[:, 2] < left)
            | (boxes[:, 0] > left + width)
            | (boxes[:, 3] < bottom)
            | (boxes[:, 1] > bottom + height)
        )
    return clear


def _name_spot(
    polygon, panel: Panel, size_in: tuple[float, float], site_in: tuple[np.ndarray, np.ndarray], avoid: list[Box]
) -> tuple[float, float] | None:
    """Where a name of ``size_in`` fits wholly inside ``polygon`` and the frame, farthest from any site.

    None when it fits nowhere (the area is too small or too cut by the frame to be named).
    """
    x0, y0, x1, y1 = panel.bounds
    half_w = size_in[0] / 2 * (x1 - x0) / panel.box[2]
    half_h = size_in[1] / 2 * (y1 - y0) / panel.box[3]
    # A name needs no coastline detail, nor holes smaller than itself (the snapshot's 시도 have
    # sliver holes along every inner border); testing boxes against such an outline is fast.
    holes = [h for h in polygon.interiors if shapely.Polygon(h).area > 4 * half_w * half_h]
    outline = shapely.Polygon(polygon.exterior, holes).simplify(half_h / 4)
    outline = shapely.box(x0, y0, x1, y1).intersection(outline)
    if outline.is_empty:
        return None
    shapely.prepare(outline)
    gx, gy = np.meshgrid(np.linspace(x0 + half_w, x1 - half_w, 28), np.linspace(y0 + half_h, y1 - half_h, 28))
    gx, gy = gx.ravel(), gy.ravel()
    fits = shapely.contains(outline, shapely.box(gx - half_w, gy - half_h, gx + half_w, gy + half_h))
    px, py = panel.inches(gx, gy)
    fits &= _boxes_clear(
        np.column_stack([px - size_in[0] / 2, py - size_in[1] / 2, px + size_in[0] / 2, py + size_in[1] / 2]), avoid
    )
    if not fits.any():
        return None
    # Clearance: distance from the name's box (not its centre) to the nearest site, in inches.
    # Beyond NAME_CLEARANCE_IN more room gains nothing; among spots that clear enough, the
    # one nearest the middle of the area reads as the area's name, not a corner note.
    if len(site_in[0]):
        dx = np.maximum(np.abs(px[:, None] - site_in[0][None, :]) - size_in[0] / 2, 0)
        dy = np.maximum(np.abs(py[:, None] - site_in[1][None, :]) - size_in[1] / 2, 0)
        clearance = np.minimum(np.hypot(dx, dy).min(axis=1), NAME_CLEARANCE_IN)
    else:
        clearance = np.full(len(gx), NAME_CLEARANCE_IN)
    middle = outline.centroid
    off_centre = np.hypot((gx - middle.x) / panel.aspect, gy - middle.y)
    order = np.lexsort((off_centre, -np.where(fits, clearance, -1)))
    return gx[order[0]], gy[order[0]]


def sido_names(sido: gpd.GeoDataFrame, cat: Catalogue, lang: str) -> list[str]:
    """Each 시도's name in ``lang`` (from the catalogue's regions), else its boundary name."""
    region_names = names(cat.regions, lang)
    regions = sido["region"] if "region" in sido else pd.Series("", index=sido.index)
    return [region_names.get(r, "") or n for r, n in zip(regions, sido["name_ko"])]


def sigungu_names(sigungu: gpd.GeoDataFrame, lang: str) -> tuple:
    """The 시군구 to name in an inset, in ``lang``; none in English unless the frame has English names."""
    column = name_column(lang)
    if column not in sigungu:
        return sigungu.iloc[:0], [], SIGUNGU_PT
    return sigungu, list(sigungu[column]), SIGUNGU_PT


def draw_area_names(
    panel: Panel,
    renderer,
    frame: gpd.GeoDataFrame,
    names: list[str],
    size: float,
    sites: pd.DataFrame,
    avoid: list[Box],
) -> list[Text]:
    """Faint area names, each wholly inside its area and the frame, as far from the sites as it can be.

    An area too small for its name at this scale (광주 at belt scale) stays unnamed: its own
    sites cover it, and the name would only clutter them.
    """
    site_in = panel.inches(sites["lon"].to_numpy(), sites["lat"].to_numpy())
    prop = font(size, True)
    drawn = []
    for geometry, name in zip(frame.geometry, names):
        if geometry is None or geometry.is_empty or not overlaps(geometry.bounds, panel.bounds):
            continue
        largest = max(shapely.get_parts(geometry), key=lambda p: p.area)
        size_in = (text_width_in(renderer, name, prop) + 0.06, size * 1.25 / 72)
        spot = _name_spot(largest, panel, size_in, site_in, avoid)
        if spot is not None:
            drawn.append(
                panel.ax.text(
                    *spot,
                    name,
                    fontproperties=prop,
                    color="#a3a8b0",
                    ha="center",
                    va="center",
                    zorder=2.5,
                    parse_math=False,
                    usetex=False,
                    clip_on=True,
                    gid="area-name",
                )
            )
            halo_under(panel.ax, drawn[-1])
    return drawn


# How many sites a map frame names at most: the highlighted ones, then the most linked.
MAX_NAMES = 14
# Gaps (points) between a marker and its name, tried in turn; from LEADER_FROM_PT a line joins them.
LABEL_GAPS_PT = (2, 6, 14, 26)
LEADER_FROM_PT = 9


def named_sites(
    sites: pd.DataFrame,
    links: pd.DataFrame,
    highlight: Iterable[str],
    limit: int = MAX_NAMES,
) -> pd.DataFrame:
    """The rows of ``sites`` to name, in the order the interactive map names them (`geo.labels.label_priority`)."""
    frame = sites.assign(name_ko=sites["name"])
    order = label_priority(frame, links, [h for h in highlight if h in set(sites["id"])])
    keep = order[: max(limit, len([h for h in highlight if h in set(sites["id"])]))]
    return sites.set_index("id").loc[keep].reset_index()


def _down(box: Bbox) -> tuple[float, float, float, float]:
    """A display box (y up) as a screen box with y down, the convention of `geo.labels`."""
    return box.x0, -box.y1, box.x1, -box.y0


def label_sites(
    panel: Panel, renderer, sites: pd.DataFrame, names: pd.DataFrame, placed: list[Bbox], soft: Iterable[Bbox] = ()
) -> list[Text]:
    """Name ``names`` (rows of ``sites``, most important first) where each covers no other label or marker.

    The placement is the interactive map's (`geo.labels.place_labels`) in the figure's pixels:
    no name meets another, a marker, the map furniture in ``placed``, the area names in
    ``soft``, or the frame's edge; a name that fits nowhere is left out. ``placed`` collects
    the boxes taken.
    """
    ax = panel.ax
    dpi = renderer.dpi
    xy = ax.transData.transform(sites[["lon", "lat"]].to_numpy()) if len(sites) else np.empty((0, 2))
    half = MARKER_PT / 2 * dpi / 72
    obstacles = [(x - half, -y - half, x + half, -y + half) for x, y in xy]
    obstacles += [_down(b) for b in [*placed, *soft]]
    prop = font(LABEL_PT, True)
    where = dict(zip(sites["id"], ax.transData.transform(sites[["lon", "lat"]].to_numpy()) if len(sites) else []))
    artists, sizes, anchors = {}, {}, []
    for _, site in names.iterrows():
        text = label_text(renderer, site["name"], prop)
        label = ax.annotate(
            text,
            (site["lon"], site["lat"]),
            textcoords="offset points",
            xytext=(0, 0),
            fontproperties=prop,
            color=INK,
            zorder=7,
            parse_math=False,
            usetex=False,
            linespacing=1.05,
            gid="site-label",
            ha="left",
            va="bottom",
        )
        box = label.get_window_extent(renderer)
        artists[site["id"]], sizes[site["id"]] = label, (box.width, box.height)
        x, y = where[site["id"]]
        anchors.append((site["id"], x, -y, RING_PT / 2 * dpi / 72))
    frame = _down(ax.get_window_extent(renderer))
    # Paper cannot be zoomed: when no spot beside a marker is free, further spots are tried and
    # a thin leader line ties the name to its marker.
    chosen = place_labels(anchors, sizes, obstacles, frame, gaps=[g * dpi / 72 for g in LABEL_GAPS_PT])
    labels = []
    for p in chosen:
        label = artists.pop(p.id)
        x, y = where[p.id]
        near_x = min(max(x, p.box[0]), p.box[2])
        near_y = min(max(-y, p.box[1]), p.box[3])
        if math.hypot(near_x - x, near_y + y) > (RING_PT / 2 + LEADER_FROM_PT) * dpi / 72:
            ax.annotate(
                "",
                ax.transData.inverted().transform((x, y)),
                xycoords="data",
                xytext=ax.transData.inverted().transform((near_x, -near_y)),
                textcoords="data",
                arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 0.7, "shrinkA": 0, "shrinkB": RING_PT / 2},
                zorder=6.5,
                gid="leader",
            )
        align = "right" if p.side.endswith("left") else "center" if p.side in ("up", "down") else "left"
        label.set_multialignment(align)
        label.set_position(((p.box[0] - x) * 72 / dpi, (-p.box[3] - y) * 72 / dpi))
        halo_under(ax, label)
        placed.append(Bbox.from_extents(p.box[0], -p.box[3], p.box[2], -p.box[1]))
        labels.append(label)
    for label in artists.values():  # fitted nowhere: left out
        label.remove()
    return labels
