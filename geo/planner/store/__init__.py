"""Where a planner's uploaded layers and saved views are kept, so a link survives restarts.

One small interface, two backends:

- ``SQLiteStore`` (the default): one SQLite file, ``store.sqlite`` in ``AXBELT_STATE_DIR``
  (default ``~/.local/state/axbelt``, never inside ``data/``), created on first use. Nothing to
  install or start. Write-ahead logging and one transaction per save let several server
  processes share it.
- ``PostGISStore`` when ``AXBELT_DATABASE_URL`` is set: features in a PostGIS table with a GIST
  index, written with COPY; the tables are created by the store itself, idempotently.

A layer keeps its features (EPSG:4326 geometry as WKB, attributes as JSON so Korean text stays
text) with its display name, colour, label column, original file name, owner token, created and
last-used time and stored size. Ids are 32 lowercase hex characters (128 random bits), checked
by ``is_layer_id`` before they reach a path or a query: a malformed id is simply not found.

The id is the view key: whoever holds a layer's link can see it. Changing its name, colour and
label or removing it takes its edit key (``new_edit_key``, 256 random bits), which the uploader
keeps (in the session, in a cookie of their browser, ``edit_cookie``, and in an edit link) and of
which the store keeps only the SHA-256 (``can_edit``). The owner token (one per browser session)
only lists a session's own layers.

Every call is bounded: a PostGIS call that gets no answer within seconds (a paused or
partitioned server) is cut off and raises ``StoreUnavailable``, a locked SQLite file is waited
for at most a few seconds; while a store is down its calls fail at once, and the outage and the
recovery each write one line to the server's log (``health``).

The package: ``base`` (the interface, records, errors and ids), ``keys`` (edit keys and their
cookie), ``encoding`` (features as WKB and JSON), ``sqlite`` and ``postgis`` (the backends),
``health`` (up or down, logged),
``process`` (``open_store``, the process's one store, and ``LayerCache``). Callers import from
``geo.planner.store``.
"""

from geo.planner.limits import layer_days, max_layer_bytes, max_store_bytes, megabytes
from geo.planner.store.base import (
    KEEP,
    LayerInfo,
    Store,
    StoredLayer,
    StoreError,
    StoreLimitError,
    StoreUnavailable,
    is_layer_id,
    limit_message,
    new_id,
    new_owner_token,
)
from geo.planner.store.encoding import decode_layer, encode_layer
from geo.planner.store.keys import (
    EDIT_COOKIE_ROUTE,
    edit_cookie,
    edit_cookie_name,
    forget_edit_cookie,
    is_edit_key,
    new_edit_key,
)
from geo.planner.store.postgis import PostGISStore
from geo.planner.store.process import STORE_FILE, LayerCache, TileSweep, open_store, prune_tiles, state_dir
from geo.planner.store.sqlite import SQLiteStore

__all__ = [
    "EDIT_COOKIE_ROUTE",
    "KEEP",
    "STORE_FILE",
    "LayerCache",
    "LayerInfo",
    "PostGISStore",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StoreLimitError",
    "StoreUnavailable",
    "StoredLayer",
    "TileSweep",
    "decode_layer",
    "edit_cookie",
    "edit_cookie_name",
    "encode_layer",
    "forget_edit_cookie",
    "is_edit_key",
    "is_layer_id",
    "layer_days",
    "limit_message",
    "max_layer_bytes",
    "max_store_bytes",
    "megabytes",
    "new_edit_key",
    "new_id",
    "new_owner_token",
    "open_store",
    "prune_tiles",
    "state_dir",
]
