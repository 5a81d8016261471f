"""Text and table alternatives: the map's spoken summary, the keyboard's site list, charts as tables."""

import json
import re

import pandas as pd

from geo import accessible, analysis, maps
from geo.joins import sigungu_summary
from tests.catalogue_fixture import SIGUNGU


def test_summary_counts_sites_per_region_sectors_and_cross_region_links(cat):
    """Four sites (광주 2 · 전남 1 · 전북 1), two sectors, one cross-region link (wind → data centre)."""
    sites, links = accessible.shown_on_map(cat.sites, cat.links)
    assert accessible.map_summary(sites, links, cat.regions, "ko") == (
        "지도: 거점 4곳 — 광주광역시 2 · 전라남도 1 · 전북특별자치도 1 · 분야 2개 · 권역 간 연계 1건"
    )
    assert accessible.map_summary(sites, links, cat.regions, "en", "number of sites") == (
        "Map: 4 sites — Gwangju 2 · Jeollanam-do 1 · Jeonbuk State 1 · 2 sectors · 1 cross-region links · "
        "districts coloured by number of sites"
    )


def test_summary_follows_a_filter(cat):
    """Only Jeonbuk's site: the summary names Jeonbuk alone and no cross-region link."""
    jeonbuk = cat.sites[cat.sites["region"] == "jeonbuk"]
    sites, links = accessible.shown_on_map(jeonbuk, cat.links)
    assert accessible.map_summary(sites, links, cat.regions, "ko") == (
        "지도: 거점 1곳 — 전북특별자치도 1 · 분야 1개 · 권역 간 연계 0건"
    )


def test_summary_of_an_empty_map_says_so(cat):
    """No site shown: a plain sentence, not '0 sites —' with nothing after it."""
    sites, links = accessible.shown_on_map(cat.sites.iloc[0:0], cat.links)
    assert accessible.map_summary(sites, links, cat.regions, "ko").startswith("지도: 보이는 거점 없음")


def test_layers_switched_off_leave_the_map_and_its_summary(cat):
    """Hiding the energy layer removes the sites whose main sector is energy; hiding a flow kind removes its links."""
    sites, links = accessible.shown_on_map(cat.sites, cat.links, hidden=["energy", maps.flow_layer_id("compute")])
    assert sorted(sites["id"]) == ["gj-dc", "gj-lab"]  # gj-lab's main sector is ai_infra
    assert links.empty  # l1 lost its wind end, l2 its kind
    assert accessible.map_summary(sites, links, cat.regions, "ko").endswith("권역 간 연계 0건")


def test_sites_in_view_are_in_name_order_with_region_and_sector(cat):
    """The keyboard's list: names in Korean order; each option says region and main sector."""
    ids = accessible.sites_in_view(cat.sites, "ko")
    assert ids == ["jb-plant", "gj-dc", "gj-lab", "jn-wind"]  # 공장, 데이터센터, 연구소, 해상풍력
    by_name = cat.sites.set_index("id")["name_ko"]
    assert [by_name[i] for i in ids] == sorted(by_name[i] for i in ids)
    site = cat.sites.set_index("id").loc["gj-lab"].copy()
    site["id"] = "gj-lab"
    option = accessible.site_option(site, {"gwangju": "광주광역시"}, {"ai_infra": "AI 인프라"}, "ko")
    assert option == "연구소 — 광주광역시 · AI 인프라"


def test_gap_table_has_the_heatmap_numbers(cat):
    """Rows are sector names, columns stage names, cells the same counts the heatmap prints."""
    counts = analysis.gap_counts(cat.sites, cat.sectors["id"].tolist(), analysis.chain_stages(cat.stages))
    table = accessible.gap_table(counts, cat.sectors, cat.stages, "ko").set_index("분야")
    assert table.loc["에너지", "에너지 공급"] == counts.loc["energy", "energy"]
    assert int(table.to_numpy().sum()) == int(counts.to_numpy().sum())


def test_sankey_tables_have_the_bands(cat):
    """The site Sankey's bands sum to the site × sector pairs twice (two legs); the link Sankey's to the links."""
    sites_table = accessible.sites_sankey_table(cat.sites, cat.sectors, cat.stages, cat.regions, "en")
    pairs = sum(len(s) for s in cat.sites["sectors"])
    assert sites_table["Count"].sum() == 2 * pairs
    assert "Gwangju" in set(sites_table["from"])
    links_table = accessible.links_sankey_table(cat.sites, cat.links, cat.stages, "ko")
    assert links_table["개수"].sum() == len(cat.links)
    assert set(links_table["유형"]) == {"에너지", "컴퓨팅"}


