"""The value-chain and programme pages in AppTest: render, follow the shared filters, hand over to the map."""

import json

import pandas as pd
import pytest

from tests.analysis_fixture import write_analysis_catalogue
from tests.helpers import metric


@pytest.fixture
def app(app, tmp_path, monkeypatch):
    """The dashboard on the analysis fixture catalogue, run once."""
    monkeypatch.setenv("AXBELT_DATA_DIR", str(write_analysis_catalogue(tmp_path)))
    return app.run()


def open_page(at, page):
    """Switch to ``page`` and run it, failing on any exception."""
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at):
    """The programme table (the last dataframe: those above it are the charts' tables)."""
    return at.dataframe[-1].value


def test_value_chain_renders_and_follows_the_region_filter(app):
    """Ten sites and ten ranked hubs; after choosing Jeonbuk, three of each and only Jeonbuk's gap tab."""
    at = open_page(app, "views/value_chain.py")
    assert metric(at, "거점") == "10"
    hubs = at.dataframe(key="vc_hubs").value
    assert len(hubs) == 10 and hubs.iloc[0]["id"] == "gj-dc"
    assert [tab.label for tab in at.tabs] == ["호남권 전체", "광주광역시", "전라남도", "전북특별자치도"]
    at.multiselect(key="f_region").select("jeonbuk").run()
    assert not at.exception
    assert metric(at, "거점") == "3"
    assert len(at.dataframe(key="vc_hubs").value) == 3
    assert [tab.label for tab in at.tabs] == ["전북특별자치도"]  # the filtered view is named, not "호남권 전체"
    assert not [m.value for m in at.markdown if "호남권 전체" in m.value]


def test_value_chain_states_the_largest_gap_first(app):
    """The first reading on the page is the belt-wide food gap."""
    at = open_page(app, "views/value_chain.py")
    first = next(m.value for m in at.markdown if m.value.startswith("- **"))
    assert "호남권 전체: K-푸드 농생명" in first and "컴퓨팅·데이터" in first


def test_value_chain_switches_the_sankey_to_links(app):
    """Choosing the link view changes the caption to the one that states the link weighting."""
    at = open_page(app, "views/value_chain.py")
    at.radio(key="vc_sankey_mode").set_value("links").run()
    assert not at.exception
    assert any("links.csv" in c.value for c in at.caption)


def test_value_chain_hands_a_sector_over_to_the_map(app):
    """Choosing a sector and pressing the button sets the shared sector filter for the map page."""
    at = open_page(app, "views/value_chain.py")
    at.selectbox(key="vc_sector").select("food").run()
    at.button(key="vc_focus_sector").click().run()
    assert not at.exception
    assert at.session_state["f_sector"] == ["food"]
    assert at.query_params["f_sector"] in ("food", ["food"])
    assert at.title[0].value == "호남권 초광역 AX혁신벨트"  # now on the map page


def test_programs_renders_and_follows_the_region_filter(app):
    """Confirmed 7,196억원 belt-wide; in Jeonbuk 0억원, with only the Jeonbuk proposal and belt-wide targets."""
    at = open_page(app, "views/programs.py")
    assert metric(at, "확정") == "7,196억원"
    assert metric(at, "제안") == "1,500억원"
    assert metric(at, "생산액 (2030)") == "101조원"
    at.multiselect(key="f_region").select("jeonbuk").run()
    assert not at.exception
    assert metric(at, "확정") == "0억원"
    assert metric(at, "제안") == "500억원"
    assert [m.label for m in at.metric if m.label.endswith("(2030)")] == ["AI 기업 (2030)"]


def test_programs_charts_are_sent_without_the_plotly_logo(app):
    """Every chart on the page reaches the browser with the toolbar's plotly logo (a link off the network) off."""
    at = open_page(app, "views/programs.py")
    configs = [json.loads(chart.proto.config) for chart in at.get("plotly_chart")]
    assert len(configs) >= 3 and all(config["displaylogo"] is False for config in configs), configs


