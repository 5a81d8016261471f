"""A new visitor's first view of the map page: what it loads, and that it runs the page once.

A room opens the link at once: every file the first view asks for and every extra run of the
page is paid by each visitor, and the runs by the server too.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import map_frame, rerun_done

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
