"""A planner's layer over the belt: small ones as features, large ones as counts and tiles, nothing from outside."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.boundaries import load_sigungu
from geo.planner import aggregate, overlay
from geo.planner import counts as layer_counts
from tests.catalogue_fixture import SIGUNGU
from tests.helpers import XSS
from tests.layer_fixture import random_firms
from tests.places_fixture import NAMES, places

AREAS = gpd.GeoDataFrame(
    {"code": ["A", "B"], "name_ko": ["가동", "나동"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326
)
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def layer_data(group) -> dict:
    """The data the layer's script hands to the browser."""
    return next(c for c in group._children.values() if hasattr(c, "data")).data


def places_layer(**extra) -> dict:
    """The three test places as an uploaded layer dict, as the session keeps it."""
    return {"name": "mine", "gdf": places(), "label_column": "name", "colour": "#D55E00", **extra}


# ---------------------------------------------------------------- counts


def test_lines_and_polygons_count_once_where_a_point_on_them_lies():
    """A road across two areas counts once, in one of them; a polygon counts where it lies."""
    frame = gpd.GeoDataFrame(geometry=[LineString([(0.1, 0.5), (1.9, 0.5)]), box(1.2, 0.2, 1.4, 0.4)], crs=4326)
    counts = layer_counts.count_by_sigungu(frame, AREAS)
    assert counts["uploaded"].sum() == 2 and counts.set_index("code").at["B", "uploaded"] >= 1


def test_counts_table_lists_every_area_with_zero_where_none_lies():
    """Areas the summary has no row for are listed with 0, in the areas' order."""
    counts = aggregate.AreaCounts("sigungu", pd.DataFrame({"code": ["B"], "count": [7]}), 0)
    table = layer_counts.counts_table(counts, AREAS)
    assert table.to_dict("records") == [
        {"code": "A", "name_ko": "가동", "uploaded": 0},
        {"code": "B", "name_ko": "나동", "uploaded": 7},
    ]


def test_choropleth_values_use_the_map_classes():
    """The layer's counts are coloured in the map's choropleth classes, the largest in the darkest."""
    counts = aggregate.AreaCounts("sigungu", pd.DataFrame({"code": ["A", "B", "C"], "count": [1, 10, 100]}), 0)
    values = overlay.choropleth_values(counts, "ko")
    from geo.maps import CHORO_COLOURS

    assert set(values["colours"]) == {"A", "B", "C"} and 3 <= len(values["legend"]) <= len(CHORO_COLOURS)
    assert values["colours"]["C"] == CHORO_COLOURS[-1] and values["colours"]["A"] != CHORO_COLOURS[-1]


# ---------------------------------------------------------------- small and large layers


def test_is_small_counts_features_and_coordinates():
    """Up to SMALL_LAYER features and SMALL_COORDS coordinates a layer is small; one more of either, not."""
    points = gpd.GeoDataFrame(geometry=[Point(126.9, 35.2)] * overlay.SMALL_LAYER, crs=4326)
    assert overlay.is_small(points)
    assert not overlay.is_small(pd.concat([points, points.iloc[:1]]))
    line = LineString([(126 + i * 1e-5, 35.0) for i in range(overlay.SMALL_COORDS + 1)])
    assert not overlay.is_small(gpd.GeoDataFrame(geometry=[line], crs=4326))


def test_small_geojson_keeps_the_category_and_the_escaped_label_only():
    """Each feature carries ``c`` and ``n`` (HTML-escaped, blank when missing), coordinates to 5 decimals."""
    frame = gpd.GeoDataFrame(
        {"name": ["<b>가</b>", None], "rank": [1, 2]}, geometry=[Point(126.1234567, 35.1), Point(127, 35)], crs=4326
    )
    features = overlay.small_geojson(frame, [0, 1], "name")["features"]
    assert [f["properties"] for f in features] == [{"c": 0, "n": "&lt;b&gt;가&lt;/b&gt;"}, {"c": 1, "n": ""}]
    assert features[0]["geometry"]["coordinates"][0] == pytest.approx(126.12346, abs=1e-9)


def test_small_layer_travels_as_features_in_the_script():
    """Three places: every feature is in the layer's data, with its name, and no tile URL."""
    data = layer_data(overlay.planner_overlay(places_layer(token="c" * 32), SIGUNGU, "ko"))
    assert data["small"] is True and data["tiles"] is None
    assert [f["properties"]["n"] for f in data["features"]["features"]] == NAMES


def test_a_large_layer_that_is_not_stored_gets_no_tiles_and_shows_counts(tmp_path):
    """A large layer without a store id: no tile folder is written, and its script carries counts, no features."""
    layer = {"token": "f" * 32, "name": "firms", "gdf": random_firms(overlay.SMALL_LAYER + 1, SIGUNGU), "colour": "x"}
    data = layer_data(overlay.planner_overlay(layer, SIGUNGU, "ko", tiles_root=tmp_path))
    assert data["tiles"] is None and data["features"] is None and data["small"] is False
    assert sum(r[2] for r in data["sgg"]) == overlay.SMALL_LAYER + 1 and data["text"]["untiled"]
    assert not list(tmp_path.iterdir())


