"""server.py's Guard: which websocket Origins go on to Streamlit, and the frame headers on every response."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

import server
from server import FRAME_HEADERS, LOCAL_ORIGINS, Guard, origin_allowed

OWN = "axbelt.example.go.kr:8600"


def run(coroutine):
    """Runs ``coroutine`` on its own loop in a thread: the browser tests' Playwright keeps a loop running here."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (None, True),  # not a browser
        (f"http://{OWN}", True),  # the page's own origin
        (f"https://{OWN}", True),
        ("http://localhost:3000", True),  # loopback, as Streamlit allows
        ("http://127.0.0.1:9", True),
        ("https://attacker.example", False),
        ("http://axbelt.example.go.kr:9999", False),  # another port is another origin
        ("http://axbelt.example.go.kr.attacker.example:8600", False),
        ("null", False),
        ("", False),
    ],
)
def test_origin_allowed(origin, allowed):
    assert origin_allowed(origin, OWN, LOCAL_ORIGINS) is allowed


def test_trusted_hosts_follow_the_server_address_and_cors_origins(monkeypatch):
    from streamlit import config

    options = {"browser.serverAddress": "https://axbelt.example.go.kr/dashboard", "server.corsAllowedOrigins": []}
    monkeypatch.setattr(config, "get_option", options.__getitem__)
    monkeypatch.setattr(config, "is_manually_set", lambda name: name == "browser.serverAddress")
    assert server.trusted_origin_hosts() == LOCAL_ORIGINS | {"axbelt.example.go.kr"}
    options["server.corsAllowedOrigins"] = ["https://portal.example.go.kr"]
    assert "portal.example.go.kr" in server.trusted_origin_hosts()
    monkeypatch.setattr(config, "is_manually_set", lambda name: False)
    assert server.trusted_origin_hosts() == LOCAL_ORIGINS | {"portal.example.go.kr"}


def _run(scope: dict) -> tuple[list[dict], bool]:
    """Pass ``scope`` through Guard to a stand-in app; the messages sent, and whether the app was reached."""
    sent, reached = [], []

    async def app(scope, receive, send):
        reached.append(True)
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        sent.append(message)

    run(Guard(app)(scope, receive, send))
    return sent, bool(reached)


def _headers(**headers: str) -> list[tuple[bytes, bytes]]:
    return [(name.encode(), value.encode()) for name, value in headers.items()]


def test_guard_refuses_a_foreign_websocket_before_streamlit(monkeypatch):
    monkeypatch.setattr(server, "trusted_origin_hosts", lambda: LOCAL_ORIGINS)
    sent, reached = _run({"type": "websocket", "headers": _headers(host=OWN, origin="https://attacker.example")})
    assert not reached and sent == [{"type": "websocket.close", "code": 1008}]
    sent, reached = _run({"type": "websocket", "headers": _headers(host=OWN, origin=f"http://{OWN}")})
    assert reached and sent == []


def test_guard_adds_the_frame_headers_to_every_response():
    sent, reached = _run({"type": "http", "headers": []})
    assert reached
    assert sent[0]["headers"] == [(b"content-type", b"text/html"), *FRAME_HEADERS]
    assert dict(FRAME_HEADERS)[b"content-security-policy"] == b"frame-ancestors 'self'"
    assert sent[1] == {"type": "http.response.body", "body": b"ok"}


def test_guard_marks_a_hashed_map_file_immutable_and_nothing_else():
    """A boundary file named by its hash gets one Cache-Control, immutable; other static files keep theirs."""
    from geo.maps.static import IMMUTABLE

    sent, _ = _run({"type": "http", "headers": [], "path": "/app/static/maps/sigungu-belt-0123456789abcdef.json"})
    assert sent[0]["headers"] == [
        (b"content-type", b"text/html"),
        *FRAME_HEADERS,
        (b"cache-control", IMMUTABLE.encode()),
    ]
    sent, _ = _run({"type": "http", "headers": [], "path": "/app/static/leaflet/leaflet.js"})
    assert sent[0]["headers"] == [(b"content-type", b"text/html"), *FRAME_HEADERS]


def test_host_defaults_name_the_server_unless_told():
    assert server.host_defaults(["--server.port", "8501", "--server.address", "127.0.0.1"], {}) == [
        "--server.allowedHosts",
        "localhost",
        "--server.allowedHosts",
        "127.0.0.1",
    ]
    assert server.host_defaults(["--server.address=10.1.2.3"], {})[-1] == "10.1.2.3"
    # Streamlit's default address is every interface: the machine's own name and addresses too.
    everywhere = server.host_defaults([], {})
    assert "localhost" in everywhere and len(everywhere) > 4
    assert server.host_defaults(["--server.allowedHosts=axbelt.example.go.kr"], {}) == []
    assert server.host_defaults([], {"STREAMLIT_SERVER_ALLOWED_HOSTS": "axbelt.example.go.kr"}) == []


def _post_key(body: bytes, scheme: str = "http", **headers: str):
    """Call the edit-key route as a browser's POST would; the response."""
    return _call_route(server.keep_edit_cookie, "POST", body, scheme, **headers)


