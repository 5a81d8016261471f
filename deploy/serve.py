"""Serve the dashboard from N Streamlit processes behind nginx, with sticky sessions.

Streamlit runs every session's script on threads of one process, so one process uses about one
core. This launcher starts N workers (``server.py``: ``streamlit run dashboard.py`` with its caches
built at start, on loopback ports), waits for
each one's ``/_stcore/health``, writes an nginx config from ``deploy/nginx.conf.template`` into a
run folder, and starts nginx (Debian's package) as the current user in front of them. Ctrl-C or
SIGTERM stops nginx and every worker; a worker that exits is started again.

Usage:  python deploy/serve.py --workers 2            # http://127.0.0.1:8600, workers on 8601…
        python deploy/serve.py --workers 4 --host 0.0.0.0 --port 8080
        python deploy/serve.py --workers 2 --port 0   # free ports (tests); see RUN_DIR/serve.json

It needs only the standard library and ``geo.limits`` (which imports nothing else), so it starts at once.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from deploy/: the project's own modules
from geo.limits import streamlit_upload_mb  # noqa: E402  (from the one reader of AXBELT_MAX_UPLOAD_MB)

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
STREAMLIT_DEFAULT_UPLOAD_MB = 200  # Streamlit's own server.maxUploadSize default
START_TIMEOUT = 120.0


def worker_upload_mb(env: dict) -> int:
    """What each worker accepts: Streamlit's default, or the dashboard's limit if that is larger.

    The dashboard itself refuses files over its limit with a message naming the limit and the
    setting to raise; the workers (and nginx) must let such a file through for that message to show.
    """
    return max(STREAMLIT_DEFAULT_UPLOAD_MB, streamlit_upload_mb(env))


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def streamlit_command(script: Path | str, port: int, *, run: bool = True) -> list[str]:
    """The command that serves ``script`` headless on loopback ``port``, with no usage statistics.

    ``run``: ``python -m streamlit run script``; otherwise ``python script``, for a script that
    starts Streamlit itself with its arguments (``server.py``).
    """
    return [
        sys.executable,
        *(("-m", "streamlit", "run") if run else ()),
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def launcher_command(run_dir: Path, nginx: str, workers: int = 2) -> list[str]:
    """The command that starts this launcher on free ports, its state written to ``run_dir/serve.json``."""
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--workers",
        str(workers),
        "--port",
        "0",
        "--worker-port",
        "0",
        "--run-dir",
        str(run_dir),
        "--nginx",
        nginx,
    ]


def render_config(template: str, *, run_dir: Path, listen: str, workers: list[int], body_mb: int, as_root: bool) -> str:
    """The nginx config for workers on ``workers`` (loopback ports), from the template's ``{{name}}`` slots."""
    names = [f"w{i}" for i in range(len(workers))]
    pool = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in workers)
    upstreams = []
    for name, port in zip(names, workers):
        backups = "".join(f"\n        server 127.0.0.1:{other} backup;" for other in workers if other != port)
        upstreams.append(
            f"    upstream axbelt_{name} {{\n        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
            f"{backups}\n        keepalive 8;\n    }}"
        )
    cookie = "; Path=/; HttpOnly; SameSite=Lax"
    slots = {
        "count": str(len(workers)),
        "run_dir": str(run_dir),
        # As root nginx would hand its workers to `nobody`, who cannot write the run folder.
        "user_line": "user root;" if as_root else "# (not root: nginx runs as the current user)",
        "listen": listen,
        "body_mb": str(body_mb + 1),
        "cookie_routes": "\n".join(f"        {name} axbelt_{name};" for name in names),
        # First match wins: the cookie already names the worker that answered → no header.
        "cookie_sets": "\n".join(
            [f'        "~^{name}\\|(.*, )?127\\.0\\.0\\.1:{port}$" "";' for name, port in zip(names, workers)]
            + [
                f'        "~127\\.0\\.0\\.1:{port}$" "axbelt_worker={name}{cookie}";'
                for name, port in zip(names, workers)
            ]
        ),
        "pool_servers": pool,
        "worker_upstreams": "\n\n".join(upstreams),
    }
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: slots[m.group(1)], template)
    return text


def healthy(url: str) -> bool:
    """Whether ``url/_stcore/health`` answers 200 now."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_healthy(url: str, process: subprocess.Popen, what: str, timeout: float = START_TIMEOUT) -> None:
    """Wait until ``what`` answers its health check; raise if it exits or does not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before it was healthy")
        if healthy(url):
            return
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer {url}/_stcore/health within {timeout:.0f} s")


