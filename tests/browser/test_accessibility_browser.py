"""WCAG 2.2 AA in Chromium: axe-core finds nothing, a site opens from the keyboard, the map speaks, 200% zoom works."""

import re

import pytest
from playwright.sync_api import expect

import ui
from geo.i18n import t
from tests.browser.axe import axe_violations
from tests.browser.conftest import (
    ARTIFACTS,
    MAP_IFRAME,
    leaflet_frame,
    map_frame,
    map_idle,
    quiet,
    rerun_done,
    still,
    upload_file,
)
from tests.helpers import SHIPPED_SITES
from tests.places_fixture import zipped_shapefile

pytestmark = pytest.mark.browser

# Every page, and the map with a site's detail panel open; True where the page has a map frame.
PAGES = [
    ("", True),
    ("?site=jb-saemangeum-metaverse", True),
    ("value-chain", False),
    ("programs", False),
    ("presenter", True),
    ("data", True),
]
MAX_KEYS = 15
# The focused element, looked for through the frames, and whether a focus ring shows on it.
FOCUS = """() => {
    let doc = document, el = doc.activeElement;
    while (el && el.tagName === 'IFRAME' && el.contentDocument) { doc = el.contentDocument; el = doc.activeElement; }
    const style = doc.defaultView.getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return {tag: el.tagName, text: (el.getAttribute('aria-label') || el.innerText || el.value || '').slice(0, 80),
            ring: ring, body: el === doc.body};
}"""


def settled(page, lang="ko", has_map=False):
    """Wait until the page is drawn and no rerun is under way; the map frame when there is one."""
    page.get_by_test_id("stMainBlockContainer").wait_for(timeout=60_000)
    frame = None
    if has_map:
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
        frame = leaflet_frame(page)
        frame.wait_for_function("lang => document.documentElement.lang === lang", arg=lang, timeout=60_000)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    rerun_done(page)
    # The main block exists before the first run has drawn anything: wait for the language switch,
    # which every page draws in the sidebar (the presenter hides it), so no half-mounted sidebar is checked.
    page.locator('[data-testid="stSidebarContent"] input[type="radio"]').first.wait_for(
        state="attached", timeout=60_000
    )
    # Plotly draws after the element is mounted; a chart in a hidden tab never draws, so only the
    # charts one can see are waited for, and as long as a busy machine needs.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[class*=\"st-key-chart_\"]')]"
        ".every(box => !box.checkVisibility() || box.querySelector('.main-svg'))",
        timeout=60_000,
    )
    quiet(page)
    # Colours are checked as drawn: wait for fades and transitions to end, in the page and the map.
    still(page)
    if frame is not None:
        map_idle(page)
        still(frame)
    return frame


def readable(violations) -> str:
    """axe's violations as one line each: rule, where, why."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {n['target']} — {(n['summary'] or '').splitlines()[-1]}"
        for v in violations
        for n in v["nodes"][:5]
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    ("path", "has_map"), PAGES, ids=["map", "map-site", "value-chain", "programs", "presenter", "data"]
)
def test_axe_finds_no_wcag_violation(page, dashboard_url, path, has_map, lang):
    """No WCAG 2.0/2.1/2.2 A or AA violation in the page or its map frame; both declare the chosen language."""
    page.set_viewport_size({"width": 1366, "height": 768})
    query = ("&" if "?" in path else "?") + "lang=en" if lang == "en" else ""
    page.goto(f"{dashboard_url}/{path}{query}")
    frame = settled(page, lang, has_map)
    main = axe_violations(page)
    assert main == [], f"main document:\n{readable(main)}"
    if frame is not None:
        inside = axe_violations(frame)
        assert inside == [], f"map frame:\n{readable(inside)}"
        assert frame.evaluate("document.querySelector('[role=main][aria-label]') !== null")


def test_chart_tables_and_names_pass_axe(page, dashboard_url):
    """A chart's table, unfolded, passes too; every chart has a name."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{dashboard_url}/programs")
    settled(page)
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts.first).to_have_attribute("role", "figure")
    names = [charts.nth(i).get_attribute("aria-label") for i in range(charts.count())]
    assert all(names) and len(set(names)) == len(names), names
    page.get_by_text("표로 보기: 분야별 예산", exact=False).click()
    expect(page.get_by_test_id("stExpander").first.get_by_test_id("stDataFrame")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], readable(violations)


def press(page, key, log):
    """Press one key (or type one character) and record where the focus went and whether it shows."""
    if len(key) == 1:
        page.keyboard.type(key)
    else:
        page.keyboard.press(key)
    still(page)  # the focus ring is drawn once its transition has ended
    log.append((key, page.evaluate(FOCUS)))


