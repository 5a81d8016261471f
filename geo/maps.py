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
from collections.abc import Iterable

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement, Template
from folium.utilities import JsCode

from geo.assets import LEAFLET_CSS, LEAFLET_JS, STATIC_URL
from geo.catalogue import LINK_KINDS
from geo.detail import location_text
from geo.i18n import format_krw_100m, name_column, names, short_name, t

BELT_CENTER = (35.35, 126.95)
BELT_ZOOM = 8
BELT_BOUNDS = ((33.95, 125.9), (36.2, 127.95))
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
    "hub": "M12 1.5 L14.9 8.6 L22.5 9.2 L16.7 14.1 L18.5 21.5 L12 17.5 L5.5 21.5 L7.3 14.1 "
    "L1.5 9.2 L9.1 8.6 Z",  # star
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
    "energy": "#A8800A", "compute": "#332288", "data": "#3182BD", "talent": "#117733",
    "technology": "#AA4499", "supply": "#882255", "demonstration": "#2A8577",
}
# A dark edge round every marker: some sector colours (orange, sky blue, pink) are under 3:1 on the land.
MARKER_EDGE = "#1d2430"
# ColorBrewer GnBu, 5 classes: sequential and colour-blind safe.
CHORO_COLOURS = ("#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac")
CHORO_METRICS = ("none", "sites", "sectors", "budget_confirmed", "budget_all")


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
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True,
                   zoom_snap=0.5, min_zoom=6, max_zoom=15,
                   zoom_animation=animate, fade_animation=animate, marker_zoom_animation=animate)
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
    sites: gpd.GeoDataFrame, sectors: pd.DataFrame, lang: str, highlight: Iterable[str] = (),
) -> list[folium.FeatureGroup]:
    """One layer per sector with the markers of the sites whose main sector it is.

    A site's main sector is the first of its ``sectors``; its colour and layer follow it, and
    its tooltip lists all of them. Highlighted sites are drawn larger, with their name.
    """
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
            if big:
                side = label_side(dx, dy)
                name = html.escape(short_name(site[name_column(lang)] or site["name_ko"]))
                # Hidden from screen readers: the marker's name (below) already says it.
                svg += f'<span class="site-label label-{side}" aria-hidden="true">{name}</span>'
            svg += marker_name(site, lang)
            folium.Marker(
                location=(site.geometry.y, site.geometry.x),
                icon=folium.DivIcon(html=svg, icon_size=(size, size), icon_anchor=(size // 2 - dx, size // 2 - dy),
                                    class_name=f"site-marker sector-{sector_id}" + (" highlighted" if big else "")),
                tooltip=folium.Tooltip(site_tooltip(site, sector_names, lang), sticky=False),
            ).add_to(layer)
        layers.append(layer)
    return layers


def marker_name(site: pd.Series, lang: str) -> str:
    """The marker's accessible name: the site's full name for screen readers, with its id for the keyboard script."""
    name = html.escape(site[name_column(lang)] or site["name_ko"])
    return f'<span class="sr-only" data-site="{html.escape(site["id"])}">{name}</span>'


def label_side(dx: int, dy: int) -> str:
    """Where a highlighted marker's name goes: away from the point its fan spreads from."""
    if dx == dy == 0 or abs(dx) >= abs(dy):
        return "left" if dx < 0 else "right"
    return "up" if dy < 0 else "down"


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
    svg = (f'<svg width="14" height="14" viewBox="0 0 14 14" style="transform:rotate({angle:.0f}deg)">'
           f'<path d="M2 2 L12 7 L2 12 Z" fill="{colour}"/></svg>')
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
            location=(site.geometry.y, site.geometry.x), radius=float(errors[index]), color=UNCERTAINTY_COLOUR,
            weight=1, opacity=0.6, dash_array="4 4", fill=True, fill_color=UNCERTAINTY_COLOUR, fill_opacity=0.05,
        )
        circle.options.update({"interactive": False, "className": "site-uncertainty"})
        circle.add_to(layer)
    return layer