def test_large_layer_sends_counts_and_a_tile_url_not_features(tmp_path):
    """3,000 points: the layer's script holds the counts and the tiles' URL, no coordinates of features."""
    sigungu = load_sigungu()
    layer = {
        "id": "b" * 32,
        "name": "공장 <3000>",
        "gdf": random_firms(3000, sigungu),
        "label_column": "업체명",
        "colour": "#123456",
        "colour_column": "업종",
    }
    group = overlay.planner_overlay(layer, sigungu, "ko", tiles_root=tmp_path)
    data = layer_data(group)
    assert data["small"] is False and data["features"] is None
    assert data["tiles"].startswith("/app/static/layers/" + "b" * 32 + "/")
    assert len(data["sgg"]) <= len(sigungu) and sum(r[2] for r in data["sgg"]) == 3000
    assert data["name"] == "공장 &lt;3000&gt;" and "업종" in data["column"]
    assert len(json.dumps(data, ensure_ascii=False).encode()) < 150_000
    assert list((tmp_path / ("b" * 32)).glob("*.pmtiles"))
    # The same layer again: the same script (nothing new to send on a rerun), the tiles not written again.
    again = overlay.planner_overlay(layer, sigungu, "ko", tiles_root=tmp_path)
    assert layer_data(again) == data


def test_export_layer_gives_points_when_small_and_counts_when_large():
    """The export draws a small layer's points; a large one's counts per 시군구, with a note that says so."""
    sigungu = load_sigungu()
    small = overlay.export_layer(places_layer(token="d" * 32), sigungu, "ko")
    xs, ys, codes = small["points"]
    assert len(xs) == len(ys) == len(codes) == 3 and small["note"] is None
    assert small["colours"] == ["#D55E00"] and small["labels"] == ["mine · 3"]
    firms = {"token": "e" * 32, "name": "firms", "gdf": random_firms(overlay.SMALL_LAYER + 1, sigungu), "colour": "x"}
    large = overlay.export_layer(firms, sigungu, "ko")
    assert large["points"] is None and large["note"]
    assert sum(area[2] for area in large["areas"]) == overlay.SMALL_LAYER + 1
    assert large["colours"] == [aggregate.DEFAULT_COLOUR]  # "x" is no colour: never raw text in a style


def test_layer_key_is_the_store_id_else_one_token_made_once():
    """A stored layer is keyed by its id; an unsaved one gets a token, kept in the dict for the next call."""
    assert layer_counts.layer_key({"id": "f" * 32, "token": "0" * 32}) == "f" * 32
    layer = {}
    key = layer_counts.layer_key(layer)
    assert re.fullmatch(r"[0-9a-f]{32}", key) and layer["token"] == key and layer_counts.layer_key(layer) == key


# ---------------------------------------------------------------- preview map


def outside_addresses(page: str) -> list[str]:
    """The addresses in an HTML page that point off this server: absolute URLs to another host, ``//host`` links."""
    absolute = [url for url in re.findall(r"https?://[^\s\"'<>)]+", page) if urlparse(url).hostname not in LOOPBACK]
    linked = re.findall(r'(?:src|href)="([^"]*)"', page)
    return absolute + [link for link in linked if link.startswith("//") or not link.startswith("/")]


def test_preview_map_loads_nothing_from_outside():
    """Leaflet and its styles come from this server's /app/static; no address in the page leaves it."""
    page = overlay.preview_map(SIGUNGU, SIGUNGU, places_layer(token="1" * 32), "ko").get_root().render()
    assert '<script src="/app/static/leaflet/leaflet.js">' in page
    assert outside_addresses(page) == []
    assert outside_addresses('<link href="//cdn.example/l.css"> https://unpkg.com/x http://127.0.0.1:8501/') == [
        "https://unpkg.com/x",
        "//cdn.example/l.css",
    ]


# ---------------------------------------------------------------- overlay


def test_overlay_layer_escapes_labels_and_styles_points():
    """Point labels are HTML-escaped, markers carry the upload-marker class and the chosen colour."""
    frame = gpd.GeoDataFrame(
        {"name": [XSS, "광주광역시 북구"]}, geometry=[Point(126.9, 35.2), Point(127, 35.3)], crs=4326
    )
    layer = overlay.overlay_layer(frame, "내 <레이어>", "name", "#123ABC", sigungu=SIGUNGU)
    page = folium_page(layer)
    assert XSS not in page and "<img" not in page
    assert json.dumps(html.escape(XSS))[1:-1].replace("&", "\\u0026") in page
    assert '"markerClass": "upload-marker"' in page and '"colours": ["#123ABC"]' in page
    assert "내 &lt;레이어&gt;" in layer.layer_name and "<레이어>" not in layer.layer_name


