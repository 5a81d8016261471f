"""Joins: sites to 시군구, programmes to sites, and the per-시군구 and per-region aggregates."""

import pytest

from geo import joins
from geo.catalogue import budget, load_catalogue
from tests.catalogue_fixture import SIGUNGU, changed_tables, write_catalogue


def test_sites_join_their_sigungu_and_offshore_keeps_declared(cat):
    """A land point takes the polygon it falls in; an offshore point keeps its declared 시군구."""
    joined = joins.sites_with_sigungu(cat.sites, SIGUNGU).set_index("id")
    assert joined.loc["gj-dc", "joined_code"] == "29170"
    assert joined.loc["jn-wind", "joined_code"] == "46910"
    assert joined.loc["jn-wind", "joined_name"] == "신안군"
    assert len(joined) == len(cat.sites)


def test_programs_for_site(cat):
    """A programme that lists several sites is found from each of them."""
    assert joins.programs_for_site(cat.programs, "jb-plant")["id"].tolist() == ["p-wind"]
    assert joins.programs_for_site(cat.programs, "gj-lab").empty


def test_programs_of_sites_fund_any_of_them(cat):
    """A programme is kept when it funds any one of the sites, matched by whole id, not by substring."""
    assert joins.programs_of_sites(cat.programs, ["jb-plant", "gj-lab"])["id"].tolist() == ["p-wind"]
    assert joins.programs_of_sites(cat.programs, {"gj-dc", "jn-wind"})["id"].tolist() == ["p-dc", "p-wind"]
    assert joins.programs_of_sites(cat.programs, ["jn", "wind"]).empty
    assert joins.funds_any(cat.programs, []).tolist() == [False, False]


def test_budget_by_status_keeps_statuses_apart(cat):
    """Confirmed and proposed money are never added together."""
    assert joins.budget_by_status(cat.programs) == {
        "confirmed": 6000.0,
        "in_progress": 0.0,
        "proposed": 1000.0,
        "unverified": 0.0,
    }


def test_sigungu_summary_puts_the_whole_budget_on_the_lead_site(cat):
    """A two-district programme's whole budget goes to its lead site's district, none to the other."""
    summary = joins.sigungu_summary(cat.sites, cat.programs, SIGUNGU).set_index("code")
    assert summary.loc["29170", "sites"] == 2
    assert summary.loc["29170", "sectors"] == 2
    assert summary.loc["29170", "budget_confirmed"] == 6000
    assert summary.loc["46910", "budget_proposed"] == 1000  # lead site jn-wind
    assert summary.loc["52130", "budget_proposed"] == 0  # an auxiliary site gets nothing
    assert joins.unallocated_budget(cat.programs, cat.sites).empty


def test_region_summary_and_cross_region_links(cat):
    """Per-region counts, and the energy link from Jeonnam to Gwangju is cross-region."""
    regions = joins.region_summary(cat.regions, cat.sites, cat.programs).set_index("id")
    assert regions.loc["gwangju", "sites"] == 2
    assert regions.loc["gwangju", "budget_confirmed"] == 6000
    assert regions.loc["jeonbuk", "budget_proposed"] == 0  # the wind programme is region "belt"
    assert joins.is_cross_region(cat.links, cat.sites).tolist() == [True, False]


def test_a_part_counts_where_it_is_and_its_container_the_rest(tmp_path):
    """A part (overlaps) counts with its own status and district; its container counts the rest, so all add up once."""
    tables = changed_tables("programs.csv", 1, overlaps="p-dc")  # the 1,000 proposed is part of the 6,000
    cat = load_catalogue(write_catalogue(tmp_path / "a", tables=tables))
    totals = joins.budget_by_status(cat.programs)
    assert (totals["proposed"], totals["confirmed"]) == (1000, 5000)
    summary = joins.sigungu_summary(cat.sites, cat.programs, SIGUNGU).set_index("code")
    assert summary.loc["46910", "budget_proposed"] == 1000
    assert summary.loc["29170", "budget_confirmed"] == 5000
    # "All statuses" adds the container's amount once, not 7,000.
    all_statuses = sum(summary[f"budget_{status}"].sum() for status in ("confirmed", "in_progress", "proposed"))
    assert all_statuses == 6000
    # Shown without its part (a filter), the container counts whole.
    assert joins.budget_by_status(cat.programs[cat.programs["id"] == "p-dc"])["confirmed"] == 6000


