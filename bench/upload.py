"""Benchmark: the server's health check and memory while a 1,000,000-row CSV is uploaded on the data page.

Starts the dashboard (``server.py``, one process) with its own state folder, opens the data page
in Chromium and gives it a CSV of a million firms (about 50 MB), as a planner dropping it would.
Meanwhile it asks ``/_stcore/health`` every 100 ms and samples the resident memory of the server
process and of its worker processes (``/proc``), until the page says the layer is saved. Prints
the health latency (p50, p95, p99, max, and how many answers took over 0.5 s) beside the 0.5 s
target, the server's memory before, at its peak and a while after, and the worker's peak.

Other sessions on the same process: ``SESSIONS`` browser-less tabs (Streamlit's websocket
protocol, as ``bench/load.py`` speaks it) rerun the map page one run after another, with a short
pause between, from ``BEFORE_S`` before the upload until ``AFTER_S`` after it is saved. Their
rerun latency (rerun sent → ``script_finished``) is printed for the runs that started before the
upload, during it and after it, side by side, from the same run.
Asserts nothing. Run: ``make bench`` or ``python bench/upload.py [rows]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from deploy.serve import free_port, streamlit_command, wait_healthy  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
TARGET_S = 0.5
POLL_S = 0.1
# How long to keep measuring after the layer is saved (the map and the tiles are drawn then).
AFTER_S = 20
# The other sessions: how many, how long they rerun the map page before the upload, the pause
# between one session's reruns (a person reading the map, not a loop), and the longest a run may take.
SESSIONS = 3
BEFORE_S = 30
PAUSE_S = 1.0
RUN_TIMEOUT_S = 120


def rss_mb(pid: int) -> float:
    """A process's resident memory in MB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the server's worker processes)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


class Watch(threading.Thread):
    """Health latencies and memory samples, every ``POLL_S``, until stopped."""

    def __init__(self, url: str, pid: int):
        super().__init__(daemon=True)
        self.url, self.pid = url, pid
        self.latencies: list[float] = []
        self.times: list[float] = []
        self.server: list[float] = []
        self.worker_peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            start = time.monotonic()
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=30).read()
            except OSError:
                pass
            self.latencies.append(time.monotonic() - start)
            self.times.append(start)
            self.server.append(rss_mb(self.pid))
            workers = [rss_mb(child) for child in children(self.pid)]
            self.worker_peak = max([self.worker_peak, *workers])
            self.stopped.wait(max(0.0, POLL_S - (time.monotonic() - start)))


class Reruns(threading.Thread):
    """``SESSIONS`` browser-less tabs rerunning the map page until stopped: ``runs`` holds (start, seconds, first).

    A tab's first run draws the whole page (a new tab), its later ones what changed: only those count.
    """

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url = url
        self.runs: list[tuple[float, float, bool]] = []
        self.failures: list[str] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        import asyncio

        async def all_tabs():
            await asyncio.gather(*(self.tab() for _ in range(SESSIONS)))

        asyncio.run(all_tabs())

    async def tab(self) -> None:
        """One tab: open the websocket, then rerun the map page, telling the server which large messages it holds."""
        import asyncio

        import websockets
        from stream import rerun

        cached: set[str] = set()
        first = True
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        try:
            async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
                while not self.stopped.is_set():
                    started = time.monotonic()
                    await rerun(ws, "", cached, RUN_TIMEOUT_S)
                    self.runs.append((started, time.monotonic() - started, first))
                    first = False
                    await asyncio.sleep(PAUSE_S)
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            self.failures.append(f"{type(exc).__name__}: {exc}")

    def between(self, start: float, end: float) -> list[float]:
        """The latencies of the reruns (not a tab's first run) that started in [start, end)."""
        return [seconds for started, seconds, first in self.runs if start <= started < end and not first]


