"""The view as one Excel workbook: a first sheet that says what the view is, then a sheet per table.

Headers in the reader's language (``[download_headers]`` of texts.toml), 억원 as numbers with a
number format (never text), years and counts as whole numbers, the header row frozen and
filterable. Every text cell goes through ``geo.cells.safe_cell``, so none runs as a formula.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from geo.catalogue import PROGRAM_STATUSES, SITE_STATUSES, Catalogue
from geo.cells import safe_cell, safe_frame
from geo.downloads.tables import KRW_100M_COLUMNS, TABLES, ViewTables, headers
from geo.filters import view_title
from geo.i18n import names, t
from geo.scenario import titled
from geo.viewstate import ViewState

# 억원 with thousands separators (Excel's own format codes); one decimal for a column that has fractions.
KRW_100M_FORMAT = '#,##0"억원"'
KRW_100M_FRACTION_FORMAT = '#,##0.0"억원"'
WHOLE_FORMAT = "#,##0"
HEADER_FILL = PatternFill("solid", fgColor="E8ECF2")
WIDEST = 60
# openpyxl's default body font; Excel shows Hangul in it with its own Korean fallback (맑은 고딕).
FONT = "Calibri"
ABOUT_WIDTHS = (34, 90)
LINE_POINTS = 15


def text_units(text: str) -> int:
    """How wide ``text`` is in a spreadsheet's character widths: Hangul and other wide letters count two.

    >>> text_units("광주 AI"), text_units("Gwangju")
    (7, 7)
    """
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def text_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a column ``width`` characters wide.

    >>> text_lines("가" * 50, 90), text_lines("a" * 10, 90)
    (2, 1)
    """
    return max(1, math.ceil(text_units(text) / (width * 0.95)))


def number_format(column: str, values: pd.Series) -> str | None:
    """The Excel number format of a column: 억원 for amounts, whole numbers for counts; None for others."""
    if column in KRW_100M_COLUMNS:
        numbers = pd.to_numeric(values, errors="coerce").dropna()
        return KRW_100M_FRACTION_FORMAT if (numbers != numbers.round()).any() else KRW_100M_FORMAT
    if column in ("sites", "sectors", "strength", "cited_rows", "uploaded", "coord_error_m"):
        return WHOLE_FORMAT
    return None


def _cell(value: object) -> object:
    """A value as openpyxl writes it: NaN and pandas' missing values empty, numpy numbers plain Python."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def filter_rows(view: ViewState, cat: Catalogue, lang: str) -> list[tuple[str, str]]:
    """The view's filters in words: each filter with what it keeps, ``전체`` when it keeps everything."""
    f = view.filters
    everything = t("dl_about_all", lang)

    def chosen(ids: Sequence[str], known: dict[str, str]) -> str:
        return ", ".join(known.get(i, i) for i in ids) or everything

    statuses = {s: t(f"status_{s}", lang) for s in (*SITE_STATUSES, *PROGRAM_STATUSES)}
    return [
        (t("region", lang), chosen(f.regions, names(cat.regions, lang))),
        (t("sector", lang), chosen(f.sectors, names(cat.sectors, lang))),
        (t("filter_site_status", lang), chosen(f.site_statuses, statuses)),
        (t("filter_program_status", lang), chosen(f.program_statuses, statuses)),
        (t("filter_years", lang), f"{f.years[0]}–{f.years[1]}" if f.years else everything),
        (t("dl_about_sourced_only", lang), t("dl_about_yes" if f.sourced_only else "dl_about_no", lang)),
    ]


def about_rows(
    tables: ViewTables,
    view: ViewState,
    cat: Catalogue,
    link: str,
    today: date,
    layer_name: str | None = None,
) -> list[tuple[str, object]]:
    """The first sheet: what the view is (title, link, dates, filters, colouring, layer) and what each sheet holds."""
    lg = view.lang
    metric = t(f"choro_{tables.metric}", lg) if tables.metric != "none" else t("choro_none", lg)
    rows: list[tuple[str, object]] = [
        (t("dl_about_title", lg), titled(view_title(view.filters, cat, lg), view.scenario, lg)),
        (t("dl_about_link", lg), link),
        (t("dl_about_as_of", lg), tables.as_of()),
        (t("dl_about_made", lg), today.isoformat()),
        ("", ""),
        (t("dl_about_filters", lg), ""),
        *filter_rows(view, cat, lg),
        (t("dl_about_search", lg), view.search or "—"),
        (t("dl_about_metric", lg), metric),
        (t("dl_about_layer", lg), layer_name or "—"),
        ("", ""),
        (t("dl_about_sheets", lg), ""),
    ]
    rows += [
        (t(f"dl_sheet_{name}", lg), t("dl_about_rows", lg).format(n=len(frame)))
        for name, frame in tables.frames().items()
    ]
    rows += [("", ""), (t("dl_about_notes", lg), t("dl_about_money", lg)), ("", t("dl_about_text_mark", lg))]
    return rows


