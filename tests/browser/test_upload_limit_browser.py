"""The upload limit in Chromium: the dashboard's own message, in the setting's unit, never Streamlit's."""

from __future__ import annotations

import pytest

from geo.planner.limits import MB
from tests.browser.conftest import MAP_IFRAME, upload_file

pytestmark = pytest.mark.browser


def csv_of(size: int) -> bytes:
    """A valid CSV of one place, padded with a long note column to ``size`` bytes."""
    head = "이름,위도,경도,비고\n광주 AI 센터,35.22,126.85,"
    return (head.encode() + b"x" * (size - len(head.encode()) - 1) + b"\n")[:size]


def test_a_file_just_under_the_limit_is_read_and_one_just_over_gets_the_dashboards_message(browser, private_servers):
    """Limit 1 MB: 0.99 MB (over Streamlit's decimal 1.0MB) is read; 1.05 MB gets the dashboard's message."""
    url = private_servers.start({"AXBELT_MAX_UPLOAD_MB": "1"})
    for lang, under, over in (
        ("ko", "객체 1개를 올렸습니다", "파일이 1.05MB로 한도 1MB를 넘습니다"),
        ("en", "1 feature(s) added", "the file is 1.05 MB; the limit is 1 MB"),
    ):
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.goto(f"{url}/data?lang={lang}")
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
        upload_file(page, "under.csv", csv_of(int(0.99 * MB)), "text/csv")
        page.get_by_text(under, exact=False).wait_for(timeout=60_000)
        upload_file(page, "over.csv", csv_of(int(1.05 * MB)), "text/csv")
        page.get_by_text(over, exact=False).wait_for(timeout=60_000)
        assert page.get_by_text("or smaller", exact=False).count() == 0
        page.context.close()
