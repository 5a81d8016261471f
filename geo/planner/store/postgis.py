"""The store in PostgreSQL + PostGIS (``AXBELT_DATABASE_URL``): features in a table with a GIST index."""

from __future__ import annotations

import os
import socket
import threading
from datetime import datetime

from geo.planner.store.base import INFO_COLUMNS, LayerInfo, Store, StoredLayer, StoreUnavailable
from geo.planner.store.encoding import _Encoded, decode_rows

CONNECT_TIMEOUT_S = 2  # libpq takes less than 2 s as 2
# The longest a store call waits for the server (a record, an edit, a listing). A server that is
# paused, partitioned away or stuck on a full disk accepts a query and never answers: no
# server-side timeout can end that wait, so the client ends it by shutting the socket.
OPERATION_TIMEOUT_S = 2.0
# A layer's features take longer to write or read: this much more time per feature (a million: +20 s).
SECONDS_PER_FEATURE = 2e-5
# Creating the schema once per process takes longer too: in a new database, CREATE EXTENSION postgis
# alone can take seconds on a busy machine, and a second process waits for the first one's lock.
SCHEMA_TIMEOUT_S = 30.0
# On the server, too: a statement (or a lock wait) past this is cancelled by PostgreSQL itself.
STATEMENT_TIMEOUT_MS = 30_000
# TCP keepalives and a timeout on unacknowledged data find a peer that vanished (cable cut, VM gone).
TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
TCP_USER_TIMEOUT_MS = 10_000
POSTGIS_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS axbelt_layers (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'), owner text NOT NULL, name text NOT NULL,
    colour text NOT NULL, label_column text, file_name text NOT NULL, columns jsonb NOT NULL,
    n_features integer NOT NULL, size_bytes bigint NOT NULL, created timestamptz NOT NULL,
    used timestamptz NOT NULL);
ALTER TABLE axbelt_layers ADD COLUMN IF NOT EXISTS edit_hash text;
ALTER TABLE axbelt_layers ADD COLUMN IF NOT EXISTS tile_bytes bigint NOT NULL DEFAULT 0;
ALTER TABLE axbelt_layers ADD COLUMN IF NOT EXISTS colour_column text;
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
USAGE = "SELECT coalesce(sum(size_bytes + tile_bytes), 0) FROM axbelt_layers"
# Advisory lock keys: one for the schema (two processes starting at once), one for the total-size check.
SCHEMA_LOCK, SIZE_LOCK = 0x4178_0001, 0x4178_0002
MAX_IDLE = 4


class Deadline:
    """Shuts a connection's socket when its work outlives its time, so a server that never answers cannot hold a thread.

    ``shutdown`` on the socket wakes the wait inside psycopg at once: the read sees the end of the
    stream and the call fails with ``OperationalError``. A timer thread per call, cancelled when
    the work ends (``finish``), which says whether the time ran out.
    """

    def __init__(self, db, seconds: float):
        self.db, self.seconds = db, seconds
        self._lock = threading.Lock()
        self._done = self._expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def extend(self, seconds: float) -> None:
        """Give the work this much more time (a layer's features), counted from now with its first time again."""
        with self._lock:
            if self._done or self._expired:
                return
            self._timer.cancel()
            self.seconds += seconds
            self._timer = threading.Timer(seconds + self._timer.interval, self._expire)
            self._timer.daemon = True
            self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self._expired = True
            try:
                with socket.socket(fileno=os.dup(self.db.pgconn.socket)) as sock:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    def finish(self) -> bool:
        """End the watch; True when the time had run out (the connection is then unusable)."""
        with self._lock:
            self._done = True
            self._timer.cancel()
            return self._expired