def active_option(page) -> str:
    """The text of the list's option the keyboard is on (the combobox's active descendant)."""
    return page.evaluate(
        "() => { const id = document.activeElement.getAttribute('aria-activedescendant');"
        " const el = id && document.getElementById(id); return el ? el.innerText : ''; }"
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_keyboard_opens_a_named_site_within_15_keys(page, dashboard_url, lang):
    """From page load: skip links, the list of sites, a few letters of the name, Enter — details open; focus shows."""
    target = next(s for s in SHIPPED_SITES if s["id"] == "jb-saemangeum-metaverse")
    name = target["name_ko"] if lang == "ko" else target["name_en"]
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(dashboard_url + ("?lang=en" if lang == "en" else ""))
    settled(page, lang, has_map=True)
    log = []
    for key in ("Tab", "Enter", "Tab"):  # Streamlit's "skip to main content", then the page's own skip link
        press(page, key, log)
    assert log[-1][1]["text"] == t("a11y_skip_to_sites", lang)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"keyboard-1-skip-link-{lang}.png"))
    press(page, "Enter", log)  # to the list's heading
    press(page, "Tab", log)  # into the list
    for letter in name[:3]:
        press(page, letter, log)
    while not active_option(page).startswith(name):
        press(page, "ArrowDown", log)
        assert len(log) < MAX_KEYS, log
    page.screenshot(path=str(ARTIFACTS / f"keyboard-2-list-{lang}.png"))
    press(page, "Enter", log)
    expect(page.locator("h3").filter(has_text=name)).to_be_visible()
    rerun_done(page)
    map_idle(page)
    page.screenshot(path=str(ARTIFACTS / f"keyboard-3-details-{lang}.png"))
    assert len(log) <= MAX_KEYS, log
    assert all(focus["ring"] and not focus["body"] for _, focus in log), log


def test_enter_on_a_focused_marker_opens_its_site_and_keeps_the_focus(page, dashboard_url):
    """Markers are one tab stop after the map; an arrow moves to the next site; Enter opens it; focus comes back."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(dashboard_url)
    frame = settled(page, has_map=True)
    inside = map_frame(page)
    assert inside.locator('.site-marker[tabindex="0"]').count() == 1  # one stop for all markers
    assert frame.evaluate(
        "[...document.querySelectorAll('path.leaflet-interactive')].every(p => p.getAttribute('tabindex') === '-1')"
    )  # boundaries and flows: none
    assert inside.locator('.flow-arrow[tabindex], .flow-arrow[role="button"]').count() == 0
    inside.locator(".leaflet-container").focus()
    log = []
    press(page, "Tab", log)
    press(page, "ArrowRight", log)
    assert all(focus["ring"] for _, focus in log), log
    name = log[-1][1]["text"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "focus-ring-marker-ko.png"))
    press(page, "Enter", log)
    expect(page.locator("h3").filter(has_text=re.compile(re.escape(name[:12])))).to_be_visible()
    # The rerun redraws the markers (the chosen one larger): the focus is on the chosen site's new marker.
    frame.wait_for_function(
        "name => { const el = document.activeElement; return el.classList.contains('highlighted')"
        " && el.querySelector('[data-site]').textContent === name; }",
        arg=name,
    )
    assert page.evaluate(FOCUS)["ring"]


def test_layer_switcher_works_from_the_keyboard(page, dashboard_url):
    """Enter opens the switcher, Space unticks a layer (its markers go), the focus stays on that row, Escape closes."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(dashboard_url)
    frame = settled(page, has_map=True)
    inside = map_frame(page)
    before = inside.locator(".site-marker").count()
    inside.locator(".leaflet-control-layers-toggle").focus()
    page.keyboard.press("Enter")
    expect(inside.locator(".leaflet-control-layers")).to_have_class(re.compile("expanded"))
    row = frame.evaluate("document.activeElement.closest('label').textContent.trim()")
    while "미래차" not in row:  # past the basemaps and link kinds to a sector
        page.keyboard.press("Tab")
        row = frame.evaluate("document.activeElement.closest('label').textContent.trim()")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile("hide=mobility"))
    expect(inside.locator(".site-marker")).not_to_have_count(before)
    frame.wait_for_function(
        "row => document.activeElement.closest('label') && "
        "document.activeElement.closest('label').textContent.trim() === row",
        arg=row,
    )
    page.keyboard.press("Escape")
    expect(inside.locator(".leaflet-control-layers")).not_to_have_class(re.compile("expanded"))
    assert frame.evaluate("document.activeElement.classList.contains('leaflet-control-layers-toggle')")


def test_live_summary_changes_with_a_filter(page, dashboard_url):
    """The map's polite live region says what is shown, and the same element says the new thing after a filter."""
    page.goto(dashboard_url)
    settled(page, has_map=True)
    summary = page.locator(".map-summary:not(.place-status)[role=status][aria-live=polite]")
    expect(summary).to_have_text(re.compile(rf"^지도: 거점 {len(SHIPPED_SITES)}곳 — 광주광역시 \d+ · 전라남도 \d+ · "))
    summary.evaluate("el => { el.__before = true; }")
    page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.click()
    page.get_by_role("option", name="전북특별자치도").click()
    page.keyboard.press("Escape")
    jeonbuk = sum(s["region"] == "jeonbuk" for s in SHIPPED_SITES)
    expect(summary).to_have_text(
        re.compile(
            rf"^지도: 거점 {jeonbuk}곳 — 전북특별자치도 {jeonbuk} · 분야 \d+개 · "
            r"권역 간 연계 \d+건$"
        )
    )
    assert summary.evaluate("el => el.__before === true"), "the live region was replaced, so it may not be read"


