"""The layer store when its database hangs: every call bounded, each outage and recovery logged once.

Against a real PostGIS (``tests/pg_cluster.py``) paused with SIGSTOP, as a partition or a full
disk looks: the server's sockets stay open and nothing answers.
"""

from __future__ import annotations

import logging
import time

import geopandas as gpd
import pytest
import shapely

from geo.planner.store import PostGISStore, SQLiteStore, StoreUnavailable, new_owner_token
from geo.planner.store import health as health_module
from geo.planner.store import postgis as postgis_module

# The notice must come within this many seconds of a call to a paused database.
NOTICE_WITHIN_S = 5.0


def layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"이름": ["광주 AI 센터"]}, geometry=[shapely.Point(126.85, 35.22)], crs="EPSG:4326")


def save(store) -> str:
    return store.save_layer(
        layer(), name="시설", owner=new_owner_token(), colour="#0072B2", label_column="이름", file_name="시설.csv"
    )


def timed(call) -> tuple[float, Exception | None]:
    """Seconds a call took and what it raised."""
    start = time.monotonic()
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the test looks at it
        return time.monotonic() - start, exc
    return time.monotonic() - start, None


def store_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "axbelt.store"]


def test_a_paused_database_fails_within_seconds_is_logged_once_and_recovers(cluster, caplog, monkeypatch):
    """Paused: the first call fails in under 5 s, the next at once, an edit is refused; back: it answers and says so."""
    monkeypatch.setattr(health_module, "PROBE_EVERY_S", 1.0)
    caplog.set_level(logging.WARNING, logger="axbelt.store")
    store = PostGISStore(cluster.url)
    layer_id = save(store)
    assert store.layer_info(layer_id).name == "시설"  # a pooled connection, as a running server has
    with cluster.paused():
        took, error = timed(lambda: store.load_layer(layer_id))
        assert isinstance(error, StoreUnavailable) and took < NOTICE_WITHIN_S, took
        again, error = timed(lambda: store.layer_info(layer_id))
        assert isinstance(error, StoreUnavailable) and again < 0.2, again
        time.sleep(1.1)  # due for another try: it is bounded too, and an edit is refused, not dropped
        took_edit, error = timed(lambda: store.update_layer(layer_id, name="바뀐 이름"))
        assert isinstance(error, StoreUnavailable) and took_edit < NOTICE_WITHIN_S, took_edit
        took_save, error = timed(lambda: save(store))
        assert isinstance(error, StoreUnavailable) and took_save < NOTICE_WITHIN_S
        assert len(store_lines(caplog)) == 1 and "unavailable" in store_lines(caplog)[0]
    time.sleep(1.1)
    assert store.layer_info(layer_id).name == "시설"  # the refused edit did not happen behind anyone's back
    assert store.update_layer(layer_id, name="바뀐 이름") and store.layer_info(layer_id).name == "바뀐 이름"
    lines = store_lines(caplog)
    assert len(lines) == 2 and lines[1].startswith("layer store answers again"), lines
    print(f"paused PostGIS: first call failed after {took:.2f} s, the next after {again:.3f} s")
    store.close()


def test_a_paused_database_on_a_new_connection_is_bounded_by_the_connect_timeout(cluster):
    """A store opened while the database hangs gives up within the connect timeout, not never."""
    with cluster.paused():
        took, error = timed(lambda: PostGISStore(cluster.url))
    assert isinstance(error, StoreUnavailable) and took < NOTICE_WITHIN_S, took


def test_a_layer_write_and_read_get_time_for_their_features(cluster, monkeypatch):
    """The deadline grows with a layer's features, so a large save or load is not cut off like a hung call."""
    given = []
    real = postgis_module.Deadline

    class Recorded(real):
        def __init__(self, db, seconds):
            super().__init__(db, seconds)
            given.append(self)

    monkeypatch.setattr(postgis_module, "Deadline", Recorded)
    store = PostGISStore(cluster.url)
    big = gpd.GeoDataFrame(geometry=[shapely.Point(126.8, 35.2)] * 50_000, crs="EPSG:4326")
    layer_id = store.save_layer(
        big, name="큰", owner=new_owner_token(), colour="#0072B2", label_column=None, file_name="a"
    )
    base = postgis_module.OPERATION_TIMEOUT_S
    assert given[-1].seconds == pytest.approx(base + 50_000 * postgis_module.SECONDS_PER_FEATURE)
    assert len(store.load_layer(layer_id).gdf) == 50_000
    assert given[-1].seconds == pytest.approx(base + 50_000 * postgis_module.SECONDS_PER_FEATURE)
    assert store.layer_info(layer_id) is not None and given[-1].seconds == base
    store.close()


def test_creating_the_schema_in_a_new_database_gets_its_own_time(cluster, monkeypatch):
    """A first start against an empty database is not cut off like a hung call (CREATE EXTENSION takes a while)."""
    given = []
    real = postgis_module.Deadline

    class Short(real):  # every call has 50 ms of its own, far less than the extension takes
        def __init__(self, db, seconds):
            super().__init__(db, 0.05)
            given.append(self)

    monkeypatch.setattr(postgis_module, "Deadline", Short)
    cluster.run("createdb", "-h", str(cluster.root), "-p", str(cluster.port), "-U", "postgres", "first_start")
    store = PostGISStore(cluster.url.rsplit("/", 1)[0] + "/first_start")
    assert given[0].seconds == pytest.approx(0.05 + postgis_module.SCHEMA_TIMEOUT_S)
    store.close()


def test_sqlite_waits_a_bounded_time_for_a_locked_file(tmp_path, monkeypatch):
    """Another process holding the write lock makes a save fail within the busy timeout, and is logged."""
    import sqlite3

    from geo.planner.store import sqlite as sqlite_module

    monkeypatch.setattr(sqlite_module, "BUSY_TIMEOUT_S", 0.5)
    store = SQLiteStore(tmp_path / "store.sqlite")
    holder = sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        took, error = timed(lambda: save(store))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert isinstance(error, StoreUnavailable) and took < 2, took
    assert store.health.down
