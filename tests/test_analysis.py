"""Analysis tables: gap matrix, Sankey flows, site network, budgets, timeline, targets, search, exports."""

import json

import pandas as pd
import pytest

from geo import analysis
from geo.catalogue import PROGRAM_STATUSES, CatalogueError, budget, load_catalogue, read_sites
from geo.paths import DEFAULT_DATA_DIR
from tests.analysis_fixture import write_analysis_catalogue

CHAIN = ["energy", "compute", "rnd", "testbed", "application"]


@pytest.fixture
def cat(tmp_path):
    return load_catalogue(write_analysis_catalogue(tmp_path))


@pytest.fixture
def sector_ids(cat):
    return cat.sectors["id"].tolist()


def reading(cat, finding, lang="ko"):
    """A finding as the page words it."""
    scopes = analysis.region_names(cat.regions, lang) | {analysis.BELT: "호남권 전체"}
    return analysis.gap_reading(
        finding, scopes, analysis.names(cat.sectors, lang), analysis.names(cat.stages, lang), lang
    )


# --- gap matrix -----------------------------------------------------------------------------


def test_chain_stages_leave_out_governance_and_keep_order(cat):
    """The hub stage is not part of the chain; the five chain stages keep their order."""
    assert analysis.chain_stages(cat.stages) == CHAIN


def test_a_site_counts_once_for_each_of_its_sectors(cat):
    """Ten sites, three of them in two sectors, give thirteen site × sector pairs."""
    pairs = analysis.site_sector_pairs(cat.sites)
    assert len(pairs) == 13
    assert sorted(pairs.loc[pairs["site_id"] == "jn-plant", "sector"]) == ["energy", "mobility"]


def test_a_sector_listed_twice_on_a_site_counts_once(cat):
    """A duplicated sector id on one site does not double that site."""
    sites = cat.sites.copy()
    sites.at[sites.index[0], "sectors"] = ["ai_infra", "ai_infra"]
    assert len(analysis.site_sector_pairs(sites)) == 13


def test_gap_counts_for_the_whole_belt(cat, sector_ids):
    """Belt matrix: food has only testbed and application; energy has two energy sites; no hub column."""
    counts = analysis.gap_counts(cat.sites, sector_ids, CHAIN)
    assert list(counts.columns) == CHAIN
    assert counts.loc["food"].tolist() == [0, 0, 0, 1, 1]
    assert counts.loc["energy"].tolist() == [2, 0, 0, 1, 1]
    assert counts.loc["mobility"].tolist() == [0, 0, 1, 1, 2]
    assert counts.loc["ai_infra"].tolist() == [0, 1, 1, 0, 0]  # the hub site is not counted


def test_gap_counts_for_one_region(cat, sector_ids):
    """Jeonbuk's matrix counts only Jeonbuk's sites; a sector absent there is all zeros."""
    counts = analysis.gap_counts(cat.sites, sector_ids, CHAIN, "jeonbuk")
    assert counts.loc["food"].tolist() == [0, 0, 0, 1, 1]
    assert counts.loc["energy"].sum() == 0
    assert counts.to_numpy().sum() == 3


def test_gap_levels_missing_thin_present(cat, sector_ids):
    """0 sites is missing, 1 is thin, 2 or more is present."""
    levels = analysis.gap_levels(analysis.gap_counts(cat.sites, sector_ids, CHAIN))
    assert levels.at["food", "compute"] == "missing"
    assert levels.at["energy", "testbed"] == "thin"
    assert levels.at["energy", "energy"] == "present"
    assert [analysis.gap_level(n) for n in (0, 1, 2, 7)] == ["missing", "thin", "present", "present"]


