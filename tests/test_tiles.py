"""Vector tiles of a large layer: one PMTiles archive per layer and colouring, removed with the layer."""

from __future__ import annotations

import os
import time

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from geo.planner import tiles

KEY = "a" * 32


def test_tiles_exist_decode_and_hold_every_feature(tmp_path):
    """A tiny layer's PMTiles archive decodes (GDAL) to its features, categories and labels."""
    frame = gpd.GeoDataFrame(
        {"name": ["가", "나", "다"]}, geometry=[Point(126.85, 35.15), Point(126.9, 35.2), Point(127.1, 35.8)], crs=4326
    )
    url = tiles.ensure_tiles(frame, np.array([0, 1, 1]), "c" * 32, "kind", "name", ("a", "b"), root=tmp_path)
    path = tmp_path / ("c" * 32) / url.rsplit("/", 1)[1]
    assert path.exists() and path.read_bytes()[:7] == b"PMTiles"
    decoded = tiles.read_tiles(path)
    assert sorted(decoded["n"]) == ["가", "나", "다"] and sorted(decoded["c"]) == [0, 1, 1]
    assert decoded.geometry.union_all().distance(Point(126.9, 35.2)) < 1e-4
    assert not list(path.parent.glob(".*part"))  # written beside and renamed: no half file left


def test_tiles_are_removed_with_the_layer_and_expire(tmp_path):
    """Removing a layer's tiles deletes its folder (a path is refused); folders unused for days expire."""
    frame = gpd.GeoDataFrame(geometry=[Point(126.9, 35.2)], crs=4326)
    tiles.ensure_tiles(frame, np.zeros(1), "d" * 32, None, None, ("",), root=tmp_path)
    tiles.ensure_tiles(frame, np.zeros(1), "e" * 32, None, None, ("",), root=tmp_path)
    assert tiles.remove_tiles("d" * 32, root=tmp_path) and not (tmp_path / ("d" * 32)).exists()
    assert not tiles.remove_tiles("../etc", root=tmp_path)
    old = time.time() - 10 * 86400
    os.utime(tmp_path / ("e" * 32), (old, old))
    assert tiles.expire_tiles(5, root=tmp_path) == 1 and not (tmp_path / ("e" * 32)).exists()


def test_store_delete_removes_the_layers_tiles(tmp_path, monkeypatch):
    """Deleting a layer from the store deletes its tiles too."""
    from geo.planner.store import SQLiteStore, new_owner_token

    monkeypatch.setattr(tiles, "TILES_DIR", tmp_path / "layers")
    store = SQLiteStore(tmp_path / "store.sqlite")
    frame = gpd.GeoDataFrame({"name": ["가"]}, geometry=[Point(126.9, 35.2)], crs=4326)
    layer_id = store.save_layer(
        frame, name="x", owner=new_owner_token(), colour="#123456", label_column=None, file_name="x.csv"
    )
    tiles.ensure_tiles(frame, np.zeros(1), layer_id, None, None, ("",))
    assert (tmp_path / "layers" / layer_id).exists()
    assert store.delete_layer(layer_id) and not (tmp_path / "layers" / layer_id).exists()


def test_tile_folder_is_named_by_a_store_id_only(tmp_path):
    """A 32-hex-digit key names the folder; a path or a short key is refused, never joined to the root."""
    assert tiles.tiles_folder(KEY, root=tmp_path) == tmp_path / KEY
    for bad in ("../etc", "A" * 32, KEY[:-1], None):
        with pytest.raises(ValueError, match="32-hex-digit"):
            tiles.tiles_folder(bad, root=tmp_path)


def test_archive_name_changes_with_what_the_tiles_hold():
    """Another colouring, label column or feature count is another archive; the same inputs the same one."""
    name = tiles.archive_name("업종", "업체명", ("기계", "식품"), 3000)
    assert name == tiles.archive_name("업종", "업체명", ("기계", "식품"), 3000) and name.endswith(".pmtiles")
    others = {
        tiles.archive_name(None, "업체명", ("기계", "식품"), 3000),
        tiles.archive_name("업종", None, ("기계", "식품"), 3000),
        tiles.archive_name("업종", "업체명", ("식품", "기계"), 3000),
        tiles.archive_name("업종", "업체명", ("기계", "식품"), 3001),
    }
    assert name not in others and len(others) == 4


