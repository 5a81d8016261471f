"""Text from data is shown, never run: a site named like an HTML tag, in the map and the panel."""

import json
import shutil

import pytest

from geo.paths import DEFAULT_DATA_DIR
from tests.browser.conftest import loaded, map_frame, start_dashboard
from tests.helpers import XSS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """A dashboard whose catalogue names one site with an HTML tag that would run script."""
    folder = shutil.copytree(DEFAULT_DATA_DIR, tmp_path_factory.mktemp("hostile") / "data")
    sites = json.loads((folder / "sites.geojson").read_text(encoding="utf-8"))
    sites["features"][0]["properties"]["name_ko"] = XSS
    (folder / "sites.geojson").write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    process, url = start_dashboard({"AXBELT_DATA_DIR": str(folder)})
    yield url, sites["features"][0]["properties"]["id"]
    process.terminate()
    process.wait(timeout=10)


def test_tag_in_a_site_name_is_shown_literally_and_runs_nothing(page, hostile_url):
    """The name appears as text in the panel and the tooltip; no image element, no alert."""
    url, site_id = hostile_url
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{url}/?site={site_id}")
    frame = map_frame(page)
    page.locator("h3").filter(has_text=XSS).wait_for(timeout=30_000)
    marker = frame.locator(".site-marker.highlighted").first
    marker.dispatch_event("mouseover")
    frame.locator(".leaflet-tooltip").filter(has_text=XSS).wait_for(timeout=10_000)
    assert frame.locator("img[src=x]").count() == 0
    assert page.locator("img[src=x]").count() == 0
    loaded(page)  # an image that was inserted would have failed to load and run its onerror by now
    assert dialogs == []
