"""The store of this process: the one the environment names, opened once, and its recently loaded layers."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from geo.planner.limits import layer_days, max_layer_bytes, max_store_bytes
from geo.planner.store.base import Store, StoredLayer, StoreUnavailable, is_layer_id
from geo.planner.store.health import LOG
from geo.planner.store.postgis import PostGISStore
from geo.planner.store.sqlite import SQLiteStore

STORE_FILE = "store.sqlite"


def state_dir() -> Path:
    """The embedded store's folder: ``AXBELT_STATE_DIR``, else ``$XDG_STATE_HOME/axbelt`` (``~/.local/state``)."""
    if os.environ.get("AXBELT_STATE_DIR"):
        return Path(os.environ["AXBELT_STATE_DIR"]).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base).expanduser() / "axbelt"


_stores: dict[tuple, Store] = {}
# key → (time of the last failed open, its error, time of the first failure of this outage)
_failures: dict[tuple, tuple[float, StoreUnavailable, float]] = {}
_stores_lock = threading.Lock()
# After a failed open, say so at once for this long instead of waiting for a timeout on every rerun.
RETRY_AFTER_S = 15.0


def open_store() -> Store:
    """The store the environment names: PostGIS with ``AXBELT_DATABASE_URL``, else SQLite in ``state_dir()``.

    One store object per setting and process, shared by all threads (cheap to call on every
    rerun). Raises ``StoreUnavailable`` when the store cannot be reached; after a failure the
    same error is raised at once for ``RETRY_AFTER_S`` seconds, then opening is tried again.
    """
    url = os.environ.get("AXBELT_DATABASE_URL", "").strip()
    key = (
        ("postgis", url) if url else ("sqlite", str(state_dir() / STORE_FILE)),
        max_layer_bytes(),
        max_store_bytes(),
        layer_days(),
    )
    with _stores_lock:
        store = _stores.get(key)
        if store is not None:
            return store
        failed = _failures.get(key)
        if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
            raise failed[1]
        try:
            store = PostGISStore(url) if url else SQLiteStore(state_dir() / STORE_FILE)
        except StoreUnavailable as exc:
            if failed is None:
                LOG.warning("layer store unavailable at start: %s; retried every %.0f s", exc, RETRY_AFTER_S)
            _failures[key] = (time.monotonic(), exc, failed[2] if failed else time.monotonic())
            raise
        if failed is not None:
            LOG.warning("layer store answers again after %.0f s (%r)", time.monotonic() - failed[2], store)
        _failures.pop(key, None)
        _stores[key] = store
    return store


class LayerCache:
    """Recently loaded layers of this process, so a map rerun does not read the store each time.

    Bounded (least recently used dropped first) and short-lived: an entry older than ``ttl``
    seconds is read again, so a layer removed by another server process disappears here within
    ``ttl``; one removed through this process is forgotten at once (``forget``). Misses are not
    kept. Thread-safe.
    """

    def __init__(self, max_entries: int = 16, ttl: float = 60.0):
        self.max_entries, self.ttl = max_entries, ttl
        self._entries: dict[str, tuple[float, StoredLayer]] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, layer_id: object) -> StoredLayer | None:
        """The layer (from memory when fresh, else from ``store``), or None when it is not there."""
        if not is_layer_id(layer_id):
            return None
        with self._lock:
            entry = self._entries.pop(layer_id, None)
            if entry and time.monotonic() - entry[0] < self.ttl:
                self._entries[layer_id] = entry  # most recently used last
                return entry[1]
        if entry is not None:
            # A stored layer's features never change (only its name, colour and label do), so a
            # stale entry needs its record checked, not a million features read again.
            info = store.layer_info(layer_id)
            layer = None if info is None else StoredLayer(info, entry[1].gdf)
        else:
            layer = store.load_layer(layer_id)
        if layer is not None:
            self.put(layer)
        else:
            from geo.planner.tiles import remove_tiles

            remove_tiles(layer_id)  # removed through another server: this one stops serving its tiles too
        return layer

    def put(self, layer: StoredLayer) -> None:
        """Keep a layer just saved or read, as the most recently used; the least recently used go past the bound."""
        with self._lock:
            self._entries.pop(layer.info.id, None)
            self._entries[layer.info.id] = (time.monotonic(), layer)
            while len(self._entries) > self.max_entries:
                self._entries.pop(next(iter(self._entries)))

    def forget(self, layer_id: str) -> None:
        """Drop a layer at once (removed through this process)."""
        with self._lock:
            self._entries.pop(layer_id, None)


# How often a process checks its tile folders against the store (``TileSweep``).
SWEEP_EVERY_S = 30.0


def prune_tiles(store: Store, root: Path | None = None) -> int:
    """Remove the tile folders of layers the store no longer holds; the number removed.

    A layer removed through another server process (or host) leaves its tiles in this one's
    static folder, where they would still be served; this removes them. A store that does not
    answer removes nothing.
    """
    from geo.planner.tiles import TILES_DIR, remove_tiles

    base = root or TILES_DIR
    removed = 0
    for folder in sorted(base.iterdir()) if base.exists() else ():
        if not folder.is_dir() or not is_layer_id(folder.name):
            continue
        try:
            if store.layer_info(folder.name) is None:
                removed += remove_tiles(folder.name, base)
        except StoreUnavailable:
            break
    return removed


class TileSweep:
    """``prune_tiles`` at most every ``SWEEP_EVERY_S`` seconds, on a background thread, when ``due`` is called."""

    def __init__(self, every: float | None = None):
        self.every = every
        self._last: float | None = None
        self._lock = threading.Lock()

    def due(self, store: Store, root: Path | None = None) -> threading.Thread | None:
        """Start a sweep if the last one is old enough; the thread started, or None."""
        every = SWEEP_EVERY_S if self.every is None else self.every
        with self._lock:
            if self._last is not None and time.monotonic() - self._last < every:
                return None
            self._last = time.monotonic()
        thread = threading.Thread(target=prune_tiles, args=(store, root), name="axbelt-tile-sweep", daemon=True)
        thread.start()
        return thread
