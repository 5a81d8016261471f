"""The site detail panel's content: facts, funding programmes, links both ways, provenance."""

import pandas as pd

from geo.catalogue import load_catalogue
from geo.detail import site_detail, site_figures
from geo.i18n import md_escape
from tests.catalogue_fixture import SITES, TEST_CITATION, _site, write_catalogue


def test_detail_lists_programmes_links_and_source(cat):
    """The data centre shows its funding programme, one link in and one out, and its source."""
    d = site_detail(cat, "gj-dc", "ko")
    assert d.name == "데이터센터"
    assert d.programs.iloc[0].tolist()[:4] == ["데이터센터", "6,000억원", "2026–2030", "확정"]
    assert sorted(d.links.iloc[:, 0]) == ["←", "→"]
    assert set(d.links.iloc[:, 1]) == {"해상풍력", "연구소"}
    assert (d.source, d.as_of) == (TEST_CITATION, "2025-12-24")
    assert d.source_markdown == f"[{md_escape(TEST_CITATION)}](https://example.org/a)"
    assert d.location_note == "추정 (오차 약 1.7 km)"


def test_detail_in_english_and_without_programmes(cat):
    """In English the labels change; a site no programme funds has an empty programme table."""
    d = site_detail(cat, "gj-lab", "en")
    assert ("Status", "Planned") in d.facts
    assert d.programs.empty
    assert list(d.links.iloc[:, 2]) == ["Compute"]


def test_panel_names_the_site_in_both_languages(tmp_path):
    """The panel's second name is the other language's; the role follows the reader's language."""
    site = _site("gj-dc", "데이터센터", "gwangju", "29170", 126.85, 35.2, ["ai_infra"], "compute")
    site["properties"] |= {"name_en": "Data centre", "role_ko": "계산", "role_en": "Computing"}
    cat = load_catalogue(write_catalogue(tmp_path, sites={**SITES, "features": [site, *SITES["features"][1:]]}))
    korean, english = site_detail(cat, "gj-dc", "ko"), site_detail(cat, "gj-dc", "en")
    assert (korean.name, korean.other_name, korean.role) == ("데이터센터", "Data centre", "계산")
    assert (english.name, english.other_name, english.role) == ("Data centre", "데이터센터", "Computing")


def test_figures_in_korean_only_are_said_to_be_korean():
    """An English reader sees Korean figures labelled as Korean, or the English figures when there are some."""
    korean_only = pd.Series({"figures_ko": "1GW", "figures_en": ""})
    assert site_figures(korean_only, "ko") == ("1GW", "주요 수치")
    assert site_figures(korean_only, "en") == ("1GW", "Key figures (in Korean only · 한국어)")
    assert site_figures(pd.Series({"figures_ko": "1GW", "figures_en": "1 GW"}), "en") == ("1 GW", "Key figures")
    assert site_figures(pd.Series({"figures_ko": ""}), "en") == ("", "Key figures")


def test_region_cards_and_site_panel_name_the_top_specialisations():
    from geo.detail import region_specialisations, site_specialisations

    label, text = region_specialisations("46", "ko")
    assert label == "특화 산업 (LQ, 2020)" and text.startswith("농림어업 4.1 · 전기·가스·수도 2.1")
    label, text = site_specialisations("46870", "en")
    assert label == "Specialisations of 영광군 (LQ, 2020)"
    assert text.startswith("Electricity, gas & water 23.4") and text.count(" · ") == 2
    # Either 구 of 전주시 shows the city's line, and says it is the city's.
    assert site_specialisations("52111", "ko")[1] == site_specialisations("52113", "ko")[1]
    assert "전주시 전체의 값" in site_specialisations("52111", "ko")[1]
    assert site_specialisations("11110", "ko") == ("", "")
