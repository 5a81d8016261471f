"""The home map in a real browser: boundaries, one marker per site, nothing fetched from outside."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import leaflet_frame, loaded, map_frame
from tests.helpers import SHIPPED_SITES

pytestmark = pytest.mark.browser

SITE_COUNT = len(SHIPPED_SITES)

# A boundary is a GeoJSON feature with a 시도 (2-digit) or 시군구 (5-digit) code whose path is in the document.
BOUNDARY_PATHS = """() => {
    const drawn = Object.values(window.map._layers).filter(l => l.feature && l._path && l._path.isConnected);
    const codes = drawn.map(l => String(l.feature.properties.code || ''));
    return {sigungu: codes.filter(c => /^\\d{5}$/.test(c)).length, sido: codes.filter(c => /^\\d{2}$/.test(c)).length};
}"""


def boundary_paths(frame) -> dict[str, int]:
    """How many 시군구 and 시도 polygons the map has drawn."""
    return frame.evaluate(BOUNDARY_PATHS)


def test_map_draws_boundaries_and_every_site(page, dashboard_url):
    """The 42 시군구 are drawn as paths and there is one marker per site in the catalogue."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    assert frame.locator(".site-marker").count() == SITE_COUNT
    # 42 시군구 and 3 시도 outlines, each drawn by Leaflet as an SVG path on the map (link lines are paths too).
    assert boundary_paths(leaflet_frame(page)) == {"sigungu": 42, "sido": 3}
    expect(page.locator(".belt-legend.panel")).to_be_visible()  # beside the map, never over its west coast


def test_no_request_leaves_localhost(page, dashboard_url):
    """Opening the dashboard and its map makes requests to the local server only."""
    page.goto(dashboard_url)
    map_frame(page)
    loaded(page)  # every script, style, image and font the page and the map asked for
    assert page.requests, "no request was recorded"
    assert page.requests.external() == []
