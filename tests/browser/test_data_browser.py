"""The data page in a real browser: a CP949 Shapefile in EPSG:5179 uploaded, drawn and labelled in Hangul."""

import pytest

from tests.browser.conftest import MAP_IFRAME, upload_file
from tests.places_fixture import NAMES, zipped_shapefile

pytestmark = pytest.mark.browser


def test_uploaded_shapefile_is_drawn_with_hangul_tooltips(page, dashboard_url, tmp_path):
    """The three uploaded points appear as upload markers, and hovering one shows its Hangul name."""
    page.goto(f"{dashboard_url}/data")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    upload_file(page, "places.zip", zipped_shapefile(tmp_path / "shp"))
    page.get_by_text("places.zip: 객체 3개를 올렸습니다", exact=False).wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME).first
    markers = frame.locator("path.upload-marker")
    markers.nth(2).wait_for(timeout=60_000)
    assert markers.count() == len(NAMES)
    markers.first.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for(timeout=10_000)
    assert tooltip.first.inner_text().strip() == NAMES[0]
    assert page.requests.external() == []


def test_bad_upload_shows_its_message_not_a_traceback(page, dashboard_url):
    """A broken GeoJSON shows the reader's message naming the file, and no exception box."""
    page.goto(f"{dashboard_url}/data")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    upload_file(page, "broken.geojson", b'{"type": "FeatureCollection", "features": [', "application/geo+json")
    page.get_by_text("broken.geojson: JSON 형식이 깨져 있습니다", exact=False).wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.requests.external() == []
