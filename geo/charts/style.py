"""What every chart shares: type sizes, colours, the Plotly config, and wrapping labels."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from geo.i18n import name_column
from geo.vocabulary import FONT_STACK

FONT_PX = 16
SMALL_FONT_PX = 14
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
TEXT_COLOUR = "#222222"

# Firm money is solid and dark, unfirm money pale and hatched, so that a proposal never
# reads as a budget even in greyscale print.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "confirmed": ("#0B4F8A", ""),
    "in_progress": ("#5FA8DC", ""),
    "proposed": ("#C8C8C8", "/"),
    "unverified": ("#FFFFFF", "x"),
}
# ColorBrewer RdBu ends: readable for colour-blind viewers, and the two gap levels differ in
# lightness as well as hue.
GAP_COLOURS = {"missing": "#F4A582", "thin": "#FDDBC7", "present": "#92C5DE"}
REGION_NODE = "#4D4D4D"
STAGE_NODE = "#9A9A9A"
CROSS_LINK = "#333333"
WITHIN_LINK = "#BBBBBB"
NAMED_HUBS = 6
# Column headers of the gap matrix wrap at this width (Latin characters): six stage columns
# share a 1366-px screen, and "Industrial application (AX demand)" must not run into its neighbour.
HEADER_WRAP = 11
# Sankey node labels wrap at this width, so a long stage name does not run over the next node.
SANKEY_WRAP = 18
# A hub's name in the network wraps at this width onto at most three lines: one of six stage
# columns of a 1280-px page is ~115 px wide, and a name must not run into the next column's.
NETWORK_WRAP = 16
NETWORK_LINES = 3
# Budget panels: money decided (left) and money asked for or unchecked (right), each on its own
# scale, so a 50조 proposal does not hide a 1조 confirmed budget and the two never share a bar.
BUDGET_PANELS = (("confirmed", "in_progress"), ("proposed", "unverified"))
BUDGET_TICKS = 3
# A sector's name beside a bar wraps at this width, so a long English name ("Smart heavy industry &
# autonomous manufacturing") does not squeeze the two budget panels until their ticks meet.
SECTOR_WRAP = 26


def style(fig: go.Figure, height: int) -> go.Figure:
    """Apply the dashboard's look: white template, Korean font stack, large type, top legend."""
    font = {"family": FONT_STACK, "size": FONT_PX, "color": TEXT_COLOUR}
    fig.update_layout(
        template="plotly_white",
        height=height,
        font=font,
        hoverlabel={"font": font},
        margin={"l": 8, "r": 8, "t": 56, "b": 8},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": font},
    )
    return fig


def rgba(colour: str, alpha: float) -> str:
    """A ``#RRGGBB`` colour as ``rgba(r,g,b,alpha)``."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def sector_label(name: str, colour: str, wrap: int | None = None) -> str:
    """A name preceded by a square of its colour (plotly's HTML subset), escaped, wrapped at ``wrap``."""
    text = wrap_label(name, wrap) if wrap else html.escape(name)
    return f"<span style='color:{colour}'>■</span> {text}"


def sector_labels(sectors: pd.DataFrame, lang: str) -> dict[str, str]:
    """Sector id → coloured label, wrapped at `SECTOR_WRAP`, in catalogue order."""
    rows = zip(sectors["id"], sectors[name_column(lang)], sectors["colour"], strict=True)
    return {s: sector_label(n, c, SECTOR_WRAP) for s, n, c in rows}


def _display_width(text: str) -> int:
    """How wide a text looks: Hangul and other wide glyphs count 2, Latin letters 1."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def wrap_label(text: str, width: int = 16) -> str:
    """A label broken onto lines of about ``width`` (Latin) characters at spaces, escaped, for axis ticks.

    Korean stage names such as "산업 적용 (AX 수요)" are too wide for one column, and slanted
    labels are hard to read on a projector, so they are wrapped instead; a bracketed part
    always starts a new line.
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and not word.startswith("(") and _display_width(lines[-1]) + 1 + _display_width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(html.escape(line) for line in lines)


def wrap_name(text: str, width: int, lines: int = 2) -> str:
    """``text`` wrapped as `wrap_label` does, on at most ``lines`` lines: the last cut with an ellipsis.

    >>> wrap_name("Gwangju AI Industrial Convergence Cluster", 16, 2)
    'Gwangju AI<br>Industrial Con…'
    """
    words = wrap_label(text, width).split("<br>")
    if len(words) <= lines:
        return "<br>".join(words)
    last = html.unescape(" ".join(words[lines - 1 :]))
    cut, used = "", 0
    for ch in last:
        used += _display_width(ch)
        if used > width - _display_width("…"):
            break
        cut += ch
    return "<br>".join([*words[: lines - 1], html.escape(cut.rstrip() + "…")])


def text_column_px(values, font_px: int = 14, padding_px: int = 32) -> int:
    """The width in pixels a table column needs to show its longest value whole (with cell padding).

    Streamlit's "small" column is 75 px, which cut a period to "020-202".

    >>> text_column_px(["2020–2027", "미정"]) >= 95
    True
    """
    from geo.labels import text_size

    return max((text_size(str(v), font_px, bold=False)[0] for v in values), default=0) + padding_px


def truncate(name: str, limit: int = 30) -> str:
    """A long name cut to ``limit`` characters with an ellipsis (the full name is in the hover).

    >>> truncate("가나다라마", 4)
    '가나다…'
    """
    return name if len(name) <= limit else name[: limit - 1] + "…"
