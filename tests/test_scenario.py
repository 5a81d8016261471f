"""The "every proposal went ahead" scenario: what it adds, what it never changes, which gaps it closes."""

import pandas as pd
import pytest

from geo import analysis
from geo.filters import Filters, apply_filters
from geo.joins import confirmed_split, sigungu_summary
from geo.scenario import (
    SCENARIO,
    gap_change_table,
    gaps_closed,
    is_proposed,
    kpi_text,
    label,
    money,
    outcome_counts,
    scenario_view,
    titled,
    without_proposals,
)

YEAR = 2026
DECIDED_ONLY = Filters(site_statuses=("operating", "under_construction"), program_statuses=("confirmed",))


def test_the_scenario_adds_every_proposal_even_when_the_status_filter_leaves_them_out(shipped):
    """With only operating sites and confirmed programmes chosen, the scenario still adds the two proposed sites."""
    sc = scenario_view(shipped, DECIDED_ONLY)
    assert set(sc.added_sites) == {"jb-hmg-saemangeum", "jb-wanju-iseo-physical-ai"}
    assert len(sc.added_programs) == 23
    assert is_proposed(sc.view.programs.set_index("id").loc[list(sc.added_programs)]).all()
    assert set(sc.decided.sites["id"]) < set(sc.view.sites["id"])


def test_the_scenario_keeps_the_region_filter(shipped):
    """Choosing Gwangju: no Jeonbuk proposal is added."""
    sc = scenario_view(shipped, Filters(regions=("gwangju",)))
    assert not sc.added_sites
    assert set(sc.view.sites["region"]) == {"gwangju"}


def test_the_decided_view_is_exactly_the_filtered_view(shipped):
    """``decided`` is ``apply_filters``: same sites, programmes and links."""
    sc, plain = scenario_view(shipped, DECIDED_ONLY), apply_filters(shipped, DECIDED_ONLY)
    assert sc.decided.sites["id"].tolist() == plain.sites["id"].tolist()
    assert sc.decided.programs["id"].tolist() == plain.programs["id"].tolist()


@pytest.mark.parametrize(
    "filters", [Filters(), DECIDED_ONLY, Filters(regions=("jeonbuk",)), Filters(years=(2026, 2027))]
)
def test_the_confirmed_figure_is_the_same_with_and_without_the_scenario(shipped, filters):
    """The KPI's confirmed money with the scenario on is the KPI's own figure of the view without it."""
    plain = apply_filters(shipped, filters)
    figures = money(scenario_view(shipped, filters), YEAR)
    assert figures["confirmed"] == confirmed_split(plain.programs, YEAR)["total"]


def test_a_proposed_part_of_a_confirmed_programme_never_lowers_the_confirmed_figure(shipped):
    """A proposal inside a confirmed programme: with only confirmed programmes chosen, the scenario adds the part,
    yet the confirmed figure stays the one the KPI shows without the scenario (the container is not cut)."""
    from dataclasses import replace

    part = shipped.programs.iloc[[0]].assign(
        id="jb-part", status="proposed", overlaps="jb-physical-ai", budget_krw_100m="4000", lead_site_id=""
    )
    cat = replace(shipped, programs=pd.concat([shipped.programs, part], ignore_index=True))
    filters = Filters(program_statuses=("confirmed",))
    figures = money(scenario_view(cat, filters), YEAR)
    assert "jb-part" in scenario_view(cat, filters).added_programs
    assert figures["confirmed"] == confirmed_split(apply_filters(cat, filters).programs, YEAR)["total"] == 53109.0


def test_the_shipped_figures(shipped):
    """The belt: confirmed 5.31조 (53,109억); proposals 71.59조 counted once (HD Hyundai's national 15조 left out)."""
    figures = money(scenario_view(shipped, Filters()), YEAR)
    assert figures == {"confirmed": 53109.0, "proposed": 715914.0}
    assert kpi_text(figures, "ko") == "확정 5.31조원 + 제안 71.59조원"
    assert kpi_text(figures, "en") == "Confirmed KRW 5.31 tn + proposed KRW 71.59 tn"


def test_a_proposed_container_counts_only_what_its_parts_leave(shipped):
    """새만금: the 9조 plan with its 5.8조 data-centre part adds 9조 once, not 14.8조."""
    sc = scenario_view(shipped, Filters(regions=("jeonbuk",), program_statuses=("proposed",)))
    ids = set(sc.view.programs["id"])
    assert {"jb-hmg-saemangeum", "jb-saemangeum-ai-dc"} <= ids
    assert money(sc, YEAR)["proposed"] == 90000.0 + 214.0


