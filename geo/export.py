"""Briefing export: the current map view as a PNG or a one-page A4 landscape PDF.

Officials paste the map into reports, so the figure carries everything a reader needs on its
own: title, as-of date, legend, scale bar, north arrow and sources. It is drawn with
matplotlib's object-oriented API on the Agg canvas (no ``pyplot`` and its global figure
state), so it can be built in a Streamlit server thread. Every text uses the NanumGothic files
bundled with ``koreanize-matplotlib`` (never a system font, which may lack Hangul), and is
drawn with ``parse_math=False`` and ``usetex=False`` because site names are data: a ``$``
must not start mathtext.

The page is laid out in inches on an A4 landscape sheet: title band, the map on the left, the
legend on the right and, when many sites crowd one place (Gwangju and its neighbours at belt
scale), an enlarged inset of that place under the legend. The PNG is the same figure rendered
at the resolution that gives the width asked for.
"""

from __future__ import annotations

import io
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from geo.assets import font_path
from geo.boundaries import BOUNDARY_CITATION
from geo.catalogue import Catalogue
from geo.cells import split_ids
from geo.citations import citations, source_index
from geo.extent import BELT, Bounds
from geo.i18n import name_column, short_name, t
from geo.labels import label_priority, place_labels
from geo.maps import HOLLOW_STATUSES

Box = tuple[float, float, float, float]  # left, bottom, width, height in figure inches

# Labels this module adds; to be merged into geo.i18n.LABELS.

A4_LANDSCAPE_IN = (297 / 25.4, 210 / 25.4)
MIN_WIDTH_PX = 2000
# The same frame as the interactive map's fit_bounds (lon_min, lat_min, lon_max, lat_max).
KM_PER_DEG = 111.32

# geo.maps.STAGE_SHAPES as matplotlib markers: triangle, square, circle, diamond, hexagon, star.
STAGE_MARKERS: dict[str, str] = {
    "energy": "^",
    "compute": "s",
    "rnd": "o",
    "testbed": "D",
    "application": "h",
    "hub": "*",
}
DEFAULT_MARKER = "o"
# At the same nominal size a star looks small and a square or diamond looks big; these factors
# make the shapes read as equally important.
MARKER_SCALE = {"^": 1.1, "s": 0.85, "o": 0.95, "D": 0.75, "h": 1.0, "*": 1.45}
MARKER_PT = 12.0
# Rings may touch a neighbour in a tight fan; spacing every marker for rings would spread
# whole clusters further from where they are.
RING_PT = MARKER_PT * 1.55
# Centres closer than this on paper make markers touch; closer sites are moved apart.
MARKER_SEP_IN = MARKER_PT * 1.2 / 72
FALLBACK_COLOUR = "#7a7f87"

# Type sizes (pt) chosen for the PNG pasted at half size into an A4 report page, where the
# legend must still read at about 6 pt.
TITLE_PT = (26, 24, 22, 20, 18)
SUBTITLE_PT = 13
LEGEND_PT = (12.5, 11.5, 10.5, 9.5, 8.5)
LABEL_PT = 10.5
LABEL_MAX_IN = 2.1
FOOTER_PT = 9
REGION_PT = 15
SIGUNGU_PT = 9
NAME_CLEARANCE_IN = 0.35

MARGIN_IN = 0.45
GAP_IN = 0.3
LEGEND_MIN_IN = 3.2
LEGEND_TWO_COLUMNS_IN = 5.2
MAX_SOURCES = 3
MAX_SOURCE_CHARS = 48

# An inset is drawn for the largest group of at least INSET_MIN_SITES sites that lie within
# INSET_REACH marker spacings of each other, when it enlarges them at least INSET_MIN_ZOOM
# times and the space under the legend is at least INSET_MIN_IN tall.
INSET_MIN_SITES = 6
INSET_REACH = 2.0
INSET_MIN_ZOOM = 2.5
INSET_MIN_IN = 1.8

INK = "#1d2430"
MUTED = "#5b6270"
LAND = "#f4f1ea"
SIGUNGU_EDGE = "#b4b8bf"
SIDO_EDGE = "#3d4451"
LINK_COLOUR = "#5f6673"
ARROW_STYLE = "-|>,head_length=5,head_width=2.6"  # in points
# The 시도 polygons of the boundary snapshot carry hundreds of sliver holes (< 0.0001 deg²)
# along inner 시군구 borders; outlined in bold they print as dashes across the province.
# Real holes (Gwangju inside Jeonnam, estuaries, lakes) are all larger than this.
SIDO_MIN_HOLE_DEG2 = 2e-4

# Matplotlib reads the PDF font type from the global rcParams at save time; the lock keeps
# two exports in different server threads from restoring each other's settings mid-save.
_SAVE_LOCK = threading.Lock()
# fontTools logs a warning per hinting-source table (TSI*) it drops while subsetting
# NanumGothic for the PDF; the tables are editor data, never needed to draw.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
_SAVE_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "text.usetex": False, "svg.fonttype": "none"}


# ----------------------------------------------------------------------------- pure helpers


def km_per_degree_lon(lat: float) -> float:
    """Kilometres in one degree of longitude at latitude ``lat`` (spherical approximation)."""
    return KM_PER_DEG * math.cos(math.radians(lat))


def scale_bar_km(view_width_km: float, fraction: float = 0.2) -> float:
    """The round length (1, 2 or 5 × 10ⁿ km) nearest to ``fraction`` of the view's width.

    >>> scale_bar_km(200)
    50.0
    """
    target = max(view_width_km * fraction, 1e-9)
    power = 10 ** math.floor(math.log10(target))
    candidates = [step * power for step in (1, 2, 5, 10)]
    return float(min(candidates, key=lambda length: abs(math.log(length / target))))


def check_bounds(bounds: Bounds) -> Bounds:
    """``bounds`` as four floats, or ValueError naming what is wrong with them."""
    try:
        lon_min, lat_min, lon_max, lat_max = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be (lon_min, lat_min, lon_max, lat_max), got {bounds!r}") from None
    if not (lon_min < lon_max and lat_min < lat_max and -90 <= lat_min and lat_max <= 90):
        raise ValueError(f"bounds must be (lon_min, lat_min, lon_max, lat_max) with min < max, got {bounds!r}")
    return lon_min, lat_min, lon_max, lat_max


def geo_aspect(bounds: Bounds) -> float:
    """The y/x aspect that draws degrees at their true ground ratio at the middle latitude."""
    return 1 / math.cos(math.radians((bounds[1] + bounds[3]) / 2))


