"""The store in PostgreSQL + PostGIS (``AXBELT_DATABASE_URL``): features in a table with a GIST index."""

from __future__ import annotations

import threading
from datetime import datetime

from geo.store.base import INFO_COLUMNS, LayerInfo, Store, StoredLayer, StoreUnavailable
from geo.store.encoding import _Encoded, decode_rows

CONNECT_TIMEOUT_S = 3
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
        return StoredLayer(self._info(row[:-1]), decode_rows(features, row[-1]))

    def _layer_info(self, layer_id: str) -> LayerInfo | None:
        row = self._run(
            lambda db: db.execute(f"SELECT {INFO_COLUMNS} FROM axbelt_layers WHERE id = %s", (layer_id,)).fetchone()
        )
        return None if row is None else self._info(row)

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
