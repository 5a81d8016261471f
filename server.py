"""Start the dashboard with its caches built at start: ``python server.py [streamlit run options]``.

``streamlit run dashboard.py`` runs none of the dashboard until the first visitor opens it, so
that visitor would wait while the boundaries are simplified, the catalogue is checked and the
default map is rendered. This fills those caches first (``ui.warm``, a few seconds) and then runs
the same server in the same process, in the same way (``streamlit run`` with the options given).
The server answers ``/_stcore/health`` only once they are built, so ``deploy/serve.py`` and a
Kubernetes readiness probe send no visitor to a cold process; the default view's other years (its
playback) are rendered after that, in the background, while the server answers.

It serves the dashboard as a Streamlit ``App`` with one middleware in front, ``Guard``: every
response says who may frame it (``FRAME_HEADERS``: this site only), and a websocket from a foreign
Origin is refused before Streamlit's own check sees it. That check, for an Origin it does not
know, asks this machine's addresses of the outside world (a UDP socket "connected" to 8.8.8.8,
then an HTTP request to checkip.amazonaws.com, on the event loop, every time it fails): from a
network that must reach nothing, and a stall wherever the name does not resolve. ``Guard``
decides with what Streamlit checks before those look-ups and refuses the rest. A foreign Host
(DNS rebinding) is refused by Streamlit's ``server.allowedHosts``, which ``deploy/serve.py``
and the Kubernetes example set from the serving host name, and this sets when nothing else did
(``host_defaults``).

One route of its own, ``EDIT_COOKIE_ROUTE`` (``keep_edit_cookie``): the data page of a layer's
uploader posts the layer's edit key there, and the answer keeps it in an HttpOnly cookie of that
browser, so a reload or a new tab of the same browser may still edit the layer. It is served by
this App only: ``streamlit run dashboard.py`` keeps the key in the session and the edit link.
"""

import gc
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
app = None  # the served App, made by main()
# Sent with every response: only a page of this site may show the dashboard in a frame (its own
# map frame does); X-Frame-Options for browsers older than frame-ancestors.
FRAME_HEADERS = ((b"content-security-policy", b"frame-ancestors 'self'"), (b"x-frame-options", b"SAMEORIGIN"))
# The Origin host names Streamlit accepts before it looks anything up (server_util.is_url_from_allowed_origins).
LOCAL_ORIGINS = frozenset({"localhost", "0.0.0.0", "127.0.0.1"})


def trusted_origin_hosts() -> frozenset[str]:
    """The Origin host names a websocket may come from besides its own Host: Streamlit's list without look-ups.

    Loopback names, the host of ``browser.serverAddress`` when it is set, and the hosts of
    ``server.corsAllowedOrigins``.
    """
    from streamlit import config

    hosts = set(LOCAL_ORIGINS)
    if config.is_manually_set("browser.serverAddress"):
        hosts.add(urlparse("//" + config.get_option("browser.serverAddress").split("://")[-1]).hostname or "")
    hosts.update(urlparse(origin.strip()).hostname or "" for origin in config.get_option("server.corsAllowedOrigins"))
    return frozenset(hosts - {""})


def origin_allowed(origin: str | None, host: str | None, trusted: frozenset[str]) -> bool:
    """Whether a websocket with this Origin and Host header may go on to Streamlit; no look-up.

    No Origin (not a browser) or the Host's own origin passes, as in Streamlit; so does a host in
    ``trusted``. Anything else Streamlit would compare with this machine's addresses, asked of
    the network: refused here instead.

    >>> local = frozenset({"localhost"})
    >>> origin_allowed("http://axbelt.example:8600", "axbelt.example:8600", local)
    True
    >>> origin_allowed("http://localhost:3000", "axbelt.example:8600", local), origin_allowed(None, "x", local)
    (True, True)
    >>> origin_allowed("https://attacker.example", "axbelt.example:8600", local)
    False
    """
    if origin is None:
        return True
    parsed = urlparse(origin)
    return parsed.netloc == host or parsed.hostname in trusted


