"""Load benchmark: K sessions × R reruns of the map page, and time to map in Chromium, beside the issue's targets.

Four servers, each started here and measured in the same run, one after another:

- this dashboard, one Streamlit process;
- this dashboard, two workers behind nginx (``deploy/serve.py``; skipped when nginx is missing);
- the naive peer (``explore()`` + ``st_folium``, ``shared/bench/naive_peer.sh``; skipped when not found);
- a blank Streamlit page (one title).

The load client speaks Streamlit's websocket protocol with no browser, so only the server is
measured. It behaves like a browser tab: it first loads the page over HTTP (so nginx pins it to a
worker by cookie), and it tells the server which large messages it already holds
(``cached_message_hashes``), so a rerun that sends the same map again costs what it costs a browser.
Each rerun is timed from the request to the server's ``script_finished``; the server's CPU time
(its processes' user + system time, from /proc) is divided by the runs it served. Bytes are what a
session receives in its first run (a new tab: the whole page) and in each rerun after it.

Time to map: Chromium opens the page and waits for the first site marker in the map's iframe
(``path.leaflet-interactive`` for the naive peer, the title for the blank page, which runs with
Streamlit's default theme); "first" is the first visitor after the server started (as soon as it
answers its health check), "warm" the median of the next visits.

Usage: python bench/load.py [--sessions 10] [--reruns 3] [--crowd 20] [--no-browser]. Loopback only.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy.serve import find_nginx, free_port, launcher_command, streamlit_command, wait_healthy  # noqa: E402

RUN_TIMEOUT = 180.0  # seconds one rerun may take before the benchmark gives up on it
WARM_VISITS = 3
BLANK_PAGE = 'import streamlit as st\n\nst.title("Blank page")\n'
TICKS = os.sysconf("SC_CLK_TCK")


# --- servers -------------------------------------------------------------------------------------------------------


@dataclass
class Target:
    """A server under test: its URL, the process ids whose CPU counts, and how to stop it."""

    name: str
    url: str
    processes: list[subprocess.Popen]
    marker: str  # what "the map is drawn" means on this page (a selector in the map iframe, or "h1")
    pid_file: Path | None = None
    key: str = ""  # one, pair, naive or blank: how the report finds it
    results: dict = field(default_factory=dict)

    def pids(self) -> list[int]:
        if self.pid_file:
            return list(json.loads(self.pid_file.read_text())["pids"].values())
        return [p.pid for p in self.processes]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def streamlit_server(name: str, script: Path, cwd: Path, marker: str, run: bool = True) -> Target:
    """``streamlit run script`` (or ``python script`` with ``run=False``) on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        streamlit_command(script, port, run=run),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, name)
    return Target(name, url, [process], marker)


def nginx_pair(workdir: Path) -> Target | None:
    """Two dashboard workers behind nginx, started by deploy/serve.py."""
    nginx = find_nginx()
    if not nginx:
        print("(no nginx: skipping the two-worker figures; apt-get install nginx)")
        return None
    run_dir = workdir / "serve"
    process = subprocess.Popen(
        launcher_command(run_dir, nginx),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    state = run_dir / "serve.json"
    deadline = time.monotonic() + 240
    while not state.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"deploy/serve.py did not start; see {run_dir}")
        time.sleep(0.3)
    return Target(
        "dashboard, 2 workers + nginx", json.loads(state.read_text())["url"], [process], ".site-marker", pid_file=state
    )


def naive_peer_script() -> Path | None:
    """``shared/bench/naive_peer.sh`` beside the checkout (or ``AXBELT_NAIVE_PEER``)."""
    if os.environ.get("AXBELT_NAIVE_PEER"):
        return Path(os.environ["AXBELT_NAIVE_PEER"])
    for folder in ROOT.parents:
        if (candidate := folder / "shared" / "bench" / "naive_peer.sh").exists():
            return candidate
    return None


def naive_peer() -> Target | None:
    script = naive_peer_script()
    if not script:
        print("(naive peer not found: set AXBELT_NAIVE_PEER to naive_peer.sh; skipping it)")
        return None
    port = free_port()
    # The script execs Python: the shell's process id is the server's.
    process = subprocess.Popen(
        ["bash", str(script), str(port), str(ROOT / "data" / "sites.geojson"), sys.executable],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, "naive peer")
    return Target("naive explore() + st_folium", url, [process], "path.leaflet-interactive")


def blank_page(workdir: Path, themed: bool = False) -> Target:
    """A page with one title; ``themed``: with the dashboard's config (its NanumGothic theme font, 2 × 0.6 MB)."""
    folder = workdir / ("blank-themed" if themed else "blank")
    folder.mkdir()
    (folder / "blank.py").write_text(BLANK_PAGE)
    if themed:
        shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
        (folder / "static").symlink_to(ROOT / "static")
    name = "blank page, dashboard's theme" if themed else "blank Streamlit page"
    return streamlit_server(name, folder / "blank.py", folder, "h1")