def _write_about(sheet, rows: list[tuple[str, object]], link: str) -> None:
    for label, value in rows:
        sheet.append([safe_cell(label), safe_cell(value)])
        if label and not value:
            sheet.cell(sheet.max_row, 1).font = Font(name=FONT, bold=True)
        if value == link and link.startswith(("http://", "https://")):
            sheet.cell(sheet.max_row, 2).hyperlink = link  # a link, not a formula
            sheet.cell(sheet.max_row, 2).font = Font(name=FONT, color="0B3D91", underline="single")
    sheet.column_dimensions["A"].width = ABOUT_WIDTHS[0]
    sheet.column_dimensions["B"].width = ABOUT_WIDTHS[1]
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheets do not all grow a row for wrapped text on opening: give a long note its lines.
        lines = max(text_lines(str(cell.value or ""), ABOUT_WIDTHS[i]) for i, cell in enumerate(row))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_POINTS * lines


def _write_table(sheet, table: str, frame: pd.DataFrame, lang: str) -> None:
    """One table: a header row in ``lang``, then the rows, with number formats and sensible widths."""
    frame = pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))
    frame = safe_frame(frame)
    for column in frame.columns:  # yes/no in words: a spreadsheet shows a bare boolean as 1 or TRUE
        if frame[column].dtype == bool:
            frame[column] = frame[column].map({True: t("dl_about_yes", lang), False: t("dl_about_no", lang)})
    names = headers(table, frame.columns, lang)
    sheet.append([safe_cell(names[c]) for c in frame.columns])
    for values in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in values])
    for i, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(i)
        header = sheet.cell(1, i)
        header.font, header.fill = Font(name=FONT, bold=True), HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        fmt = number_format(column, frame[column])
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
        longest = max([text_units(str(names[column])), *(text_units(str(v)) for v in frame[column].head(200))])
        sheet.column_dimensions[letter].width = min(max(8, longest + 2), WIDEST)
    sheet.freeze_panes = "B2" if len(frame.columns) > 1 else "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(sheet.max_row, 1)}"


def view_xlsx(
    tables: ViewTables,
    view: ViewState,
    cat: Catalogue,
    link: str,
    today: date | None = None,
    layer_name: str | None = None,
) -> bytes:
    """The view as XLSX bytes: the "about" sheet, then sites, programmes, links, districts, targets, sources.

    Parameters
    ----------
    tables : ViewTables
        ``geo.downloads.view_tables`` of the view.
    view : ViewState
        The view (its language sets the headers and sheet names; its filters are written out).
    cat : Catalogue
        The catalogue (names of the filters' ids).
    link : str
        The link that reopens the view.
    today : date, optional
        The download's date (today by default).
    layer_name : str, optional
        The planner's layer, when the view has one on.
    """
    lg = view.lang
    book = Workbook()
    about = book.active
    about.title = t("dl_sheet_about", lg)
    _write_about(about, about_rows(tables, view, cat, link, today or date.today(), layer_name), link)
    for name in TABLES:
        _write_table(book.create_sheet(t(f"dl_sheet_{name}", lg)), name, getattr(tables, name), lg)
    for sheet in book.worksheets:  # printed as landscape A4, the header row on every page
        sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
        if sheet is not about:
            sheet.print_title_rows = "1:1"
    about.sheet_properties.pageSetUpPr.fitToPage = True  # the about sheet is one page wide
    about.page_setup.fitToWidth, about.page_setup.fitToHeight = 1, 0
    book.properties.title = titled(view_title(view.filters, cat, lg), view.scenario, lg)
    book.properties.creator = t("app_title", lg)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
