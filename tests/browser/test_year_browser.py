"""The belt in a given year in Chromium: playback steps the address bar each year, with no reload or map remount."""

import pytest

from tests.browser.conftest import ARTIFACTS, MAP_IFRAME, leaflet_frame, loaded, map_frame, map_idle, rerun_done, still

pytestmark = pytest.mark.browser


def test_playback_steps_the_years_in_place(page, dashboard_url):
    """▶ from 2024 steps 2025 … 2031 in the address bar, in one document and one map, nothing off the server."""
    page.goto(f"{dashboard_url}/?year=2024")
    map_frame(page)
    rerun_done(page)
    page.evaluate("window.__sameDocument = true")
    page.locator(MAP_IFRAME).evaluate("f => { f.dataset.yearMark = 'kept'; }")
    frame = leaflet_frame(page)
    frame.evaluate("window.__sameMap = true")
    # The shipped catalogue dates no site yet: a past year draws every site faint, as 연도 미상.
    assert frame.locator(".site-marker.phase-unknown").count() > 0
    page.get_by_role("combobox", name="재생 속도").click()
    page.get_by_role("option", name="빠르게 1초").click()
    rerun_done(page)
    play = page.get_by_role("button", name="▶ 재생")
    play.focus()
    page.keyboard.press("Enter")  # keyboard operable
    for year in range(2025, 2032):
        page.wait_for_function(f"() => new URLSearchParams(location.search).get('year') === '{year}'", timeout=30_000)
        assert page.evaluate("window.__sameDocument") is True  # no reload
    page.get_by_role("button", name="▶ 재생").wait_for(timeout=30_000)  # it stopped at the last year
    rerun_done(page)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert page.locator(MAP_IFRAME).evaluate("f => f.dataset.yearMark") == "kept"  # the same frame element
    assert frame.evaluate("window.__sameMap") is True  # the map was updated in place, not remounted
    # 2031 is a future year: the catalogue as it is, no site of unknown year.
    page.wait_for_function("() => document.title !== ''")
    assert leaflet_frame(page).locator(".site-marker.phase-unknown").count() == 0
    summary = page.locator('p.map-summary[role="status"][aria-live="polite"]').first
    assert summary.inner_text().startswith("2031년: ")
    assert page.requests.external() == []


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
@pytest.mark.parametrize("year", [2021, 2030])
def test_year_screenshots(page, dashboard_url, lang, size, year):
    """The map page in 2021 and 2030 at a laptop's and a projector's size, for a look."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{dashboard_url}/?year={year}" + ("&lang=en" if lang == "en" else ""))
    map_frame(page)
    rerun_done(page)
    label = f"{year}년 기준" if lang == "ko" else f"As of {year}"
    page.get_by_role("heading", name=label, exact=False).first.wait_for()
    map_idle(page)
    loaded(page)
    still(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"year-{year}-{lang}-{size[0]}x{size[1]}.png"))
    assert page.requests.external() == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_year_view_passes_axe(page, dashboard_url, lang):
    """The map page in 2021 (faint sites, the year's controls and key) has no WCAG A/AA violation."""
    from tests.browser.test_accessibility_browser import axe_violations, readable, settled

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{dashboard_url}/?year=2021" + ("&lang=en" if lang == "en" else ""))
    frame = settled(page, lang, True)
    main = axe_violations(page)
    assert main == [], f"main document:\n{readable(main)}"
    inside = axe_violations(frame)
    assert inside == [], f"map frame:\n{readable(inside)}"
