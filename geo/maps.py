"""The belt map as folium objects, built from the catalogue by pure functions.

The map needs no tiles: the region's own 시도 and 시군구 boundaries are the basemap, and
Leaflet is loaded from the dashboard's own server (see ``geo.assets``), so it draws with no
internet. Every text that comes from data is HTML-escaped before it reaches Leaflet.

The map is split in two so that a filter change or a presenter step updates it in place:

- ``base_map``: boundaries, legend, the choropleth switch and optional basemaps. It depends
  only on the boundaries, the sector and stage tables and the language, so its script is
  the same from one rerun to the next and streamlit-folium keeps the map mounted;
- ``dynamic_layers``: the sector markers, the value-chain flows and the choropleth values,
  which streamlit-folium swaps in the live map (``feature_group_to_add``).

``belt_map`` puts both in one ``folium.Map`` for tests, benchmarks and standalone HTML.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement, Template
from folium.utilities import JsCode

from geo.assets import LEAFLET_CSS, LEAFLET_JS, STATIC_URL
from geo.catalogue import LINK_KINDS
from geo.detail import location_text
from geo.extent import BELT, MAP_FIT, corners
from geo.flows import flow_text, region_flows
from geo.i18n import name_column, names, short_name, t
from geo.labels import CENTRED, Box, Placed, label_priority, marker_box, place_labels, text_size, view_frame, world_px

BELT_CENTER = (35.35, 126.95)
BELT_ZOOM = 8
FONT_STACK = "'Malgun Gothic','Apple SD Gothic Neo','Noto Sans KR','NanumGothic',sans-serif"
LAND_FILL = "#f4f1ea"

# Marker shape by value-chain stage, as SVG paths in a 24×24 box. Shapes differ in outline,
# not only in colour, so the stage reads in greyscale print and for colour-blind viewers.
STAGE_SHAPES: dict[str, str] = {
    "energy": "M12 2 L22 21 L2 21 Z",  # triangle
    "compute": "M3 3 H21 V21 H3 Z",  # square
    "rnd": "M12 2 A10 10 0 1 1 11.99 2 Z",  # circle
    "testbed": "M12 1 L23 12 L12 23 L1 12 Z",  # diamond
    "application": "M12 1.5 L21.5 7 V17 L12 22.5 L2.5 17 V7 Z",  # hexagon
    "hub": "M12 1.5 L14.9 8.6 L22.5 9.2 L16.7 14.1 L18.5 21.5 L12 17.5 L5.5 21.5 L7.3 14.1 L1.5 9.2 L9.1 8.6 Z",  # star
}
HOLLOW_STATUSES = ("planned", "proposed")
# 24 px: the smallest pointer target WCAG 2.2 (2.5.8) allows without spacing.
MARKER_PX = 24
HIGHLIGHT_PX = 34
# Sites that share an estimated point (five sit at 첨단3지구) are fanned out on a small
# circle so that each can be seen and clicked; the tooltip still says the point is estimated.
FAN_RADIUS_PX = 15

# Link kinds: Paul Tol's "muted" scheme, distinct from the sector colours' saturated hues. Its three
# lightest (sand, cyan, teal) are darkened to 3:1 against the land colour (WCAG 1.4.11), same hues.
FLOW_COLOURS: dict[str, str] = {
    "energy": "#A8800A",
    "compute": "#332288",
    "data": "#3182BD",
    "talent": "#117733",
    "technology": "#AA4499",
    "supply": "#882255",
    "demonstration": "#2A8577",
}
# A dark edge round every marker: some sector colours (orange, sky blue, pink) are under 3:1 on the land.
MARKER_EDGE = "#1d2430"
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe. Its lightest class is a clear
# green, never the beige of the land (#f4f1ea) a district keeps when nothing is coloured.
CHORO_COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8")
# Districts at zero get their own white class "0", so "nothing here" never looks like "a little"
# (and never like the grey sea around the land).
CHORO_ZERO = "#ffffff"
# "uploaded": the planner's layer counted per 시군구 (its values come with the layer; see geo.overlay).
CHORO_METRICS = ("none", "sites", "sectors", "budget_confirmed", "budget_all", "uploaded")
# The belt's flows get their own pane above the planner's layer (410–420) and the district fills (400).
FLOW_PANE = "beltFlows"


class SwitchableLayer(folium.FeatureGroup):
    """A layer in the layer control whose id names it in the URL when the user switches it off.

    The id is a Leaflet option (``layerId``), so the page's script can tell which layers are
    off. (folium's own FeatureGroup hands its options to Leaflet where Leaflet expects layers.)
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup([], {layerId: {{ this.layer_id|tojson }}});
        {% endmacro %}
    """)

    def __init__(self, name: str, layer_id: str, show: bool = True):
        super().__init__(name=name, show=show)
        self.layer_id = layer_id


REDUCED_MOTION = "(prefers-reduced-motion: reduce)"


def offline_map(center: tuple[float, float] = BELT_CENTER, zoom: int = BELT_ZOOM) -> folium.Map:
    """An empty map with no tiles whose Leaflet comes from the dashboard's own server."""
    # A viewer who asked the system for reduced motion gets no zoom or fade animation (WCAG 2.3.3).
    animate = JsCode(f"!window.matchMedia({REDUCED_MOTION!r}).matches")
    m = folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        zoom_snap=0.5,
        min_zoom=6,
        max_zoom=15,
        zoom_animation=animate,
        fade_animation=animate,
        marker_zoom_animation=animate,
    )
    # Instance attributes shadow folium's CDN defaults (jQuery, Bootstrap, awesome-markers):
    # none of them is needed, and each would be a request leaving the server.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m


def flow_label(kind: str, lang: str) -> str:
    """The name of a link kind in ``lang``."""
    return t(f"flow_{kind}", lang)


def marker_svg(stage: str, colour: str, hollow: bool, size: int = MARKER_PX) -> str:
    """An SVG marker: shape by stage, fill by sector colour; hollow when not yet built."""
    path = STAGE_SHAPES.get(stage, STAGE_SHAPES["rnd"])
    fill, stroke, dash = ("#ffffff", colour, ' stroke-dasharray="3 2"') if hollow else (colour, "#ffffff", "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
        'overflow="visible" aria-hidden="true">'
        f'<path d="{path}" fill="{MARKER_EDGE}" stroke="{MARKER_EDGE}" stroke-width="4.2" stroke-linejoin="round"/>'
        f'<path d="{path}" fill="{fill}" stroke="{stroke}" stroke-width="2.2"{dash}/></svg>'
    )


