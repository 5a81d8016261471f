"""Figures: Sankey totals, network marks, gap colours, budget segments, timeline bars, offline-safe styling."""

import html

import pytest

from geo import analysis, charts
from geo.catalogue import load_catalogue
from geo.maps import FLOW_COLOURS, FONT_STACK
from tests.analysis_fixture import write_analysis_catalogue

CHAIN = ["energy", "compute", "rnd", "testbed", "application"]


@pytest.fixture
def cat(tmp_path):
    return load_catalogue(write_analysis_catalogue(tmp_path))


def all_figures(cat, lang="ko"):
    """Every figure the two pages draw, built from the fixture."""
    ranking = analysis.hub_ranking(cat.sites, cat.links)
    counts = analysis.gap_counts(cat.sites, cat.sectors["id"].tolist(), CHAIN)
    return {
        "sites_sankey": charts.sites_sankey(cat.sites, cat.sectors, cat.stages, cat.regions, lang),
        "links_sankey": charts.links_sankey(cat.sites, cat.links, cat.stages, lang),
        "network": charts.network_figure(cat.sites, cat.links, ranking, cat.sectors, cat.stages, cat.regions, lang),
        "gap": charts.gap_heatmap(counts, cat.sectors, cat.stages, lang),
        "budget": charts.budget_bars(
            analysis.budget_by_group_status(cat.programs, "sector"), charts.sector_labels(cat.sectors, lang), lang
        ),
        "timeline": charts.timeline_figure(cat.programs, cat.sectors, lang, this_year=2026),
    }


def overlapping(boxes):
    from geo.labels import boxes_intersect

    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if boxes_intersect(a, b)]


def trace(fig, name):
    """The one trace called ``name``."""
    (found,) = [t for t in fig.data if t.name == name]
    return found


def test_sites_sankey_link_values_sum_to_both_legs(cat):
    """Region → stage and stage → sector each carry the 13 site × sector pairs: 26 in all."""
    sankey = charts.sites_sankey(cat.sites, cat.sectors, cat.stages, cat.regions, "ko").data[0]
    assert sum(sankey.link.value) == 26
    labels = list(sankey.node.label)
    assert "광주광역시 6" in labels and "K-푸드 농생명 2" in labels


def test_sites_sankey_colours_sectors_from_the_catalogue_and_keeps_stage_order(cat):
    """Sector nodes take their colour from sectors.csv; stage nodes run top to bottom in chain order."""
    sankey = charts.sites_sankey(cat.sites, cat.sectors, cat.stages, cat.regions, "ko").data[0]
    labels = [label.rsplit(" ", 1)[0].replace("<br>", " ") for label in sankey.node.label]
    assert sankey.node.color[labels.index("K-푸드 농생명")] == "#009E73"
    stage_names = [html.escape(name) for name in cat.stages["name_ko"]]
    stage_y = [sankey.node.y[labels.index(name)] for name in stage_names]
    assert stage_y == sorted(stage_y)


def test_links_sankey_counts_links_and_colours_them_by_kind(cat):
    """The stage → stage Sankey carries the 8 links, each band in its link kind's map colour."""
    sankey = charts.links_sankey(cat.sites, cat.links, cat.stages, "ko").data[0]
    assert sum(sankey.link.value) == 8
    assert charts.rgba(FLOW_COLOURS["energy"], 0.6) in sankey.link.color


def test_network_marks_the_hub_largest_and_isolated_sites_hollow(cat):
    """gj-dc's marker is the largest; sites with no link are drawn white inside; cross-region links are apart."""
    ranking = analysis.hub_ranking(cat.sites, cat.links)
    fig = charts.network_figure(cat.sites, cat.links, ranking, cat.sectors, cat.stages, cat.regions, "ko")
    marks = {
        site: (size, fill)
        for t in fig.data
        if t.mode == "markers+text"
        for site, size, fill in zip(t.customdata, t.marker.size, t.marker.color, strict=True)
    }
    assert max(marks, key=lambda s: marks[s][0]) == "gj-dc"
    assert marks["gj-agency"][1] == marks["jb-car"][1] == "#FFFFFF"
    assert marks["gj-dc"][1] == "#3B3B3B"
    cross = trace(fig, "권역 간 연계")
    assert list(cross.x).count(None) == 4  # l1, l2, l4, l6


