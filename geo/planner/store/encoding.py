"""A layer as the store writes it: one WKB geometry and one JSON text per feature, and back.

Both backends store exactly this encoding, so a layer reads back the same from either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# Dtypes restored on load; anything else comes back as the JSON gave it (text, numbers).
RESTORED_KINDS = ("int", "uint", "Int", "UInt", "float", "Float", "bool", "boolean", "datetime64")


@dataclass(frozen=True)
class _Encoded:
    """A layer ready to write: one WKB and one JSON text per feature, the column list, the size."""

    wkb: list[bytes | None]
    props: list[str]
    columns: list[list[str]]
    size: int


def encode_layer(gdf: gpd.GeoDataFrame) -> _Encoded:
    """Features as (WKB, JSON attributes) pairs, with the columns' names and dtypes to restore them.

    A frame without a CRS is taken to be EPSG:4326; another CRS is reprojected. Attributes are
    written by pandas' JSON writer (fast; NaN becomes null; Korean text kept as is).
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
    attributes = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    attributes.columns = [str(c) for c in attributes.columns]
    if attributes.columns.duplicated().any():
        raise ValueError("column names must be unique")
    geoms = shapely.force_2d(np.asarray(gdf.geometry.values, dtype=object))
    wkb = [None if g is None else bytes(g) for g in shapely.to_wkb(geoms)]
    if len(attributes.columns):
        text = _records_json(attributes)
        if "\\u0000" in text:
            # PostgreSQL's jsonb cannot hold U+0000, and it never means anything in a planner's table.
            for column in _text_columns(attributes):
                attributes[column] = attributes[column].map(
                    lambda v: v.replace("\x00", "") if isinstance(v, str) else v
                )
            text = _records_json(attributes)
        props = text.rstrip("\n").split("\n") if len(attributes) else []
    else:
        props = ["{}"] * len(attributes)
    columns = [[c, str(dtype)] for c, dtype in attributes.dtypes.items()]
    size = sum(len(w) for w in wkb if w) + sum(len(p.encode()) for p in props)
    return _Encoded(wkb, props, columns, size)


def _records_json(attributes: pd.DataFrame) -> str:
    """One JSON object per line (pandas' C writer: fast; NaN as null; 15 significant digits)."""
    return attributes.reset_index(drop=True).to_json(
        orient="records", lines=True, force_ascii=False, date_format="iso", double_precision=15
    )


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]


def decode_layer(wkb: list, props: list[str], columns: list[list[str]]) -> gpd.GeoDataFrame:
    """The frame ``encode_layer`` encoded: attributes in their order and (where possible) dtypes."""
    names = [name for name, _ in columns]
    # One json.loads of the joined rows is faster than one per row.
    records = json.loads("[" + ",".join(props) + "]")
    frame = pd.DataFrame(records, columns=names) if records else pd.DataFrame(columns=names)
    for name, dtype in columns:
        if dtype.startswith(RESTORED_KINDS) and str(frame[name].dtype) != dtype:
            try:
                frame[name] = (
                    pd.to_datetime(frame[name]).astype(dtype)
                    if dtype.startswith("datetime64")
                    else frame[name].astype(dtype)
                )
            except (TypeError, ValueError):
                pass  # keep the values as read rather than lose the layer
    geoms = shapely.from_wkb(np.array([None if w is None else bytes(w) for w in wkb], dtype=object))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


def decode_rows(rows: list, columns: list[list[str]]) -> gpd.GeoDataFrame:
    """The frame from a backend's (WKB, JSON text) rows, in feature order."""
    wkb, props = (list(column) for column in zip(*rows)) if rows else ([], [])
    return decode_layer(wkb, props, columns)