def test_network_table_names_ends_kind_and_evidence(cat):
    """Each link between shown sites, with names, kind and whether a source states it."""
    table = accessible.network_table(cat.sites, cat.links, "ko")
    assert table.to_dict("records") == [
        {"출발": "해상풍력", "도착": "데이터센터", "유형": "에너지", "근거": "추정"},
        {"출발": "데이터센터", "도착": "연구소", "유형": "컴퓨팅", "근거": "출처"},
    ]


def test_budget_table_keeps_statuses_apart(cat):
    """Confirmed and proposed money sit in separate columns, never summed into one figure."""
    totals = analysis.budget_by_group_status(cat.programs, "sector")
    table = accessible.budget_table(totals, analysis.names(cat.sectors, "ko"), "ko").set_index("구분")
    assert table.loc["AI 인프라", "확정 (억원)"] == 6000
    assert table.loc["에너지", "제안 (억원)"] == 1000
    assert pd.isna(table.loc["에너지", "확정 (억원)"])


def test_timeline_table_states_only_known_years(cat):
    """A programme with only a start year shows no end year (the chart invents none either)."""
    programs = cat.programs.copy()
    programs.loc[programs["id"] == "p-wind", "end_year"] = ""
    table = accessible.timeline_table(programs, "en").set_index("Programme")
    assert table.loc["Data centre", "First year"] == 2026 and table.loc["Data centre", "Last year"] == 2030
    assert table.loc["Offshore wind", "First year"] == 2021 and pd.isna(table.loc["Offshore wind", "Last year"])


def test_map_frame_script_follows_the_language_and_markers_have_names(cat):
    """The frame's script sets its lang; markers carry their site's name; arrows are not tab stops."""
    sido = SIGUNGU.dissolve(by="region", as_index=False)
    summary = sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    page = maps.belt_map(cat.sites, cat.links, cat.sectors, cat.stages, sido, SIGUNGU, summary, "en").get_root()
    html = page.render()
    assert 'documentElement.lang = "en"' in html
    assert '"title": "Belt map"' in html
    # The marker's name, for screen readers (its span may carry the marker's spread offsets too).
    escaped = [
        json.dumps(part)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
        for part in ('<span class="sr-only" data-site="gj-lab"', ">연구소</span>")
    ]
    assert re.search(re.escape(escaped[0]) + r"[^<]*?" + re.escape(escaped[1]), html)
    # Every arrowhead (one per link) and every placed name is kept out of the tab order.
    assert html.count('"keyboard": false') >= len(cat.links) and '"keyboard": true' not in html
    assert "prefers-reduced-motion" in html and '"zoomAnimation": !window.matchMedia' in html


def test_district_table_has_the_choropleth_numbers(cat):
    """One row per district with something in it; the data centre's 6,000억 confirmed sits in 북구."""
    summary = sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    table = accessible.district_table(summary, cat.regions, "ko").set_index("시군구")
    assert table.loc["북구", "거점 수"] == 2 and table.loc["북구", "확정 (억원)"] == 6000
    assert table.loc["북구", "권역"] == "광주광역시"
    assert table["거점 수"].sum() == len(cat.sites)


def test_industry_metrics_have_their_table_with_every_polygon():
    from geo.boundaries import load_sigungu
    from geo.catalogue import load_catalogue
    from geo.paths import DEFAULT_DATA_DIR

    regions = load_catalogue(DEFAULT_DATA_DIR).regions
    table = accessible.industry_district_table("lq_utilities", load_sigungu(), regions, "en")
    assert list(table.columns) == [
        "Region",
        "시군구",
        "Electricity, gas & water LQ (2020)",
        "Businesses per 1,000 residents (2020)",
    ]
    assert len(table) == 42 and table.iloc[:, -1].between(50, 300).all()
    by_name = table.set_index("시군구").iloc[:, -2]
    assert by_name["영광군"] == 23.41 and by_name["전주시 완산구"] == by_name["전주시 덕진구"]
    change = accessible.industry_district_table("grdp_change", load_sigungu(), regions, "ko")
    assert change.set_index("시군구").at["광양시", "변화 2010→2020"] == "+9.3%"
