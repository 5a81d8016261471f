"""Finding any place in Chromium: 용당리 typed, 영암군's chosen by keyboard, outlined in the mounted map, offline."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import ARTIFACTS, MAP_IFRAME, map_idle, open_map, rerun_done

pytestmark = pytest.mark.browser

YONGDANG = "4683025329"  # 전라남도 영암군 삼호읍 용당리


def test_searching_yongdangri_outlines_it_in_the_same_map_offline(page, dashboard_url):
    """Typing 용당리 offers both 용당리; choosing 영암군 삼호읍's outlines it and moves there, the map kept."""
    frame = open_map(page, dashboard_url)
    frame.evaluate("window.__sameMap = true")
    box = page.get_by_role("textbox", name=re.compile("장소 찾기"))
    box.click()
    box.press_sequentially("용당리")
    box.press("Enter")
    hits = page.get_by_role("radiogroup", name=re.compile("찾은 곳 4곳"))
    expect(hits.get_by_role("radio", name="용당리 · 두원면 · 고흥군")).to_be_attached()
    target = hits.get_by_role("radio", name="용당리 · 삼호읍 · 영암군")
    # By keyboard: Tab from the box into the hits, then the arrow keys to 영암군's (the second).
    page.keyboard.press("Tab")
    for _ in range(4):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(page).to_have_url(re.compile(f"place={YONGDANG}"))
    rerun_done(page)
    outline = page.frame_locator(MAP_IFRAME).locator("path.place-outline")
    expect(outline).to_have_count(1)
    frame.wait_for_function("code => window.map.getContainer().dataset.place === code", arg=YONGDANG)
    map_idle(page)
    view = frame.evaluate(
        "(() => { var b = window.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast(),"
        " window.map.getZoom()]; })()"
    )
    south, west, north, east, zoom = view
    assert south < 34.75 < north and west < 126.39 < east  # 용당리 lies on the 삼호읍 shore, near 34.75 N 126.39 E
    assert zoom >= 11
    assert frame.evaluate("window.__sameMap") is True  # the outline was swapped in, the map not remounted
    expect(page.locator(".place-status")).to_contain_text("용당리 · 삼호읍 · 영암군")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "place-search-1366x768-ko.png"))
    assert page.requests.external() == []
    assert axe_violations(page) == []  # the search box, its hits and the status are named and in contrast
