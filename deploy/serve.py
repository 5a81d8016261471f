"""Serve the dashboard from N Streamlit processes behind nginx, with sticky sessions.

Streamlit runs every session's script on threads of one process, so one process uses about one
core. This launcher starts N workers (``server.py``: ``streamlit run dashboard.py`` with its caches
built at start, on loopback ports), waits for
each one's ``/_stcore/health``, writes an nginx config from ``deploy/nginx.conf.template`` into a
run folder, and starts nginx (Debian's package) as the current user in front of them. Ctrl-C or
SIGTERM stops nginx and every worker. A worker (or nginx) that exits is started again, for as long
as the launcher runs: at once the first time, then after a back-off that doubles with each exit in
the last ten minutes (up to a minute), while the others keep serving; ``RUN_DIR/serve.json`` always
lists the live PIDs.

Usage:  python deploy/serve.py --workers 2            # http://127.0.0.1:8600, workers on 8601…
        python deploy/serve.py --workers 4 --host 0.0.0.0 --port 8080
        python deploy/serve.py --workers 2 --port 0   # free ports (tests); see RUN_DIR/serve.json

It needs only the standard library and ``geo.planner.limits`` (which imports nothing else), so it starts at once.
"""

from __future__ import annotations

import argparse
import contextlib
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
from geo.planner.limits import streamlit_upload_mb  # noqa: E402  (from the one reader of AXBELT_MAX_UPLOAD_MB)

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
STREAMLIT_DEFAULT_UPLOAD_MB = 200  # Streamlit's own server.maxUploadSize default
START_TIMEOUT = 120.0
# A process that exits is started again: at once, then after BACKOFF_FIRST, 2×, 4× … up to
# BACKOFF_MAX seconds while its exits keep coming, counted over the last RESTART_WINDOW seconds.
RESTART_WINDOW = 600.0
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 60.0


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


LOOPBACK_NAMES = ("localhost", "127.0.0.1")
WILDCARDS = ("0.0.0.0", "::", "")


