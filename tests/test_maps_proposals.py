"""The scenario's proposals on the map: rings round proposed sites, "제안" in their tooltip, the district difference."""

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.maps.choropleth import CHORO_ZERO, SCENARIO_DELTA, choropleth_data, metric_label
from geo.maps.markers import site_tooltip
from geo.maps.proposals import PROPOSAL_RING, RING_DASH, proposal_layer


def sites():
    """Two sites, one operating and one proposed."""
    return gpd.GeoDataFrame(
        {
            "id": ["built", "asked"],
            "name_ko": ["있는 곳", "제안된 곳"],
            "name_en": ["Built", "Asked"],
            "status": ["operating", "proposed"],
            "sectors": [["bio"], ["energy"]],
            "coord_precision": ["surveyed", "surveyed"],
        },
        geometry=[Point(126.9, 35.1), Point(126.6, 35.9)],
        crs="EPSG:4326",
    )


def test_a_ring_is_drawn_round_each_proposal_only():
    """One dashed orange ring, at the proposed site, taking no pointer."""
    html = proposal_layer(sites()).add_to(__import__("folium").Map()).get_root().render()
    assert html.count("scenario-proposed") == 1
    assert PROPOSAL_RING in html and RING_DASH in html and '"interactive": false' in html
    assert "35.9" in html


def test_an_empty_view_draws_no_ring():
    """No proposed site: an empty layer."""
    assert not proposal_layer(sites().iloc[:1])._children


def test_the_tooltip_of_a_proposal_says_it_is_not_decided():
    """ "제안 (미확정)" in a proposed site's tooltip, in both languages; not in a built one's."""
    frame, names = sites(), {"bio": "바이오", "energy": "에너지"}
    assert "제안 (미확정)" in site_tooltip(frame.iloc[1], names, "ko")
    assert "Proposed (not decided)" in site_tooltip(frame.iloc[1], names, "en")
    assert "제안" not in site_tooltip(frame.iloc[0], names, "ko")


def test_the_district_difference_colours_the_proposals_money():
    """``scenario_delta``: districts with proposed money coloured in money classes, the rest white "0"."""
    summary = pd.DataFrame(
        {
            "code": ["a", "b", "c"],
            "sites": [1, 0, 2],
            "sectors": [1, 0, 1],
            "budget_confirmed": [500.0, 0.0, 0.0],
            "budget_proposed": [0.0, 90000.0, 150000.0],
        }
    )
    data = choropleth_data(summary, "ko")[SCENARIO_DELTA]
    assert data["colours"]["a"] == CHORO_ZERO
    assert data["colours"]["b"] != CHORO_ZERO and data["colours"]["c"] != data["colours"]["b"]
    assert any("조원" in label for _, label in data["legend"])
    assert metric_label(SCENARIO_DELTA, "ko") == "제안 사업이 더할 금액 (미확정)"
