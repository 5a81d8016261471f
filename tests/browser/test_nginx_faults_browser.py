"""Two workers behind nginx (deploy/serve.py) when things go wrong: a worker killed ten times; the access log.

The launcher runs with a short back-off (0.25 s, doubling up to 2 s) so that ten restarts fit in
a test; the rule is the same as the default's (1 s up to 60 s). Like the other nginx test, it
fails when nginx is missing under ``AXBELT_REQUIRE_BROWSER=1`` or CI and skips otherwise.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from tests import launcher

pytestmark = pytest.mark.browser

KILLS = 10
LAYER = "0123456789abcdef0123456789abcdef"  # a layer id, in links that must leave no trace in nginx's logs
BACKOFF = (0.25, 2.0)


@pytest.fixture(scope="module")
def launched(tmp_path_factory):
    """``deploy/serve.py --workers 2 --backoff 0.25 2`` on free ports; yields its run folder."""
    with launcher.launched(tmp_path_factory.mktemp("serve"), 2, "--backoff", *map(str, BACKOFF)) as run_dir:
        yield run_dir


def _get(url: str, cookie: str | None = None, timeout: float = 3) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _healthy(url: str) -> bool:
    return _get(f"{url}/_stcore/health", timeout=2) == 200


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not within {seconds:g} s")


class Prober(threading.Thread):
    """Requests in a loop, each target's answers counted: through nginx (fresh, and pinned to w1) and w0 direct."""

    def __init__(self, targets: dict[str, tuple[str, str | None]]):
        super().__init__(daemon=True)
        self.targets = targets
        self.counts = {name: [0, 0] for name in targets}  # [requests, failures]
        self.failures: list[tuple[str, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for name, (url, cookie) in self.targets.items():
                status = _get(url, cookie)
                self.counts[name][0] += 1
                if status != 200:
                    self.counts[name][1] += 1
                    self.failures.append((name, status))
            time.sleep(0.02)


class Socket:
    """A websocket to Streamlit through nginx, pinned to one worker by its cookie; answers pings while it lives."""

    def __init__(self, url: str, worker: str):
        address = url.split("://", 1)[1]
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /_stcore/stream HTTP/1.1\r\nHost: {address}\r\nOrigin: {url}\r\nCookie: axbelt_worker={worker}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += self.sock.recv(4096)
        self.status = int(answer.split(b" ", 2)[1])

    def ping(self) -> bool:
        """Send a ping; whether its pong comes back (other frames in between are skipped)."""
        payload = os.urandom(4)
        mask = os.urandom(4)
        self.sock.sendall(
            bytes([0x89, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        )
        try:
            while True:
                head = self._read(2)
                length = head[1] & 0x7F
                if length == 126:
                    length = int.from_bytes(self._read(2), "big")
                elif length == 127:
                    length = int.from_bytes(self._read(8), "big")
                body = self._read(length)
                if head[0] & 0x0F == 0xA and body == payload:
                    return True
                if head[0] & 0x0F == 0x8:  # closed
                    return False
        except OSError:
            return False

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def close(self) -> None:
        self.sock.close()


def test_ten_killed_workers_leave_nginx_and_the_other_worker_serving(launched):
    """w1 is killed ten times (once serving, then each time it starts again: a crash loop); nothing else notices.

    Throughout, requests through nginx (a new visitor, and one whose cookie pins it to w1) and to
    w0 directly all answer; the launcher starts w1 again after each kill with a growing back-off,
    serve.json lists the live PIDs after every restart, and w1 serves again at the end.
    """
    run_dir = launched
    state = launcher.state(run_dir)
    url, w0, w1 = state["url"], state["workers"]["w0"], state["workers"]["w1"]
    steady = {what: state["pids"][what] for what in ("worker w0", "nginx")}
    health = "/_stcore/health"
    prober = Prober(
        {
            "nginx": (url + health, None),
            "nginx pinned to w1": (f"{url}{health}?layer={LAYER}", "axbelt_worker=w1"),
            "w0": (w0 + health, None),
        }
    )
    session = Socket(url, "w0")  # a visitor's open session on w0, through nginx
    assert session.status == 101 and session.ping()
    prober.start()
    time.sleep(1)
    restarted_in = []
    start = time.monotonic()
    for kill in range(1, KILLS + 1):
        if kill == 1:  # a worker that serves; then it dies each time it starts again (a crash loop)
            assert _healthy(w1)
        pid = launcher.state(run_dir)["pids"]["worker w1"]
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        new = _wait(
            lambda pid=pid: (p := launcher.state(run_dir)["pids"].get("worker w1")) not in (None, pid) and p,
            10,
            f"w1 started again after kill {kill}",
        )
        restarted_in.append(time.monotonic() - killed_at)
        assert not launcher.alive(pid), f"kill {kill}: the killed worker {pid} is still there"
        live = launcher.state(run_dir)["pids"]
        assert live["worker w1"] == new and all(launcher.alive(p) for p in live.values()), live
    _wait(lambda: _healthy(w1), 90, "w1 healthy after the last kill")
    back_after = time.monotonic() - start
    time.sleep(1)
    prober.done.set()
    prober.join(timeout=10)
    assert session.ping(), "the session open on w0 through nginx was cut"
    session.close()

    final = launcher.state(run_dir)
    assert final["restarts"] == {"worker w1": KILLS}
    assert final["down"] == {}
    assert {what: final["pids"][what] for what in steady} == steady, "w0 and nginx kept running"
    assert all(launcher.alive(pid) for pid in final["pids"].values())
    log = (run_dir / "launcher.log").read_text()
    waits = [
        0.0 if w == "at once" else float(w[3:-2]) for w in re.findall(r"starting it again (at once|in \S+ s)", log)
    ]
    assert waits == [0.0, 0.25, 0.5, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], waits
    assert all(took >= wait for took, wait in zip(restarted_in, waits)), (restarted_in, waits)
    print(
        f"\n{KILLS} kills of w1 over {back_after:.1f} s (w1 back and healthy at the end); restarted after "
        + ", ".join(f"{t:.2f}" for t in restarted_in)
        + " s; requests (failed): "
        + ", ".join(f"{name} {n} ({failed})" for name, (n, failed) in prober.counts.items())
    )
    assert all(n > 100 for n, _ in prober.counts.values()), prober.counts
    assert prober.failures == [], (prober.failures[:20], prober.counts)
    # While w1 was down nginx sent its visitors to w0 (the access log names both) and wrote no link.
    port0 = w0.rsplit(":", 1)[1]
    access = (run_dir / "access.log").read_text()
    assert f"upstream=127.0.0.1:{w1.rsplit(':', 1)[1]}, 127.0.0.1:{port0} cookie=w1" in access
    for log in ("access.log", "error.log"):
        assert LAYER not in (run_dir / log).read_text(), log
    # A visitor pinned to w1 is sent to it again once nginx tries it again (fail_timeout=10s).
    port = w1.rsplit(":", 1)[1]

    def pinned_to_w1() -> bool:
        _get(url + health, "axbelt_worker=w1")
        time.sleep(0.2)
        return f"upstream=127.0.0.1:{port} cookie=w1" in (run_dir / "access.log").read_text().splitlines()[-1]

    _wait(pinned_to_w1, 15, "a visitor pinned to w1 served by it again")


def test_access_log_keeps_no_layer_id(launched):
    """Requests carrying ``?layer=<id>`` (and a layer's tile path) leave no id in nginx's access log."""
    run_dir = launched
    url = launcher.state(run_dir)["url"]
    layer = LAYER
    paths = [
        f"/?layer={layer}",
        f"/data?lang=en&layer={layer}",
        f"/_stcore/health?layer={layer}",
        f"/app/static/layers/{layer}/0a1b2c3d4e5f6a7b.pmtiles",
        f"/app/static/layers/{layer.upper()}/x.pmtiles?layer={layer}",
    ]
    log = run_dir / "access.log"
    before = len(log.read_text().splitlines())
    for path in paths:
        assert _get(url + path) in (200, 404), path
    # nginx writes each line when its request ends; wait for the last one.
    _wait(lambda: len(log.read_text().splitlines()) >= before + len(paths), 10, "the requests in the log")
    text = log.read_text()
    assert layer not in text.lower()
    assert "layer=" not in text and "?" not in text
    for logged in (
        '"GET / HTTP/1.1" 200',
        '"GET /data HTTP/1.1" 200',
        '"GET /app/static/layers/<id>/0a1b2c3d4e5f6a7b.pmtiles',
    ):
        assert logged in text, logged


def test_a_killed_nginx_is_started_again(launched):
    """nginx killed outright (its worker, left behind, holds the port): the launcher clears it, starts nginx again."""
    run_dir = launched
    state = launcher.state(run_dir)
    url, pid = state["url"], state["pids"]["nginx"]
    assert _healthy(url)
    orphans = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    assert orphans, "nginx has no worker process"
    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    _wait(lambda: launcher.state(run_dir)["pids"].get("nginx") not in (None, pid), 10, "nginx started again")
    _wait(lambda: _healthy(url), 20, "nginx answering again")
    down = time.monotonic() - killed_at
    print(f"\nnginx killed: answering again after {down:.2f} s")
    assert not any(launcher.alive(int(p)) for p in orphans), "the old nginx's worker is still there"
    final = launcher.state(run_dir)
    assert final["restarts"]["nginx"] == 1 and all(launcher.alive(p) for p in final["pids"].values())
    assert down < 10
