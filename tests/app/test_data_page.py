"""AppTest of the data page: validation status, downloads, and an upload handled through the session."""

from __future__ import annotations

import copy

import pytest
from streamlit.testing.v1 import AppTest

from geo.boundaries import load_sigungu
from geo.catalogue import COLUMNS
from geo.planner.aggregate import DEFAULT_COLOUR
from tests.catalogue_fixture import SITES, TEST_CITATION, write_catalogue
from tests.helpers import download_labels
from tests.places_fixture import NAMES, PLACES, places

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
def data_page(new_app):
    """The dashboard switched to the data page, not yet run."""
    return new_app("views/data.py")


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
    sources = data_page.dataframe[1].value  # after the quality table of the check tab
    assert TEST_CITATION in set(sources.iloc[:, 0])


def test_check_tab_shows_the_quality_table_and_the_status_rule(valid_catalogue, data_page):
    """The quality table (geo.quality) lists every file with its rows and citations; the status rule is stated."""
    data_page.run()
    assert not data_page.exception
    quality = data_page.dataframe[0].value.set_index("파일")
    assert quality.loc["programs.csv", "행"] == 2
    assert quality.loc["programs.csv", "완전한 인용"] == 1.0
    assert quality.loc["links.csv", "완전한 인용"] == 0.5
    assert quality.loc["sites.geojson", "추정 좌표"] == "4"
    assert quality.loc["sites.geojson", "최대 오차 (m)"] == "1,700"
    assert quality.loc["programs.csv", "추정 좌표"] == ""  # no points in a programme file
    assert quality.loc["programs.csv", "상태"] == "confirmed 1 · proposed 1"
    assert "데이터 품질" in [h.value for h in data_page.subheader]
    assert any("docs/data-rules.md" in m.value.replace("\\", "") for m in data_page.markdown)


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
    assert list(layer["gdf"]["이름"]) == NAMES and layer["label_column"] == "이름" and layer["colour"] == DEFAULT_COLOUR
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
    assert data_page.session_state["upload_layer"]  # it asks first
    assert any(w.value.replace("\\", "").startswith("Remove the layer 'places'?") for w in data_page.warning)
    data_page.button(key="upload_remove_yes").click().run()
    assert "upload_layer" not in data_page.session_state
    assert not data_page.session_state["upload_source"]


def test_an_upload_is_stored_named_in_the_url_kept_in_step_and_removed(valid_catalogue, data_page):
    """The upload is saved as soon as it is read, its id goes in the URL, a rename reaches the store, Remove deletes."""
    from geo.planner.store import open_store

    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    assert not data_page.exception
    layer_id = (
        data_page.query_params["layer"][0]
        if isinstance(data_page.query_params["layer"], list)
        else data_page.query_params["layer"]
    )
    stored = open_store().load_layer(layer_id)
    assert stored.info.name == "시설" and stored.info.file_name == "시설.csv" and stored.info.label_column == "이름"
    assert list(stored.gdf["이름"]) == ["광주 AI 센터"]
    assert data_page.session_state["upload_layer"]["id"] == layer_id
    assert [info.id for info in open_store().list_layers(data_page.session_state["owner_token"])] == [layer_id]
    data_page.text_input(key="upload_name").set_value("AI 거점").run()
    assert open_store().load_layer(layer_id).info.name == "AI 거점"
    next(b for b in data_page.button if b.label == "레이어 지우기").click().run()
    assert open_store().load_layer(layer_id) is not None  # not before it is confirmed
    data_page.button(key="upload_remove_yes").click().run()
    assert open_store().load_layer(layer_id) is None
    assert "layer" not in data_page.query_params and "upload_layer" not in data_page.session_state


