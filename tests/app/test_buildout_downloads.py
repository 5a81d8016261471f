"""AppTest of the build-out pictures' downloads: the GIF of the years and the years side by side."""

from __future__ import annotations

import io
import time

from PIL import Image

from tests.helpers import download_labels

GIF_KO, PNG_KO = "연도별 GIF (2019–2031)", "연도 비교 PNG (인쇄용)"
GIF_EN, PNG_EN = "Years as GIF (2019–2031)", "Years compared PNG (print)"


def test_map_page_offers_both_pictures_before_the_view_files(app):
    """The map page has the GIF and the side-by-side PNG after the map's PNG/PDF, before the GeoPackage."""
    app.run()
    assert not app.exception
    shown = download_labels(app)
    assert shown.index("지도 PDF") < shown.index(GIF_KO) < shown.index(PNG_KO) < shown.index("QGIS용 GeoPackage")
    helps = {b.proto.label: b.proto.help for b in app.get("download_button")}
    assert "1280×720" in helps[GIF_KO] and "2020·2024·2027·2030" in helps[PNG_KO]


def test_pictures_are_named_in_english(app):
    """With lang=en both buttons are named in English."""
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert {GIF_EN, PNG_EN} <= set(download_labels(app))


def test_presenter_menu_offers_both_pictures(new_app):
    """The presenter's "⋯ 공유" menu has the two pictures beside the step's PNG/PDF and the briefing pack."""
    at = new_app("views/presenter.py")
    at.run()
    assert not at.exception
    assert {GIF_KO, PNG_KO} <= set(download_labels(at))


def test_the_gif_is_of_the_view_and_kept(app, deferred):
    """With Gwangju chosen the file says so; the GIF has 13 slide frames, and the second request is the kept one."""
    app.query_params["f_region"] = "gwangju"
    app.run()
    assert not app.exception
    name = next(n for n in deferred if n.endswith(".gif"))
    assert name.startswith("honam-ax-belt-years-gwangju-")
    started = time.perf_counter()
    first = deferred[name]()
    took = time.perf_counter() - started
    image = Image.open(io.BytesIO(first))
    assert image.n_frames == 13 and image.size == (1280, 720)
    started = time.perf_counter()
    assert deferred[name]() is first
    assert time.perf_counter() - started < min(0.5, took / 4)
    png = next(n for n in deferred if n.endswith(".png") and n.startswith("honam-ax-belt-years-"))
    assert Image.open(io.BytesIO(deferred[png]())).size[0] == 2400


def test_pictures_made_in_the_scenario_say_so(app, deferred, monkeypatch):
    """In scenario=proposals the GIF's title names the scenario (every export made in it says so)."""
    import geo.export.buildout as buildout

    titles = []
    monkeypatch.setattr(buildout, "build_out_gif", lambda *a, **k: titles.append(k["title"]) or b"GIF")
    app.query_params["scenario"] = "proposals"
    app.query_params["f_region"] = "jeonbuk"
    app.run()
    assert not app.exception
    deferred[next(n for n in deferred if n.endswith(".gif"))]()
    assert titles and titles[0].endswith("시나리오: 제안 사업이 모두 추진될 경우")
