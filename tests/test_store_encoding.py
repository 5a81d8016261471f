"""A layer as the store writes it: WKB and JSON per feature, read back with its columns' dtypes."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from geo.planner.store.encoding import decode_layer, encode_layer


def test_dtypes_and_missing_values_survive_encoding():
    """Datetimes, nullable integers, gaps and a missing geometry come back as they went in."""
    frame = gpd.GeoDataFrame(
        {"when": pd.to_datetime(["2024-01-02", None]), "count": pd.array([1, None], "Int64"), "text": ["가", None]},
        geometry=[shapely.Point(127, 35), None],
        crs="EPSG:4326",
    )
    encoded = encode_layer(frame)
    assert_geodataframe_equal(decode_layer(encoded.wkb, encoded.props, encoded.columns), frame)


def test_encoding_keeps_korean_text_drops_nul_and_z_and_counts_bytes():
    """Hangul is stored as text (not \\u escapes), U+0000 is removed for PostgreSQL, Z is dropped, size is exact."""
    frame = gpd.GeoDataFrame({"이름": ["광주\x00북구"]}, geometry=[shapely.Point(126.9, 35.1, 40.0)], crs="EPSG:4326")
    encoded = encode_layer(frame)
    assert encoded.props == ['{"이름":"광주북구"}'] and [name for name, _ in encoded.columns] == ["이름"]
    assert not shapely.from_wkb(encoded.wkb[0]).has_z
    assert encoded.size == len(encoded.wkb[0]) + len(encoded.props[0].encode())


def test_duplicate_column_names_are_refused():
    """Two columns that would share a JSON key cannot be stored."""
    frame = gpd.GeoDataFrame(pd.DataFrame([[1, 2]], columns=["a", "a"]), geometry=[shapely.Point(127, 35)])
    with pytest.raises(ValueError, match="unique"):
        encode_layer(frame)
