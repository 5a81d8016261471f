"""Where the parts of the page go: title band, map, legend column and footer, in inches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geo.export.style import (
    A4_LANDSCAPE_IN,
    FOOTER_PT,
    GAP_IN,
    LEAD_PT,
    LEGEND_MIN_IN,
    MARGIN_IN,
    SUBTITLE_PT,
    TITLE_PT,
    Box,
)
from geo.export.text import font, shorten, text_width_in, wrap
from geo.extent import Bounds


@dataclass(frozen=True)
class Layout:
    """Where the parts of the page go, in inches from the bottom left."""

    width: float
    height: float
    title_lines: tuple[str, ...]
    title_pt: float
    subtitle_y: float
    footer_lines: tuple[str, ...]
    map_box: Box
    legend_left: float
    legend_width: float
    lead_lines: tuple[str, ...] = ()
    lead_y: float = 0.0


def title_fit(renderer, title: str, width_in: float) -> tuple[tuple[str, ...], float]:
    """The title's lines and size: one line as large as fits, else two at the smallest size."""
    for size in TITLE_PT:
        if text_width_in(renderer, title, font(size, True)) <= width_in:
            return (title,), size
    lines = wrap(renderer, title, font(TITLE_PT[-1], True), width_in)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), len(lines[1]))]
    return tuple(lines), TITLE_PT[-1]


def lay_out(renderer, title: str, footer: list[str], bounds: Bounds, lead: Sequence[str] = ()) -> Layout:
    """Title band on top, footer at the bottom, the map as large as fits, the legend beside it.

    ``lead`` paragraphs (a story step's caption) go under the subtitle, above the map.
    """
    width, height = A4_LANDSCAPE_IN
    inner = width - 2 * MARGIN_IN
    title_lines, title_pt = title_fit(renderer, title, inner)
    subtitle_y = height - MARGIN_IN - len(title_lines) * title_pt * 1.2 / 72 - 0.12
    map_top = subtitle_y - SUBTITLE_PT * 1.3 / 72 - 0.22
    lead_lines = tuple(line for text in lead if text for line in wrap(renderer, text, font(LEAD_PT), inner))
    lead_y = map_top + 0.08
    if lead_lines:
        map_top -= len(lead_lines) * LEAD_PT * 1.3 / 72 + 0.12
    footer_lines = tuple(line for text in footer for line in wrap(renderer, text, font(FOOTER_PT), inner))
    map_bottom = 0.32 + len(footer_lines) * FOOTER_PT * 1.35 / 72 + 0.18
    avail_w, avail_h = inner - LEGEND_MIN_IN - GAP_IN, map_top - map_bottom
    # The map takes all the room left of the legend; its frame is widened to that shape
    # (fit_bounds), never cropped, so the page is filled whatever the view's shape.
    box_w, box_h = avail_w, avail_h
    legend_left = MARGIN_IN + box_w + GAP_IN
    return Layout(
        width,
        height,
        title_lines,
        title_pt,
        subtitle_y,
        footer_lines,
        (MARGIN_IN, map_top - box_h, box_w, box_h),
        legend_left,
        width - MARGIN_IN - legend_left,
        lead_lines,
        lead_y,
    )