def test_gap_findings_skip_shared_infrastructure_and_absent_sectors(cat, sector_ids):
    """Gwangju's findings read energy and mobility, not AI infrastructure nor food (no food site there)."""
    counts = analysis.gap_counts(cat.sites, sector_ids, CHAIN, "gwangju")
    findings = analysis.gap_findings(counts, "gwangju")
    assert [f.sector for f in findings] == ["energy", "mobility"]  # 4 missing stages before 3
    assert findings[0].missing == ("energy", "compute", "rnd", "application")
    assert findings[0].present == ("testbed",) and findings[0].counts == (1,)


def test_gap_reading_in_korean_and_english(cat, sector_ids):
    """Jeonbuk's food chain reads as demonstration and application present, the first three stages missing."""
    counts = analysis.gap_counts(cat.sites, sector_ids, CHAIN, "jeonbuk")
    food = next(f for f in analysis.gap_findings(counts, "jeonbuk") if f.sector == "food")
    assert reading(cat, food) == (
        "전북특별자치도: K-푸드 농생명 — 실증 (1), 산업 적용 (1) 거점은 있으나 "
        "에너지 공급, 컴퓨팅·데이터, R&D·인재 거점이 없음"
    )
    assert reading(cat, food, "en") == (
        "Jeonbuk State: K-food & agri-life has Demonstration (1) and Industrial application (1) sites "
        "but no Energy supply, Compute & data or R&D & talent site"
    )


def test_shared_reading_says_what_the_common_infrastructure_offers(cat, sector_ids):
    """Belt-wide the shared AI infrastructure has a compute and an R&D site; Jeonbuk has none, so no sentence."""
    scopes = analysis.region_names(cat.regions, "ko") | {analysis.BELT: "호남권 전체"}
    names = analysis.names(cat.sectors, "ko"), analysis.names(cat.stages, "ko")
    belt = analysis.shared_reading(analysis.gap_counts(cat.sites, sector_ids, CHAIN), "belt", scopes, *names, "ko")
    assert belt.startswith("호남권 전체: AI 공통 인프라 거점 — 컴퓨팅·데이터 (1), R&D·인재 (1).")
    jeonbuk = analysis.gap_counts(cat.sites, sector_ids, CHAIN, "jeonbuk")
    assert analysis.shared_reading(jeonbuk, "jeonbuk", scopes, *names, "ko") == ""


def test_gap_reading_when_only_thin(cat):
    """A sector with every stage but one of them thin reads as "only one" site, not as missing."""
    finding = analysis.GapFinding("belt", "energy", tuple(CHAIN), (2, 2, 2, 1, 2), ("testbed",), ())
    assert reading(cat, finding, "en") == "호남권 전체: RE100 energy has only one Demonstration site"


def test_ranked_gaps_put_belt_wide_gaps_first(cat, sector_ids):
    """A gap of the whole belt outranks a regional one; food lacks the most stages belt-wide."""
    scoped = analysis.scoped_gap_counts(cat.sites, sector_ids, CHAIN, ["gwangju", "jeonnam", "jeonbuk"])
    ranked = analysis.ranked_gaps(scoped)
    assert list(scoped) == ["belt", "gwangju", "jeonnam", "jeonbuk"]
    assert [(f.scope, f.sector) for f in ranked[:3]] == [("belt", "food"), ("belt", "mobility"), ("belt", "energy")]
    assert all(f.scope != "belt" for f in ranked[3:])


# --- Sankey flows ---------------------------------------------------------------------------


def test_site_flows_balance_at_every_stage(cat, sector_ids):
    """Both legs sum to the 13 site × sector pairs, and each stage's inflow equals its outflow."""
    flows = analysis.site_flows(cat.sites, cat.stages["id"].tolist(), sector_ids)
    first = flows[flows["source"].str.startswith("region:")]
    second = flows[flows["source"].str.startswith("stage:")]
    assert first["value"].sum() == second["value"].sum() == 13
    inflow = first.groupby("target")["value"].sum()
    outflow = second.groupby("source")["value"].sum()
    assert inflow.sort_index().tolist() == outflow.sort_index().tolist()
    assert {"stage:energy", "sector:energy"} <= set(flows["source"]) | set(flows["target"])
    row = flows[(flows["source"] == "region:jeonnam") & (flows["target"] == "stage:energy")]
    assert row["value"].tolist() == [2]


