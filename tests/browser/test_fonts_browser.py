"""Korean on a machine with no Korean font: every page's text is drawn in the NanumGothic the app serves."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS, chromium_path, leaflet_frame, loaded, map_frame
from tests.conftest import missing

pytestmark = pytest.mark.browser

# Two syllables: drawn with real glyphs they differ, drawn as boxes (.notdef) they are the same.
PROBE = "거점"

# Latin only: DejaVu has no Hangul, so any Korean not drawn in the served NanumGothic is a box.
LATIN_FONTS = "/usr/share/fonts/truetype/dejavu"

# Each kind of text outside the map, as a selector whose first Hangul text is checked.
TEXTS = {
    "sidebar": '[data-testid="stSidebar"] [data-testid="stWidgetLabel"]',
    "widget": '[data-testid="stSidebar"] [role="radiogroup"]',
    "heading": '[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3',
    "kpi": '[data-testid="stMetricLabel"]',
    "caption": '[data-testid="stCaptionContainer"]',
}
# Each page: its path, the kinds of text it shows, and whether it shows charts and the map.
PAGES = {
    "map": ("", ["sidebar", "widget", "heading", "kpi", "caption"], False, True),
    "value-chain": ("value-chain", ["sidebar", "widget", "heading", "caption"], True, False),
    "programs": ("programs", ["sidebar", "widget", "heading", "kpi", "caption"], True, False),
    "presenter": ("presenter?step=1", ["heading"], False, True),
    "data": ("data", ["sidebar", "widget", "heading", "caption"], False, False),
}
# Chart and map texts are set in the dashboard's font stack (the reader's Korean font first).
CHART_TEXT = ".js-plotly-plot .main-svg text"
MAP_NAME = ".site-name span"

# For each selector: the first element's text with Hangul, the font it is set in, and whether two
# different syllables in that font draw differently (a box, the same for every syllable, does not).
FONT_REPORT = """([texts, probe]) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 48;
    const pen = canvas.getContext('2d', {willReadFrequently: true});
    const pixels = (font, text) => {
        pen.clearRect(0, 0, 64, 48); pen.font = font; pen.fillText(text, 4, 36);
        return pen.getImageData(0, 0, 64, 48).data.join();
    };
    const distinct = font => pixels(font, probe[0]) !== pixels(font, probe[1]);
    const hangul = /[\\uac00-\\ud7a3]/;
    const report = {boxesInSansSerif: !distinct('24px sans-serif')};
    for (const [kind, selector] of Object.entries(texts)) {
        report[kind] = null;
        for (const element of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode()) && !hangul.test(node.data)) {}
            if (!node) continue;
            const style = getComputedStyle(node.parentElement);
            report[kind] = {
                text: node.data.trim(),
                family: style.fontFamily.split(',')[0].replace(/["']/g, '').trim(),
                glyphs: distinct(`${style.fontWeight} 24px ${style.fontFamily}`),
            };
            break;
        }
    }
    report.faces = [...document.fonts].filter(f => f.family === 'NanumGothic').map(f => `${f.weight} ${f.status}`);
    return report;
}"""


@pytest.fixture(scope="module")
def fontless_page(tmp_path_factory, playwright_driver):
    """A 1366×768 Korean page in a Chromium whose fontconfig knows only the Latin DejaVu fonts."""
    if not os.path.isdir(LATIN_FONTS):
        missing(f"{LATIN_FONTS} not found (Debian's fonts-dejavu-core)", "AXBELT_REQUIRE_BROWSER")
    folder = tmp_path_factory.mktemp("fontconfig")
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{LATIN_FONTS}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}
    chromium = playwright_driver.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS, env=env
    )
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    yield context.new_page()
    context.close()
    chromium.close()


@pytest.mark.parametrize("name", PAGES)
def test_korean_shows_in_nanumgothic_without_a_korean_system_font(fontless_page, dashboard_url, name):
    """Sidebar, widgets, headings, KPI labels and captions are set in NanumGothic and draw real glyphs, not boxes."""
    page = fontless_page
    path, kinds, charts, has_map = PAGES[name]
    page.goto(f"{dashboard_url}/{path}")
    for kind in kinds:
        expect(page.locator(TEXTS[kind]).first).to_be_visible(timeout=120_000)
    if charts:
        page.locator(CHART_TEXT).first.wait_for(timeout=150_000)
    if has_map:
        map_frame(page)
    loaded(page)
    texts = {kind: TEXTS[kind] for kind in kinds} | ({"chart": CHART_TEXT} if charts else {})
    report = page.evaluate(FONT_REPORT, [texts, PROBE])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fontless-{name}-1366x768-ko.png"))
    if charts:
        assert report.pop("chart")["glyphs"], "a chart's Korean text draws as boxes"
    if has_map:
        in_map = leaflet_frame(page).evaluate(FONT_REPORT, [{"names": MAP_NAME}, PROBE])
        assert in_map["names"]["glyphs"], "the map's site names draw as boxes"
    assert report.pop("boxesInSansSerif"), "this Chromium has a Korean font: the check would prove nothing"
    faces = set(report.pop("faces"))
    wrong = {kind: found for kind, found in report.items() if not found or found["family"] != "NanumGothic"}
    assert wrong == {}
    assert {kind: found["glyphs"] for kind, found in report.items()} == dict.fromkeys(kinds, True)
    assert {"400 loaded", "700 loaded"} <= faces  # the theme's regular and bold
