"""The belt's links on the map: curved, coloured by kind, with an arrowhead; and the region flows.

Each link kind is one switchable layer. At belt zoom the links between regions can be drawn
added up as a few thick flows with their count ("광주→전남 11", counted by
``geo.flows.region_flows``), the single links then showing only from `DETAIL_ZOOM`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.catalogue import LINK_KINDS
from geo.flows import flow_text, region_flows
from geo.i18n import localised, names, t
from geo.maps.scripts import SwitchableLayer
from geo.vocabulary import FLOW_COLOURS, flow_label, flow_layer_id

# The belt's flows get their own pane above the planner's layer (410–420) and the district fills (400).
FLOW_PANE = "beltFlows"
# A derived link (the catalogue's inference, no source states it) is drawn dashed and lighter.
DERIVED_DASH = "6 6"
DERIVED_OPACITY = 0.45
SOURCED_OPACITY = 0.8


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


def is_derived(link: pd.Series) -> bool:
    """Whether a link is the catalogue's inference rather than stated by a source."""
    return str(link.get("evidence", "")) == "derived"


def flow_style(link: pd.Series) -> dict:
    """Line options of a link: width by strength; dashed and lighter when it is derived."""
    weight = 1.5 + 1.5 * (int(link["strength"]) if str(link["strength"]).isdigit() else 1)
    if is_derived(link):
        return {"weight": max(weight - 1, 1.5), "opacity": DERIVED_OPACITY, "dash_array": DERIVED_DASH}
    return {"weight": weight, "opacity": SOURCED_OPACITY}


def flow_layers(
    links: pd.DataFrame, sites: gpd.GeoDataFrame, lang: str, zoomed_only: bool = False
) -> list[folium.FeatureGroup]:
    """One layer per link kind: curved lines from supplier to user, width by strength.

    Derived links are dashed and lighter, and their tooltip says so. ``zoomed_only`` draws
    them only from zoom 10 (the region flows stand for them at belt zoom).
    """
    zoomed = " flow-zoomed" if zoomed_only else ""
    where = dict(zip(sites["id"], zip(sites.geometry.y, sites.geometry.x)))
    site_names = names(sites, lang)
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
            description = link.get(localised("description", lang), "")
            derived = is_derived(link)
            tip = (
                f"<b>{html.escape(site_names[link['from_id']])} → {html.escape(site_names[link['to_id']])}</b>"
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