def test_link_flows_count_each_link_once(cat):
    """Eight links give flows summing to 8; two kinds between the same sites stay two flows."""
    flows = analysis.link_flows(cat.links, cat.sites, cat.stages["id"].tolist())
    assert flows["value"].sum() == 8
    compute_rnd = flows[(flows["source"] == "from:compute") & (flows["target"] == "to:rnd")]
    assert sorted(compute_rnd["kind"]) == ["compute", "data"]


def test_link_flows_drop_links_to_sites_not_shown(cat):
    """A link whose end is filtered out is not counted."""
    sites = cat.sites[cat.sites["id"] != "jn-wind"]
    assert analysis.link_flows(cat.links, sites, cat.stages["id"].tolist())["value"].sum() == 7


# --- network --------------------------------------------------------------------------------


def test_hub_ranking_puts_the_most_linked_site_first(cat):
    """gj-dc has 5 links to 4 sites, 3 of them across a regional border, and ranks first."""
    ranking = analysis.hub_ranking(cat.sites, cat.links)
    top = ranking.iloc[0]
    assert (top["id"], top["links"], top["neighbours"], top["cross_links"]) == ("gj-dc", 5, 4, 3)
    assert ranking["links"].is_monotonic_decreasing
    assert ranking.iloc[1]["id"] == "gj-lab"
    assert len(ranking) == len(cat.sites)


def test_betweenness_is_highest_at_the_hub_and_zero_at_a_leaf(cat):
    """The hub lies on most shortest paths; a site with one link lies on none."""
    ranking = analysis.hub_ranking(cat.sites, cat.links).set_index("id")
    assert ranking["betweenness"].idxmax() == "gj-dc"
    assert ranking.at["jn-wind", "betweenness"] == 0


def test_isolated_sites_are_those_with_no_link(cat):
    """The agency and the Jeonbuk car plant have no link."""
    assert analysis.isolated_sites(analysis.hub_ranking(cat.sites, cat.links)) == ["gj-agency", "jb-car"]


def test_hub_table_names_columns_in_the_language(cat):
    """The display table keeps the id and labels its columns in Korean or English."""
    ranking = analysis.hub_ranking(cat.sites, cat.links)
    ko = analysis.hub_table(ranking, cat.sites, cat.regions, cat.sectors, cat.stages, "ko")
    en = analysis.hub_table(ranking, cat.sites, cat.regions, cat.sectors, cat.stages, "en")
    assert ko.loc[0, "id"] == "gj-dc" and ko.loc[0, "연계 수"] == 5 and ko.loc[0, "권역"] == "광주광역시"
    assert ko["순위"].tolist() == list(range(1, 11))
    assert en.loc[0, "Stage"] == "Compute & data"


# --- programmes -----------------------------------------------------------------------------


def test_budget_by_sector_keeps_statuses_apart(cat):
    """One row per (sector, status); mobility's in-progress and proposed money stay separate."""
    totals = analysis.budget_by_group_status(cat.programs, "sector")
    as_dict = {(g, s): b for g, s, b in totals.itertuples(index=False)}
    assert as_dict == {
        ("ai_infra", "confirmed"): 6000,
        ("energy", "confirmed"): 1196,
        ("mobility", "in_progress"): 3000,
        ("energy", "proposed"): 1000,
        ("mobility", "proposed"): 500,
    }
    assert set(totals["status"]) <= set(PROGRAM_STATUSES)
    assert not totals.duplicated(["group", "status"]).any()


def test_budget_by_region_includes_belt_wide_programmes(cat):
    """A belt-wide programme is its own group; the total of all rows equals the stated budgets."""
    totals = analysis.budget_by_group_status(cat.programs, "region")
    belt = totals[totals["group"] == "belt"]
    assert belt[["status", "budget"]].values.tolist() == [["proposed", 1000.0]]
    assert totals["budget"].sum() == budget(cat.programs).sum()


