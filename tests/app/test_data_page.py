"""AppTest of the data page: validation status, downloads, and an upload handled through the session."""

from __future__ import annotations

import copy

import pytest
from streamlit.testing.v1 import AppTest

from geo.boundaries import load_sigungu
from geo.catalogue import COLUMNS
from geo.paths import ROOT
from tests.catalogue_fixture import SITES, TEST_CITATION, write_catalogue
from tests.test_ingest import NAMES, PLACES, places

SWAPPED_CSV = ("이름,위도,경도\n" + "".join(f"{name},{lon},{lat}\n" for name, lon, lat in PLACES)).encode()


@pytest.fixture
def valid_catalogue(tmp_path, monkeypatch):
    """The test catalogue with each site moved into its real 시군구, so that it validates."""
    polygons = load_sigungu().set_index("code").geometry
    sites = copy.deepcopy(SITES)
    for feature in sites["features"]:
        point = polygons[feature["properties"]["sigungu_code"]].representative_point()
        feature["geometry"]["coordinates"] = [point.x, point.y]
        feature["properties"]["offshore"] = False
    folder = write_catalogue(tmp_path / "data", sites=sites)
    monkeypatch.setenv("AXBELT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_page():
    """The dashboard switched to the data page, not yet run."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.switch_page("views/data.py")
    return app


def download_labels(app) -> list[str]:
    """The labels of the page's download buttons, unescaped."""
    return [button.proto.label.replace("\\", "") for button in app.get("download_button")]


def upload(app, name: str, data: bytes) -> AppTest:
    """Hand the page a file as its uploader's callback would, and rerun."""
    app.session_state["upload_source"] = {"name": name, "data": data}
    return app.run()


def test_valid_catalogue_shows_valid_and_a_download_per_file(valid_catalogue, data_page):
    """A valid catalogue is reported valid, and every catalogue file has a download button."""
    data_page.run()
    assert not data_page.exception
    assert "카탈로그 검증: 문제 없음" in [s.value for s in data_page.success]
    assert download_labels(data_page) == list(COLUMNS)
    sources = data_page.dataframe[0].value
    assert TEST_CITATION in set(sources.iloc[:, 0])


def test_missing_catalogue_lists_problems_not_a_traceback(tmp_path, monkeypatch, data_page):
    """With an empty catalogue folder the page warns, lists the missing files and offers no download."""
    monkeypatch.setenv("AXBELT_DATA_DIR", str(tmp_path))
    data_page.run()
    assert not data_page.exception
    assert data_page.warning[0].value.startswith(f"카탈로그 검증: 문제 {len(COLUMNS)}건")
    assert data_page.error  # ui.show_problems' banner above the problem table
    assert download_labels(data_page) == []
    assert "sites.geojson: 없음" in [c.value for c in data_page.caption]


def test_uploaded_csv_becomes_the_shared_layer_and_is_counted(valid_catalogue, data_page):
    """An uploaded CSV is kept as ``upload_layer`` and counted in the real 시군구 beside the sites."""
    text = "이름,위도,경도\n" + "".join(f"{name},{lat},{lon}\n" for name, lon, lat in PLACES)
    upload(data_page.run(), "시설.csv", text.encode("cp949"))
    assert not data_page.exception
    assert any(s.value.replace("\\", "").startswith("시설.csv: 객체 3개를 올렸습니다") for s in data_page.success)
    layer = data_page.session_state["upload_layer"]
    assert list(layer["gdf"]["이름"]) == NAMES and layer["label_column"] == "이름" and layer["colour"] == "#D55E00"
    counts = data_page.dataframe[0].value.set_index("시군구 코드")
    assert counts["올린 객체"].sum() == 3 and counts.loc["29170", "올린 객체"] == 1
    assert counts.loc["29170", "카탈로그 거점"] == 2


def test_swapped_coordinates_offer_a_swap_that_fixes_them(valid_catalogue, data_page):
    """Swapped 위도/경도 show the error with a swap button; pressing it reads the file right."""
    upload(data_page.run(), "뒤바뀜.csv", SWAPPED_CSV)
    assert data_page.error[0].value.replace("\\", "").startswith("뒤바뀜.csv: 위도와 경도가 뒤바뀐 것 같습니다")
    assert "upload_layer" not in data_page.session_state
    next(b for b in data_page.button if b.label == "위도·경도 바꾸기").click().run()
    assert not data_page.exception and not data_page.error
    assert len(data_page.session_state["upload_layer"]["gdf"]) == 3


def test_choosing_a_crs_reads_a_file_whose_crs_cannot_be_guessed(valid_catalogue, data_page):
    """Projected points plus a far outlier cannot be guessed; choosing EPSG:5179 reads them and drops it."""
    frame = places(5179)
    rows = [f"{name},{p.x:.2f},{p.y:.2f}" for name, p in zip(NAMES, frame.geometry, strict=True)]
    rows.append("도쿄,2400000.00,1900000.00")  # about 139.7°E in UTM-K: far outside Korea
    upload(data_page.run(), "utmk.csv", ("name,x,y\n" + "\n".join(rows)).encode())
    assert data_page.error[0].value.replace("\\", "").startswith("utmk.csv: 좌표(x")
    data_page.selectbox(key="upload_crs").set_value("EPSG:5179").run()
    assert not data_page.error
    assert list(data_page.session_state["upload_layer"]["gdf"]["name"]) == NAMES


def test_english_page_and_removing_the_layer(valid_catalogue, data_page):
    """In English the tabs and messages are English; 'Remove the layer' forgets the upload."""
    data_page.query_params["lang"] = "en"
    upload(data_page, "places.csv", "name,lat,lon\n광주광역시 북구,35.174,126.912\n".encode())
    assert [tab.label for tab in data_page.tabs][0] == "Upload your data"
    assert any("places.csv: 1 feature(s) added" in s.value.replace("\\", "") for s in data_page.success)
    next(b for b in data_page.button if b.label == "Remove the layer").click().run()
    assert "upload_layer" not in data_page.session_state
    assert not data_page.session_state["upload_source"]