class Server:
    """N Streamlit workers and the nginx in front of them, started and stopped together."""

    def __init__(
        self,
        workers: int,
        host: str,
        port: int,
        worker_port: int,
        run_dir: Path,
        nginx: str,
        script: Path,
        quiet: bool = False,
    ):
        self.count, self.host, self.run_dir, self.nginx, self.script = workers, host, run_dir, nginx, script
        self.port = port or free_port(host)
        self.worker_ports = [free_port() if not worker_port else worker_port + i for i in range(workers)]
        self.output = subprocess.DEVNULL if quiet else None
        self.processes: list[tuple[str, subprocess.Popen]] = []

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        """Start the workers, wait for each one's health, then start nginx and wait for it too."""
        for sub in ("tmp", "logs"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        for i in range(self.count):
            self.processes.append((f"worker w{i}", self.start_worker(i)))
        for (what, process), port in zip(self.processes, self.worker_ports):
            wait_healthy(f"http://127.0.0.1:{port}", process, f"{what} (port {port})")
        env = dict(os.environ)
        config = self.run_dir / "nginx.conf"
        config.write_text(
            render_config(
                TEMPLATE.read_text(),
                run_dir=self.run_dir.resolve(),
                listen=f"{self.host}:{self.port}",
                workers=self.worker_ports,
                body_mb=worker_upload_mb(env),
                as_root=os.geteuid() == 0,
            )
        )
        process = subprocess.Popen(
            [
                self.nginx,
                "-p",
                str(self.run_dir.resolve()),
                "-c",
                str(config.resolve()),
                "-e",
                str((self.run_dir / "error.log").resolve()),
            ],
            stdout=self.output,
            stderr=self.output,
            start_new_session=True,
        )
        self.processes.append(("nginx", process))
        wait_healthy(self.url, process, "nginx", timeout=30)
        (self.run_dir / "serve.json").write_text(
            json.dumps(
                {
                    "url": self.url,
                    "workers": {f"w{i}": f"http://127.0.0.1:{p}" for i, p in enumerate(self.worker_ports)},
                    "pids": {what: p.pid for what, p in self.processes},
                },
                indent=1,
            )
        )

    def start_worker(self, i: int) -> subprocess.Popen:
        """Start worker ``i`` on its port, its output appended to ``logs/w{i}.log``."""
        log = open(self.run_dir / "logs" / f"w{i}.log", "ab")  # the child keeps it open
        return subprocess.Popen(
            [
                *streamlit_command(self.script, self.worker_ports[i], run=False),
                "--server.maxUploadSize",
                str(worker_upload_mb(os.environ)),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        """Stop nginx first (no new requests), then the workers; kill what does not stop in 10 s."""
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for _, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def watch(self, restarts: int = 5) -> str:
        """Block until nginx exits or the workers have died too often; return why.

        A worker that exits is started again (its visitors' sessions are lost, and nginx sends
        them to another worker meanwhile); after ``restarts`` restarts in all, serving stops.
        """
        while True:
            for index, (what, process) in enumerate(self.processes):
                if process.poll() is None:
                    continue
                if what == "nginx" or restarts == 0:
                    return f"{what} exited with code {process.returncode}"
                restarts -= 1
                print(f"{what} exited with code {process.returncode}; starting it again", file=sys.stderr, flush=True)
                self.processes[index] = (what, self.start_worker(index))
            time.sleep(0.5)


def find_nginx() -> str | None:
    """nginx on PATH, or Debian's /usr/sbin/nginx (not on a normal user's PATH)."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (default loopback)")
    parser.add_argument("--port", type=int, default=8600, help="nginx port (0: a free one)")
    parser.add_argument("--worker-port", type=int, default=8601, help="first worker's port (0: free ones)")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "run" / "serve", help="config, pid, temp and logs")
    parser.add_argument("--nginx", default=find_nginx(), help="nginx binary (default: nginx on PATH, /usr/sbin/nginx)")
    parser.add_argument("--script", type=Path, default=ROOT / "server.py", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not args.nginx:
        print("nginx not found: install Debian's package (sudo apt-get install nginx)", file=sys.stderr)
        return 2
    server = Server(args.workers, args.host, args.port, args.worker_port, args.run_dir, args.nginx, args.script)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        server.start()
        print(f"Serving {args.workers} workers at {server.url}  (Ctrl-C stops; logs in {args.run_dir})", flush=True)
        reason = server.watch()
        print(f"Stopping: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as exc:
        print(f"Could not start: {exc}. Logs: {args.run_dir}", file=sys.stderr)
        return 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