def test_programmes_without_a_budget_are_counted_not_zeroed(cat):
    """The food programme states no budget: it is left out of the totals and counted instead."""
    assert analysis.count_unbudgeted(cat.programs) == 1
    assert "food" not in set(analysis.budget_by_group_status(cat.programs, "sector")["group"])


def test_timeline_rows_keep_dated_programmes_in_order(cat):
    """Programmes are ordered by start year; one with no year at all is left out and counted."""
    rows = analysis.timeline_rows(cat.programs)
    assert rows["id"].tolist() == ["p-wind", "p-food", "p-grid", "p-dc", "p-valley"]
    assert analysis.count_undated(cat.programs) == 1
    assert set(rows["period"]) == {"full"}


def test_timeline_rows_mark_programmes_with_one_known_year(cat):
    """A programme with only an end (or only a start) year is kept and marked, not given a period."""
    programs = cat.programs.copy()
    programs.loc[programs["id"] == "p-car", "end_year"] = "2027"
    programs.loc[programs["id"] == "p-grid", "end_year"] = ""
    rows = analysis.timeline_rows(programs).set_index("id")
    assert (rows.at["p-car", "period"], rows.at["p-car", "start"], rows.at["p-car", "end"]) == ("end_only", 2027, 2027)
    assert rows.at["p-grid", "period"] == "start_only"
    assert analysis.count_undated(programs) == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["p-dc", "p-valley", "p-grid", "p-wind", "p-food", "p-car"]),
        ("실증", ["p-valley", "p-food"]),
        ("OFFSHORE", ["p-wind"]),
        ("과학기술정보통신부", ["p-dc"]),
        ("ax valley", ["p-valley"]),
        ("ax wind", []),
    ],
)
def test_search_matches_names_and_lead_organisation(cat, query, expected):
    """Every word must appear in the Korean or English name or the lead organisation, ignoring case."""
    assert analysis.search_programs(cat.programs, query)["id"].tolist() == expected


def test_program_table_keeps_an_unknown_budget_unknown(cat):
    """An empty budget reads "미정" (never 0, never "None"); periods read 2026–2030 or a single year; belt is named."""
    table = analysis.program_table(cat.programs, cat.sectors, cat.stages, cat.regions, "ko")
    assert table.loc[4, "예산 (억원)"] == "미정"
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()
    assert table.loc[0, "기간"] == "2026–2030" and table.loc[2, "기간"] == "2026"
    assert table.loc[3, "권역"] == "호남권 공통" and table.loc[0, "상태"] == "확정"


def test_program_table_says_which_end_of_a_period_is_unknown(cat):
    """Only a start year reads "2026–", only an end year "–2027", neither "기간 미정" (never an empty cell)."""
    programs = cat.programs.copy()
    programs.loc[programs["id"] == "p-grid", "end_year"] = ""
    programs.loc[programs["id"] == "p-food", "start_year"] = ""
    periods = analysis.program_table(programs, cat.sectors, cat.stages, cat.regions, "ko")["기간"].tolist()
    assert periods == ["2026–2030", "2026–2030", "2026–", "2021–2030", "–2027", "기간 미정"]


# --- targets --------------------------------------------------------------------------------


def test_read_targets_and_filter_by_region(tmp_path):
    """Targets are read from targets.csv; a region filter keeps that region and the belt-wide ones."""
    targets = analysis.read_targets(write_analysis_catalogue(tmp_path))
    assert analysis.targets_for(targets, ())["id"].tolist() == ["t-output", "t-wind", "t-firms"]
    assert analysis.targets_for(targets, ("jeonbuk",))["id"].tolist() == ["t-firms"]


