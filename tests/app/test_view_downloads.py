"""AppTest of the view's GeoPackage and workbook buttons on the map and programmes pages."""

from __future__ import annotations

import io
import sqlite3

import geopandas as gpd
import openpyxl
import pyogrio
import pytest
from shapely.geometry import Point

from geo.catalogue import load_catalogue
from geo.paths import DEFAULT_DATA_DIR
from geo.planner.layer import PlannerLayer
from tests.helpers import download_labels


def last_file(deferred: dict, ext: str):
    """The file name and builder of the last download registered whose name ends in ``.ext``."""
    return [(name, build) for name, build in deferred.items() if name.endswith(f".{ext}")][-1]


@pytest.mark.parametrize("page", [None, "views/programs.py"])
def test_gpkg_and_xlsx_sit_beside_the_other_downloads(new_app, page):
    """Both pages offer the GeoPackage and the workbook after their existing downloads, with a CRS choice."""
    app = new_app(page)
    app.run()
    assert not app.exception
    shown = download_labels(app)
    assert shown[-2:] == ["QGIS용 GeoPackage", "엑셀 통합문서"]
    assert len(shown) > 2  # the map's PNG/PDF, the programmes' CSVs come first
    key = "dl_crs_map" if page is None else "dl_crs_programs"
    assert app.radio(key=key).options == ["경위도 (EPSG:4326)", "UTM-K (EPSG:5179)"]


def test_labels_in_english(app):
    """With lang=en the buttons and the choice are named in English."""
    app.query_params["lang"] = "en"
    app.run()
    assert download_labels(app)[-2:] == ["GeoPackage for QGIS", "Excel workbook"]
    assert app.radio(key="dl_crs_map").label == "GeoPackage coordinates"


def test_downloads_are_of_the_view(app, deferred, tmp_path):
    """With Gwangju chosen, the file names say so and both files hold Gwangju's sites only."""
    app.query_params["f_region"] = "gwangju"
    app.query_params["choro"] = "sites"
    app.run()
    assert not app.exception
    name, xlsx = last_file(deferred, "xlsx")
    assert name.startswith("honam-ax-belt-view-gwangju-") and name.endswith(".xlsx")
    gwangju = load_catalogue(DEFAULT_DATA_DIR).sites.query("region == 'gwangju'")
    book = openpyxl.load_workbook(io.BytesIO(xlsx()))
    assert book["거점"].max_row == len(gwangju) + 1
    assert book["보기 설명"]["B2"].value.endswith("f_region=gwangju&choro=sites")
    name, gpkg = last_file(deferred, "gpkg")
    assert name.endswith(".gpkg")
    path = tmp_path / name
    path.write_bytes(gpkg())
    sites = pyogrio.read_dataframe(path, layer="sites")
    assert sorted(sites["id"]) == sorted(gwangju["id"])


def test_utm_k_choice_reaches_the_file(app, deferred, tmp_path):
    """Choosing EPSG:5179 gives a GeoPackage in UTM-K."""
    app.run()
    app.radio(key="dl_crs_map").set_value("EPSG:5179").run()
    path = tmp_path / "view.gpkg"
    path.write_bytes(last_file(deferred, "gpkg")[1]())
    assert pyogrio.read_info(path, layer="sites")["crs"] == "EPSG:5179"


def test_the_planner_layer_goes_into_the_geopackage(app, deferred, tmp_path):
    """With a layer of this session on the map, the GeoPackage has it as a styled layer and counts it per 시군구."""
    gdf = gpd.GeoDataFrame(
        {"업체명": ["무등정밀", "영산테크", "빛고을푸드"], "업종": ["기계", "기계", "식품"]},
        geometry=[Point(126.85, 35.16), Point(126.91, 35.17), Point(126.39, 34.81)],
        crs="EPSG:4326",
    )
    app.session_state["upload_layer"] = PlannerLayer(gdf, "기업 목록", "#1f77b4", "업체명", "업종")
    app.query_params["choro"] = "uploaded"
    app.run()
    assert not app.exception
    path = tmp_path / "view.gpkg"
    path.write_bytes(last_file(deferred, "gpkg")[1]())
    layer = pyogrio.read_dataframe(path, layer="planner_layer")
    assert sorted(layer["업체명"]) == sorted(gdf["업체명"]) and set(layer["category"]) == {"기계", "식품"}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM layer_styles WHERE f_table_name = 'planner_layer'").fetchone() == (1,)
    districts = pyogrio.read_dataframe(path, layer="districts")
    assert districts["uploaded"].sum() == 3 and set(districts["metric"]) == {"uploaded"}
    assert districts.loc[districts["uploaded"] > 0, "colour"].ne("#ffffff").all()
    about = openpyxl.load_workbook(io.BytesIO(last_file(deferred, "xlsx")[1]()))["보기 설명"]
    assert "기업 목록" in [row[1].value for row in about.iter_rows()]
