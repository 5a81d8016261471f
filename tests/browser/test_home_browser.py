"""The home map in a real browser: boundaries, one marker per site, nothing fetched from outside."""

import json

import pytest
from playwright.sync_api import expect

from geo.paths import DEFAULT_DATA_DIR
from tests.browser.conftest import loaded, map_frame

pytestmark = pytest.mark.browser

SITE_COUNT = len(json.loads((DEFAULT_DATA_DIR / "sites.geojson").read_text(encoding="utf-8"))["features"])


def test_map_draws_boundaries_and_every_site(page, dashboard_url):
    """The 42 시군구 are drawn as paths and there is one marker per site in the catalogue."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    assert frame.locator(".site-marker").count() == SITE_COUNT
    # 42 시군구 + 3 시도 outlines, drawn by Leaflet as SVG paths.
    assert frame.locator("path.leaflet-interactive").count() >= 42
    expect(page.locator(".belt-legend.panel")).to_be_visible()  # beside the map, never over its west coast


def test_no_request_leaves_localhost(page, dashboard_url):
    """Opening the dashboard and its map makes requests to the local server only."""
    page.goto(dashboard_url)
    map_frame(page)
    loaded(page)  # every script, style, image and font the page and the map asked for
    assert page.requests, "no request was recorded"
    assert page.requests.external() == []
