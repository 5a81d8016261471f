"""A large upload's heavy work in the worker: stored, counted and tiled there; the server gets a small result."""

from __future__ import annotations

import pickle

import pytest

from geo.boundaries import load_sigungu
from geo.planner import jobs
from geo.planner.counts import layer_summary
from geo.planner.layer import PlannerLayer
from geo.planner.store import SQLiteStore, new_edit_key, new_owner_token, open_store
from geo.planner.upload import SAMPLE_ROWS, Ingested, ingest_upload_job
from tests.layer_fixture import firms_csv, random_firms

ROWS = 5_000  # over overlay.SMALL_LAYER: large, so the worker keeps the features


@pytest.fixture()
def state(tmp_path, monkeypatch):
    """The store of this test in its own state folder (the worker writes tiles to the served folder, removed after)."""
    monkeypatch.setenv("AXBELT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("AXBELT_DATABASE_URL", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def firms(tmp_path_factory):
    frame = random_firms(ROWS, load_sigungu())
    return frame, firms_csv(frame, tmp_path_factory.mktemp("firms") / "firms.csv").read_bytes()


def test_a_large_upload_comes_back_stored_counted_and_without_its_features(state, firms):
    """In a worker process: the layer is in the store with the key given, and the result holds no full frame."""
    frame, data = firms
    key, owner = new_edit_key(), new_owner_token()
    job = jobs.Job(ingest_upload_job, (data, "firms.csv", None, False, "ko", owner, key))
    result = job.result()
    assert job.exitcode == 0 and isinstance(result, Ingested)
    layer = result.layer
    assert layer.partial and layer.gdf is None and layer.n == ROWS
    assert len(layer.sample) == SAMPLE_ROWS < ROWS
    # What crossed the pipe is small: the counts tables (~60 kB whatever the size), the sample, and of
    # all rows only the category codes (2 bytes a feature); the frame itself is ~70 bytes a feature.
    assert len(pickle.dumps(result)) < 120_000 + 3 * ROWS
    store = open_store()
    stored = store.load_layer(layer.id)
    assert stored is not None and len(stored.gdf) == ROWS and stored.info.owner == owner
    assert store.can_edit(layer.id, key) and not store.can_edit(layer.id, new_edit_key())
    # Counted as the server would count the whole layer, in its first colouring.
    whole = layer_summary(PlannerLayer(stored.gdf, layer.name, label_column=layer.label_column), load_sigungu(), "ko")
    assert layer.summary.n == ROWS and layer.summary.sigungu.table.equals(whole.sigungu.table)
    assert layer.ready() and layer.prepared == (None, layer.label_column) and layer.label_column in result.label_columns
    # Its tiles are written, and counted in the store's quota.
    from geo.planner.tiles import tiles_folder

    archives = list(tiles_folder(layer.id).glob("*.pmtiles"))
    assert len(archives) == 1 and store.usage() >= stored.info.size + archives[0].stat().st_size
    store.delete_layer(layer.id)
    assert not tiles_folder(layer.id).exists()


def test_a_small_upload_comes_back_whole_and_unstored(state):
    """A small file is read as before: the page stores it itself."""
    data = "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode()
    result = ingest_upload_job(data, "시설.csv", None, False, "ko", new_owner_token(), new_edit_key())
    assert not isinstance(result, Ingested) and list(result.gdf["이름"]) == ["광주 AI 센터"]
    assert open_store().usage() == 0


def test_a_large_upload_the_store_refuses_comes_back_whole(state, firms, monkeypatch):
    """Over the layer limit (or with the store down) nothing is stored: the whole layer comes back, as before."""
    frame, data = firms
    monkeypatch.setenv("AXBELT_MAX_LAYER_MB", "0.01")
    result = ingest_upload_job(data, "firms.csv", None, False, "ko", new_owner_token(), new_edit_key())
    assert not isinstance(result, Ingested) and len(result.gdf) == ROWS
    assert SQLiteStore(state / "state" / "store.sqlite").usage() == 0


def test_a_prepared_layer_reads_its_features_from_the_store_only_when_asked():
    """``features`` (and ``layer['gdf']``) call the loader; the record, size and sample need no features."""
    calls = []
    sample = random_firms(10, load_sigungu())
    layer = PlannerLayer(None, "공장", sample=sample, n_features=99, loader=lambda: calls.append(1) or sample)
    assert layer.n == 99 and layer.shown is sample and layer.record()["name"] == "공장" and not calls
    assert layer.get("id") is None and layer.get("nothing", 5) == 5
    assert layer["gdf"] is sample and calls == [1]
    with pytest.raises(LookupError):
        PlannerLayer(None, "공장", n_features=3).features()
    whole = PlannerLayer(sample, "공장")
    assert not whole.partial and whole.n == 10 and whole["gdf"] is sample and not whole.ready()
    whole["token"] = "a" * 32
    assert whole.token == "a" * 32
    with pytest.raises(KeyError):
        whole["_FIELDS"]


def test_tiles_are_written_in_the_upload_worker_itself_not_in_a_second_one():
    """``in_worker`` is True in a job's process (write_tiles then writes there), False in the server."""
    assert not jobs.in_worker()
    assert jobs.Job(jobs.in_worker, ()).result() is True
