"""Large layers: counts per area, categories and their colours."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.maps import FLOW_COLOURS
from geo.paths import DEFAULT_DATA_DIR
from geo.planner import aggregate

SECTOR_COLOURS = pd.read_csv(DEFAULT_DATA_DIR / "sectors.csv")["colour"].tolist()
AREAS = gpd.GeoDataFrame(
    {"code": ["A", "B"], "name_ko": ["가동", "나동"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326
)


# ---------------------------------------------------------------- palette


def test_delta_e_matches_published_pairs():
    """CIEDE2000 agrees with Sharma et al.'s test data (pairs given in Lab, here via their sRGB)."""
    assert aggregate.delta_e(["#ffffff"], ["#ffffff"])[0, 0] == pytest.approx(0, abs=1e-9)
    assert aggregate.delta_e(["#000000"], ["#ffffff"])[0, 0] == pytest.approx(100, abs=0.01)
    # Pure red against pure blue: 52.88 in CIEDE2000 (CIE76 would say 176).
    assert aggregate.delta_e(["#ff0000"], ["#0000ff"])[0, 0] == pytest.approx(52.88, abs=0.05)


def test_palette_stays_clear_of_sector_and_flow_colours_and_of_itself():
    """Every layer colour differs by ΔE00 ≥ 20 from every sector and flow colour and from each other."""
    layer = [*aggregate.PALETTE, aggregate.OTHER_COLOUR]
    belt = [*SECTOR_COLOURS, *FLOW_COLOURS.values()]
    assert aggregate.delta_e(layer, belt).min() >= aggregate.MIN_DELTA_E
    within = aggregate.delta_e(layer, layer) + np.eye(len(layer)) * 1000
    assert within.min() >= aggregate.MIN_DELTA_E
    # The old default, vermilion, was the 스마트 중공업 sector's own colour.
    assert aggregate.delta_e(["#D55E00"], SECTOR_COLOURS).min() == pytest.approx(0, abs=1e-6)


# ---------------------------------------------------------------- categories


def frame_of(values, points=None):
    points = points or [Point(0.5, 0.5)] * len(values)
    return gpd.GeoDataFrame({"업종": values}, geometry=points, crs=4326)


def test_categories_keep_the_most_frequent_and_put_the_rest_in_other():
    """Ten values, eight colours: the eight most frequent keep theirs, the rest and blanks are "기타"."""
    values = ["a"] * 10 + ["b"] * 9 + list("cdefgh") + ["i", "j", None, ""]
    cats = aggregate.categories(frame_of(values), "업종")
    assert cats.labels == ("a", "b", "c", "d", "e", "f", "g", "h", "기타")
    assert cats.counts == (10, 9, 1, 1, 1, 1, 1, 1, 4)
    assert cats.colours[-1] == aggregate.OTHER_COLOUR and cats.colours[:8] == aggregate.PALETTE
    assert cats.codes[0] == 0 and cats.codes[-1] == 8 and cats.codes[-3] == 8
    assert sum(cats.counts) == len(values)


def test_categories_without_a_column_are_one_colour():
    cats = aggregate.categories(frame_of(["x", "y"]), None, colour="#123456")
    assert cats.colours == ("#123456",) and cats.counts == (2,) and not cats.codes.any()


def test_category_candidates_prefer_industry_and_skip_unique_columns():
    """업종 (few values) is offered first; a name column (all different) and the geometry never."""
    n = 40
    frame = gpd.GeoDataFrame(
        {
            "업체명": [f"회사{i}" for i in range(n)],
            "규모": ["대", "중", "소", "소"] * 10,
            "업종": ["기계", "식품"] * 20,
        },
        geometry=[Point(0, 0)] * n,
        crs=4326,
    )
    assert aggregate.category_candidates(frame) == ["업종", "규모"]


# ---------------------------------------------------------------- counts


def test_area_counts_by_category_and_outside():
    """Points count in the area they lie in, per category; points in no area are counted as outside."""
    frame = frame_of(["x", "x", "y", "x"], [Point(0.2, 0.2), Point(1.5, 0.5), Point(1.6, 0.6), Point(5, 5)])
    cats = aggregate.categories(frame, "업종")
    x, y = aggregate.anchor_points(frame)
    counts = aggregate.area_counts(cats.codes, len(cats.labels), x, y, AREAS, "test")
    table = counts.table.set_index("code")
    assert table.loc["A", "count"] == 1 and table.loc["B", "count"] == 2
    assert table.loc["B", "by_category"] == [1, 1] and counts.outside == 1
    # The bubble's spot lies inside its area.
    assert AREAS.set_index("code").geometry["B"].contains(Point(table.loc["B", "lon"], table.loc["B", "lat"]))


def test_locate_agrees_with_a_spatial_join_on_real_districts():
    """The fast point-in-polygon gives the same district as geopandas' spatial join, on 5,000 points."""
    from geo.boundaries import load_sigungu

    sigungu = load_sigungu()
    rng = np.random.default_rng(3)
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(rng.uniform(126, 127.9, 5000), rng.uniform(34, 36.2, 5000)), crs=4326
    )
    x, y = aggregate.anchor_points(points)
    ours = aggregate.locate(x, y, sigungu)
    joined = gpd.sjoin(points, sigungu[["geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    theirs = joined["index_right"].fillna(-1).astype(int).to_numpy()
    assert (ours == theirs).mean() > 0.999 and (ours >= 0).sum() > 1000


def test_locate_from_many_threads_on_shared_districts_gives_one_answer():
    """Sessions count on threads against the same cached polygons: every thread gets the same rows.

    (Preparing the shared polygons in place from two threads at once crashed the server in GEOS;
    ``locate`` now prepares copies.)
    """
    from concurrent.futures import ThreadPoolExecutor

    from geo.boundaries import load_sigungu

    sigungu = load_sigungu()
    rng = np.random.default_rng(5)
    x, y = rng.uniform(126, 127.9, 20_000), rng.uniform(34, 36.2, 20_000)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: aggregate.locate(x, y, sigungu), range(16)))
    assert all((answer == answers[0]).all() for answer in answers) and (answers[0] >= 0).sum() > 5000


def test_summary_counts_per_sigungu_and_emd_add_up():
    """A summary's 시군구 and 읍면동 counts both add up to the features inside the belt."""
    from geo.boundaries import load_sigungu
    from tests.layer_fixture import random_firms

    sigungu = load_sigungu()
    firms = random_firms(3000, sigungu)
    summary = aggregate.summarise(firms, sigungu, "업종")
    assert summary.sigungu.table["count"].sum() == 3000 and summary.sigungu.outside == 0
    assert summary.emd.table["count"].sum() + summary.emd.outside == 3000
    assert summary.emd.table["count"].sum() > 2900  # 법정동 cover the land; a few points fall in gaps
    assert len(summary.emd.table) > len(summary.sigungu.table) and summary.is_point