def interface_addresses() -> list[str]:
    """This machine's IPv4 interface addresses, read from the kernel (no name is looked up)."""
    import fcntl
    import struct

    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _, name in socket.if_nameindex():
            try:  # SIOCGIFADDR: the interface's address
                packed = fcntl.ioctl(sock.fileno(), 0x8915, struct.pack("256s", name.encode()[:15]))
            except OSError:  # an interface with no IPv4 address
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def serving_names(host: str, names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The host names visitors reach the dashboard by; any other Host header is refused (DNS rebinding).

    Loopback names, the address nginx listens on, and ``names`` (``--server-name``: the name the
    room or the intranet uses). Listening on every interface with no name given: this machine's
    name and its interface addresses too, so the room reaches it by address.

    >>> serving_names("127.0.0.1")
    ['localhost', '127.0.0.1']
    >>> serving_names("10.1.2.3", ["AXBELT.example.go.kr"])
    ['localhost', '127.0.0.1', '10.1.2.3', 'axbelt.example.go.kr']
    """
    found = [*LOOPBACK_NAMES]
    if host not in WILDCARDS:
        found.append(host)
    found += [name.strip().lower().rstrip(".") for name in names if name.strip()]
    if host in WILDCARDS and not names:
        found += [socket.gethostname().lower(), *interface_addresses()]
    return list(dict.fromkeys(found))


def host_options(names: list[str]) -> list[str]:
    """Streamlit options that refuse a websocket whose Host is not one of ``names`` (``server.allowedHosts``)."""
    return [option for name in names for option in ("--server.allowedHosts", name)]


def launcher_command(run_dir: Path, nginx: str, workers: int = 2, *options: str) -> list[str]:
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
        *options,
    ]


def render_config(
    template: str,
    *,
    run_dir: Path,
    listen: str,
    workers: list[int],
    body_mb: int,
    as_root: bool,
    hosts: list[str] | tuple[str, ...] = LOOPBACK_NAMES,
) -> str:
    """The nginx config for workers on ``workers`` (loopback ports), from the template's ``{{name}}`` slots.

    ``hosts``: the host names it answers to (``serving_names``).
    """
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
        "known_hosts": "\n".join(f'        "{host}" 1;' for host in hosts),
        "pool_servers": pool,
        "worker_upstreams": "\n\n".join(upstreams),
    }
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: slots[m.group(1)], template)
    return text


def restart_delay(exits: list[float], now: float, *, first: float = BACKOFF_FIRST, cap: float = BACKOFF_MAX) -> float:
    """Seconds to wait before starting again a process that exits at ``now``, after earlier ``exits``.

    Only exits in the last ``RESTART_WINDOW`` seconds count: the first one restarts at once, each
    further one waits twice as long as the one before, up to ``cap`` — a process crashing in a
    loop is tried again every ``cap`` seconds, for ever, and a quiet window forgets its past.

    >>> [restart_delay([0.0] * n, 10.0) for n in range(9)]
    [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    >>> restart_delay([0.0, 1.0], 1.0 + RESTART_WINDOW)  # the first exit is out of the window
    1.0
    """
    recent = sum(1 for t in exits if now - t < RESTART_WINDOW)
    return 0.0 if recent == 0 else min(cap, first * 2 ** (recent - 1))


def exited(process: subprocess.Popen) -> bool:
    """Whether ``process`` has exited, without reaping it: its PID (and its group's id) stay reserved."""
    if process.returncode is not None:
        return True
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:  # reaped elsewhere
        return process.poll() is not None


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
        backoff: tuple[float, float] = (BACKOFF_FIRST, BACKOFF_MAX),
        names: list[str] | tuple[str, ...] = (),
    ):
        self.count, self.host, self.run_dir, self.nginx, self.script = workers, host, run_dir, nginx, script
        self.port = port or free_port(host)
        self.worker_ports = [free_port() if not worker_port else worker_port + i for i in range(workers)]
        self.output = subprocess.DEVNULL if quiet else None
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.backoff = backoff
        self.names = serving_names(host, names)
        self.exits: dict[str, list[float]] = {}  # monotonic times of each process's exits (last window)
        self.due: dict[str, tuple[float, int]] = {}  # an exited process: when it starts again, its exit code
        self.restarts: dict[str, int] = {}

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
                hosts=self.names,
            )
        )
        process = self.start_nginx()
        self.processes.append(("nginx", process))
        wait_healthy(self.url, process, "nginx", timeout=30)
        self.write_state()

    def start_nginx(self) -> subprocess.Popen:
        """Start nginx (in the foreground, its own process group) with the config in the run folder."""
        return subprocess.Popen(
            [
                self.nginx,
                "-p",
                str(self.run_dir.resolve()),
                "-c",
                str((self.run_dir / "nginx.conf").resolve()),
                "-e",
                str((self.run_dir / "error.log").resolve()),
            ],
            stdout=self.output,
            stderr=self.output,
            start_new_session=True,
        )

    def write_state(self) -> None:
        """Write ``serve.json`` (URL, workers, the live PIDs, restarts, what is down) in one step.

        A process that has exited is not among ``pids``; it is in ``down`` with its exit code and
        the seconds until it is started again. Written to a temporary file and renamed, so a
        reader never sees half of it.
        """
        now = time.monotonic()
        state = {
            "url": self.url,
            "workers": {f"w{i}": f"http://127.0.0.1:{p}" for i, p in enumerate(self.worker_ports)},
            "pids": {what: p.pid for what, p in self.processes if what not in self.due},
            "restarts": dict(self.restarts),
            "down": {
                what: {"exit_code": code, "restart_in_s": round(max(0.0, at - now), 1)}
                for what, (at, code) in self.due.items()
            },
        }
        path = self.run_dir / "serve.json"
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(state, indent=1))
        os.replace(temporary, path)

    def start_worker(self, i: int) -> subprocess.Popen:
        """Start worker ``i`` on its port, its output appended to ``logs/w{i}.log``."""
        log = open(self.run_dir / "logs" / f"w{i}.log", "ab")  # the child keeps it open
        return subprocess.Popen(
            [
                *streamlit_command(self.script, self.worker_ports[i], run=False),
                "--server.maxUploadSize",
                str(worker_upload_mb(os.environ)),
                *host_options(self.names),
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

    def watch(self) -> None:
        """Keep every worker and nginx running until a signal stops the launcher; never give up.

        A process that exits is started again after ``restart_delay`` (at once the first time);
        meanwhile nginx sends its visitors to the other workers (their sessions on it are lost) and
        the others keep serving. ``serve.json`` is rewritten at each exit and each restart.
        """
        while True:
            self.check()
            time.sleep(0.2)

    def check(self) -> None:
        """One round of ``watch``: note the processes that exited, start those whose wait is over."""
        now = time.monotonic()
        changed = False
        for index, (what, process) in enumerate(self.processes):
            if what not in self.due:
                if not exited(process):
                    continue
                # Whatever the process left in its group goes too (nginx's own worker would hold the
                # port). Its leader is not reaped yet, so the group's id cannot belong to another.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                exits = [t for t in self.exits.get(what, []) if now - t < RESTART_WINDOW]
                delay = restart_delay(exits, now, first=self.backoff[0], cap=self.backoff[1])
                self.exits[what] = [*exits, now]
                self.due[what] = (now + delay, process.returncode)
                when = "at once" if delay == 0 else f"in {delay:g} s"
                print(
                    f"{what} exited with code {process.returncode} ({len(exits) + 1} exits in "
                    f"{RESTART_WINDOW / 60:g} min); starting it again {when}",
                    file=sys.stderr,
                    flush=True,
                )
                changed = True
            if now < self.due[what][0]:
                continue
            try:
                started = self.start_nginx() if what == "nginx" else self.start_worker(index)
            except OSError as exc:  # no process at all (out of memory, of file handles): wait again
                delay = restart_delay(self.exits[what], now, first=self.backoff[0], cap=self.backoff[1])
                self.exits[what].append(now)
                self.due[what] = (now + delay, self.due[what][1])
                print(f"{what} could not be started ({exc}); trying again in {delay:g} s", file=sys.stderr, flush=True)
                continue
            del self.due[what]
            self.processes[index] = (what, started)
            self.restarts[what] = self.restarts.get(what, 0) + 1
            print(f"{what} started again (pid {started.pid})", file=sys.stderr, flush=True)
            changed = True
        if changed:
            try:
                self.write_state()
            except OSError as exc:  # a full disk must not stop the serving; the next change tries again
                print(f"could not write serve.json: {exc}", file=sys.stderr, flush=True)


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
    parser.add_argument(
        "--backoff",
        type=float,
        nargs=2,
        default=(BACKOFF_FIRST, BACKOFF_MAX),
        metavar=("FIRST", "MAX"),
        help=f"seconds before a process that keeps exiting is started again: first wait, longest wait "
        f"(default {BACKOFF_FIRST:g} {BACKOFF_MAX:g})",
    )
    parser.add_argument(
        "--server-name",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name visitors use (repeat for several); other Host headers are refused "
        "(default: loopback and the --host address; with --host 0.0.0.0 also this machine's name and addresses)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    for name in args.server_name:
        if not re.fullmatch(r"[A-Za-z0-9.-]+", name):
            parser.error(f"--server-name {name!r}: a host name or IPv4 address (letters, digits, '.', '-')")
    if not args.nginx:
        print("nginx not found: install Debian's package (sudo apt-get install nginx)", file=sys.stderr)
        return 2
    server = Server(
        args.workers,
        args.host,
        args.port,
        args.worker_port,
        args.run_dir,
        args.nginx,
        args.script,
        backoff=tuple(args.backoff),
        names=args.server_name,
    )

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        server.start()
        print(f"Serving {args.workers} workers at {server.url}  (Ctrl-C stops; logs in {args.run_dir})", flush=True)
        server.watch()  # returns only by a signal
    except KeyboardInterrupt:
        return 0
    except RuntimeError as exc:
        print(f"Could not start: {exc}. Logs: {args.run_dir}", file=sys.stderr)
        return 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
