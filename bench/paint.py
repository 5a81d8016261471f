"""First paint in Chromium: our map page, the naive peer and a blank Streamlit page, and the floor Streamlit sets.

Each server is started here (one process each) and opened in a fresh browser context (an empty
HTTP cache: what a new visitor's first visit costs) ``--visits`` times after one warm-up visit,
once the server has finished its warm start (its CPU idle, ``room.wait_idle``); the medians are
printed. Per visit, from Chromium itself:

- first contentful paint (``performance.getEntriesByName('first-contentful-paint')``) and time to
  map (the first site marker in the map's iframe; the blank page's title), from navigation start;
- on the way: the websocket's first message, its largest (the map's arguments), and when the map's
  frame started loading (its ``performance.timeOrigin`` on the page's clock);
- scripting time (CDP ``Performance.getMetrics`` ``ScriptDuration``, the page's renderer, map frame
  included as it is same-origin) and main-thread long tasks (> 50 ms, ``PerformanceObserver``),
  both up to the moment the map is drawn;
- the messages the page sends the server up to 1.5 s after the map is drawn: each asks for a run of
  the page (the first is the visit's own; one more is a rerun, e.g. a value the map reports on load);
- bytes over the network by what sent them: Streamlit's own frontend bundle (``/static/``), the
  map component's frame (``/component/``), the app's static files (``/app/static/``), the rest;
  and the websocket's bytes received.

The blank page is the floor: whatever Streamlit's frontend costs before any app draws anything.
Usage: python bench/paint.py [--visits 3]. Loopback only. Asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import room  # noqa: E402
import table  # noqa: E402

LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver(list => list.getEntries().forEach(e => window.__longTasks.push(e.duration)))
  .observe({type: 'longtask', buffered: true});"""
KINDS = ("streamlit", "component", "app static", "other")


def kind(url: str) -> str:
    """Which part of the page a request belongs to, by its path."""
    path = urlparse(url).path
    if path.startswith("/app/static/"):
        return "app static"
    if path.startswith("/component/"):
        return "component"
    if path.startswith("/static/"):
        return "streamlit"
    return "other"


def wait_drawn(page, marker: str) -> None:
    if marker == "h1":
        page.locator("h1").first.wait_for(timeout=120_000)
    else:
        frame = page.frame_locator('iframe[src*="/component/streamlit_folium."]').first
        frame.locator(marker).first.wait_for(timeout=120_000)


def visit(browser, target: room.Target) -> dict:
    """One visit in a fresh context: paint, scripting, long tasks and bytes until the map is drawn."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    sizes, frames, chunks, sent = dict.fromkeys(KINDS, 0), [], {}, [0]

    def finished(request):
        try:
            got = request.sizes()
        except Exception:  # a request cut off by the context closing
            return
        sizes[kind(request.url)] += got["responseBodySize"] + got["responseHeadersSize"]
        if kind(request.url) == "streamlit":
            chunks[urlparse(request.url).path] = got["responseBodySize"]

    page.on("requestfinished", finished)
    page.on(
        "websocket",
        lambda ws: (
            ws.on("framereceived", lambda payload: frames.append((time.perf_counter(), len(payload)))),
            ws.on("framesent", lambda payload: sent.__setitem__(0, sent[0] + 1)),
        ),
    )
    started = time.perf_counter()
    page.goto(target.url)
    wait_drawn(page, target.marker)
    drawn = time.perf_counter()
    to_map = drawn - started
    received = [(at - started, size) for at, size in frames if at <= drawn]
    # When the map's own frame started loading, on the page's clock (same-origin frames share it).
    frame_at = page.evaluate(
        """() => { const f = document.querySelector('iframe[src*="/component/"]');
                   return f ? f.contentWindow.performance.timeOrigin - performance.timeOrigin : null; }"""
    )
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    long_tasks = page.evaluate("window.__longTasks")
    # The last responses' sizes, and time for a value the map reports on load (debounced 250 ms) to ask for a rerun.
    page.wait_for_timeout(1500)
    context.close()
    return {
        "fcp": fcp / 1e3 if fcp else None,
        "map": to_map,
        "script": metrics.get("ScriptDuration"),
        "tasks": metrics.get("TaskDuration"),
        "long": sum(long_tasks) / 1e3,
        "long_n": len(long_tasks),
        **{f"kb_{k}": v / 1e3 for k, v in sizes.items()},
        "kb_ws": sum(size for _, size in received) / 1e3,
        "ws_first": received[0][0] if received else None,
        "ws_map": max(received, key=lambda r: r[1])[0] if received else None,
        "frame_at": frame_at / 1e3 if frame_at is not None else None,
        "runs": sent[0],
        "chunks": chunks,
    }


def medians(visits: list[dict]) -> dict:
    """The median of each figure; the Streamlit files of the last visit."""
    figures = {}
    for key in visits[0].keys() - {"chunks"}:
        values = [v[key] for v in visits if v[key] is not None]
        if values:  # the blank page has no map frame
            figures[key] = statistics.median(values)
    return {**figures, "chunks": visits[-1]["chunks"]}


def beyond_floor(results: dict[str, dict], key: str, top: int = 8) -> list[str]:
    """The largest of Streamlit's own files a page loads and the blank page does not: what it adds to the floor."""
    floor = results.get("blank", {}).get("chunks", {})
    extra = sorted(
        ((size, path) for path, size in results.get(key, {}).get("chunks", {}).items() if path not in floor),
        reverse=True,
    )
    return [f"{size / 1e3:8,.0f} kB  {path}" for size, path in extra[:top]]