def test_network_positions_follow_stage_and_region(cat):
    """A site sits in its stage's column and its region's row; sites sharing a cell do not overlap."""
    xy = charts.network_positions(cat.sites, cat.stages["id"].tolist(), cat.regions["id"].tolist()).set_index("id")
    assert round(xy.at["gj-dc", "x"]) == 1 and round(xy.at["gj-dc", "y"]) == 0
    assert round(xy.at["jb-farm", "x"]) == 4 and round(xy.at["jb-farm", "y"]) == -2
    assert not xy.duplicated().any()


def test_gap_heatmap_colours_missing_thin_present(cat):
    """A cell's colour code is 0 missing, 1 thin, 2 present, and its text is the site count."""
    counts = analysis.gap_counts(cat.sites, cat.sectors["id"].tolist(), CHAIN)
    heat = charts.gap_heatmap(counts, cat.sectors, cat.stages, "ko").data[0]
    rows, cols = cat.sectors["id"].tolist(), CHAIN
    assert heat.z[rows.index("food")][cols.index("compute")] == 0
    assert heat.z[rows.index("energy")][cols.index("testbed")] == 1
    assert heat.z[rows.index("energy")][cols.index("energy")] == 2
    assert heat.text[rows.index("energy")][cols.index("energy")] == 2
    assert list(heat.x) == ["에너지 공급", "컴퓨팅·데이터", "R&amp;D·인재", "실증", "산업 적용"]
    assert "color:#009E73" in heat.y[rows.index("food")]


@pytest.mark.parametrize(
    ("label", "wrapped"),
    [
        ("산업 적용 (AX 수요)", "산업 적용<br>(AX 수요)"),
        ("Industrial application", "Industrial<br>application"),
        ("Compute & data", "Compute &amp; data"),
        ("컴퓨팅·데이터", "컴퓨팅·데이터"),
    ],
)
def test_wrap_label_breaks_wide_labels_instead_of_slanting_them(label, wrapped):
    """Wide labels wrap at spaces (Hangul counted double) and before brackets; text is escaped."""
    assert charts.wrap_label(label) == wrapped


def test_budget_bars_stack_statuses_without_a_total(cat):
    """One trace per status present, each holding only its own amounts; nothing is a total."""
    fig = charts.budget_bars(
        analysis.budget_by_group_status(cat.programs, "sector"), charts.sector_labels(cat.sectors, "ko"), "ko"
    )
    assert [t.name for t in fig.data] == ["확정", "추진 중", "제안"]
    assert fig.layout.barmode == "stack"
    confirmed = trace(fig, "확정")
    assert dict(zip(confirmed.y, confirmed.x, strict=True)) == {"ai_infra": 6000, "energy": 1196}
    assert list(confirmed.text) == ["6,000억원", "1,196억원"]
    assert trace(fig, "제안").marker.pattern.shape == "/"
    assert confirmed.marker.pattern.shape == ""
    assert list(fig.layout.yaxis.categoryarray) == ["mobility", "energy", "ai_infra"]


def test_budget_bars_keep_decided_and_asked_for_money_in_separate_panels(cat):
    """Confirmed and in-progress bars share the left panel; proposals have their own axis on the right."""
    fig = charts.budget_bars(
        analysis.budget_by_group_status(cat.programs, "region"), analysis.region_names(cat.regions, "ko"), "ko"
    )
    assert {t.name: t.xaxis for t in fig.data} == {"확정": "x", "추진 중": "x", "제안": "x2"}
    assert [a.text.replace("<br>", " ") for a in fig.layout.annotations] == [
        "확정·추진 중 (결정된 돈)",
        "제안·미확인 (요구·계획 금액)",
    ]
    assert list(fig.layout.yaxis.ticktext) == ["광주광역시", "전라남도", "전북특별자치도", "호남권 공통"]


