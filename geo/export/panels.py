"""A map frame's content: boundaries, links, markers, the planner's layer, then the names and furniture."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from geo.catalogue import Catalogue, by_id
from geo.export.frame import Panel
from geo.export.furniture import draw_north_arrow, draw_scale_bar
from geo.export.names import draw_area_names, label_sites
from geo.export.style import (
    ARROW_STYLE,
    DEFAULT_MARKER,
    FALLBACK_COLOUR,
    FOOTER_PT,
    INK,
    LAND,
    LINK_COLOUR,
    MARKER_PT,
    RING_PT,
    SIDO_EDGE,
    SIDO_MIN_HOLE_DEG2,
    SIGUNGU_EDGE,
    STAGE_MARKERS,
    Box,
    marker_size,
)
from geo.extent import overlaps
from geo.filters import links_between
from geo.i18n import display_names
from geo.vocabulary import HOLLOW_STATUSES


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


def _draw_polygons(
    panel: Panel, frame: gpd.GeoDataFrame, min_hole: float = 0.0, fills: list[str] | None = None, **style
) -> None:
    """The polygons of ``frame`` that reach into the panel, as one collection (one object in the PDF).

    ``fills`` gives each row of ``frame`` its own fill colour.
    """
    rows = [
        (path, fills[i] if fills is not None else None)
        for i, g in enumerate(frame.geometry)
        if g is not None and overlaps(g.bounds, panel.bounds) and (path := _polygon_path(g, min_hole)) is not None
    ]
    if fills is not None:
        style["facecolors"] = [fill for _, fill in rows]
    panel.ax.add_collection(PathCollection([path for path, _ in rows], **style), autolim=False)


def draw_base(panel: Panel, sido: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, districts: dict | None) -> None:
    """The boundaries as basemap: 시군구 lightly filled (or coloured by ``districts``), 시도 outlined in bold."""
    fills = [districts["colours"].get(code, LAND) for code in sigungu["code"]] if districts else None
    _draw_polygons(
        panel, sigungu, fills=fills, facecolors=LAND, edgecolors=SIGUNGU_EDGE, linewidths=0.4, zorder=1, gid="sigungu"
    )
    _draw_polygons(
        panel, sido, SIDO_MIN_HOLE_DEG2, facecolors="none", edgecolors=SIDO_EDGE, linewidths=1.4, zorder=2, gid="sido"
    )


def site_frame(view_sites: gpd.GeoDataFrame, cat: Catalogue, lang: str) -> pd.DataFrame:
    """One row per drawable site: id, name, sector, stage, colour, marker, hollow, lon, lat."""
    sites = view_sites[view_sites.geometry.notna() & ~view_sites.geometry.is_empty]
    colours = by_id(cat.sectors, "colour")
    main = sites["sectors"].map(lambda s: s[0] if len(s) else "")
    return pd.DataFrame(
        {
            "id": sites["id"].astype(str),
            "name": display_names(sites, lang).tolist(),
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
        markers = ax.scatter(
            group["lon"],
            group["lat"],
            s=marker_size(marker) ** 2,
            marker=marker,
            facecolors=face,
            edgecolors=edge,
            linewidths=2.0 if hollow else 0.9,
            zorder=5,
            gid=f"sites-{'hollow' if hollow else 'filled'}",
        )
        markers.site_ids = group["id"].tolist()  # which site each offset is, for checks of where it is drawn


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


def draw_panel(
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
    districts: dict | None = None,
) -> None:
    """One map frame: boundaries, area names, links, markers, scale bar, north arrow and site names.

    ``sites`` holds every site at its drawn position (links may run out of the frame to
    them); ``only`` marks those whose markers this frame draws. ``districts`` colours the 시군구
    (`geo.maps.choropleth.metric_colours`).
    """
    drawn = sites if only is None else sites[only]
    draw_base(panel, sido, sigungu, districts)
    furniture = [draw_scale_bar(fig, panel, drawn, FOOTER_PT + (1 if north else 0))]
    if north:
        furniture.append(draw_north_arrow(fig, panel, drawn))
    frame, labels, size = names
    area_names = draw_area_names(panel, renderer, frame, labels, size, drawn, [*furniture, *avoid])
    # Links that leave an inset are context, not its subject: drawn fainter.
    local = links_between(links, drawn["id"])
    positions = dict(zip(sites["id"], zip(sites["lon"], sites["lat"])))
    _draw_links(panel.ax, links[local], positions, highlight)
    _draw_links(panel.ax, links[~local], positions, highlight, alpha=0.35)
    _draw_sites(panel.ax, drawn, highlight)
    panel.ax.apply_aspect()
    dpi = renderer.dpi
    placed.extend(Bbox.from_bounds(*(v * dpi for v in box)) for box in furniture)
    label_sites(panel, renderer, drawn, named, placed, [a.get_window_extent(renderer) for a in area_names])


def draw_planner_layer(ax: Axes, layer: dict) -> None:
    """The planner's layer as the map shows it: its points when few, else a pie per 시군구 sized by count.

    ``layer`` is ``geo.planner.overlay.export_layer``'s dict. Points are rasterised (a vector PDF of
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
