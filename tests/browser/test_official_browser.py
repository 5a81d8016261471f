"""What an official meets first, in Chromium: a first click that works at 1366×768, a legend with shapes,
names that never collide on the presenter's slides, a clicker that steps, and a source under every chart.
"""

import itertools
import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from geo.paths import DEFAULT_DATA_DIR
from tests.browser.conftest import ARTIFACTS, MAP_IFRAME, leaflet_frame, loaded, map_frame, open_map
from tests.helpers import STEPS

pytestmark = pytest.mark.browser

STAGES = pd.read_csv(DEFAULT_DATA_DIR / "stages.csv", dtype=str)
SITES_REGION = pd.Series(
    [f["properties"]["region"] for f in pd.read_json(DEFAULT_DATA_DIR / "sites.geojson")["features"]]
)
SITE_NAMES = pd.Series(
    [f["properties"]["name_ko"] for f in pd.read_json(DEFAULT_DATA_DIR / "sites.geojson")["features"]]
)


def shot(page, name):
    """Keep a screenshot of the page under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def free_marker_point(page):
    """The page point of a marker that is in view and on top there (no neighbour, name or control over it)."""
    frame = leaflet_frame(page)
    offset = page.locator(MAP_IFRAME).bounding_box()
    point = frame.evaluate(
        """(bottom) => {
        for (const m of document.querySelectorAll('.site-marker')) {
            const r = m.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (y + 40 > bottom) { continue; }
            const top = document.elementFromPoint(x, y);
            if (top && m.contains(top)) { return [x, y]; }
        }
        return null;
    }""",
        768 - offset["y"],
    )
    assert point, "no marker free to click in view"
    return offset["x"] + point[0], offset["y"] + point[1]


def test_first_click_on_a_marker_at_1366x768_opens_the_panel(page, dashboard_url):
    """On a government laptop screen the very first click on a marker opens its detail panel."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(dashboard_url)
    map_frame(page)
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert iframe["y"] < 768 * 0.35  # the map starts near the top
    x, y = free_marker_point(page)
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"site="), timeout=30_000)
    heading = page.locator("h3").filter(has_text=re.compile("|".join(map(re.escape, SITE_NAMES))))
    expect(heading.first).to_be_visible()


MARKERS_ON_TOP = """() => {
    const out = [];
    for (const m of document.querySelectorAll('.leaflet-marker-pane .site-marker')) {
        const r = m.querySelector('svg').getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        const top = document.elementFromPoint(x, y), hit = top && top.closest('.site-marker');
        out.push({site: m.querySelector('[data-site]').dataset.site, x, y,
                  under: hit ? hit.querySelector('[data-site]').dataset.site : null});
    }
    return out;
}"""


@pytest.mark.parametrize(
    "size",
    [(1366, 768), (1280, 720)],
)
def test_every_marker_is_on_top_at_its_centre_at_belt_zoom(page, dashboard_url, size):
    """At belt zoom no marker's centre is covered: the element there is that marker, and a click there hits it."""
    frame = open_map(page, dashboard_url, size)
    frame.wait_for_function("() => document.querySelectorAll('.site-marker.spread-done, .belt-spread').length > 0")
    markers = frame.evaluate(MARKERS_ON_TOP)
    assert len(markers) == len(SITE_NAMES)
    covered = [m["site"] for m in markers if m["under"] != m["site"]]
    assert not covered, f"{len(covered)} of {len(markers)} markers covered at their centre: {covered}"
    # A click at each centre lands on that marker (recorded in the frame, not sent to the app).
    frame.evaluate("""() => {
        window.__hits = [];
        document.addEventListener('click', (e) => {
            const m = e.target.closest('.site-marker');
            window.__hits.push(m ? m.querySelector('[data-site]').dataset.site : null);
            e.stopPropagation(); e.preventDefault();
        }, true);
    }""")
    offset = page.locator(MAP_IFRAME).bounding_box()
    for m in markers:
        page.mouse.click(offset["x"] + m["x"], offset["y"] + m["y"])
    assert frame.evaluate("window.__hits") == [m["site"] for m in markers]


