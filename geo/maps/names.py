"""Site names on the map: which sites are named at each zoom level, placed so that none collides.

The placement itself is ``geo.labels`` (shared with the slide and the exports); this module
picks the names per zoom level, turns them into Leaflet labels classed by level, and writes
the CSS that shows one level's names at a time (the map's `ZoomLevel` script marks the level).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.i18n import display_names, short_name
from geo.labels import CENTRED, Box, Placed, label_priority, marker_box, place_labels, text_size, view_frame, world_px
from geo.maps.flows import DETAIL_ZOOM, FLOW_TEXT_PX
from geo.maps.markers import HIGHLIGHT_PX, MARKER_PX, SPREAD_ZOOMS, fan_offsets, spread_points

# Zoom levels with their own set of names (the map snaps to half levels). A small script
# marks the map with the level shown, and CSS shows that level's names.
NAME_LEVELS = (7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0)
# How many sites are named at most at each level: the main hubs at belt zoom, more as one zooms in.
NAMES_AT = {7.5: 6, 8.0: 10, 8.5: 14, 9.0: 20, 9.5: 28, 10.0: 40}
NAME_PX = 13
# At most this many names a level sit apart from their marker on a leader line (the most important
# first); a name with no spot nearer its own marker than any other is otherwise left out.
LEADERS = 4
# A name wider than this many ems is set on two lines.
NAME_WRAP_EM = 12


def level_class(zoom: float) -> str:
    """The CSS class of a zoom level's names: ``z85`` for 8.5."""
    return f"z{round(zoom * 10)}"


