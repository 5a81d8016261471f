"""The site detail panel's content: facts, funding programmes, links both ways, provenance."""

import pytest

from geo.catalogue import load_catalogue
from geo.detail import site_detail
from geo.i18n import md_escape
from tests.catalogue_fixture import TEST_CITATION, write_catalogue


@pytest.fixture
def cat(tmp_path):
    return load_catalogue(write_catalogue(tmp_path))


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
