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

The id is the key: whoever holds a layer's link can see it, change its name, colour and label,
and remove it, like a shared document's link. The owner token (one per browser session) only
lists a session's own layers.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.cells import hex_colour
from geo.limits import layer_days, max_layer_bytes, max_store_bytes, megabytes

ID_PATTERN = re.compile(r"[0-9a-f]{32}")
STORE_FILE = "store.sqlite"
CONNECT_TIMEOUT_S = 3
# A saved view is a handful of query parameters; anything larger is not a view.
MAX_VIEW_BYTES = 16 * 1024
# Expiry runs on saves, at most this often per store object, so no scheduler is needed.
EXPIRE_EVERY_S = 3600
KEEP = object()  # update_layer: leave the label column as it is
# Dtypes restored on load; anything else comes back as the JSON gave it (text, numbers).
RESTORED_KINDS = ("int", "uint", "Int", "UInt", "float", "Float", "bool", "boolean", "datetime64")


class StoreError(Exception):
    """Something the store cannot do; the message says what and why."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (PostGIS down, state folder not writable)."""


class StoreLimitError(StoreError):
    """A layer too large for the per-layer or total limit.

    ``kind`` is ``"layer"`` or ``"store"``; ``size`` and ``limit`` are in bytes (for ``"store"``,
    ``size`` is what the store would hold with this layer).
    """

    def __init__(self, kind: str, size: int, limit: int):
        self.kind, self.size, self.limit = kind, size, limit
        what = "The layer" if kind == "layer" else "The store with this layer"
        variable = "AXBELT_MAX_LAYER_MB" if kind == "layer" else "AXBELT_MAX_STORE_MB"
        super().__init__(f"{what} would take {megabytes(size)} MB; the limit is {megabytes(limit)} MB ({variable}).")


@dataclass(frozen=True)
class LayerInfo:
    """A stored layer's record without its features (for listings)."""

    id: str
    name: str
    colour: str
    label_column: str | None
    file_name: str
    owner: str
    created: datetime
    used: datetime
    size: int
    n_features: int


@dataclass(frozen=True)
class StoredLayer:
    """A stored layer: its record and its features in EPSG:4326."""

    info: LayerInfo
    gdf: gpd.GeoDataFrame

    def overlay(self) -> dict:
        """The layer as the pages keep it: ``id``, ``name``, ``gdf``, ``label_column``, ``colour``, ``file_name``."""
        return {
            "id": self.info.id,
            "name": self.info.name,
            "gdf": self.gdf,
            "label_column": self.info.label_column,
            "colour": self.info.colour,
            "file_name": self.info.file_name,
        }


def limit_message(error: StoreLimitError, lang: str = "ko") -> str:
    """The size-limit error in the planner's language, naming the size and the limit in MB."""
    from geo.i18n import t

    key = "store_too_large_layer" if error.kind == "layer" else "store_too_large_store"
    return t(key, lang).format(size=megabytes(error.size), limit=megabytes(error.limit))


def is_layer_id(value: object) -> bool:
    """True for a well-formed store id (32 lowercase hex characters); False for anything else."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def new_id() -> str:
    """A fresh id: 128 random bits as 32 lowercase hex characters."""
    return secrets.token_hex(16)


def new_owner_token() -> str:
    """A fresh owner token for a session (the same shape as an id)."""
    return secrets.token_hex(16)


def state_dir() -> Path:
    """The embedded store's folder: ``AXBELT_STATE_DIR``, else ``$XDG_STATE_HOME/axbelt`` (``~/.local/state``)."""
    if os.environ.get("AXBELT_STATE_DIR"):
        return Path(os.environ["AXBELT_STATE_DIR"]).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base).expanduser() / "axbelt"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Encoded:
    """A layer ready to write: one WKB and one JSON text per feature, the column list, the size."""

    wkb: list[bytes | None]
    props: list[str]
    columns: list[list[str]]
    size: int


