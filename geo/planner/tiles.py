"""A large uploaded layer as vector tiles, written once and served from the dashboard's own static folder.

Above ``TILE_THRESHOLD`` features, the map does not carry the features in its script (it would
be re-sent with every rerun): they are written once per layer and colouring as one PMTiles
archive under ``static/layers/<layer id>/``, which Streamlit serves at ``/app/static/layers/…``
and answers range requests for, so the browser fetches only the tiles it shows. The Leaflet side
reads it with the vendored ``protomaps-leaflet`` (see ``geo.assets``).

The tiles hold one zoom level, ``TILE_ZOOM``: the map shows individual features only from that
zoom on, and deeper zooms draw the same tiles enlarged (4 m precision at zoom 11, finer than a
marker). GDAL (inside pyogrio) writes them; every feature is kept (no size or count cap), and
each carries ``c``, its category's index, and ``n``, its label text.

A layer's folder is removed with the layer (``remove_tiles``), and folders unused for the
store's expiry time are removed by ``expire_tiles``; a missing archive is simply written again.
Tiles are written only for a stored layer, and only once the store has counted their size in its
quota (``ensure_tiles``' ``admit``); folders and archives are readable by the server's user only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

from geo.assets import STATIC_URL
from geo.paths import STATIC_DIR

# Above this many features a layer's features travel as tiles; at or below it, in the map's script.
TILE_THRESHOLD = 5_000
TILE_ZOOM = 11
TILES_DIR = STATIC_DIR / "layers"
TILES_URL = f"{STATIC_URL}/layers"
LAYER_NAME = "features"
# A label longer than this is cut in the tiles (a tooltip, not a record).
MAX_LABEL_CHARS = 80
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")
# From this many features the archive is written in a worker process (``geo.planner.jobs``): GDAL's
# PMTiles writer holds the interpreter all along (20 s for 200,000 points on two busy cores),
# which would stall every other session and the health check of the server.
IN_WORKER_FROM = 20_000
# Tiles hold a planner's features: the server's user reads them, nobody else on the machine.
DIR_MODE, FILE_MODE = 0o700, 0o600
_building: dict[Path, threading.Lock] = {}
_building_lock = threading.Lock()


def tiles_folder(layer_key: str, root: Path | None = None) -> Path:
    """The folder of a layer's tiles; ``layer_key`` must be a store id (32 hex), or ValueError."""
    if not isinstance(layer_key, str) or not KEY_PATTERN.fullmatch(layer_key):
        raise ValueError("a layer's tile folder is named by its 32-hex-digit id")
    return (root or TILES_DIR) / layer_key


def archive_name(column: str | None, label_column: str | None, labels: tuple[str, ...], n: int) -> str:
    """The archive's file name: a digest of what its tiles hold (colouring, labels, feature count)."""
    text = "\x1f".join([str(column), str(label_column), *labels, str(n)])
    return hashlib.sha256(text.encode()).hexdigest()[:16] + ".pmtiles"


def tiles_url(layer_key: str, name: str) -> str:
    """The URL the browser fetches a layer's archive from."""
    return f"{TILES_URL}/{layer_key}/{name}"


def _label_values(gdf: gpd.GeoDataFrame, label_column: str | None) -> np.ndarray:
    if label_column is None or label_column not in gdf.columns:
        return np.full(len(gdf), "", dtype=object)
    text = gdf[label_column].astype("string").fillna("").str.slice(0, MAX_LABEL_CHARS)
    return text.to_numpy(dtype=object)


def _private_folder(folder: Path) -> None:
    """Make ``folder`` (and the tiles folder above it) if missing, readable by this user only."""
    for part in (folder.parent, folder):
        part.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        os.chmod(part, DIR_MODE)