def test_a_click_on_a_crowded_marker_opens_that_site(page, dashboard_url):
    """전남대학교병원 sits beside 광주CGI센터 at belt zoom: a click on its marker opens it, not its neighbour."""
    frame = open_map(page, dashboard_url)
    frame.wait_for_function("() => document.querySelectorAll('.site-marker.spread-done, .belt-spread').length > 0")
    spot = next(m for m in frame.evaluate(MARKERS_ON_TOP) if m["site"] == "gj-cnuh")
    offset = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(offset["x"] + spot["x"], offset["y"] + spot["y"])
    expect(page).to_have_url(re.compile(r"site=gj-cnuh\b"), timeout=30_000)
    expect(page.locator("h3").filter(has_text="전남대학교병원").first).to_be_visible()


def test_legend_beside_the_map_shows_each_stage_shape(page, dashboard_url):
    """The legend beside the map has an SVG marker shape in every stage's row, and none floats over the map."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    legend = page.locator(".belt-legend.panel")
    expect(legend).to_be_visible()
    for name in STAGES["name_ko"]:
        row = legend.locator(".lg-row").filter(has_text=name)
        expect(row.locator("svg")).to_have_count(1)
    assert frame.locator(".belt-legend").count() == 0


KEY_BOX = """() => {
    const key = document.querySelector('.belt-legend.panel');
    if (!key) { return null; }
    const rows = [...key.querySelectorAll(':scope > .lg-grid .lg-row, :scope > .lg-sectors .lg-row')];
    return {open: key.open, top: key.getBoundingClientRect().top,
            bottom: Math.max(...rows.map(r => r.getBoundingClientRect().bottom)),
            sizes: rows.map(r => parseFloat(getComputedStyle(r).fontSize)), rows: rows.length};
}"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_key_is_on_the_map_pages_first_screen(page, dashboard_url, lang):
    """At 1366×768 the key of sector colours and stage shapes is open and wholly on the first screen."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{dashboard_url}/?lang={lang}")
    map_frame(page)
    key = page.evaluate(KEY_BOX)
    assert key and key["open"] and key["rows"] >= len(STAGES) + 7
    assert key["bottom"] <= 768, key
    shot(page, f"home-key-1366x768-{lang}")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_presenter_step_shows_its_key_at_projector_size(page, dashboard_url, lang):
    """On every step at 1280×720 the key is open, in view and at 16 px or more; so are the district classes."""
    page.set_viewport_size({"width": 1280, "height": 720})
    for step in STEPS:
        page.goto(f"{dashboard_url}/presenter?step={step.number}&lang={lang}")
        map_frame(page)
        expect(page.get_by_text(step.title[lang], exact=True)).to_be_visible()
        key = page.evaluate(KEY_BOX)
        assert key and key["open"] and key["rows"] >= 2, step.number
        assert key["bottom"] <= 720 and min(key["sizes"]) >= 16, (step.number, key)
        source = page.locator(".step-source").bounding_box()
        assert source["y"] + source["height"] <= 720, step.number  # the key leaves the slide whole
        classes = leaflet_frame(page).evaluate(
            "[...document.querySelectorAll('.belt-choro .choro-legend .lg-row')]"
            ".filter(r => r.offsetParent).map(r => parseFloat(getComputedStyle(r).fontSize))"
        )
        assert bool(classes) == (step.choropleth != "none"), step.number
        assert all(size >= 16 for size in classes), step.number
        shot(page, f"presenter-key-step{step.number}-1280x720-{lang}")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_region_filter_frames_its_sites(page, dashboard_url, lang):
    """Filtered to 전북 the map frames its 14 sites: all inside, spread over the map, none under the switch."""
    frame = open_map(page, f"{dashboard_url}/?f_region=jeonbuk&lang={lang}")
    frame.wait_for_function("() => document.querySelector('.belt-spread') && true")
    found = frame.evaluate("""() => {
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        return {markers: [...document.querySelectorAll('.site-marker svg')].map(box),
                map: box(document.querySelector('.leaflet-container')),
                switch: box(document.querySelector('.belt-choro'))};
    }""")
    area, markers = found["map"], found["markers"]
    assert len(markers) == sum(SITES_REGION == "jeonbuk")
    assert all(area[0] <= m[0] and m[2] <= area[2] and area[1] <= m[1] and m[3] <= area[3] for m in markers)
    tops, bottoms = [m[1] for m in markers], [m[3] for m in markers]
    assert max(bottoms) - min(tops) > 0.45 * (area[3] - area[1])  # not crammed at one edge
    assert not [m for m in markers if meets(m, found["switch"])]
    shot(page, f"home-jeonbuk-1366x768-{lang}")


def test_the_share_menu_opens_with_nothing_over_it(page, dashboard_url):
    """Opening ⋯ 공유 on the slide shows its heading, link and exports, with no tooltip left over them."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=7")
    map_frame(page)
    page.get_by_role("button", name="⋯ 공유").hover()
    page.wait_for_timeout(800)  # a hover tooltip would show by now
    page.get_by_role("button", name="⋯ 공유").click()
    menu = page.get_by_test_id("stPopoverBody")
    expect(menu.get_by_text("공유·내보내기 (링크, 지도 PNG·PDF)")).to_be_visible()
    page.wait_for_timeout(800)
    assert (
        page.get_by_test_id("stTooltipContent").count() == 0
        or not page.get_by_test_id("stTooltipContent").first.is_visible()
    )
    shot(page, "presenter-share-menu-1280x720")


