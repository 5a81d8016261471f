"""A table on paper: columns, cells wrapped to their width, rows split into pages, rows drawn.

The briefing pack's programme and source tables are drawn with it (``geo.briefing.pack``). Every
length is in inches; each line of a cell is one text on its own baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from geo.export.style import A4_LANDSCAPE_IN
from geo.export.text import fig_text, font, text_width_in, wrap

TABLE_PT = 8.5
LINESPACING = 1.5  # a table's lines; a row is a whole number of them
STRIPE = "#f2f3f5"


@dataclass(frozen=True)
class Column:
    """A table column: its header, width on paper and alignment."""

    header: str
    width_in: float
    align: str = "left"


def page_renderer():
    """The renderer of an A4 landscape page, for measuring text before a page is drawn."""
    return FigureCanvasAgg(Figure(figsize=A4_LANDSCAPE_IN, dpi=100)).get_renderer()


def line_metrics(renderer, size: float = TABLE_PT) -> tuple[float, float]:
    """A table line's pitch and where its baseline sits below the line's top, in inches.

    The ink of "가p" (Hangul's height, a Latin descender) is centred in the pitch.
    """
    _, height, descent = renderer.get_text_width_height_descent("가p", font(size), ismath=False)
    pitch = size * LINESPACING / 72
    return pitch, (pitch - height / renderer.dpi) / 2 + (height - descent) / renderer.dpi


def cell_lines(renderer, text: str, width_in: float, size: float = TABLE_PT) -> list[str]:
    """A cell's text in lines no wider than its column; a word longer than that (an address) is cut."""
    prop = font(size)
    lines: list[str] = []
    for line in wrap(renderer, " ".join(str(text).split()), prop, width_in):
        while len(line) > 1 and text_width_in(renderer, line, prop) > width_in:
            low, high = 1, len(line) - 1  # the longest head that fits, found by halving
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if text_width_in(renderer, line[:mid], prop) <= width_in else (low, mid - 1)
            lines.append(line[:low])
            line = line[low:]
        lines.append(line)
    return lines or [""]


def paginate(heights: Sequence[float], first: float, rest: float) -> list[list[int]]:
    """Row indices per page: rows in order, as many as fit in ``first`` inches, then ``rest`` per page.

    >>> paginate([1, 1, 1, 1, 1], 2.5, 3)
    [[0, 1], [2, 3, 4]]
    """
    pages: list[list[int]] = [[]]
    room = first
    for i, height in enumerate(heights):
        if pages[-1] and height > room:
            pages.append([])
            room = rest
        pages[-1].append(i)
        room -= height
    return pages


def draw_table(
    fig: Figure, columns: Sequence[Column], rows: Sequence[list[list[str]]], left: float, top: float, metrics
) -> float:
    """Draw the header and ``rows`` (each cell as its lines) on ``fig`` from ``top`` down; return the foot.

    A rule under the header and under the last row, every second row on a light band;
    ``metrics`` is ``line_metrics``' pitch and baseline.
    """
    pitch, baseline_below = metrics
    width = sum(c.width_in for c in columns)
    lefts = [left + sum(c.width_in for c in columns[:i]) for i in range(len(columns))]

    def draw(cells: list[list[str]], top: float, bold: bool = False) -> None:
        # One text per line, on its baseline: matplotlib aligns a text's top by its own ink, so
        # texts aligned by their tops would wobble from column to column.
        for lines, x_left, column in zip(cells, lefts, columns, strict=True):
            x = x_left + column.width_in - 0.05 if column.align == "right" else x_left + 0.05
            for k, line in enumerate(lines):
                if line:
                    baseline = top - baseline_below - k * pitch
                    fig_text(fig, x, baseline, line, font(TABLE_PT, bold), va="baseline", ha=column.align)

    draw([[c.header] for c in columns], top, bold=True)
    top -= pitch
    fig.add_artist(_rule(fig, left, top, width))
    for i, cells in enumerate(rows):
        height = max(len(lines) for lines in cells) * pitch
        if i % 2:
            fig.add_artist(_band(fig, left, top - height, width, height))
        draw(cells, top)
        top -= height
    fig.add_artist(_rule(fig, left, top, width))
    return top


def _rule(fig: Figure, x_in: float, y_in: float, width_in: float) -> Rectangle:
    w, h = fig.get_size_inches()
    return Rectangle((x_in / w, y_in / h), width_in / w, 0.012 / h, transform=fig.transFigure, color="#5b6270", lw=0)


def _band(fig: Figure, x_in: float, y_in: float, width_in: float, height_in: float) -> Rectangle:
    w, h = fig.get_size_inches()
    return Rectangle(
        (x_in / w, y_in / h), width_in / w, height_in / h, transform=fig.transFigure, color=STRIPE, lw=0, zorder=-1
    )