def test_overlay_layer_draws_lines_and_polygons_as_geojson_and_checks_colour():
    """Lines and polygons travel as GeoJSON in the colour; a bad colour falls back to the default."""
    frame = gpd.GeoDataFrame(
        {"name": ["선", "면"]},
        geometry=[LineString([(126.8, 35.1), (127, 35.2)]), box(126.8, 35.1, 127, 35.3)],
        crs=4326,
    )
    page = folium_page(overlay.overlay_layer(frame, "shapes", None, "red; background:url(x)", sigungu=SIGUNGU))
    assert '"LineString"' in page and '"Polygon"' in page
    assert aggregate.DEFAULT_COLOUR in page and "background:url" not in page


def folium_page(layer) -> str:
    """The HTML of a map holding ``layer``."""
    import folium

    m = folium.Map(tiles=None)
    layer.add_to(m)
    return m.get_root().render()


def test_count_by_sigungu_counts_points_and_representative_points():
    """Points count where they lie, a polygon where its representative point lies, outside points nowhere."""
    frame = gpd.GeoDataFrame(
        {"name": ["a", "b", "c", "d"]},
        geometry=[Point(126.9, 35.2), Point(126.95, 35.25), box(125.95, 34.75, 126.05, 34.85), Point(128.5, 36.5)],
        crs=4326,
    )
    counts = layer_counts.count_by_sigungu(frame, SIGUNGU)
    assert dict(zip(counts["code"], counts["uploaded"], strict=True)) == {"29170": 2, "46910": 1, "52130": 0}
    assert list(counts.columns) == ["code", "name_ko", "uploaded"]


def test_count_by_sigungu_reprojects_to_the_polygons():
    """Features in another CRS are counted after reprojection, not compared in metres against degrees."""
    frame = gpd.GeoDataFrame(geometry=[Point(126.9, 35.2)], crs=4326).to_crs(5179)
    assert layer_counts.count_by_sigungu(frame, SIGUNGU)["uploaded"].tolist() == [1, 0, 0]


def test_add_site_counts():
    """The catalogue's site count per 시군구 is added next to the uploaded count."""
    counts = pd.DataFrame({"code": ["29170", "46910"], "name_ko": ["북구", "신안군"], "uploaded": [2, 0]})
    sites = pd.DataFrame({"joined_code": ["29170", "29170", "46910", "99999"]})
    assert layer_counts.add_site_counts(counts, sites)["sites"].tolist() == [2, 1]


def test_label_candidates_put_the_name_first():
    """A name-like column is offered first for tooltips, and the geometry never."""
    frame = gpd.GeoDataFrame({"rank": [1], "주소": ["우치로"], "시설명": ["북구청"]}, geometry=[Point(126.9, 35.2)])
    assert overlay.label_candidates(frame) == ["시설명", "주소", "rank"]


def test_layer_bounds_cover_belt_and_layer():
    """The preview frames the belt and a layer that reaches beyond it."""
    frame = gpd.GeoDataFrame(geometry=[Point(129.0, 37.5)], crs=4326)
    (south, west), (north, east) = overlay.layer_bounds(frame)
    assert north == 37.5 and east == 129.0 and south < 34.5 and west < 126.0


def test_preview_map_is_offline_and_holds_the_layer():
    """The preview has the boundaries and the layer, (offline: see test_preview_map_loads_nothing_from_outside)."""
    layer = {"name": "mine", "gdf": places(), "label_column": "name", "colour": "#D55E00"}
    page = overlay.preview_map(SIGUNGU, SIGUNGU, layer, "ko").get_root().render()
    assert '"markerClass": "upload-marker"' in page and '"small": true' in page
    assert json.dumps("광주광역시 북구")[1:-1] in page and json.dumps("신안군")[1:-1] in page


def test_count_tables_rank_the_areas_and_head_their_columns_in_the_language():
    """Every 시군구 with the layer's count (most first) beside the catalogue's sites; the 읍면동 that hold any."""
    from geo.i18n import t

    sigungu = load_sigungu()
    frame = places()
    summary = layer_counts.layer_summary({"name": "mine", "gdf": frame, "colour": "#D55E00"}, sigungu, "en")
    sites = pd.DataFrame({"joined_code": [sigungu["code"].iloc[0]] * 2})
    table = layer_counts.sigungu_counts(summary, sigungu, sites, "en")
    uploaded = table[t("col_uploaded", "en")]
    assert list(table.columns) == [t(f"col_{c}", "en") for c in ("code", "sigungu", "uploaded", "sites")]
    assert len(table) == len(sigungu) and uploaded.is_monotonic_decreasing
    assert uploaded.sum() + summary.sigungu.outside == len(frame) and uploaded.iloc[0] > 0
    assert t("col_sites", "ko") not in layer_counts.sigungu_counts(summary, sigungu, None, "ko")
    emd = layer_counts.emd_counts(summary, "ko")
    assert list(emd.columns) == [t(key, "ko") for key in ("col_emd_code", "col_emd", "col_uploaded")]
    assert emd[t("col_uploaded", "ko")].sum() + summary.emd.outside == len(frame)
