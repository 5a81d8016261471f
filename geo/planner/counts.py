"""A planner's layer counted: its summary (categories, counts per 시군구 and 읍면동) and the count tables.

Pure: the pages cache each summary (``ui.layer.layer_summary``) and pass it to ``geo.planner.overlay``.
"""

from __future__ import annotations

import uuid

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.cells import is_hex_colour
from geo.i18n import t
from geo.planner.aggregate import DEFAULT_COLOUR, AreaCounts, LayerSummary, anchor_points, locate, summarise


def layer_colour(value: object) -> str:
    """``value`` when it is ``#RRGGBB``, else the default colour (never raw text in a style)."""
    return value if is_hex_colour(value) else DEFAULT_COLOUR


def layer_key(layer: dict) -> str:
    """The 32-hex-digit key of a layer: its store id, else the session's token for it (made here if missing)."""
    key = layer.get("id") or layer.get("token")
    if not key:
        key = layer["token"] = uuid.uuid4().hex
    return key


def layer_summary(layer: dict, sigungu: gpd.GeoDataFrame, lang: str) -> LayerSummary:
    """The layer's categories and counts (``geo.planner.aggregate.summarise``) in its colouring.

    Counting a million points takes seconds: the pages keep each summary by ``summary_key``
    (``ui.layer.layer_summary``) and hand it to the functions that draw the layer.
    """
    column = layer.get("colour_column")
    return summarise(layer["gdf"], sigungu, column, layer_colour(layer.get("colour")), t("layer_other", lang))


def summary_key(layer: dict, lang: str) -> tuple:
    """What a layer's summary depends on: the layer, its size, its colouring column (or colour), the language."""
    column = layer.get("colour_column")
    colour = layer_colour(layer.get("colour"))
    n = layer.get("n") or len(layer["gdf"])  # a layer prepared in a worker knows its size without its features
    return (layer_key(layer), n, column, colour if column is None else None, lang)


def count_by_sigungu(gdf: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame) -> pd.DataFrame:
    """The number of uploaded features in each 시군구.

    A point counts where it lies; a line or polygon where a point guaranteed to be on it lies,
    so a road crossing three districts is counted once.

    Parameters
    ----------
    gdf : GeoDataFrame
        The uploaded features.
    sigungu : GeoDataFrame
        시군구 polygons with ``code`` and ``name_ko``.

    Returns
    -------
    DataFrame
        ``code``, ``name_ko`` and ``uploaded``, one row per 시군구 (zero where none lies).
    """
    if sigungu.crs is not None and gdf.crs is not None and gdf.crs != sigungu.crs:
        gdf = gdf.to_crs(sigungu.crs)
    x, y = anchor_points(gdf)
    where = locate(x, y, sigungu)
    out = sigungu[["code", "name_ko"]].reset_index(drop=True)
    out["uploaded"] = np.bincount(where[where >= 0], minlength=len(sigungu)).astype(int)
    return out


def counts_table(counts: AreaCounts, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """``code``, ``name_ko`` and ``uploaded`` for every area, zero where no feature lies."""
    out = areas[["code", "name_ko"]].reset_index(drop=True)
    out["uploaded"] = out["code"].map(dict(zip(counts.table["code"], counts.table["count"]))).fillna(0).astype(int)
    return out


def add_site_counts(counts: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """``counts`` with a ``sites`` column: catalogue sites per 시군구 (from ``joins.sites_with_sigungu``)."""
    out = counts.copy()
    out["sites"] = out["code"].map(sites.groupby("joined_code").size()).fillna(0).astype(int)
    return out


def sigungu_counts(summary: LayerSummary, sigungu: gpd.GeoDataFrame, sites: pd.DataFrame | None, lang: str):
    """The layer's count per 시군구, beside the catalogue's sites when given, most first, headed in ``lang``.

    ``sites`` is ``joins.sites_with_sigungu`` output, or None when the catalogue cannot be read.
    """
    counts = counts_table(summary.sigungu, sigungu)
    if sites is not None:
        counts = add_site_counts(counts, sites)
    counts = counts.sort_values([c for c in ("uploaded", "sites") if c in counts], ascending=False, kind="stable")
    headers = {k: t(f"col_{k}", lang) for k in ("code", "uploaded", "sites")} | {"name_ko": t("col_sigungu", lang)}
    return counts.rename(columns=headers)


def emd_counts(summary: LayerSummary, lang: str) -> pd.DataFrame:
    """The layer's count per 읍면동 that holds any of it, most first, headed in ``lang``."""
    emd = summary.emd.table[["code", "name_ko", "count"]].sort_values("count", ascending=False, kind="stable")
    headers = {"code": "col_emd_code", "name_ko": "col_emd", "count": "col_uploaded"}
    return emd.rename(columns={column: t(key, lang) for column, key in headers.items()})