def test_a_link_shows_its_stored_layer_or_says_it_is_gone(valid_catalogue, new_app, monkeypatch):
    """Another session opening the link sees the layer with its record; a removed one is reported plainly."""
    import geopandas as gpd
    import shapely

    import ui
    from geo.planner.store import new_owner_token, open_store

    gdf = gpd.GeoDataFrame({"시설명": ["나주 에너지밸리"]}, geometry=[shapely.Point(126.71, 35.02)], crs="EPSG:4326")
    layer_id = open_store().save_layer(
        gdf,
        name="동료의 레이어",
        owner=new_owner_token(),
        colour="#009E73",
        label_column="시설명",
        file_name="energy.geojson",
    )
    app = new_app("views/data.py")
    app.query_params["layer"] = layer_id
    app.run()
    assert not app.exception
    assert any("동료의 레이어 (energy.geojson, 객체 1개)" in i.value.replace("\\", "") for i in app.info)
    assert app.text_input(key="upload_name").value == "동료의 레이어"
    assert app.color_picker(key="upload_colour").value.lower() == "#009e73"
    assert app.session_state["upload_layer"]["label_column"] == "시설명"
    open_store().delete_layer(layer_id)  # as another server process would
    monkeypatch.setattr(ui.LAYER_CACHE, "ttl", 0)  # … whose removal this process sees once its copy is old
    gone = new_app("views/data.py")
    gone.query_params["layer"] = layer_id
    gone.run()
    assert not gone.exception
    assert any("삭제되었거나 만료되었습니다" in i.value for i in gone.info)
    assert "upload_layer" not in gone.session_state


def test_a_layers_colouring_reaches_the_store_and_a_fresh_session_opening_its_link(valid_catalogue, data_page, new_app):
    """A planner colours an upload by 업종; the store keeps the column, and another session opening the link
    (no session state of the first) shows the layer in the same categories and colours, not in one colour."""
    from geo.planner.counts import layer_summary
    from geo.planner.store import open_store

    csv = "이름,업종,위도,경도\n가,제조,35.22,126.85\n나,서비스,35.16,126.91\n다,제조,35.02,126.71\n"
    upload(data_page.run(), "업체.csv", csv.encode())
    data_page.selectbox(key="upload_colour_by").select("업종").run()
    assert not data_page.exception
    layer_id = data_page.query_params["layer"]
    layer_id = layer_id[0] if isinstance(layer_id, list) else layer_id
    assert open_store().layer_info(layer_id).colour_column == "업종"
    mine = layer_summary(data_page.session_state["upload_layer"], ui_sigungu(), "ko").categories
    other = new_app("views/data.py")
    other.query_params["layer"] = layer_id
    other.run()
    assert not other.exception
    assert other.selectbox(key="upload_colour_by").value == "업종"
    theirs = layer_summary(other.session_state["upload_layer"], ui_sigungu(), "ko").categories
    assert theirs.column == "업종" and (theirs.labels, theirs.colours) == (mine.labels, mine.colours)
    assert len(set(theirs.colours)) == 2


def ui_sigungu():
    from geo.boundaries import load_sigungu

    return load_sigungu()


def test_an_unreachable_store_leaves_the_upload_working_for_the_session(valid_catalogue, data_page, store_down):
    """With PostGIS down the upload is still shown in this session, with a notice that it is not shared."""
    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    assert not data_page.exception
    assert len(data_page.session_state["upload_layer"]["gdf"]) == 1
    assert any("레이어를 아직 저장하지 못했습니다" in w.value for w in data_page.warning)
    assert "layer" not in data_page.query_params


def test_edits_survive_another_page_and_a_reload_from_the_store(valid_catalogue, data_page, new_app):
    """Rename and tooltip column set, then the map page and back: the page shows the edits and the store keeps them."""
    from geo.planner.store import open_store

    text = "이름,분류,위도,경도\n광주 AI 센터,연구,35.22,126.85\n나주 에너지밸리,에너지,35.02,126.71\n"
    upload(data_page.run(), "시설.csv", text.encode())
    layer_id = data_page.session_state["upload_layer"]["id"]
    data_page.text_input(key="upload_name").set_value("AI 거점").run()
    data_page.selectbox(key="upload_label").set_value("분류").run()
    data_page.color_picker(key="upload_colour").set_value("#009e73").run()
    data_page.switch_page("views/home.py").run()
    assert not data_page.exception
    data_page.switch_page("views/data.py").run()
    assert not data_page.exception
    assert data_page.text_input(key="upload_name").value == "AI 거점"
    assert data_page.selectbox(key="upload_label").value == "분류"
    assert data_page.color_picker(key="upload_colour").value.lower() == "#009e73"
    info = open_store().load_layer(layer_id).info
    assert (info.name, info.label_column, info.colour.lower()) == ("AI 거점", "분류", "#009e73")
    reopened = new_app("views/data.py")
    reopened.query_params["layer"] = layer_id
    reopened.run()
    assert reopened.text_input(key="upload_name").value == "AI 거점"
    assert reopened.session_state["upload_layer"]["label_column"] == "분류"


