"""The value-chain and programme pages in real Chromium: charts drawn, nothing fetched from outside."""

import pytest

from tests.browser.conftest import loaded

pytestmark = pytest.mark.browser

PLOT = ".js-plotly-plot"


def wait_for_plots(page, count):
    """Wait until ``count`` plotly charts have drawn their SVG, and return how many there are.

    The first run of a page on a fresh server validates the whole catalogue, which can take
    a while on a busy machine, hence the generous timeout.
    """
    page.wait_for_function(
        f"[...document.querySelectorAll('{PLOT}')].filter(p => p.querySelector('.main-svg')).length >= {count}",
        timeout=150_000,
    )
    return page.locator(PLOT).count()


def test_value_chain_draws_sankey_matrix_and_network_offline(page, dashboard_url):
    """The Sankey, the belt gap matrix and the network draw, with no request leaving localhost."""
    page.goto(f"{dashboard_url}/value-chain")
    assert wait_for_plots(page, 3) >= 3
    page.locator(".sankey .sankey-node").first.wait_for(timeout=30_000)
    assert page.locator(".sankey .sankey-link").count() > 5
    assert page.locator(".heatmaplayer image, .hm image, g.hm").count() >= 1
    loaded(page)
    assert page.requests.external() == []


def test_programs_draws_budgets_and_timeline_offline(page, dashboard_url):
    """Both budget charts and the timeline draw bars in Korean, with no request leaving localhost."""
    page.goto(f"{dashboard_url}/programs")
    assert wait_for_plots(page, 3) >= 3
    assert page.locator(f"{PLOT} .bars path").count() > 10
    assert page.get_by_text("확정", exact=True).count() >= 1
    loaded(page)
    assert page.requests.external() == []
