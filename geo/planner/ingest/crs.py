"""Which CRS an upload's coordinates are in (declared, chosen, assumed or guessed), swapped axes, and repairs."""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import box

from geo.extent import KOREA, REGIONS
from geo.planner.ingest.messages import PROJECTED_KOREAN_CRS, _Reading

# Share of features that must land in Korea before a CRS is guessed or a swap is suspected.
GUESS_SHARE = 0.95
GUESS_SAMPLE = 2000


def crs_label(crs: CRS) -> str:
    """A CRS as ``EPSG:5179 (Korea 2000 / Unified CS)``, or its name when it has no EPSG code."""
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code} ({crs.name})" if code else crs.name


def _crs_code(crs: CRS) -> str:
    """A CRS as ``EPSG:5179``, or its name when it has no EPSG code."""
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code}" if code else crs.name


def _anchors(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One (x, y) per feature: the centre of its bounding box, which is cheap for any geometry."""
    bounds = frame.geometry.bounds.to_numpy()
    with np.errstate(over="ignore", invalid="ignore"):  # ±1e308 bounds overflow; such points are dropped later
        return (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2


def _share_inside(x: np.ndarray, y: np.ndarray, bounds: tuple[float, float, float, float]) -> float:
    """The share of points inside a (lon_min, lat_min, lon_max, lat_max) box."""
    inside = (x >= bounds[0]) & (x <= bounds[2]) & (y >= bounds[1]) & (y <= bounds[3])
    return float(inside.mean()) if len(x) else 0.0


def looks_geographic(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether at least half the points could be longitude/latitude.

    Half, not all: one stray value (a typo, a projected pair pasted in) should cost its own
    row, dropped as outside Korea with a note, not the whole file.
    """
    return bool(len(x)) and float(((np.abs(x) <= 180) & (np.abs(y) <= 90)).mean()) >= 0.5


def looks_swapped(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether longitude/latitude points land in Korea only once swapped."""
    swapped = _share_inside(y, x, KOREA)
    return swapped >= 0.5 and swapped > _share_inside(x, y, KOREA)


@lru_cache(maxsize=32)
def _to_wgs84(code: str) -> Transformer:
    """A cached transformer from a CRS code to longitude/latitude."""
    return Transformer.from_crs(code, "EPSG:4326", always_xy=True)


def guess_crs(x: np.ndarray, y: np.ndarray) -> str | None:
    """The Korean projected CRS that places projected points in Korea, or None.

    A CRS qualifies when it puts at least 95% of the points inside Korea. Several can (the
    Transverse Mercator belts share false origins), so the one that puts most of them in the
    belt's three regions wins, then the order of ``KOREAN_CRS``.
    """
    if len(x) > GUESS_SAMPLE:
        pick = np.linspace(0, len(x) - 1, GUESS_SAMPLE).astype(int)
        x, y = x[pick], y[pick]
    best, best_score = None, None
    for rank, code in enumerate(PROJECTED_KOREAN_CRS):
        with np.errstate(all="ignore"):
            lon, lat = _to_wgs84(code).transform(x, y)
        korea = _share_inside(np.asarray(lon), np.asarray(lat), KOREA)
        if korea < GUESS_SHARE:
            continue
        score = (_share_inside(np.asarray(lon), np.asarray(lat), REGIONS), korea, -rank)
        if best_score is None or score > best_score:
            best, best_score = code, score
    return best


def _source_crs(frame: gpd.GeoDataFrame, chosen: str | None, swap: bool, reading: _Reading) -> CRS:
    """The CRS the coordinates are in: chosen, declared by the file, or assumed or guessed from them."""
    x, y = _anchors(frame)
    extent = {"xmin": np.min(x), "xmax": np.max(x), "ymin": np.min(y), "ymax": np.max(y)}
    if chosen:
        try:
            source = CRS.from_user_input(chosen)
        except Exception:  # noqa: BLE001 — pyproj's CRSError
            raise reading.error("crs_invalid", crs=str(chosen)[:80], crs_needed=True) from None
        reading.note("note_crs_chosen", crs=crs_label(source))
    elif frame.crs is not None:
        source = frame.crs
        origin = reading.text(frame.attrs.get("crs_origin", "origin_prj"))
        reading.note("note_crs_declared", crs=crs_label(source), origin=origin)
    elif looks_geographic(x, y):
        source = CRS.from_epsg(4326)
        reading.note("note_crs_assumed")
    elif not swap and looks_swapped(x, y):
        # A latitude over 90 is not a latitude: checked before guessing, or small degree
        # values would pass for metres near a projection's false origin.
        raise reading.error("swapped", swap_offered=True, **extent)
    else:
        guess = guess_crs(x, y)
        if guess is None:
            if guess_crs(y, x) is not None:
                raise reading.error("swapped", swap_offered=True, **extent)
            raise reading.error("crs_needed", crs_needed=True, **extent)
        source = CRS.from_user_input(guess)
        reading.note("note_crs_guessed", crs=crs_label(source))
    if source.is_geographic and not swap and looks_swapped(x, y):
        raise reading.error("swapped", swap_offered=True, **extent)
    return source


def _swap_xy(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with x and y exchanged in every coordinate."""
    out = frame.copy()
    out["geometry"] = shapely.transform(frame.geometry.to_numpy(), lambda coords: coords[:, ::-1])
    return gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)


def _drop_missing(frame: gpd.GeoDataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """Drop features with no geometry, an empty one, or coordinates that are not finite numbers."""
    geometry = frame.geometry
    bounds = geometry.bounds.to_numpy()
    usable = ~(geometry.isna() | geometry.is_empty).to_numpy() & np.isfinite(bounds).all(axis=1)
    if not usable.any():
        raise reading.error("no_features")
    if not usable.all():
        reading.dropped("note_dropped_empty", frame.index, usable)
    return frame[usable]


def _repair(frame: gpd.GeoDataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """Invalid geometries (self-intersecting rings …) made valid, so joins and drawing work."""
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame = frame.copy()
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].to_numpy())
        reading.note("note_repaired", n=int(invalid.sum()))
    return frame


def _inside_korea(frame: gpd.GeoDataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """Features that touch Korea; the others dropped with a note, or an error when none does."""
    inside = frame.geometry.intersects(box(*KOREA)).to_numpy()
    if not inside.any():
        xmin, ymin, xmax, ymax = frame.total_bounds
        raise reading.error("outside_korea", crs_needed=True, xmin=xmin, xmax=xmax, ymin=ymin, ymax=ymax)
    if not inside.all():
        reading.dropped("note_dropped_outside", frame.index, inside)
    return frame[inside]
