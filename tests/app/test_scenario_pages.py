"""The what-if scenario and the money by year in AppTest, on the shipped catalogue."""

import json

import pytest

from tests.app.conftest import dashboard
from tests.helpers import metric

BANNER = "시나리오: 제안 사업이 모두 추진될 경우"


def run(page, **query):
    """``page`` opened on ``query``, run, failing on any exception."""
    at = dashboard()
    for key, value in query.items():
        at.query_params[key] = value
    at.run().switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at):
    """Every markdown, caption and alert text of the page."""
    return [e.value for e in (*at.markdown, *at.caption, *at.warning)]


def gap_tables(at):
    """The tables of gaps and their outcome (the changed ones, then all)."""
    return [d.value for d in at.dataframe if "변화" in getattr(d.value, "columns", [])]


def test_the_value_chain_in_the_scenario_shows_which_gaps_the_proposals_close():
    """`/value-chain?scenario=proposals`: the banner, the belt's 1 closed / 1 narrowed / 11 open, the changed gaps."""
    at = run("views/value_chain.py", scenario="proposals")
    assert any(BANNER in text for text in texts(at))
    assert any("공백 13칸 가운데 1칸이 메워지고 1칸이 좁혀지며 11칸은 그대로" in text for text in texts(at))
    changed, every = gap_tables(at)
    assert set(changed["변화"]) == {"메워짐", "좁혀짐"} and len(changed) == 8
    assert len(every) == 77 and (every["변화"] == "남음").sum() == 69


def test_without_the_scenario_there_is_no_banner_and_no_gap_change():
    """The value chain as decided: no banner, no "+ 제안" line, no table of changed gaps."""
    at = run("views/value_chain.py")
    assert not any(BANNER in text for text in texts(at))
    assert not gap_tables(at)


def test_the_kpi_adds_the_proposals_and_keeps_the_confirmed_figure():
    """With the scenario the KPI reads "확정 5.31조원 + 제안 71.59조원"; the confirmed metric is the same as without."""
    plain, scenario = run("views/value_chain.py"), run("views/value_chain.py", scenario="proposals")
    assert metric(scenario, "확정 예산") == metric(plain, "확정 예산") == "5.31조원"
    assert "**확정 5.31조원 + 제안 71.59조원**" in [m.value for m in scenario.markdown]
    assert not [m for m in plain.markdown if "+ 제안" in m.value]


def test_the_scenario_switch_writes_the_url_and_speaks_english():
    """The sidebar toggle puts scenario=proposals in the address; in English the banner is in English."""
    at = run("views/value_chain.py", lang="en")
    at.toggle(key="scenario").set_value(True).run()
    assert not at.exception
    assert at.query_params["scenario"] in ("proposals", ["proposals"])
    assert any("Scenario: if every proposal went ahead" in text for text in texts(at))
    assert "**Confirmed KRW 5.31 tn + proposed KRW 71.59 tn**" in [m.value for m in at.markdown]


def test_the_programmes_page_draws_money_by_year_by_region_and_sector():
    """Two tabs of the chart, each with its table; the caption calls it an estimate and counts the undated money."""
    at = run("views/programs.py")
    assert [s.value for s in at.subheader if s.value == "연도별 예산 (추정)"]
    assert {"지역별", "분야별"} <= {tab.label for tab in at.tabs}
    caption = next(c.value for c in at.caption if c.value.startswith("연도별 배분은 총액을"))
    assert "기간 미상" in caption and "고르게 나눈 추정" in caption


def test_the_money_by_year_follows_the_region_filter():
    """Only Jeonbuk chosen: the region table holds Jeonbuk's money only."""
    at = run("views/programs.py", f_region="jeonbuk")
    tables = [d.value for d in at.dataframe if "연도" in getattr(d.value, "columns", [])]
    assert len(tables) == 2 and set(tables[0]["구분"]) == {"전북특별자치도"}
    by_region, by_sector = (table["금액 (억원, 추정)"].sum() for table in tables)
    assert by_region == pytest.approx(by_sector, abs=1) and by_region > 0


def trace_names(at):
    """The names of every trace of every chart on the page."""
    return {trace.get("name") for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]}


def test_the_gap_matrix_rings_the_cells_the_proposals_change():
    """In the scenario the matrices carry the proposals' trace; without it no matrix does."""
    marked = "제안으로 메워지거나 좁혀지는 칸"
    assert marked in trace_names(run("views/value_chain.py", scenario="proposals"))
    assert marked not in trace_names(run("views/value_chain.py"))


def test_the_map_page_in_the_scenario_names_it_and_keeps_the_confirmed_kpi():
    """`/?scenario=proposals`: the banner and "+ 제안" line on the map page; the confirmed KPI as without it."""
    plain, scenario = run("views/home.py"), run("views/home.py", scenario="proposals")
    assert any(BANNER in text for text in texts(scenario))
    assert metric(scenario, "확정 예산") == metric(plain, "확정 예산")
    assert any("+ 제안" in m.value for m in scenario.markdown)
