"""The briefing pack downloaded in Chromium from the presenter's "⋯ 공유" menu: a PDF of every step, then at once."""

import re
import time

import pytest

from geo.paths import DEFAULT_DATA_DIR
from geo.story import STORY_FILE, read_story
from tests.browser.conftest import map_frame

pytestmark = pytest.mark.browser

STEPS = read_story(DEFAULT_DATA_DIR / STORY_FILE)


def download_pack(page) -> tuple[bytes, float]:
    """Open the share menu, click the pack's button; the file and the seconds it took."""
    page.get_by_role("button", name=re.compile("공유")).click()
    button = page.get_by_role("button", name=re.compile("발표 자료 PDF"))
    started = time.monotonic()
    with page.expect_download(timeout=180_000) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    page.keyboard.press("Escape")
    return data, time.monotonic() - started


def test_pack_downloads_from_the_share_menu_and_the_second_is_kept(page, dashboard_url, tmp_path):
    """The menu's pack is an A4 PDF with a page per step and more; asked again, it comes from the cache."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/presenter?step=2")
    map_frame(page)
    first, _ = download_pack(page)
    assert first.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", first))
    assert pages >= 1 + len(STEPS) + 2
    assert b"NanumGothic" in first
    second, seconds = download_pack(page)
    assert second == first and seconds < 10  # kept per language, catalogue and day
    assert page.requests.external() == []
