"""Tables with coordinates: which columns hold them, and numbers written as Korean offices write them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo.planner.ingest.tables import coordinate_columns, to_number


@pytest.mark.parametrize(
    ("columns", "found"),
    [
        (["이름", "위도", "경도"], ("xy", "경도", "위도")),
        (["Point X", "Point_Y"], ("xy", "Point X", "Point_Y")),
        (["LAT", "Lng", "x", "y"], ("xy", "Lng", "LAT")),  # a named pair wins over x/y
        (["name", "WKT"], ("wkt", "WKT")),
        (["name", "address"], None),
    ],
)
def test_coordinate_columns(columns, found):
    """Latitude/longitude pairs are found whatever their case, spacing or underscores; then WKT; else None."""
    assert coordinate_columns(columns) == found


def test_to_number_reads_thousands_separators_and_refuses_the_rest():
    """``1,234,567.8`` is a number; a misplaced comma, infinity and text are not."""
    values = to_number(pd.Series(["1,234,567.8", " 35.1 ", "12,34", "inf", "북위 35"]))
    assert values[:2].tolist() == [1234567.8, 35.1] and all(math.isnan(v) for v in values[2:])