def name_text(name: str, font_px: int = NAME_PX) -> str:
    """A site's name as the map shows it: bracketed details dropped, two lines when long."""
    short = short_name(name)
    if text_size(short, font_px)[0] <= NAME_WRAP_EM * font_px or " " not in short:
        return short
    words = short.split(" ")
    # Break at the space that leaves the two lines closest in length.
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def marker_points(
    sites: gpd.GeoDataFrame, zoom: float, highlight: Iterable[str] = (), offsets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each site's marker as drawn at ``zoom``: id, world pixel x, y, half-size, and dx, dy from its point.

    The position includes its fan offset and the spread that keeps markers off each other's
    centre at that zoom (`geo.maps.markers.spread_points`).
    """
    offsets = fan_offsets(sites) if offsets is None else offsets
    big = set(highlight)
    scale = 256 * 2**zoom
    lat = np.radians(sites.geometry.y.to_numpy())
    px = (sites.geometry.x.to_numpy() + 180) / 360 * scale
    py = (0.5 - np.log((1 + np.sin(lat)) / (1 - np.sin(lat))) / (4 * math.pi)) * scale
    radius = np.array([(HIGHLIGHT_PX if i in big else MARKER_PX) / 2 for i in sites["id"]])
    x, y = spread_points(px + offsets["dx"].to_numpy(), py + offsets["dy"].to_numpy(), radius)
    return pd.DataFrame({"id": sites["id"].to_numpy(), "x": x, "y": y, "radius": radius, "dx": x - px, "dy": y - py})


def marker_spread(sites: gpd.GeoDataFrame, highlight: Iterable[str] = ()) -> dict[str, dict[float, tuple[int, int]]]:
    """Site id → zoom step → the marker's pixel offset from its point there, where it is not (0, 0)."""
    offsets, out = fan_offsets(sites), {}
    for zoom in SPREAD_ZOOMS:
        for p in marker_points(sites, zoom, highlight, offsets).itertuples():
            dx, dy = round(p.dx), round(p.dy)
            if dx or dy:
                out.setdefault(p.id, {})[zoom] = (dx, dy)
    return out


def plan_names(
    sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    lang: str,
    highlight: Iterable[str] = (),
    levels: Mapping[float, Box | None] | None = None,
    avoid: Mapping[float, list[Box]] | None = None,
    font_px: int = NAME_PX,
    first: Iterable[tuple[str, str, tuple[float, float]]] = (),
) -> tuple[dict[str, str], dict[float, list[Placed]]]:
    """Which sites are named at each zoom level, and where (world pixels), with no two names colliding.

    Parameters
    ----------
    sites, links : the sites drawn and their links (links rank the sites, see `label_priority`).
    lang : the names' language.
    highlight : sites named first, whatever their rank (a step's highlights, the selected site).
    levels : zoom level → frame (world pixels) every name must lie inside, or None for no frame.
        Default: every level of ``NAME_LEVELS``, unframed (the reader pans).
    avoid : zoom level → boxes no name may cover besides the markers (map controls).
    font_px : the names' type size.
    first : ``(id, text, (lat, lon))`` labels placed before any name at the levels below
        ``DETAIL_ZOOM`` (the region flows' counts, `flow_count_labels`).

    Returns
    -------
    (texts, placed)
        Label id → the text shown; zoom level → the labels placed at that level.
    """
    highlight, first = tuple(highlight), list(first)
    levels = dict.fromkeys(NAME_LEVELS) if levels is None else dict(levels)
    texts = {i: name_text(name, font_px) for i, name in zip(sites["id"], display_names(sites, lang))}
    sizes = {i: text_size(text, font_px) for i, text in texts.items()}
    texts |= {i: text for i, text, _ in first}
    sizes |= {i: text_size(text, FLOW_TEXT_PX) for i, text, _ in first}
    order = label_priority(sites, links, highlight)
    offsets = fan_offsets(sites)
    placed = {}
    for zoom, frame in levels.items():
        points = marker_points(sites, zoom, highlight, offsets).set_index("id")
        obstacles = [marker_box(p.x, p.y, p.radius) for p in points.itertuples()]
        obstacles += (avoid or {}).get(zoom, [])
        counts = (
            place_labels(
                [(i, *world_px(*where, zoom), 3) for i, _, where in first], sizes, obstacles, frame, sides=CENTRED
            )
            if zoom < DETAIL_ZOOM
            else []
        )
        limit = max(NAMES_AT.get(zoom, len(order)) if zoom <= max(NAMES_AT) else len(order), len(highlight))
        anchors = [(i, points.at[i, "x"], points.at[i, "y"], points.at[i, "radius"]) for i in order[:limit]]
        # Every marker's centre: a name goes only where it is nearer its own marker than any other,
        # or further out with a leader line (geo.labels.place_labels).
        centres = {p.Index: (p.x, p.y) for p in points.itertuples()}
        placed[zoom] = counts + place_labels(
            anchors, sizes, [*obstacles, *(c.box for c in counts)], frame, centres=centres, leaders=LEADERS
        )
    return texts, placed


def name_markers(
    where,
    texts: Mapping[str, str],
    placed: Mapping[float, list[Placed]],
    font_px: int = NAME_PX,
    kind: str = "site-name",
) -> dict[str, list[folium.Marker]]:
    """Placed labels as Leaflet markers (not clickable, no tab stop), one per label, point and side, classed by level.

    ``where`` gives the (lat, lon) a placed label was put beside (or None: left to another
    call). A label sits at that point with a pixel offset, so it keeps its place beside the
    marker at every zoom; CSS shows it only at the levels it was placed for.
    """
    # One label per place relative to the point: a marker spread apart at one zoom
    # (`marker_points`) has its name at another offset there than at the next.
    by_spot: dict[tuple, list[float]] = {}
    boxes: dict[tuple, tuple[float, Box]] = {}
    for zoom, here in placed.items():
        for p in here:
            point = where(p)
            if point is not None:
                px, py = world_px(*point, zoom)
                tie = (round(p.leader[0] - px), round(p.leader[1] - py), p.leader[2]) if p.leader else None
                spot = (p.id, point, p.side, round(p.box[0] - px), round(p.box[1] - py), tie)
                by_spot.setdefault(spot, []).append(zoom)
                boxes.setdefault(spot, (zoom, p.box))
    out: dict[str, list[folium.Marker]] = {}
    for spot, zooms in by_spot.items():
        label_id, point, side = spot[:3]
        zoom, (x0, y0, x1, y1) = boxes[spot]
        px, py = world_px(*point, zoom)
        lines = "<br>".join(html.escape(line) for line in texts[label_id].split("\n"))
        classes = " ".join(level_class(z) for z in zooms)
        tie = spot[5]
        line = leader_svg((px + tie[0] - x0, py + tie[1] - y0), tie[2], (x1 - x0, y1 - y0)) if tie else ""
        icon = folium.DivIcon(
            html=f'<span style="font-size:{font_px}px" data-name-of="{html.escape(label_id)}">{lines}</span>{line}',
            icon_size=(round(x1 - x0), round(y1 - y0)),
            icon_anchor=(round(px - x0), round(py - y0)),
            class_name=f"site-name {kind} name-{side} {classes}",
        )
        out.setdefault(label_id, []).append(folium.Marker(point, icon=icon, interactive=False, keyboard=False))
    return out


def leader_svg(centre: tuple[float, float], radius: float, size: tuple[float, float]) -> str:
    """A thin line from a marker's edge to its name's box, in the name's own pixels (box at 0, 0).

    >>> leader_svg((-30.0, 5.0), 9, (40, 16)).split("<line ")[1]
    'x1="-21.0" y1="5.0" x2="0.0" y2="5.0"/></svg>'
    """
    cx, cy = centre
    ex, ey = min(max(cx, 0.0), size[0]), min(max(cy, 0.0), size[1])  # the box's point nearest the marker
    length = math.hypot(ex - cx, ey - cy) or 1.0
    sx, sy = cx + (ex - cx) * radius / length, cy + (ey - cy) * radius / length
    return (
        f'<svg class="name-leader" width="1" height="1" aria-hidden="true">'
        f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}"/></svg>'
    )