def encode_layer(gdf: gpd.GeoDataFrame) -> _Encoded:
    """Features as (WKB, JSON attributes) pairs, with the columns' names and dtypes to restore them.

    A frame without a CRS is taken to be EPSG:4326; another CRS is reprojected. Attributes are
    written by pandas' JSON writer (fast; NaN becomes null; Korean text kept as is).
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
    attributes = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    attributes.columns = [str(c) for c in attributes.columns]
    if attributes.columns.duplicated().any():
        raise ValueError("column names must be unique")
    geoms = shapely.force_2d(np.asarray(gdf.geometry.values, dtype=object))
    wkb = [None if g is None else bytes(g) for g in shapely.to_wkb(geoms)]
    if len(attributes.columns):
        text = _records_json(attributes)
        if "\\u0000" in text:
            # PostgreSQL's jsonb cannot hold U+0000, and it never means anything in a planner's table.
            for column in _text_columns(attributes):
                attributes[column] = attributes[column].map(
                    lambda v: v.replace("\x00", "") if isinstance(v, str) else v
                )
            text = _records_json(attributes)
        props = text.rstrip("\n").split("\n") if len(attributes) else []
    else:
        props = ["{}"] * len(attributes)
    columns = [[c, str(dtype)] for c, dtype in attributes.dtypes.items()]
    size = sum(len(w) for w in wkb if w) + sum(len(p.encode()) for p in props)
    return _Encoded(wkb, props, columns, size)


def _records_json(attributes: pd.DataFrame) -> str:
    """One JSON object per line (pandas' C writer: fast; NaN as null; 15 significant digits)."""
    return attributes.reset_index(drop=True).to_json(
        orient="records", lines=True, force_ascii=False, date_format="iso", double_precision=15
    )


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]


def decode_layer(wkb: list, props: list[str], columns: list[list[str]]) -> gpd.GeoDataFrame:
    """The frame ``encode_layer`` encoded: attributes in their order and (where possible) dtypes."""
    names = [name for name, _ in columns]
    # One json.loads of the joined rows is faster than one per row.
    records = json.loads("[" + ",".join(props) + "]")
    frame = pd.DataFrame(records, columns=names) if records else pd.DataFrame(columns=names)
    for name, dtype in columns:
        if dtype.startswith(RESTORED_KINDS) and str(frame[name].dtype) != dtype:
            try:
                frame[name] = (
                    pd.to_datetime(frame[name]).astype(dtype)
                    if dtype.startswith("datetime64")
                    else frame[name].astype(dtype)
                )
            except (TypeError, ValueError):
                pass  # keep the values as read rather than lose the layer
    geoms = shapely.from_wkb(np.array([None if w is None else bytes(w) for w in wkb], dtype=object))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


def _clean_view(query: dict) -> str:
    """A view's query parameters as JSON: a dict of text → list of text, at most 16 kB."""
    if not isinstance(query, dict):
        raise ValueError("a view is a dict of query parameters")
    clean = {}
    for key, values in query.items():
        values = [values] if isinstance(values, str) else list(values)
        if not isinstance(key, str) or not all(isinstance(v, str) for v in values):
            raise ValueError("a view's query parameters are text")
        clean[key] = values
    text = json.dumps(clean, ensure_ascii=False, sort_keys=True)
    if len(text.encode()) > MAX_VIEW_BYTES:
        raise StoreLimitError("view", len(text.encode()), MAX_VIEW_BYTES)
    return text