def label_boxes(page):
    """The visible site names (their text's own box) and markers in the map, and the map's box."""
    return leaflet_frame(page).evaluate("""() => {
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        const shown = e => getComputedStyle(e.closest('.site-name')).display !== 'none';
        return {
            names: [...document.querySelectorAll('.site-name:not(.flow-count) span')].filter(shown).map(box),
            markers: [...document.querySelectorAll('.site-marker svg')].map(box),
            map: box(document.querySelector('.leaflet-container')),
        };
    }""")


def meets(a, b, slack=1.0):
    """Whether two boxes share area beyond ``slack`` pixels (sub-pixel rounding is not a collision)."""
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_presenter_names_never_collide_cover_markers_or_leave_the_map(page, dashboard_url, lang):
    """On every step at 1280×720 no two names meet, no name covers a marker, every name lies inside the map,
    and none is nearer another marker's centre than its own unless a leader line ties it (before: 21 of 57 in
    Korean, 16 of 48 in English)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    for step in STEPS:
        page.goto(f"{dashboard_url}/presenter?step={step.number}&lang={lang}")
        map_frame(page)
        expect(page.get_by_text(step.title[lang], exact=True)).to_be_visible()
        frame = page.frame_locator(MAP_IFRAME).first
        expect(frame.locator(".site-name span:visible").first).to_be_visible()  # names show at the step's zoom
        found = label_boxes(page)
        names, area = found["names"], found["map"]
        assert not [(a, b) for a, b in itertools.combinations(names, 2) if meets(a, b)], step.number
        assert not [(n, m) for n in names for m in found["markers"] if meets(n, m)], step.number
        assert all(area[0] <= n[0] and n[2] <= area[2] and area[1] <= n[1] and n[3] <= area[3] for n in names)
        misread = leaflet_frame(page).evaluate(NAMES_NEARER_ANOTHER)
        assert not misread, (step.number, misread)
        if lang == "ko":
            shot(page, f"presenter-step{step.number}-1280x720")


# The names shown that lie nearer another marker's centre than their own, with no leader line to tie them.
NAMES_NEARER_ANOTHER = """() => {
    const centre = e => {
        const r = e.getBoundingClientRect();
        return [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
    };
    const far = (r, [x, y]) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    const markers = [...document.querySelectorAll('.leaflet-marker-pane .site-marker')]
        .map(m => [m.querySelector('[data-site]').dataset.site, centre(m.querySelector('svg'))]);
    return [...document.querySelectorAll('.site-name:not(.flow-count) span[data-name-of]')]
        .filter(s => getComputedStyle(s.closest('.site-name')).display !== 'none')
        .filter(s => !s.closest('.site-name').querySelector('.name-leader'))
        .filter(s => {
            const r = s.getBoundingClientRect(), own = markers.find(([id]) => id === s.dataset.nameOf);
            return own && markers.some(([id, c]) => id !== own[0] && far(r, c) <= far(r, own[1]));
        }).map(s => s.dataset.nameOf);
}"""


def test_clicker_keys_and_back_step_through_the_story(page, dashboard_url):
    """→ and PageDown go to the next step, ← and PageUp back, Space next; the browser's Back returns a step."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=2")
    map_frame(page)
    expect(page.get_by_text("2 / 7")).to_be_visible()
    for key, number in (("ArrowRight", 3), ("PageDown", 4), ("ArrowLeft", 3), ("PageUp", 2), (" ", 3)):
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"step={number}\b"))
        expect(page.get_by_text(STEPS[number - 1].title["ko"], exact=True)).to_be_visible()
        expect(page.get_by_text(f"{number} / 7")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"step=2\b"))
    expect(page.get_by_text(STEPS[1].title["ko"], exact=True)).to_be_visible()


