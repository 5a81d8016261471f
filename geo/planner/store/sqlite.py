"""The embedded store: one SQLite file in the state folder, nothing to install or start."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from geo.planner.store.base import INFO_COLUMNS, LayerInfo, Store, StoredLayer, StoreUnavailable
from geo.planner.store.encoding import _Encoded, decode_rows

USAGE = "SELECT coalesce(sum(size_bytes + tile_bytes), 0) FROM layers"
# How long a call waits for another writer's lock (another process saving a large layer) before it gives up.
BUSY_TIMEOUT_S = 4.0

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS layers (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, colour TEXT NOT NULL,
    label_column TEXT, file_name TEXT NOT NULL, columns TEXT NOT NULL, n_features INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL, created REAL NOT NULL, used REAL NOT NULL, edit_hash TEXT,
    tile_bytes INTEGER NOT NULL DEFAULT 0, colour_column TEXT);
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
                known = {row[1] for row in db.execute("PRAGMA table_info(layers)")}
                added = (("edit_hash", "TEXT"), ("tile_bytes", "INTEGER NOT NULL DEFAULT 0"), ("colour_column", "TEXT"))
                for column, kind in added:
                    if column not in known:  # a store from before edit keys, counted tiles and kept colourings
                        db.execute(f"ALTER TABLE layers ADD COLUMN {column} {kind}")
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open the layer store at {self.path}: {exc}") from exc

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one operation; a locked, missing or unwritable file raises ``StoreUnavailable``."""
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
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
            self._check_total(db.execute(USAGE).fetchone()[0], encoded.size)
            db.execute(
                "INSERT INTO layers (id, owner, name, colour, label_column, file_name, columns, n_features, "
                "size_bytes, created, used, edit_hash, colour_column) VALUES (:id, :owner, :name, :colour, "
                ":label_column, :file_name, :columns, :n_features, :size, :created, :used, :edit_hash, :colour_column)",
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
        info = replace(self._info(row[:-1]), used=now)
        return StoredLayer(info, decode_rows(features, json.loads(row[-1])))

    def _layer_info(self, layer_id: str) -> LayerInfo | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {INFO_COLUMNS} FROM layers WHERE id = ?", (layer_id,)).fetchone()
        return None if row is None else self._info(row)

    def _add_tiles(self, layer_id: str, size: int) -> bool:
        with self._write() as db:
            if db.execute("SELECT 1 FROM layers WHERE id = ?", (layer_id,)).fetchone() is None:
                return False
            self._check_total(db.execute(USAGE).fetchone()[0], size)
            db.execute("UPDATE layers SET tile_bytes = tile_bytes + ? WHERE id = ?", (size, layer_id))
            return True

    def _edit_hash(self, layer_id: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT edit_hash FROM layers WHERE id = ?", (layer_id,)).fetchone()
        return None if row is None else row[0]

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
            return int(db.execute(USAGE).fetchone()[0])
