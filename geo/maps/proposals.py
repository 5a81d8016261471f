"""The proposals of the what-if scenario drawn apart on the map: a dashed orange ring round each proposed site.

Proposed sites are already hollow and dashed (``markers.HOLLOW_STATUSES``), as planned ones are;
in the scenario (``geo.scenario``) each proposal also gets a ring of its own colour and dash, so the
sites the scenario adds stand out from the belt as decided. The rings take no pointer and no tab
stop: the marker inside keeps its tooltip, which says "제안 (미확정)".
"""

from __future__ import annotations

import folium
import geopandas as gpd

from geo.scenario import is_proposed

# Orange (Okabe–Ito), 3:1 or more on the land's beige and on white; never a sector's solid fill.
PROPOSAL_RING = "#D55E00"
RING_PX = 17
RING_DASH = "5 4"


def proposal_layer(sites: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """A layer of dashed rings round the proposed sites among ``sites`` (empty when there are none)."""
    layer = folium.FeatureGroup(name="scenario-proposals", control=False, show=True)
    for _, site in sites[is_proposed(sites)].iterrows():
        ring = folium.CircleMarker(
            location=(site.geometry.y, site.geometry.x),
            radius=RING_PX,
            color=PROPOSAL_RING,
            weight=3,
            dash_array=RING_DASH,
            fill=False,
        )
        ring.options.update({"interactive": False, "className": "scenario-proposed"})
        ring.add_to(layer)
    return layer