def flow_layers(links: pd.DataFrame, sites: gpd.GeoDataFrame, lang: str) -> list[folium.FeatureGroup]:
    """One layer per link kind: curved lines from supplier to user, width by strength.

    Derived links are dashed and lighter, and their tooltip says so.
    """
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
            tip = (f"<b>{html.escape(names[link['from_id']])} → {html.escape(names[link['to_id']])}</b>"
                   f"<br>{html.escape(flow_label(kind, lang))}"
                   + (f" · <i>{html.escape(t('evidence_derived', lang))}</i>" if derived else "")
                   + (f"<br>{html.escape(str(description))}" if description else ""))
            folium.PolyLine(points, color=colour, tooltip=tip, **flow_style(link),
                            class_name=f"flow flow-{kind}" + (" flow-derived" if derived else "")).add_to(layer)
            location, icon = arrow_icon(points, colour)
            # Not a tab stop: the arrow only shows direction; the line's tooltip names the link.
            folium.Marker(location, icon=icon, interactive=False, keyboard=False).add_to(layer)
        layers.append(layer)
    return layers


def class_breaks(values: pd.Series, k: int = len(CHORO_COLOURS)) -> list[float]:
    """Upper bounds of up to ``k`` classes over the non-zero values (quantiles, deduplicated)."""
    positive = values[values > 0]
    if positive.empty:
        return []
    return sorted(set(np.quantile(positive, np.linspace(1 / k, 1, k)).round(6).tolist()))


def _format_metric(metric: str, value: float, lang: str) -> str:
    return format_krw_100m(value, lang) if metric.startswith("budget") else f"{value:,.0f}"