def host_defaults(argv: list[str], environ: dict | None = None) -> list[str]:
    """``--server.allowedHosts`` for the names this server is reached by, unless ``argv`` or the environment set them.

    The names of ``deploy.serve.serving_names`` for the ``--server.address`` given (Streamlit's
    default listens on every interface: then this machine's name and addresses too), so that
    ``make run`` refuses a foreign Host as the served room does.
    """
    import os

    environ = os.environ if environ is None else environ
    if any(arg.startswith("--server.allowedHosts") for arg in argv) or environ.get("STREAMLIT_SERVER_ALLOWED_HOSTS"):
        return []
    address = environ.get("STREAMLIT_SERVER_ADDRESS", "0.0.0.0")
    for i, arg in enumerate(argv):
        if arg.startswith("--server.address="):
            address = arg.split("=", 1)[1]
        elif arg == "--server.address" and i + 1 < len(argv):
            address = argv[i + 1]
    from deploy.serve import host_options, serving_names

    return host_options(serving_names(address))


def response_headers(path: str) -> tuple[tuple[bytes, bytes], ...]:
    """Headers a response to ``path`` gets besides the frame headers: a file named by its content's hash is immutable.

    The map's boundary files (``geo.maps.static``) change their name when they change, so a
    browser keeps them for a year and never asks again (nginx says the same, deploy/nginx.conf.template).

    >>> response_headers("/app/static/maps/sigungu-belt-0123456789abcdef.json")
    ((b'cache-control', b'public, max-age=31536000, immutable'),)
    >>> response_headers("/app/static/leaflet/leaflet.js"), response_headers("/app/static/maps/sigungu.json")
    ((), ())
    """
    from geo.maps.static import HASHED_PATH, IMMUTABLE

    return ((b"cache-control", IMMUTABLE.encode()),) if HASHED_PATH.match(path) else ()


