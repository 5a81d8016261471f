"""The layer store: the same tests against the embedded SQLite store and a real PostGIS.

The PostGIS run starts a throwaway PostgreSQL + PostGIS cluster from Debian's packages on the
loopback interface (``tests/pg_cluster.py``). Without them the PostGIS tests fail when
``AXBELT_REQUIRE_DB=1`` (CI) and otherwise skip with the reason.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from geo.planner import store as store_module
from geo.planner.store import (
    LayerCache,
    PostGISStore,
    SQLiteStore,
    StoreLimitError,
    StoreUnavailable,
    is_layer_id,
    limit_message,
    new_owner_token,
    open_store,
)
from geo.planner.store import process as store_process
from tests.conftest import missing
from tests.pg_cluster import ClusterUnavailable, start_cluster

BAD_IDS = [
    "../../etc/passwd",
    "../../etc",
    "' OR 1=1 --",
    "'; DROP TABLE axbelt_layers; --",
    "",
    None,
    42,
    "A" * 32,
    "0" * 31,
    "0" * 33,
    "0" * 32 + "\n",
    "g" * 32,
    "0" * 16 + "/" + "0" * 15,
    ["0" * 32],
]


class Backend:
    """Makes store objects over one location: a second object stands for another process or a restart."""

    def __init__(self, kind: str, location: str):
        self.kind, self.location, self.made = kind, location, []

    def new(self, **limits):
        made = SQLiteStore(self.location, **limits) if self.kind == "sqlite" else PostGISStore(self.location, **limits)
        self.made.append(made)
        return made

    def close(self) -> None:
        for made in self.made:
            if isinstance(made, PostGISStore):
                made.close()


@pytest.fixture(params=["sqlite", "postgis"])
def backend(request, tmp_path):
    """An empty store location on each backend."""
    if request.param == "sqlite":
        made = Backend("sqlite", str(tmp_path / "state" / "store.sqlite"))
    else:
        import psycopg

        url = request.getfixturevalue("cluster").url
        made = Backend("postgis", url)
        made.new()  # creates the tables
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("TRUNCATE axbelt_features, axbelt_layers, axbelt_views")
    yield made
    made.close()


@pytest.fixture
def store(backend):
    return backend.new()


def sample_layer() -> gpd.GeoDataFrame:
    """Three features of every geometry kind, with Korean column names and text, numbers and gaps."""
    return gpd.GeoDataFrame(
        {
            "시설명": ["광주 AI 데이터센터", '나주 에너지밸리 "본부"', "새만금 <실증> 단지"],
            "분류": ["ai_infra", "energy", None],
            "면적_㎡": [1200.5, np.nan, 30.25],
            "직원수": [15, 230, 7],
            "개소": [True, False, True],
        },
        geometry=[
            shapely.Point(126.8526, 35.2284),
            shapely.LineString([(126.7, 35.0), (126.9, 35.1)]),
            shapely.Polygon([(126.5, 35.8), (126.6, 35.8), (126.6, 35.9), (126.5, 35.8)]),
        ],
        crs="EPSG:4326",
    )


def save(store, gdf=None, owner=None, **record):
    fields = {
        "name": "시험 레이어",
        "colour": "#0072B2",
        "label_column": "시설명",
        "file_name": "시설.csv",
        "owner": owner or new_owner_token(),
    } | record
    return store.save_layer(sample_layer() if gdf is None else gdf, **fields)


def test_round_trip_keeps_features_korean_text_and_record(store):
    owner = new_owner_token()
    layer_id = save(store, owner=owner, name="호남 거점 <b>", colour="#D55E00", file_name="거점 목록.xlsx")
    loaded = store.load_layer(layer_id)
    assert_geodataframe_equal(loaded.gdf, sample_layer(), check_less_precise=False)
    assert list(loaded.gdf.columns) == list(sample_layer().columns)
    info = loaded.info
    assert (info.id, info.name, info.colour, info.label_column) == (layer_id, "호남 거점 <b>", "#D55E00", "시설명")
    assert (info.file_name, info.owner, info.n_features) == ("거점 목록.xlsx", owner, 3)
    assert info.size > 0 and info.created <= info.used
    assert loaded.layer().gdf is loaded.gdf and loaded.layer().name == "호남 거점 <b>"


def test_another_crs_is_stored_in_wgs84(store):
    projected = sample_layer().to_crs("EPSG:5186")
    loaded = store.load_layer(save(store, projected))
    assert loaded.gdf.crs.to_epsg() == 4326
    assert loaded.gdf.geometry.iloc[0].equals_exact(shapely.Point(126.8526, 35.2284), tolerance=1e-7)


def test_a_layer_without_attributes_or_label(store):
    bare = gpd.GeoDataFrame(geometry=[shapely.Point(127.1, 35.8), shapely.Point(126.4, 34.8)], crs="EPSG:4326")
    loaded = store.load_layer(save(store, bare, label_column=None))
    assert loaded.info.label_column is None
    assert_geodataframe_equal(loaded.gdf, bare)


def test_awkward_text_and_missing_geometry_survive(store):
    """Tabs, newlines, backslashes and quotes are data, not COPY or SQL syntax; U+0000 is dropped."""
    awkward = gpd.GeoDataFrame(
        {"메모": ["탭\t줄\n바꿈\r", "역\\슬래시 \\N", "'; DROP TABLE layers; --", "널\x00문자"]},
        geometry=[shapely.Point(127, 35), None, shapely.Point(126.5, 34.9), shapely.Point(126.9, 35.2)],
        crs="EPSG:4326",
    )
    loaded = store.load_layer(save(store, awkward, label_column="메모")).gdf
    assert loaded["메모"].tolist() == ["탭\t줄\n바꿈\r", "역\\슬래시 \\N", "'; DROP TABLE layers; --", "널문자"]
    assert loaded.geometry.isna().tolist() == [False, True, False, False]


def test_ids_are_unguessable_and_distinct(store):
    ids = {save(store) for _ in range(5)}
    assert len(ids) == 5 and all(is_layer_id(i) and len(i) == 32 for i in ids)


def test_update_changes_the_record(store):
    layer_id = save(store)
    assert store.update_layer(layer_id, name="새 이름", colour="#009E73", label_column="분류")
    info = store.load_layer(layer_id).info
    assert (info.name, info.colour, info.label_column) == ("새 이름", "#009E73", "분류")
    assert store.update_layer(layer_id, label_column=None)
    assert store.load_layer(layer_id).info.label_column is None
    assert store.load_layer(layer_id).info.name == "새 이름"  # what was not given is kept
    assert not store.update_layer("0" * 32, name="없는 레이어")
    with pytest.raises(ValueError, match="colour"):
        store.update_layer(layer_id, colour="red; DROP TABLE")


def test_delete_removes_the_layer_and_its_features(store):
    owner = new_owner_token()
    layer_id, kept = save(store, owner=owner), save(store, owner=owner)
    usage = store.usage()
    assert store.delete_layer(layer_id)
    assert store.load_layer(layer_id) is None
    assert not store.delete_layer(layer_id)
    assert [info.id for info in store.list_layers(owner)] == [kept]
    assert store.load_layer(kept) is not None and store.usage() == usage // 2


def test_list_by_owner_newest_first(store):
    first, second = new_owner_token(), new_owner_token()
    a, b = save(store, owner=first, name="A"), save(store, owner=first, name="B")
    c = save(store, owner=second, name="C")
    assert [info.id for info in store.list_layers(first)] == [b, a]
    assert [info.name for info in store.list_layers(second)] == ["C"]
    assert store.list_layers(new_owner_token()) == []
    assert c not in [info.id for info in store.list_layers(first)]


def test_layer_info_is_the_record_without_features_or_use(store):
    """layer_info gives the current record (after an update), leaves the last use alone, and None for none."""
    layer_id = save(store, name="A")
    used = store.layer_info(layer_id).used
    store.update_layer(layer_id, name="B", label_column=None)
    info = store.layer_info(layer_id)
    assert (info.name, info.label_column, info.n_features, info.used) == ("B", None, 3, used)
    assert store.layer_info("0" * 32) is None and store.layer_info("../x") is None


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_malformed_ids_are_not_found(store, bad):
    owner = new_owner_token()
    kept = save(store, owner=owner)
    assert not is_layer_id(bad)
    assert store.load_layer(bad) is None
    assert store.delete_layer(bad) is False
    assert store.update_layer(bad, name="x") is False
    assert store.load_view(bad) is None
    assert store.list_layers(bad) == []
    assert store.load_layer(kept) is not None  # nothing was touched


def test_a_well_formed_unknown_id_is_not_found(store):
    assert store.load_layer("0" * 32) is None and store.load_view("f" * 32) is None
    assert store.delete_layer("0" * 32) is False


def test_per_layer_size_limit(backend):
    limited = backend.new(max_layer=200)
    with pytest.raises(StoreLimitError) as raised:
        save(limited)
    error = raised.value
    assert error.kind == "layer" and error.size > 200 and error.limit == 200
    assert "limit" in str(error) and "AXBELT_MAX_LAYER_MB" in str(error)
    assert store_module.megabytes(200) in limit_message(error, "ko") and "한도" in limit_message(error, "ko")
    assert "limit" in limit_message(error, "en")
    assert limited.usage() == 0


def test_total_size_limit(backend):
    size = backend.new().load_layer(save(backend.new())).info.size
    limited = backend.new(max_total=int(size * 2.5))
    owner = new_owner_token()
    save(limited, owner=owner)
    with pytest.raises(StoreLimitError) as raised:
        save(limited, owner=owner)
    assert raised.value.kind == "store" and raised.value.size == 3 * size and raised.value.limit == int(size * 2.5)
    assert "AXBELT_MAX_STORE_MB" in str(raised.value)
    assert len(limited.list_layers(owner)) == 1 and limited.usage() == 2 * size


def test_expiry_removes_layers_and_views_unused_for_the_set_days(store):
    owner = new_owner_token()
    old, fresh = save(store, owner=owner), save(store, owner=owner)
    view = store.save_view({"layer": [old]}, owner)
    saved = {info.id: info.used for info in store.list_layers(owner)}  # listing does not count as use
    assert store.expire(days=90, now=saved[old] + timedelta(days=89)) == 0
    used = store.load_layer(fresh).info.used  # opening a layer's link keeps it
    assert used > saved[fresh]
    assert store.expire(days=90, now=used + timedelta(days=90)) == 1
    assert store.load_layer(old) is None and store.load_view(view) is None
    assert store.load_layer(fresh) is not None


def test_expiry_keeps_recently_used_layers(store):
    kept = save(store)
    last = store.load_layer(kept).info.used
    assert store.expire(days=90, now=last + timedelta(days=90) - timedelta(seconds=1)) == 0
    assert store.load_layer(kept) is not None


def test_two_sessions_saving_at_once_lose_nothing(backend):
    """Four threads, each with its own store object (like sessions in two processes), save at once."""
    owners = [new_owner_token() for _ in range(4)]
    stores = [backend.new() for _ in owners]
    start, saved, errors = threading.Barrier(len(owners)), {o: [] for o in owners}, []

    def work(owner, own_store):
        start.wait()
        try:
            for n in range(5):
                saved[owner].append(save(own_store, owner=owner, name=f"{owner[:4]}-{n}"))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=pair) for pair in zip(owners, stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reader = backend.new()
    for owner in owners:
        assert sorted(info.id for info in reader.list_layers(owner)) == sorted(saved[owner])
        assert all(len(reader.load_layer(i).gdf) == 3 for i in saved[owner])


def test_concurrent_saves_respect_the_total_limit(backend):
    """Eight saves at once into room for three: exactly three are kept, the others are refused."""
    probe, probe_owner = backend.new(), new_owner_token()
    probe_id = save(probe, owner=probe_owner)
    size = probe.load_layer(probe_id).info.size
    probe.delete_layer(probe_id)
    stores = [backend.new(max_total=int(size * 3.5)) for _ in range(8)]
    owner, start, results = new_owner_token(), threading.Barrier(8), []

    def work(own_store):
        start.wait()
        try:
            results.append(save(own_store, owner=owner))
        except StoreLimitError as exc:
            results.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, str) for r in results) == 3
    assert sum(isinstance(r, StoreLimitError) for r in results) == 5
    assert len(stores[0].list_layers(owner)) == 3 and stores[0].usage() == 3 * size


def test_a_second_store_object_sees_the_layer(backend):
    """Another process, or the same server after a restart, opens the same store."""
    first = backend.new()
    owner = new_owner_token()
    layer_id = save(first, owner=owner, name="재시작 후에도")
    after_restart = backend.new()
    assert after_restart.load_layer(layer_id).info.name == "재시작 후에도"
    assert_geodataframe_equal(after_restart.load_layer(layer_id).gdf, sample_layer())
    assert after_restart.delete_layer(layer_id)
    assert first.load_layer(layer_id) is None


def test_views_round_trip_and_may_name_a_layer(store):
    layer_id, owner = save(store), new_owner_token()
    query = {"lang": ["en"], "region": ["gwangju", "jeonbuk"], "site": ["광주-AI-데이터센터"], "layer": [layer_id]}
    view_id = store.save_view(query, owner)
    assert is_layer_id(view_id) and view_id != layer_id
    assert store.load_view(view_id) == query
    assert store.load_view(store.save_view({"step": "3"}, owner)) == {"step": ["3"]}
    with pytest.raises(StoreLimitError):
        store.save_view({"q": ["x" * 20_000]}, owner)
    with pytest.raises(ValueError):
        store.save_view({"step": [3]}, owner)
    with pytest.raises(ValueError):
        store.save_view({"step": ["3"]}, "../../etc")


def test_bad_records_are_refused(store):
    with pytest.raises(ValueError, match="colour"):
        save(store, colour="javascript:alert(1)")
    with pytest.raises(ValueError, match="label column"):
        save(store, label_column="없는 열")
    with pytest.raises(ValueError, match="owner"):
        save(store, owner="' OR 1=1 --")


def test_an_unreachable_store_raises_store_unavailable(backend, tmp_path):
    if backend.kind == "sqlite":
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        with pytest.raises(StoreUnavailable, match="cannot open"):
            SQLiteStore(blocker / "state" / "store.sqlite")
    else:
        from tests.browser.conftest import free_port

        down = f"postgresql://postgres@127.0.0.1:{free_port()}/axbelt"
        with pytest.raises(StoreUnavailable, match="cannot be reached") as raised:
            PostGISStore(down)
        assert "127.0.0.1" in str(raised.value) or "connection" in str(raised.value).lower()


def test_a_dropped_connection_is_replaced(cluster, monkeypatch):
    """A pooled connection the server dropped (as on a server restart) is replaced, and the call succeeds."""
    import psycopg

    made = PostGISStore(cluster.url)
    layer_id = save(made)
    opened = []
    monkeypatch.setattr(made, "_open", lambda original=made._open: opened.append(1) or original())
    with psycopg.connect(cluster.url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'axbelt' AND pid <> pg_backend_pid()"
        )
    assert made.load_layer(layer_id).info.id == layer_id
    assert opened == [1]  # the dropped one was discarded and one fresh connection opened
    made.close()


def test_postgis_down_after_start_raises_store_unavailable():
    """A store whose server stops: the next call raises StoreUnavailable, not a driver error."""
    try:
        import psycopg  # noqa: F401

        own = start_cluster()
    except (ClusterUnavailable, ImportError) as exc:
        missing(str(exc), "AXBELT_REQUIRE_DB")
    try:
        made = PostGISStore(own.url)
        layer_id = save(made)
        own.run("pg_ctl", "-D", str(own.root / "data"), "-m", "fast", "-w", "stop")
        with pytest.raises(StoreUnavailable):
            made.load_layer(layer_id)
        with pytest.raises(StoreUnavailable):
            save(made)
    finally:
        own.stop()


def test_a_database_without_postgis_rights_raises_store_unavailable(cluster):
    """A user who may not create the postgis extension gets one clear StoreUnavailable, not a driver error."""
    cluster.run("createuser", "-h", str(cluster.root), "-p", str(cluster.port), "-U", "postgres", "planner")
    cluster.run(
        "createdb", "-h", str(cluster.root), "-p", str(cluster.port), "-U", "postgres", "-O", "planner", "no_postgis"
    )
    with pytest.raises(StoreUnavailable, match="cannot create its tables.*postgis"):
        PostGISStore(f"postgresql://planner@127.0.0.1:{cluster.port}/no_postgis")


def test_schema_creation_is_idempotent_when_processes_start_at_once(cluster):
    import psycopg

    cluster.run("createdb", "-h", str(cluster.root), "-p", str(cluster.port), "-U", "postgres", "fresh")
    url = cluster.url.rsplit("/", 1)[0] + "/fresh"
    made, errors, start = [], [], threading.Barrier(3)

    def work():
        start.wait()
        try:
            made.append(PostGISStore(url))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(made) == 3
    with psycopg.connect(url) as db:
        indexes = db.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'axbelt_features'").fetchall()
    assert any("USING gist (geom)" in row[0] for row in indexes)
    for each in made:
        each.close()


def test_open_store_uses_the_embedded_store_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("AXBELT_DATABASE_URL", raising=False)
    monkeypatch.setenv("AXBELT_STATE_DIR", str(tmp_path / "state"))
    embedded = open_store()
    assert isinstance(embedded, SQLiteStore) and embedded.path == tmp_path / "state" / "store.sqlite"
    assert open_store() is embedded and (tmp_path / "state" / "store.sqlite").exists()


def test_open_store_uses_postgis_when_a_database_url_is_set(monkeypatch, cluster):
    from tests.browser.conftest import free_port

    monkeypatch.setenv("AXBELT_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/axbelt")
    with pytest.raises(StoreUnavailable):
        open_store()
    with pytest.raises(StoreUnavailable) as again:  # said at once for a while, not after another timeout
        open_store()
    monkeypatch.setattr(store_process, "RETRY_AFTER_S", 0.0)
    with pytest.raises(StoreUnavailable) as retried:  # then tried again
        open_store()
    assert retried.value is not again.value
    monkeypatch.setenv("AXBELT_DATABASE_URL", cluster.url)
    assert isinstance(open_store(), PostGISStore) and open_store() is open_store()
    assert "postgresql://" not in repr(open_store())


def test_the_default_state_folder_is_outside_the_catalogue(monkeypatch):
    from geo.paths import DEFAULT_DATA_DIR

    monkeypatch.delenv("AXBELT_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", "/var/tmp/xdg")
    assert str(store_module.state_dir()) == "/var/tmp/xdg/axbelt"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert DEFAULT_DATA_DIR not in store_module.state_dir().resolve().parents


def test_layer_cache_is_bounded_short_lived_and_forgets(tmp_path, monkeypatch):
    backing = SQLiteStore(tmp_path / "store.sqlite")
    reads = []
    original = backing.load_layer
    monkeypatch.setattr(backing, "load_layer", lambda layer_id: reads.append(layer_id) or original(layer_id))
    cache = LayerCache(max_entries=2, ttl=60)
    a, b, c = save(backing), save(backing), save(backing)
    assert cache.get(backing, a).info.id == a and cache.get(backing, a).info.id == a
    assert reads == [a]  # the second draw came from memory
    cache.get(backing, b)
    cache.get(backing, c)  # a, the least recently used, is dropped
    cache.get(backing, a)
    assert reads == [a, b, c, a]
    backing.delete_layer(a)
    assert cache.get(backing, a) is not None  # another process's delete shows once the entry is old
    cache.forget(a)
    assert cache.get(backing, a) is None and cache.get(backing, a) is None
    assert reads[-2:] == [a, a]  # misses are not kept
    assert cache.get(backing, "../../etc") is None and reads[-1] == a
    stale = LayerCache(ttl=0)
    stale.get(backing, b)
    backing.update_layer(b, name="바뀐 이름")  # as another server process would
    assert stale.get(backing, b).info.name == "바뀐 이름"
    assert reads[-1] == b and reads.count(b) == 2  # an old entry's record is checked, its features not read again
    backing.delete_layer(b)
    assert stale.get(backing, b) is None


def test_only_the_edit_key_changes_or_removes_a_layer(store):
    """With an edit key: no key, a wrong or malformed one change nothing; the key does. Only its hash is kept."""
    from geo.planner.store import new_edit_key

    key = new_edit_key()
    layer_id = save(store, edit_key=key)
    assert store.can_edit(layer_id, key)
    for wrong in (None, new_edit_key(), key[:-1], key + "x", "' OR 1=1 --"):
        assert not store.can_edit(layer_id, wrong)
        assert not store.update_layer(layer_id, name="바뀜", edit_key=wrong)
        assert not store.delete_layer(layer_id, edit_key=wrong)
    assert store.layer_info(layer_id).name == "시험 레이어"
    assert store.update_layer(layer_id, name="바뀜", edit_key=key) and store.layer_info(layer_id).name == "바뀜"
    assert not store.can_edit(save(store), key)  # a layer saved without a key can only be viewed
    assert key not in repr(store._edit_hash(layer_id)) and len(store._edit_hash(layer_id)) == 64
    assert store.delete_layer(layer_id, edit_key=key) and store.layer_info(layer_id) is None


def test_a_store_from_before_edit_keys_gets_the_column(tmp_path):
    """An SQLite file written without the edit_hash column is opened and gets it."""
    import sqlite3

    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE layers (id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, colour TEXT NOT NULL, "
            "label_column TEXT, file_name TEXT NOT NULL, columns TEXT NOT NULL, n_features INTEGER NOT NULL, "
            "size_bytes INTEGER NOT NULL, created REAL NOT NULL, used REAL NOT NULL)"
        )
    from geo.planner.store import new_edit_key

    store = SQLiteStore(path)
    key = new_edit_key()
    assert store.can_edit(save(store, edit_key=key), key)


def test_tiles_of_a_layer_gone_from_the_store_stop_being_served(store, tmp_path, monkeypatch):
    """Removed through another server: a look-up here removes its tiles, and the sweep removes any left."""
    from geo.planner import tiles
    from geo.planner.store import TileSweep, prune_tiles

    monkeypatch.setattr(tiles, "TILES_DIR", tmp_path / "layers")
    kept, gone, looked_up = save(store), save(store), save(store)
    for layer_id in (kept, gone, looked_up):
        (tmp_path / "layers" / layer_id).mkdir(parents=True)
    (tmp_path / "layers" / "not-a-layer").mkdir()
    cache = LayerCache()
    assert cache.get(store, looked_up) is not None
    store.delete_layer(gone)
    store.delete_layer(looked_up)
    (tmp_path / "layers" / gone).mkdir()  # as another server's static folder still holds them
    (tmp_path / "layers" / looked_up).mkdir()
    cache.ttl = 0
    assert cache.get(store, looked_up) is None and not (tmp_path / "layers" / looked_up).exists()
    sweep = TileSweep(every=3600)
    sweep.due(store).join()
    assert sorted(p.name for p in (tmp_path / "layers").iterdir()) == sorted([kept, "not-a-layer"])
    assert sweep.due(store) is None  # not again before it is due
    assert prune_tiles(store) == 0


def test_tiles_are_counted_in_the_quota(backend):
    """add_tiles adds to the store's usage; past AXBELT_MAX_STORE_MB it is refused and nothing is added."""
    layer_id = save(backend.new())
    used = backend.new().usage()
    limited = backend.new(max_total=used + 1000)
    assert limited.add_tiles(layer_id, 600) and limited.usage() == used + 600
    with pytest.raises(StoreLimitError):
        limited.add_tiles(layer_id, 600)
    assert limited.usage() == used + 600 and not limited.add_tiles("0" * 32, 1)
    with pytest.raises(StoreLimitError):  # a new layer finds the tiles counted too
        save(limited)


