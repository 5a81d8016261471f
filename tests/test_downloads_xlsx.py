"""The view's workbook: every sheet opens in openpyxl, headers in the reader's language, 억원 as numbers."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from geo.analysis import read_targets
from geo.boundaries import load_sigungu
from geo.catalogue import load_catalogue
from geo.downloads import view_tables, view_xlsx
from geo.downloads.tables import file_name
from geo.filters import Filters, apply_filters
from geo.paths import DEFAULT_DATA_DIR
from geo.viewstate import ViewState

LINK = "http://127.0.0.1:8501/?f_region=gwangju&choro=budget_confirmed"
SHEETS = {
    "ko": ["보기 설명", "거점", "사업", "연계", "시군구", "목표", "출처"],
    "en": ["About this view", "Sites", "Programmes", "Links", "Districts", "Targets", "Sources"],
}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def view():
    return ViewState(filters=Filters(regions=("gwangju",)), metric="budget_confirmed")


@pytest.fixture(scope="module")
def tables(cat, view):
    shown = apply_filters(cat, view.filters)
    targets = read_targets(DEFAULT_DATA_DIR)
    return view_tables(cat, shown, load_sigungu(DEFAULT_DATA_DIR), targets, view.metric)


def workbook(tables, view, cat, lang: str = "ko"):
    """The view's workbook in ``lang``, opened again from its bytes."""
    data = view_xlsx(tables, view.with_(lang=lang), cat, LINK, date(2026, 12, 1))
    return openpyxl.load_workbook(io.BytesIO(data))


def column(sheet, header: str) -> list:
    """The cells under ``header`` in a sheet's first row."""
    headers = [cell.value for cell in sheet[1]]
    return [row[headers.index(header)] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_sheet_with_a_row_per_row_of_the_view(tables, view, cat, lang):
    """The about sheet first, then one sheet per table, each a header row plus the view's rows."""
    book = workbook(tables, view, cat, lang)
    assert book.sheetnames == SHEETS[lang]
    for name, sheet in zip(SHEETS[lang][1:], tables.frames().values(), strict=True):
        assert book[name].max_row == len(sheet) + 1 > 1, name


def test_headers_are_korean_and_english_by_language(tables, view, cat):
    """The programme sheet's budget column is headed in Korean, or English when lang=en."""
    assert "예산 (억원)" in [c.value for c in workbook(tables, view, cat)["사업"][1]]
    assert "Budget (억원, KRW 100m)" in [c.value for c in workbook(tables, view, cat, "en")["Programmes"][1]]


def test_budgets_are_numbers_with_an_억원_format(tables, view, cat):
    """Every 억원 cell is a number (not text) with a number format saying 억원; an unknown budget is empty."""
    book = workbook(tables, view, cat)
    cells = [c for c in column(book["사업"], "예산 (억원)") if c.value is not None]
    assert cells and all(c.data_type == "n" and isinstance(c.value, int | float) for c in cells)
    assert {c.number_format for c in cells} == {'#,##0"억원"'}
    confirmed = column(book["시군구"], "확정 예산 (억원)")
    assert all(c.data_type == "n" and "억원" in c.number_format for c in confirmed)
    expected = tables.programs.set_index("id")["budget_krw_100m"]
    ids = [c.value for c in column(book["사업"], "ID")]
    values = [c.value for c in column(book["사업"], "예산 (억원)")]
    assert {i: v for i, v in zip(ids, values, strict=True) if v is not None} == expected.dropna().to_dict()


def test_first_sheet_says_what_the_view_is(tables, view, cat):
    """Title with the filter, the link (clickable), the as-of date, each filter and the colouring."""
    sheet = workbook(tables, view, cat)["보기 설명"]
    rows = {row[0].value: row[1] for row in sheet.iter_rows() if row[0].value}
    assert rows["제목"].value == "호남권 초광역 AX혁신벨트 — 광주광역시"
    assert rows["이 보기의 링크"].value == LINK and rows["이 보기의 링크"].hyperlink.target == LINK
    assert rows["데이터 기준일 (가장 최근)"].value == tables.as_of() != ""
    assert rows["권역"].value == "광주광역시" and rows["분야"].value == "전체"
    assert rows["시군구 색칠"].value == "확정 예산"
    assert rows["내려받은 날"].value == "2026-12-01"


def test_file_names_say_what_and_when():
    """The chosen regions and sectors, then the date; ``all`` for the whole belt."""
    assert file_name(Filters(), "xlsx", date(2026, 12, 1)) == "honam-ax-belt-view-all-2026-12-01.xlsx"
    chosen = Filters(regions=("jeonnam",), sectors=("energy",))
    assert file_name(chosen, "gpkg", date(2027, 1, 2)) == "honam-ax-belt-view-jeonnam-energy-2027-01-02.gpkg"


def test_yes_and_no_in_words(tables, view, cat):
    """Whether an amount is counted reads 예/아니오 (Yes/No), never a bare 1/0."""
    cells = {c.value for c in column(workbook(tables, view, cat)["사업"], "합계 포함")}
    assert cells <= {"예", "아니오"} and "예" in cells
