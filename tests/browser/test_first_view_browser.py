"""A new visitor's first view of the map page: what it loads, and that it runs the page once.

A room opens the link at once: every file the first view asks for and every extra run of the
page is paid by each visitor, and the runs by the server too.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import axe_violations, summary
from tests.browser.conftest import map_frame, rerun_done, still

pytestmark = pytest.mark.browser

# Streamlit's data grid and its Arrow reader: 1.4 MB of script the page would load before the map.
DATA_GRID = re.compile(r"/static/js/(DataFrame|arrowFormatUtils|recordbatch)\.")


def test_the_first_view_loads_no_data_grid_and_runs_the_page_once(page, dashboard_url):
    asked, sent = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(dashboard_url)
    map_frame(page)
    rerun_done(page)
    # streamlit-folium reports the map's value a quarter second after it moves; a value unlike the
    # page's default would rerun the page here.
    page.wait_for_timeout(1500)
    rerun_done(page)
    assert not [url for url in asked if DATA_GRID.search(url)]
    # The one message a page sends to start its run; anything more is a rerun.
    assert len(sent) == 1, f"{len(sent)} messages to the server"
    # The district table is there all the same, folded under the map.
    assert page.locator(".data-table table").count() == 1


def test_the_opened_district_table_is_a_named_table_axe_finds_nothing_in(page, dashboard_url):
    page.goto(dashboard_url)
    map_frame(page)
    page.locator("summary", has_text="시군구별").first.click()
    table = page.locator(".data-table")
    table.wait_for()
    still(page)
    assert table.get_attribute("role") == "region" and table.get_attribute("aria-label")
    assert table.locator("caption").inner_text() or table.locator("caption").text_content()
    assert table.locator("thead th[scope=col]").count() >= 4
    # It scrolls sideways by keyboard when wider than its column.
    table.focus()
    assert page.evaluate("document.activeElement.classList.contains('data-table')")
    assert summary(axe_violations(page)) == {}