class Store:
    """The interface both backends share; see the module docstring."""

    def __init__(self, max_layer: int | None = None, max_total: int | None = None, days: int | None = None):
        self.max_layer = max_layer if max_layer is not None else max_layer_bytes()
        self.max_total = max_total if max_total is not None else max_store_bytes()
        self.days = days if days is not None else layer_days()
        self._last_expiry = 0.0

    # -- the interface --------------------------------------------------------------------

    def save_layer(
        self, gdf: gpd.GeoDataFrame, *, name: str, owner: str, colour: str, label_column: str | None, file_name: str
    ) -> str:
        """Store a layer and return its new id.

        Raises ``StoreLimitError`` when the layer, or the store with it, would pass its size
        limit; ``StoreUnavailable`` when the store cannot be reached; ``ValueError`` for a bad
        owner token, colour or label column.
        """
        self._check_record(owner, colour, label_column, gdf.columns)
        encoded = encode_layer(gdf)
        if encoded.size > self.max_layer:
            raise StoreLimitError("layer", encoded.size, self.max_layer)
        self._maybe_expire()
        now, layer_id = _now(), new_id()
        record = {
            "id": layer_id,
            "owner": owner,
            "name": str(name)[:200],
            "colour": colour,
            "label_column": label_column,
            "file_name": str(file_name)[:255],
            "columns": json.dumps(encoded.columns, ensure_ascii=False),
            "n_features": len(encoded.wkb),
            "size": encoded.size,
            "created": now,
            "used": now,
        }
        self._insert_layer(record, encoded)
        return layer_id

    def update_layer(
        self, layer_id: object, *, name: str | None = None, colour: str | None = None, label_column: object = KEEP
    ) -> bool:
        """Change a layer's name, colour or label column (None: no label); True when the layer was found.

        A label column that is not among the layer's columns is harmless: the map then shows no tooltip.
        """
        if not is_layer_id(layer_id):
            return False
        changes = {}
        if name is not None:
            changes["name"] = str(name)[:200]
        if colour is not None:
            changes["colour"] = hex_colour(colour)
        if label_column is not KEEP:
            changes["label_column"] = None if label_column is None else str(label_column)
        return self._update_layer(layer_id, changes)

    def load_layer(self, layer_id: object) -> StoredLayer | None:
        """The layer with this id (its last-used time set to now), or None when there is none or the id is malformed."""
        if not is_layer_id(layer_id):
            return None
        return self._load_layer(layer_id, _now())

    def delete_layer(self, layer_id: object) -> bool:
        """Remove a layer with its features and its vector tiles; True when one was removed."""
        if not is_layer_id(layer_id):
            return False
        from geo.tiles import remove_tiles

        remove_tiles(layer_id)  # the served files go too, even if another process already removed the row
        return self._delete_layer(layer_id)

    def list_layers(self, owner: object) -> list[LayerInfo]:
        """The owner's layers, newest first (empty for a malformed token)."""
        return self._list_layers(owner) if is_layer_id(owner) else []

    def save_view(self, query: dict, owner: str) -> str:
        """Keep a view's query parameters (``dict[str, list[str]]``; may name a ``layer``) and return its id."""
        if not is_layer_id(owner):
            raise ValueError("owner token must be 32 lowercase hex characters")
        view_id, now = new_id(), _now()
        self._insert_view(view_id, owner, _clean_view(query), now)
        return view_id

    def load_view(self, view_id: object) -> dict[str, list[str]] | None:
        """A saved view's query parameters, or None when there is none or the id is malformed."""
        if not is_layer_id(view_id):
            return None
        text = self._load_view(view_id, _now())
        return None if text is None else json.loads(text)

    def expire(self, days: int | None = None, now: datetime | None = None) -> int:
        """Remove layers and views unused for ``days`` (default ``AXBELT_LAYER_DAYS``); the number of layers removed."""
        from geo.tiles import expire_tiles

        days = self.days if days is None else days
        cutoff = (now or _now()) - timedelta(days=days)
        # Tile folders go by their own last use (a missing one is simply written again).
        expire_tiles(days, now=cutoff.timestamp() + days * 86400)
        return self._expire(cutoff)

    def usage(self) -> int:
        """Bytes held by all layers."""
        return self._usage()

    # -- shared helpers -------------------------------------------------------------------

    @staticmethod
    def _check_record(owner: object, colour: object, label_column: object, columns) -> None:
        if not is_layer_id(owner):
            raise ValueError("owner token must be 32 lowercase hex characters")
        hex_colour(colour)
        if label_column is not None and label_column not in columns:
            raise ValueError(f"label column {label_column!r} is not a column of the layer")

    def _check_total(self, used: int, size: int) -> None:
        if used + size > self.max_total:
            raise StoreLimitError("store", used + size, self.max_total)

    def _maybe_expire(self) -> None:
        if time.monotonic() - self._last_expiry > EXPIRE_EVERY_S or not self._last_expiry:
            self._last_expiry = time.monotonic()
            self.expire()

    @staticmethod
    def _info(row) -> LayerInfo:
        (layer_id, name, colour, label_column, file_name, owner, created, used, size, n) = row
        return LayerInfo(
            layer_id,
            name,
            colour,
            label_column,
            file_name,
            owner,
            _as_datetime(created),
            _as_datetime(used),
            int(size),
            int(n),
        )