def servers(workdir: Path) -> list[tuple[str, object]]:
    none = room.Pinning()
    return [
        (
            "ours",
            lambda: room.streamlit_server(
                "our map page", room.ROOT / "server.py", room.ROOT, ".site-marker", none, run=False
            ),
        ),
        ("naive", lambda: room.naive_peer(none)),
        ("blank", lambda: room.blank_page(workdir, none)),
    ]


def figure_rows(results: dict[str, dict]) -> list[list[str]]:
    """Measure | ours | naive | blank (the floor) | ours ÷ floor."""
    floor = results.get("blank", {})
    shown = (
        ("first contentful paint", "fcp", "{:.2f} s"),
        ("websocket's first message", "ws_first", "{:.2f} s"),
        ("its largest message (the map's)", "ws_map", "{:.2f} s"),
        ("map frame starts loading", "frame_at", "{:.2f} s"),
        ("time to map (blank: its title)", "map", "{:.2f} s"),
        ("scripting (CDP ScriptDuration)", "script", "{:.2f} s"),
        ("main-thread tasks (CDP TaskDuration)", "tasks", "{:.2f} s"),
        ("long tasks > 50 ms, summed", "long", "{:.2f} s"),
        ("long tasks > 50 ms, count", "long_n", "{:.0f}"),
        ("Streamlit's frontend bundle (/static/)", "kb_streamlit", "{:,.0f} kB"),
        ("map component's frame (/component/)", "kb_component", "{:,.0f} kB"),
        ("app's static files (/app/static/)", "kb_app static", "{:,.0f} kB"),
        ("page and the rest", "kb_other", "{:,.0f} kB"),
        ("websocket, received to the map", "kb_ws", "{:,.0f} kB"),
        ("runs of the page the visit asks for", "runs", "{:.0f}"),
    )
    rows = []
    for label, key, fmt in shown:
        cells = [fmt.format(results[k][key]) if key in results.get(k, {}) else "—" for k in ("ours", "naive", "blank")]
        over = table.ratio(results.get("ours", {}).get(key), floor.get(key))
        rows.append([label, *cells, "—" if over is None else f"×{over:.2f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=3, help="measured visits per page (default 3)")
    args = parser.parse_args()
    from load import start_browser, uptime

    print(f"First paint, {args.visits} fresh-context visits per page at 1366×768; {uptime()}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="axbelt-paint-"))
    playwright, browser = start_browser()
    if browser is None:
        return
    results = {}
    try:
        for key, start in servers(workdir):
            target = start()
            if target is None:
                continue
            try:
                # Measured once the server has finished its warm start, which it does after answering.
                idle = room.wait_idle(target)
                visit(browser, target)  # the server's first visitor warms its caches
                results[key] = medians([visit(browser, target) for _ in range(args.visits)])
            finally:
                target.stop()
            print(f"  measured {target.name} (its server idle {idle:.0f} s after answering)", flush=True)
    finally:
        browser.close()
        playwright.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    header = [
        "measure (median)",
        "our map page",
        "naive explore() + st_folium",
        "blank page (the floor)",
        "ours ÷ floor",
    ]
    print(table.markdown(header, figure_rows(results)))
    for key, name in (("ours", "our map page"), ("naive", "the naive page")):
        print(f"\nStreamlit's own files {name} loads beyond the blank page's (largest first):")
        print("\n".join(beyond_floor(results, key)) or "  none")
    print(f"after the run: {uptime()}")


if __name__ == "__main__":
    main()
