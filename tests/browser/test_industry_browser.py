"""The industrial base in Chromium: the LQ colouring from a link and from the switch, the opportunity table."""

import re

import pytest
from playwright.sync_api import expect

from geo.maps.choropleth import LQ_COLOURS
from tests.browser.conftest import leaflet_frame, map_frame, rerun_done

pytestmark = pytest.mark.browser

FILLS = """() => Object.fromEntries(Object.values(window.beltChoro.layer._layers)
    .filter(l => l.feature).map(l => [l.feature.properties.code, l.options.fillColor]))"""


def fills(page) -> dict:
    return leaflet_frame(page).evaluate(FILLS)


def test_lq_colouring_from_a_link_and_the_switch_with_no_request_off_the_server(page, dashboard_url):
    """``?choro=lq_utilities`` colours 영광 darkest; switching to manufacturing recolours and joins the URL."""
    page.goto(f"{dashboard_url}/?choro=lq_utilities")
    frame = map_frame(page)
    expect(frame.locator(".belt-choro select")).to_have_value("lq_utilities")
    leaflet_frame(page).wait_for_function(
        "() => Object.values(window.beltChoro.layer._layers).some(l => l.feature && l.options.fillColor === '#01665e')",
        timeout=30_000,
    )
    colours = fills(page)
    assert colours["46870"] == LQ_COLOURS[-1]  # 영광: the nuclear plant
    assert colours["52111"] == colours["52113"]  # 전주시's two 구 share the city's figure
    legend = frame.locator(".choro-legend")
    expect(legend).to_contain_text("0.8–1.25 (전국 수준)")
    expect(legend).to_contain_text("LQ = 시군구의 산업 비중 ÷ 전국 비중 (2020)")
    # Sites stay drawn above the colouring.
    assert frame.locator(".site-marker").count() > 10

    frame.locator(".belt-choro select").select_option("lq_manufacturing")
    expect(page).to_have_url(re.compile("choro=lq_manufacturing"))
    leaflet_frame(page).wait_for_function(
        "(c) => window.beltChoro.metric === 'lq_manufacturing' && "
        "Object.values(window.beltChoro.layer._layers).some(l => l.feature && "
        "l.feature.properties.code === '46130' && l.options.fillColor === c)",
        arg=LQ_COLOURS[-2],  # 여수: petrochemicals, LQ 2–4
        timeout=30_000,
    )
    rerun_done(page)
    expect(page.get_by_text("완산구와 덕진구").first).to_be_visible()
    assert page.requests.external() == []


def test_opportunity_table_on_the_value_chain_page(page, dashboard_url):
    """The table and its two downloads are on the page, in English too, with no request off the server."""
    page.goto(f"{dashboard_url}/value-chain?lang=en")
    expect(page.get_by_role("heading", name="The industrial base and the belt's investment")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text(re.compile(r"^Base without a site \(\d+\)$"))).to_be_visible()
    expect(page.get_by_role("button", name="Openings and gaps (CSV)")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("whole table \\(CSV\\)"))).to_be_visible()
    assert page.requests.external() == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_lq_colouring_passes_axe(page, dashboard_url, lang):
    """The map coloured by an LQ, with its legend and note, has no WCAG A or AA violation."""
    from tests.browser.test_accessibility_browser import axe_violations, readable, settled

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{dashboard_url}/?choro=lq_manufacturing" + ("&lang=en" if lang == "en" else ""))
    frame = settled(page, lang, True)
    assert axe_violations(page) == [], readable(axe_violations(page))
    assert axe_violations(frame) == [], readable(axe_violations(frame))