def test_timeline_bars_span_start_to_end_year(cat):
    """Each bar starts at its start year and lasts end − start + 1 years; undated programmes are absent."""
    fig = charts.timeline_figure(cat.programs, cat.sectors, "ko", this_year=2026)
    bars = {
        y: (base, length) for t in fig.data if t.type == "bar" for y, base, length in zip(t.y, t.base, t.x, strict=True)
    }
    assert bars["p-wind"] == (2021, 10)
    assert bars["p-grid"] == (2026, 1)
    assert "p-car" not in bars
    assert fig.layout.shapes[0].x0 == 2026.5


def test_timeline_marks_a_programme_with_only_an_end_year(cat):
    """A programme with only an end year is a diamond in that year, not a bar."""
    programs = cat.programs.copy()
    programs.loc[programs["id"] == "p-car", "end_year"] = "2028"
    fig = charts.timeline_figure(programs, cat.sectors, "ko")
    (mark,) = [t for t in fig.data if t.type == "scatter" and "p-car" in t.y]
    assert list(mark.x) == [2028.5] and list(mark.marker.symbol) == ["diamond"]


def font_sizes(node, inside_font=False):
    """Every ``size`` set inside a ``*font`` object of a figure's JSON (template left out)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            if key == "size" and inside_font and isinstance(value, int | float):
                yield value
            else:
                yield from font_sizes(value, inside_font or key.endswith("font"))
    elif isinstance(node, list):
        for item in node:
            yield from font_sizes(item, inside_font)


def test_every_figure_uses_the_korean_font_and_projector_sized_type(cat):
    """The font stack is the dashboard's, and no font anywhere in a figure is set below 14 px."""
    for name, fig in all_figures(cat).items():
        assert fig.layout.font.family == FONT_STACK, name
        sizes = list(font_sizes(fig.to_plotly_json()))
        assert len(sizes) >= 3 and min(sizes) >= 14, (name, sizes)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_figure_needs_the_internet(cat, lang):
    """No map tiles, geo traces or MathJax: only SVG trace types and no $ in any text."""
    for name, fig in all_figures(cat, lang).items():
        assert {t.type for t in fig.data} <= {"sankey", "scatter", "heatmap", "bar"}, name
        assert "$" not in fig.to_json(), name
        layout = fig.to_plotly_json()["layout"]
        assert not {"mapbox", "map", "geo"} & layout.keys(), (name, sorted(layout))  # no tiles, no world map


def test_english_mode_labels_in_english(cat):
    """In English the status legend, stage axis and gap legend are English."""
    figures = all_figures(cat, "en")
    assert [t.name for t in figures["budget"].data] == ["Confirmed", "In progress", "Proposed"]
    assert "Compute &amp;<br>data" in list(figures["gap"].data[0].x)  # wrapped: six columns share 1366 px
    assert "Missing (0)" in [t.name for t in figures["gap"].data]


@pytest.mark.parametrize(("start", "end"), [(2024, 2026), (2018, 2031), (2009, 2031), (2020, 2027)])
def test_timeline_years_never_crowd_the_axis(cat, start, end):
    """Whatever the span, the timeline's axis shows at most nine year ticks (four digits each, side by side)."""
    programs = cat.programs.copy()
    programs["start_year"], programs["end_year"] = start, end
    fig = charts.timeline_figure(programs, cat.sectors, "ko")
    low, high = fig.layout.xaxis.range
    assert (high - low) / fig.layout.xaxis.dtick <= 9


def test_network_draws_a_row_only_for_each_region_shown(cat):
    """Filtered to one region the network has that region's row alone, not two empty rows (~500 px blank)."""
    jeonbuk = cat.sites[cat.sites["region"] == "jeonbuk"]
    ranking = analysis.hub_ranking(jeonbuk, cat.links)
    one = charts.network_figure(jeonbuk, cat.links, ranking, cat.sectors, cat.stages, cat.regions, "ko")
    full = all_figures(cat)["network"]
    assert list(one.layout.yaxis.ticktext) == ["전북특별자치도"]
    assert one.layout.yaxis.range[1] - one.layout.yaxis.range[0] < 1.2
    assert full.layout.height - one.layout.height >= 2 * 250
    ys = [y for t in one.data if t.mode == "markers+text" for y in t.y]
    assert ys and all(round(y) == 0 for y in ys)


