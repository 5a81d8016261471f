"""Every export made in the scenario says so on its face: printed map, briefing pack, workbook, GeoPackage."""

import io
import sqlite3
import subprocess
from datetime import date

import openpyxl
import pytest

from geo import export
from geo.analysis import read_targets
from geo.boundaries import display_boundaries, load_sigungu
from geo.briefing import briefing_pack
from geo.catalogue import load_catalogue
from geo.downloads import view_gpkg, view_tables, view_xlsx
from geo.filters import Filters
from geo.paths import DEFAULT_DATA_DIR
from geo.scenario import SCENARIO, label, scenario_view, titled
from geo.story import STORY_FILE, read_story
from geo.viewstate import ViewState
from tests.test_export import pdf_text, texts_with_gid

LABEL = {lang: label(lang) for lang in ("ko", "en")}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def frames():
    return display_boundaries("sido"), display_boundaries("sigungu")


@pytest.fixture(scope="module")
def scenario(cat):
    return scenario_view(cat, Filters())


@pytest.fixture(scope="module")
def tables(cat, scenario):
    return view_tables(cat, scenario.view, load_sigungu(DEFAULT_DATA_DIR), read_targets(DEFAULT_DATA_DIR), "none")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_printed_map_title_names_the_scenario(cat, scenario, frames, lang):
    """PNG and PDF share the page: its title ends with the scenario's name."""
    title = titled("Honam AX belt", SCENARIO, lang)
    fig = export.build_figure(scenario.view.sites, scenario.view.links, cat, *frames, title=title, lang=lang)
    assert any(LABEL[lang] in text for text in texts_with_gid(fig, "title"))


def test_the_pdf_map_carries_the_scenario_as_text(cat, scenario, frames):
    """A PDF reader finds the scenario's name in the printed map's text."""
    pdf = export.export_pdf(
        scenario.view.sites, scenario.view.links, cat, *frames, title=titled("벨트", SCENARIO, "ko")
    )
    assert any(LABEL["ko"] in block for block in pdf_text(pdf))


def pack_text(cat, scenario):
    """The text of a one-step pack, as pdftotext reads it."""
    steps = read_story(DEFAULT_DATA_DIR / STORY_FILE)[:1]
    data = briefing_pack(
        cat,
        steps,
        *map(display_boundaries, ("sido", "sigungu")),
        lang="ko",
        link="http://x/",
        made="2026-12-01",
        scenario=scenario,
    )
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in text.decode().split("\f")[:-1]]


def test_the_briefing_pack_names_the_scenario_on_every_page(cat):
    """Made in the scenario: the cover and every page's footer say so; made without it, no page does."""
    pages = pack_text(cat, SCENARIO)
    assert pages and all(LABEL["ko"] in page for page in pages)
    assert not any(LABEL["ko"] in page for page in pack_text(cat, None))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_workbook_title_names_the_scenario(tables, cat, lang):
    """The about sheet's title row and the file's title carry the scenario's name; without it neither does."""
    view = ViewState(lang=lang, scenario=SCENARIO)
    book = openpyxl.load_workbook(io.BytesIO(view_xlsx(tables, view, cat, "http://x/", date(2026, 12, 1))))
    assert LABEL[lang] in book.worksheets[0]["B1"].value and LABEL[lang] in book.properties.title
    plain = openpyxl.load_workbook(io.BytesIO(view_xlsx(tables, view.with_(scenario=None), cat, "http://x/")))
    assert LABEL[lang] not in plain.worksheets[0]["B1"].value


def test_the_geopackage_layers_describe_the_scenario(tables, cat, tmp_path):
    """Every layer's description (QGIS's abstract) is the scenario's name; without it none is."""
    path = tmp_path / "view.gpkg"
    path.write_bytes(view_gpkg(tables, cat.sectors, "en", scenario=SCENARIO))
    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT table_name, description FROM gpkg_contents").fetchall())
    assert {rows[name] for name in ("sites", "programs", "districts")} == {LABEL["en"]}
    path.write_bytes(view_gpkg(tables, cat.sectors, "en"))
    with sqlite3.connect(path) as db:
        assert LABEL["en"] not in {d for (d,) in db.execute("SELECT description FROM gpkg_contents")}
