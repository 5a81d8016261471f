"""Two workers behind nginx (deploy/serve.py), driven in Chromium: map, filter, upload, sticky sessions.

When no nginx is found the test fails under ``AXBELT_REQUIRE_BROWSER=1`` or CI (as a missing
Chromium does), and skips otherwise.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests import launcher
from tests.browser.conftest import MAP_IFRAME, map_frame
from tests.helpers import SHIPPED_SITES
from tests.places_fixture import NAMES, csv_bytes

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``deploy/serve.py --workers 2`` on free ports; yields its serve.json (URL, workers) and run folder."""
    with launcher.launched(tmp_path_factory.mktemp("serve"), 2) as run_dir:
        yield launcher.state(run_dir), run_dir


def _access_log(run_dir: Path) -> list[dict]:
    """The proxy's access log: request, status, the worker that answered and the visitor's cookie."""
    pattern = re.compile(
        r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ upstream=(?P<upstream>.*) '
        r"cookie=(?P<cookie>\S+)$"
    )
    return [m.groupdict() for line in (run_dir / "access.log").read_text().splitlines() if (m := pattern.search(line))]


def _sockets(log: list[dict]) -> set[str]:
    """The worker ports that held a websocket, by the proxy's log (nginx logs a websocket when it closes)."""
    return {
        e["upstream"].rsplit(":", 1)[1] for e in log if e["path"].startswith("/_stcore/stream") and e["status"] == "101"
    }


def _log_with_sockets(run_dir: Path, ports: set[str], seconds: float = 30) -> list[dict]:
    """The access log once a websocket of every port in ``ports`` is in it (or, after ``seconds``, as it is)."""
    deadline = time.monotonic() + seconds
    while not _sockets(log := _access_log(run_dir)) >= ports and time.monotonic() < deadline:
        time.sleep(0.1)
    return log


def _kpi_sites(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def test_two_workers_behind_nginx_serve_map_filter_and_upload(browser, served):
    """Two visitors land on different workers and stay there; each sees the map; filter and upload work."""
    state, run_dir = served
    url = state["url"]
    visitors = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR")
        page = context.new_page()
        external = []
        page.on("request", lambda r, out=external: out.append(r.url) if not r.url.startswith(url) else None)
        page.goto(url)
        frame = map_frame(page)
        assert frame.locator(".site-marker").count() == len(SHIPPED_SITES)
        visitors.append((context, page, external))

    # A sidebar filter updates the KPI (a rerun over the websocket, through the proxy).
    _, page, _ = visitors[0]
    assert _kpi_sites(page) == f"{len(SHIPPED_SITES):,}"
    page.locator('[data-testid="stSidebar"]').get_by_role("combobox").first.click()
    page.get_by_role("option", name="전북특별자치도").first.click()
    jeonbuk = sum(site["region"] == "jeonbuk" for site in SHIPPED_SITES)
    page.wait_for_function(
        "n => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === n",
        arg=str(jeonbuk),
        timeout=60_000,
    )

    # An upload on the data page (an HTTP PUT that must reach the worker holding the session).
    _, other, _ = visitors[1]
    other.goto(f"{url}/data")
    other.wait_for_selector(MAP_IFRAME, timeout=60_000)
    other.locator('input[type="file"]').first.set_input_files(
        {"name": "places.csv", "mimeType": "text/csv", "buffer": csv_bytes()}
    )
    other.get_by_text("places.csv: 객체 3개를 올렸습니다", exact=False).wait_for(timeout=60_000)
    other.frame_locator(MAP_IFRAME).first.locator("path.upload-marker").nth(len(NAMES) - 1).wait_for(timeout=60_000)

    # Each visitor was pinned to a different worker, and every request carrying the cookie reached it.
    pinned = [{c["name"]: c["value"] for c in context.cookies()}.get("axbelt_worker") for context, _, _ in visitors]
    assert sorted(pinned) == ["w0", "w1"]
    for context, _, external in visitors:
        assert external == []
        context.close()
    ports = {name: worker.rsplit(":", 1)[1] for name, worker in state["workers"].items()}
    log = _log_with_sockets(run_dir, set(ports.values()))
    for entry in log:
        if entry["cookie"] in ports:
            assert entry["upstream"].endswith(":" + ports[entry["cookie"]]), entry
    assert _sockets(log) == set(ports.values()), "both workers must have held a session's websocket"
    uploads = [e for e in log if e["path"].startswith("/_stcore/upload_file") and e["method"] == "PUT"]
    assert uploads and all(e["status"] in ("200", "204") and e["cookie"] == pinned[1] for e in uploads)