def level_css() -> str:
    """CSS that shows each level's names only at that level (see `ZoomLevel`)."""
    return "".join(f".belt-{level_class(z)} .site-name.{level_class(z)}{{display:block}}" for z in NAME_LEVELS)


def framed_level(
    center: tuple[float, float], zoom: float, size_px: tuple[int, int], controls: Iterable[Box] = (), margin: int = 8
) -> tuple[dict, dict]:
    """Name levels and obstacles for a map whose view is known (a presenter step): names stay inside it.

    ``controls`` are boxes in the map's own pixels (origin top left) that names must not
    cover: zoom buttons, the choropleth switch, the scale. Returns ``(name_levels, avoid)``
    for `dynamic_layers`.
    """
    x0, y0, x1, y1 = view_frame(center, zoom, size_px)
    frame = (x0 + margin, y0 + margin, x1 - margin, y1 - margin)
    return {zoom: frame}, {zoom: [(x0 + a, y0 + b, x0 + c, y0 + d) for a, b, c, d in controls]}


# The map page's controls, in a centred frame of its narrowest width (560 px): the zoom buttons and
# the colouring switch at the top left, the layers button at the top right, the scale at the bottom left.
PAGE_CONTROLS = ((0, 0, 160, 140), (500, 0, 560, 56), (0, 520, 110, 550))


def selected_site_levels(
    center: tuple[float, float], zoom: float, size_px: tuple[int, int], controls: Iterable[Box] = PAGE_CONTROLS
) -> tuple[dict, dict]:
    """Name levels for the map page with a site selected: the level it opens at is framed by the view,
    so no name is cut at the map's edge; the others stay unframed for a reader who zooms and pans.
    """
    framed, avoid = framed_level(center, zoom, size_px, controls)
    return {**dict.fromkeys(NAME_LEVELS), **framed}, avoid
