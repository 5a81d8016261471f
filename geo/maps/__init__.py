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

Modules, one concern each:

- ``markers``: site markers (shape by stage, colour by sector), fanning out, error circles, clicks;
- ``flows``: links as curved arrows per kind, and the region flows drawn at belt zoom;
- ``names``: which sites are named at each zoom level (placement itself is ``geo.labels``);
- ``choropleth``: the 시군구 classes, their legend text and the switch on the map;
- ``scripts``: the elements that carry their own JavaScript (view state, reports, accessibility);
- ``keys``: the presenter's clicker keys inside the map frame;
- ``static``: the boundaries as content-hashed static files the map fetches (not in its script);
- ``style``: the map's CSS and its legend;
- ``build``: ``base_map``, ``dynamic_layers``, ``belt_map``, the layer control and the basemaps.
"""

from geo.maps.build import (
    base_map,
    belt_map,
    boundary_layers,
    dynamic_layers,
    layer_control,
    offline_map,
    view_bounds,
)
from geo.maps.choropleth import (
    CHORO_COLOURS,
    CHORO_METRICS,
    CHORO_ZERO,
    LAND_FILL,
    budget_rule_text,
    choropleth_data,
    class_breaks,
    class_labels,
)
from geo.maps.flows import DERIVED_DASH, FLOW_COLOURS, curve, flow_label, flow_layer_id, flow_style
from geo.maps.markers import HOLLOW_STATUSES, clicked_site, fan_offsets, marker_svg, site_tooltip, uncertainty_layer
from geo.maps.names import framed_level, marker_points, plan_names
from geo.maps.scripts import AccessibleMap, map_report
from geo.maps.style import MAP_CSS, legend_html
from geo.vocabulary import FONT_STACK

__all__ = [
    "CHORO_COLOURS",
    "CHORO_METRICS",
    "CHORO_ZERO",
    "DERIVED_DASH",
    "FLOW_COLOURS",
    "FONT_STACK",
    "HOLLOW_STATUSES",
    "LAND_FILL",
    "MAP_CSS",
    "AccessibleMap",
    "base_map",
    "belt_map",
    "boundary_layers",
    "budget_rule_text",
    "choropleth_data",
    "class_breaks",
    "class_labels",
    "clicked_site",
    "curve",
    "dynamic_layers",
    "fan_offsets",
    "flow_label",
    "flow_layer_id",
    "flow_style",
    "framed_level",
    "layer_control",
    "legend_html",
    "map_report",
    "marker_points",
    "marker_svg",
    "offline_map",
    "plan_names",
    "site_tooltip",
    "uncertainty_layer",
    "view_bounds",
]
