"""The belt map in Chromium: sector layers, toggles without a round trip, clicks, search, flows."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from geo.paths import DEFAULT_DATA_DIR
from tests.browser.conftest import MAP_IFRAME, leaflet_frame, map_frame, map_idle, rerun_done, set_view
from tests.helpers import SHIPPED_SITES

pytestmark = pytest.mark.browser

MAIN_SECTOR = Counter(site["sectors"][0] for site in SHIPPED_SITES)


def test_each_sector_has_its_markers(page, dashboard_url):
    """Every sector layer draws one marker per site whose main sector it is."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    for sector, count in MAIN_SECTOR.items():
        assert frame.locator(f".site-marker.sector-{sector}").count() == count, sector


def test_toggling_a_sector_hides_exactly_its_markers_and_joins_the_view(page, dashboard_url):
    """Unticking a sector removes its markers only, in the browser; the address bar then records it."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    sector, count = MAIN_SECTOR.most_common(1)[0]
    total = frame.locator(".site-marker").count()
    frame.locator(".leaflet-control-layers").hover()  # the switcher opens on hover
    name = frame.locator(".leaflet-control-layers-overlays label").filter(has_text=_sector_name(sector))
    name.locator("input").click()
    assert frame.locator(f".site-marker.sector-{sector}").count() == 0  # at once, before any round trip
    assert frame.locator(".site-marker").count() == total - count
    expect(page).to_have_url(re.compile(f"hide={sector}"))


def _sector_name(sector_id):
    import pandas as pd

    sectors = pd.read_csv(DEFAULT_DATA_DIR / "sectors.csv", dtype=str)
    return sectors.set_index("id").at[sector_id, "name_ko"]


def test_flows_are_drawn(page, dashboard_url):
    """Every link is on the page; at belt zoom the region flows show, from zoom 10 the single links instead."""
    from geo.catalogue import load_catalogue
    from geo.flows import region_flows

    cat = load_catalogue(DEFAULT_DATA_DIR)
    page.goto(dashboard_url)
    frame = map_frame(page)
    assert frame.locator("path.flow").count() == len(cat.links)
    assert frame.locator(".flow-arrow:not(.flow-agg)").count() == len(cat.links)
    flows = region_flows(cat.links, cat.sites)
    expect(frame.locator("path.flow-agg")).to_have_count(len(flows))
    expect(frame.locator("path.flow-agg").first).to_be_visible()
    expect(frame.locator("path.flow-zoomed").first).to_be_hidden()
    expect(frame.locator(".flow-count").filter(has_text="광주→전남").first).to_be_attached()
    set_view(leaflet_frame(page), 10)
    expect(frame.locator("path.flow-zoomed").first).to_be_visible()
    expect(frame.locator("path.flow-agg").first).to_be_hidden()


def test_clicking_a_marker_fills_the_detail_panel(page, dashboard_url):
    """A click on a marker shows that site's name in the panel beside the map."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    names = [s["name_ko"] for s in SHIPPED_SITES if s["sectors"][0] == "culture"]
    # Dispatched on the element itself: a neighbouring marker may overlap it at belt zoom.
    frame.locator(".site-marker.sector-culture").first.dispatch_event("click")
    page.wait_for_function(
        "names => [...document.querySelectorAll('h3')].some(h => names.some(n => h.innerText.includes(n)))",
        arg=names,
        timeout=30_000,
    )
    shown = [h for h in page.locator("h3").all_inner_texts() if any(n in h for n in names)]
    assert len(shown) == 1


def test_search_zooms_to_the_site(page, dashboard_url):
    """Typing part of a name in the search box selects the site and zooms the map to it."""
    page.goto(dashboard_url)
    map_frame(page)
    zoom_before = leaflet_frame(page).evaluate("window.map.getZoom()")
    target = next(s for s in SHIPPED_SITES if s["region"] == "jeonbuk")
    box = page.get_by_role("combobox", name="거점 검색 (한글·영문 일부)")
    box.click()
    box.press_sequentially(target["name_ko"][:4])
    page.get_by_role("option").filter(has_text=target["name_ko"]).first.click()
    frame = leaflet_frame(page)
    # The rerun redraws the map at the site: its zoom goes up once the move has ended.
    frame.wait_for_function("before => window.map.getZoom() > before", arg=zoom_before, timeout=30_000)
    map_idle(page)
    center = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    assert center[0] > 35.3  # Jeonbuk lies north of Gwangju and Jeonnam
    assert page.locator("h3").filter(has_text=target["name_ko"]).count() == 1