def rerun_line(label: str, latencies: list[float]) -> str:
    """One phase's rerun figures: how many, p50, p95, max."""
    if not latencies:
        return f"  {label}: no run"
    return (
        f"  {label}: {len(latencies)} runs, p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    from playwright.sync_api import sync_playwright

    from geo.boundaries import load_sigungu
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
    from tests.layer_fixture import firms_csv, random_firms

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="axbelt-bench-upload-") as folder:
        path = firms_csv(random_firms(ROWS, load_sigungu()), Path(folder) / f"firms-{ROWS}.csv")
        print(f"{path.name}: {path.stat().st_size / 1024 / 1024:.1f} MiB, {ROWS:,} rows")
        port = free_port()
        env = {**os.environ, "AXBELT_STATE_DIR": str(Path(folder) / "state"), "AXBELT_MAX_UPLOAD_MB": "200"}
        env.update(AXBELT_MAX_LAYER_MB="1000", AXBELT_MAX_STORE_MB="4000")  # a million firms take ~150 MB
        env.pop("AXBELT_DATABASE_URL", None)
        server = subprocess.Popen(
            streamlit_command(ROOT / "server.py", port, run=False),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, server, "the dashboard", timeout=900)  # a warm start on a busy machine
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="ko-KR")
                page.goto(f"{url}/data")
                page.locator('input[type="file"]').first.wait_for(state="attached", timeout=120_000)
                time.sleep(2)
                reruns = Reruns(url)
                reruns.start()
                time.sleep(BEFORE_S)
                before = rss_mb(server.pid)
                watch = Watch(url, server.pid)
                watch.start()
                start = time.monotonic()
                page.locator('input[type="file"]').first.set_input_files(str(path))
                page.get_by_text("개를 올렸습니다", exact=False).wait_for(timeout=600_000)
                read_s = time.monotonic() - start
                page.get_by_text("레이어를 저장했습니다", exact=False).wait_for(timeout=600_000)
                saved_s = time.monotonic() - start
                time.sleep(AFTER_S)
                reruns.stopped.set()
                watch.stopped.set()
                watch.join()
                reruns.join(timeout=RUN_TIMEOUT_S)
                browser.close()
            after = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    lat = watch.latencies
    print(
        f"load average (1 min) at the start and end of the run: {load_start:.1f}, {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores (other work on the machine slows every figure)"
    )
    slow = sum(1 for value in lat if value > TARGET_S)
    print(f"upload to 'read': {read_s:.1f} s; to 'saved': {saved_s:.1f} s; then {AFTER_S} s more measured")
    print(
        f"/_stcore/health over {len(lat)} requests: p50 {percentile(lat, 50) * 1000:.0f} ms, "
        f"p95 {percentile(lat, 95) * 1000:.0f} ms, p99 {percentile(lat, 99) * 1000:.0f} ms, "
        f"max {max(lat) * 1000:.0f} ms; {slow} over {TARGET_S * 1000:.0f} ms "
        f"(target: p99 under {TARGET_S * 1000:.0f} ms)"
    )
    stalls = [f"{t - start:.1f} s" for t, value in zip(watch.times, lat) if value > TARGET_S]
    if stalls:
        print(f"answers over {TARGET_S * 1000:.0f} ms started at (from the upload): {', '.join(stalls)}")
    print(f"map page reruns of {SESSIONS} other sessions on the same process (rerun sent -> script finished):")
    print(rerun_line(f"in the {BEFORE_S} s before the upload", reruns.between(0.0, start)))
    print(rerun_line(f"during the upload ({saved_s:.0f} s, until saved)", reruns.between(start, start + saved_s)))
    print(rerun_line(f"in the {AFTER_S} s after saving", reruns.between(start + saved_s, start + saved_s + AFTER_S)))
    if reruns.failures:
        print(f"  sessions that failed: {'; '.join(reruns.failures)}")
    print(
        f"server RSS: {before:.0f} MB before, {max(watch.server):.0f} MB at its peak, {after:.0f} MB {AFTER_S} s "
        f"after saving; worker process peak {watch.worker_peak:.0f} MB (it exits when the file is read)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
