"""The map's builders: the base that stays mounted, the layers that follow the view, and both together.

``base_map`` holds the boundaries, the legend, the controls and the scripts; ``dynamic_layers``
the markers, flows, names and the view's values; ``belt_map`` puts them in one ``folium.Map``.
The basemap choices live here too; the map's CSS and legend in ``geo.maps.style``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping

import folium
import geopandas as gpd
import pandas as pd
from folium.utilities import JsCode

from geo.assets import LEAFLET_CSS, LEAFLET_JS
from geo.extent import BELT, MAP_FIT, corners
from geo.i18n import t
from geo.labels import Box
from geo.maps.choropleth import LAND_FILL, ChoroplethSwitch, choropleth_data
from geo.maps.flows import (
    DETAIL_ZOOM,
    FLOW_PANE,
    FLOW_TEXT_PX,
    flow_count_labels,
    flow_layers,
    region_flow_curves,
    region_flow_layer,
)
from geo.maps.keys import ClickerKeys
from geo.maps.markers import sector_layers, uncertainty_layer
from geo.maps.names import NAME_LEVELS, NAME_PX, marker_spread, name_markers, plan_names
from geo.maps.scripts import AccessibleMap, SpreadMarkers, ViewReport, ViewValues, ZoomLevel
from geo.maps.static import FetchedGeoJson, geojson_text
from geo.maps.style import MAP_CSS, PRESENTER_MAP_CSS, legend_html

BELT_CENTER = (35.35, 126.95)
BELT_ZOOM = 8


REDUCED_MOTION = "(prefers-reduced-motion: reduce)"
# The live map's own options (no tiles: the boundaries are the basemap), in half zoom steps from 6 to 15.
MAP_OPTIONS = {"tiles": None, "control_scale": True, "zoom_snap": 0.5, "min_zoom": 6, "max_zoom": 15}


def offline_map(center: tuple[float, float] = BELT_CENTER, zoom: int = BELT_ZOOM) -> folium.Map:
    """An empty map with no tiles whose Leaflet comes from the dashboard's own server."""
    # A viewer who asked the system for reduced motion gets no zoom or fade animation (WCAG 2.3.3).
    animate = JsCode(f"!window.matchMedia({REDUCED_MOTION!r}).matches")
    motion = dict.fromkeys(("zoom_animation", "fade_animation", "marker_zoom_animation"), animate)
    m = folium.Map(location=center, zoom_start=zoom, **MAP_OPTIONS, **motion)
    # Instance attributes shadow folium's CDN defaults (jQuery, Bootstrap, awesome-markers):
    # none of them is needed, and each would be a request leaving the server.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    return m


def boundary_layers(
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    lang: str,
    sources: Mapping[str, tuple[tuple[float, str], ...]] | None = None,
) -> list[folium.GeoJson]:
    """The 시군구 (thin, filled: also the choropleth) and 시도 (bold outline) layers.

    With ``sources`` (``geo.maps.static.sources``: each level's URLs by zoom) the map's script
    fetches their features from the dashboard's static files; without, they are in the script.
    """

    def layer(level: str, frame: gpd.GeoDataFrame, **options) -> folium.GeoJson:
        if sources is None:
            return folium.GeoJson(geojson_text(frame), control=False, **options)
        return FetchedGeoJson(geojson_text(frame), sources[level], control=False, **options)

    sgg = layer(
        "sigungu",
        sigungu,
        name=t("layer_sigungu", lang),
        style_function=lambda _: {"color": "#7f858e", "weight": 0.8, "fillColor": LAND_FILL, "fillOpacity": 1},
        highlight_function=lambda _: {"weight": 2.5, "color": "#1d2430"},
        tooltip=folium.GeoJsonTooltip(fields=["name_ko"], labels=False),
    )
    outline = layer(
        "sido",
        sido,
        name=t("layer_sido", lang),
        style_function=lambda _: {"color": "#3d4451", "weight": 2.6, "fill": False},
        interactive=False,
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


def base_map(
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    lang: str,
    presenter: bool = False,
    legend: bool = True,
    sources: Mapping[str, tuple[tuple[float, str], ...]] | None = None,
) -> folium.Map:
    """The part of the map that does not change with filters: boundaries, legend, controls.

    ``presenter`` leaves the choropleth to the story's steps and hands the clicker's keys to
    the page (`geo.maps.keys.ClickerKeys`); ``legend=False`` leaves the
    legend out of the map, for pages that show it beside the map (an open legend in the map
    covers the west coast); ``sources`` has the boundaries fetched from static files (see `boundary_layers`).
    """
    m = offline_map()
    sgg, outline = boundary_layers(sido, sigungu, lang, sources)
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