def fit_bounds(bounds: Bounds, box_w: float, box_h: float) -> Bounds:
    """Widen ``bounds`` about their centre so that, drawn at the geographic aspect, they fill a box.

    Parameters
    ----------
    bounds : tuple of float
        (lon_min, lat_min, lon_max, lat_max) that must stay visible.
    box_w, box_h : float
        The size of the map frame, in any one unit.

    Returns
    -------
    tuple of float
        Bounds whose ground shape has the box's ratio and that contain ``bounds``.
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    k = geo_aspect(bounds)
    dx, dy = lon_max - lon_min, lat_max - lat_min
    if dy * k / dx < box_h / box_w:
        dy = dx * (box_h / box_w) / k
    else:
        dx = dy * k * (box_w / box_h)
    cx, cy = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    return cx - dx / 2, cy - dy / 2, cx + dx / 2, cy + dy / 2


# A frame on the shown sites keeps this much around them (a share of their spread, at least
# FRAME_PAD_DEG), and is never smaller than FRAME_MIN_DEG of latitude: one site still shows its county.
FRAME_PAD = 0.12
FRAME_PAD_DEG = 0.06
FRAME_MIN_DEG = 0.35


def map_extent(sites: gpd.GeoDataFrame, bounds: Bounds | None) -> Bounds:
    """The area to show: ``bounds`` when given, else the shown sites with a margin (the belt when none).

    A filtered export is framed on what it shows: six sites in Gwangju fill the page rather
    than sit in one corner of Honam.
    """
    if bounds is not None:
        return check_bounds(bounds)
    points = sites.geometry[sites.geometry.notna() & ~sites.geometry.is_empty] if len(sites) else []
    if not len(points):
        return BELT
    x0, y0, x1, y1 = points.total_bounds
    pad_x, pad_y = max(FRAME_PAD * (x1 - x0), FRAME_PAD_DEG), max(FRAME_PAD * (y1 - y0), FRAME_PAD_DEG)
    x0, y0, x1, y1 = x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y
    if y1 - y0 < FRAME_MIN_DEG:
        grow = (FRAME_MIN_DEG - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    min_x = FRAME_MIN_DEG * geo_aspect((x0, y0, x1, y1))
    if x1 - x0 < min_x:
        grow = (min_x - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    return x0, y0, x1, y1


def programs_of_sites(programs: pd.DataFrame, site_ids: Iterable[str]) -> pd.DataFrame:
    """The programmes that fund at least one of ``site_ids``."""
    ids = set(site_ids)
    return programs[programs["site_ids"].map(lambda cell: any(s in ids for s in split_ids(cell)))]


def newest_as_of(*frames: pd.DataFrame) -> str | None:
    """The newest ``as_of`` date (YYYY-MM-DD) among the frames' rows; None when none is readable."""
    dates = [pd.to_datetime(f["as_of"], errors="coerce", format="%Y-%m-%d") for f in frames if "as_of" in f]
    dates = pd.concat(dates).dropna() if dates else pd.Series(dtype="datetime64[ns]")
    return dates.max().strftime("%Y-%m-%d") if len(dates) else None


