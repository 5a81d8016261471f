"""Boundaries: the three regions' official polygons with today's names and codes, simplified."""

import pandas as pd
import pytest

from geo import boundaries


@pytest.fixture(scope="module")
def sigungu():
    return boundaries.load_sigungu()


def test_sigungu_counts_per_region(sigungu):
    """Gwangju 5, Jeonnam 22, Jeonbuk 15 (Jeonju's 완산구 and 덕진구 are separate units)."""
    assert sigungu.groupby("region").size().to_dict() == {"gwangju": 5, "jeonnam": 22, "jeonbuk": 15}


def test_jeonbuk_has_current_codes_and_name(sigungu):
    """No 45xxx code or 전라북도 is left; Jeonbuk is 전북특별자치도 with codes 52xxx."""
    jeonbuk = sigungu[sigungu["region"] == "jeonbuk"]
    assert jeonbuk["code"].str.startswith("52").all()
    assert not sigungu["code"].str.startswith("45").any()
    assert {"52111", "52113", "52130"} <= set(jeonbuk["code"])
    sido = boundaries.load_sido()
    assert dict(zip(sido["code"], sido["name_ko"]))["52"] == "전북특별자치도"


def test_polygons_are_valid_and_in_wgs84(sigungu):
    """Every polygon is valid (the source has self-intersecting rings that are repaired)."""
    assert sigungu.crs.to_epsg() == 4326
    assert sigungu.is_valid.all()
    assert set(sigungu.geom_type) <= {"Polygon", "MultiPolygon"}


def test_apply_admin_changes_maps_old_codes_only():
    """Rows in the change table take the new code and name; others are untouched."""
    frame = pd.DataFrame({"code": ["45130", "29170"], "name_ko": ["군산시", "북구"]})
    changes = pd.DataFrame({"level": ["sigungu"], "old_code": ["45130"], "new_code": ["52130"], "new_name": ["군산시"]})
    out = boundaries.apply_admin_changes(frame, changes, "sigungu")
    assert out["code"].tolist() == ["52130", "29170"]


def test_display_boundaries_are_smaller_and_keep_shared_borders(sigungu):
    """Simplification removes most vertices, keeps every unit, and opens no gap between neighbours."""
    shown = boundaries.display_boundaries("sigungu")
    assert len(shown) == len(sigungu)
    assert boundaries.vertex_count(shown) < 0.5 * boundaries.vertex_count(sigungu)
    assert shown.is_valid.all()
    metric = shown.to_crs(5179)
    # Neighbours share their simplified border: overlaps between units stay negligible.
    overlap = metric.geometry.area.sum() - metric.union_all().area
    assert overlap < 0.001 * metric.union_all().area
    # And the region's total area hardly changes.
    original = sigungu.to_crs(5179).union_all().area
    assert abs(metric.union_all().area - original) < 0.01 * original


def test_sido_outline_has_no_hairline_holes():
    """The bold 시도 outline keeps Gwangju's hole in Jeonnam but no slivers along inner borders."""
    import shapely

    sido = boundaries.display_boundaries("sido").set_index("region")
    holes = [shapely.Polygon(ring).area for part in sido.geometry["jeonnam"].geoms for ring in part.interiors]
    assert min(holes) >= boundaries.SIDO_OUTLINE_MIN_HOLE
    assert any(area > 0.04 for area in holes)  # Gwangju, about 500 km², sits inside Jeonnam
    assert sum(len(p.interiors) for p in getattr(sido.geometry["gwangju"], "geoms", [sido.geometry["gwangju"]])) == 0


def test_belt_boundaries_are_lighter_still_and_keep_shared_borders(sigungu):
    """The live map's belt-zoom version: every unit, fewer vertices than the display's, no gap or overlap opened."""
    belt, shown = boundaries.belt_boundaries("sigungu"), boundaries.display_boundaries("sigungu")
    assert belt["code"].tolist() == shown["code"].tolist() and belt.is_valid.all()
    assert boundaries.vertex_count(belt) < 0.75 * boundaries.vertex_count(shown)
    metric = belt.to_crs(5179)
    # The source's units overlap by 0.06 % of the belt already (0.09 % at the display's tolerance): at
    # 0.004° the same slivers grow to 0.23 %, about 10 m along each border, far under a pixel below zoom 9.
    assert metric.geometry.area.sum() - metric.union_all().area < 0.003 * metric.union_all().area
    original = sigungu.to_crs(5179).union_all().area
    assert abs(metric.union_all().area - original) < 0.01 * original
    assert len(boundaries.belt_boundaries("sido")) == 3