def test_clicker_keeps_stepping_after_a_click_on_the_map(page, dashboard_url):
    """A click on the map (on the land, or on a marker) never traps the clicker: →, PageDown, ←, Space still step."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=2")
    map_frame(page)
    box = page.locator(MAP_IFRAME).bounding_box()
    expected = 2
    for key, where in (("ArrowRight", "land"), ("PageDown", "marker"), ("ArrowLeft", "land"), (" ", "land")):
        if where == "marker":
            page.mouse.click(*free_marker_point(page))
        else:
            page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.5)
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"  # the frame has the keys now
        page.keyboard.press(key)
        expected += -1 if key == "ArrowLeft" else 1
        expect(page).to_have_url(re.compile(rf"step={expected}\b"))
        expect(page.get_by_text(f"{expected} / 7")).to_be_visible()
        # The page took the focus back: later keys go straight to it.
        assert page.evaluate("document.activeElement.tagName") != "IFRAME"
        page.keyboard.press("ArrowRight")
        expected += 1
        expect(page).to_have_url(re.compile(rf"step={expected}\b"))
        expect(page.get_by_text(f"{expected} / 7")).to_be_visible()
        page.keyboard.press("ArrowLeft")
        expected -= 1
        expect(page).to_have_url(re.compile(rf"step={expected}\b"))
        map_frame(page)


def test_the_slide_is_only_the_slide(page, dashboard_url):
    """No link box or export button on the slide itself: they wait behind the one share menu."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=3")
    map_frame(page)
    expect(page.get_by_role("button", name="지도 PNG")).to_have_count(0)
    assert "localhost" not in page.locator('[data-testid="stMain"]').inner_text()
    page.get_by_role("button", name=re.compile("공유")).click()
    expect(page.get_by_role("button", name="지도 PNG")).to_be_visible()


@pytest.mark.parametrize("path", ["value-chain", "programs"])
def test_every_chart_has_a_visible_source_line(page, dashboard_url, path):
    """Every chart on the analysis pages sits with a caption that cites its sources and as-of date."""
    page.goto(f"{dashboard_url}/{path}")
    charts = page.locator(".stPlotlyChart")
    expect(charts.first).to_be_visible(timeout=60_000)
    boxes = page.locator('[class*="st-key-chart_"]')
    expect(page.locator('[class*="st-key-chart_"]:not(:has(.stPlotlyChart))')).to_have_count(0)  # all drawn
    assert boxes.count() == charts.count() > 0
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if not box.locator(".stPlotlyChart").is_visible():  # a chart in a tab not shown
            continue
        caption = box.get_by_test_id("stCaptionContainer")
        expect(caption).to_be_visible()
        expect(caption).to_have_text(re.compile(r"^출처: .+ · 기준일 \d{4}-\d{2}-\d{2}$"))


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_map_page_starts_the_map_near_the_top(page, dashboard_url, size, lang):
    """At each screen size the map starts within the top third, and key sites are named at belt zoom."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{dashboard_url}/?lang={lang}")
    frame = map_frame(page)
    expect(frame.locator(".site-name span:visible").first).to_be_visible()
    assert page.locator(MAP_IFRAME).bounding_box()["y"] < size[1] / 3
    shot(page, f"map-{size[0]}x{size[1]}-{lang}")


@pytest.mark.parametrize("path", ["/", "/programs"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_key_figures_are_never_cut_on_a_projector(page, dashboard_url, path, lang):
    """At 1280×720 every figure and its second line shows whole: an official never reads "KRW 3.95…"."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}{path}?lang={lang}")
    # The KPI header's five figures (the first can show before the rest on a busy machine).
    expect(page.get_by_test_id("stMetricValue").nth(4)).to_be_visible()
    loaded(page)
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricDelta"]')]
            .map(el => [el.innerText, el.querySelector('div') || el])
            .filter(([, box]) => box.scrollWidth > box.clientWidth).map(([text]) => text)"""
    )
    assert page.get_by_test_id("stMetricValue").count() >= 5
    assert cut == []
