"""The map's builders: the base that stays mounted, the layers that follow the view, and both together.

``base_map`` holds the boundaries, the legend, the controls and the scripts; ``dynamic_layers``
the markers, flows, names and the view's values; ``belt_map`` puts them in one ``folium.Map``.
The map's CSS and the basemap choices live here too.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Iterable, Mapping

import folium
import geopandas as gpd
import pandas as pd
from folium.utilities import JsCode

from geo.assets import LEAFLET_CSS, LEAFLET_JS, STATIC_URL
from geo.catalogue import LINK_KINDS
from geo.extent import BELT, MAP_FIT, corners
from geo.i18n import name_column, t
from geo.labels import Box
from geo.maps.choropleth import LAND_FILL, ChoroplethSwitch, choropleth_data
from geo.maps.flows import (
    DETAIL_ZOOM,
    FLOW_COLOURS,
    FLOW_PANE,
    FLOW_TEXT_PX,
    flow_count_labels,
    flow_label,
    flow_layers,
    region_flow_curves,
    region_flow_layer,
)
from geo.maps.markers import marker_svg, sector_layers, uncertainty_layer
from geo.maps.names import NAME_LEVELS, NAME_PX, level_css, marker_spread, name_markers, plan_names
from geo.maps.scripts import AccessibleMap, ClickerKeys, SpreadMarkers, ViewReport, ViewValues, ZoomLevel
from geo.vocabulary import FONT_STACK

BELT_CENTER = (35.35, 126.95)
BELT_ZOOM = 8


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


def view_layer(summary: pd.DataFrame, lang: str, metric: str | None = None, hidden: Iterable[str] = ()):
    """An empty, uncontrolled layer, swapped in last, that brings the live map to the view.

    With ``metric`` it switches the choropleth (a presenter step, or a link, does this);
    ``hidden`` names the layers the view switches off.
    """
    layer = folium.FeatureGroup(name="view", control=False)
    layer.add_child(ViewValues(choropleth_data(summary, lang), metric, hidden))
    return layer


def legend_html(
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    lang: str,
    folded: bool = False,
    panel: bool = False,
    compact: bool = False,
) -> str:
    """A categorical legend in plain HTML/CSS: sector colours, stage shapes, link kinds.

    It is a ``<details>`` element, so it folds away without any script. ``panel`` lays it out
    in the page beside the map instead of floating over the map. ``compact`` sets it in smaller
    type and folds the hollow-marker row, the link kinds and the notes under "more", so the key
    of colours and shapes fits on a first screen.
    """

    def row(symbol: str, label: str) -> str:
        return f'<div class="lg-row">{symbol}{html.escape(label)}</div>'

    sector_rows = [
        row(f'<span class="lg-swatch" style="background:{s["colour"]}"></span>', s[name_column(lang)])
        for _, s in sectors.iterrows()
    ]
    stage_rows = [row(marker_svg(s["id"], "#555555", False, 16), s[name_column(lang)]) for _, s in stages.iterrows()]
    hollow = row(marker_svg("rnd", "#555555", True, 16), t("legend_status", lang))
    if not compact:
        stage_rows.append(hollow)
    flow_rows = [
        row(f'<span class="lg-line" style="background:{FLOW_COLOURS[k]}"></span>', flow_label(k, lang))
        for k in LINK_KINDS
    ]
    # How evidence and location error are drawn: full-width rows under the link kinds.
    notes = row('<span class="lg-dash"></span>', t("legend_derived", lang)) + row(
        '<span class="lg-circle"></span>', t("legend_uncertainty", lang)
    )
    sectors_html = f'<div class="lg-sectors">{"".join(sector_rows)}</div>'
    flows_html = f'<div class="lg-title">{t("legend_flows", lang)}</div><div class="lg-grid">{"".join(flow_rows)}</div>'
    if compact:
        more = f"{hollow}{flows_html}{notes}"
        flows_html = f'<details class="lg-more"><summary>{t("legend_more", lang)}</summary>{more}</details>'
        notes = ""
    classes = "belt-legend" + (" panel" if panel else "") + (" compact" if compact else "")
    return (
        f'<details class="{classes}"{"" if folded else " open"}>'
        f"<summary>{t('legend', lang)}</summary>"
        f'<div class="lg-title">{t("legend_sectors", lang)}</div>{sectors_html}'
        f'<div class="lg-title">{t("legend_stages", lang)}</div><div class="lg-grid">{"".join(stage_rows)}</div>'
        f"{flows_html}{notes}</details>"
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
    ".belt-legend.compact{padding:5px 10px;font-size:13px;line-height:1.25}"
    ".belt-legend.compact .lg-title{margin:4px 0 1px}.belt-legend.compact .lg-row{margin:1px 0}"
    ".belt-legend .lg-more summary{font-weight:700;cursor:pointer;margin-top:4px}"
    ".lg-title{font-weight:700;margin:6px 0 3px}"
    ".lg-row{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".lg-swatch{width:14px;height:14px;border-radius:3px;display:inline-block;flex:none;"
    "box-shadow:inset 0 0 0 1px rgba(0,0,0,.25)}"  # the white "0" class needs an edge
    ".lg-line{width:18px;height:4px;border-radius:2px;display:inline-block;flex:none}"
    ".lg-dash{width:18px;height:0;border-top:3px dashed #6b7280;opacity:.7;display:inline-block;flex:none}"
    ".lg-circle{width:14px;height:14px;border-radius:50%;border:1px dashed #5a6270;background:rgba(90,98,112,.08);"
    "display:inline-block;flex:none}"
    ".belt-choro{padding:5px 8px;font-size:13px;max-width:210px}"
    # The title above its drop-down: the switch stays narrow (~150 px), clear of 새만금's markers at belt zoom
    # on a 1280-px-wide screen (tests/browser/test_official_browser.py).
    ".belt-choro .choro-title{font-weight:700;display:flex;flex-direction:column;gap:2px;align-items:flex-start;"
    "cursor:pointer}"
    ".belt-choro select{font:inherit;font-weight:400;padding:1px 2px;max-width:130px}"
    ".belt-choro .choro-legend .lg-row{font-size:12.5px;margin:1px 0}"
    ".belt-choro .choro-legend:empty{display:none}"
    # The planner's layer's count per 시군구 is offered only while the layer is on the map (geo/planner/overlay.js).
    ".belt-choro option.choro-uploaded{display:none}.ax-has-upload .belt-choro option.choro-uploaded{display:block}"
    ".site-marker{background:none;border:none}.flow-arrow{background:none;border:none}"
    ".site-marker.highlighted{z-index:900!important}"
    # Names: the served NanumGothic first, the font their boxes were measured in (geo.labels).
    ".site-name{display:none;background:none;border:none;font-family:'NanumGothic',sans-serif;font-weight:700;"
    "line-height:1.2;color:#1d2430;white-space:nowrap;pointer-events:none;"
    "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}"
    ".site-name.name-left,.site-name.name-upleft,.site-name.name-downleft{text-align:right}"
    ".site-name.name-up,.site-name.name-down{text-align:center}"
    # A name set apart from its marker is tied to it by a thin line (geo.maps.names.leader_svg).
    ".site-name .name-leader{position:absolute;left:0;top:0;overflow:visible;pointer-events:none}"
    ".site-name .name-leader line{stroke:#1d2430;stroke-width:1.6}" + level_css() +
    # Region flows at belt zoom, the single links from zoom 10 (see ZoomLevel).
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
    # Read from the back of a room: the classes at 16 px (the map's own 12.5 px is for a desk).
    ".belt-choro .choro-legend .lg-row{font-size:16px;margin:2px 0}"
    ".belt-choro .choro-legend .lg-swatch{width:16px;height:16px}"
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

    ``presenter`` leaves the choropleth to the story's steps and hands the clicker's keys to
    the page (`geo.maps.scripts.ClickerKeys`); ``legend=False`` leaves the
    legend out of the map, for pages that show it beside the map (an open legend in the map
    covers the west coast).
    """
    m = offline_map()
    sgg, outline = boundary_layers(sido, sigungu, lang)
    sgg.add_child(ChoroplethSwitch(lang))
    sgg.add_to(m)
    folium.map.CustomPane(FLOW_PANE, z_index=450, pointer_events=True).add_to(m)
    m.add_child(ViewReport())
    m.add_child(ZoomLevel(NAME_LEVELS, DETAIL_ZOOM))
    m.add_child(AccessibleMap(lang))
    m.add_child(SpreadMarkers())
    if presenter:
        m.add_child(ClickerKeys())
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
        *sector_layers(sites, sectors, lang, highlight, site_names, marker_spread(sites, highlight)),
    ]
    for layer in layers:
        layer.show = layer.layer_id not in hidden
    belt = [region_flow_layer(curves, lang, count_labels)] if curves else []
    return [uncertainty_layer(sites), *belt, *layers, view_layer(summary, lang, metric, hidden)]


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