def test_programs_search_filters_the_table(app):
    """Searching "실증" leaves the two demonstration programmes in the table."""
    at = open_page(app, "views/programs.py")
    assert len(table(at)) == 6
    at.text_input(key="pg_search").input("실증").run()
    assert sorted(table(at)["사업"]) == ["AX 실증밸리", "푸드테크 실증"]


def test_programs_in_english(app):
    """In English the status totals and the table headers are English."""
    at = app
    at.query_params["lang"] = "en"
    at = open_page(at, "views/programs.py")
    assert metric(at, "Confirmed") == "KRW 719.6 bn"
    assert "Programme" in table(at).columns


def test_programme_search_lives_in_the_url(app, new_app):
    """A search typed on the programmes page is kept in the URL and restored from it."""
    at = open_page(app, "views/programs.py")
    at.text_input(key="pg_search").input("새만금").run()
    assert at.query_params["pg_search"] in ("새만금", ["새만금"])
    again = new_app("views/programs.py")
    again.query_params["pg_search"] = "새만금"
    again.run()
    assert again.text_input(key="pg_search").value == "새만금"


def opportunity_frames(at, column):
    """The opportunity tables, one per tab: those with the LQ column, in tab order."""
    return [d.value for d in at.dataframe if column in d.value.columns]


def test_value_chain_reads_the_industrial_base_against_the_belt(new_app):
    """The opportunity table: strong bases without a site first, investment without a base after; both downloads."""
    at = open_page(new_app(None).run(), "views/value_chain.py")
    strong, weak = opportunity_frames(at, "LQ (2020)")
    headings = [m.value for m in at.markdown]
    assert f"**기반 있음, 거점 없음 ({len(strong)})**" in headings and f"**기반 없는 투자 ({len(weak)})**" in headings
    assert (strong["LQ (2020)"] >= 1.25).all() and (strong[["거점 수", "사업 수"]] == 0).all().all()
    assert strong["LQ (2020)"].is_monotonic_decreasing and weak["LQ (2020)"].is_monotonic_increasing
    assert (weak["LQ (2020)"] < 0.8).all() and ((weak["거점 수"] + weak["사업 수"]) > 0).all()
    # The largest opening and the weakest base are named among the first readings of the page.
    readings = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("- **")]
    top = strong.iloc[0]
    assert any(f"{top['시군구']}: {top['분야']}" in r and "LQ 17.89" in r for r in readings[:6]), readings
    assert any("산업 기반이 약함" in r for r in readings[:6])
    labels = [b.label for b in at.get("download_button")]
    assert "기회·공백 표 (CSV)" in labels and "시군구 산업별 부가가치·LQ 전체 표 (CSV)" in labels


def test_opportunity_table_follows_the_region_filter_and_the_language(new_app):
    at = new_app(None)
    at.query_params["f_region"] = "jeonbuk"
    at.query_params["lang"] = "en"
    at = open_page(at.run(), "views/value_chain.py")
    tables = opportunity_frames(at, "LQ (2020)")
    assert len(tables) == 2 and all(len(table) for table in tables)
    headings = [m.value.split(" (")[0] for m in at.markdown]
    assert "**Base without a site" in headings and "**Investment without a base" in headings
    table = pd.concat(tables)
    jeonbuk = {"전주시", "군산시", "익산시", "정읍시", "남원시", "김제시", "완주군", "진안군"}
    jeonbuk |= {"무주군", "장수군", "임실군", "순창군", "고창군", "부안군"}
    assert set(table["시군구"]) <= jeonbuk


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_programme_table_shows_each_period_whole(app, lang):
    """The period column is as wide as its longest period (Streamlit's "small" 75 px cut "2020–2027" to "020-202")."""
    from geo.labels import text_size

    app.query_params["lang"] = lang
    at = open_page(app, "views/programs.py")
    period = "기간" if lang == "ko" else "Period"
    widths = json.loads(at.dataframe[-1].proto.columns)
    longest = max(text_size(str(v), 14, bold=False)[0] for v in table(at)[period])
    assert isinstance(widths[period]["width"], int) and widths[period]["width"] >= longest + 24
