"""Benchmark: a new session's first run of a page beside a rerun, the script's own time, with a profile of each.

``python bench/first_run.py [page] [--profile N] [--sessions 3]``: runs ``server.warm()`` (as ``make run``
does), then opens ``page`` (default ``views/home.py``) in AppTest: a first session, three reruns of it,
and ``--sessions`` more new sessions. Timed is the script's run alone (Streamlit's
``exec_func_with_error_handling`` in the script thread: the dashboard's server time of a run, without
AppTest's own start of a session, which scans installed packages for components and a real server does
once). With ``--profile N`` it prints the N functions of the dashboard (``geo/``, ``ui/``, ``views/``) and
of Streamlit's element calls taking the most cumulative time in one more new session's first run and in
one rerun (cProfile, in the script thread). Asserts nothing; the machine's load is printed beside.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS: list[float] = []  # milliseconds of each script run, in order
PROFILE: list[cProfile.Profile | None] = [None]


def install_timer() -> None:
    """Time (and, when asked, profile) every script run in the thread that runs it."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.exec_func_with_error_handling

    def timed(func, ctx):
        profile = PROFILE[0]
        start = time.perf_counter()
        if profile is not None:
            profile.enable()
        try:
            return original(func, ctx)
        finally:
            if profile is not None:
                profile.disable()
            RUNS.append((time.perf_counter() - start) * 1000)

    script_runner.exec_func_with_error_handling = timed


def run(app) -> float:
    app.run()
    assert not app.exception, app.exception
    return RUNS[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default="views/home.py")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sessions", type=int, default=3)
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    import server

    install_timer()
    start = time.perf_counter()
    years = server.warm()
    print(f"warm start (until the server would answer): {time.perf_counter() - start:.1f} s")
    if years is not None:
        years.join()
        print(f"warm start with the default view's years (background): {time.perf_counter() - start:.1f} s")

    def session():
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        if args.page != "views/home.py":
            app.switch_page(args.page)
        return app

    first = session()
    cold = run(first)
    reruns = [run(first) for _ in range(3)]
    firsts = [run(session()) for _ in range(args.sessions)]
    print(f"{args.page}: first run of the process {cold:.0f} ms")
    median = statistics.median(firsts)
    print(f"{args.page}: a new session's first run, median {median:.0f} ms {[round(x) for x in firsts]}")
    print(f"{args.page}: a rerun, median {statistics.median(reruns):.0f} ms {[round(x) for x in reruns]}")
    for label, app in (("new session's first run", session() if args.profile else None), ("rerun", first)):
        if not args.profile:
            break
        PROFILE[0] = cProfile.Profile()
        run(app)
        profile, PROFILE[0] = PROFILE[0], None
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(
            r"i25|views|/ui/|/geo/|elements", args.profile
        )
        print(f"--- {label} ({RUNS[-1]:.0f} ms)")
        print("\n".join(line for line in out.getvalue().splitlines() if "/" in line or "ncalls" in line))
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