def choropleth_data(summary: pd.DataFrame, lang: str) -> dict:
    """Colours per 시군구 and legend rows for each choropleth metric.

    ``summary`` is ``geo.joins.sigungu_summary`` output. Districts at zero keep the land
    colour, so "nothing here" never looks like "a little".
    """
    data = {}
    for metric in CHORO_METRICS[1:]:
        values = summary[metric] if metric != "budget_all" else summary.filter(like="budget_").sum(axis=1)
        breaks = class_breaks(values)
        colours, legend, low = {}, [], 0.0
        for i, high in enumerate(breaks):
            colour = CHORO_COLOURS[i + len(CHORO_COLOURS) - len(breaks)]
            inside = (values > low) & (values <= high)
            colours |= {code: colour for code in summary.loc[inside, "code"]}
            legend.append([colour, f"{_format_metric(metric, low, lang)} – {_format_metric(metric, high, lang)}"])
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
            var control = L.control({position: "bottomright"});
            control.onAdd = function () {
                box.innerHTML = {{ this.form|tojson }};
                L.DomEvent.disableClickPropagation(box);
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
        options = "".join(
            f'<label><input type="radio" name="choro" value="{m}"{" checked" if m == "none" else ""}> '
            f'{html.escape(t(f"choro_{m}", lang))}</label>'
            for m in CHORO_METRICS
        )
        self.form = f'<div class="lg-title">{html.escape(t("choro_title", lang))}</div>{options}' \
                    '<div class="choro-legend"></div>'


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
            st.data = {{ this.data|tojson }};
            {% if this.metric %}
            st.metric = {{ this.metric|tojson }};
            document.querySelectorAll(".belt-choro input").forEach(function (r) { r.checked = r.value === st.metric; });
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
                if (restore && current && siteOf(current) === restore &&
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
                if (doc.activeElement && doc.activeElement !== doc.body) { return; }
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


def legend_html(sectors: pd.DataFrame, stages: pd.DataFrame, lang: str, folded: bool = False,
                panel: bool = False) -> str:
    """A categorical legend in plain HTML/CSS: sector colours, stage shapes, link kinds.

    It is a ``<details>`` element, so it folds away without any script. ``panel`` lays it out
    in the page beside the map instead of floating over the map.
    """
    def row(symbol: str, label: str) -> str:
        return f'<div class="lg-row">{symbol}{html.escape(label)}</div>'

    sector_rows = [row(f'<span class="lg-swatch" style="background:{s["colour"]}"></span>', s[name_column(lang)])
                   for _, s in sectors.iterrows()]
    stage_rows = [row(marker_svg(s["id"], "#555555", False, 16), s[name_column(lang)]) for _, s in stages.iterrows()]
    stage_rows.append(row(marker_svg("rnd", "#555555", True, 16), t("legend_status", lang)))
    flow_rows = [row(f'<span class="lg-line" style="background:{FLOW_COLOURS[k]}"></span>', flow_label(k, lang))
                 for k in LINK_KINDS]
    # How evidence and location error are drawn: full-width rows under the link kinds.
    notes = (row('<span class="lg-dash"></span>', t("legend_derived", lang))
             + row('<span class="lg-circle"></span>', t("legend_uncertainty", lang)))
    return (
        f'<details class="belt-legend{" panel" if panel else ""}"{"" if folded else " open"}>'
        f'<summary>{t("legend", lang)}</summary>'
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
    ".lg-swatch{width:14px;height:14px;border-radius:3px;display:inline-block;flex:none}"
    ".lg-line{width:18px;height:4px;border-radius:2px;display:inline-block;flex:none}"
    ".lg-dash{width:18px;height:0;border-top:3px dashed #6b7280;opacity:.7;display:inline-block;flex:none}"
    ".lg-circle{width:14px;height:14px;border-radius:50%;border:1px dashed #5a6270;background:rgba(90,98,112,.08);"
    "display:inline-block;flex:none}"
    ".belt-choro label{display:block;cursor:pointer;margin:2px 0}"
    ".site-marker{background:none;border:none}.flow-arrow{background:none;border:none}"
    ".site-marker.highlighted{z-index:900!important}"
    ".site-label{position:absolute;white-space:nowrap;font:700 16px " + FONT_STACK + ";"
    "color:#1d2430;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}"
    ".label-right{left:38px;top:6px}.label-left{right:38px;top:6px}"
    ".label-up{bottom:38px;left:50%;transform:translateX(-50%)}.label-down{top:38px;left:50%;transform:translateX(-50%)}"
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
            attr="© OpenStreetMap contributors © CARTO", name="CartoDB Positron", overlay=False, show=False,
        ),
    ]
    layers[0].overlay = False  # an empty base layer: the radio button that means "no tiles"
    key = os.environ.get("VWORLD_API_KEY")
    if key:
        layers.append(folium.TileLayer(
            tiles=f"https://api.vworld.kr/req/wmts/1.0.0/{key}/Base/{{z}}/{{y}}/{{x}}.png",
            attr="VWorld (국토교통부)", name="VWorld", overlay=False, show=False,
        ))
    return layers


PRESENTER_MAP_CSS = (
    "<style>"
    # On a projector the choropleth shows only its scale (the step chooses the metric), and
    # disappears when the step colours nothing.
    ".belt-choro label{display:none}.belt-choro:has(.choro-legend:empty){display:none}"
    "</style>"
)


def base_map(
    sido: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, lang: str,
    presenter: bool = False, legend_folded: bool = False,
) -> folium.Map:
    """The part of the map that does not change with filters: boundaries, legend, controls.

    ``presenter`` folds the legend and leaves the choropleth to the story's steps;
    ``legend_folded`` folds the legend when the page shows it beside the map.
    """
    m = offline_map()
    sgg, outline = boundary_layers(sido, sigungu, lang)
    sgg.add_child(_ChoroplethSwitch(lang))
    sgg.add_to(m)
    m.add_child(_ViewReport())
    m.add_child(AccessibleMap(lang))
    outline.add_to(m)
    for layer in basemap_choices(lang):
        layer.add_to(m)
    m.get_root().header.add_child(folium.Element(MAP_CSS + (PRESENTER_MAP_CSS if presenter else "")))
    folded = presenter or legend_folded
    m.get_root().html.add_child(folium.Element(legend_html(sectors, stages, lang, folded=folded)))
    m.fit_bounds(BELT_BOUNDS)
    return m


def dynamic_layers(
    sites: gpd.GeoDataFrame, links: pd.DataFrame, sectors: pd.DataFrame, summary: pd.DataFrame, lang: str,
    highlight: Iterable[str] = (), metric: str | None = None, hidden: Iterable[str] = (),
) -> list[folium.FeatureGroup]:
    """The layers that follow the view: error circles, flows under markers, markers, then the view's own script."""
    hidden = tuple(hidden)
    layers = [*flow_layers(links, sites, lang), *sector_layers(sites, sectors, lang, highlight)]
    for layer in layers:
        layer.show = layer.layer_id not in hidden
    return [uncertainty_layer(sites), *layers, view_layer(summary, lang, metric, hidden)]


def layer_control() -> folium.LayerControl:
    """The layer switcher: sectors, flow kinds and basemaps, toggled in the browser.

    Collapsed behind the layers button: expanded, its seventeen rows would cover half of a
    1280×720 projector image. The legend beside it stays open.
    """
    return folium.LayerControl(collapsed=True, position="topright")


def belt_map(
    sites: gpd.GeoDataFrame, links: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame,
    sido: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, summary: pd.DataFrame, lang: str = "ko",
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
