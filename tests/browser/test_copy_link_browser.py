"""The copy-link box in Chromium: the button copies the address bar's link, from the mouse and the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def clip_page(browser):
    """A page that may read and write the clipboard (Chromium asks otherwise)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("query", "label", "button", "copied"),
    [
        ("?f_region=jeonbuk", "이 화면의 링크", "링크 복사", "복사됨"),
        ("?lang=en&f_region=jeonbuk", "Link to this view", "Copy link", "Copied"),
    ],
)
def test_the_button_copies_the_view_link_and_says_so(clip_page, dashboard_url, query, label, button, copied):
    """A click copies the field's link, which is the address bar's; the live region says it was copied."""
    page = clip_page
    page.goto(f"{dashboard_url}/{query}")  # the view's own order of keys
    sidebar = page.get_by_test_id("stSidebar")
    field = sidebar.get_by_role("textbox", name=label)
    expect(field).to_have_value(re.compile("f_region=jeonbuk"), timeout=60_000)
    link = field.input_value()
    expect(page).to_have_url(link)  # the address bar, to the letter (once the run has written the view into it)
    expect(field).to_have_attribute("readonly", "")
    sidebar.get_by_role("button", name=button).click()
    expect(sidebar.get_by_role("status")).to_have_text(copied)
    assert page.evaluate("navigator.clipboard.readText()") == link


def test_the_keyboard_copies_too_and_without_the_clipboard_api_the_field_is_selected(clip_page, dashboard_url):
    """Tab from the field to the button and Enter copy; with no clipboard API (plain http) the link is selected."""
    page = clip_page
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(f"{dashboard_url}/?f_region=jeonbuk")
    sidebar = page.get_by_test_id("stSidebar")
    field = sidebar.get_by_role("textbox", name="이 화면의 링크")
    expect(field).to_have_value(re.compile("f_region=jeonbuk"), timeout=60_000)
    field.focus()
    page.keyboard.press("Tab")
    expect(sidebar.get_by_role("button", name="링크 복사")).to_be_focused()
    page.keyboard.press("Enter")
    # Headless Chromium may refuse the copy command: the box then says how to copy by hand.
    expect(sidebar.get_by_role("status")).to_have_text(re.compile("^(복사됨|복사하지 못했습니다.*Ctrl\\+C.*)$"))
    selected = field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)")
    assert "f_region=jeonbuk" in selected and selected == field.input_value()


def test_the_page_with_the_box_passes_axe(clip_page, dashboard_url):
    """No WCAG A/AA violation on the map page, whose sidebar shows the box, nor inside the box."""
    page = clip_page
    page.goto(f"{dashboard_url}/?lang=en")
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Copy link")).to_be_visible(timeout=60_000)
    page.locator('iframe[src*="/component/streamlit_folium."]').first.wait_for(timeout=60_000)
    assert axe_violations(page) == []
