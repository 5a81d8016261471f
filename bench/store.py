"""Benchmark: saving and loading a 20,000-point layer in the layer store, on both backends.

Prints the median of three runs for each, beside a naive peer in the same run:

- embedded: the SQLite store against one GeoPackage file per layer written and read by pyogrio;
- PostGIS: the store (COPY) against one parameterised INSERT per feature (``executemany``).

PostGIS is the server at ``AXBELT_DATABASE_URL`` when set, else a throwaway cluster started
from Debian's packages as the tests do (``tests/pg_cluster.py``). Asserts nothing. Run:
``make bench`` or ``python bench/store.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pyogrio  # noqa: E402
import shapely  # noqa: E402

from geo.planner.store import PostGISStore, SQLiteStore, new_owner_token  # noqa: E402
from tests.pg_cluster import ClusterUnavailable, start_cluster  # noqa: E402

POINTS = 20_000
RUNS = 3
# The belt's bounding box: Jeonnam's islands to Jeonbuk's north edge.
SOUTH, NORTH, WEST, EAST = 34.0, 36.2, 125.9, 127.9
PLACES = ["광주", "나주", "목포", "여수", "순천", "광양", "전주", "군산", "익산", "새만금", "영광", "해남"]
KINDS = ["데이터센터", "연구소", "실증단지", "발전소", "공장", "대학", "기업지원센터"]
CATEGORIES = ["ai_infra", "energy", "mobility", "bio", "agri_food", "culture", "manufacturing"]


def sample_layer(n: int = POINTS, seed: int = 14) -> gpd.GeoDataFrame:
    """``n`` random points inside the belt's box with Korean names, a category and a number."""
    rng = np.random.default_rng(seed)
    names = [
        f"{PLACES[i % len(PLACES)]} {KINDS[j % len(KINDS)]} {k}호"
        for k, (i, j) in enumerate(rng.integers(0, 100, size=(n, 2)))
    ]
    return gpd.GeoDataFrame(
        {"name": names, "category": rng.choice(CATEGORIES, n), "workers": rng.integers(1, 500, n)},
        geometry=shapely.points(rng.uniform(WEST, EAST, n), rng.uniform(SOUTH, NORTH, n)),
        crs="EPSG:4326",
    )


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def median_times(save, load) -> tuple[float, float]:
    """Median save and load seconds over RUNS; each load reads what its save wrote."""
    saves, loads = [], []
    for _ in range(RUNS):
        seconds, key = timed(save)
        saves.append(seconds)
        seconds, loaded = timed(lambda key=key: load(key))
        loads.append(seconds)
        assert len(loaded) == POINTS, "the benchmark read back a different layer"
    return statistics.median(saves), statistics.median(loads)


def store_times(store) -> tuple[float, float]:
    """The store's figures; the benchmark's layers are deleted afterwards (a real server keeps nothing)."""
    gdf, owner = sample_layer(), new_owner_token()
    try:
        return median_times(
            lambda: store.save_layer(
                gdf, name="벤치마크", owner=owner, colour="#D55E00", label_column="name", file_name="bench.csv"
            ),
            lambda layer_id: store.load_layer(layer_id).gdf,
        )
    finally:
        for info in store.list_layers(owner):
            store.delete_layer(info.id)


def geopackage_times(folder: Path) -> tuple[float, float]:
    """The naive embedded peer: one GeoPackage file per layer (pyogrio)."""
    gdf, counter = sample_layer(), iter(range(RUNS))

    def save() -> Path:
        path = folder / f"layer-{next(counter)}.gpkg"
        pyogrio.write_dataframe(gdf, path, layer="layer")
        return path

    return median_times(save, lambda path: pyogrio.read_dataframe(path))


def naive_postgis_times(url: str) -> tuple[float, float]:
    """The naive PostGIS peer: one parameterised INSERT per feature (psycopg pipelines them), JSON decoded per row."""
    import psycopg

    gdf = sample_layer()
    with psycopg.connect(url, autocommit=True) as db:
        # The same table as the store's (key and GIST index), so only the way of writing differs.
        db.execute(
            "CREATE TABLE IF NOT EXISTS bench_naive (layer text, fid integer, geom geometry(Geometry, 4326), "
            "props jsonb, PRIMARY KEY (layer, fid))"
        )
        db.execute("CREATE INDEX IF NOT EXISTS bench_naive_geom ON bench_naive USING GIST (geom)")
        counter = iter(range(RUNS))

        def save() -> str:
            layer = f"naive-{next(counter)}"
            # Encoding is timed as in the store: WKB and JSON per feature.
            rows = [
                (shapely.to_wkb(g), json.dumps(r, ensure_ascii=False, default=int))
                for g, r in zip(gdf.geometry, gdf.drop(columns="geometry").to_dict("records"))
            ]
            with db.transaction(), db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO bench_naive VALUES (%s, %s, ST_SetSRID(ST_GeomFromWKB(%s), 4326), %s)",
                    [(layer, fid, wkb, props) for fid, (wkb, props) in enumerate(rows)],
                )
            return layer

        def load(layer: str) -> gpd.GeoDataFrame:
            found = db.execute(
                "SELECT ST_AsBinary(geom), props FROM bench_naive WHERE layer = %s ORDER BY fid", (layer,)
            ).fetchall()
            return gpd.GeoDataFrame(
                [p for _, p in found], geometry=shapely.from_wkb([g for g, _ in found]), crs="EPSG:4326"
            )

        try:
            return median_times(save, load)
        finally:
            db.execute("DROP TABLE bench_naive")


def report(label: str, figures: tuple[float, float]) -> None:
    save, load = figures
    print(f"  {label:<44} save {save * 1000:8.0f} ms   load {load * 1000:8.0f} ms")


def main() -> None:
    print(f"Layer store, {POINTS:,} points with Korean names (median of {RUNS} runs)")
    with tempfile.TemporaryDirectory() as folder:
        print("embedded (SQLite file):")
        report("store (SQLite, WKB + JSON attributes)", store_times(SQLiteStore(Path(folder) / "store.sqlite")))
        report("naive: a GeoPackage file per layer (pyogrio)", geopackage_times(Path(folder)))
    url, cluster = os.environ.get("AXBELT_DATABASE_URL"), None
    if not url:
        try:
            cluster = start_cluster()
        except ClusterUnavailable as exc:
            print(f"PostGIS: skipped ({exc})")
            return
        url = cluster.url
    try:
        store = PostGISStore(url)
        print("PostGIS" + (" (throwaway local cluster):" if cluster else " (AXBELT_DATABASE_URL):"))
        report("store (COPY, GIST index)", store_times(store))
        report("naive: one INSERT per feature (executemany)", naive_postgis_times(url))
        store.close()
    finally:
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
