"""Planner-like test layers made on the spot: random firms inside the belt's 시군구, never committed.

A firm register of the kind the issue describes (위도/경도, 업체명, 업종): points spread over the
belt's 시군구, denser in Gwangju's five 구 (as firms are), with Korean names and an 업종 column
of twelve values (more than the palette has, so "기타" appears).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

INDUSTRIES = (
    "자동차부품",
    "에너지",
    "바이오·헬스",
    "식품",
    "기계",
    "전자부품",
    "화학",
    "섬유",
    "금속가공",
    "조선기자재",
    "소프트웨어",
    "물류",
)
NAME_HEADS = ("한빛", "무등", "영산", "남도", "새만금", "호남", "빛고을", "서해", "다도해", "모악")
NAME_TAILS = ("정밀", "테크", "산업", "에너지", "바이오", "푸드", "기계", "전자", "화학", "솔루션")


def random_firms(n: int, sigungu: gpd.GeoDataFrame, seed: int = 13) -> gpd.GeoDataFrame:
    """``n`` points inside ``sigungu`` with 업체명 and 업종, in EPSG:4326.

    Each 시군구 gets points in proportion to its area, Gwangju's 구 (codes 29…) eight times as
    many; inside it they are uniform (rejection sampling in its bounding box).
    """
    rng = np.random.default_rng(seed)
    weights = sigungu.to_crs(5179).geometry.area.to_numpy() * np.where(sigungu["code"].str.startswith("29"), 8.0, 1.0)
    per_area = rng.multinomial(n, weights / weights.sum())
    xs, ys = [], []
    for geom, want in zip(sigungu.geometry.values, per_area, strict=True):
        shapely.prepare(geom)
        west, south, east, north = geom.bounds
        got_x, got_y, have = [], [], 0
        while have < want:
            x = rng.uniform(west, east, max(64, 3 * (want - have)))
            y = rng.uniform(south, north, len(x))
            inside = shapely.contains_xy(geom, x, y)
            got_x.append(x[inside])
            got_y.append(y[inside])
            have += int(inside.sum())
        xs.append(np.concatenate(got_x)[:want] if got_x else np.empty(0))
        ys.append(np.concatenate(got_y)[:want] if got_y else np.empty(0))
    x, y = np.concatenate(xs), np.concatenate(ys)
    order = rng.permutation(len(x))
    names = (
        pd.Series(rng.choice(NAME_HEADS, n))
        + pd.Series(rng.choice(NAME_TAILS, n))
        + " "
        + pd.Series(np.arange(1, n + 1)).astype(str)
    )
    # A skewed mix of industries, as in a real register (a few dominate).
    industry_weights = 1 / np.arange(1, len(INDUSTRIES) + 1)
    industries = rng.choice(INDUSTRIES, n, p=industry_weights / industry_weights.sum())
    return gpd.GeoDataFrame(
        {"업체명": names.to_numpy(), "업종": industries},
        geometry=gpd.points_from_xy(x[order], y[order]),
        crs="EPSG:4326",
    )


def firms_csv(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """The firms as a CSV with 위도/경도 columns (UTF-8), as a planner exports from Excel."""
    table = pd.DataFrame(
        {
            "업체명": frame["업체명"],
            "업종": frame["업종"],
            "위도": frame.geometry.y.round(6),
            "경도": frame.geometry.x.round(6),
        }
    )
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def firms_gpkg(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """The firms as a GeoPackage."""
    import pyogrio

    pyogrio.write_dataframe(frame, path, driver="GPKG", layer="firms", use_arrow=True)
    return path
