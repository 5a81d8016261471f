"""The value-chain and programme pages in real Chromium: charts drawn, nothing fetched from outside."""

import pytest

from tests.browser.conftest import loaded

pytestmark = pytest.mark.browser

PLOT = ".js-plotly-plot"


# The key of every ``ui.chart`` container (``st-key-chart_<key>``) whose Plotly chart has drawn its SVG.
DRAWN = """() => [...document.querySelectorAll('[class*="st-key-chart_"]')]
    .filter(c => c.querySelector('.js-plotly-plot .main-svg'))
    .map(c => [...c.classList].find(n => n.startsWith('st-key-chart_')).slice('st-key-chart_'.length))"""


def drawn_charts(page, keys) -> set[str]:
    """Wait until the charts ``keys`` (``ui.chart``'s keys) have drawn their SVG; return every chart key drawn.

    The first run of a page on a fresh server validates the whole catalogue, which can take
    a while on a busy machine, hence the generous timeout.
    """
    page.wait_for_function(f"keys => keys.every(k => ({DRAWN})().includes(k))", arg=list(keys), timeout=150_000)
    return set(page.evaluate(DRAWN))


def test_value_chain_draws_sankey_matrix_and_network_offline(page, dashboard_url):
    """The Sankey, the belt gap matrix and the network draw, with no request leaving localhost."""
    page.goto(f"{dashboard_url}/value-chain")
    charts = {"vc_sankey", "vc_network", "vc_gap_belt", "vc_gap_gwangju", "vc_gap_jeonnam", "vc_gap_jeonbuk"}
    assert drawn_charts(page, ["vc_sankey", "vc_network", "vc_gap_belt"]) == charts
    page.locator(".sankey .sankey-node").first.wait_for(timeout=30_000)
    assert page.locator(".sankey .sankey-link").count() > 5
    assert page.locator(".heatmaplayer image, .hm image, g.hm").count() >= 1
    loaded(page)
    assert page.requests.external() == []


def test_programs_draws_budgets_and_timeline_offline(page, dashboard_url):
    """Both budget charts, the timeline and money by year draw bars in Korean, with no request leaving localhost."""
    page.goto(f"{dashboard_url}/programs")
    charts = {"pg_budget_sector", "pg_budget_region", "pg_timeline", "pg_money_region", "pg_money_sector"}
    assert drawn_charts(page, charts) == charts
    assert page.locator(f"{PLOT} .bars path").count() > 10
    # The budget charts' legends name the statuses in Korean (the KPI above says "확정" whatever the charts do).
    for key in ("pg_budget_sector", "pg_budget_region"):
        legend = page.locator(f".st-key-chart_{key} {PLOT} .legendtext").all_text_contents()
        assert {"확정", "추진 중", "제안"} <= set(legend), (key, legend)
    loaded(page)
    assert page.requests.external() == []