# --- CPU time from /proc -------------------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system seconds) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def cpu_seconds(roots: list[int]) -> float:
    """User + system CPU seconds of the given processes and all their descendants, now."""
    table = {int(p.name): s for p in Path("/proc").iterdir() if p.name.isdigit() and (s := _stat(int(p.name)))}
    total, wanted, frontier = 0.0, set(roots), list(roots)
    while frontier:
        pid = frontier.pop()
        total += table.get(pid, (0, 0.0))[1]
        for child, (parent, _) in table.items():
            if parent == pid and child not in wanted:
                wanted.add(child)
                frontier.append(child)
    return total


# --- the websocket load client -------------------------------------------------------------------------------------


def page_cookie(url: str) -> str:
    """Load the page over HTTP as a browser does first; the cookie nginx sets (empty without nginx)."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


async def session(url: str, runs: int, query: str, out: list[tuple[float, int, int]]) -> None:
    """One tab: load the page, open the websocket, ask for ``runs`` script runs one after another."""
    cookie = await asyncio.to_thread(page_cookie, url)
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else {}
    cached: set[str] = set()  # hashes of large messages this tab holds, as the browser's message cache does
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None, additional_headers=headers, open_timeout=60
    ) as ws:
        for run in range(runs):
            msg = BackMsg()
            msg.rerun_script.query_string = query
            msg.rerun_script.cached_message_hashes.extend(sorted(cached))
            started, received = time.perf_counter(), 0
            await ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(ws.recv(), timeout=RUN_TIMEOUT)
                received += len(raw)
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                if fwd.metadata.cacheable and fwd.hash:
                    cached.add(fwd.hash)
                if fwd.WhichOneof("type") == "script_finished":
                    break
            out.append((time.perf_counter() - started, received, run))


def load(target: Target, sessions: int, reruns: int, query: str = "") -> dict:
    """``sessions`` tabs at once, each running the page ``reruns`` times: runs/s, latency, bytes, CPU per run."""
    results: list[tuple[float, int, int]] = []

    async def all_sessions():
        await asyncio.gather(*(session(target.url, reruns, query, results) for _ in range(sessions)))

    cpu_before, started = cpu_seconds(target.pids()), time.perf_counter()
    # In a thread of its own: Playwright's sync API keeps an event loop running on this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, all_sessions()).result()
    wall, cpu = time.perf_counter() - started, cpu_seconds(target.pids()) - cpu_before
    latencies = sorted(latency for latency, *_ in results)

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))]

    return {
        "runs": len(results),
        "runs_s": len(results) / wall,
        "p50": pct(0.5),
        "p95": pct(0.95),
        "kb": statistics.mean(size for _, size, _ in results) / 1e3,
        "kb_first": statistics.mean(size for _, size, run in results if run == 0) / 1e3,
        "kb_rerun": statistics.mean([size for _, size, run in results if run > 0] or [0]) / 1e3,
        "cpu_ms": 1e3 * cpu / len(results),
    }


# --- time to map in Chromium ---------------------------------------------------------------------------------------


def time_to_map(browser, target: Target) -> float:
    """Seconds from opening the page in a fresh browser context to the map (or the blank page's title) drawn."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    started = time.perf_counter()
    page.goto(target.url)
    if target.marker == "h1":
        page.locator("h1").first.wait_for(timeout=120_000)
    else:
        page.frame_locator('iframe[src*="/component/streamlit_folium."]').first.locator(target.marker).first.wait_for(
            timeout=120_000
        )
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def browser_times(browser, target: Target) -> None:
    """First visitor after the start, then the median of the warm visits."""
    target.results["first"] = time_to_map(browser, target)
    target.results["warm"] = statistics.median(time_to_map(browser, target) for _ in range(WARM_VISITS))


# --- the run -------------------------------------------------------------------------------------------------------


def measure(target: Target, args, browser, crowd: bool) -> None:
    """Browser visits first (so "first" is the first visitor), then the load."""
    try:
        if browser is not None:
            browser_times(browser, target)
        load(target, 2, 1)  # warm every worker of a pair (round robin pins one tab to each)
        target.results["load"] = load(target, args.sessions, args.reruns)
        if crowd:
            target.results["crowd"] = load(target, args.crowd, args.reruns)
    finally:
        target.stop()
    print(f"  measured {target.name}", flush=True)


def report(targets: list[Target], args) -> None:
    k, r, c = args.sessions, args.reruns, args.crowd
    header = (
        f"{'':32}{f'runs/s {k}×{r}':>13}{f'{c}×{r}':>7}{f'p50 {k}×{r}':>11}{f'p95 {k}×{r}':>11}"
        f"{f'p95 {c}×{r}':>11}"
        f"{'kB first/rerun':>16}{'CPU ms/run':>12}{'first→map':>11}{'warm→map':>10}"
    )
    print(header)

    def cell(value, width, fmt, unit=""):
        return f"{'—' if value is None else format(value, fmt) + unit:>{width}}"

    for t in targets:
        lo, cr, res = t.results.get("load", {}), t.results.get("crowd", {}), t.results
        print(
            f"{t.name:32}{cell(lo.get('runs_s'), 13, '.2f')}{cell(cr.get('runs_s'), 7, '.2f')}"
            f"{cell(lo.get('p50'), 11, '.2f', 's')}"
            f"{cell(lo.get('p95'), 11, '.2f', 's')}{cell(cr.get('p95'), 11, '.2f', 's')}"
            f"{cell(lo.get('kb_first'), 9, ',.0f')} /{cell(lo.get('kb_rerun'), 5, ',.0f')}"
            f"{cell(lo.get('cpu_ms'), 12, ',.0f')}{cell(res.get('first'), 11, '.2f', 's')}"
            f"{cell(res.get('warm'), 10, '.2f', 's')}"
        )
    by = {t.key: t.results for t in targets}
    one, two, naive, blank, themed = (by.get(key, {}) for key in ("one", "pair", "naive", "blank", "themed"))

    def check(label: str, value, target: str, ok) -> None:
        shown = "—" if value is None else value
        verdict = "" if ok is None else "—" if value is None else ("met" if ok else "NOT met")
        print(f"  {label:<48}{shown:>22}   " + (f"target {target:<10}{verdict}" if target else ""))

    print("\nIssue targets (this run):")
    ratio = lambda a, b: None if a is None or b is None else a / b  # noqa: E731
    runs = ratio(one.get("load", {}).get("runs_s"), naive.get("load", {}).get("runs_s"))
    check("one process runs/s ÷ naive peer's", runs and f"{runs:.2f}×", "≥ 5×", runs and runs >= 5)
    p95 = one.get("crowd", {}).get("p95")
    check(f"one process, {c}×{r} p95", p95 and f"{p95:.2f} s", "≤ 2 s", p95 and p95 <= 2)
    for load_key, label in (("load", f"{k}×{r}"), ("crowd", f"{c}×{r}")):
        pair = ratio(two.get(load_key, {}).get("runs_s"), one.get(load_key, {}).get("runs_s"))
        check(
            f"two workers + nginx runs/s ÷ one process's, {label}",
            pair and f"{pair:.2f}×",
            "≥ 1.7×",
            pair and pair >= 1.7,
        )
    cpu = one.get("load", {}).get("cpu_ms")
    check("server CPU per warm run of the map page", cpu and f"{cpu:.0f} ms", "≤ 100 ms", cpu and cpu <= 100)
    vs_naive = ratio(one.get("warm"), naive.get("warm"))
    check("time to map ÷ naive peer's", vs_naive and f"{vs_naive:.2f}×", "≤ 0.5×", vs_naive and vs_naive <= 0.5)
    vs_blank = ratio(one.get("warm"), blank.get("warm"))
    check("time to map ÷ blank page's", vs_blank and f"{vs_blank:.2f}×", "≤ 1.4×", vs_blank and vs_blank <= 1.4)
    vs_themed = ratio(one.get("warm"), themed.get("warm"))
    check("  (÷ blank page with the dashboard's theme font)", vs_themed and f"{vs_themed:.2f}×", "", None)
    first = ratio(one.get("first"), one.get("warm"))
    check("first visitor's time to map ÷ warm visitor's", first and f"{first:.2f}×", "≤ 1.5×", first and first <= 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10, help="sessions at once (default 10)")
    parser.add_argument("--reruns", type=int, default=3, help="reruns per session (default 3)")
    parser.add_argument("--crowd", type=int, default=20, help="sessions of the crowd run (default 20)")
    parser.add_argument("--no-browser", action="store_true", help="skip the time-to-map figures")
    args = parser.parse_args()
    print(
        f"Load: {args.sessions} sessions × {args.reruns} reruns (and {args.crowd} × {args.reruns}) of the map page; "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="axbelt-load-"))
    targets: list[Target] = []
    playwright = browser = None
    try:
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

            if chromium_path():
                playwright = sync_playwright().start()
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            else:
                print("(no Chromium: skipping time to map)")
        starters = [  # key, how to start it, time to map in Chromium?, the crowd run too?
            (
                "one",
                lambda: streamlit_server("dashboard, 1 process", ROOT / "server.py", ROOT, ".site-marker", run=False),
                True,
                True,
            ),
            ("pair", lambda: nginx_pair(workdir), False, True),
            ("naive", naive_peer, True, False),
            ("blank", lambda: blank_page(workdir), True, False),
            ("themed", lambda: blank_page(workdir, themed=True), True, False),
        ]
        for key, start, with_browser, crowd in starters:
            target = start()
            if target is not None:
                target.key = key
                targets.append(target)
                measure(target, args, browser if with_browser else None, crowd)
    finally:
        for target in targets:
            target.stop()
        if browser is not None:
            browser.close()
            playwright.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(targets, args)


if __name__ == "__main__":
    main()