def test_a_second_call_finds_the_archive_instead_of_writing_it(tmp_path):
    """The same layer and colouring again returns the same URL and leaves the archive as it was."""
    frame = gpd.GeoDataFrame({"name": ["가"]}, geometry=[Point(126.9, 35.2)], crs=4326)
    url = tiles.ensure_tiles(frame, np.zeros(1), KEY, None, "name", ("",), root=tmp_path)
    assert url == f"{tiles.TILES_URL}/{KEY}/{url.rsplit('/', 1)[1]}"
    (path,) = (tmp_path / KEY).glob("*.pmtiles")
    written = path.stat().st_mtime_ns
    os.utime(path, ns=(written - 10**9, written - 10**9))
    assert tiles.ensure_tiles(frame, np.zeros(1), KEY, None, "name", ("",), root=tmp_path) == url
    assert path.stat().st_mtime_ns == written - 10**9


def test_long_labels_are_cut_in_the_tiles(tmp_path):
    """A label longer than MAX_LABEL_CHARS is cut there (the tiles carry a tooltip, not the record)."""
    frame = gpd.GeoDataFrame({"name": ["가" * 200]}, geometry=[Point(126.9, 35.2)], crs=4326)
    url = tiles.ensure_tiles(frame, np.zeros(1), KEY, None, "name", ("",), root=tmp_path)
    decoded = tiles.read_tiles(tmp_path / KEY / url.rsplit("/", 1)[1])
    assert list(decoded["n"]) == ["가" * tiles.MAX_LABEL_CHARS]


def test_tiles_are_readable_by_the_server_only(tmp_path):
    """The tiles folder, the layer's folder and its archive are not readable by other users of the machine."""
    frame = gpd.GeoDataFrame({"name": ["가"]}, geometry=[Point(126.9, 35.2)], crs=4326)
    root = tmp_path / "layers"
    url = tiles.ensure_tiles(frame, np.zeros(1), KEY, None, "name", ("",), root=root)
    archive = root / KEY / url.rsplit("/", 1)[1]
    assert [oct(p.stat().st_mode & 0o777) for p in (root, root / KEY, archive)] == ["0o700", "0o700", "0o600"]


def test_an_archive_the_quota_refuses_is_not_written(tmp_path):
    """``admit`` is asked with the archive's size; refused, no archive is left and no URL given."""
    frame = gpd.GeoDataFrame({"name": ["가", "나"]}, geometry=[Point(126.9, 35.2), Point(127.0, 35.3)], crs=4326)
    asked = []
    refused = tiles.ensure_tiles(
        frame, np.zeros(2), KEY, None, "name", ("",), root=tmp_path, admit=lambda n: asked.append(n) or False
    )
    assert refused is None and asked and asked[0] > 0
    assert not [p for p in (tmp_path / KEY).iterdir()]  # neither the archive nor a partial file
    url = tiles.ensure_tiles(frame, np.zeros(2), KEY, None, "name", ("",), root=tmp_path, admit=lambda n: True)
    assert (tmp_path / KEY / url.rsplit("/", 1)[1]).stat().st_size == asked[0]


def test_a_large_layers_archive_is_written_by_a_worker_process(tmp_path, monkeypatch):
    """From IN_WORKER_FROM features GDAL writes in a worker (one Job); the archive is the same and private."""
    from geo.planner import jobs

    made = []
    real = jobs.Job

    class Counted(real):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(jobs, "Job", Counted)
    monkeypatch.setattr(tiles, "IN_WORKER_FROM", 2)
    frame = gpd.GeoDataFrame({"name": ["가", "나"]}, geometry=[Point(126.9, 35.2), Point(127.0, 35.3)], crs=4326)
    url = tiles.ensure_tiles(frame, np.zeros(2), KEY, None, "name", ("",), root=tmp_path)
    archive = tmp_path / KEY / url.rsplit("/", 1)[1]
    assert len(made) == 1 and made[0].exitcode == 0
    assert sorted(tiles.read_tiles(archive)["n"]) == ["가", "나"] and oct(archive.stat().st_mode & 0o777) == "0o600"