def test_page_works_at_200_percent_zoom(browser, dashboard_url):
    """1366×768 at 200%: no horizontal scrolling of the page, and the KPIs and the map are reachable."""
    context = browser.new_context(viewport={"width": 683, "height": 384}, device_scale_factor=2, locale="ko-KR")
    page = context.new_page()
    try:
        page.goto(dashboard_url)
        settled(page, has_map=True)
        widths = page.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]');"
            " return [m.scrollWidth, m.clientWidth, document.documentElement.scrollWidth,"
            " window.innerWidth]; }"
        )
        assert widths[0] <= widths[1] + 1 and widths[2] <= widths[3] + 1, widths
        kpi = page.get_by_test_id("stMetric").first
        kpi.scroll_into_view_if_needed()
        expect(kpi).to_be_in_viewport()
        iframe = page.locator(MAP_IFRAME)
        iframe.scroll_into_view_if_needed()
        expect(iframe).to_be_in_viewport()
        box = iframe.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 683 + 1, box
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "zoom-200-map-ko.png"))
    finally:
        context.close()


def test_reduced_motion_stops_map_animation_and_steps_work_from_the_keyboard(browser, dashboard_url):
    """With reduced motion asked for, the presenter's map does not animate; Enter on 'next' moves a step."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce", locale="ko-KR")
    page = context.new_page()
    try:
        page.goto(f"{dashboard_url}/presenter?step=1")
        frame = settled(page, has_map=True)
        assert frame.evaluate(
            "[window.map._zoomAnimated, window.map.options.fadeAnimation, window.map.options.markerZoomAnimation]"
        ) == [False, False, False]
        page.get_by_role("button", name="다음 ▶").focus()
        assert page.evaluate(FOCUS)["ring"]
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile("step=2"))
    finally:
        context.close()


# Every text a reader sees or hears: visible text, accessible names, placeholders, titles, frames' titles.
READER_TEXTS = """() => {
    const out = [document.body.innerText];
    const docs = [document, ...[...document.querySelectorAll('iframe')].map(f => {
        try { return f.contentDocument; } catch (e) { return null; }
    }).filter(Boolean)];
    for (const doc of docs) {
        out.push(doc.title);
        for (const el of doc.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
            for (const a of ['aria-label', 'title', 'placeholder', 'alt']) { out.push(el.getAttribute(a) || ''); }
        }
        for (const el of doc.querySelectorAll('a, button, [role="option"]')) { out.push(el.textContent); }
    }
    return out;
}"""
# Streamlit's and streamlit-folium's English words an official met in the Korean interface.
ENGLISH = [max(t(key, "en").split("{name}"), key=len) for key in ui.STREAMLIT_NAMES] + [
    "Select all",
    "streamlit_folium",
]


def english_in(texts: list[str]) -> list[str]:
    """The texts that hold one of Streamlit's English words (whole words, as the reader meets them)."""
    found = []
    for word in ENGLISH:
        pattern = re.compile(rf"(?<![A-Za-z]){re.escape(word.strip())}(?![A-Za-z])")
        found += [f"{word!r} in {text.strip()[:60]!r}" for text in texts if pattern.search(text)]
    return found


@pytest.mark.parametrize(
    ("path", "has_map"), PAGES, ids=["map", "map-site", "value-chain", "programs", "presenter", "data"]
)
def test_korean_pages_speak_no_streamlit_english(page, dashboard_url, path, has_map):
    """In Korean no page shows or names anything in Streamlit's English (skip link, help, copy, heading link, frame)."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{dashboard_url}/{path}")
    settled(page, "ko", has_map)
    page.keyboard.press("Tab")  # the skip link shows
    if path == "":
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()  # its bulk options
        page.get_by_role("option").first.wait_for()
    texts = page.evaluate(READER_TEXTS)
    assert not english_in(texts)
    if has_map:
        assert page.locator(MAP_IFRAME).first.get_attribute("title") == "벨트 지도"
    assert axe_violations(page) == []


def test_the_upload_selects_speak_korean(page, dashboard_url, tmp_path):
    """After an upload, the CRS and colour selects show their 'none' choice in Korean, not an empty placeholder.

    Streamlit shows a select whose value is None as nothing chosen; axe finds nothing.
    """
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{dashboard_url}/data")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    upload_file(page, "places.zip", zipped_shapefile(tmp_path / "shp"))
    page.get_by_text("places.zip: 객체 3개를 올렸습니다", exact=False).wait_for(timeout=60_000)
    settled(page, "ko", True)
    placeholders = page.evaluate("[...document.querySelectorAll('input[placeholder]')].map(e => e.placeholder)")
    assert placeholders and "선택하세요" in placeholders
    expect(page.locator(".st-key-upload_crs input")).to_have_value(t("upload_crs_auto", "ko"))
    expect(page.locator(".st-key-upload_colour_by input")).to_have_value(t("upload_one_colour", "ko"))
    assert not english_in(page.evaluate(READER_TEXTS))
    assert axe_violations(page) == []
