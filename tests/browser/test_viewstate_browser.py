"""One view state in Chromium: filters, the selected site and map layers survive pages, links and Back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import leaflet_frame, map_frame
from tests.helpers import SHIPPED_SITES

pytestmark = pytest.mark.browser

ALL_SITES, JEONBUK_SITES = str(len(SHIPPED_SITES)), str(sum(s["region"] == "jeonbuk" for s in SHIPPED_SITES))


def sites_kpi(page):
    """The value of the 거점 (sites) KPI."""
    return page.get_by_test_id("stMetric").filter(has_text="거점").get_by_test_id("stMetricValue")


def choose_region(page, name):
    """Pick a region in the sidebar's region filter, as a user does."""
    page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.click()
    page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")


def copy_box(page):
    """The copy-link box's field in the sidebar."""
    return page.get_by_test_id("stSidebar").locator(".copy-link input")


def test_a_sidebar_filter_survives_every_page_change(page, dashboard_url):
    """전북 chosen in the sidebar stays chosen, in the KPI and the address bar, on every page."""
    page.goto(dashboard_url)
    expect(sites_kpi(page)).to_have_text(ALL_SITES, timeout=60_000)
    choose_region(page, "전북특별자치도")
    expect(sites_kpi(page)).to_have_text(JEONBUK_SITES)
    for name in ("밸류체인", "사업·예산", "벨트 지도"):
        page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name if name != "벨트 지도" else "호남권")
        expect(sites_kpi(page)).to_have_text(JEONBUK_SITES)
        expect(page).to_have_url(re.compile(r"[?&]f_region=jeonbuk(&|$)"))


def test_back_returns_to_the_view_before_a_filter_change(page, dashboard_url):
    """The browser's Back button undoes a filter change: all sites again, and no filter in the URL."""
    page.goto(dashboard_url)
    expect(sites_kpi(page)).to_have_text(ALL_SITES, timeout=60_000)
    choose_region(page, "전북특별자치도")
    expect(page).to_have_url(re.compile("f_region=jeonbuk"))
    page.go_back()
    expect(sites_kpi(page)).to_have_text(ALL_SITES)
    expect(page).not_to_have_url(re.compile("f_region"))


def test_the_copy_link_box_follows_a_search(page, dashboard_url):
    """After a click on a marker and then a search, the copy-link box is the address bar, to the letter."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    frame.locator(".site-marker.sector-culture").first.dispatch_event("click")
    expect(page).to_have_url(re.compile("site="))
    expect(copy_box(page)).to_have_value(re.compile("site="))  # the rerun has drawn the page
    expect(page.get_by_role("heading", level=3)).to_be_visible()
    box = page.get_by_role("combobox", name=re.compile("거점 검색"))
    box.click()
    box.press_sequentially("새만금")
    page.get_by_role("option").filter(has_text="새만금 국가산업단지").click()
    expect(page).to_have_url(re.compile("site=jb-saemangeum"))
    expect(copy_box(page)).to_have_value(page.url)


def test_a_copied_link_reopens_the_whole_view_in_a_fresh_browser(page, browser, dashboard_url):
    """Filter, site, choropleth metric and a switched-off layer all come back from the copied link."""
    page.goto(dashboard_url)
    choose_region(page, "전북특별자치도")
    expect(sites_kpi(page)).to_have_text(JEONBUK_SITES, timeout=60_000)
    frame = map_frame(page)
    frame.locator(".belt-choro select").select_option("sites")
    expect(page).to_have_url(re.compile("choro=sites"))
    # Chosen before its layer is switched off: the list of sites follows the layers shown.
    box = page.get_by_role("combobox", name=re.compile("거점 검색"))
    box.click()
    box.press_sequentially("새만금")
    page.get_by_role("option").filter(has_text="새만금 메타버스").click()
    expect(page.get_by_role("heading", level=3)).to_have_text(re.compile("새만금 메타버스"))
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label").filter(has_text="문화").locator("input").uncheck()
    expect(page).to_have_url(re.compile("hide=culture"))
    expect(copy_box(page)).to_have_value(page.url)
    link = page.url

    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR")
    try:
        fresh = context.new_page()
        fresh.goto(link)
        expect(sites_kpi(fresh)).to_have_text(JEONBUK_SITES, timeout=60_000)
        expect(fresh.get_by_role("heading", level=3)).to_have_text(re.compile("새만금 메타버스"))
        again = map_frame(fresh)
        expect(again.locator(".belt-choro select")).to_have_value("sites")
        expect(again.locator(".site-marker.sector-culture")).to_have_count(0)
        expect(again.locator(".site-marker").first).to_be_attached()
        again.locator(".leaflet-control-layers").hover()
        culture = again.locator(".leaflet-control-layers-overlays label").filter(has_text="문화").locator("input")
        expect(culture).not_to_be_checked()
        assert leaflet_frame(fresh).evaluate("Object.keys(window.beltChoro.data).length") > 1
        assert fresh.url == link
    finally:
        context.close()


def test_a_hostile_link_opens_the_default_view_and_is_cleaned(page, dashboard_url):
    """Unknown ids and script in the URL are dropped: the default view, and a clean address bar."""
    page.goto(f"{dashboard_url}/?f_region=mars&site=%3Cscript%3Ealert(1)%3C%2Fscript%3E&choro=x&lang=en")
    expect(page.get_by_test_id("stMetric").filter(has_text="Sites").get_by_test_id("stMetricValue")).to_have_text(
        ALL_SITES, timeout=60_000
    )
    expect(page).to_have_url(re.compile(r"/\?lang=en$"))