def fan_offsets(sites: gpd.GeoDataFrame, radius: int = FAN_RADIUS_PX) -> pd.DataFrame:
    """Pixel offsets that fan out markers sharing a point; (0, 0) for a site alone.

    Offsets are in screen pixels, so the fan stays readable at every zoom while each marker
    keeps its true coordinates (flows, clicks and exports use the real point).
    """
    out = pd.DataFrame({"dx": 0, "dy": 0}, index=sites.index)
    key = [sites.geometry.y.round(4), sites.geometry.x.round(4)]
    for _, group in sites.groupby(key):
        if len(group) < 2:
            continue
        for k, index in enumerate(sorted(group.index, key=lambda i: sites.at[i, "id"])):
            angle = 2 * math.pi * k / len(group) - math.pi / 2
            out.loc[index, ["dx", "dy"]] = round(radius * math.cos(angle)), round(radius * math.sin(angle))
    return out


def site_tooltip(site: pd.Series, sector_names: dict[str, str], lang: str) -> str:
    """The tooltip of a site: escaped name, sectors, and a note when the point is estimated."""
    name = html.escape(site[name_column(lang)] or site["name_ko"])
    sectors = html.escape(" · ".join(sector_names.get(s, s) for s in site["sectors"]))
    note = f"<br><i>{html.escape(location_text(site, lang))}</i>" if site["coord_precision"] == "estimated" else ""
    return f"<b>{name}</b><br>{sectors}{note}"


def boundary_layers(sido: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, lang: str) -> list[folium.GeoJson]:
    """The 시군구 (thin, filled: also the choropleth) and 시도 (bold outline) layers."""
    sgg = folium.GeoJson(
        sigungu[["code", "name_ko", "geometry"]].to_json(drop_id=True),
        name=t("layer_sigungu", lang),
        style_function=lambda _: {"color": "#7f858e", "weight": 0.8, "fillColor": LAND_FILL, "fillOpacity": 1},
        highlight_function=lambda _: {"weight": 2.5, "color": "#1d2430"},
        tooltip=folium.GeoJsonTooltip(fields=["name_ko"], labels=False),
        control=False,
    )
    outline = folium.GeoJson(
        sido[["code", "name_ko", "geometry"]].to_json(drop_id=True),
        name=t("layer_sido", lang),
        style_function=lambda _: {"color": "#3d4451", "weight": 2.6, "fill": False},
        interactive=False,
        control=False,
    )
    return [sgg, outline]


