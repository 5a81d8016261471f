"""Benchmark: one year step of the map page (a rerun with the next ``year=``) beside a rerun with no year change.

One dashboard server (``server.py``, as ``make run`` starts it) and one tab on Streamlit's
websocket protocol (no browser, so only the server is measured), as ``bench/load.py`` drives it.
The tab plays the years 2019 → 2031 twice in each of two views: the default view, whose years the
server builds ahead at start (``ui.warm``), and a filtered one (광주 only) that no one opened
before, whose years the page builds ahead in the background from its first year step on
(``ui.timeline.build_ahead``). After each step the tab reruns the same year once more, and the
next step follows a second after the last (the playback's fastest speed). Each rerun is timed
from the request to the server's ``script_finished``; the server's CPU time (from /proc, its
background building included) is read around it. The second playback of a view is a replay.

The issue's target: at most 150 ms of server time per year step. Run: ``python bench/year_step.py``
(part of ``make bench``). Asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from load import cpu_seconds, page_cookie, streamlit_server  # noqa: E402
from stream import rerun  # noqa: E402

from geo.timeline import YEARS  # noqa: E402

TARGET_MS = 150
# The views played: the default one (its years built at server start) and one no one opened before.
VIEWS = {"default": "", "gwangju": "f_region=gwangju"}
WARM_S = 90  # what the warm start takes on the 2-core development machine, with room
PACE_S = 1.0  # ui.timeline.SPEEDS['fast']
RUN_TIMEOUT = 120


async def play(url: str, pids: list[int]) -> list[dict]:
    """Play the years twice per view in one tab; each step and each same-year rerun with its wall and CPU time."""
    cookie = await asyncio.to_thread(page_cookie, url)
    headers = {"Cookie": cookie} if cookie else {}
    cached: set[str] = set()
    rows = []
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        additional_headers=headers,
        open_timeout=60,
    ) as ws:

        async def run(query: str) -> tuple[float, float]:
            cpu, started = cpu_seconds(pids), time.perf_counter()
            await rerun(ws, query, cached, RUN_TIMEOUT)
            return time.perf_counter() - started, cpu_seconds(pids) - cpu

        for name, view in VIEWS.items():
            query = f"{view}&" if view else ""
            await run(view)  # the tab opens on today's map of the view
            await run(view)
            for playback in ("first", "replay"):
                for year in range(YEARS[0], YEARS[1] + 1):
                    started = time.perf_counter()
                    step = await run(f"{query}year={year}")
                    same = await run(f"{query}year={year}")
                    rows.append({"view": name, "playback": playback, "year": year, "step": step, "same": same})
                    # At the playback's fastest speed a year stays PACE_S on screen.
                    await asyncio.sleep(max(0.0, PACE_S - (time.perf_counter() - started)))
    return rows


def report(rows: list[dict]) -> None:
    """Per view and playback: median and worst wall and CPU ms of a year step and of a rerun without a change."""
    print(f"One year step of the map page vs a rerun without a year change (target ≤ {TARGET_MS} ms per step)")
    print(f"{'view':<10} {'playback':<8} {'rerun':<16} {'wall p50':>9} {'wall max':>9} {'cpu p50':>8} {'cpu max':>8}")
    for name in VIEWS:
        for playback in ("first", "replay"):
            part = [r for r in rows if r["view"] == name and r["playback"] == playback]
            for kind, label in (("step", "year step"), ("same", "no year change")):
                wall = [1e3 * r[kind][0] for r in part]
                cpu = [1e3 * r[kind][1] for r in part]
                print(
                    f"{name:<10} {playback:<8} {label:<16} {statistics.median(wall):>7.0f}ms {max(wall):>7.0f}ms "
                    f"{statistics.median(cpu):>6.0f}ms {max(cpu):>6.0f}ms"
                )
    print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[0]} (cores: {os.cpu_count()})")


def main() -> None:
    target = streamlit_server("dashboard", ROOT / "server.py", ROOT, "belt", run=False)
    try:
        # The server warms its caches (and the default view's years) in the background after it answers.
        time.sleep(WARM_S)
        rows = asyncio.run(play(target.url, target.pids()))
    finally:
        target.stop()
    report(rows)


if __name__ == "__main__":
    main()
