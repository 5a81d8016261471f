"""Region flows: links between regions counted per direction, and when single links are drawn instead."""

import geopandas as gpd
import pandas as pd
import pytest

from geo import flows
from geo.catalogue import load_catalogue
from geo.paths import DEFAULT_DATA_DIR


@pytest.fixture
def sites():
    return gpd.GeoDataFrame(
        {"id": ["g1", "g2", "n1", "b1"], "region": ["gwangju", "gwangju", "jeonnam", "jeonbuk"]},
        geometry=gpd.points_from_xy([126.8, 126.9, 126.5, 127.1], [35.1, 35.2, 34.8, 35.8]),
        crs=4326,
    )


def test_region_flows_count_each_direction_and_leave_out_links_within_a_region(sites):
    """Two Gwangju→Jeonnam links, one back, one within Gwangju (not counted), one to an unknown site (left out)."""
    links = pd.DataFrame(
        {
            "from_id": ["g1", "g2", "n1", "g1", "g1"],
            "to_id": ["n1", "n1", "g2", "g2", "zz"],
            "evidence": ["sourced", "derived", "sourced", "sourced", "sourced"],
        }
    )
    out = flows.region_flows(links, sites)
    assert out[["from_region", "to_region", "links", "sourced"]].values.tolist() == [
        ["gwangju", "jeonnam", 2, 1],
        ["jeonnam", "gwangju", 1, 1],
    ]
    first = out.iloc[0]
    assert (first["from_lat"], first["to_lat"]) == (pytest.approx(35.15), pytest.approx(34.8))
    assert flows.within_region_counts(links, sites) == {"gwangju": 1}


def test_no_link_between_regions_gives_an_empty_table(sites):
    """Only links within a region: no flow, and the columns are still there."""
    out = flows.region_flows(pd.DataFrame({"from_id": ["g1"], "to_id": ["g2"]}), sites)
    assert out.empty and list(out.columns) == flows.FLOW_COLUMNS


def test_real_belt_flows_add_up_to_the_cross_region_links():
    """On the real catalogue the flows' counts add up to the links whose ends lie in two regions."""
    cat = load_catalogue(DEFAULT_DATA_DIR)
    region = dict(zip(cat.sites["id"], cat.sites["region"]))
    cross = (cat.links["from_id"].map(region) != cat.links["to_id"].map(region)).sum()
    out = flows.region_flows(cat.links, cat.sites)
    assert out["links"].sum() == cross and len(out) <= 6
    assert out["links"].is_monotonic_decreasing


def test_single_links_when_the_view_is_about_one_place(sites):
    """Belt flows for the whole belt; single links for a selected site, one region filtered, or one region shown."""
    assert flows.flow_mode(sites) == "belt"
    assert flows.flow_mode(sites, site="g1") == "links"
    assert flows.flow_mode(sites, regions_filter=("jeonbuk",)) == "links"
    assert flows.flow_mode(sites[sites["region"] == "gwangju"]) == "links"


def test_flow_labels_use_short_region_names():
    """광주광역시 → 광주, 전라남도 → 전남, 전북특별자치도 → 전북; the label reads "광주→전남 11"."""
    assert [flows.short_region_name(n) for n in ("광주광역시", "전라남도", "전북특별자치도", "Jeonbuk State")] == [
        "광주",
        "전남",
        "전북",
        "Jeonbuk",
    ]
    assert flows.flow_text("광주", "전남", 11) == "광주→전남 11"


@pytest.mark.parametrize(
    ("lang", "within"), [("ko", "광주 1건 · 전남 0건 · 전북 0건"), ("en", "Gwangju 1 · Jeollanam 0 · Jeonbuk 0")]
)
def test_belt_note_counts_the_flows_and_each_regions_own_links(sites, lang, within):
    """The note gives the links the flows add up and, per region in its short name, the links inside it."""
    regions = pd.DataFrame(
        {
            "id": ["gwangju", "jeonnam", "jeonbuk"],
            "name_ko": ["광주광역시", "전라남도", "전북특별자치도"],
            "name_en": ["Gwangju", "Jeollanam-do", "Jeonbuk State"],
        }
    )
    links = pd.DataFrame({"from_id": ["g1", "g2", "n1", "g1"], "to_id": ["n1", "n1", "b1", "g2"]})
    note = flows.belt_note(regions, links, sites, lang)
    assert within in note
    assert ("연계 3건" if lang == "ko" else "The 3 links") in note