def test_choropleth_switch_recolours_districts_in_the_browser(page, dashboard_url):
    """Choosing 'number of sites' colours districts that have sites, with no server round trip."""
    page.goto(dashboard_url)
    frame = map_frame(page)
    frame.locator(".belt-choro select").select_option("sites")
    leaflet_frame(page).wait_for_function(
        "() => new Set(Object.values(window.beltChoro.layer._layers).map(l => l.options.fillColor)).size >= 3",
        timeout=30_000,
    )
    expect(frame.locator(".choro-legend .lg-row").nth(1)).to_be_attached()  # a legend of two classes at least


# Marks when streamlit-folium last compared the map's state with what it last sent (``previous_data``
# is read there and nowhere else, 250 ms after a move) and when the map last stopped moving.
WATCH_VALUE_CHECKS = """() => {
    const data = window.__GLOBAL_DATA__;
    let previous = data.previous_data;
    window.__lastCheck = 0;
    window.__lastMove = performance.now();
    Object.defineProperty(data, "previous_data", {
        configurable: true,
        get() { window.__lastCheck = performance.now(); return previous; },
        set(value) { previous = value; },
    });
    window.map.on("moveend", () => { window.__lastMove = performance.now(); });
}"""


def test_panning_and_zooming_do_not_rerun_the_script(page, dashboard_url):
    """Dragging the map and zooming in send nothing to the server."""
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(dashboard_url)
    frame = map_frame(page)
    rerun_done(page)
    map_idle(page)
    leaflet = leaflet_frame(page)
    leaflet.evaluate(WATCH_VALUE_CHECKS)
    before = len(sent)
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y + 80, steps=8)
    page.mouse.up()
    frame.locator(".leaflet-control-zoom-in").click()
    leaflet.wait_for_function("() => window.map.getZoom() > 8", timeout=30_000)
    map_idle(page)
    # streamlit-folium has looked at the map where it came to rest and decided whether to send it.
    leaflet.wait_for_function("() => window.__lastCheck > window.__lastMove", timeout=30_000)
    rerun_done(page)
    assert len(sent) == before, "panning or zooming must not rerun the script"


def test_the_map_frame_has_the_globals_the_map_scripts_use(page, dashboard_url):
    """streamlit-folium's frame defines every global of ``ui.folium_contract.FRAME_GLOBALS``, as the map uses them.

    The swapped-in layers are a list, the layer control is Leaflet's, and the component's value
    carries ``selected_tags``: after a layer toggle it holds the map's report (``geo.maps.scripts``).
    """
    from ui.folium_contract import FRAME_GLOBALS

    page.goto(dashboard_url)
    map_frame(page)
    map_idle(page)
    frame = leaflet_frame(page)
    kinds = frame.evaluate(
        """(names) => Object.fromEntries(names.map((name) => {
            var value = name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), window);
            return [name, Array.isArray(value) ? 'array' : typeof value];
        }))""",
        list(FRAME_GLOBALS),
    )
    assert kinds == {
        "__GLOBAL_DATA__": "object",
        "__GLOBAL_DATA__.selected_tags": "array",
        "feature_group": "array",
        "layer_control": "object",
    }
    assert frame.evaluate("() => window.layer_control instanceof L.Control.Layers")
    assert frame.evaluate("() => window.feature_group.length") > 0
    frame_locator = page.frame_locator(MAP_IFRAME).first
    frame_locator.locator(".leaflet-control-layers").hover()
    frame_locator.locator(".leaflet-control-layers-overlays label input").first.click()
    frame.wait_for_function("() => (window.__GLOBAL_DATA__.selected_tags || []).some((t) => t.startsWith('at='))")