def edit_link_of(app) -> str:
    """The edit link the page offers its uploader (the code box inside the 'edit link' expander)."""
    return next(c.value for c in app.code if "edit=" in c.value)


def test_a_view_link_shows_the_layer_but_only_the_edit_link_changes_or_removes_it(valid_catalogue, data_page, new_app):
    """The uploader gets an edit link; the view link is read-only; the edit link renames and is dropped from the URL."""
    from urllib.parse import parse_qs, urlsplit

    from geo.planner.store import open_store

    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    layer_id = data_page.session_state["upload_layer"]["id"]
    query = parse_qs(urlsplit(edit_link_of(data_page)).query)
    assert query["layer"] == [layer_id] and open_store().can_edit(layer_id, query["edit"][0])
    shared = [h.proto.body for h in data_page.sidebar.get("html") if 'class="copy-link"' in h.proto.body]
    assert shared and all("edit=" not in box for box in shared)  # the shared link carries no key

    viewer = new_app("views/data.py")
    viewer.query_params["layer"] = layer_id
    viewer.run()
    assert not viewer.exception
    assert any("보기 전용 링크입니다" in i.value for i in viewer.info)
    assert viewer.text_input(key="upload_name").disabled and viewer.color_picker(key="upload_colour").disabled
    assert viewer.selectbox(key="upload_label").disabled
    assert not [b for b in viewer.button if b.label == "레이어 지우기"] and not [
        c for c in viewer.code if "edit=" in c.value
    ]

    editor = new_app("views/data.py")
    editor.query_params["layer"] = layer_id
    editor.query_params["edit"] = query["edit"][0]
    editor.run()
    assert "edit" not in editor.query_params  # the key goes into the session, not into links shared from here
    assert not editor.text_input(key="upload_name").disabled
    editor.text_input(key="upload_name").set_value("동료가 고침").run()
    assert open_store().layer_info(layer_id).name == "동료가 고침"

    forged = new_app("views/data.py")
    forged.query_params["layer"] = layer_id
    forged.query_params["edit"] = query["edit"][0][:-1] + ("A" if query["edit"][0][-1] != "A" else "B")
    forged.run()
    assert forged.text_input(key="upload_name").disabled


def test_the_browser_keeps_the_edit_key_in_a_cookie_and_a_reload_reads_it(
    valid_catalogue, data_page, new_app, monkeypatch
):
    """The page hands the key to the edit-key route; a new session with the layer's cookie may edit, a wrong one not."""
    from urllib.parse import parse_qs, urlsplit

    from streamlit.runtime.context import ContextProxy, StreamlitCookies

    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    layer_id = data_page.session_state["upload_layer"]["id"]
    key = parse_qs(urlsplit(edit_link_of(data_page)).query)["edit"][0]
    (script,) = [h.proto.body for h in data_page.get("html") if "/api/edit-key" in h.proto.body]
    assert f'layer: "{layer_id}"' in script and f'key: "{key}"' in script

    cookies = {}
    monkeypatch.setattr(ContextProxy, "cookies", property(lambda self: StreamlitCookies(cookies)))
    for value, editable in ((key, True), (key[:-1] + ("A" if key[-1] != "A" else "B"), False), ("x", False)):
        cookies.clear()
        cookies[f"axbelt_edit_{layer_id}"] = value
        reload = new_app("views/data.py")
        reload.query_params["layer"] = layer_id
        reload.run()
        assert not reload.exception
        assert reload.text_input(key="upload_name").disabled is not editable
        assert bool([b for b in reload.button if b.label == "레이어 지우기"]) is editable
        scripts = [h.proto.body for h in reload.get("html") if "/api/edit-key" in h.proto.body]
        assert len(scripts) == (1 if editable else 0)  # each new session refreshes the cookie's Max-Age
    cookies.clear()
    cookies[f"axbelt_edit_{'f' * 32}"] = key  # another layer's cookie gives no right here
    other = new_app("views/data.py")
    other.query_params["layer"] = layer_id
    other.run()
    assert other.text_input(key="upload_name").disabled