def test_network_names_wrap_to_their_column_and_never_overlap(cat):
    """A hub's name wraps onto at most three lines no wider than a stage column, is cut only when longer
    than that; names side by side go above, then below, and one that fits neither way is left out."""
    from geo.charts.style import NETWORK_LINES, NETWORK_WRAP, _display_width

    long_en = "Gwangju AI Industrial Convergence Cluster"
    sites = cat.sites.copy()
    sites.loc[sites["id"] == "gj-dc", "name_en"] = long_en
    ranking = analysis.hub_ranking(sites, cat.links)
    fig = charts.network_figure(sites, cat.links, ranking, cat.sectors, cat.stages, cat.regions, "en")
    named = {
        s: (text, side)
        for t in fig.data
        if t.mode == "markers+text"
        for s, text, side in zip(t.customdata, t.text, t.textposition, strict=True)
        if text
    }
    assert named["gj-dc"][0] == "Gwangju AI<br>Industrial<br>Convergence Cl…"
    for text, _ in named.values():
        lines = html.unescape(text).split("<br>")
        assert len(lines) <= NETWORK_LINES and all(_display_width(line) <= NETWORK_WRAP for line in lines), text
    assert "…" not in "".join(text for s, (text, _) in named.items() if s != "gj-dc")
    xy = charts.network_positions(sites, cat.stages["id"].tolist(), cat.regions["id"].tolist()).set_index("id")
    crowd = {i: "Gwangju AI<br>Industrial<br>Convergence" for i in ["gj-dc", "gj-agency", "gj-lab"] if i in xy.index}
    xy.loc[list(crowd), ["x", "y"]] = [[1.0, 0.0], [1.1, 0.0], [1.2, 0.0]][: len(crowd)]
    boxes = charts.network_name_boxes(xy, crowd)
    assert [side for side, _ in boxes.values()][:2] == ["top center", "bottom center"]
    assert not overlapping([box for _, box in boxes.values()])
    assert len(boxes) == 2  # a third name side by side fits neither way: it is left to the hover


def test_sankey_keeps_room_below_for_its_lowest_label(cat):
    """The lowest node's label, centred on a thin node at the foot of its column, hangs into a bottom
    margin tall enough for half its lines (the last label was cut)."""
    for name in ("sites_sankey", "links_sankey"):
        fig = all_figures(cat)[name]
        node = fig.data[0].node
        lowest = max(range(len(node.y)), key=lambda i: node.y[i])
        lines = node.label[lowest].count("<br>") + 1
        assert fig.layout.margin.b >= lines * 14 * 1.4 / 2, name


def test_budget_panels_keep_their_ticks_apart_in_english(cat):
    """A long English sector name wraps beside its bar, and each panel has at most three ticks with a gap
    between the panels, so the left panel's last tick never runs into the right one's first."""
    from geo.charts.style import SECTOR_WRAP, _display_width

    sectors = cat.sectors.copy()
    sectors.loc[sectors["id"] == "mobility", "name_en"] = "Smart heavy industry & autonomous manufacturing"
    fig = charts.budget_bars(
        analysis.budget_by_group_status(cat.programs, "sector"), charts.sector_labels(sectors, "en"), "en"
    )
    for label in fig.layout.yaxis.ticktext:
        text = html.unescape(label.split("</span> ", 1)[1])
        assert all(_display_width(line) <= SECTOR_WRAP for line in text.split("<br>")), label
    assert fig.layout.xaxis.nticks <= 3 and fig.layout.xaxis2.nticks <= 3
    assert fig.layout.xaxis2.domain[0] - fig.layout.xaxis.domain[1] >= 0.08


def test_timeline_this_year_line_runs_behind_the_bars(cat):
    """The "this year" line is drawn below the bars, so it never crosses a bar's amount."""
    fig = charts.timeline_figure(cat.programs, cat.sectors, "en", this_year=2026)
    (line,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert line.layer == "below"
    # A hatched bar keeps its fill under the hatching, so the line does not show through it.
    assert all(t.marker.pattern.fillmode == "overlay" for t in fig.data if t.type == "bar" and t.marker.pattern.shape)
