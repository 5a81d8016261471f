"""Browser tests: a dashboard server started by the tests, driven in the system Chromium.

When no Chromium is found the tests fail (``AXBELT_REQUIRE_BROWSER=1``, as ``make test`` and
CI set it) or, for a quick local run without it, skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from deploy.serve import streamlit_command
from tests.conftest import free_port, missing

ROOT = Path(__file__).resolve().parents[2]
# A rerun takes well under a second, but CI shares two cores with the server and the browser.
expect.set_options(timeout=30_000)
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
MAP_IFRAME = 'iframe[src*="/component/streamlit_folium."]'  # its title is renamed to the map's name
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """The system Chromium: ``CHROMIUM_PATH`` or the first one on PATH."""
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and os.access(found, os.X_OK) else None


def start_dashboard(env_extra: dict | None = None, script: str = "dashboard.py") -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run dashboard.py`` (or ``python server.py``) on a free port; return the process and its URL."""
    port = free_port()
    env = {**os.environ, **(env_extra or {})}
    # The server's output goes to a file: an unread pipe would stall a chatty server, and the log
    # is what tells why a server stopped answering.
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"server-{port}.log", "wb")
    process = subprocess.Popen(
        streamlit_command(ROOT / script, port, run=script != "server.py"),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()  # the child has its own copy
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    output = (ARTIFACTS / f"server-{port}.log").read_text(errors="replace")
    raise RuntimeError(f"dashboard did not start: {output[-2000:]}")


@pytest.fixture(scope="session")
def dashboard_url():
    """One dashboard server for the whole browser session."""
    process, url = start_dashboard()
    yield url
    process.terminate()
    process.wait(timeout=10)


class PrivateServers:
    """Dashboard servers of one test, for tests that stop and restart a server."""

    def __init__(self):
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, env_extra: dict | None = None, script: str = "dashboard.py") -> str:
        """Start a server with these extra environment variables; its URL."""
        process, url = start_dashboard(env_extra, script)
        self.running[url] = process
        return url

    def stop(self, url: str) -> None:
        """Stop the server at ``url`` (as a restart or a crash would)."""
        process = self.running.pop(url)
        process.terminate()
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for url in list(self.running):
            self.stop(url)


@pytest.fixture
def private_servers():
    """Servers this test starts and stops itself (the shared session server is left alone)."""
    servers = PrivateServers()
    yield servers
    servers.stop_all()


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright, started once per run: its sync API allows one driver at a time."""
    if not chromium_path():
        missing("no Chromium found (install Debian's chromium or set CHROMIUM_PATH)", "AXBELT_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Headless system Chromium through Playwright."""
    chromium = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


class RequestLog(list):
    """Every URL the page requested, for the no-external-request assertions."""

    def external(self) -> list[str]:
        return [
            u
            for u in self
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def page(browser, request):
    """A fresh page at 1600×1000 that logs its requests and keeps a screenshot on failure."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    page.requests = RequestLog()
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("websocket", lambda ws: page.requests.append(ws.url))
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def map_frame(page):
    """The Leaflet map inside the streamlit-folium iframe, once its markers are drawn."""
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".site-marker").first.wait_for(timeout=60_000)
    return frame


def open_map(page, url: str, size: tuple[int, int] = (1366, 768)):
    """Open ``url`` in a ``size`` window and wait for the map's markers; return the map's Frame (``leaflet_frame``)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    map_frame(page)
    return leaflet_frame(page)


def upload_file(page, name: str, data: bytes, mime: str = "application/zip") -> None:
    """Give the page's file uploader a file, as a user dropping it would."""
    page.locator('input[type="file"]').first.set_input_files({"name": name, "mimeType": mime, "buffer": data})


def leaflet_frame(page):
    """The Playwright Frame of the map, for evaluating Leaflet state."""
    return next(f for f in page.frames if f.url and "streamlit_folium" in f.url)


def rerun_done(page) -> None:
    """Wait until Streamlit has no rerun under way and no element of the page is stale."""
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]') && "
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000,
    )


# Resolves once nothing in the page's DOM has changed for ``ms`` (false after ``limit`` ms of change).
QUIET = """([ms, limit]) => new Promise(resolve => {
    let timer;
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(() => done(true), ms); });
    const cap = setTimeout(() => done(false), limit);
    function done(ok) { observer.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(ok); }
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(() => done(true), ms);
})"""


def quiet(page, ms: int = 300) -> None:
    """Wait until the page's run has ended and its DOM has then stopped changing for ``ms``.

    Streamlit shows its running status only after a delay, so a page can look done between two
    of its elements. The app's ``data-test-script-state`` says when the run has ended; React may
    still be drawing its last elements then, and the page script relabels them a frame later.
    """
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
        timeout=60_000,
    )
    assert page.evaluate(QUIET, [ms, 30_000]), "the page kept changing for 30 s"


def map_idle(page) -> None:
    """Wait until the Leaflet map has stopped moving: no zoom or pan animation under way."""
    leaflet_frame(page).wait_for_function(
        "() => window.map && !window.map._animatingZoom && !(window.map._panAnim && window.map._panAnim._inProgress)",
        timeout=30_000,
    )


# Leaflet drops a view asked for while a zoom animation is under way (``_tryAnimatedZoom`` says it
# moved): the view is asked for again until the map stands at it.
SET_VIEW = """([zoom, center]) => {
    const map = window.map;
    if (!map || map._animatingZoom) { return false; }
    const there = () => map.getZoom() === zoom && (!center || map.getCenter().distanceTo(center) < 100);
    if (!there()) { map.setView(center || map.getCenter(), zoom, {animate: false}); }
    return there() && !map._animatingZoom;
}"""


def set_view(frame, zoom: float, center: tuple[float, float] | None = None) -> None:
    """Bring the Leaflet map in ``frame`` to ``zoom`` (and ``center``, [lat, lng]); return once it stands there."""
    frame.wait_for_function(SET_VIEW, arg=[zoom, list(center) if center else None], timeout=30_000, polling=100)


def still(frame) -> None:
    """Wait until no finite CSS animation or transition is running in ``frame`` (a page or a frame)."""
    frame.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().iterations === Infinity)",
        timeout=30_000,
    )


def loaded(page) -> None:
    """Wait until the page and each of its frames have loaded what they asked for: scripts, styles, images, fonts."""
    for frame in page.frames:
        frame.wait_for_function("() => document.readyState === 'complete'", timeout=60_000)
        frame.evaluate("() => document.fonts.ready.then(() => true)")