def test_removing_asks_first_and_removes_the_tiles(valid_catalogue, data_page):
    """Remove asks; Cancel keeps the layer; confirmed, the store row and the layer's tile folder go."""
    from geo.planner.store import open_store
    from geo.planner.tiles import tiles_folder

    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    layer_id = data_page.session_state["upload_layer"]["id"]
    folder = tiles_folder(layer_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.pmtiles").write_bytes(b"tiles")
    next(b for b in data_page.button if b.label == "레이어 지우기").click().run()
    next(b for b in data_page.button if b.label == "취소").click().run()
    assert open_store().layer_info(layer_id) is not None and folder.exists()
    assert not [b for b in data_page.button if b.label == "모두에게서 지우기"]
    next(b for b in data_page.button if b.label == "레이어 지우기").click().run()
    data_page.button(key="upload_remove_yes").click().run()
    assert open_store().layer_info(layer_id) is None and not folder.exists()


def test_saved_is_never_shown_beside_a_dead_link(valid_catalogue, data_page):
    """The uploader's layer removed elsewhere: the page says its link no longer shows it, and can save it anew."""
    from geo.planner.store import open_store

    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    layer_id = data_page.session_state["upload_layer"]["id"]
    assert any("레이어를 저장했습니다" in c.value for c in data_page.caption)
    open_store().delete_layer(layer_id)  # another window, or the expiry
    data_page.run()
    assert not any("레이어를 저장했습니다" in c.value for c in data_page.caption)
    assert any("링크로 더는 보이지 않습니다" in w.value for w in data_page.warning)
    assert "layer" not in data_page.query_params
    data_page.button(key="store_retry").click().run()
    new_id = data_page.session_state["upload_layer"]["id"]
    assert new_id and new_id != layer_id and open_store().layer_info(new_id) is not None
    assert any("레이어를 저장했습니다" in c.value for c in data_page.caption)


def firms_csv(n: int) -> bytes:
    """``n`` points spread over Gwangju and Jeonnam, as a CSV."""
    rows = [f"업체 {i},{35.0 + (i % 50) * 0.005},{126.7 + (i // 50) * 0.005}" for i in range(n)]
    return ("업체명,위도,경도\n" + "\n".join(rows)).encode()


def test_tiles_only_for_a_stored_layer_and_counted_in_the_quota(valid_catalogue, data_page, new_app, monkeypatch):
    """Over the store's limit a large upload gets no tiles; a stored one gets them, counted in the store's usage."""
    import sqlite3

    from geo.planner import tiles
    from geo.planner.overlay import SMALL_LAYER
    from geo.planner.store import STORE_FILE, open_store, state_dir

    before = set(tiles.TILES_DIR.iterdir()) if tiles.TILES_DIR.exists() else set()
    monkeypatch.setenv("AXBELT_MAX_STORE_MB", "0.01")
    upload(data_page.run(), "firms.csv", firms_csv(SMALL_LAYER + 1))
    assert any("레이어 저장소가 가득 찼습니다" in w.value for w in data_page.warning)
    assert (set(tiles.TILES_DIR.iterdir()) if tiles.TILES_DIR.exists() else set()) == before

    monkeypatch.delenv("AXBELT_MAX_STORE_MB")
    stored = new_app("views/data.py")
    upload(stored.run(), "firms.csv", firms_csv(SMALL_LAYER + 1))
    layer_id = stored.session_state["upload_layer"]["id"]
    archives = list(tiles.tiles_folder(layer_id).glob("*.pmtiles"))
    assert archives and oct(archives[0].stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(state_dir() / STORE_FILE) as db:
        counted = db.execute("SELECT tile_bytes FROM layers WHERE id = ?", (layer_id,)).fetchone()[0]
    assert counted == sum(a.stat().st_size for a in archives)
    open_store().delete_layer(layer_id)


def test_a_large_upload_is_read_in_a_worker_process(valid_catalogue, data_page, monkeypatch):
    """From the heavy size on, the file is read by a job in another process, and the page shows it as before."""
    from geo.planner import jobs

    monkeypatch.setattr(jobs, "HEAVY_UPLOAD_BYTES", 0)  # every file is 'large'
    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    assert not data_page.exception
    job = data_page.session_state["upload_job"]
    assert job.exitcode == 0 and job.progress().stage == "done"
    assert any(s.value.replace("\\", "").startswith("시설.csv: 객체 1개를 올렸습니다") for s in data_page.success)
    assert list(data_page.session_state["upload_layer"]["gdf"]["이름"]) == ["광주 AI 센터"]


def test_removing_the_layer_clears_its_edit_key_and_the_browsers_cookie(valid_catalogue, data_page):
    """Once removed, the session forgets the layer's key and the page asks the edit-key route to empty its cookie."""
    upload(data_page.run(), "시설.csv", "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode())
    layer_id = data_page.session_state["upload_layer"]["id"]
    assert not [h for h in data_page.get("html") if '"DELETE"' in h.proto.body]  # nothing to clear yet
    next(b for b in data_page.button if b.label == "레이어 지우기").click().run()
    data_page.button(key="upload_remove_yes").click().run()
    assert not data_page.exception
    (script,) = [h.proto.body for h in data_page.get("html") if '"DELETE"' in h.proto.body]
    assert '"/api/edit-key"' in script and f'layer: "{layer_id}"' in script
    assert layer_id not in data_page.session_state["_edit_keys"]
    data_page.run()  # said once: the next run asks no more
    assert not [h for h in data_page.get("html") if '"DELETE"' in h.proto.body]


def test_a_large_upload_is_stored_counted_and_tiled_by_its_worker_and_the_page_holds_no_frame(
    valid_catalogue, data_page, monkeypatch
):
    """A large file: the worker stores, counts and tiles it; the session keeps its id, counts and a sample only.

    The page shows it as before (rows read, counts per 시군구, saved, its edit link); an edit
    reaches the store; another colouring reads the features from the store, not from the session.
    """
    import pickle

    from geo.planner import jobs
    from geo.planner.store import open_store
    from geo.planner.tiles import tiles_folder
    from geo.planner.upload import SAMPLE_ROWS, Ingested
    from tests.layer_fixture import firms_csv, random_firms

    monkeypatch.setattr(jobs, "HEAVY_UPLOAD_BYTES", 0)
    rows = 3_000
    frame = random_firms(rows, load_sigungu())
    path = firms_csv(frame, valid_catalogue.parent / "firms.csv")
    upload(data_page.run(), "firms.csv", path.read_bytes())
    assert not data_page.exception
    result = data_page.session_state["upload_job"].result()
    assert isinstance(result, Ingested) and len(pickle.dumps(result)) < 120_000 + 3 * rows
    layer = data_page.session_state["upload_layer"]
    assert layer.partial and layer.gdf is None and len(layer.sample) == SAMPLE_ROWS and layer.n == rows
    assert any(s.value.replace("\\", "").startswith(f"firms.csv: 객체 {rows}개") for s in data_page.success)
    assert "레이어를 저장했습니다" in " ".join(c.value for c in data_page.caption)
    assert data_page.query_params["layer"] == layer.id and any("edit=" in c.value for c in data_page.code)
    counts = data_page.dataframe[0].value
    assert counts.iloc[:, 2].sum() == result.layer.summary.sigungu.table["count"].sum() > 0
    assert list(tiles_folder(layer.id).glob("*.pmtiles"))  # the worker's tiles, which the preview uses

    data_page.text_input(key="upload_name").input("호남 업체").run()
    assert open_store().layer_info(layer.id).name == "호남 업체"
    assert data_page.session_state["upload_layer"].gdf is None  # a rename needs no feature
    data_page.selectbox(key="upload_colour_by").select("업종").run()
    assert not data_page.exception
    assert open_store().layer_info(layer.id).colour_column == "업종"
    assert data_page.session_state["upload_layer"].gdf is None  # read from the store (LAYER_CACHE), not kept
    job = data_page.session_state["upload_job"]
    data_page.query_params["lang"] = "en"
    data_page.run()  # another language: the same stored layer, not read and stored again
    assert not data_page.exception and data_page.session_state["upload_job"] is job
    assert data_page.session_state["upload_layer"].id == layer.id and data_page.query_params["layer"] == layer.id
    open_store().delete_layer(layer.id)