def sector_layers(
    sites: gpd.GeoDataFrame,
    sectors: pd.DataFrame,
    lang: str,
    highlight: Iterable[str] = (),
    site_names: Mapping[str, list[folium.Marker]] | None = None,
) -> list[folium.FeatureGroup]:
    """One layer per sector with the markers of the sites whose main sector it is.

    A site's main sector is the first of its ``sectors``; its colour and layer follow it, and
    its tooltip lists all of them. Highlighted sites are drawn larger. A site's name labels
    (``site_names``, see `name_markers`) go in its sector's layer, so they hide with it.
    """
    site_names = site_names or {}
    colours = dict(zip(sectors["id"], sectors["colour"]))
    sector_names = names(sectors, lang)
    offsets = fan_offsets(sites)
    highlight = set(highlight)
    layers = []
    for sector_id in sectors["id"]:
        swatch = f'<span class="lg-swatch" style="background:{colours[sector_id]}"></span>'
        layer = SwitchableLayer(swatch + html.escape(sector_names[sector_id]), sector_id)
        members = sites[sites["sectors"].str[0] == sector_id]
        for index, site in members.iterrows():
            big = site["id"] in highlight
            dx, dy = int(offsets.at[index, "dx"]), int(offsets.at[index, "dy"])
            size = HIGHLIGHT_PX if big else MARKER_PX
            svg = marker_svg(site["stage"], colours[sector_id], site["status"] in HOLLOW_STATUSES, size)
            for label in site_names.get(site["id"], ()):
                label.add_to(layer)
            svg += marker_name(site, lang)
            folium.Marker(
                location=(site.geometry.y, site.geometry.x),
                icon=folium.DivIcon(
                    html=svg,
                    icon_size=(size, size),
                    icon_anchor=(size // 2 - dx, size // 2 - dy),
                    class_name=f"site-marker sector-{sector_id}" + (" highlighted" if big else ""),
                ),
                tooltip=folium.Tooltip(site_tooltip(site, sector_names, lang), sticky=False),
            ).add_to(layer)
        layers.append(layer)
    return layers


def marker_name(site: pd.Series, lang: str) -> str:
    """The marker's accessible name: the site's full name for screen readers, with its id for the keyboard script."""
    name = html.escape(site[name_column(lang)] or site["name_ko"])
    return f'<span class="sr-only" data-site="{html.escape(site["id"])}">{name}</span>'


def curve(start: tuple[float, float], end: tuple[float, float], bend: float = 0.18, steps: int = 16):
    """Points of a gentle arc from ``start`` to ``end`` (lat, lon): a quadratic Bézier.

    The control point sits off the chord's midpoint, to the left of the direction of travel,
    so two opposite links between the same sites do not overlap.
    """
    (y0, x0), (y1, x1) = start, end
    cy, cx = (y0 + y1) / 2 + (x1 - x0) * bend, (x0 + x1) / 2 - (y1 - y0) * bend
    s = np.linspace(0, 1, steps)
    lat = (1 - s) ** 2 * y0 + 2 * (1 - s) * s * cy + s**2 * y1
    lon = (1 - s) ** 2 * x0 + 2 * (1 - s) * s * cx + s**2 * x1
    return list(zip(lat.round(5), lon.round(5)))


def arrow_icon(points: list[tuple[float, float]], colour: str) -> tuple[tuple[float, float], folium.DivIcon]:
    """An arrowhead at about 60% of a curve, rotated along it, so direction is visible."""
    k = int(len(points) * 0.6)
    (y0, x0), (y1, x1) = points[k - 1], points[k]
    # Screen angle: y grows downwards, and a degree of longitude is shorter than one of latitude.
    angle = math.degrees(math.atan2(-(y1 - y0), (x1 - x0) * math.cos(math.radians(y0))))
    svg = (
        f'<svg width="14" height="14" viewBox="0 0 14 14" style="transform:rotate({angle:.0f}deg)">'
        f'<path d="M2 2 L12 7 L2 12 Z" fill="{colour}"/></svg>'
    )
    return points[k], folium.DivIcon(html=svg, icon_size=(14, 14), icon_anchor=(7, 7), class_name="flow-arrow")


def flow_layer_id(kind: str) -> str:
    """The id of the layer that draws links of ``kind`` in the URL (a sector's layer id is the sector's)."""
    return f"flow-{kind}"


# A derived link (the catalogue's inference, no source states it) is drawn dashed and lighter.
DERIVED_DASH = "6 6"
DERIVED_OPACITY = 0.45
SOURCED_OPACITY = 0.8
# Sites whose location error is over this (metres) show their error circle.
UNCERTAINTY_MIN_M = 1000
UNCERTAINTY_COLOUR = "#5a6270"


def is_derived(link: pd.Series) -> bool:
    """Whether a link is the catalogue's inference rather than stated by a source."""
    return str(link.get("evidence", "")) == "derived"


def flow_style(link: pd.Series) -> dict:
    """Line options of a link: width by strength; dashed and lighter when it is derived."""
    weight = 1.5 + 1.5 * (int(link["strength"]) if str(link["strength"]).isdigit() else 1)
    if is_derived(link):
        return {"weight": max(weight - 1, 1.5), "opacity": DERIVED_OPACITY, "dash_array": DERIVED_DASH}
    return {"weight": weight, "opacity": SOURCED_OPACITY}


def uncertainty_layer(sites: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Light dashed circles of the location error of sites whose error is over 1 km.

    They are not interactive (no tooltip, no click, no tab stop): they only show how far the
    real place may be from the pin. Not in the layer switcher; they follow the markers shown.
    """
    layer = folium.FeatureGroup(name="uncertainty", control=False, show=True)
    errors = pd.to_numeric(sites.get("coord_error_m", pd.Series(index=sites.index, dtype=float)), errors="coerce")
    for index, site in sites[errors > UNCERTAINTY_MIN_M].iterrows():
        circle = folium.Circle(
            location=(site.geometry.y, site.geometry.x),
            radius=float(errors[index]),
            color=UNCERTAINTY_COLOUR,
            weight=1,
            opacity=0.6,
            dash_array="4 4",
            fill=True,
            fill_color=UNCERTAINTY_COLOUR,
            fill_opacity=0.05,
        )
        circle.options.update({"interactive": False, "className": "site-uncertainty"})
        circle.add_to(layer)
    return layer


def flow_layers(
    links: pd.DataFrame, sites: gpd.GeoDataFrame, lang: str, zoomed_only: bool = False
) -> list[folium.FeatureGroup]:
    """One layer per link kind: curved lines from supplier to user, width by strength.

    Derived links are dashed and lighter, and their tooltip says so. ``zoomed_only`` draws
    them only from zoom 10 (the region flows stand for them at belt zoom).
    """
    zoomed = " flow-zoomed" if zoomed_only else ""
    where = dict(zip(sites["id"], zip(sites.geometry.y, sites.geometry.x)))
    names = dict(zip(sites["id"], sites[name_column(lang)]))
    layers = []
    for kind in LINK_KINDS:
        colour = FLOW_COLOURS[kind]
        swatch = f'<span class="lg-line" style="background:{colour}"></span>'
        label = f"↝ {flow_label(kind, lang)}"
        layer = SwitchableLayer(swatch + html.escape(label), flow_layer_id(kind))
        for _, link in links[links["kind"] == kind].iterrows():
            if link["from_id"] not in where or link["to_id"] not in where:
                continue
            points = curve(where[link["from_id"]], where[link["to_id"]])
            description = link.get("description_en" if lang == "en" else "description_ko", "")
            derived = is_derived(link)
            tip = (
                f"<b>{html.escape(names[link['from_id']])} → {html.escape(names[link['to_id']])}</b>"
                f"<br>{html.escape(flow_label(kind, lang))}"
                + (f" · <i>{html.escape(t('evidence_derived', lang))}</i>" if derived else "")
                + (f"<br>{html.escape(str(description))}" if description else "")
            )
            folium.PolyLine(
                points,
                color=colour,
                tooltip=tip,
                pane=FLOW_PANE,
                **flow_style(link),
                class_name=f"flow flow-{kind}" + (" flow-derived" if derived else "") + zoomed,
            ).add_to(layer)
            location, icon = arrow_icon(points, colour)
            icon.options["class_name"] += zoomed
            # Not a tab stop: the arrow only shows direction; the line's tooltip names the link.
            folium.Marker(location, icon=icon, interactive=False, keyboard=False).add_to(layer)
        layers.append(layer)
    return layers


# -- Region flows: the links between regions added up, drawn at belt zoom ----------------------------

# From this zoom the single links are drawn instead of the region flows.
DETAIL_ZOOM = 10
REGION_FLOW_COLOUR = "#3d4451"
FLOW_TEXT_PX = 14


def region_flow_width(count: int) -> float:
    """Line width of a region flow: thicker with more links, never thinner than a single link."""
    return min(4 + 1.2 * count, 18)


def region_flow_curves(links: pd.DataFrame, sites: gpd.GeoDataFrame, region_names: Mapping[str, str]):
    """Each region flow as ``(text, count, points)``: its label ("광주→전남 11"), how many links, its arc."""
    out = []
    for _, flow in region_flows(links, sites).iterrows():
        start, end = (flow["from_lat"], flow["from_lon"]), (flow["to_lat"], flow["to_lon"])
        text = flow_text(
            region_names.get(flow["from_region"], flow["from_region"]),
            region_names.get(flow["to_region"], flow["to_region"]),
            int(flow["links"]),
        )
        out.append((text, int(flow["links"]), curve(start, end, bend=0.3)))
    return out


def region_flow_layer(curves: list, lang: str, counts: Mapping[str, list[folium.Marker]] = ()) -> folium.FeatureGroup:
    """The region flows as thick dark arcs with an arrowhead and their count, shown below zoom 10.

    ``counts`` are the count labels, placed per zoom level with the site names (`plan_names`).
    """
    layer = folium.FeatureGroup(name=t("flows_belt_layer", lang), control=False)
    for text, count, points in curves:
        folium.PolyLine(
            points,
            color=REGION_FLOW_COLOUR,
            weight=region_flow_width(count),
            opacity=0.5,
            class_name="flow-agg",
            tooltip=html.escape(text),
        ).add_to(layer)
        location, icon = arrow_icon(points, REGION_FLOW_COLOUR)
        icon.options["class_name"] += " flow-agg"
        folium.Marker(location, icon=icon, interactive=False, keyboard=False).add_to(layer)
    for markers in dict(counts).values():
        for marker in markers:
            marker.add_to(layer)
    return layer


# Where along its arc a flow's count is tried, in order: the middle first.
COUNT_SPOTS = (0.5, 0.375, 0.625, 0.25, 0.75)


def flow_count_labels(curves: list) -> list[tuple[str, str, tuple[float, float]]]:
    """Each region flow's count label as ``(id, text, (lat, lon))`` at points along its arc, middle first.

    The same id comes once per point: the placement takes the first point where it fits.
    """
    return [
        (f"flow-{k}", text, points[round(f * (len(points) - 1))])
        for k, (text, _, points) in enumerate(curves)
        for f in COUNT_SPOTS
    ]


# -- Site names: placed without collisions, per zoom level ---------------------------------------------

# Zoom levels with their own set of names (the map snaps to half levels). A small script
# marks the map with the level shown, and CSS shows that level's names.
NAME_LEVELS = (7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0)
# How many sites are named at most at each level: the main hubs at belt zoom, more as one zooms in.
NAMES_AT = {7.5: 6, 8.0: 10, 8.5: 14, 9.0: 20, 9.5: 28, 10.0: 40}
NAME_PX = 13
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
    """Each site's marker at ``zoom``: id, world pixel x, y (with its fan offset) and half-size."""
    offsets = fan_offsets(sites) if offsets is None else offsets
    big = set(highlight)
    scale = 256 * 2**zoom
    lat = np.radians(sites.geometry.y.to_numpy())
    return pd.DataFrame(
        {
            "id": sites["id"].to_numpy(),
            "x": (sites.geometry.x.to_numpy() + 180) / 360 * scale + offsets["dx"].to_numpy(),
            "y": (0.5 - np.log((1 + np.sin(lat)) / (1 - np.sin(lat))) / (4 * math.pi)) * scale
            + offsets["dy"].to_numpy(),
            "radius": [(HIGHLIGHT_PX if i in big else MARKER_PX) / 2 for i in sites["id"]],
        }
    )


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
    column = name_column(lang)
    texts = {i: name_text(n or k, font_px) for i, n, k in zip(sites["id"], sites[column], sites["name_ko"])}
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
        placed[zoom] = counts + place_labels(anchors, sizes, [*obstacles, *(c.box for c in counts)], frame)
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
    by_spot: dict[tuple, list[float]] = {}
    boxes: dict[tuple, tuple[float, Box]] = {}
    for zoom, here in placed.items():
        for p in here:
            point = where(p)
            if point is not None:
                by_spot.setdefault((p.id, point, p.side), []).append(zoom)
                boxes.setdefault((p.id, point, p.side), (zoom, p.box))
    out: dict[str, list[folium.Marker]] = {}
    for (label_id, point, side), zooms in by_spot.items():
        zoom, (x0, y0, x1, y1) = boxes[(label_id, point, side)]
        px, py = world_px(*point, zoom)
        lines = "<br>".join(html.escape(line) for line in texts[label_id].split("\n"))
        classes = " ".join(level_class(z) for z in zooms)
        icon = folium.DivIcon(
            html=f'<span style="font-size:{font_px}px">{lines}</span>',
            icon_size=(round(x1 - x0), round(y1 - y0)),
            icon_anchor=(round(px - x0), round(py - y0)),
            class_name=f"site-name {kind} name-{side} {classes}",
        )
        out.setdefault(label_id, []).append(folium.Marker(point, icon=icon, interactive=False, keyboard=False))
    return out


def _level_css() -> str:
    """CSS that shows each level's names only at that level (see `_ZoomLevel`)."""
    return "".join(f".belt-{level_class(z)} .site-name.{level_class(z)}{{display:block}}" for z in NAME_LEVELS)


class _ZoomLevel(MacroElement):
    """Marks the map with the name level shown (``belt-z85``) and with ``belt-detail`` from zoom 10.

    The names of each level and the single links are all on the page; CSS picks what shows,
    so zooming needs no round trip to the server.
    """

    _template = Template(r"""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var levels = {{ this.levels|tojson }};
            function mark() {
                var z = map.getZoom(), pick = levels[0];
                levels.forEach(function (l) { if (l <= z + 1e-6) { pick = l; } });
                var c = map.getContainer();
                c.className = c.className.replace(/\s*belt-z\d+/g, "") + " belt-z" + Math.round(pick * 10);
                c.classList.toggle("belt-detail", z >= {{ this.detail }});
            }
            map.on("zoomend", mark);
            mark();
            // Leaflet focuses the map on the first mouse-down (for its keyboard handler); in a
            // page whose map is not wholly in view the browser then scrolls the page between
            // mouse-down and mouse-up, and the click on a marker is lost. Focus without scrolling.
            var box = map.getContainer();
            box.focus = function (options) {
                HTMLElement.prototype.focus.call(box, Object.assign({preventScroll: true}, options || {}));
            };
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "ZoomLevel"
        self.levels = list(NAME_LEVELS)
        self.detail = DETAIL_ZOOM


def class_breaks(values: pd.Series, k: int = len(CHORO_COLOURS)) -> list[float]:
    """Upper bounds of up to ``k`` classes over the non-zero values (quantiles, deduplicated)."""
    positive = values[values > 0]
    if positive.empty:
        return []
    return sorted(set(np.quantile(positive, np.linspace(1 / k, 1, k)).round(6).tolist()))


def _money_number(value: float, unit: str) -> str:
    """An amount in 억원 written in ``unit`` (억 or 조) without the unit: 804, 1.2."""
    if unit == "조":
        return f"{value / 10_000:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,.0f}"


def money_range(low: float, high: float, lang: str) -> str:
    """A class of amounts (억원) as officials read it: ``0–804억원``, ``1.2–2.5조원``, ``804억–1.2조원``."""
    if lang == "en":  # KRW billions: 1 bn = 10 억원
        return f"KRW {low / 10:,.0f}–{high / 10:,.0f} bn"
    low_unit, high_unit = ("조" if low >= 10_000 else "억"), ("조" if high >= 10_000 else "억")
    start = _money_number(low, low_unit) + ("" if low_unit == high_unit else low_unit)
    return f"{start}–{_money_number(high, high_unit)}{high_unit}원"


def count_range(low: int, high: int, metric: str, lang: str) -> str:
    """A class of whole counts: ``1–2곳``, ``3곳``, ``1–2 sites``, ``4 sectors``."""
    span = f"{low}" if low == high else f"{low}–{high}"
    if lang == "en":
        noun = "site" if metric == "sites" else "sector"
        return f"{span} {noun}" + ("" if high == 1 else "s")
    return f"{span}곳" if metric == "sites" else f"{span}개 분야"


def class_labels(metric: str, breaks: list[float], lang: str) -> list[str]:
    """The legend text of each class above zero, in order (counts as whole numbers, money as ranges)."""
    labels, low = [], 0.0
    for high in breaks:
        if metric.startswith("budget"):
            labels.append(money_range(low, high, lang))
        else:
            labels.append(count_range(int(math.floor(low)) + 1, int(math.floor(high)), metric, lang))
        low = high
    return labels


def choropleth_data(summary: pd.DataFrame, lang: str) -> dict:
    """Colours per 시군구 and legend rows for each choropleth metric.

    ``summary`` is ``geo.joins.sigungu_summary`` output. Districts at zero are drawn in their
    own white class "0", so "nothing here" never looks like "a little", and every district of
    the belt is coloured once a metric is chosen.
    """
    data = {}
    for metric in CHORO_METRICS[1:]:
        if metric not in summary and metric != "budget_all":
            continue
        values = summary[metric] if metric != "budget_all" else summary.filter(like="budget_").sum(axis=1)
        breaks = class_breaks(values)
        if not metric.startswith("budget"):  # counts are whole: a break at 1.6 is a break at 1
            breaks = sorted({math.floor(b) for b in breaks if b >= 1})
        zero = summary.loc[values <= 0, "code"]
        colours, legend, low = {code: CHORO_ZERO for code in zero}, [[CHORO_ZERO, "0"]], 0.0
        for i, (high, label) in enumerate(zip(breaks, class_labels(metric, breaks, lang))):
            colour = CHORO_COLOURS[i + len(CHORO_COLOURS) - len(breaks)]
            inside = (values > low) & (values <= high)
            colours |= {code: colour for code in summary.loc[inside, "code"]}
            legend.append([colour, label])
            low = high
        if metric.startswith("budget"):
            legend.append(["transparent", t("budget_rule_short", lang)])
        data[metric] = {"colours": colours, "legend": legend}
    return data


def budget_rule_text(lang: str) -> str:
    """How money is put on districts, in full: shown wherever district budgets appear.

    The rule itself is ``geo.joins.sigungu_summary`` (whole budget to the lead site's 시군구;
    no lead site → not allocated; overlapping and national amounts never added).
    """
    return t("budget_rule", lang)


class _ChoroplethSwitch(MacroElement):
    """A control on the map that recolours the 시군구 layer by a chosen metric, in the browser.

    Switching needs no server round trip: the colours of every metric are already on the
    page (``window.beltChoro.data``, replaced by ``ChoroplethValues`` on each update).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var layer = {{ this._parent.get_name() }};
            var st = window.beltChoro = window.beltChoro || {data: {}, metric: "none"};
            st.layer = layer;
            var box = L.DomUtil.create("div", "belt-choro");
            st.apply = function () {
                var d = st.data[st.metric];
                st.layer.setStyle(function (f) {
                    var c = d && d.colours[f.properties.code];
                    return {fillColor: c || "{{ this.land }}", fillOpacity: 1};
                });
                var rows = box.querySelector(".choro-legend");
                rows.textContent = "";
                (d ? d.legend : []).forEach(function (r) {
                    var row = L.DomUtil.create("div", "lg-row", rows);
                    L.DomUtil.create("span", "lg-swatch", row).style.background = r[0];
                    row.appendChild(document.createTextNode(r[1]));
                });
            };
            // Top left, under the zoom buttons: at belt zoom that corner is the Yellow Sea, so the
            // switch and its classes cover no site.
            var control = L.control({position: "topleft"});
            control.onAdd = function () {
                box.innerHTML = {{ this.form|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                box.addEventListener("change", function (e) { st.metric = e.target.value; st.apply(); });
                return box;
            };
            control.addTo({{ this._parent._parent.get_name() }});
            st.apply();
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "ChoroplethSwitch"
        self.land = LAND_FILL
        # A drop-down, not a list of radio buttons: it stays one line high whatever is chosen.
        options = "".join(
            f'<option class="choro-{m}" value="{m}"{" selected" if m == "none" else ""}>'
            f"{html.escape(t(f'choro_{m}_short', lang))}</option>"
            for m in CHORO_METRICS
        )
        self.form = (
            f'<label class="choro-title">{html.escape(t("choro_title", lang))}'
            f'<select name="choro">{options}</select></label><div class="choro-legend"></div>'
        )


class ViewValues(MacroElement):
    """Script that brings the live map to the view: choropleth colours and metric, layers switched off.

    It runs last among the swapped-in layers, after streamlit-folium has added every one of
    them to the map, so it can take away the layers the view switches off; the layer control,
    built right after, then shows them unticked.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
            var hidden = {{ this.hidden|tojson }};
            (window.feature_group || []).forEach(function (layer) {
                if (hidden.indexOf(layer.options.layerId) >= 0) { map.removeLayer(layer); }
            });
            var st = window.beltChoro = window.beltChoro || {data: {}, metric: "none"};
            st.data = Object.assign({{ this.data|tojson }}, st.layerData || {});
            {% if this.metric %}
            st.metric = {{ this.metric|tojson }};
            document.querySelectorAll(".belt-choro select").forEach(function (box) { box.value = st.metric; });
            {% endif %}
            if (st.apply) { st.apply(); }
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict, metric: str | None = None, hidden: Iterable[str] = ()):
        super().__init__()
        self._name = "ViewValues"
        self.data = data
        self.metric = metric
        self.hidden = list(hidden)


class _ViewReport(MacroElement):
    """Tells Python when the user switches a layer or the choropleth metric in the map.

    streamlit-folium returns a fixed set of values; ``selected_tags`` (for a plugin this map
    does not use) carries the report: ``["at=<ms>", "choro=<metric>", "hide=<layer id>", …]``.
    The time stamp makes each report new, so doing the same thing twice is still heard.
    Panning changes none of it, so it still sends nothing.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            function report() {
                var data = window.__GLOBAL_DATA__;
                if (!data || !window.layer_control) { return; }
                var hidden = window.layer_control._layers.filter(function (o) {
                    return o.overlay && o.layer.options.layerId && !map.hasLayer(o.layer);
                }).map(function (o) { return "hide=" + o.layer.options.layerId; });
                var metric = window.beltChoro ? window.beltChoro.metric : "none";
                data.selected_tags = ["at=" + Date.now(), "choro=" + metric].concat(hidden);
                map.fire("moveend");
            }
            map.getContainer().addEventListener("change", function (e) {
                if (e.target.closest(".leaflet-control-layers-overlays, .belt-choro")) { report(); }
            });
        })();
        {% endmacro %}
    """)


class AccessibleMap(MacroElement):
    """Makes the map frame a labelled, keyboard-operable document in the page's language.

    - the frame's ``lang``, title and a hidden ``h1`` follow the language; the iframe gets an
      ``aria-label`` in the page; everything sits in one labelled ``main`` landmark;
    - the viewport can be zoomed (folium's header forbids it);
    - boundary polygons and flow lines are not tab stops (Chromium makes every interactive SVG
      path one), but keep their mouse tooltips;
    - the site markers are one tab stop (a roving ``tabindex``): arrow keys, Home and End move
      between them in name order, Enter or Space fires the same click streamlit-folium listens
      to; after the rerun that a click starts, the same site's new marker gets the focus back;
    - the layer switcher opens with Enter and closes with Escape or when focus leaves it.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var text = {{ this.text|tojson }};
            var doc = document, container = map.getContainer();
            doc.documentElement.lang = {{ this.lang|tojson }};
            doc.title = text.title;
            doc.querySelectorAll('meta[name="viewport"]').forEach(function (m) {
                m.setAttribute("content", "width=device-width, initial-scale=1");
            });
            try {
                if (window.frameElement) { window.frameElement.setAttribute("aria-label", text.title); }
            } catch (e) {}
            var main = doc.getElementById("root") || container.parentNode;
            main.setAttribute("role", "main");
            main.setAttribute("aria-label", text.title);
            var heading = doc.createElement("h1");
            heading.className = "sr-only";
            heading.textContent = text.title;
            main.insertBefore(heading, main.firstChild);
            Array.prototype.slice.call(doc.body.children).forEach(function (el) {
                if (el !== main && !/^(SCRIPT|STYLE|NOSCRIPT)$/.test(el.tagName)) { main.appendChild(el); }
            });
            container.setAttribute("role", "region");
            container.setAttribute("aria-label", text.region);
            var hint = doc.createElement("p");
            hint.className = "sr-only";
            hint.id = "belt-marker-hint";
            hint.textContent = text.markers;
            main.appendChild(hint);

            var current = null, restore = null, pending = false;
            function markers() {
                var all = Array.prototype.slice.call(container.querySelectorAll(".leaflet-marker-pane .site-marker"));
                return all.map(function (el) { return [el, el.textContent.trim()]; })
                    .sort(function (a, b) { return a[1].localeCompare(b[1], doc.documentElement.lang); })
                    .map(function (pair) { return pair[0]; });
            }
            function siteOf(el) {
                var s = el && el.querySelector("[data-site]");
                return s ? s.getAttribute("data-site") : null;
            }
            function refresh() {
                pending = false;
                container.querySelectorAll("path.leaflet-interactive").forEach(function (p) {
                    p.setAttribute("tabindex", "-1");
                });
                var all = markers();
                if (restore) {
                    var back = all.filter(function (el) { return siteOf(el) === restore; })[0];
                    if (back) { current = back; }
                }
                if (all.indexOf(current) < 0) { current = all[0] || null; }
                all.forEach(function (el) {
                    el.setAttribute("tabindex", el === current ? "0" : "-1");
                    el.setAttribute("role", "button");
                    el.setAttribute("aria-describedby", "belt-marker-hint");
                });
                // Only while the map still has the focus: never take it from the page (a search box, say).
                if (restore && current && siteOf(current) === restore && doc.hasFocus() &&
                    (doc.activeElement === doc.body || !doc.activeElement)) {
                    current.focus({focusVisible: true});
                }
                restore = null;
                controls();
                refocusControl();
            }
            // A tick in the layer switcher reruns the page, which rebuilds the switcher: the focus
            // goes back to the same row of the new one.
            var controlFocus = null;
            container.addEventListener("focusin", function (e) {
                var box = e.target.closest && e.target.closest(".leaflet-control-layers");
                if (!box) { controlFocus = null; return; }
                var row = e.target.closest("label");
                controlFocus = {text: row ? row.textContent.trim() : null, at: Date.now()};
            });
            function refocusControl() {
                if (!controlFocus || Date.now() - controlFocus.at > 20000) { return; }
                if (!doc.hasFocus() || (doc.activeElement && doc.activeElement !== doc.body)) { return; }
                var box = container.querySelector(".leaflet-control-layers");
                if (!box) { return; }
                var target = box.querySelector(".leaflet-control-layers-toggle");
                if (controlFocus.text !== null) {
                    box.querySelectorAll(".leaflet-control-layers-list label").forEach(function (row) {
                        if (row.textContent.trim() === controlFocus.text) { target = row.querySelector("input"); }
                    });
                    box.classList.add("leaflet-control-layers-expanded");
                }
                if (target) { target.focus({focusVisible: true}); }
            }
            function schedule() { if (!pending) { pending = true; setTimeout(refresh, 0); } }
            function move(el) {
                if (!el) { return; }
                if (current) { current.setAttribute("tabindex", "-1"); }
                current = el;
                el.setAttribute("tabindex", "0");
                el.focus({focusVisible: true});
            }
            function layerOf(el) {
                var found = null;
                map.eachLayer(function (layer) { if (layer._icon === el) { found = layer; } });
                return found;
            }
            container.addEventListener("keydown", function (e) {
                var el = e.target.closest && e.target.closest(".site-marker");
                if (!el) { return; }
                var all = markers(), i = all.indexOf(el), key = e.key;
                var next = {ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
                            Home: 0, End: all.length - 1}[key];
                if (next !== undefined) {
                    e.preventDefault();
                    e.stopPropagation();
                    move(all[(next + all.length) % all.length]);
                } else if (key === "Enter" || key === " " || key === "Spacebar") {
                    e.preventDefault();
                    e.stopPropagation();
                    var marker = layerOf(el);
                    if (marker) {
                        restore = siteOf(el);
                        marker.fire("click", {latlng: marker.getLatLng(), originalEvent: e}, true);
                    }
                }
            }, true);
            container.addEventListener("focusin", function (e) {
                var el = e.target.closest && e.target.closest(".site-marker");
                if (el && el !== current) { move(el); }
            });
            function controls() {
                container.querySelectorAll(".leaflet-control-zoom-in").forEach(function (a) {
                    a.title = text.zoom_in; a.setAttribute("aria-label", text.zoom_in);
                });
                container.querySelectorAll(".leaflet-control-zoom-out").forEach(function (a) {
                    a.title = text.zoom_out; a.setAttribute("aria-label", text.zoom_out);
                });
                container.querySelectorAll(".leaflet-control-layers").forEach(function (box) {
                    var toggle = box.querySelector(".leaflet-control-layers-toggle");
                    if (!toggle || box.dataset.keyboard) { return; }
                    box.dataset.keyboard = "1";
                    toggle.title = text.layers;
                    toggle.setAttribute("aria-label", text.layers);
                    toggle.setAttribute("aria-haspopup", "true");
                    toggle.setAttribute("aria-expanded", "false");
                    var control = window.layer_control;
                    function open() {
                        box.classList.add("leaflet-control-layers-expanded");
                        toggle.setAttribute("aria-expanded", "true");
                        var first = box.querySelector(".leaflet-control-layers-list input");
                        if (first) { first.focus({focusVisible: true}); }
                    }
                    function close(refocus) {
                        if (control && control.collapse) { control.collapse(); }
                        box.classList.remove("leaflet-control-layers-expanded");
                        toggle.setAttribute("aria-expanded", "false");
                        if (refocus) { toggle.focus({focusVisible: true}); }
                    }
                    toggle.addEventListener("keydown", function (e) {
                        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); open(); }
                    }, true);
                    box.addEventListener("keydown", function (e) {
                        if (e.key === "Escape") { e.preventDefault(); close(true); }
                    });
                    box.addEventListener("focusout", function (e) {
                        if (e.relatedTarget && !box.contains(e.relatedTarget)) { close(false); }
                    });
                });
            }
            map.on("layeradd layerremove", schedule);
            schedule();
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "Accessibility"
        self.lang = lang
        self.text = {key: t(f"a11y_{key}", lang) for key in ("region", "markers", "layers", "zoom_in", "zoom_out")}
        self.text["title"] = t("a11y_map_label", lang)


def map_report(tags: list[str] | None) -> dict:
    """The view changes a map report carries (see ``_ViewReport``): ``metric`` and ``hidden``, or {}."""
    if not tags or not any(tag.startswith("at=") for tag in tags):
        return {}
    values = [tag.split("=", 1) for tag in tags if "=" in tag]
    return {
        "metric": next((v for k, v in values if k == "choro"), "none"),
        "hidden": tuple(v for k, v in values if k == "hide"),
    }


def view_layer(summary: pd.DataFrame, lang: str, metric: str | None = None, hidden: Iterable[str] = ()):
    """An empty, uncontrolled layer, swapped in last, that brings the live map to the view.

    With ``metric`` it switches the choropleth (a presenter step, or a link, does this);
    ``hidden`` names the layers the view switches off.
    """
    layer = folium.FeatureGroup(name="view", control=False)
    layer.add_child(ViewValues(choropleth_data(summary, lang), metric, hidden))
    return layer


def legend_html(
    sectors: pd.DataFrame, stages: pd.DataFrame, lang: str, folded: bool = False, panel: bool = False
) -> str:
    """A categorical legend in plain HTML/CSS: sector colours, stage shapes, link kinds.

    It is a ``<details>`` element, so it folds away without any script. ``panel`` lays it out
    in the page beside the map instead of floating over the map.
    """

    def row(symbol: str, label: str) -> str:
        return f'<div class="lg-row">{symbol}{html.escape(label)}</div>'

    sector_rows = [
        row(f'<span class="lg-swatch" style="background:{s["colour"]}"></span>', s[name_column(lang)])
        for _, s in sectors.iterrows()
    ]
    stage_rows = [row(marker_svg(s["id"], "#555555", False, 16), s[name_column(lang)]) for _, s in stages.iterrows()]
    stage_rows.append(row(marker_svg("rnd", "#555555", True, 16), t("legend_status", lang)))
    flow_rows = [
        row(f'<span class="lg-line" style="background:{FLOW_COLOURS[k]}"></span>', flow_label(k, lang))
        for k in LINK_KINDS
    ]
    # How evidence and location error are drawn: full-width rows under the link kinds.
    notes = row('<span class="lg-dash"></span>', t("legend_derived", lang)) + row(
        '<span class="lg-circle"></span>', t("legend_uncertainty", lang)
    )
    return (
        f'<details class="belt-legend{" panel" if panel else ""}"{"" if folded else " open"}>'
        f"<summary>{t('legend', lang)}</summary>"
        f'<div class="lg-title">{t("legend_sectors", lang)}</div>{"".join(sector_rows)}'
        f'<div class="lg-title">{t("legend_stages", lang)}</div><div class="lg-grid">{"".join(stage_rows)}</div>'
        f'<div class="lg-title">{t("legend_flows", lang)}</div><div class="lg-grid">{"".join(flow_rows)}</div>'
        f"{notes}</details>"
    )


MAP_CSS = (
    "<style>"
    f"@font-face{{font-family:'NanumGothic';src:url('{STATIC_URL}/fonts/NanumGothic.woff')}}"
    f"@font-face{{font-family:'NanumGothic';font-weight:700;src:url('{STATIC_URL}/fonts/NanumGothicBold.woff')}}"
    f".leaflet-container,.leaflet-tooltip{{font:14px/1.35 {FONT_STACK}}}"
    f".leaflet-control-layers{{font:13px/1.25 {FONT_STACK}}}"
    ".leaflet-control-layers label{margin:1px 0}.leaflet-control-layers-separator{margin:3px 0}"
    ".belt-legend,.belt-choro{background:rgba(255,255,255,.95);padding:8px 12px;border-radius:6px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);color:#1d2430;font:14px/1.35 " + FONT_STACK + "}"
    ".belt-legend{position:absolute;z-index:1000;bottom:22px;left:10px;max-width:340px;max-height:calc(100% - 120px);"
    "overflow:auto}.belt-legend summary{font-weight:700;cursor:pointer}"
    ".belt-legend.panel{position:static;max-width:none;max-height:none;box-shadow:none;border:1px solid #dcdfe4}"
    ".belt-legend .lg-grid{display:grid;grid-template-columns:1fr 1fr;column-gap:10px}"
    ".lg-title{font-weight:700;margin:6px 0 3px}"
    ".lg-row{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".lg-swatch{width:14px;height:14px;border-radius:3px;display:inline-block;flex:none;"
    "box-shadow:inset 0 0 0 1px rgba(0,0,0,.25)}"  # the white "0" class needs an edge
    ".lg-line{width:18px;height:4px;border-radius:2px;display:inline-block;flex:none}"
    ".lg-dash{width:18px;height:0;border-top:3px dashed #6b7280;opacity:.7;display:inline-block;flex:none}"
    ".lg-circle{width:14px;height:14px;border-radius:50%;border:1px dashed #5a6270;background:rgba(90,98,112,.08);"
    "display:inline-block;flex:none}"
    ".belt-choro{padding:5px 8px;font-size:13px;max-width:210px}"
    ".belt-choro .choro-title{font-weight:700;display:flex;gap:6px;align-items:center;cursor:pointer}"
    ".belt-choro select{font:inherit;font-weight:400;padding:1px 2px;max-width:130px}"
    ".belt-choro .choro-legend .lg-row{font-size:12.5px;margin:1px 0}"
    ".belt-choro .choro-legend:empty{display:none}"
    # The planner's layer's count per 시군구 is offered only while the layer is on the map (geo/overlay.js).
    ".belt-choro option.choro-uploaded{display:none}.ax-has-upload .belt-choro option.choro-uploaded{display:block}"
    ".site-marker{background:none;border:none}.flow-arrow{background:none;border:none}"
    ".site-marker.highlighted{z-index:900!important}"
    # Names: the served NanumGothic first, the font their boxes were measured in (geo.labels).
    ".site-name{display:none;background:none;border:none;font-family:'NanumGothic',sans-serif;font-weight:700;"
    "line-height:1.2;color:#1d2430;white-space:nowrap;pointer-events:none;"
    "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}"
    ".site-name.name-left,.site-name.name-upleft,.site-name.name-downleft{text-align:right}"
    ".site-name.name-up,.site-name.name-down{text-align:center}" + _level_css() +
    # Region flows at belt zoom, the single links from zoom 10 (see _ZoomLevel).
    ".leaflet-container:not(.belt-detail) .flow-zoomed{display:none}.belt-detail .flow-agg{display:none}"
    ".site-name.flow-count{background:rgba(255,255,255,.92);border-radius:3px;text-align:center;"
    "box-shadow:0 0 0 1px #3d4451;text-shadow:none}"
    ".leaflet-control-scale-line+.leaflet-control-scale-line{display:none}"
    ".leaflet-control-layers-expanded{max-height:560px;overflow:auto}"
    # Accessibility: text for screen readers only, a focus ring that shows on the map's land and
    # on its controls, and no motion for those who asked for less.
    ".sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0}"
    ".leaflet-container :focus-visible,.belt-legend :focus-visible{outline:3px solid #0b3d91!important;"
    "outline-offset:2px;box-shadow:0 0 0 5px #fff!important;border-radius:3px}"
    ".leaflet-container:focus-visible{outline:3px solid #0b3d91!important;outline-offset:-3px}"
    ".site-marker:focus-visible{outline-offset:3px;box-shadow:0 0 0 3px #fff,0 0 0 9px rgba(255,255,255,.85)!important}"
    "@media (prefers-reduced-motion: reduce){*,*::before,*::after{transition:none!important;"
    "animation:none!important;scroll-behavior:auto!important}}"
    "</style>"
)


def basemap_choices(lang: str) -> list[folium.map.Layer]:
    """The basemap choices: none (the default, offline) and online tiles for those who have internet.

    A tile layer that is not chosen requests nothing, so the map stays offline until a user
    picks one. VWorld is offered only when ``VWORLD_API_KEY`` is set.
    """
    layers = [
        folium.FeatureGroup(name=t("basemap_none", lang), overlay=True, control=True, show=True),
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", overlay=False, show=False),
        folium.TileLayer(
            tiles="https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
            attr="© OpenStreetMap contributors © CARTO",
            name="CartoDB Positron",
            overlay=False,
            show=False,
        ),
    ]
    layers[0].overlay = False  # an empty base layer: the radio button that means "no tiles"
    key = os.environ.get("VWORLD_API_KEY")
    if key:
        layers.append(
            folium.TileLayer(
                tiles=f"https://api.vworld.kr/req/wmts/1.0.0/{key}/Base/{{z}}/{{y}}/{{x}}.png",
                attr="VWorld (국토교통부)",
                name="VWorld",
                overlay=False,
                show=False,
            )
        )
    return layers


PRESENTER_MAP_CSS = (
    "<style>"
    # On a projector the choropleth shows only its scale (the step chooses the metric), and
    # disappears when the step colours nothing.
    ".belt-choro label{display:none}.belt-choro:has(.choro-legend:empty){display:none}"
    # The budget rule is in the step's caption; on the slide the box keeps to the classes.
    ".belt-choro .lg-row:has(.lg-swatch[style*=transparent]){display:none}"
    "</style>"
)


def base_map(
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    lang: str,
    presenter: bool = False,
    legend: bool = True,
) -> folium.Map:
    """The part of the map that does not change with filters: boundaries, legend, controls.

    ``presenter`` leaves the choropleth to the story's steps; ``legend=False`` leaves the
    legend out of the map, for pages that show it beside the map (an open legend in the map
    covers the west coast).
    """
    m = offline_map()
    sgg, outline = boundary_layers(sido, sigungu, lang)
    sgg.add_child(_ChoroplethSwitch(lang))
    sgg.add_to(m)
    folium.map.CustomPane(FLOW_PANE, z_index=450, pointer_events=True).add_to(m)
    m.add_child(_ViewReport())
    m.add_child(_ZoomLevel())
    m.add_child(AccessibleMap(lang))
    outline.add_to(m)
    for layer in basemap_choices(lang):
        layer.add_to(m)
    m.get_root().header.add_child(folium.Element(MAP_CSS + (PRESENTER_MAP_CSS if presenter else "")))
    if legend:
        m.get_root().html.add_child(folium.Element(legend_html(sectors, stages, lang, folded=presenter)))
    # The presenter keeps the wider frame: its steps set their own view, and streamlit-folium
    # does not apply a step's zoom when the map opened at another one that the fit gave.
    m.fit_bounds(corners(BELT if presenter else MAP_FIT))
    return m


def dynamic_layers(
    sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    sectors: pd.DataFrame,
    summary: pd.DataFrame,
    lang: str,
    highlight: Iterable[str] = (),
    metric: str | None = None,
    hidden: Iterable[str] = (),
    *,
    flows: str = "links",
    region_names: Mapping[str, str] | None = None,
    name_levels: Mapping[float, Box | None] | None = None,
    avoid: Mapping[float, list[Box]] | None = None,
    name_px: int = NAME_PX,
) -> list[folium.FeatureGroup]:
    """The layers that follow the view: error circles, flows under markers, markers with names, the view's script.

    ``flows="belt"`` adds the region flows (``geo.flows.region_flows``, labelled with
    ``region_names``) and keeps the single links for zoom 10 and closer. ``name_levels`` and
    ``avoid`` are passed to `plan_names` (default: every level, unframed).
    """
    hidden = tuple(hidden)
    curves = region_flow_curves(links, sites, region_names or {}) if flows == "belt" else []
    counts = flow_count_labels(curves)
    texts, placed = plan_names(sites, links, lang, highlight, name_levels, avoid, name_px, first=counts)
    points = dict(zip(sites["id"], zip(sites.geometry.y, sites.geometry.x)))
    site_names = name_markers(lambda p: points.get(p.id), texts, placed, name_px)
    count_labels = name_markers(
        lambda p: counts[p.at][2] if p.id.startswith("flow-") else None,
        texts,
        placed,
        FLOW_TEXT_PX,
        kind="flow-count flow-agg",
    )
    layers = [
        *flow_layers(links, sites, lang, zoomed_only=bool(curves)),
        *sector_layers(sites, sectors, lang, highlight, site_names),
    ]
    for layer in layers:
        layer.show = layer.layer_id not in hidden
    belt = [region_flow_layer(curves, lang, count_labels)] if curves else []
    return [uncertainty_layer(sites), *belt, *layers, view_layer(summary, lang, metric, hidden)]


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


def layer_control() -> folium.LayerControl:
    """The layer switcher: sectors, flow kinds and basemaps, toggled in the browser.

    Collapsed behind the layers button: expanded, its seventeen rows would cover half of a
    1280×720 projector image. The legend beside it stays open.
    """
    return folium.LayerControl(collapsed=True, position="topright")


def belt_map(
    sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    summary: pd.DataFrame,
    lang: str = "ko",
    highlight: Iterable[str] = (),
) -> folium.Map:
    """The whole belt map in one ``folium.Map`` (base and dynamic layers together)."""
    m = base_map(sido, sigungu, sectors, stages, lang)
    for layer in dynamic_layers(sites, links, sectors, summary, lang, highlight):
        layer.add_to(m)
    layer_control().add_to(m)
    return m


def clicked_site(sites: gpd.GeoDataFrame, lat: float, lng: float, tooltip: str | None) -> str | None:
    """The id of the site whose marker was clicked, from the click's point and tooltip text.

    Fanned-out markers share a point, so the tooltip (which starts with the site's name)
    tells them apart.
    """
    here = sites[((sites.geometry.y - lat).abs() < 1e-6) & ((sites.geometry.x - lng).abs() < 1e-6)]
    if len(here) > 1 and tooltip:
        named = here[[tooltip.startswith(n) for n in here["name_ko"]] or [False] * len(here)]
        named = named if len(named) else here[[tooltip.startswith(n) for n in here["name_en"]]]
        here = named if len(named) else here
    return here["id"].iloc[0] if len(here) else None


def view_bounds(center: tuple[float, float], zoom: float, size_px: tuple[int, int] = (1000, 520)):
    """The (lon_min, lat_min, lon_max, lat_max) a Web-Mercator map of ``size_px`` shows.

    Used to export what a presenter step shows, at the same centre and zoom.
    """
    lat, lon = center
    degrees_per_px = 360 / (256 * 2**zoom)
    half_w = size_px[0] / 2 * degrees_per_px
    # Latitude degrees shrink on screen by cos(lat) in Web Mercator (good enough at this scale).
    half_h = size_px[1] / 2 * degrees_per_px * math.cos(math.radians(lat))
    return (lon - half_w, lat - half_h, lon + half_w, lat + half_h)