class Guard:
    """ASGI middleware in front of Streamlit: frame headers on every response; foreign websockets refused.

    A content-hashed static file is also marked immutable (``response_headers``).
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            if not origin_allowed(headers.get("origin"), headers.get("host"), trusted_origin_hosts()):
                from streamlit.logger import get_logger

                get_logger("axbelt.server").warning(
                    "Refused a websocket from a foreign origin: origin=%s, host=%s",
                    headers.get("origin"),
                    headers.get("host"),
                )
                await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
                return
        elif scope["type"] == "http":
            inner, extra = send, response_headers(scope.get("path", ""))

            async def send(message):
                if message["type"] == "http.response.start":
                    kept = [
                        (k, v) for k, v in message.get("headers", []) if not (extra and k.lower() == b"cache-control")
                    ]
                    message = {**message, "headers": [*kept, *FRAME_HEADERS, *extra]}
                await inner(message)

        await self.app(scope, receive, send)


# The most a request to the edit-key route may send (a layer id and a key in JSON take ~100 bytes).
EDIT_COOKIE_BODY = 1024


async def _own_json(request):
    """The small JSON body of a request from this site's page: ``(fields, None)``, or ``(None, refusal)``.

    Refused: a foreign or missing Origin (403), a body over ``EDIT_COOKIE_BODY`` (413), no JSON (400).
    """
    import json

    from starlette.responses import Response

    origin, host = request.headers.get("origin"), request.headers.get("host")
    if origin is None or not origin_allowed(origin, host, trusted_origin_hosts()):
        return None, Response(status_code=403)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > EDIT_COOKIE_BODY:
            return None, Response(status_code=413)
    try:
        return json.loads(body), None
    except ValueError:
        return None, Response(status_code=400)


async def keep_edit_cookie(request):
    """``POST {"layer": id, "key": edit key}`` from this site's page: 204 with the cookie that keeps the key.

    Refused with no cookie: a foreign or missing Origin (403: no other site plants one), a
    malformed or oversized body (400, 413), a key that is not the layer's (403, asked of the
    store on a worker thread), a store that does not answer (503). The key travels only in the
    body, so it is in no URL and no access log. ``Secure`` when the page is https (directly or
    through a proxy that says so in ``X-Forwarded-Proto``).
    """
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    from geo.planner.store import StoreUnavailable, edit_cookie, is_edit_key, is_layer_id, open_store

    fields, refused = await _own_json(request)
    if refused is not None:
        return refused
    try:
        layer_id, key = fields["layer"], fields["key"]
    except (KeyError, TypeError):
        return Response(status_code=400)
    if not (is_layer_id(layer_id) and is_edit_key(key)):
        return Response(status_code=400)
    try:
        allowed = await run_in_threadpool(lambda: open_store().can_edit(layer_id, key))
    except StoreUnavailable:
        return Response(status_code=503)
    if not allowed:
        return Response(status_code=403)
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    cookie = edit_cookie(layer_id, key, secure=secure)
    return Response(status_code=204, headers={"set-cookie": cookie, "cache-control": "no-store"})


async def forget_edit_cookie(request):
    """``DELETE {"layer": id}`` from this site's page, once the layer is removed: 204 clearing its edit cookie.

    Refused with no cookie change for a foreign or missing Origin (403) or a malformed or
    oversized body (400, 413). The store is not asked: the answer only empties this browser's own cookie.
    """
    from starlette.responses import Response

    from geo.planner.store import forget_edit_cookie as forget
    from geo.planner.store import is_layer_id

    fields, refused = await _own_json(request)
    if refused is not None:
        return refused
    try:
        layer_id = fields["layer"]
    except (KeyError, TypeError):
        return Response(status_code=400)
    if not is_layer_id(layer_id):
        return Response(status_code=400)
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    return Response(
        status_code=204, headers={"set-cookie": forget(layer_id, secure=secure), "cache-control": "no-store"}
    )


def warm():
    """Build the shared caches once, before the server starts (Streamlit's caches live in the process).

    Returns the thread that builds the default view's other years meanwhile (``ui.warm``), or None.
    """
    import logging
    import threading

    years = None
    # Outside a script run Streamlit warns once per cached call that there is no run context: expected here.
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        import ui

        years = ui.warm()
    finally:
        if years is None:
            quiet.setLevel(level)
        else:  # quiet until the default view's years are built in the background too
            threading.Thread(target=lambda: (years.join(), quiet.setLevel(level)), daemon=True).start()
    # streamlit-folium declares its component when imported, but registers it with the server only
    # inside a script run: imported here, before there is a server, it would stay unknown and the
    # map's iframe would find nothing. Forget it, so that the first page to use it imports it again.
    sys.modules.pop("streamlit_folium", None)
    return years


def log_to_stderr() -> None:
    """The dashboard's own log lines (the layer store's outages and recoveries) on the server's stderr, with a time."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("axbelt")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main() -> int:
    from starlette.middleware import Middleware
    from starlette.routing import Route
    from streamlit.starlette import App
    from streamlit.web import cli

    global app
    sys.path.insert(0, str(ROOT))
    from geo.planner.store import EDIT_COOKIE_ROUTE

    log_to_stderr()
    warm()
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC). The
    # modules and caches built so far live as long as the process: freezing them keeps each of those
    # collections from walking them again (it cost ~60 ms a run, about as much as the run itself).
    gc.freeze()
    # `streamlit run server.py` finds `app` below and serves it (the same server and routes as
    # `streamlit run dashboard.py`, with Guard in front and the edit-key route); it imports
    # `server` for it: this module.
    routes = [
        Route(EDIT_COOKIE_ROUTE, keep_edit_cookie, methods=["POST"]),
        Route(EDIT_COOKIE_ROUTE, forget_edit_cookie, methods=["DELETE"]),
    ]
    app = App(ROOT / "dashboard.py", routes=routes, middleware=[Middleware(Guard)])
    sys.modules.setdefault("server", sys.modules[__name__])
    # No source-file watcher: it rescans every loaded module after each run and polls in the
    # background, for a developer's edits. (Given options come after these, so they win.)
    options = sys.argv[1:]
    sys.argv = ["streamlit", "run", str(ROOT / "server.py"), "--server.fileWatcherType", "none"]
    sys.argv += [*host_defaults(options), *options]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
