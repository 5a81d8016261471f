"""The room: sessions × runs of the map page, and time to map in Chromium, beside issue 25's targets.

Five servers, each started here and measured in the same run, one after another:

- this dashboard, one Streamlit process (``server.py``, as ``make run`` starts it);
- this dashboard, two workers behind nginx (``deploy/serve.py``, as ``make serve`` starts it; skipped
  when nginx is missing);
- the naive peer (``explore()`` + ``st_folium``, ``shared/bench/naive_peer.sh``; skipped when not found);
- a blank Streamlit page (one title), and the same with the dashboard's theme font.

The load client speaks Streamlit's websocket protocol with no browser (``bench/room.py``), so only
the servers are measured: it loads the page over HTTP first (nginx pins the tab to a worker by
cookie) and tells the server which large messages it holds, as a browser tab does. With two cores
or more it runs on a core of its own and the servers on the others (``taskset``; the run says what).

For each room (``--rooms``, default 20 and 50 sessions at once) × ``--reruns`` runs: runs/s, p95
latency and server CPU per run (the servers' processes' user + system time from /proc over the runs
served). A new session's first run beside a rerun (server CPU, bytes): one quiet tab at a time on
a warm server. Time to map: Chromium opens the page and waits for the first site marker in the map's
iframe (``path.leaflet-interactive`` for the naive peer, the title for the blank page); "first" is
the first visitor after a start, "warm" the median of the next visits. ``os.getloadavg()`` is
printed beside each server: figures on a busy machine are noisy.

Usage: python bench/load.py [--rooms 20,50] [--reruns 3] [--naive-rooms 10] [--no-browser] [--no-pin].
Loopback only. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import room  # noqa: E402
import table  # noqa: E402

ROOT = room.ROOT


@dataclass
class Plan:
    """What is measured on one server: Chromium's time to map, the first-run probe, which rooms."""

    key: str
    start: object  # () -> room.Target | None
    browser: bool
    probe: bool
    rooms: list[int]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def uptime() -> str:
    """``uptime``'s line, or the load average when the command is missing."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return load_average()


def measure(target: room.Target, plan: Plan, reruns: int, browser) -> None:
    """Browser visits first (so "first" is the first visitor), then the quiet probe, then each room."""
    target.results["load_at_start"] = load_average()
    try:
        if browser is not None:
            room.browser_times(browser, target)
        room.load(target, 2, 1)  # warm every worker of a pair (round robin pins one tab to each)
        if plan.probe:
            target.results["probe"] = room.first_and_rerun(target, runs=reruns)
        target.results["rooms"] = {}
        for k in plan.rooms:
            try:
                target.results["rooms"][k] = room.load(target, k, reruns)
            except Exception as exc:  # a room that broke (a tab dropped): the others' figures still count
                print(f"  {target.name}, {k} sessions: failed ({type(exc).__name__}: {exc})", flush=True)
    finally:
        target.stop()
    print(f"  measured {target.name} ({target.results['load_at_start']} at its start)", flush=True)


def plans(args, workdir: Path, pinning: room.Pinning) -> list[Plan]:
    """The servers in the order they run, each with what is measured on it."""
    rooms, naive_rooms = args.rooms, args.naive_rooms
    return [
        Plan(
            "one",
            lambda: room.streamlit_server(
                "dashboard, 1 process", ROOT / "server.py", ROOT, ".site-marker", pinning, run=False
            ),
            True,
            True,
            rooms,
        ),
        Plan("pair", lambda: room.nginx_pair(workdir, pinning), False, False, rooms),
        Plan("naive", lambda: room.naive_peer(pinning), True, True, naive_rooms),
        # The blank page in every room: the floor each of ours stands beside.
        Plan("blank", lambda: room.blank_page(workdir, pinning), True, True, rooms),
        Plan("themed", lambda: room.blank_page(workdir, pinning, themed=True), True, False, []),
    ]


def start_browser():
    """Playwright and the system Chromium, or (None, None) when there is none."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    if not chromium_path():
        print("(no Chromium: skipping time to map)")
        return None, None
    playwright = sync_playwright().start()
    return playwright, playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def report(targets: list[room.Target], args, pinning: room.Pinning) -> None:
    results = {t.key: t.results for t in targets}
    print(f"\nIssue 25's table (this run; {pinning.describe()}):\n")
    print(table.issue_table(results, args.rooms, args.reruns))
    themed = results.get("themed", {}).get("warm")
    if themed is not None:
        print(f"\nBlank page with the dashboard's theme font: {themed:.2f} s to its title, warm.")
    print("\nMachine load while each server was measured:")
    for t in targets:
        print(f"  {t.name:34} {t.results.get('load_at_start', '—')}")
    print(f"  after the run: {uptime()}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = lambda text: [int(k) for k in text.split(",") if k]  # noqa: E731
    parser.add_argument("--rooms", type=sizes, default=[20, 50], help="sessions at once, per room (default 20,50)")
    parser.add_argument("--reruns", type=int, default=3, help="runs per session (default 3)")
    parser.add_argument(
        "--naive-rooms", type=sizes, default=[10], help="rooms put on the naive peer (default 10: it is slow)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the time-to-map figures")
    parser.add_argument("--no-pin", action="store_true", help="leave the load client and the servers unpinned")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    pinning = room.Pinning.plan(not args.no_pin)
    pinning.pin_client()  # before Chromium starts: it runs where the client does
    rooms = " and ".join(f"{k}" for k in args.rooms)
    print(f"Room: {rooms} sessions × {args.reruns} runs of the map page; {pinning.describe()}", flush=True)
    print(f"  at the start: {uptime()}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="axbelt-load-"))
    targets: list[room.Target] = []
    playwright = browser = None
    try:
        if not args.no_browser:
            playwright, browser = start_browser()
        for plan in plans(args, workdir, pinning):
            target = plan.start()
            if target is not None:
                target.key = plan.key
                targets.append(target)
                try:
                    measure(target, plan, args.reruns, browser if plan.browser else None)
                except Exception as exc:  # one server that broke leaves the others' figures
                    print(f"  {target.name}: failed ({type(exc).__name__}: {exc})", flush=True)
    finally:
        for target in targets:
            target.stop()
        if browser is not None:
            browser.close()
            playwright.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(targets, args, pinning)


if __name__ == "__main__":
    main()