def test_without_proposals_takes_them_out():
    """A view's proposed sites and programmes and the links to those sites go; the rest stays."""
    from geo.filters import View

    sites = pd.DataFrame({"id": ["a", "b"], "status": ["operating", "proposed"]})
    programs = pd.DataFrame({"id": ["p", "q"], "status": ["confirmed", "proposed"]})
    links = pd.DataFrame({"from_id": ["a", "a"], "to_id": ["a", "b"]})
    out = without_proposals(View(sites, programs, links))
    assert out.sites["id"].tolist() == ["a"] and out.programs["id"].tolist() == ["p"]
    assert len(out.links) == 1


def grid(rows):
    """A gap matrix from {sector: {stage: count}}."""
    return pd.DataFrame(rows).T


def test_gaps_closed_reads_each_gap_once():
    """Missing → 2 is closed, missing → 1 narrowed, thin → 2 closed, unchanged open; present cells are no gap."""
    before = grid({"bio": {"rnd": 0, "testbed": 1, "compute": 3}, "food": {"rnd": 0, "testbed": 0, "compute": 1}})
    after = grid({"bio": {"rnd": 2, "testbed": 2, "compute": 3}, "food": {"rnd": 1, "testbed": 0, "compute": 1}})
    gaps = gaps_closed(before, after)
    outcome = {(g.sector, g.stage): g.outcome for g in gaps.itertuples()}
    assert outcome == {
        ("bio", "rnd"): "closed",
        ("bio", "testbed"): "closed",
        ("food", "rnd"): "narrowed",
        ("food", "testbed"): "open",
        ("food", "compute"): "open",
    }
    assert gaps["outcome"].tolist()[:3] == ["closed", "closed", "narrowed"]
    assert outcome_counts(gaps) == {"closed": 2, "narrowed": 1, "open": 2}


def test_a_sector_absent_before_and_the_shared_row_are_not_read():
    """A sector with no site before has no gaps to close; the shared AI row is left out when named."""
    before = grid({"bio": {"rnd": 0, "testbed": 0}, "ai_infra": {"rnd": 0, "testbed": 1}})
    after = grid({"bio": {"rnd": 3, "testbed": 3}, "ai_infra": {"rnd": 2, "testbed": 2}})
    assert gaps_closed(before, after, shared="ai_infra").empty


def test_the_shipped_gaps_with_the_proposals(shipped):
    """새만금's energy site and 완주's testbed: one belt gap closes (heavy industry's energy stage), one narrows."""
    sc = scenario_view(shipped, Filters())
    sectors, stages = shipped.sectors["id"].tolist(), analysis.chain_stages(shipped.stages)
    regions = shipped.regions["id"].tolist()
    before = analysis.scoped_gap_counts(without_proposals(sc.view).sites, sectors, stages, regions)
    after = analysis.scoped_gap_counts(sc.view.sites, sectors, stages, regions)
    gaps = {s: gaps_closed(before[s], after[s], analysis.SHARED_SECTOR) for s in before}
    assert outcome_counts(gaps[analysis.BELT]) == {"closed": 1, "narrowed": 1, "open": 11}
    assert gaps[analysis.BELT].iloc[0][["sector", "stage", "before", "after"]].tolist() == ["heavy", "energy", 1, 2]
    assert outcome_counts(gaps["jeonbuk"]) == {"closed": 2, "narrowed": 4, "open": 20}
    assert outcome_counts(gaps["gwangju"]) == {"closed": 0, "narrowed": 0, "open": 18}


def test_the_gap_table_names_scope_sector_stage_and_outcome():
    """In words, one row per gap, with the outcome in the reader's language."""
    gaps = {"belt": gaps_closed(grid({"bio": {"rnd": 0, "testbed": 2}}), grid({"bio": {"rnd": 2, "testbed": 2}}))}
    table = gap_change_table(gaps, {"belt": "호남권 전체"}, {"bio": "바이오"}, {"rnd": "연구개발"}, "ko")
    assert table.values.tolist() == [["호남권 전체", "바이오", "연구개발", 0, 2, "메워짐"]]


def test_the_proposals_money_per_district_is_the_summary_column(shipped):
    """The district colouring's difference: 새만금's proposals sit in 군산시/부안군/김제시 by their lead site."""
    from geo.boundaries import load_sigungu

    sc = scenario_view(shipped, Filters())
    summary = sigungu_summary(sc.view.sites, sc.view.programs, load_sigungu())
    assert summary["budget_proposed"].sum() > 0
    decided = sigungu_summary(sc.decided.sites, sc.decided.programs.query("status != 'proposed'"), load_sigungu())
    assert decided["budget_proposed"].sum() == 0
    assert summary["budget_confirmed"].tolist() == decided["budget_confirmed"].tolist()


def test_every_export_title_names_the_scenario():
    """A title made in the scenario ends with its name, in both languages; without it the title is unchanged."""
    assert titled("Belt", SCENARIO, "en") == "Belt — Scenario: if every proposal went ahead"
    assert titled("벨트", SCENARIO, "ko").endswith(label("ko"))
    assert titled("벨트", None, "ko") == "벨트"
