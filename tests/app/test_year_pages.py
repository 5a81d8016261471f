"""AppTest of the belt in a given year: ``year=`` in the URL moves the map, KPIs, cards and pages to that year."""

import json
import shutil

import pytest

from geo.catalogue import SITE_YEAR_COLUMNS
from geo.citations import split_source_ids
from geo.paths import DEFAULT_DATA_DIR
from tests.helpers import SHIPPED_SITES, metric

# Years for three shipped sites, made up for the test; every other site's years are cleared:
# in 2021 the first is being built and the second running; the others have no year.
YEARS = {
    SHIPPED_SITES[0]["id"]: {"announced_year": 2019, "construction_year": 2021, "opened_year": 2023},
    SHIPPED_SITES[1]["id"]: {"announced_year": 2018, "opened_year": 2020},
    SHIPPED_SITES[2]["id"]: {"announced_year": 2024},
}


@pytest.fixture
def dated(tmp_path, monkeypatch):
    """The shipped catalogue with year columns on three sites, as the dashboard's catalogue."""
    copy = shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    sites = json.loads((copy / "sites.geojson").read_text(encoding="utf-8"))
    for feature in sites["features"]:
        row = feature["properties"]
        years = YEARS.get(row["id"], {})
        row.update({column: years.get(column) for column in SITE_YEAR_COLUMNS})
        cited = split_source_ids(row["source"])[0]  # the validator wants each year's entry cited
        row["years_basis"] = "; ".join(f"{year}: test year [{cited}]" for year in sorted(set(years.values())))
    (copy / "sites.geojson").write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("AXBELT_DATA_DIR", str(copy))
    return copy


def summary(at) -> str:
    """The map's live summary (the aria-live paragraph under the map)."""
    return next(m.value for m in at.markdown if 'class="map-summary" role="status"' in m.value)


def test_2021_and_2030_show_different_sites_and_kpis(app, new_app, dated):
    """2021 counts the two sites a source dates by then and less money; 2030 the whole belt as planned."""
    app.query_params["year"] = "2021"
    app.run()
    assert not app.exception
    assert metric(app, "거점") == "2"
    assert "2021년 기준" in app.title[0].value
    site_kpi = next(m for m in app.metric if m.label == "거점")
    assert site_kpi.delta == f"연도 미상 {len(SHIPPED_SITES) - 3}곳"
    assert summary(app).count("2021년: ") == 1
    later = new_app()
    later.query_params["year"] = "2030"
    later.run()
    assert not later.exception
    assert metric(later, "거점") == str(len(SHIPPED_SITES))
    assert "2030년 기준" in later.title[0].value
    assert metric(app, "확정 예산") != metric(later, "확정 예산")
    assert metric(app, "사업") != metric(later, "사업")
    # The list of sites on the map: 2021 draws the dated two and the undated ones (faint), not the 2024 one.
    listed = set(app.selectbox(key="site_search").options)
    assert len(listed) == len(SHIPPED_SITES) - 1
    assert len(set(later.selectbox(key="site_search").options)) == len(SHIPPED_SITES)


def test_today_is_the_catalogue_as_it_is(app, new_app, dated):
    """No year and today's year give the same figures; no label, no year in the link."""
    app.run()
    assert not app.exception
    assert metric(app, "거점") == str(len(SHIPPED_SITES))
    assert "기준" not in app.title[0].value
    assert "year" not in app.query_params


@pytest.mark.parametrize("bad", ["1999", "2032", "soon", "2027.5"])
def test_a_bad_year_falls_back_to_today(app, bad):
    """An unknown year opens today's belt, and the address bar drops it."""
    app.query_params["year"] = bad
    app.run()
    assert not app.exception
    assert metric(app, "거점") == str(len(SHIPPED_SITES))
    assert "기준" not in app.title[0].value
    assert "year" not in app.query_params


def test_the_year_slider_writes_the_year_to_the_url(app, dated):
    """Moving the slider to 2021 puts year=2021 in the address; back to today takes it out."""
    app.run()
    app.select_slider(key="year_pick").set_value(2021).run()
    assert not app.exception
    assert app.query_params["year"] in ("2021", ["2021"])
    assert metric(app, "거점") == "2"
    today = app.select_slider(key="year_pick").options
    current = next(option for option in today if "현재" in option)
    app.select_slider(key="year_pick").set_value(int(current.split()[0])).run()
    assert "year" not in app.query_params
    assert metric(app, "거점") == str(len(SHIPPED_SITES))


def test_play_starts_from_the_first_year(app, dated):
    """▶ moves today's view to 2019 (the fragment then steps it on); ‖ stops it there."""
    app.run()
    app.button(key="map_play").click().run()
    assert not app.exception
    assert app.query_params["year"] in ("2019", ["2019"])
    assert app.button(key="map_play").label == "‖ 멈춤"
    app.button(key="map_play").click().run()
    assert app.button(key="map_play").label == "▶ 재생"
    assert app.query_params["year"] in ("2019", ["2019"])


def test_english_labels_the_year(app, dated):
    """In English the title says "As of 2021" and the year's control is named in English."""
    app.query_params["year"] = "2021"
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert "As of 2021" in app.title[0].value
    assert app.select_slider(key="year_pick").label == "Year (of the map and figures)"
    assert "2021: " in summary(app)


def test_value_chain_follows_the_year(new_app, dated):
    """The value-chain page counts the sites of the year and says which year."""
    app = new_app("views/value_chain.py")
    app.query_params["year"] = "2021"
    app.run()
    assert not app.exception
    assert "2021년 기준" in app.title[0].value
    assert metric(app, "거점") == "2"


def test_presenter_shows_the_year(new_app, dated):
    """The presenter's title carries the year and offers the playback."""
    app = new_app("views/presenter.py")
    app.query_params["year"] = "2030"
    app.run()
    assert not app.exception
    assert any("2030년 기준" in m.value for m in app.markdown)
    assert app.button(key="presenter_play").label == "▶ 재생"