def test_target_groups_split_plan_and_measure(tmp_path):
    """ "광주 2030 비전: 생산액" is the measure 생산액 of the plan 광주 2030 비전; a plain name is both."""
    targets = analysis.read_targets(write_analysis_catalogue(tmp_path))
    groups = analysis.target_groups(targets, "ko")
    assert [plan for plan, _ in groups] == ["광주 2030 비전", "해상풍력 설비", "AI 기업"]
    assert groups[0][1]["measure"].tolist() == ["생산액"]
    assert groups[1][1]["measure"].tolist() == ["해상풍력 설비"]
    assert analysis.target_groups(targets, "en")[0][0] == "Gwangju 2030 vision"


def test_read_targets_without_a_file_or_with_a_missing_column(tmp_path):
    """No file gives an empty table; a missing column is reported by file and column."""
    assert analysis.read_targets(tmp_path).empty
    (tmp_path / "targets.csv").write_text("id,name_ko\nx,y\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="targets.csv, value: required column is missing"):
        analysis.read_targets(tmp_path)


@pytest.mark.parametrize(
    ("value", "ko", "en", "expected_ko", "expected_en"),
    [
        ("101", "조원", "KRW trillion", "101조원", "KRW 101 tn"),
        ("9831", "억원", "KRW 100m", "9,831억원", "KRW 983.1 bn"),
        ("110000", "명", "people", "110,000명", "110,000 people"),
        ("8.2", "GW", "GW", "8.2GW", "8.2 GW"),
    ],
)
def test_format_target(value, ko, en, expected_ko, expected_en):
    """Money goes through 억원/조원 formatting; other units are written after the number."""
    target = pd.Series({"value": value, "unit_ko": ko, "unit_en": en})
    assert analysis.format_target(target, "ko") == expected_ko
    assert analysis.format_target(target, "en") == expected_en


def test_the_real_targets_file_is_sourced_and_states_the_gwangju_2030_vision():
    """data/targets.csv: every row has a source, date and known status; the 2030 vision is 101조, 110,000, 33조."""
    targets = analysis.read_targets(DEFAULT_DATA_DIR).set_index("id")
    assert len(targets) >= 3
    assert targets["source"].str.len().min() > 0
    assert pd.to_datetime(targets["as_of"], format="%Y-%m-%d").notna().all()
    assert set(targets["status"]) <= set(analysis.TARGET_STATUSES)
    assert set(targets["region"]) <= {"gwangju", "jeonnam", "jeonbuk", "belt"}
    assert pd.to_numeric(targets["value"]).notna().all()
    vision = targets.loc[["gj-2030-output", "gj-2030-employment", "gj-2030-value-added"]]
    assert vision[["value", "unit_ko", "target_year"]].values.tolist() == [
        ["101", "조원", "2030"],
        ["110000", "명", "2030"],
        ["33", "조원", "2030"],
    ]


# --- downloads ------------------------------------------------------------------------------


def test_sites_csv_is_excel_ready_with_coordinates(cat):
    """The CSV starts with a BOM, holds lon/lat, and writes sectors ;-separated."""
    data = analysis.sites_csv(cat.sites)
    assert data.startswith("\ufeff".encode())
    frame = pd.read_csv(pd.io.common.BytesIO(data), encoding="utf-8-sig", dtype=str)
    row = frame.set_index("id").loc["jn-plant"]
    assert row["sectors"] == "energy;mobility"
    assert (float(row["lon"]), float(row["lat"])) == (126.7047, 34.8062)


def test_sites_geojson_reads_back_as_the_same_sites(cat, tmp_path):
    """The GeoJSON download is a catalogue sites file: same ids, sector lists and points."""
    path = tmp_path / "sites.geojson"
    path.write_bytes(analysis.sites_geojson(cat.sites))
    back = read_sites(path)
    assert back["id"].tolist() == cat.sites["id"].tolist()
    assert back["sectors"].tolist() == cat.sites["sectors"].tolist()
    assert back.geometry.equals(cat.sites.geometry)
    assert json.loads(path.read_text(encoding="utf-8"))["features"][0]["properties"]["name_ko"] == "거점 gj-dc"


def test_programs_csv_keeps_catalogue_columns(cat):
    """The programmes download has the catalogue's own columns, so it can be edited and loaded back."""
    frame = pd.read_csv(pd.io.common.BytesIO(analysis.programs_csv(cat.programs)), encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == list(cat.programs.columns)
    assert len(frame) == 6


def test_belt_opportunities_keep_the_chosen_regions_and_sectors_and_name_the_industries():
    from geo.boundaries import load_sigungu
    from geo.catalogue import load_catalogue
    from geo.paths import DEFAULT_DATA_DIR

    cat = load_catalogue(DEFAULT_DATA_DIR)
    found = analysis.belt_opportunities(
        cat.sites, cat.programs, load_sigungu(), ["food", "energy"], ["jeonnam"], cat.regions
    )
    assert set(found["sector"]) <= {"food", "energy"} and found["code"].str.startswith("46").all()
    # 신안군 farms and fishes at 18 times the national share, and the belt has no K-food site there.
    first = found.iloc[0]
    assert (first["code"], first["sector"], first["kind"]) == ("46910", "food", "strong_base_no_site")
    table = analysis.opportunity_table(found, cat.sectors, "en")
    assert table.iloc[0]["Industries it rests on"] == "Agriculture, forestry & fishing"
    assert analysis.opportunities_csv(table).startswith(b"\xef\xbb\xbf")
    (strong, weak) = analysis.opportunity_readings(found, cat.sectors, "ko")
    assert strong.startswith("신안군: K-푸드 농생명") and "17.89" in strong
    assert "산업 기반이 약함" in weak


def test_program_table_shows_the_status_and_budget_basis_cited(cat):
    """With the bibliography, each programme shows its decision (source ids made citations) and its plan year."""
    table = analysis.program_table(cat.programs, cat.sectors, cat.stages, cat.regions, "ko", cat.sources)
    assert table.columns[4:8].tolist() == ["상태", "상태 근거", "예산 (억원)", "예산 근거 (기준 연도)"]
    basis = table.loc[0, "상태 근거"]
    assert basis.startswith("2025-12-02: 예산 의결 (") and "[" not in basis  # never a source id
    assert table.loc[0, "예산 근거 (기준 연도)"] == "2025 계획"
    assert table.loc[3, "상태 근거"] == ""  # a proposal without one
    # Without the bibliography the table is as before.
    assert "상태 근거" not in analysis.program_table(cat.programs, cat.sectors, cat.stages, cat.regions, "ko")


def test_the_gap_scope_follows_the_filters(cat):
    """No region kept: the whole belt and every region, each its own tab. One region kept: its tab alone."""
    from geo.filters import Filters

    whole = analysis.gap_scope(cat.sites, cat.sectors, cat.stages, cat.regions, Filters(), "en")
    assert list(whole.counts) == [analysis.BELT, *cat.regions["id"]]
    assert list(whole.tabs()) == list(whole.counts)
    assert whole.sector_ids == cat.sectors["id"].tolist()
    region = cat.regions["id"].iloc[0]
    one = analysis.gap_scope(cat.sites, cat.sectors, cat.stages, cat.regions, Filters(regions=(region,)), "en")
    assert list(one.tabs()) == [region]
    assert one.scope_names[analysis.BELT] == analysis.region_names(cat.regions, "en")[region]


def test_opportunities_split_by_reading_strong_base_first():
    from geo.i18n import t

    strong, weak = t("opp_kind_strong_base_no_site", "en"), t("opp_kind_site_without_base", "en")
    table = pd.DataFrame({t("opp_col_kind", "en"): [weak, strong, weak], "시군구": ["x", "y", "z"]})
    groups = analysis.opportunity_groups(table, "en")
    assert [(kind, rows["시군구"].tolist()) for kind, rows in groups] == [(strong, ["y"]), (weak, ["x", "z"])]
    assert all(list(rows.columns) == ["시군구"] for _, rows in groups)