INFO_COLUMNS = "id, name, colour, label_column, file_name, owner, created, used, size_bytes, n_features"


def _as_datetime(value) -> datetime:
    """A stored time (epoch seconds in SQLite, timestamptz in PostGIS) as an aware UTC datetime."""
    return value.astimezone(UTC) if isinstance(value, datetime) else datetime.fromtimestamp(float(value), UTC)


# ---------------------------------------------------------------------------------------------
# SQLite

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS layers (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, colour TEXT NOT NULL,
    label_column TEXT, file_name TEXT NOT NULL, columns TEXT NOT NULL, n_features INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL, created REAL NOT NULL, used REAL NOT NULL);
CREATE INDEX IF NOT EXISTS layers_owner ON layers (owner);
CREATE INDEX IF NOT EXISTS layers_used ON layers (used);
CREATE TABLE IF NOT EXISTS features (
    layer_id TEXT NOT NULL REFERENCES layers (id) ON DELETE CASCADE, fid INTEGER NOT NULL,
    geom BLOB, props TEXT NOT NULL, PRIMARY KEY (layer_id, fid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS views (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, query TEXT NOT NULL, created REAL NOT NULL, used REAL NOT NULL);
"""


class SQLiteStore(Store):
    """The embedded store: one SQLite file (WAL mode), one short connection per operation.

    A connection per operation costs well under a millisecond and needs no per-thread
    bookkeeping; each save is one ``BEGIN IMMEDIATE`` transaction, so the size check and the
    insert cannot interleave with another writer's, in this process or another.
    """

    def __init__(self, path: Path | str, **limits):
        super().__init__(**limits)
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SQLITE_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open the layer store at {self.path}: {exc}") from exc

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one operation; a locked, missing or unwritable file raises ``StoreUnavailable``."""
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the layer store at {self.path}: {exc}") from exc
        try:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut loses at most the last commit
            yield db
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"the layer store at {self.path} failed: {exc}") from exc
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before reading so concurrent writers queue rather than fail."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _insert_layer(self, record: dict, encoded: _Encoded) -> None:
        row = {**record, "created": record["created"].timestamp(), "used": record["used"].timestamp()}
        with self._write() as db:
            self._check_total(db.execute("SELECT coalesce(sum(size_bytes), 0) FROM layers").fetchone()[0], encoded.size)
            db.execute(
                "INSERT INTO layers (id, owner, name, colour, label_column, file_name, columns, n_features, "
                "size_bytes, created, used) VALUES (:id, :owner, :name, :colour, :label_column, :file_name, "
                ":columns, :n_features, :size, :created, :used)",
                row,
            )
            db.executemany(
                "INSERT INTO features (layer_id, fid, geom, props) VALUES (?, ?, ?, ?)",
                ((record["id"], i, w, p) for i, (w, p) in enumerate(zip(encoded.wkb, encoded.props))),
            )

    def _update_layer(self, layer_id: str, changes: dict) -> bool:
        with self._write() as db:
            if not changes:
                return db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is not None
            # Column names come from update_layer's fixed set, never from input.
            assignments = ", ".join(f"{column} = :{column}" for column in changes)
            cursor = db.execute(f"UPDATE layers SET {assignments} WHERE id = :id", {**changes, "id": layer_id})
            return cursor.rowcount > 0

    def _load_layer(self, layer_id: str, now: datetime) -> StoredLayer | None:
        with self._connect() as db:
            db.execute("BEGIN")
            row = db.execute(f"SELECT {INFO_COLUMNS}, columns FROM layers WHERE id = ?", (layer_id,)).fetchone()
            if row is None:
                db.execute("COMMIT")
                return None
            features = db.execute(
                "SELECT geom, props FROM features WHERE layer_id = ? ORDER BY fid", (layer_id,)
            ).fetchall()
            db.execute("COMMIT")
        self._touch("layers", layer_id, now)
        wkb, props = (list(column) for column in zip(*features)) if features else ([], [])
        info = replace(self._info(row[:-1]), used=now)
        return StoredLayer(info, decode_layer(wkb, props, json.loads(row[-1])))

    def _touch(self, table: str, item_id: str, now: datetime) -> None:
        """Set the last-used time; a busy store only delays it (reading must not fail for it)."""
        try:
            with self._connect() as db:
                db.execute(f"UPDATE {table} SET used = ? WHERE id = ?", (now.timestamp(), item_id))
        except StoreUnavailable:
            pass

    def _delete_layer(self, layer_id: str) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM layers WHERE id = ?", (layer_id,)).rowcount > 0

    def _list_layers(self, owner: str) -> list[LayerInfo]:
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {INFO_COLUMNS} FROM layers WHERE owner = ? ORDER BY created DESC", (owner,)
            ).fetchall()
        return [self._info(row) for row in rows]

    def _insert_view(self, view_id: str, owner: str, text: str, now: datetime) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO views (id, owner, query, created, used) VALUES (?, ?, ?, ?, ?)",
                (view_id, owner, text, now.timestamp(), now.timestamp()),
            )

    def _load_view(self, view_id: str, now: datetime) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT query FROM views WHERE id = ?", (view_id,)).fetchone()
        if row is not None:
            self._touch("views", view_id, now)
        return None if row is None else row[0]

    def _expire(self, cutoff: datetime) -> int:
        with self._write() as db:
            db.execute("DELETE FROM views WHERE used < ?", (cutoff.timestamp(),))
            return db.execute("DELETE FROM layers WHERE used < ?", (cutoff.timestamp(),)).rowcount

    def _usage(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT coalesce(sum(size_bytes), 0) FROM layers").fetchone()[0])


# ---------------------------------------------------------------------------------------------
# PostGIS

POSTGIS_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS axbelt_layers (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'), owner text NOT NULL, name text NOT NULL,
    colour text NOT NULL, label_column text, file_name text NOT NULL, columns jsonb NOT NULL,
    n_features integer NOT NULL, size_bytes bigint NOT NULL, created timestamptz NOT NULL,
    used timestamptz NOT NULL);
CREATE INDEX IF NOT EXISTS axbelt_layers_owner ON axbelt_layers (owner);
CREATE INDEX IF NOT EXISTS axbelt_layers_used ON axbelt_layers (used);
CREATE TABLE IF NOT EXISTS axbelt_features (
    layer_id text NOT NULL REFERENCES axbelt_layers (id) ON DELETE CASCADE, fid integer NOT NULL,
    geom geometry(Geometry, 4326), props jsonb NOT NULL, PRIMARY KEY (layer_id, fid));
CREATE INDEX IF NOT EXISTS axbelt_features_geom ON axbelt_features USING GIST (geom);
CREATE TABLE IF NOT EXISTS axbelt_views (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'), owner text NOT NULL, query jsonb NOT NULL,
    created timestamptz NOT NULL, used timestamptz NOT NULL);
"""
# Advisory lock keys: one for the schema (two processes starting at once), one for the total-size check.
SCHEMA_LOCK, SIZE_LOCK = 0x4178_0001, 0x4178_0002
MAX_IDLE = 4


class PostGISStore(Store):
    """Layers in PostgreSQL + PostGIS through psycopg 3, with a small per-store connection pool.

    Every operation takes an idle connection (or opens one with a 3 s connect timeout), runs in
    one transaction and returns it. A connection the server dropped is replaced once; a server
    that cannot be reached raises ``StoreUnavailable``.
    """

    def __init__(self, url: str, **limits):
        super().__init__(**limits)
        self.url = url
        self._idle: list = []
        self._lock = threading.Lock()
        self._schema_ready = False
        self._run(lambda db: None)  # connect and create the tables now, so a wrong URL is reported at start

    def __repr__(self) -> str:
        return "PostGISStore(<AXBELT_DATABASE_URL>)"  # the URL may hold a password

    def _open(self):
        import psycopg

        try:
            return psycopg.connect(
                self.url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True, application_name="axbelt"
            )
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"the PostGIS layer store cannot be reached: {_first_line(exc)}") from exc

    def _run(self, work):
        """``work(connection)`` in one transaction, committed on success; its result.

        A pooled connection the server has dropped (restart, idle timeout) is replaced and the
        work run once more; the transaction it was in never committed, so nothing is done twice.
        """
        import psycopg

        for attempt in (0, 1):
            with self._lock:
                db = self._idle.pop() if self._idle else None
            reused = db is not None and not db.closed
            if not reused:
                db = self._open()
            try:
                with db.transaction():
                    if not self._schema_ready:
                        self._ensure_schema(db)
                    result = work(db)
            except psycopg.OperationalError as exc:
                broken = db.broken or db.closed
                db.close()
                if reused and broken and attempt == 0:
                    continue
                raise StoreUnavailable(f"the PostGIS layer store failed: {_first_line(exc)}") from exc
            except BaseException:
                self._release(db)
                raise
            self._release(db)
            return result
        raise AssertionError("unreachable")

    def _release(self, db) -> None:
        if db.closed or db.broken:
            return
        with self._lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append(db)
                return
        db.close()

    def _ensure_schema(self, db) -> None:
        """Create the extension, tables and indexes if missing (two processes starting at once take turns)."""
        import psycopg

        db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        try:
            for statement in filter(str.strip, POSTGIS_SCHEMA.split(";")):
                db.execute(statement)
        except (psycopg.ProgrammingError, psycopg.NotSupportedError) as exc:
            # No PostGIS on the server, or a user who may not create it or the tables: a setup problem.
            raise StoreUnavailable(f"the PostGIS layer store cannot create its tables: {_first_line(exc)}") from exc
        self._schema_ready = True

    def close(self) -> None:
        """Close the idle connections (tests and the benchmark call it; the app keeps its store)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()

    def _insert_layer(self, record: dict, encoded: _Encoded) -> None:
        def work(db):
            db.execute("SELECT pg_advisory_xact_lock(%s)", (SIZE_LOCK,))  # one size check at a time
            self._check_total(
                db.execute("SELECT coalesce(sum(size_bytes), 0) FROM axbelt_layers").fetchone()[0], encoded.size
            )
            db.execute(
                "INSERT INTO axbelt_layers (id, owner, name, colour, label_column, file_name, columns, "
                "n_features, size_bytes, created, used) VALUES (%(id)s, %(owner)s, %(name)s, %(colour)s, "
                "%(label_column)s, %(file_name)s, %(columns)s::jsonb, %(n_features)s, %(size)s, %(created)s, "
                "%(used)s)",
                record,
            )
            with db.cursor() as cur, cur.copy("COPY axbelt_features (layer_id, fid, geom, props) FROM STDIN") as copy:
                copy.write(_copy_block(record["id"], encoded))

        self._run(work)

    def _update_layer(self, layer_id: str, changes: dict) -> bool:
        from psycopg import sql

        if not changes:
            return self._run(
                lambda db: db.execute("SELECT 1 FROM axbelt_layers WHERE id = %s", (layer_id,)).fetchone() is not None
            )
        # Column names come from update_layer's fixed set, never from input; values are parameters.
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(column)) for column in changes
        )
        query = sql.SQL("UPDATE axbelt_layers SET {} WHERE id = %(id)s").format(assignments)
        return self._run(lambda db: db.execute(query, {**changes, "id": layer_id}).rowcount > 0)

    def _load_layer(self, layer_id: str, now: datetime) -> StoredLayer | None:
        def work(db):
            row = db.execute(
                f"UPDATE axbelt_layers SET used = %s WHERE id = %s RETURNING {INFO_COLUMNS}, columns", (now, layer_id)
            ).fetchone()
            if row is None:
                return None, []
            return row, db.execute(
                "SELECT ST_AsBinary(geom), props::text FROM axbelt_features WHERE layer_id = %s ORDER BY fid",
                (layer_id,),
            ).fetchall()

        row, features = self._run(work)
        if row is None:
            return None
        wkb, props = (list(column) for column in zip(*features)) if features else ([], [])
        return StoredLayer(self._info(row[:-1]), decode_layer(wkb, props, row[-1]))

    def _delete_layer(self, layer_id: str) -> bool:
        return self._run(lambda db: db.execute("DELETE FROM axbelt_layers WHERE id = %s", (layer_id,)).rowcount > 0)

    def _list_layers(self, owner: str) -> list[LayerInfo]:
        rows = self._run(
            lambda db: db.execute(
                f"SELECT {INFO_COLUMNS} FROM axbelt_layers WHERE owner = %s ORDER BY created DESC", (owner,)
            ).fetchall()
        )
        return [self._info(row) for row in rows]

    def _insert_view(self, view_id: str, owner: str, text: str, now: datetime) -> None:
        self._run(
            lambda db: db.execute(
                "INSERT INTO axbelt_views (id, owner, query, created, used) VALUES (%s, %s, %s::jsonb, %s, %s)",
                (view_id, owner, text, now, now),
            )
        )

    def _load_view(self, view_id: str, now: datetime) -> str | None:
        row = self._run(
            lambda db: db.execute(
                "UPDATE axbelt_views SET used = %s WHERE id = %s RETURNING query::text", (now, view_id)
            ).fetchone()
        )
        return None if row is None else row[0]

    def _expire(self, cutoff: datetime) -> int:
        def work(db):
            db.execute("DELETE FROM axbelt_views WHERE used < %s", (cutoff,))
            return db.execute("DELETE FROM axbelt_layers WHERE used < %s", (cutoff,)).rowcount

        return self._run(work)

    def _usage(self) -> int:
        return int(
            self._run(lambda db: db.execute("SELECT coalesce(sum(size_bytes), 0) FROM axbelt_layers").fetchone()[0])
        )


