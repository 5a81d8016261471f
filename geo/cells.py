"""How a cell of the catalogue's tables and the store's records is read (lists, colours), and written safely.

One home for each rule, so the CSV files, the validator, the map and the exports agree.
"""

from __future__ import annotations

import re

import pandas as pd

# A spreadsheet cell that holds several ids (``programs.site_ids``, ``source``) separates them so.
LIST_SEP = ";"
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def split_ids(cell: object) -> list[str]:
    """The ids in a ``;``-separated cell, in order, blanks dropped.

    >>> split_ids(" a; b;;c ")
    ['a', 'b', 'c']
    >>> split_ids(None)
    []
    """
    return [part.strip() for part in str(cell or "").split(LIST_SEP) if part.strip()]


def is_hex_colour(value: object) -> bool:
    """Whether ``value`` is a colour written ``#rrggbb``.

    >>> is_hex_colour("#1f77B4"), is_hex_colour("#fff"), is_hex_colour(None)
    (True, False, False)
    """
    return isinstance(value, str) and HEX_COLOUR.fullmatch(value) is not None


def hex_colour(value: object) -> str:
    """``value`` when it is a ``#rrggbb`` colour; a ValueError that names it otherwise.

    >>> hex_colour("#ff0000")
    '#ff0000'
    """
    if not is_hex_colour(value):
        raise ValueError(f"colour must be #RRGGBB, not {value!r}")
    return value


# A text cell a spreadsheet (Excel, LibreOffice, Google Sheets) would run as a formula starts so: the
# four formula signs (and their full-width forms, which Korean and Japanese Excel read the same way),
# a tab or a carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A plain number ("-12", "+3.5", "-1,234") is read as that number, never run: it stays as it is.
PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?")
# What goes before a neutralised cell: the spreadsheet's own "this is text" mark, shown as written.
TEXT_MARK = "'"


def runs_as_formula(value: object) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula if it were a cell's text.

    Numbers (and text that is a plain number) are never formulas; leading spaces and line
    breaks are looked through, as spreadsheets do.

    >>> runs_as_formula('=HYPERLINK("http://x", "y")'), runs_as_formula("@SUM(A1)"), runs_as_formula("-2+3")
    (True, True, True)
    >>> runs_as_formula("-12.5"), runs_as_formula(-3), runs_as_formula("광주 - 전남"), runs_as_formula(None)
    (False, False, False, False)
    """
    if not isinstance(value, str):
        return False
    text = value.lstrip(" \n")
    if not text.startswith(FORMULA_STARTS) and not value.startswith(("\t", "\r")):
        return False
    return PLAIN_NUMBER.fullmatch(text.strip()) is None


def safe_cell(value: object) -> object:
    """``value`` made safe to open in a spreadsheet: a would-be formula becomes text (``'`` before it).

    The one rule every download follows (CSV, XLSX, GeoPackage attributes). Anything else —
    numbers, dates, empty cells, text that is no formula — comes back unchanged.

    >>> safe_cell('=HYPERLINK("http://x")'), safe_cell("-5"), safe_cell(7)
    ('\\'=HYPERLINK("http://x")', '-5', 7)
    """
    return TEXT_MARK + value if runs_as_formula(value) else value


def safe_frame(frame):
    """A copy of a table (a DataFrame or GeoDataFrame) with every cell passed through `safe_cell`.

    Column names are cells too; the geometry column is left alone.
    """
    out = frame.copy()
    geometry = getattr(frame, "_geometry_column_name", None)
    for column in out.columns:
        values = out[column]
        if column != geometry and (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            out[column] = values.map(safe_cell)
    return out.rename(columns={c: safe_cell(c) for c in out.columns if c != geometry})
