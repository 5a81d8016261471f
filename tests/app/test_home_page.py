"""AppTest of the home page: KPIs follow the filters, the URL selects a site, bad data shows a list."""

import json
import shutil

from geo.paths import DEFAULT_DATA_DIR

SITES = json.loads((DEFAULT_DATA_DIR / "sites.geojson").read_text(encoding="utf-8"))["features"]


def metric(at, label):
    """The shown value of the KPI whose label is ``label``."""
    return next(m.value for m in at.metric if m.label == label)


def test_home_shows_every_site_and_filters_change_the_count(app):
    """With no filter the site KPI counts every site; choosing Jeonbuk shows only Jeonbuk's."""
    app.run()
    assert not app.exception
    assert metric(app, "거점") == str(len(SITES))
    app.multiselect(key="f_region").select("jeonbuk").run()
    jeonbuk = sum(1 for f in SITES if f["properties"]["region"] == "jeonbuk")
    assert metric(app, "거점") == str(jeonbuk)
    assert app.query_params["f_region"] in ("jeonbuk", ["jeonbuk"])  # kept in the URL


def test_site_in_url_opens_its_detail_panel(app):
    """``?site=<id>`` selects the site: the panel shows its Korean name and source."""
    first = SITES[0]["properties"]
    app.query_params["site"] = first["id"]
    app.run()
    assert not app.exception
    assert first["name_ko"] in [h.value.replace("\\", "") for h in app.subheader]


def test_english_switch_changes_labels(app):
    """The language switch turns the KPI labels into English."""
    app.run()
    app.radio(key="lang").set_value("en").run()
    assert "Sites" in [m.label for m in app.metric]


def test_broken_catalogue_shows_problems_not_a_traceback(app, tmp_path, monkeypatch):
    """A copy with an unknown sector shows the problem table naming file and field."""
    copy = shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    sites = json.loads((copy / "sites.geojson").read_text(encoding="utf-8"))
    sites["features"][0]["properties"]["sectors"] = ["space"]
    (copy / "sites.geojson").write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("AXBELT_DATA_DIR", str(copy))
    app.run()
    assert not app.exception
    assert app.error
    table = app.dataframe[0].value
    assert "sites.geojson" in table.iloc[:, 0].tolist()
    assert "space" in table.iloc[:, 3].tolist()


def test_edited_catalogue_is_read_again(app, tmp_path, monkeypatch):
    """A planner who edits their copy sees the change on the next rerun, without a restart."""
    copy = shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    monkeypatch.setenv("AXBELT_DATA_DIR", str(copy))
    app.run()
    assert metric(app, "거점") == str(len(SITES))
    sites = json.loads((copy / "sites.geojson").read_text(encoding="utf-8"))
    # Drop a site that no programme, link or story step names, so the copy stays valid.
    sites["features"] = [f for f in sites["features"] if f["properties"]["id"] != "jn-provincial-office"]
    (copy / "sites.geojson").write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    app.run()
    assert metric(app, "거점") == str(len(SITES) - 1)


def test_a_region_filter_leads_the_cards_with_that_region(app):
    """Filtered to Jeonbuk, the first region card is Jeonbuk's, not a card with no site."""
    app.query_params["f_region"] = "jeonbuk"
    app.run()
    assert not app.exception
    cards = [m.value for m in app.markdown if m.value.startswith("**") and " — " in m.value]
    assert cards and cards[0].startswith("**전북특별자치도**"), cards[:1]
