"""AppTest of the pages while the PostGIS layer store hangs (paused with SIGSTOP) and after it returns.

A paused database accepts connections and never answers: the pages must give their notice within
5 s, keep drawing the belt, refuse (and keep) an edit or an upload, and write it once it is back.
"""

from __future__ import annotations

import time

import pytest

from geo.planner.store import health

NOTICE_WITHIN_S = 5.0
CSV = "이름,분류,위도,경도\n광주 AI 센터,연구,35.22,126.85\n".encode()


@pytest.fixture
def postgis(cluster, monkeypatch):
    """The dashboard keeps layers in the throwaway cluster; a store that failed is tried again after 1 s.

    The store is opened once first: creating PostGIS and the tables takes seconds on a busy machine,
    longer than the dashboard waits for a store at start (it would then report it down).
    """
    from geo.planner.store import PostGISStore

    PostGISStore(cluster.url).close()
    monkeypatch.setenv("AXBELT_DATABASE_URL", cluster.url)
    monkeypatch.setattr(health, "PROBE_EVERY_S", 1.0)
    return cluster


def timed_run(app) -> float:
    start = time.monotonic()
    app.run()
    return time.monotonic() - start


def layer_id(app) -> str:
    value = app.query_params["layer"]
    return value[0] if isinstance(value, list) else value


def test_a_rename_during_an_outage_waits_and_is_written_when_the_store_returns(postgis, new_app):
    """Paused: the rename gives a notice within 5 s and the store is unchanged; back: the next action writes it."""
    from geo.planner.store import open_store

    app = new_app("views/data.py")
    app.run()
    app.session_state["upload_source"] = {"name": "시설.csv", "data": CSV}
    app.run()
    stored = layer_id(app)
    assert open_store().layer_info(stored).name == "시설"
    with postgis.paused():
        app.text_input(key="upload_name").set_value("AI 거점")
        took = timed_run(app)
        assert not app.exception and took < NOTICE_WITHIN_S, took
        assert any("아직 저장되지 않았습니다" in w.value for w in app.warning)
        assert not any("레이어를 저장했습니다" in c.value for c in app.caption)
    time.sleep(1.1)
    assert open_store().layer_info(stored).name == "시설"  # nothing was written behind the notice
    app.button(key="store_retry").click().run()
    assert open_store().layer_info(stored).name == "AI 거점"
    assert not app.warning and any("레이어를 저장했습니다" in c.value for c in app.caption)
    print(f"paused PostGIS: the data page's notice after {took:.2f} s")


def test_an_upload_during_an_outage_is_stored_once_the_store_returns(postgis, new_app):
    """Paused: the upload shows in the session with a notice; back: 'try again' stores it and names it in the URL."""
    from geo.planner.store import open_store

    open_store()  # the server was running before the outage
    app = new_app("views/data.py")
    app.run()
    with postgis.paused():
        app.session_state["upload_source"] = {"name": "시설.csv", "data": CSV}
        took = timed_run(app)
        assert not app.exception and took < NOTICE_WITHIN_S, took
        assert any("레이어를 아직 저장하지 못했습니다" in w.value for w in app.warning)
        assert "layer" not in app.query_params
    time.sleep(1.1)
    app.button(key="store_retry").click().run()
    assert not app.exception
    stored = layer_id(app)
    assert open_store().layer_info(stored).file_name == "시설.csv"
    assert app.session_state["upload_layer"]["id"] == stored


def test_the_map_with_a_layer_link_gives_its_notice_within_seconds_and_draws(postgis, new_app, monkeypatch):
    """A layer link opened while the store hangs: the notice within 5 s, the KPIs and the map drawn."""
    import geopandas as gpd
    import shapely

    import ui
    from geo.planner.store import new_owner_token, open_store

    gdf = gpd.GeoDataFrame({"이름": ["광주"]}, geometry=[shapely.Point(126.85, 35.22)], crs="EPSG:4326")
    stored = open_store().save_layer(
        gdf, name="시설", owner=new_owner_token(), colour="#0072B2", label_column="이름", file_name="a.csv"
    )
    monkeypatch.setattr(ui.LAYER_CACHE, "ttl", 0)
    new_app().run()  # a running server: the belt's map is built before the outage
    app = new_app()
    app.query_params["layer"] = stored
    with postgis.paused():
        took = timed_run(app)
    assert not app.exception and took < NOTICE_WITHIN_S, took
    assert any(i.value.startswith("레이어 저장소에 연결할 수 없어") for i in app.info)
    assert app.metric
    assert app.get("component_instance")  # the belt map (streamlit-folium) is drawn
    print(f"paused PostGIS: the map page's notice after {took:.2f} s")
