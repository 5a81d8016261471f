"""Which CRS an upload's coordinates are in: Korean projections guessed, swapped axes recognised."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from geo.planner.ingest.crs import guess_crs, looks_geographic, looks_swapped

# Gwangju, Jeonju and Mokpo as longitude/latitude.
BELT = [(126.912, 35.174), (127.148, 35.812), (126.392, 34.812)]


def belt_points(crs: str | int) -> gpd.GeoDataFrame:
    """The three belt points in ``crs``."""
    return gpd.GeoDataFrame(geometry=[Point(lon, lat) for lon, lat in BELT], crs=4326).to_crs(crs)


@pytest.mark.parametrize("code", ["EPSG:5186", "EPSG:5179", "EPSG:32652", "EPSG:5187"])
def test_guess_crs_recognises_korean_projections(code):
    """Belt points in the main Korean projections are recognised as theirs."""
    frame = belt_points(code)
    assert guess_crs(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()) == code


def test_guess_crs_prefers_the_belt():
    """Of two CRSs that both put points in Korea, the one that puts them in the belt wins."""
    # Gwangju in 5186 read as 5185 would sit 2° further east, in Gyeongbuk: still Korea, not the belt.
    frame = belt_points(5185)
    assert guess_crs(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()) == "EPSG:5185"


def test_guess_crs_gives_none_for_points_no_korean_crs_places_in_korea():
    """Metres that fall outside Korea in every Korean projection are not guessed."""
    assert guess_crs(np.array([5e7, 5.1e7]), np.array([5e7, 5.1e7])) is None


def test_swapped_longitude_and_latitude_are_recognised():
    """Latitude in x and longitude in y lands in Korea only once swapped; the right order is not swapped."""
    lon, lat = np.array([p[0] for p in BELT]), np.array([p[1] for p in BELT])
    assert looks_swapped(lat, lon) and not looks_swapped(lon, lat)


def test_looks_geographic_needs_half_the_points_in_degree_range():
    """One stray projected pair does not make a file of degrees projected; mostly metres are not degrees."""
    assert looks_geographic(np.array([126.9, 127.1, 190_000.0]), np.array([35.1, 35.8, 180_000.0]))
    assert not looks_geographic(np.array([190_000.0, 195_000.0, 127.1]), np.array([180_000.0, 185_000.0, 35.8]))