def test_the_edit_cookie_names_its_layer_and_keeps_the_key_from_scripts_and_other_sites():
    from geo.planner.store import edit_cookie, edit_cookie_name, new_edit_key

    layer_id, key = "a" * 32, new_edit_key()
    assert edit_cookie_name(layer_id) == f"axbelt_edit_{layer_id}"
    plain = edit_cookie(layer_id, key, secure=False, days=90).split("; ")
    assert plain == [f"axbelt_edit_{layer_id}={key}", "Max-Age=7776000", "Path=/", "SameSite=Strict", "HttpOnly"]
    assert edit_cookie(layer_id, key, secure=True, days=1).split("; ")[1:] == [
        "Max-Age=86400",
        "Path=/",
        "SameSite=Strict",
        "HttpOnly",
        "Secure",
    ]
    for bad_id, bad_key in (("../x", key), (layer_id, "k; Domain=attacker.example"), (layer_id, key + "\r\n")):
        with pytest.raises(ValueError):
            edit_cookie(bad_id, bad_key, secure=False, days=1)


def test_a_layers_colouring_is_kept_with_it(store):
    """The column that colours a layer (e.g. 업종) is stored with it and changed with it, so a link to the
    layer opens it in the same categories and colours; a column the layer lacks is refused."""
    from geo.planner.aggregate import categories

    layer_id = save(store, colour_column="분류")
    loaded = store.load_layer(layer_id)
    assert loaded.info.colour_column == "분류" and loaded.layer().colour_column == "분류"
    again, before = categories(loaded.gdf, "분류"), categories(sample_layer(), "분류")
    assert (again.labels, again.colours, again.counts) == (before.labels, before.colours, before.counts)
    assert len(set(again.colours)) > 1  # more than one colour: not "한 색"
    assert store.update_layer(layer_id, colour_column="시설명")
    assert store.layer_info(layer_id).colour_column == "시설명"
    assert store.update_layer(layer_id, name="이름만")  # what was not given is kept
    assert store.layer_info(layer_id).colour_column == "시설명"
    assert store.update_layer(layer_id, colour_column=None)
    assert store.load_layer(layer_id).info.colour_column is None
    assert store.layer_info(save(store)).colour_column is None  # one colour unless chosen
    with pytest.raises(ValueError, match="colour column"):
        save(store, colour_column="없는 열")
