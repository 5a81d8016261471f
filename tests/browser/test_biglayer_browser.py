"""A planner's 20,000-firm register in a real browser: counts at belt zoom, firms when zoomed in, a legend.

The layer is made in the test (random firms inside the belt's 시군구), uploaded as CSV on the data
page and coloured by its 업종 column; the belt map then draws at most a bubble per 시군구 at belt
zoom, and the firms themselves, from vector tiles, once zoomed into a 시군구. Screenshots of both
are kept in ``test-artifacts/``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.boundaries import load_sigungu
from geo.planner.aggregate import PALETTE
from tests.browser.conftest import ARTIFACTS, MAP_IFRAME, leaflet_frame, loaded, map_frame, map_idle, set_view
from tests.layer_fixture import firms_csv, random_firms

pytestmark = pytest.mark.browser

N = 20_000
# Elements the layer may put in the page at belt zoom: a bubble per 시군구 (42) and their parts.
MAX_ELEMENTS_AT_BELT_ZOOM = 200
LAYER_ELEMENTS = "document.querySelectorAll('.leaflet-axUploadAreas-pane *, .leaflet-axUploadPoints-pane *').length"
# Pixels of the first category's colour on the layer's tile canvases (its points drawn).
COLOURED_PIXELS = """(rgb) => {
    let hits = 0;
    document.querySelectorAll('.leaflet-axUploadPoints-pane canvas').forEach((c) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < data.length; i += 4) {
            if (Math.abs(data[i] - rgb[0]) < 12 && Math.abs(data[i + 1] - rgb[1]) < 12
                && Math.abs(data[i + 2] - rgb[2]) < 12 && data[i + 3] > 200) { hits += 1; }
        }
    });
    return hits;
}"""


def rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit select box labelled ``label``."""
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_large_layer_is_counted_at_belt_zoom_and_drawn_when_zoomed(page, dashboard_url, tmp_path):
    """20,000 firms: ≤ 200 layer elements at belt zoom, firms drawn at a 시군구's zoom, the layer in the legend."""
    csv = firms_csv(random_firms(N, load_sigungu()), tmp_path / "firms.csv")
    page.goto(f"{dashboard_url}/data")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    page.locator('input[type="file"]').first.set_input_files(str(csv))
    page.get_by_text(f"firms.csv: 객체 {N}개를 올렸습니다", exact=False).wait_for(timeout=120_000)
    choose(page, "색으로 나눌 열", "업종")
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".ax-upload-legend")).to_contain_text("자동차부품", timeout=60_000)

    page.get_by_test_id("stSidebar").get_by_role("link", name="벨트 지도").click()
    frame = map_frame(page)
    legend = frame.locator(".ax-upload-legend")
    expect(legend).to_contain_text("firms")
    expect(legend).to_contain_text("자동차부품")
    expect(legend).to_contain_text("기타")  # twelve 업종, eight colours: the rest together
    expect(frame.locator(".ax-bubble").first).to_be_visible()
    leaflet = leaflet_frame(page)
    expect(frame.locator(".ax-bubble")).not_to_have_count(0)
    map_idle(page)
    loaded(page)  # the layer has drawn what belt zoom asks for (and fetched no tiles, or they would count)
    at_belt = leaflet.evaluate(LAYER_ELEMENTS)
    bubbles = frame.locator(".ax-bubble").count()
    assert 0 < bubbles <= 42 and at_belt <= MAX_ELEMENTS_AT_BELT_ZOOM
    assert leaflet.evaluate("document.querySelectorAll('.leaflet-axUploadPoints-pane canvas').length") == 0
    # The belt's own sites stay drawn above the layer, and its flows too.
    assert frame.locator(".site-marker").count() > 10
    z = leaflet.evaluate("""() => ['axUploadPoints', 'axUploadAreas', 'beltFlows', 'markerPane']
        .map((p) => Number(getComputedStyle(window.map.getPane(p)).zIndex))""")
    assert z[0] < z[1] < z[2] < z[3]
    # The layer's name is in the layer control, and its count per 시군구 in the choropleth switch.
    assert "firms" in frame.locator(".leaflet-control-layers-overlays").inner_text()
    expect(frame.locator(".ax-has-upload .belt-choro option.choro-uploaded")).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "biglayer-belt-zoom.png"))

    # Zoom into 광산구 (Gwangju): the firms themselves, from the vector tiles.
    set_view(leaflet, 12, (35.16, 126.80))
    page.wait_for_function(
        "() => { const f = [...document.querySelectorAll('iframe')].map((i) => i.contentWindow)"
        ".find((w) => w && w.axUploadState); return f && f.axUploadState.mode === 'points'; }",
        timeout=30_000,
    )
    leaflet.wait_for_function(COLOURED_PIXELS, arg=rgb(PALETTE[0]), timeout=60_000)
    assert leaflet.evaluate(COLOURED_PIXELS, rgb(PALETTE[0])) > 200
    assert frame.locator(".ax-bubble").count() == 0
    page.screenshot(path=str(ARTIFACTS / "biglayer-zoomed-in.png"))
    assert page.requests.external() == []
