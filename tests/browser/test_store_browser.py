"""A stored layer in Chromium: uploaded, shared by link, kept over a server restart, removed by its uploader."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MAP_IFRAME, upload_file

pytestmark = pytest.mark.browser

LAYER_NAME = "호남 실증 공장"
CSV = "시설명,위도,경도\n광주 AI 실증공장,35.2284,126.8526\n새만금 재생에너지 공장,35.80,126.62\n".encode()


def copied_link(page) -> str:
    """The copy-link box's text once it names a stored layer."""
    box = page.locator('[data-testid="stSidebar"] .copy-link input').first
    box.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => /[?&]layer=[0-9a-f]{32}/.test(document.querySelector('[data-testid=stSidebar] .copy-link input').value)",
        timeout=60_000,
    )
    return box.input_value()


def edit_link(page) -> str:
    """The uploader's edit link, from its expander on the data page."""
    page.get_by_text("편집 링크 (본인만 보관)").click()
    box = page.locator('[data-testid="stMain"] [data-testid="stCode"]', has_text="edit=").first
    box.wait_for(timeout=60_000)
    return re.search(r"\S+", box.inner_text()).group(0)


def on_server(link: str, server_url: str) -> str:
    """The same link on another server (a restarted server listens on a new port here)."""
    parts = urlparse(link)
    return f"{server_url}{parts.path}?{parts.query}"


def test_a_stored_layer_survives_a_restart_and_its_link_says_when_it_is_gone(browser, private_servers, tmp_path):
    """A saved layer's link shows it after a restart, on the data page and the belt map; once removed, it says so."""
    env = {"AXBELT_STATE_DIR": str(tmp_path / "state")}
    first = private_servers.start(env)
    planner = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    planner.goto(f"{first}/data")
    planner.wait_for_selector(MAP_IFRAME, timeout=60_000)
    upload_file(planner, "공장.csv", CSV, "text/csv")
    planner.get_by_text("공장.csv: 객체 2개를 올렸습니다", exact=False).wait_for(timeout=60_000)
    name = planner.get_by_label("레이어 이름")
    name.fill(LAYER_NAME)
    name.press("Enter")
    planner.get_by_text("레이어를 저장했습니다", exact=False).wait_for(timeout=60_000)
    link = copied_link(planner)
    layer_id = re.search(r"layer=([0-9a-f]{32})", link).group(1)
    kept = edit_link(planner)
    assert "edit=" not in link and f"layer={layer_id}" in kept
    planner.context.close()

    private_servers.stop(first)  # restart: a new process, the same state folder
    second = private_servers.start(env)

    colleague = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    colleague.goto(on_server(link, second))
    colleague.get_by_text(f"링크의 레이어: {LAYER_NAME} (공장.csv, 객체 2개)", exact=False).wait_for(timeout=60_000)
    markers = colleague.frame_locator(MAP_IFRAME).first.locator("path.upload-marker")
    markers.nth(1).wait_for(timeout=60_000)
    assert markers.count() == 2

    colleague.goto(f"{second}/?layer={layer_id}")  # the belt map: the layer in its layer control
    frame = colleague.frame_locator(MAP_IFRAME).first
    frame.locator(".site-marker").first.wait_for(timeout=60_000)
    frame.locator("path.upload-marker").nth(1).wait_for(timeout=60_000)
    assert LAYER_NAME in frame.locator(".leaflet-control-layers").text_content()

    colleague.goto(on_server(link, second))
    colleague.get_by_text("보기 전용 링크입니다", exact=False).wait_for(timeout=60_000)
    assert colleague.get_by_role("button", name="레이어 지우기").count() == 0  # a view link cannot remove it
    colleague.goto(on_server(kept, second))  # the uploader, with their edit link
    colleague.get_by_text(f"링크의 레이어: {LAYER_NAME}", exact=False).wait_for(timeout=60_000)
    assert "edit=" not in colleague.url
    colleague.get_by_role("button", name="레이어 지우기").click()
    colleague.get_by_role("button", name="모두에게서 지우기").click()
    colleague.get_by_text(f"링크의 레이어: {LAYER_NAME}", exact=False).wait_for(state="detached", timeout=60_000)

    again = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    again.goto(on_server(link, second))
    again.get_by_text("이 링크의 레이어는 삭제되었거나 만료되었습니다", exact=False).wait_for(timeout=60_000)
    # The preview has drawn its boundaries, and a layer would have been drawn with them.
    preview = again.frame_locator(MAP_IFRAME).first
    preview.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    assert preview.locator("path.upload-marker").count() == 0
    assert again.locator('[data-testid="stException"]').count() == 0
    colleague.context.close()
    again.context.close()


def edit_cookies(context) -> list[dict]:
    """The context's cookies that keep an edit key."""
    return [cookie for cookie in context.cookies() if cookie["name"].startswith("axbelt_edit_")]


def wait_for_edit_cookie(page) -> list[dict]:
    """The page's edit-key cookies, once the page's post to the edit-key route has set one (30 s at most)."""
    import time

    deadline = time.monotonic() + 30
    while not edit_cookies(page.context) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return edit_cookies(page.context)


