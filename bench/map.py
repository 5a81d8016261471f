"""Benchmark: the belt map against the naive approach, in the same run.

Prints, for each: Python time to build the map, bytes the map sends to the browser, total
bytes the page receives, time from opening the page to the map drawn in Chromium, and time
for a filter change to update the map. Asserts nothing. Run: ``make bench``.

The naive app (bench/naive_app.py) loads Leaflet from a CDN; with no internet here, those
requests are answered from the same local Leaflet files, and other CDN files with empty
responses, so that both maps can draw.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import boundaries, maps  # noqa: E402
from geo.assets import STATIC_DIR  # noqa: E402
from geo.catalogue import load_catalogue  # noqa: E402
from geo.joins import sigungu_summary  # noqa: E402
from geo.paths import DEFAULT_DATA_DIR  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, start_dashboard  # noqa: E402
from ui import folium_contract as stf  # noqa: E402

RUNS = 3
MAP_IFRAME = 'iframe[src*="/component/streamlit_folium."]'  # its title is renamed to the map's name


def component_bytes(m) -> int:
    """Bytes of what st_folium sends for a map: its script, HTML and header."""
    m.get_root().render()
    return sum(len(part.encode()) for part in (stf.map_script(m), stf.map_html(m), stf.map_header(m)))


def build_ours(cat):
    sido, sigungu = boundaries.display_boundaries("sido"), boundaries.display_boundaries("sigungu")
    summary = sigungu_summary(cat.sites, cat.programs, boundaries.load_sigungu())
    return maps.belt_map(cat.sites, cat.links, cat.sectors, cat.stages, sido, sigungu, summary)


def build_naive(cat):
    m = boundaries.load_sigungu().explore(name="sigungu", style_kwds={"fillOpacity": 0.1})
    boundaries.load_sido().explore(m=m, name="sido", style_kwds={"fill": False, "weight": 3})
    cat.sites.assign(sectors=cat.sites["sectors"].str.join(";")).explore(m=m, name="sites")
    return m


def python_times(cat) -> dict[str, tuple[float, int]]:
    """Median build-and-serialise time (s) and component bytes, for each approach."""
    out = {}
    for name, build in (("ours", build_ours), ("naive", build_naive)):
        build(cat)  # warm caches (boundaries are loaded and simplified once per server)
        times, size = [], 0
        for _ in range(RUNS):
            started = time.perf_counter()
            size = component_bytes(build(cat))
            times.append(time.perf_counter() - started)
        out[name] = (statistics.median(times), size)
    return out


def serve_cdn_locally(route):
    """Answer CDN requests of the naive map: Leaflet from local files, the rest empty."""
    url = route.request.url
    for name in ("leaflet.js", "leaflet.css"):
        if url.endswith(name):
            return route.fulfill(path=str(STATIC_DIR / "leaflet" / name))
    return route.fulfill(status=200, body="")


def count_bytes(page) -> list[int]:
    """A list that fills with the size of every HTTP body and websocket frame the page receives."""
    received: list[int] = []
    page.on("response", lambda r: received.append(len(r.body()) if r.ok and r.request.method == "GET" else 0))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
    return received


def browser_times(browser, url: str, marker_selector: str) -> dict:
    """Median time to map (s) and bytes received (HTTP bodies and websocket frames)."""
    to_map, size = [], []
    for _ in range(RUNS):
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.route(lambda u: not u.startswith(url), serve_cdn_locally)
        received = count_bytes(page)
        started = time.perf_counter()
        page.goto(url)
        page.frame_locator(MAP_IFRAME).first.locator(marker_selector).first.wait_for(timeout=120_000)
        to_map.append(time.perf_counter() - started)
        page.wait_for_timeout(1500)
        size.append(sum(received))
        page.close()
    return {"to_map": statistics.median(to_map), "bytes": int(statistics.median(size))}


def change_filter(browser, url: str, option: str, marker_selector: str) -> float:
    """Median seconds from choosing a region in the sidebar to the map showing the new count."""
    times = []
    for _ in range(RUNS):
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.route(lambda u: not u.startswith(url), serve_cdn_locally)
        page.goto(url)
        frame = page.frame_locator(MAP_IFRAME).first
        frame.locator(marker_selector).first.wait_for(timeout=120_000)
        page.wait_for_timeout(1000)
        before = frame.locator(marker_selector).count()
        box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox").first
        box.click()
        started = time.perf_counter()
        page.get_by_role("option", name=option).first.click()
        page.wait_for_function(
            "([sel, n]) => [...document.querySelectorAll('iframe')].some(f => { try {"
            " const k = f.contentDocument.querySelectorAll(sel).length; return k > 0 && k !== n; }"
            " catch (e) { return false; } })",
            arg=[marker_selector, before],
            timeout=120_000,
        )
        times.append(time.perf_counter() - started)
        page.close()
    return statistics.median(times)


def main() -> None:
    from playwright.sync_api import sync_playwright

    cat = load_catalogue(DEFAULT_DATA_DIR)
    py = python_times(cat)
    ours_server, ours_url = start_dashboard()
    naive_server, naive_url = start_dashboard_script(ROOT / "bench" / "naive_app.py")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            ours = browser_times(browser, ours_url, ".site-marker")
            naive = browser_times(browser, naive_url, "path.leaflet-interactive")
            ours["filter"] = change_filter(browser, ours_url, "전북특별자치도", ".site-marker")
            naive["filter"] = change_filter(browser, naive_url, "jeonbuk", "path.leaflet-interactive")
            browser.close()
    finally:
        for server in (ours_server, naive_server):
            server.terminate()
    rows = [
        ("Python: build + serialise map (s)", py["ours"][0], py["naive"][0]),
        ("map payload sent to the browser (bytes)", py["ours"][1], py["naive"][1]),
        ("whole page received, incl. Streamlit (bytes)", ours["bytes"], naive["bytes"]),
        ("page open → map drawn in Chromium (s)", ours["to_map"], naive["to_map"]),
        ("filter change → map updated (s)", ours["filter"], naive["filter"]),
    ]
    print(f"{'median of ' + str(RUNS) + ' runs':<46}{'ours':>14}{'naive':>14}{'ours/naive':>12}")
    for label, a, b in rows:
        fmt = (lambda v: f"{v:,.0f}") if isinstance(a, int) and a > 1000 else (lambda v: f"{v:.2f}")
        print(f"{label:<46}{fmt(a):>14}{fmt(b):>14}{a / b:>12.1%}")
    print(
        "Layer toggles and the choropleth switch run in the browser: no request reaches the server "
        "(asserted in tests/browser/test_map_browser.py)."
    )


def start_dashboard_script(script: Path):
    """Start a Streamlit script other than the dashboard (the naive app) on a free port."""
    import os
    import subprocess
    import urllib.request

    from deploy.serve import free_port, streamlit_command

    port = free_port()
    process = subprocess.Popen(
        streamlit_command(script, port),
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("naive app did not start")


if __name__ == "__main__":
    main()