def shorten(text: str, max_chars: int = MAX_SOURCE_CHARS) -> str:
    """A source as a footer cites it: parenthetical notes dropped, cut at a word to ``max_chars``."""
    short = " ".join(re.sub(r"\s*\([^)]*\)", "", str(text)).split()) or " ".join(str(text).split())
    if len(short) <= max_chars:
        return short
    cut = short[: max_chars - 1]
    if " " in cut[max_chars // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;·") + "…"


def distinct_sources(cells: Iterable[str]) -> list[str]:
    """The sources cited in ``source`` cells (each ``;``-separated), most cited first."""
    counts = Counter(source for cell in cells for source in split_ids(cell))
    return [s for s, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def sources_line(cells: Iterable[str], lang: str = "ko", keep: int = MAX_SOURCES) -> str:
    """The sites' sources as the footer cites them: the most cited few, then how many more.

    Empty when no site names a source.

    >>> sources_line(["A; B", "A", "C", "D"], "en", keep=2)
    'Sources: A; B and 2 more'
    """
    distinct = distinct_sources(cells)
    if not distinct:
        return ""
    shown = "; ".join(shorten(s) for s in distinct[:keep])
    if len(distinct) > keep:
        shown += " " + t("export_more", lang).format(n=len(distinct) - keep)
    return f"{t('sources_footer', lang)}: {shown}"


def footer_citations(view_sites: pd.DataFrame, cat) -> list[str]:
    """The shown sites' sources as citations ("광주일보, 2025-04-08, 「…」"), one ``;``-joined cell per site.

    Source ids never reach the footer: they are looked up in the catalogue's bibliography.
    """
    if "source" not in view_sites:
        return []
    index = source_index(getattr(cat, "sources", None))
    return [";".join(text for text, _ in citations(cell, index)) for cell in view_sites["source"]]


def footer_paragraphs(cells: Iterable[str], n_estimated: int, lang: str = "ko") -> list[str]:
    """The footer: the sites' sources, then the boundaries' source and a note on estimated locations."""
    second = f"{t('boundary_source', lang)}: {BOUNDARY_CITATION.get(lang, BOUNDARY_CITATION['ko'])}"
    if n_estimated:
        second += " · " + t("export_estimated", lang).format(n=n_estimated)
    first = sources_line(cells, lang)
    return [first, second] if first else [second]


def cluster_groups(x: np.ndarray, y: np.ndarray, reach: float) -> list[list[int]]:
    """Indices of points grouped so that each is within ``reach`` of another in its group."""
    n = len(x)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        near = np.flatnonzero(np.hypot(x[i + 1 :] - x[i], y[i + 1 :] - y[i]) < reach) + i + 1
        for j in near:
            parent[root(int(j))] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def spread_positions(lon: np.ndarray, lat: np.ndarray, min_sep: float, aspect: float) -> tuple[np.ndarray, np.ndarray]:
    """Marker positions with no two closer than ``min_sep`` as drawn, each group kept at its centre.

    Points closer than ``min_sep`` are grouped, and each group is laid out on a circle around
    its mean point just big enough for its markers. A printed map cannot be zoomed, so five
    sites in one 지구 would otherwise print as one marker.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Site coordinates in degrees.
    min_sep : float
        Smallest distance between two marker centres, in degrees of latitude.
    aspect : float
        ``1 / cos(latitude)``: how much shorter a degree of longitude is on the page.

    Returns
    -------
    tuple of numpy.ndarray
        The new longitudes and latitudes.
    """
    x, y = np.asarray(lon, float) / aspect, np.asarray(lat, float)
    out_x, out_y = x.copy(), y.copy()
    for idx in cluster_groups(x, y, min_sep):
        if len(idx) < 2:
            continue
        cx, cy = x[idx].mean(), y[idx].mean()
        # A circle through n markers a spacing apart has circumference n × spacing.
        radius = max(min_sep * len(idx) / (2 * math.pi), min_sep * 0.6)
        # Keep each site on its own side of the centre, so the fan still hints at the geography.
        order = sorted(idx, key=lambda i: (math.atan2(y[i] - cy, x[i] - cx), i))
        start = math.atan2(y[order[0]] - cy, x[order[0]] - cx) if (np.ptp(x[idx]) or np.ptp(y[idx])) else math.pi / 2
        for k, i in enumerate(order):
            angle = start + 2 * math.pi * k / len(idx)
            out_x[i], out_y[i] = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
    return out_x * aspect, out_y


def crowded_group(lon: np.ndarray, lat: np.ndarray, reach: float, aspect: float, min_sites: int) -> list[int]:
    """The largest group of at least ``min_sites`` points each within ``reach`` of another (or none)."""
    groups = cluster_groups(np.asarray(lon, float) / aspect, np.asarray(lat, float), reach)
    best = max(groups, key=len, default=[])
    return sorted(best) if len(best) >= min_sites else []


# ----------------------------------------------------------------------------- text helpers


def _font(size: float, bold: bool = False) -> FontProperties:
    """NanumGothic (regular or bold) from the package's own files, at ``size`` points."""
    return FontProperties(fname=str(font_path("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")), size=size)


def _text_width_in(renderer, text: str, prop: FontProperties) -> float:
    """Width of ``text`` set in ``prop``, in inches."""
    width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return width / renderer.dpi


def _wrap(renderer, text: str, prop: FontProperties, width_in: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_in`` (a longer word stays whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and _text_width_in(renderer, trial, prop) > width_in:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    # A last line of one short word ("MW)", "0.1") reads as a stray: give it company.
    if len(lines) > 1 and " " in lines[-2] and _text_width_in(renderer, lines[-1], prop) < 0.2 * width_in:
        head, moved = lines[-2].rsplit(" ", 1)
        lines[-2:] = [head, f"{moved} {lines[-1]}"]
    return lines


def label_text(renderer, name: str, prop: FontProperties, width_in: float = LABEL_MAX_IN) -> str:
    """A site's map label: its name in at most two lines; details in parentheses go first when it is longer."""
    lines = _wrap(renderer, name, prop, width_in)
    if len(lines) > 2:
        lines = _wrap(renderer, short_name(name), prop, width_in)
    return "\n".join(lines)


def _fig_text(fig: Figure, x_in: float, y_in: float, text: str, prop: FontProperties, **kwargs) -> Text:
    """Text placed in figure inches; math parsing off because the text may be data."""
    return fig.text(
        x_in / fig.get_figwidth(),
        y_in / fig.get_figheight(),
        text,
        fontproperties=prop,
        parse_math=False,
        usetex=False,
        color=kwargs.pop("color", INK),
        **kwargs,
    )


_HALO = [patheffects.withStroke(linewidth=3.2, foreground="white")]


def _halo_under(ax: Axes, text: Text) -> Text:
    """A white outline of ``text`` drawn just under it, as a separate artist.

    Matplotlib draws text that has path effects as outlines, so a halo on the text itself
    would make it unsearchable in the PDF; the twin carries the halo and the text stays text.
    """
    if isinstance(text, Annotation):
        twin = ax.annotate(text.get_text(), text.xy, xytext=text.get_position(), textcoords=text.anncoords)
    else:
        twin = ax.text(*text.get_position(), text.get_text(), transform=text.get_transform())
    twin.update_from(text)
    twin.set(color="white", path_effects=_HALO, zorder=text.get_zorder() - 0.05, gid="halo", parse_math=False)
    return twin


# ----------------------------------------------------------------------------- map panels


@dataclass(frozen=True)
class Panel:
    """A map frame on the page: its axes, its place in inches and the lon/lat it shows."""

    ax: Axes
    box: Box
    bounds: Bounds

    @property
    def deg_per_in(self) -> float:
        """Degrees of latitude per inch of paper."""
        return (self.bounds[3] - self.bounds[1]) / self.box[3]

    @property
    def aspect(self) -> float:
        """The panel's y/x aspect (see `geo_aspect`)."""
        return geo_aspect(self.bounds)

    def inches(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Page position (figure inches) of lon/lat points."""
        x0, y0, x1, y1 = self.bounds
        left, bottom, width, height = self.box
        return (left + (np.asarray(lon) - x0) / (x1 - x0) * width, bottom + (np.asarray(lat) - y0) / (y1 - y0) * height)

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Whether each point lies inside the frame."""
        x0, y0, x1, y1 = self.bounds
        lon, lat = np.asarray(lon), np.asarray(lat)
        return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


def _panel(fig: Figure, box: Box, wanted: Bounds, gid: str) -> Panel:
    """An empty map frame at ``box`` showing at least ``wanted``, north up, at the true ground ratio."""
    shown = fit_bounds(wanted, box[2], box[3])
    width, height = fig.get_size_inches()
    ax = fig.add_axes((box[0] / width, box[1] / height, box[2] / width, box[3] / height), gid=gid)
    ax.set_xlim(shown[0], shown[2])
    ax.set_ylim(shown[1], shown[3])
    # The limits already have the box's ratio, so "datalim" keeps the frame where it was put.
    ax.set_aspect(geo_aspect(shown), adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#9aa0a6")
        spine.set_linewidth(0.8)
    return Panel(ax, box, shown)


def _polygon_path(geometry, min_hole: float = 0.0) -> Path | None:
    """A matplotlib path of a (multi)polygon with its holes larger than ``min_hole`` (deg²)."""
    rings = []
    for part in shapely.get_parts(geometry):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings.append(Path(np.asarray(part.exterior.coords)[:, :2], closed=True))
        rings.extend(
            Path(np.asarray(hole.coords)[:, :2], closed=True)
            for hole in part.interiors
            if min_hole <= 0 or shapely.Polygon(hole).area >= min_hole
        )
    return Path.make_compound_path(*rings) if rings else None


def _draw_polygons(panel: Panel, frame: gpd.GeoDataFrame, min_hole: float = 0.0, **style) -> None:
    """The polygons of ``frame`` that reach into the panel, as one collection (one object in the PDF)."""
    geometries = [g for g in frame.geometry if g is not None and _in_view(g, panel.bounds)]
    paths = [p for p in (_polygon_path(g, min_hole) for g in geometries) if p is not None]
    panel.ax.add_collection(PathCollection(paths, **style), autolim=False)


def _draw_base(panel: Panel, sido: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame) -> None:
    """The boundaries as basemap: 시군구 lightly filled with grey lines, 시도 outlined in bold."""
    _draw_polygons(panel, sigungu, facecolors=LAND, edgecolors=SIGUNGU_EDGE, linewidths=0.4, zorder=1, gid="sigungu")
    _draw_polygons(
        panel, sido, SIDO_MIN_HOLE_DEG2, facecolors="none", edgecolors=SIDO_EDGE, linewidths=1.4, zorder=2, gid="sido"
    )


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


def _draw_area_names(
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
    prop = _font(size, True)
    drawn = []
    for geometry, name in zip(frame.geometry, names):
        if geometry is None or geometry.is_empty or not _in_view(geometry, panel.bounds):
            continue
        largest = max(shapely.get_parts(geometry), key=lambda p: p.area)
        size_in = (_text_width_in(renderer, name, prop) + 0.06, size * 1.25 / 72)
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
            _halo_under(panel.ax, drawn[-1])
    return drawn


def _in_view(geometry, bounds: Bounds) -> bool:
    """Whether a geometry's bounding box meets ``bounds`` (a cheap test before drawing it)."""
    gx0, gy0, gx1, gy1 = geometry.bounds
    return gx0 <= bounds[2] and gx1 >= bounds[0] and gy0 <= bounds[3] and gy1 >= bounds[1]


def _site_frame(view_sites: gpd.GeoDataFrame, cat: Catalogue, lang: str) -> pd.DataFrame:
    """One row per drawable site: id, name, sector, stage, colour, marker, hollow, lon, lat."""
    sites = view_sites[view_sites.geometry.notna() & ~view_sites.geometry.is_empty]
    colours = dict(zip(cat.sectors["id"], cat.sectors["colour"]))
    column = name_column(lang)
    main = sites["sectors"].map(lambda s: s[0] if len(s) else "")
    return pd.DataFrame(
        {
            "id": sites["id"].astype(str),
            "name": [row.get(column) or row["name_ko"] for _, row in sites.iterrows()],
            "sector": main,
            "stage": sites["stage"],
            "colour": main.map(colours).fillna(FALLBACK_COLOUR),
            "marker": sites["stage"].map(STAGE_MARKERS).fillna(DEFAULT_MARKER),
            "hollow": sites["status"].isin(HOLLOW_STATUSES),
            "estimated": sites["coord_precision"].eq("estimated"),
            "lon": sites.geometry.x,
            "lat": sites.geometry.y,
        }
    ).reset_index(drop=True)


def _marker_size(marker: str) -> float:
    """A marker size (points) for ``marker`` that looks as big as the others."""
    return MARKER_PT * MARKER_SCALE.get(marker, 1.0)


def _draw_sites(ax: Axes, sites: pd.DataFrame, highlight: frozenset[str]) -> None:
    """Markers by stage shape and sector colour, hollow when planned or proposed; rings on highlights."""
    ringed = sites[sites["id"].isin(highlight)]
    if len(ringed):
        ax.scatter(
            ringed["lon"],
            ringed["lat"],
            s=RING_PT**2,
            marker="o",
            facecolors="white",
            edgecolors=INK,
            linewidths=1.2,
            zorder=4.5,
            gid="highlight-rings",
        )
    for (marker, hollow), group in sites.groupby(["marker", "hollow"]):
        face = "white" if hollow else group["colour"].tolist()
        edge = group["colour"].tolist() if hollow else "white"
        ax.scatter(
            group["lon"],
            group["lat"],
            s=_marker_size(marker) ** 2,
            marker=marker,
            facecolors=face,
            edgecolors=edge,
            linewidths=2.0 if hollow else 0.9,
            zorder=5,
            gid=f"sites-{'hollow' if hollow else 'filled'}",
        )


def shown_links(links: pd.DataFrame, site_ids: Iterable[str]) -> pd.DataFrame:
    """The links whose two ends are both shown, other than a site linked to itself."""
    ids = set(site_ids)
    keep = links["from_id"].isin(ids) & links["to_id"].isin(ids) & (links["from_id"] != links["to_id"])
    return links[keep]


def _draw_links(
    ax: Axes,
    links: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    highlight: frozenset[str],
    alpha: float = 0.75,
) -> None:
    """Value-chain links as thin curved arrows under the markers."""
    for _, link in links.iterrows():
        a, b = positions[link["from_id"]], positions[link["to_id"]]
        strength = pd.to_numeric(pd.Series([link.get("strength", "")]), errors="coerce").fillna(1).iloc[0]
        # Shrinking by the marker's (or ring's) radius makes the arrowhead stop at its edge.
        start = (RING_PT if link["from_id"] in highlight else MARKER_PT) / 2
        end = (RING_PT if link["to_id"] in highlight else MARKER_PT) / 2 + 1
        # add_artist, not add_patch: the limits are fixed, and updating them per arrow is slow.
        ax.add_artist(
            FancyArrowPatch(
                a,
                b,
                connectionstyle="arc3,rad=0.2",
                arrowstyle=ARROW_STYLE,
                shrinkA=start,
                shrinkB=end,
                color=LINK_COLOUR,
                alpha=alpha,
                linewidth=0.5 + 0.4 * float(strength),
                zorder=3,
                gid="link",
            )
        )


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


def _label_sites(
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
    prop = _font(LABEL_PT, True)
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
        _halo_under(ax, label)
        placed.append(Bbox.from_extents(p.box[0], -p.box[3], p.box[2], -p.box[1]))
        labels.append(label)
    for label in artists.values():  # fitted nowhere: left out
        label.remove()
    return labels


def _emptiest_corner(panel: Panel, sites: pd.DataFrame, corners: list[str], size: tuple[float, float]) -> str:
    """Of ``corners`` ("lower left", …), the one whose ``size`` (inches) patch covers the fewest sites."""
    x, y = panel.inches(sites["lon"].to_numpy(), sites["lat"].to_numpy())
    left, bottom, width, height = panel.box

    def count(corner: str) -> int:
        x0 = left if "left" in corner else left + width - size[0]
        y0 = bottom if "lower" in corner else bottom + height - size[1]
        return int(((x >= x0) & (x <= x0 + size[0]) & (y >= y0) & (y <= y0 + size[1])).sum())

    return min(corners, key=lambda c: (count(c), corners.index(c)))


def _draw_scale_bar(fig: Figure, panel: Panel, sites: pd.DataFrame, size: float = FOOTER_PT + 1) -> Box:
    """A km scale bar, about a fifth of the frame wide, in the emptier bottom corner; returns its box."""
    x0, y0, x1, y1 = panel.bounds
    km_per_in = (x1 - x0) * km_per_degree_lon((y0 + y1) / 2) / panel.box[2]
    length = scale_bar_km(panel.box[2] * km_per_in)
    bar_in = length / km_per_in
    corner = _emptiest_corner(panel, sites, ["lower left", "lower right"], (bar_in + 1.0, 0.7))
    pad = 0.22
    left = panel.box[0] + pad if corner == "lower left" else panel.box[0] + panel.box[2] - pad - bar_in - 0.45
    bottom, height = panel.box[1] + pad, 0.065
    trans = fig.dpi_scale_trans
    backdrop = (left - 0.1, bottom - 0.08, bar_in + 0.65, height + size / 72 + 0.26)
    fig.add_artist(
        Rectangle(
            backdrop[:2], *backdrop[2:], transform=trans, facecolor="white", edgecolor="none", alpha=0.85, zorder=8
        )
    )
    for k in range(4):  # alternating quarters, as on survey maps
        fig.add_artist(
            Rectangle(
                (left + k * bar_in / 4, bottom),
                bar_in / 4,
                height,
                transform=trans,
                zorder=9,
                facecolor=INK if k % 2 == 0 else "white",
                edgecolor=INK,
                linewidth=0.8,
            )
        )
    prop = _font(size)
    _fig_text(fig, left, bottom + height + 0.05, "0", prop, ha="center", va="bottom", zorder=9)
    _fig_text(
        fig,
        left + bar_in,
        bottom + height + 0.05,
        f"{length:g} km",
        prop,
        ha="left",
        va="bottom",
        zorder=9,
        gid="scale-bar",
    )
    return backdrop


def _draw_north_arrow(fig: Figure, panel: Panel, sites: pd.DataFrame) -> Box:
    """A two-tone north arrow with an N in the emptier top corner (the map is drawn north up); returns its box."""
    corner = _emptiest_corner(panel, sites, ["upper right", "upper left"], (0.8, 1.0))
    left, bottom, width, height = panel.box
    cx = left + width - 0.35 if corner == "upper right" else left + 0.35
    top = bottom + height - 0.5
    trans = fig.dpi_scale_trans
    tip, base, half = (cx, top), top - 0.42, 0.13
    backdrop = (cx - 0.2, base - 0.08, 0.4, 0.75)
    fig.add_artist(
        Rectangle(
            backdrop[:2], *backdrop[2:], transform=trans, facecolor="white", edgecolor="none", alpha=0.85, zorder=8
        )
    )
    fig.add_artist(
        Polygon(
            [tip, (cx - half, base), (cx, base + 0.1)],
            closed=True,
            transform=trans,
            facecolor=INK,
            edgecolor=INK,
            linewidth=0.8,
            zorder=9,
        )
    )
    fig.add_artist(
        Polygon(
            [tip, (cx + half, base), (cx, base + 0.1)],
            closed=True,
            transform=trans,
            facecolor="white",
            edgecolor=INK,
            linewidth=0.8,
            zorder=9,
        )
    )
    _fig_text(fig, cx, top + 0.04, "N", _font(13, True), ha="center", va="bottom", zorder=9, gid="north")
    return backdrop


# ----------------------------------------------------------------------------- legend


@dataclass(frozen=True)
class LegendRow:
    """One legend line: a heading, or a symbol (marker, ring or arrow) with its label."""

    label: str
    heading: bool = False
    marker: str | None = None
    colour: str = "#555555"
    hollow: bool = False
    line: bool = False
    ring: bool = False


def legend_sections(
    sites: pd.DataFrame, cat: Catalogue, lang: str, with_links: bool, with_highlight: bool = False
) -> list[list[LegendRow]]:
    """The legend: sectors and stages present in the view (all when none is), then the other symbols.

    Each section starts with its heading row.
    """
    column = name_column(lang)
    present_sectors, present_stages = set(sites["sector"]), set(sites["stage"])
    sectors = cat.sectors[cat.sectors["id"].isin(present_sectors)] if present_sectors else cat.sectors
    stages = cat.stages[cat.stages["id"].isin(present_stages)] if present_stages else cat.stages
    sector_rows = [LegendRow(r[column] or r["name_ko"], marker="s", colour=r["colour"]) for _, r in sectors.iterrows()]
    stage_rows = [
        LegendRow(r[column] or r["name_ko"], marker=STAGE_MARKERS.get(r["id"], DEFAULT_MARKER))
        for _, r in stages.iterrows()
    ]
    other = [LegendRow(t("legend_status", lang), marker="o", hollow=True)]
    if with_links:
        other.append(LegendRow(t("export_links", lang), line=True, colour=LINK_COLOUR))
    if with_highlight:
        other.append(LegendRow(t("export_highlight", lang), ring=True))
    return [
        [LegendRow(t("export_sectors", lang), heading=True), *sector_rows],
        [LegendRow(t("legend_stages", lang), heading=True), *stage_rows],
        [LegendRow(t("status", lang), heading=True), *other],
    ]


INDENT_IN = 0.32


def _row_lines(renderer, row: LegendRow, size: float, width: float) -> list[str]:
    """A legend row's label broken to fit the column."""
    return _wrap(renderer, row.label, _font(size, row.heading), width - (0 if row.heading else INDENT_IN))


def _column_height(renderer, rows: list[LegendRow], size: float, width: float) -> float:
    """Height in inches of one legend column at font ``size``."""
    total = 0.0
    for i, row in enumerate(rows):
        total += len(_row_lines(renderer, row, size, width)) * size * 1.3 / 72 + size * 0.3 / 72
        if row.heading and i:
            total += size * 0.6 / 72
    return total


def _legend_columns(sections: list[list[LegendRow]], width: float) -> list[list[LegendRow]]:
    """The sections in one column, or sectors beside the rest when the column is wide."""
    if width >= LEGEND_TWO_COLUMNS_IN and len(sections) > 1:
        return [sections[0], [row for section in sections[1:] for row in section]]
    return [[row for section in sections for row in section]]


def _draw_legend_symbol(fig: Figure, row: LegendRow, x: float, y: float) -> None:
    """The symbol of a legend row, centred at (x, y) inches."""
    trans = fig.dpi_scale_trans
    if row.line:
        fig.add_artist(
            FancyArrowPatch(
                (x - 0.13, y - 0.03),
                (x + 0.14, y + 0.03),
                transform=trans,
                arrowstyle=ARROW_STYLE,
                color=row.colour,
                linewidth=1.4,
                connectionstyle="arc3,rad=0.3",
            )
        )
        return
    if row.ring:
        fig.add_artist(
            Line2D(
                [x],
                [y],
                transform=trans,
                marker="o",
                linestyle="none",
                markersize=RING_PT,
                markerfacecolor="white",
                markeredgecolor=INK,
                markeredgewidth=1.2,
            )
        )
        fig.add_artist(
            Line2D(
                [x],
                [y],
                transform=trans,
                marker="o",
                linestyle="none",
                markersize=MARKER_PT * 0.8,
                markerfacecolor="#555555",
                markeredgecolor="white",
                markeredgewidth=0.9,
            )
        )
        return
    fig.add_artist(
        Line2D(
            [x],
            [y],
            transform=trans,
            marker=row.marker,
            linestyle="none",
            markersize=_marker_size(row.marker),
            markerfacecolor="white" if row.hollow else row.colour,
            markeredgecolor=row.colour if row.hollow else "white",
            markeredgewidth=2.0 if row.hollow else 0.9,
        )
    )


def _draw_legend(
    fig: Figure, renderer, sections: list[list[LegendRow]], left: float, top: float, width: float, max_height: float
) -> float:
    """Draw the legend from ``top`` down, at the largest type that fits ``max_height``; returns its bottom."""
    columns = _legend_columns(sections, width)
    col_w = (width - GAP_IN * (len(columns) - 1)) / len(columns)
    size = next(
        (s for s in LEGEND_PT if max(_column_height(renderer, c, s, col_w) for c in columns) <= max_height),
        LEGEND_PT[-1],
    )
    bottom = top
    for k, rows in enumerate(columns):
        x0, y = left + k * (col_w + GAP_IN), top
        for i, row in enumerate(rows):
            if row.heading and i:
                y -= size * 0.6 / 72
            lines = _row_lines(renderer, row, size, col_w)
            line_h = size * 1.3 / 72
            if not row.heading:
                _draw_legend_symbol(fig, row, x0 + INDENT_IN / 2 - 0.04, y - line_h / 2)
            _fig_text(
                fig,
                x0 if row.heading else x0 + INDENT_IN,
                y,
                "\n".join(lines),
                _font(size, row.heading),
                va="top",
                ha="left",
                linespacing=1.15,
                gid="legend",
            )
            y -= len(lines) * line_h + size * 0.3 / 72
        bottom = min(bottom, y)
    return bottom


# ----------------------------------------------------------------------------- page layout


@dataclass(frozen=True)
class Layout:
    """Where the parts of the page go, in inches from the bottom left."""

    width: float
    height: float
    title_lines: tuple[str, ...]
    title_pt: float
    subtitle_y: float
    footer_lines: tuple[str, ...]
    map_box: Box
    legend_left: float
    legend_width: float


def _title_fit(renderer, title: str, width_in: float) -> tuple[tuple[str, ...], float]:
    """The title's lines and size: one line as large as fits, else two at the smallest size."""
    for size in TITLE_PT:
        if _text_width_in(renderer, title, _font(size, True)) <= width_in:
            return (title,), size
    lines = _wrap(renderer, title, _font(TITLE_PT[-1], True), width_in)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), len(lines[1]))]
    return tuple(lines), TITLE_PT[-1]


def _layout(renderer, title: str, footer: list[str], bounds: Bounds) -> Layout:
    """Title band on top, footer at the bottom, the map as large as fits, the legend beside it."""
    width, height = A4_LANDSCAPE_IN
    inner = width - 2 * MARGIN_IN
    title_lines, title_pt = _title_fit(renderer, title, inner)
    subtitle_y = height - MARGIN_IN - len(title_lines) * title_pt * 1.2 / 72 - 0.12
    map_top = subtitle_y - SUBTITLE_PT * 1.3 / 72 - 0.22
    footer_lines = tuple(line for text in footer for line in _wrap(renderer, text, _font(FOOTER_PT), inner))
    map_bottom = 0.32 + len(footer_lines) * FOOTER_PT * 1.35 / 72 + 0.18
    avail_w, avail_h = inner - LEGEND_MIN_IN - GAP_IN, map_top - map_bottom
    # The map takes all the room left of the legend; its frame is widened to that shape
    # (fit_bounds), never cropped, so the page is filled whatever the view's shape.
    box_w, box_h = avail_w, avail_h
    legend_left = MARGIN_IN + box_w + GAP_IN
    return Layout(
        width,
        height,
        title_lines,
        title_pt,
        subtitle_y,
        footer_lines,
        (MARGIN_IN, map_top - box_h, box_w, box_h),
        legend_left,
        width - MARGIN_IN - legend_left,
    )


def _subtitle(view_sites: gpd.GeoDataFrame, programs: pd.DataFrame, n_links: int, lang: str) -> str:
    """The line under the title: as-of date and what the map counts."""
    parts = []
    as_of = newest_as_of(view_sites, programs)
    if as_of:
        parts.append(f"{t('as_of', lang)} {as_of}")
    parts.append(t("export_counts", lang).format(sites=len(view_sites), links=n_links))
    return " · ".join(parts)


def _sido_names(sido: gpd.GeoDataFrame, cat: Catalogue, lang: str) -> list[str]:
    """Each 시도's name in ``lang`` (from the catalogue's regions), else its boundary name."""
    names = dict(zip(cat.regions["id"], cat.regions[name_column(lang)]))
    regions = sido["region"] if "region" in sido else pd.Series("", index=sido.index)
    return [names.get(r, "") or n for r, n in zip(regions, sido["name_ko"])]


def _draw_panel(
    fig: Figure,
    renderer,
    panel: Panel,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    sites: pd.DataFrame,
    links: pd.DataFrame,
    named: pd.DataFrame,
    highlight: frozenset[str],
    placed: list[Bbox],
    names: tuple,
    north: bool,
    only: np.ndarray | None = None,
    avoid: list[Box] = (),
) -> None:
    """One map frame: boundaries, area names, links, markers, scale bar, north arrow and site names.

    ``sites`` holds every site at its drawn position (links may run out of the frame to
    them); ``only`` marks those whose markers this frame draws.
    """
    drawn = sites if only is None else sites[only]
    _draw_base(panel, sido, sigungu)
    furniture = [_draw_scale_bar(fig, panel, drawn, FOOTER_PT + (1 if north else 0))]
    if north:
        furniture.append(_draw_north_arrow(fig, panel, drawn))
    frame, labels, size = names
    area_names = _draw_area_names(panel, renderer, frame, labels, size, drawn, [*furniture, *avoid])
    # Links that leave an inset are context, not its subject: drawn fainter.
    inside = set(drawn["id"])
    local = links["from_id"].isin(inside) & links["to_id"].isin(inside)
    positions = dict(zip(sites["id"], zip(sites["lon"], sites["lat"])))
    _draw_links(panel.ax, links[local], positions, highlight)
    _draw_links(panel.ax, links[~local], positions, highlight, alpha=0.35)
    _draw_sites(panel.ax, drawn, highlight)
    panel.ax.apply_aspect()
    dpi = renderer.dpi
    placed.extend(Bbox.from_bounds(*(v * dpi for v in box)) for box in furniture)
    _label_sites(panel, renderer, drawn, named, placed, [a.get_window_extent(renderer) for a in area_names])


def _sigungu_names(sigungu: gpd.GeoDataFrame, lang: str) -> tuple:
    """The 시군구 to name in an inset, in ``lang``; none in English unless the frame has English names."""
    column = name_column(lang)
    if column not in sigungu:
        return sigungu.iloc[:0], [], SIGUNGU_PT
    return sigungu, list(sigungu[column]), SIGUNGU_PT


def _inset_place(sido: gpd.GeoDataFrame, cat: Catalogue, bounds: Bounds, lang: str) -> str:
    """The name of the 시도 at the centre of ``bounds`` (for the inset's heading)."""
    centre = shapely.Point((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    names = dict(zip(cat.regions["id"], cat.regions[name_column(lang)]))
    if not len(sido):
        return ""
    # Planar distance in degrees is enough to tell which 시도 is nearest (and GeoSeries.distance
    # would warn about the geographic CRS).
    row = sido.iloc[int(np.argmin(shapely.distance(sido.geometry.values, centre)))]
    return names.get(row.get("region", ""), "") or row["name_ko"]


def _inset_box(layout: Layout, legend_bottom: float, wanted: Bounds) -> Box | None:
    """The room under the legend for an inset of ``wanted`` (kept to its ratio), or None when too small."""
    heading = SUBTITLE_PT * 1.4 / 72 + 0.08
    top = legend_bottom - 0.3 - heading
    bottom = layout.map_box[1]
    if top - bottom < INSET_MIN_IN:
        return None
    # The inset's height sets its scale; it takes the column's full width, so a wide column
    # shows more of the surroundings rather than blank paper.
    ratio = (wanted[3] - wanted[1]) * geo_aspect(wanted) / (wanted[2] - wanted[0])
    height = min(top - bottom, layout.legend_width * ratio)
    return layout.legend_left, top - height, layout.legend_width, height


def _group_bounds(sites: pd.DataFrame, rows: list[int], pad: float) -> Bounds:
    """The box around some sites, widened by ``pad`` degrees (at least 10 % of its size)."""
    lon, lat = sites["lon"].iloc[rows], sites["lat"].iloc[rows]
    pad_x = max(pad, 0.3 * (lon.max() - lon.min()))
    pad_y = max(pad, 0.3 * (lat.max() - lat.min()))
    return lon.min() - pad_x, lat.min() - pad_y, lon.max() + pad_x, lat.max() + pad_y


def _inset_panel(fig: Figure, layout: Layout, legend_bottom: float, main: Panel, around: Bounds) -> Panel | None:
    """An inset of ``around`` under the legend, or None when there is no room or it would barely enlarge."""
    box = _inset_box(layout, legend_bottom, around)
    if box is None:
        return None
    shown = fit_bounds(around, box[2], box[3])
    if main.deg_per_in / ((shown[3] - shown[1]) / box[3]) < INSET_MIN_ZOOM:
        return None
    return _panel(fig, box, around, "inset")


def _inset_worth(layout: Layout, main: Panel, around: Bounds) -> bool:
    """Whether an inset under a half-height legend would be tall enough and enlarge ``around`` enough."""
    height = layout.map_box[3] * 0.5 - 0.3 - SUBTITLE_PT * 1.4 / 72 - 0.08
    if height < INSET_MIN_IN:
        return False
    shown = fit_bounds(around, layout.legend_width, height)
    return main.deg_per_in / ((shown[3] - shown[1]) / height) >= INSET_MIN_ZOOM


def _outline_box(panel: Panel, bounds: Bounds) -> Box:
    """Where ``bounds`` lie on the page inside ``panel``, in inches, with a little margin."""
    (x0, x1), (y0, y1) = panel.inches(np.array(bounds[::2]), np.array(bounds[1::2]))
    return x0 - 0.05, y0 - 0.05, x1 - x0 + 0.1, y1 - y0 + 0.1


def _frame_inset(fig: Figure, main: Panel, inset: Panel, heading: str) -> None:
    """Tie the inset to the map: the same dashed outline on both, and the inset's heading."""
    x0, y0, x1, y1 = inset.bounds
    main.ax.add_patch(
        Rectangle(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            fill=False,
            edgecolor=INK,
            linewidth=1.1,
            linestyle=(0, (4, 2)),
            zorder=6,
            gid="inset-box",
        )
    )
    for spine in inset.ax.spines.values():
        spine.set_edgecolor(INK)
        spine.set_linestyle((0, (4, 2)))
    _fig_text(
        fig,
        inset.box[0],
        inset.box[1] + inset.box[3] + 0.08,
        heading,
        _font(SUBTITLE_PT - 1, True),
        va="bottom",
        ha="left",
        gid="inset-title",
    )


# ----------------------------------------------------------------------------- the planner's layer


def _draw_planner_layer(ax: Axes, layer: dict) -> None:
    """The planner's layer as the map shows it: its points when few, else a pie per 시군구 sized by count.

    ``layer`` is ``geo.overlay.export_layer``'s dict. Points are rasterised (a vector PDF of
    thousands of dots is heavy and draws no better).
    """
    colours = layer["colours"]
    if layer["points"] is not None:
        lon, lat, codes = layer["points"]
        ax.scatter(
            lon,
            lat,
            s=9,
            c=[colours[c] for c in codes],
            edgecolors="white",
            linewidths=0.3,
            zorder=2.2,
            rasterized=True,
            gid="planner-layer",
        )
        return
    top = max((row[2] for row in layer["areas"]), default=1)
    for lon, lat, count, by_category in layer["areas"]:
        size = (7 + 13 * math.sqrt(count / top)) ** 2
        start = 0.0
        for colour, part in zip(colours, by_category):
            if not part:
                continue
            end = start + part / count
            angles = np.linspace(2 * np.pi * start, 2 * np.pi * end, max(3, int(40 * (end - start))))
            wedge = [(0, 0), *zip(np.cos(angles), np.sin(angles)), (0, 0)]
            ax.scatter([lon], [lat], s=size, marker=wedge, c=colour, linewidths=0, zorder=2.2, gid="planner-layer")
            start = end
        ax.scatter([lon], [lat], s=size, facecolors="none", edgecolors="white", linewidths=0.8, zorder=2.25)


def planner_legend(layer: dict) -> list[LegendRow]:
    """The layer's legend section: its name and count, then a row per category (or its one colour)."""
    rows = [LegendRow(layer["title"], heading=True)]
    rows += [LegendRow(label, marker="o", colour=colour) for colour, label in zip(layer["colours"], layer["labels"])]
    if layer["note"]:
        rows.append(LegendRow(layer["note"], marker="o", colour="#9a9a9a", hollow=True))
    return rows


# ----------------------------------------------------------------------------- public API


def build_figure(
    view_sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    cat: Catalogue,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    *,
    lang: str = "ko",
    title: str,
    bounds: Bounds | None = None,
    highlight: Iterable[str] = frozenset(),
    programs: pd.DataFrame | None = None,
    planner_layer: dict | None = None,
) -> Figure:
    """The briefing map as an A4 landscape matplotlib Figure on an Agg canvas.

    Parameters
    ----------
    view_sites : geopandas.GeoDataFrame
        The sites shown (EPSG:4326), e.g. ``View.sites``.
    links : pandas.DataFrame
        Value-chain links; only those with both ends among ``view_sites`` are drawn.
    cat : Catalogue
        For sector colours, stage names and region names.
    sido, sigungu : geopandas.GeoDataFrame
        Boundaries drawn as the basemap (``geo.boundaries.display_boundaries``).
    lang : {"ko", "en"}
        Language of every fixed text and of site, sector and stage names.
    title : str
        The title printed at the top.
    bounds : tuple of float, optional
        (lon_min, lat_min, lon_max, lat_max) to show; default the belt and every site shown.
        The frame is widened to the page's shape, never cropped.
    highlight : iterable of str
        Ids of sites to ring and label with their name.
    programs : pandas.DataFrame, optional
        The programmes shown with the map (``View.programs``), for the as-of date; default
        the catalogue's programmes that fund a shown site.
    planner_layer : dict, optional
        The planner's uploaded layer (``geo.overlay.export_layer``), drawn under the sites and
        added to the legend.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if view_sites.crs is not None and view_sites.crs.to_epsg() != 4326:
        raise ValueError(f"view_sites must be in EPSG:4326, got {view_sites.crs}")
    highlight = frozenset(str(h) for h in highlight)
    if programs is None:
        programs = programs_of_sites(cat.programs, view_sites["id"])
    sites = _site_frame(view_sites, cat, lang)
    links = shown_links(links, sites["id"])
    estimated = int(sites["estimated"].sum())

    fig = Figure(figsize=A4_LANDSCAPE_IN, dpi=100, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()
    wanted = map_extent(view_sites, bounds)
    footer = footer_paragraphs(footer_citations(view_sites, cat), estimated, lang)
    layout = _layout(renderer, title, footer, wanted)
    main = _panel(fig, layout.map_box, wanted, "map")
    sep = MARKER_SEP_IN * main.deg_per_in

    # Legend first: the room it leaves decides whether a crowded place gets an inset.
    crowded = crowded_group(sites["lon"], sites["lat"], INSET_REACH * sep, main.aspect, INSET_MIN_SITES)
    if crowded and not _inset_worth(layout, main, _group_bounds(sites, crowded, sep)):
        crowded = []  # the legend may then take the whole column, at a larger type
    sections = legend_sections(sites, cat, lang, with_links=len(links) > 0, with_highlight=bool(highlight))
    if planner_layer is not None:
        sections.append(planner_legend(planner_layer))
        _draw_planner_layer(main.ax, planner_layer)
    legend_bottom = _draw_legend(
        fig,
        renderer,
        sections,
        layout.legend_left,
        layout.map_box[1] + layout.map_box[3],
        layout.legend_width,
        layout.map_box[3] * (0.5 if crowded else 1.0),
    )
    inset = _inset_panel(fig, layout, legend_bottom, main, _group_bounds(sites, crowded, sep)) if crowded else None
    in_inset = inset.contains(sites["lon"], sites["lat"]) if inset else np.zeros(len(sites), bool)
    placed: list[Bbox] = []

    # Main map: sites in the inset stay at their true place (the inset shows them apart), and
    # links with both ends in it are left to the inset.
    lon, lat = spread_positions(sites["lon"], sites["lat"], sep, main.aspect)
    on_main = sites.assign(lon=np.where(in_inset, sites["lon"], lon), lat=np.where(in_inset, sites["lat"], lat))
    inside = set(sites["id"][in_inset])
    _draw_panel(
        fig,
        renderer,
        main,
        sido,
        sigungu,
        on_main,
        links[~(links["from_id"].isin(inside) & links["to_id"].isin(inside))],
        named_sites(on_main[~in_inset], links, highlight),
        highlight,
        placed,
        names=(sido, _sido_names(sido, cat, lang), REGION_PT),
        north=True,
        avoid=[_outline_box(main, inset.bounds)] if inset else [],
    )
    if inset is not None:
        lon, lat = spread_positions(sites["lon"], sites["lat"], MARKER_SEP_IN * inset.deg_per_in, inset.aspect)
        on_inset = sites.assign(
            lon=np.where(in_inset, lon, on_main["lon"]), lat=np.where(in_inset, lat, on_main["lat"])
        )
        _draw_panel(
            fig,
            renderer,
            inset,
            sido,
            sigungu,
            on_inset,
            links[links["from_id"].isin(inside) | links["to_id"].isin(inside)],
            named_sites(on_inset[in_inset], links, highlight),
            highlight,
            placed,
            names=_sigungu_names(sigungu, lang),
            north=False,
            only=in_inset,
        )
        _frame_inset(
            fig, main, inset, t("export_inset", lang).format(place=_inset_place(sido, cat, inset.bounds, lang))
        )

    top = layout.height - MARGIN_IN
    _fig_text(
        fig,
        MARGIN_IN,
        top,
        "\n".join(layout.title_lines),
        _font(layout.title_pt, True),
        va="top",
        ha="left",
        linespacing=1.1,
        gid="title",
    )
    _fig_text(
        fig,
        MARGIN_IN,
        layout.subtitle_y,
        _subtitle(view_sites, programs, len(links), lang),
        _font(SUBTITLE_PT),
        va="top",
        ha="left",
        color=MUTED,
        gid="subtitle",
    )
    _fig_text(
        fig,
        MARGIN_IN,
        0.32,
        "\n".join(layout.footer_lines),
        _font(FOOTER_PT),
        va="bottom",
        ha="left",
        color=MUTED,
        linespacing=1.35,
        gid="footer",
    )
    return fig


def figure_texts(fig: Figure) -> list[str]:
    """Every non-empty text drawn on ``fig`` (title, legend, labels, footer), in drawing order."""
    return [a.get_text() for a in fig.findobj(Text) if a.get_text() and a.get_visible() and a.get_gid() != "halo"]


def _save(fig: Figure, fmt: str, **kwargs) -> bytes:
    """``fig`` saved to bytes with text kept as text (TrueType) and no TeX."""
    buffer = io.BytesIO()
    with _SAVE_LOCK, matplotlib.rc_context(_SAVE_RC):
        fig.savefig(buffer, format=fmt, facecolor="white", **kwargs)
    return buffer.getvalue()


def export_png(
    view_sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    cat: Catalogue,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    *,
    lang: str = "ko",
    title: str,
    bounds: Bounds | None = None,
    width_px: int = 2400,
    highlight: Iterable[str] = frozenset(),
    programs: pd.DataFrame | None = None,
    planner_layer: dict | None = None,
) -> bytes:
    """The briefing map as a PNG ``width_px`` wide, in the A4 landscape proportions.

    Parameters are those of `build_figure`, plus ``width_px`` (at least 2000, so that the
    map stays sharp when pasted into a report and printed).

    Returns
    -------
    bytes
        The PNG file.
    """
    if int(width_px) < MIN_WIDTH_PX:
        raise ValueError(f"width_px must be at least {MIN_WIDTH_PX} for print, got {width_px}")
    fig = build_figure(
        view_sites,
        links,
        cat,
        sido,
        sigungu,
        lang=lang,
        title=title,
        bounds=bounds,
        highlight=highlight,
        programs=programs,
        planner_layer=planner_layer,
    )
    # Agg truncates width × dpi to whole pixels; a quarter pixel more lands exactly on width_px.
    dpi = (int(width_px) + 0.25) / fig.get_figwidth()
    return _save(fig, "png", dpi=dpi, metadata={"Title": title, "Software": "honam-ax-belt"})


def export_pdf(
    view_sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    cat: Catalogue,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    *,
    lang: str = "ko",
    title: str,
    bounds: Bounds | None = None,
    width_px: int = 2400,
    highlight: Iterable[str] = frozenset(),
    programs: pd.DataFrame | None = None,
    planner_layer: dict | None = None,
) -> bytes:
    """The briefing map as a one-page A4 landscape PDF, vector, with NanumGothic embedded.

    Text is written as TrueType (Type 42) with a Unicode map, so it can be searched and
    copied. ``width_px`` is accepted so both exports take the same arguments; the PDF is
    vector and its page is A4.

    Returns
    -------
    bytes
        The PDF file.
    """
    fig = build_figure(
        view_sites,
        links,
        cat,
        sido,
        sigungu,
        lang=lang,
        title=title,
        bounds=bounds,
        highlight=highlight,
        programs=programs,
        planner_layer=planner_layer,
    )
    return _save(fig, "pdf", metadata={"Title": title, "Creator": "honam-ax-belt"})