# COPY's text format gives these characters a meaning; pandas' JSON has none raw, but escape them all the same.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_block(layer_id: str, encoded: _Encoded) -> bytes:
    """The features as one block of COPY text: id, number, hex WKB (read as geometry), JSON; ``\\N`` for no geometry.

    One block is several times faster than a ``write_row`` call per feature.
    """
    null = "\\N"
    return "".join(
        f"{layer_id}\t{fid}\t{null if wkb is None else wkb.hex()}\t{props.translate(COPY_ESCAPES)}\n"
        for fid, (wkb, props) in enumerate(zip(encoded.wkb, encoded.props))
    ).encode()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# ---------------------------------------------------------------------------------------------
# The store of this process

_stores: dict[tuple, Store] = {}
_failures: dict[tuple, tuple[float, StoreUnavailable]] = {}
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
            _failures[key] = (time.monotonic(), exc)
            raise
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
            info = next((i for i in store.list_layers(entry[1].info.owner) if i.id == layer_id), None)
            layer = None if info is None else StoredLayer(info, entry[1].gdf)
        else:
            layer = store.load_layer(layer_id)
        if layer is not None:
            with self._lock:
                self._entries[layer_id] = (time.monotonic(), layer)
                while len(self._entries) > self.max_entries:
                    self._entries.pop(next(iter(self._entries)))
        return layer

    def put(self, layer: StoredLayer) -> None:
        """Keep a layer just saved, so its first map draw needs no read."""
        with self._lock:
            self._entries.pop(layer.info.id, None)
            self._entries[layer.info.id] = (time.monotonic(), layer)
            while len(self._entries) > self.max_entries:
                self._entries.pop(next(iter(self._entries)))

    def forget(self, layer_id: str) -> None:
        with self._lock:
            self._entries.pop(layer_id, None)
