"""The map's links (geo/maps/flows.py): at belt zoom the links between regions drawn as counted flows."""

import folium

from geo import maps
from geo.flows import short_region_names
from geo.joins import sigungu_summary
from tests.catalogue_fixture import SIGUNGU


def render_layers(cat, flows):
    """The page of an empty map with the view's layers drawn with ``flows`` ("belt" or "links")."""
    summary = sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    m = folium.Map()
    region_names = short_region_names(cat.regions, "ko")
    for layer in maps.dynamic_layers(
        cat.sites, cat.links, cat.sectors, summary, "ko", flows=flows, region_names=region_names
    ):
        layer.add_to(m)
    return m.get_root().render()


def test_belt_flows_count_the_links_between_regions_and_keep_single_links_for_zoom_10(cat):
    """The one link from 전남 to 광주 is a counted flow labelled "전남→광주 1"; the single links show only zoomed in."""
    page = render_layers(cat, "belt")
    assert page.count('"className": "flow-agg"') == 1  # l2 stays inside 광주: no flow for it
    assert "전남→광주 1" in page
    assert page.count('"className": "flow flow-energy flow-derived flow-zoomed"') == 1
    assert page.count('"className": "flow flow-compute flow-zoomed"') == 1


def test_single_links_only_when_the_view_is_about_one_place(cat):
    """With ``flows="links"`` there is no counted flow, and every link shows at every zoom."""
    page = render_layers(cat, "links")
    assert "flow-agg" not in page and "flow-zoomed" not in page
    assert page.count('"className": "flow flow-compute"') == 1
