"""A table of numbers as plain, semantic HTML: a caption, column headers, figures aligned right.

The map page's tables sit folded under the map. Streamlit's data grid would load 1.4 MB of its
own script (the grid and Arrow) before the page's first view is drawn, and draws on a canvas; a
plain ``<table>`` costs nothing to a new visitor, and a screen reader walks it by row and column.
"""

from __future__ import annotations

import html
import math
import numbers

import pandas as pd


def cell_text(value) -> str:
    """A cell as the table shows it: integers with thousands separators, decimals to at most two places.

    >>> [cell_text(v) for v in (1234, 1234.5, 0.125, float("nan"), None, "전남")]
    ['1,234', '1,234.5', '0.12', '', '', '전남']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and float(value).is_integer()):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """``frame`` as an HTML table named by ``caption`` (read by screen readers, hidden on screen).

    The table scrolls sideways in its own region when it is wider than its column: that region
    takes focus and has a name, so a keyboard user can scroll it too.
    """
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    head = "".join(
        f'<th scope="col"{" class=num" if num else ""}>{html.escape(str(c))}</th>'
        for c, num in zip(frame.columns, numeric)
    )
    rows = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if num else ''}>{html.escape(cell_text(v))}</td>" for v, num in zip(row, numeric))
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    name = html.escape(caption)
    return (
        f'<div class="data-table" role="region" tabindex="0" aria-label="{name}">'
        f'<table><caption class="sr-only">{name}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
