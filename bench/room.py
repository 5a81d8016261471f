"""The room's pieces for ``bench/load.py``: the servers under test, CPU time from /proc, the websocket load
client that behaves like a browser tab, and time to map in Chromium. Asserts nothing.

Pinning (``Pinning``): with two cores or more, the load client (this process, and the Chromium it
starts) runs on the last core and every server on the others, so the client's work is not counted
against the servers' latency. Children inherit the affinity ``taskset`` gives a server's first process.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
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


# --- where each side runs --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pinning:
    """The cores of the load client and of the servers; empty when the machine has one core (nothing pinned)."""

    client: tuple[int, ...] = ()
    servers: tuple[int, ...] = ()

    @classmethod
    def plan(cls, wanted: bool = True) -> Pinning:
        cores = sorted(os.sched_getaffinity(0))
        if not wanted or len(cores) < 2 or not shutil.which("taskset"):
            return cls()
        return cls(client=(cores[-1],), servers=tuple(cores[:-1]))

    def pin_client(self) -> None:
        """This process (and what it starts from now on) on the client's core."""
        if self.client:
            os.sched_setaffinity(0, set(self.client))

    def server_command(self, command: list[str]) -> list[str]:
        """``command`` under ``taskset`` on the servers' cores."""
        if not self.servers:
            return command
        return ["taskset", "-c", ",".join(map(str, self.servers)), *command]

    def describe(self) -> str:
        if not self.client:
            return "nothing pinned (one core, no taskset, or --no-pin)"
        cores = ",".join(map(str, self.servers))
        return f"load client and Chromium on core {self.client[0]}; every server on core(s) {cores} (taskset)"


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


def streamlit_server(name: str, script: Path, cwd: Path, marker: str, pinning: Pinning, run: bool = True) -> Target:
    """``streamlit run script`` (or ``python script`` with ``run=False``) on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        pinning.server_command(streamlit_command(script, port, run=run)),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, name)
    return Target(name, url, [process], marker)


def nginx_pair(workdir: Path, pinning: Pinning) -> Target | None:
    """Two dashboard workers behind nginx, started by deploy/serve.py."""
    nginx = find_nginx()
    if not nginx:
        print("(no nginx: skipping the two-worker figures; apt-get install nginx)")
        return None
    run_dir = workdir / "serve"
    process = subprocess.Popen(
        pinning.server_command(launcher_command(run_dir, nginx)),
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


def naive_peer(pinning: Pinning) -> Target | None:
    script = naive_peer_script()
    if not script:
        print("(naive peer not found: set AXBELT_NAIVE_PEER to naive_peer.sh; skipping it)")
        return None
    port = free_port()
    # The script execs Python: the shell's process id is the server's.
    process = subprocess.Popen(
        pinning.server_command(["bash", str(script), str(port), str(ROOT / "data" / "sites.geojson"), sys.executable]),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, "naive peer")
    return Target("naive explore() + st_folium", url, [process], "path.leaflet-interactive")


def blank_page(workdir: Path, pinning: Pinning, themed: bool = False) -> Target:
    """A page with one title; ``themed``: with the dashboard's config (its NanumGothic theme font, 2 × 0.6 MB)."""
    folder = workdir / ("blank-themed" if themed else "blank")
    folder.mkdir()
    (folder / "blank.py").write_text(BLANK_PAGE)
    if themed:
        shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
        (folder / "static").symlink_to(ROOT / "static")
    name = "blank page, dashboard's theme" if themed else "blank Streamlit page"
    return streamlit_server(name, folder / "blank.py", folder, "h1", pinning)


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


def wait_idle(target: Target, share: float = 0.05, window: float = 1.0, limit: float = 120.0) -> float:
    """Wait until the server uses under ``share`` of a core over ``window`` seconds; the seconds waited.

    A server answers its health check before its background warm start (the default view's other
    years) has finished; figures taken meanwhile measure that work, not a visit.
    """
    started = time.perf_counter()
    before = cpu_seconds(target.pids())
    while time.perf_counter() - started < limit:
        time.sleep(window)
        now = cpu_seconds(target.pids())
        if now - before < share * window:
            break
        before = now
    return time.perf_counter() - started


# --- the websocket load client -------------------------------------------------------------------------------------


def page_cookie(url: str) -> str:
    """Load the page over HTTP as a browser does first; the cookie nginx sets (empty without nginx)."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


async def one_run(ws, query: str, cached: set[str]) -> tuple[float, int]:
    """Ask for one script run and read until ``script_finished``: (seconds, bytes received)."""
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
            cached.add(fwd.hash)  # as the browser's message cache does
        if fwd.WhichOneof("type") == "script_finished":
            return time.perf_counter() - started, received


async def connect(url: str):
    """Load the page over HTTP (nginx's cookie pins the tab to a worker), then open the websocket."""
    cookie = await asyncio.to_thread(page_cookie, url)
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else {}
    return websockets.connect(
        ws_url,
        subprotocols=["streamlit"],
        max_size=None,
        additional_headers=headers,
        open_timeout=60,
        ping_interval=None,  # as a browser tab: no pings, so a server busy for seconds does not drop the tab
    )


async def session(url: str, runs: int, query: str, out: list[tuple[float, int, int]]) -> None:
    """One tab: load the page, open the websocket, ask for ``runs`` script runs one after another."""
    cached: set[str] = set()  # hashes of large messages this tab holds
    async with await connect(url) as ws:
        for run in range(runs):
            latency, received = await one_run(ws, query, cached)
            out.append((latency, received, run))


def in_thread(coroutine):
    """Run ``coroutine`` to its end in a thread of its own (Playwright's sync API keeps a loop on this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def first_and_rerun(target: Target, visitors: int = 4, runs: int = 3) -> dict:
    """Server CPU and bytes of a new session's first run beside its reruns, one quiet tab at a time.

    Each visitor is a new tab on a warm server with nothing else running on it: its first run is
    counted from before the page's HTTP load to its ``script_finished`` (so it holds the session's
    setup); runs 2..``runs`` each from request to finish. The medians over the visitors.
    """

    async def visits():
        first, rerun = [], []
        for _ in range(visitors):
            cached: set[str] = set()
            before = cpu_seconds(target.pids())
            async with await connect(target.url) as ws:
                for run in range(runs):
                    latency, received = await one_run(ws, "", cached)
                    now = cpu_seconds(target.pids())
                    (first if run == 0 else rerun).append((now - before, latency, received))
                    before = now
        return first, rerun

    first, rerun = in_thread(visits())

    def medians(rows, prefix):
        return {
            f"{prefix}_cpu_ms": 1e3 * statistics.median(r[0] for r in rows),
            f"{prefix}_s": statistics.median(r[1] for r in rows),
            f"{prefix}_kb": statistics.median(r[2] for r in rows) / 1e3,
        }

    return {**medians(first, "first"), **medians(rerun, "rerun")}


def load(target: Target, sessions: int, reruns: int, query: str = "") -> dict:
    """``sessions`` tabs at once, each running the page ``reruns`` times: runs/s, latency, bytes, CPU per run."""
    results: list[tuple[float, int, int]] = []

    async def all_sessions():
        await asyncio.gather(*(session(target.url, reruns, query, results) for _ in range(sessions)))

    cpu_before, started = cpu_seconds(target.pids()), time.perf_counter()
    in_thread(all_sessions())
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
    """First visitor after the start, then (once the server's warm start is over) the median of the warm visits."""
    target.results["first"] = time_to_map(browser, target)
    target.results["idle_after"] = wait_idle(target)
    target.results["warm"] = statistics.median(time_to_map(browser, target) for _ in range(WARM_VISITS))
