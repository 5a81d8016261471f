"""The map's boundaries come from static, immutable files the map fetches, directly and through nginx.

Districts are counted by their own stroke (a link or a circle is ``path.leaflet-interactive``
too): 42 시군구 and 3 시도 outlines, under every other path of the map, coloured by the view's
metric once they arrive, and the detailed files fetched only when the map is zoomed in.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.boundaries import display_boundaries
from geo.maps.static import DETAIL_ZOOM, HASHED_PATH, IMMUTABLE
from tests import launcher
from tests.browser.conftest import leaflet_frame, map_frame, set_view

pytestmark = pytest.mark.browser

# geo.maps.build.boundary_layers: the 시군구's own grey; the 시도's colour with its bold width
# (the region flows share the colour).
DISTRICT = '[stroke="#7f858e"]'
SIDO = '[stroke="#3d4451"][stroke-width="2.6"]'

COUNT = f"""() => [
    document.querySelectorAll('.leaflet-overlay-pane path{DISTRICT}').length,
    document.querySelectorAll('.leaflet-overlay-pane path{SIDO}').length]"""
# The boundaries lie under every other path of the pane: districts first, then the 시도 outlines.
STACKED = f"""() => {{
    const paths = [...document.querySelectorAll('.leaflet-overlay-pane svg path')];
    const n = paths.filter(p => p.matches('{DISTRICT}')).length, m = paths.filter(p => p.matches('{SIDO}')).length;
    return n > 0 && m > 0 && paths.slice(0, n).every(p => p.matches('{DISTRICT}')) &&
        paths.slice(n, n + m).every(p => p.matches('{SIDO}'));
}}"""

# What a failed wait reports: the map's zoom, each boundary layer's file, and the boundary files the frame fetched.
BOUNDARY_STATE = """() => JSON.stringify({
    zoom: window.map.getZoom(),
    layers: window.beltBoundaries.layers.map(l => l.beltUrl),
    fetched: performance.getEntriesByType('resource').filter(e => e.name.includes('/maps/'))
        .map(e => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd), e.responseStatus]),
    now: Math.round(performance.now())})"""


def boundary_responses(page) -> list:
    """Every response for a boundary file the page gets, kept as they come."""
    seen = []
    page.on("response", lambda r: seen.append(r) if "/app/static/maps/" in r.url else None)
    return seen


def districts_drawn(page, url: str) -> list:
    """Open ``url`` and wait until the map has drawn every district and 시도 outline; the files' responses."""
    seen = boundary_responses(page)
    page.goto(url)
    map_frame(page)
    expected = [len(display_boundaries("sigungu")), len(display_boundaries("sido"))]
    leaflet_frame(page).wait_for_function(f"n => JSON.stringify(({COUNT})()) === JSON.stringify(n)", arg=expected)
    return seen


def check_files(seen: list, immutable: bool = True) -> None:
    """The belt's two files were fetched, each named by its hash (and marked immutable by ``server.py``)."""
    assert {r.url.rsplit("/", 1)[1].split("-")[0] for r in seen} == {"sigungu", "sido"}
    for response in seen:
        path = "/" + response.url.split("/", 3)[3]
        assert HASHED_PATH.match(path) and "-belt-" in path, path
        assert response.status == 200
        if immutable:
            assert response.headers["cache-control"] == IMMUTABLE


def test_the_boundaries_are_fetched_and_drawn_under_the_rest_coloured_by_the_view(page, dashboard_url):
    """Fetched, not in the script: every district drawn, under the links, coloured by the link's metric.

    ``streamlit run dashboard.py`` serves the files without ``server.py``'s immutable header
    (tests/test_server.py checks it; the nginx test below sees it through both).
    """
    seen = districts_drawn(page, f"{dashboard_url}/?choro=sites")
    check_files(seen, immutable=False)
    frame = leaflet_frame(page)
    assert frame.evaluate(STACKED)
    # The view's metric came before the features did: they are coloured all the same.
    fills = frame.evaluate(
        f"""() => [...new Set([...document.querySelectorAll('path{DISTRICT}')].map(p => p.getAttribute('fill')))]"""
    )
    assert len(fills) >= 3
    # A district still names itself on hover (the tooltip bound to the layer the features joined).
    frame.evaluate(f"""() => document.querySelector('path{DISTRICT}')
        .dispatchEvent(new MouseEvent('mouseover', {{bubbles: true}}))""")
    frame.wait_for_function("() => !!document.querySelector('.leaflet-tooltip')")

    # Zoomed in, the detailed files replace the belt's in the same layers.
    set_view(frame, DETAIL_ZOOM + 1)
    try:
        frame.wait_for_function("() => !window.beltChoro.layer.beltUrl.includes('-belt-')", polling=200)
    except PlaywrightTimeout:
        raise AssertionError(f"the detailed files were not drawn: {frame.evaluate(BOUNDARY_STATE)}") from None
    assert frame.evaluate(COUNT) == [len(display_boundaries("sigungu")), len(display_boundaries("sido"))]
    assert frame.evaluate(STACKED)
    assert len({r.url for r in seen if "-belt-" not in r.url}) == 2


def test_the_boundaries_come_through_nginx_immutable(browser, tmp_path_factory):
    """Behind nginx (``make serve``), the same files with the same headers, and the districts drawn."""
    with launcher.launched(tmp_path_factory.mktemp("serve"), 2) as run_dir:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR")
        try:
            page = context.new_page()
            check_files(districts_drawn(page, launcher.state(run_dir)["url"]))
        finally:
            context.close()