def test_national_amounts_are_never_added(tmp_path):
    """A national amount is shown in its row but left out of every total."""
    national = changed_tables("programs.csv", 0, scope="national")
    cat = load_catalogue(write_catalogue(tmp_path / "b", tables=national))
    assert joins.budget_by_status(cat.programs)["confirmed"] == 0
    assert (
        joins.region_summary(cat.regions, cat.sites, cat.programs).set_index("id").loc["gwangju", "budget_confirmed"]
        == 0
    )
    assert budget(cat.programs).iloc[0] == 6000  # the row itself still shows its amount


@pytest.mark.parametrize(
    ("end_year", "phase"),
    [("2021", "finished"), ("2025", "finished"), ("2026", "ongoing"), ("2030", "ongoing"), ("", "undated")],
)
def test_confirmed_split_by_last_year(tmp_path, end_year, phase):
    """Confirmed money is finished when its last year is before this year, under way from this year on, else undated."""
    tables = changed_tables("programs.csv", 0, end_year=end_year, start_year="2020")
    cat = load_catalogue(write_catalogue(tmp_path, tables=tables))
    split = joins.confirmed_split(cat.programs, 2026)
    assert split["total"] == 6000 and split[phase] == 6000
    assert split["total"] == split["finished"] + split["ongoing"] + split["undated"]
    regions = joins.region_summary(cat.regions, cat.sites, cat.programs, 2026).set_index("id")
    assert regions.loc["gwangju", f"confirmed_{phase}"] == 6000  # the region cards follow the same rule


def test_confirmed_split_leaves_other_statuses_out(tmp_path):
    """A proposal is never part of the confirmed split, finished or not."""
    tables = changed_tables("programs.csv", 1, end_year="2022", start_year="2020")
    cat = load_catalogue(write_catalogue(tmp_path, tables=tables))
    split = joins.confirmed_split(cat.programs, 2026)
    assert split == {"total": 6000, "finished": 0, "ongoing": 6000, "undated": 0}
    assert joins.confirmed_split_text(split, "ko") == "완료\u00a00억원 · 진행\u00a06,000억원"
    # Only the separator may break the line.
    assert joins.confirmed_split_text(split, "en").split(" ") == [
        "done\u00a0KRW\u00a00\u00a0bn",
        "·",
        "under\u00a0way\u00a0KRW\u00a0600\u00a0bn",
    ]


def test_a_programme_without_lead_site_is_not_allocated_to_a_district(tmp_path):
    """No lead site: nothing on the map; the money sits in its region's 'not allocated' bucket."""
    tables = changed_tables("programs.csv", 1, lead_site_id="")
    cat = load_catalogue(write_catalogue(tmp_path, tables=tables))
    summary = joins.sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    assert summary["budget_proposed"].sum() == 0
    loose = joins.unallocated_budget(cat.programs, cat.sites)
    assert loose.to_dict("records") == [{"region": "belt", "status": "proposed", "budget": 1000.0}]


def test_link_evidence_counts(cat):
    """The KPI header's split: one sourced and one derived link in the fixture."""
    assert joins.link_evidence_counts(cat.links) == {"sourced": 1, "derived": 1}


def test_a_programme_whose_site_is_still_being_built_is_not_finished(tmp_path):
    """Its last year has passed, but its lead site is under construction: the money counts as under way."""
    tables = changed_tables("programs.csv", 0, end_year="2024", start_year="2020")
    cat = load_catalogue(write_catalogue(tmp_path, tables=tables))
    assert joins.confirmed_split(cat.programs, 2026)["finished"] == 6000
    building = {"gj-dc": "under_construction"}
    assert joins.confirmed_split(cat.programs, 2026, building) == {
        "total": 6000,
        "finished": 0,
        "ongoing": 6000,
        "undated": 0,
    }
    regions = joins.region_summary(cat.regions, cat.sites, cat.programs, 2026, building).set_index("id")
    assert regions.loc["gwangju", "confirmed_ongoing"] == 6000
