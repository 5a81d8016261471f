"""The presenter in Chromium: deep links to a step, next without a reload, a 1280×720 screenshot."""

import pytest

from tests.browser.conftest import ARTIFACTS, MAP_IFRAME, leaflet_frame, map_frame, map_idle, still
from tests.helpers import STEPS

pytestmark = pytest.mark.browser


def test_step_link_opens_the_step_and_next_needs_no_reload(page, dashboard_url):
    """``?step=3`` opens step 3; next shows step 4 in the same document, with the map kept."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=3")
    map_frame(page)
    page.get_by_text(STEPS[2].title["ko"]).wait_for()
    page.evaluate("window.__sameDocument = true")
    frame = leaflet_frame(page)
    frame.evaluate("window.__sameMap = true")
    page.get_by_role("button", name="다음 ▶").click()
    page.get_by_text(STEPS[3].title["ko"]).wait_for()
    page.wait_for_function("() => location.search.includes('step=4')")
    assert page.evaluate("window.__sameDocument") is True  # no full page reload
    assert frame.evaluate("window.__sameMap") is True  # the map was updated, not remounted
    assert page.get_by_text("4 / 7").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    map_idle(page)  # the map has moved to step 4's view
    still(page)
    page.screenshot(path=str(ARTIFACTS / "presenter-step4-1280x720.png"))
    assert page.requests.external() == []


def test_presenter_hides_the_sidebar_and_fits_720(page, dashboard_url):
    """On a 1280×720 screen the sidebar is hidden and the map and buttons fit without scrolling."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=1")
    map_frame(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert iframe["y"] + iframe["height"] <= 720
    assert page.get_by_role("button", name="다음 ▶").bounding_box()["y"] < 720