def _write_archive(frame: gpd.GeoDataFrame, path: str) -> None:
    """GDAL writes the PMTiles archive (it holds the interpreter throughout: for a large layer, in a worker)."""
    pyogrio.write_dataframe(
        frame,
        path,
        driver="PMTiles",
        layer=LAYER_NAME,
        use_arrow=True,
        # No cap: every feature stays (GDAL's defaults drop features from tiles over 500 kB).
        dataset_options={
            "MINZOOM": str(TILE_ZOOM),
            "MAXZOOM": str(TILE_ZOOM),
            "MAX_SIZE": "100000000",
            "MAX_FEATURES": "100000000",
            "NAME": "layer",
        },
    )


def write_tiles(
    gdf: gpd.GeoDataFrame,
    codes: np.ndarray,
    label_column: str | None,
    path: Path,
    admit: Callable[[int], bool] | None = None,
) -> Path | None:
    """Write the features as one PMTiles archive at ``path`` (zoom ``TILE_ZOOM``), atomically.

    The archive is written beside its final name and renamed, so a browser (or another server
    process) never reads half an archive. ``admit(size)`` is asked with the archive's size before
    it is put in place: False (the store's quota would be passed) removes it and returns None.
    """
    _private_folder(path.parent)
    frame = gpd.GeoDataFrame(
        {"c": codes.astype(np.int32), "n": _label_values(gdf, label_column)},
        geometry=gdf.geometry.values,
        crs=gdf.crs or "EPSG:4326",
    )
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    partial.unlink(missing_ok=True)
    try:
        from geo.planner.jobs import Job, in_worker

        if len(frame) >= IN_WORKER_FROM and not in_worker():  # already in one (an upload's): written here
            Job(_write_archive, (frame, str(partial))).result()
        else:
            _write_archive(frame, str(partial))
        os.chmod(partial, FILE_MODE)
        if admit is not None and not admit(partial.stat().st_size):
            return None
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def ensure_tiles(
    gdf: gpd.GeoDataFrame | None,
    codes: np.ndarray,
    layer_key: str,
    column: str | None,
    label_column: str | None,
    labels: tuple[str, ...],
    root: Path | None = None,
    admit: Callable[[int], bool] | None = None,
    n: int | None = None,
) -> str | None:
    """The URL of the layer's archive for this colouring, written first if it is not there yet.

    Written once per layer and colouring: later calls (any rerun, any session) find the file.
    Two threads asking at once write it once. None when ``admit`` refused a new archive (see
    ``write_tiles``), or when ``gdf`` is None (the features are not here: a layer whose worker
    wrote its tiles, given its size ``n``) and there is no archive: the map then shows the layer's counts only.
    """
    name = archive_name(column, label_column, labels, len(gdf) if n is None else n)
    path = tiles_folder(layer_key, root) / name
    with _building_lock:
        lock = _building.setdefault(path, threading.Lock())
    with lock:
        if not path.exists() and (gdf is None or write_tiles(gdf, codes, label_column, path, admit) is None):
            return None
    touch(path.parent)
    return tiles_url(layer_key, name)


def touch(folder: Path) -> None:
    """Mark a layer's tiles as used now (expiry goes by the folder's time)."""
    try:
        os.utime(folder)
    except OSError:
        pass


def remove_tiles(layer_key: object, root: Path | None = None) -> bool:
    """Remove a layer's tiles; True when there were some. A malformed key removes nothing."""
    try:
        folder = tiles_folder(layer_key, root)  # type: ignore[arg-type]
    except ValueError:
        return False
    if not folder.exists():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def expire_tiles(days: float, now: float | None = None, root: Path | None = None) -> int:
    """Remove the tile folders unused for ``days``; the number removed."""
    base = root or TILES_DIR
    if not base.exists():
        return 0
    cutoff = (now if now is not None else time.time()) - days * 86400
    removed = 0
    for folder in base.iterdir():
        if folder.is_dir() and KEY_PATTERN.fullmatch(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def read_tiles(path: Path) -> gpd.GeoDataFrame:
    """The features an archive holds, decoded by GDAL (for checks and tests), in EPSG:4326."""
    return pyogrio.read_dataframe(path, layer=LAYER_NAME).to_crs("EPSG:4326")