def _call_route(handler, method: str, body: bytes, scheme: str = "http", **headers: str):
    """Call a route handler of the edit-key route with one request; the response."""
    from starlette.requests import Request

    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    scope = {
        "type": "http",
        "method": method,
        "scheme": scheme,
        "path": "/api/edit-key",
        "query_string": b"",
        "headers": _headers(host=OWN, **headers),
        "server": ("axbelt.example.go.kr", 8600),
    }
    return run(handler(Request(scope, receive)))


def test_the_edit_key_route_sets_the_cookie_only_for_the_layers_key_from_this_site(monkeypatch, tmp_path):
    import json

    import geopandas as gpd
    from shapely.geometry import Point

    from geo.planner.store import SQLiteStore, new_edit_key

    store = SQLiteStore(tmp_path / "store.sqlite")
    key = new_edit_key()
    gdf = gpd.GeoDataFrame({"시설명": ["공장"]}, geometry=[Point(126.85, 35.23)], crs="EPSG:4326")
    layer_id = store.save_layer(
        gdf, name="공장", owner="0" * 32, colour="#d62728", label_column="시설명", file_name="공장.csv", edit_key=key
    )
    monkeypatch.setattr("geo.planner.store.open_store", lambda: store)
    monkeypatch.setattr(server, "trusted_origin_hosts", lambda: LOCAL_ORIGINS)
    monkeypatch.setenv("AXBELT_LAYER_DAYS", "30")
    own = {"origin": f"http://{OWN}"}
    good = json.dumps({"layer": layer_id, "key": key}).encode()

    response = _post_key(good, **own)
    assert response.status_code == 204 and response.headers["cache-control"] == "no-store"
    attributes = response.headers["set-cookie"].split("; ")
    assert attributes[0] == f"axbelt_edit_{layer_id}={key}"
    assert set(attributes[1:]) == {"Max-Age=2592000", "Path=/", "SameSite=Strict", "HttpOnly"}  # 30 days, not Secure
    for secure in (_post_key(good, "https", **own), _post_key(good, **own, **{"x-forwarded-proto": "https"})):
        assert secure.headers["set-cookie"].endswith("; Secure")

    refused = {
        "no origin": _post_key(good),
        "foreign origin": _post_key(good, origin="https://attacker.example"),
        "another key": _post_key(json.dumps({"layer": layer_id, "key": new_edit_key()}).encode(), **own),
        "no such layer": _post_key(json.dumps({"layer": "f" * 32, "key": key}).encode(), **own),
        "malformed key": _post_key(json.dumps({"layer": layer_id, "key": "' OR 1=1 --"}).encode(), **own),
        "not json": _post_key(b"layer=1", **own),
        "a list": _post_key(b"[1, 2]", **own),
        "too long": _post_key(b" " * 2000 + good, **own),
    }
    assert {what: r.status_code for what, r in refused.items()} == {
        "no origin": 403,
        "foreign origin": 403,
        "another key": 403,
        "no such layer": 403,
        "malformed key": 400,
        "not json": 400,
        "a list": 400,
        "too long": 413,
    }
    assert not any("set-cookie" in r.headers for r in refused.values())

    def down():
        from geo.planner.store import StoreUnavailable

        raise StoreUnavailable("paused")

    monkeypatch.setattr("geo.planner.store.open_store", down)
    assert _post_key(good, **own).status_code == 503


def _delete_key(body: bytes, **headers: str):
    """Call the edit-key route as the page's DELETE after a removal would; the response."""
    return _call_route(server.forget_edit_cookie, "DELETE", body, **headers)


def test_the_edit_key_route_clears_a_removed_layers_cookie_only_for_this_site(monkeypatch):
    import json

    monkeypatch.setattr(server, "trusted_origin_hosts", lambda: LOCAL_ORIGINS)
    layer_id = "a" * 32
    cleared = _delete_key(json.dumps({"layer": layer_id}).encode(), origin=f"http://{OWN}")
    assert cleared.status_code == 204 and cleared.headers["cache-control"] == "no-store"
    attributes = cleared.headers["set-cookie"].split("; ")
    assert attributes[0] == f"axbelt_edit_{layer_id}="  # emptied …
    assert set(attributes[1:]) == {"Max-Age=0", "Path=/", "SameSite=Strict", "HttpOnly"}  # … and expired now
    refused = {
        "no origin": _delete_key(json.dumps({"layer": layer_id}).encode()),
        "foreign origin": _delete_key(json.dumps({"layer": layer_id}).encode(), origin="https://attacker.example"),
        "malformed id": _delete_key(b'{"layer": "../x"}', origin=f"http://{OWN}"),
        "not json": _delete_key(b"layer=1", origin=f"http://{OWN}"),
    }
    assert {what: r.status_code for what, r in refused.items()} == {
        "no origin": 403,
        "foreign origin": 403,
        "malformed id": 400,
        "not json": 400,
    }
    assert not any("set-cookie" in r.headers for r in refused.values())


def test_the_server_routes_delete_on_the_edit_key_route_to_forget_edit_cookie():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(server.__file__).read_text(encoding="utf-8"))
    routes = {
        (call.args[1].id, call.keywords[0].value.elts[0].value)
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Route"
    }
    assert routes == {("keep_edit_cookie", "POST"), ("forget_edit_cookie", "DELETE")}