def test_the_uploaders_browser_keeps_edit_rights_over_a_reload_and_a_view_link_has_none(
    browser, private_servers, tmp_path
):
    """server.py: saving sets an HttpOnly SameSite=Strict cookie; a reload still edits; a view link cannot."""
    import time

    url = private_servers.start({"AXBELT_STATE_DIR": str(tmp_path / "state"), "AXBELT_LAYER_DAYS": "7"}, "server.py")
    planner = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    planner.goto(f"{url}/data")
    planner.wait_for_selector(MAP_IFRAME, timeout=60_000)
    upload_file(planner, "공장.csv", CSV, "text/csv")
    planner.get_by_text("레이어를 저장했습니다", exact=False).wait_for(timeout=60_000)
    link = copied_link(planner)
    layer_id = re.search(r"layer=([0-9a-f]{32})", link).group(1)
    kept = edit_link(planner)
    key = re.search(r"edit=([A-Za-z0-9_-]{43})", kept).group(1)
    (cookie,) = wait_for_edit_cookie(planner)
    assert cookie["name"] == f"axbelt_edit_{layer_id}" and cookie["value"] == key
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]  # http here
    assert cookie["path"] == "/" and 6.9 * 86400 < cookie["expires"] - time.time() <= 7 * 86400  # AXBELT_LAYER_DAYS
    assert planner.evaluate("document.cookie").find("axbelt_edit_") == -1  # no script reads it
    assert key not in link and key not in planner.url

    planner.reload()  # a new session: only the cookie holds the key now
    planner.get_by_text("링크의 레이어: 공장 (공장.csv, 객체 2개)", exact=False).wait_for(timeout=60_000)
    planner.get_by_text("편집 링크로 열었거나", exact=False).wait_for(timeout=60_000)
    name = planner.get_by_label("레이어 이름")
    assert name.is_enabled() and planner.get_by_role("button", name="레이어 지우기").count() == 1
    name.fill(LAYER_NAME)
    name.press("Enter")
    planner.get_by_role("button", name="레이어 지우기").wait_for(timeout=60_000)

    colleague = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    colleague.goto(link)
    colleague.get_by_text(f"링크의 레이어: {LAYER_NAME}", exact=False).wait_for(timeout=60_000)
    colleague.get_by_text("보기 전용 링크입니다", exact=False).wait_for(timeout=60_000)
    assert colleague.get_by_label("레이어 이름").is_disabled()
    assert colleague.get_by_role("button", name="레이어 지우기").count() == 0
    assert edit_cookies(colleague.context) == []
    # A cookie is set only for the layer's own key, and only from this site's page.
    forged = colleague.request.post(
        f"{url}/api/edit-key", data={"layer": layer_id, "key": "x" * 43}, headers={"Origin": url}
    )
    foreign = colleague.request.post(
        f"{url}/api/edit-key", data={"layer": layer_id, "key": key}, headers={"Origin": "https://attacker.example"}
    )
    assert (forged.status, foreign.status) == (403, 403) and "set-cookie" not in forged.headers
    assert edit_cookies(colleague.context) == []
    planner.context.close()
    colleague.context.close()

    elsewhere = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    elsewhere.goto(kept)  # the uploader's edit link, in another browser: it keeps the key too
    elsewhere.get_by_text("편집 링크로 열었거나", exact=False).wait_for(timeout=60_000)
    (cookie,) = wait_for_edit_cookie(elsewhere)
    assert cookie["value"] == key and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    elsewhere.goto(link)  # the view link, in that browser: the cookie keeps the right to edit
    elsewhere.get_by_text("편집 링크로 열었거나", exact=False).wait_for(timeout=60_000)
    assert elsewhere.get_by_label("레이어 이름").is_enabled()
    elsewhere.context.close()


def test_a_layers_colouring_is_carried_by_its_link_to_a_fresh_browser(browser, private_servers, tmp_path):
    """A planner colours an upload by 업종; the copied link, opened in a fresh browser, shows the layer in its
    two category colours on the belt map and with 업종 chosen on the data page, not in one colour."""
    url = private_servers.start({"AXBELT_STATE_DIR": str(tmp_path / "state")})
    planner = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    planner.goto(f"{url}/data")
    planner.wait_for_selector(MAP_IFRAME, timeout=60_000)
    csv = (
        "시설명,업종,위도,경도\n가 공장,제조,35.2284,126.8526\n나 센터,서비스,35.80,126.62\n다 공장,제조,35.02,126.71\n"
    )
    upload_file(planner, "업체.csv", csv.encode(), "text/csv")
    planner.get_by_text("레이어를 저장했습니다", exact=False).wait_for(timeout=60_000)
    planner.get_by_label("색으로 나눌 열").click()
    planner.get_by_role("option", name="업종", exact=True).click()
    expect(planner.locator(".st-key-upload_colour_by input")).to_have_value("업종")
    planner.wait_for_timeout(3_000)  # the rerun writes the record
    link = copied_link(planner)
    layer_id = re.search(r"layer=([0-9a-f]{32})", link).group(1)
    planner.context.close()

    colleague = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR").new_page()
    colleague.goto(f"{url}/?layer={layer_id}")
    frame = colleague.frame_locator(MAP_IFRAME).first
    frame.locator("path.upload-marker").nth(2).wait_for(timeout=60_000)
    fills = {m.get_attribute("fill") for m in frame.locator("path.upload-marker").all()}
    assert len(fills) == 2, fills
    colleague.goto(on_server(link, url))
    colleague.get_by_text("링크의 레이어:", exact=False).wait_for(timeout=60_000)
    expect(colleague.locator(".st-key-upload_colour_by input")).to_have_value("업종")
    colleague.context.close()
