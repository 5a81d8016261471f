"""A hostile page and a hostile name, against server.py directly and behind nginx (deploy/serve.py).

A websocket from another site's page is refused without any look-up (strace watches the
server's processes for a connection or a datagram to anything but loopback while it is
refused); a Host header naming another site (DNS rebinding) is refused; another site's page
that frames the dashboard shows nothing, while the dashboard's own map frame still draws.

Like the other nginx tests, these fail when nginx, strace or Chromium is missing under
``AXBELT_REQUIRE_BROWSER=1`` or CI, and skip otherwise.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from deploy.serve import host_options, serving_names, streamlit_command
from tests import launcher
from tests.browser.conftest import ARTIFACTS, ROOT, map_frame
from tests.conftest import free_port, missing

pytestmark = pytest.mark.browser

FOREIGN_ORIGINS = ["https://attacker.example", "http://attacker.example:8600", "http://192.0.2.77", "null"]


def _wait_healthy(url: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"server did not start: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def direct():
    """``server.py`` on loopback with the options deploy/serve.py gives a worker; its URL and PIDs."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"server-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*streamlit_command(ROOT / "server.py", port, run=False), *host_options(serving_names("127.0.0.1"))],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process, log)
    yield {"url": url, "pids": [process.pid]}
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """``deploy/serve.py --workers 1`` on free ports; its URL and the PIDs of nginx and the worker."""
    with launcher.launched(tmp_path_factory.mktemp("serve"), 1) as run_dir:
        served = launcher.state(run_dir)
        # nginx's master and its worker process (the one that talks to the network).
        nginx_pid = served["pids"]["nginx"]
        children = subprocess.run(["pgrep", "-P", str(nginx_pid)], capture_output=True, text=True).stdout.split()
        yield {"url": served["url"], "pids": [*served["pids"].values(), *map(int, children)]}


@pytest.fixture(params=["direct", "nginx"])
def server(request):
    """Each test once against server.py directly and once through nginx."""
    return {**request.getfixturevalue("direct" if request.param == "direct" else "proxied"), "kind": request.param}


def handshake(url: str, host: str | None = None, origin: str | None = None) -> int:
    """Open a websocket to Streamlit's ``/_stcore/stream`` with these headers; the HTTP status answered."""
    address = url.split("://", 1)[1]
    hostname, port = address.rsplit(":", 1)
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host or address}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
        *([f"Origin: {origin}"] if origin else []),
    ]
    with socket.create_connection((hostname, int(port)), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = sock.recv(4096).decode("latin-1")
    return int(answer.split(" ", 2)[1])


@contextlib.contextmanager
def serving(html: str):
    """A page of another origin (``http://localhost:<free port>/``) that answers every GET with ``html``."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def outbound(pids: list[int], found: list[str]):
    """Trace ``pids`` (every thread) for connect/sendto/sendmsg; on exit, put each non-loopback one in ``found``."""
    strace = shutil.which("strace")
    if not strace:
        missing("no strace found (install Debian's strace)", "AXBELT_REQUIRE_BROWSER")
    ARTIFACTS.mkdir(exist_ok=True)
    trace = ARTIFACTS / f"trace-{pids[0]}.txt"
    command = [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace)]
    for pid in pids:
        command += ["-p", str(pid)]
    tracer = subprocess.Popen(command, stderr=subprocess.PIPE)
    # strace attaches before it writes anything; give it a moment, then check it is still there.
    time.sleep(1.5)
    if tracer.poll() is not None:
        missing(
            f"strace cannot trace here: {tracer.stderr.read().decode(errors='replace')[:300]}", "AXBELT_REQUIRE_BROWSER"
        )
    try:
        yield
    finally:
        time.sleep(0.5)
        tracer.send_signal(signal.SIGINT)  # detaches; the traced processes go on
        tracer.wait(timeout=10)
    addresses = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')
    for line in trace.read_text().splitlines():
        for v4, v6 in addresses.findall(line):
            address = v4 or v6
            if not (address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1")):
                found.append(line)


def test_a_foreign_origin_is_refused_without_any_lookup(server):
    """Each foreign Origin gets 403 at once; none makes the server connect or send to anything off loopback."""
    url = server["url"]
    own = url.split("://", 1)[1]
    found: list[str] = []
    took = []
    with outbound(server["pids"], found):
        assert handshake(url, origin=url) == 101  # the dashboard's own page still connects
        for origin in FOREIGN_ORIGINS:
            start = time.monotonic()
            assert handshake(url, origin=origin) == 403, origin
            took.append(time.monotonic() - start)
        assert handshake(url, origin=f"http://{own}") == 101
    print(f"\n{len(FOREIGN_ORIGINS)} foreign origins refused, slowest {max(took) * 1000:.0f} ms; outbound: {found}")
    assert found == []
    assert max(took) < 0.5


def test_a_foreign_host_is_refused(server):
    """DNS rebinding: Host and Origin both name another site. nginx answers 421 to any such request."""
    url = server["url"]
    behind_nginx = server["kind"] == "nginx"
    assert handshake(url, host="attacker.example", origin="http://attacker.example") == (421 if behind_nginx else 403)
    port = url.rsplit(":", 1)[1]
    assert handshake(url, host=f"attacker.example:{port}", origin=f"http://attacker.example:{port}") in (403, 421)
    assert handshake(url, host=f"localhost:{port}", origin=f"http://localhost:{port}") == 101
    if behind_nginx:
        page = urllib.request.Request(url + "/", headers={"Host": "attacker.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(page, timeout=10)
        assert refused.value.code == 421


def test_no_other_site_may_frame_the_dashboard(server, browser):
    """A page on another origin that frames the dashboard shows an empty frame; the dashboard's own map frame draws."""
    url = server["url"]
    with urllib.request.urlopen(url + "/", timeout=10) as response:
        assert response.headers.get_all("Content-Security-Policy") == ["frame-ancestors 'self'"]
        assert response.headers.get_all("X-Frame-Options") == ["SAMEORIGIN"]
    framing = f'<!doctype html><title>framing</title><iframe id="f" src="{url}/" width="1200" height="700"></iframe>'
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        # Another origin on loopback too (Chromium would not let a public page frame loopback at all).
        with serving(framing) as other:
            page = context.new_page()
            requested = []
            page.on("request", lambda r: requested.append(r.url) if r.url.startswith(url) else None)
            page.goto(other)
            page.wait_for_function("document.getElementById('f') !== null")
            time.sleep(4)  # time enough for the dashboard to draw, were it allowed to
            page.screenshot(path=ARTIFACTS / f"framed-{server['kind']}.png")
        assert any(u.rstrip("/") == url for u in requested), "the framed dashboard was not even requested"
        framed = [f for f in page.frames if f != page.main_frame]
        assert len(framed) == 1
        assert not framed[0].url.startswith(url), framed[0].url  # an error page instead of the dashboard
        assert framed[0].locator('[data-testid="stApp"]').count() == 0
        assert not [u for u in requested if "/_stcore/" in u or "/static/js/" in u], "the framed dashboard ran"

        # The dashboard itself, opened on its own, still shows its map in its own frame.
        own = context.new_page()
        own.goto(url)
        assert map_frame(own).locator(".site-marker").count() > 0
    finally:
        context.close()