def fit_view(
    bounds, size_px: tuple[int, int], margin_px: int = 48, max_zoom: float = 12.0, top_px: int = 0
) -> tuple[tuple[float, float], float]:
    """The (lat, lon) centre and zoom (in half steps) at which a map of ``size_px`` shows all of ``bounds``.

    The inverse of `view_bounds`: a filtered view is framed on what it shows, with
    ``margin_px`` free on each side for the markers and their names, and ``top_px`` more at the
    top, where the map's controls (zoom buttons, the colouring switch) sit.

    >>> centre, zoom = fit_view((126.5, 35.6, 127.2, 36.1), (600, 550))
    >>> zoom, view_bounds(centre, zoom, (600, 550))[0] < 126.5
    (9.5, True)
    >>> centre, zoom = fit_view((126.5, 35.6, 127.2, 36.1), (600, 550), top_px=100)
    >>> zoom, round(view_bounds(centre, zoom, (600, 550))[3] - 36.1, 2)  # 0.26° ≈ 158 px above the sites
    (9.5, 0.26)
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    lat = (lat_min + lat_max) / 2
    width = max(size_px[0] - 2 * margin_px, 1)
    height = max(size_px[1] - 2 * margin_px - top_px, 1)
    # Degrees per pixel at zoom 0, as view_bounds draws them.
    per_px = 360 / 256
    zoom_x = math.log2(per_px * width / max(lon_max - lon_min, 1e-6))
    zoom_y = math.log2(per_px * height * math.cos(math.radians(lat)) / max(lat_max - lat_min, 1e-6))
    zoom = min(max_zoom, math.floor(min(zoom_x, zoom_y) * 2) / 2)
    # The centre moves north by half the band, so the sites sit below the controls.
    lat += top_px / 2 * per_px / 2**zoom * math.cos(math.radians(lat))
    return (lat, (lon_min + lon_max) / 2), zoom
