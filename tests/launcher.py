"""``deploy/serve.py`` (nginx in front of Streamlit workers) started for a test module, on free ports.

One launcher for every test that needs the real nginx: it fails (or skips outside CI) when nginx
is missing, waits for ``serve.json``, and on exit stops the launcher and checks that no worker or
nginx outlived it.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.serve import find_nginx, launcher_command
from tests.conftest import missing

ROOT = Path(__file__).resolve().parent.parent
START_WITHIN_S = 180


def state(run_dir: Path) -> dict:
    """What the launcher last wrote to ``serve.json``: its URL, PIDs, restarts and what is down."""
    return json.loads((run_dir / "serve.json").read_text())


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, exited but not reaped, counts as dead)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


@contextlib.contextmanager
def launched(run_dir: Path, workers: int = 2, *options: str) -> Iterator[Path]:
    """``deploy/serve.py --workers N [options]`` writing into ``run_dir``; yields ``run_dir`` once it serves."""
    nginx = find_nginx()
    if not nginx:
        missing("no nginx found (install Debian's nginx)", "AXBELT_REQUIRE_BROWSER")
    log = run_dir / "launcher.log"
    with open(log, "wb") as output:  # a file: an unread pipe would stall the launcher
        process = subprocess.Popen(
            launcher_command(run_dir, nginx, workers, *options), cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + START_WITHIN_S
    while not (run_dir / "serve.json").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    if not (run_dir / "serve.json").exists():
        process.kill()
        pytest.fail(f"serve.py did not start: {log.read_text(errors='replace')[-3000:]}")
    try:
        yield run_dir
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert not [pid for pid in state(run_dir)["pids"].values() if alive(pid)], "a worker or nginx outlived the launcher"