class PostGISStore(Store):
    """Layers in PostgreSQL + PostGIS through psycopg 3, with a small per-store connection pool.

    Every operation takes an idle connection (or opens one with a 2 s connect timeout), runs in
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
                self.url,
                connect_timeout=CONNECT_TIMEOUT_S,
                autocommit=True,
                application_name="axbelt",
                tcp_user_timeout=TCP_USER_TIMEOUT_MS,
                options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c idle_in_transaction_session_timeout=60000",
                **TCP_OPTIONS,
            )
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"the PostGIS layer store cannot be reached: {_first_line(exc)}") from exc

    def _run(self, work, seconds: float = OPERATION_TIMEOUT_S):
        """``work(connection)`` in one transaction, committed on success; its result.

        A pooled connection the server has dropped (restart, idle timeout) is replaced and the
        work run once more; the transaction it was in never committed, so nothing is done twice.
        The work has ``seconds`` (``work`` may add more with ``db.deadline.extend``): past them
        the connection is shut and ``StoreUnavailable`` raised, without a second try.
        """
        import psycopg

        for attempt in (0, 1):
            with self._lock:
                db = self._idle.pop() if self._idle else None
            reused = db is not None and not db.closed
            if not reused:
                db = self._open()
            deadline = db.deadline = Deadline(db, seconds)
            try:
                with db.transaction():
                    if not self._schema_ready:
                        self._ensure_schema(db)
                    result = work(db)
            except psycopg.Error as exc:
                expired = deadline.finish()
                broken = db.broken or db.closed
                if expired or broken or isinstance(exc, psycopg.OperationalError):
                    db.close()
                    if reused and broken and not expired and attempt == 0:
                        continue
                    if expired:
                        raise StoreUnavailable(
                            f"the PostGIS layer store did not answer within {deadline.seconds:.0f} s"
                        ) from exc
                    raise StoreUnavailable(f"the PostGIS layer store failed: {_first_line(exc)}") from exc
                self._release(db)
                raise
            except BaseException:
                deadline.finish()
                self._release(db)
                raise
            if deadline.finish():  # the work ended just as its time ran out: the socket is shut
                db.close()
            else:
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

        db.deadline.extend(SCHEMA_TIMEOUT_S)
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
            self._check_total(db.execute(USAGE).fetchone()[0], encoded.size)
            db.execute(
                "INSERT INTO axbelt_layers (id, owner, name, colour, label_column, file_name, columns, "
                "n_features, size_bytes, created, used, edit_hash, colour_column) VALUES (%(id)s, %(owner)s, "
                "%(name)s, %(colour)s, %(label_column)s, %(file_name)s, %(columns)s::jsonb, %(n_features)s, "
                "%(size)s, %(created)s, %(used)s, %(edit_hash)s, %(colour_column)s)",
                record,
            )
            with db.cursor() as cur, cur.copy("COPY axbelt_features (layer_id, fid, geom, props) FROM STDIN") as copy:
                copy.write(_copy_block(record["id"], encoded))

        self._run(work, OPERATION_TIMEOUT_S + SECONDS_PER_FEATURE * len(encoded.wkb))

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
            db.deadline.extend(SECONDS_PER_FEATURE * row[-2])  # n_features
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

    def _add_tiles(self, layer_id: str, size: int) -> bool:
        def work(db):
            db.execute("SELECT pg_advisory_xact_lock(%s)", (SIZE_LOCK,))
            if db.execute("SELECT 1 FROM axbelt_layers WHERE id = %s", (layer_id,)).fetchone() is None:
                return False
            self._check_total(db.execute(USAGE).fetchone()[0], size)
            db.execute("UPDATE axbelt_layers SET tile_bytes = tile_bytes + %s WHERE id = %s", (size, layer_id))
            return True

        return self._run(work)

    def _edit_hash(self, layer_id: str) -> str | None:
        row = self._run(
            lambda db: db.execute("SELECT edit_hash FROM axbelt_layers WHERE id = %s", (layer_id,)).fetchone()
        )
        return None if row is None else row[0]

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
        return int(self._run(lambda db: db.execute(USAGE).fetchone()[0]))


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
