"""The legend: its rows (sectors, stages, symbols, the planner's layer) and their drawing in one or two columns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from geo.catalogue import Catalogue
from geo.export.style import (
    ARROW_STYLE,
    DEFAULT_MARKER,
    GAP_IN,
    INK,
    LEGEND_PT,
    LEGEND_TWO_COLUMNS_IN,
    LINK_COLOUR,
    MARKER_PT,
    RING_PT,
    STAGE_MARKERS,
    marker_size,
)
from geo.export.text import fig_text, font, wrap
from geo.i18n import display_names, t


@dataclass(frozen=True)
class LegendRow:
    """One legend line: a heading, or a symbol (marker, ring or arrow) with its label."""

    label: str
    heading: bool = False
    marker: str | None = None
    colour: str = "#555555"
    hollow: bool = False
    line: bool = False
    ring: bool = False
    swatch: bool = False  # a district colour (outlined, so white shows); no symbol when colour is "none"


def legend_sections(
    sites: pd.DataFrame,
    cat: Catalogue,
    lang: str,
    with_links: bool,
    with_highlight: bool = False,
    districts: dict | None = None,
) -> list[list[LegendRow]]:
    """The legend: sectors and stages present in the view (all when none is), then the other symbols.

    Each section starts with its heading row. ``districts`` (`geo.maps.choropleth.metric_colours`)
    adds the district colouring's classes as a last section.
    """
    present_sectors, present_stages = set(sites["sector"]), set(sites["stage"])
    sectors = cat.sectors[cat.sectors["id"].isin(present_sectors)] if present_sectors else cat.sectors
    stages = cat.stages[cat.stages["id"].isin(present_stages)] if present_stages else cat.stages
    sector_rows = [
        LegendRow(name, marker="s", colour=colour)
        for name, colour in zip(display_names(sectors, lang), sectors["colour"])
    ]
    stage_rows = [
        LegendRow(name, marker=STAGE_MARKERS.get(stage, DEFAULT_MARKER))
        for name, stage in zip(display_names(stages, lang), stages["id"])
    ]
    other = [LegendRow(t("legend_status", lang), marker="o", hollow=True)]
    if with_links:
        other.append(LegendRow(t("export_links", lang), line=True, colour=LINK_COLOUR))
    if with_highlight:
        other.append(LegendRow(t("export_highlight", lang), ring=True))
    sections = [
        [LegendRow(t("export_sectors", lang), heading=True), *sector_rows],
        [LegendRow(t("legend_stages", lang), heading=True), *stage_rows],
        [LegendRow(t("status", lang), heading=True), *other],
    ]
    if districts:
        classes = [
            LegendRow(label, swatch=True, colour="none" if colour == "transparent" else colour)
            for colour, label in districts["legend"]
        ]
        sections.append(
            [LegendRow(t("export_districts", lang).format(metric=districts["title"]), heading=True), *classes]
        )
    return sections


INDENT_IN = 0.32


def _row_lines(renderer, row: LegendRow, size: float, width: float) -> list[str]:
    """A legend row's label broken to fit the column."""
    return wrap(renderer, row.label, font(size, row.heading), width - (0 if row.heading else INDENT_IN))


def _column_height(renderer, rows: list[LegendRow], size: float, width: float) -> float:
    """Height in inches of one legend column at font ``size``."""
    total = 0.0
    for i, row in enumerate(rows):
        total += len(_row_lines(renderer, row, size, width)) * size * 1.3 / 72 + size * 0.3 / 72
        if row.heading and i:
            total += size * 0.6 / 72
    return total


def _legend_columns(sections: list[list[LegendRow]], width: float) -> list[list[LegendRow]]:
    """The sections in one column, or sectors beside the rest when the column is wide."""
    if width >= LEGEND_TWO_COLUMNS_IN and len(sections) > 1:
        return [sections[0], [row for section in sections[1:] for row in section]]
    return [[row for section in sections for row in section]]


def _draw_legend_symbol(fig: Figure, row: LegendRow, x: float, y: float) -> None:
    """The symbol of a legend row, centred at (x, y) inches."""
    trans = fig.dpi_scale_trans
    if row.line:
        fig.add_artist(
            FancyArrowPatch(
                (x - 0.13, y - 0.03),
                (x + 0.14, y + 0.03),
                transform=trans,
                arrowstyle=ARROW_STYLE,
                color=row.colour,
                linewidth=1.4,
                connectionstyle="arc3,rad=0.3",
            )
        )
        return
    if row.swatch:
        if row.colour != "none":
            _point(fig, x, y, "s", MARKER_PT * 0.9, row.colour, "#9aa0a6", 0.6)
        return
    if row.ring:
        _point(fig, x, y, "o", RING_PT, "white", INK, 1.2)
        _point(fig, x, y, "o", MARKER_PT * 0.8, "#555555", "white", 0.9)
        return
    face, edge = ("white", row.colour) if row.hollow else (row.colour, "white")
    _point(fig, x, y, row.marker, marker_size(row.marker), face, edge, 2.0 if row.hollow else 0.9)


def _point(fig: Figure, x: float, y: float, marker: str, size: float, face: str, edge: str, edge_width: float) -> None:
    """One marker of ``size`` points centred at (x, y) inches, drawn as the map draws its sites."""
    fig.add_artist(
        Line2D(
            [x],
            [y],
            transform=fig.dpi_scale_trans,
            marker=marker,
            linestyle="none",
            markersize=size,
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=edge_width,
        )
    )


def draw_legend(
    fig: Figure, renderer, sections: list[list[LegendRow]], left: float, top: float, width: float, max_height: float
) -> float:
    """Draw the legend from ``top`` down, at the largest type that fits ``max_height``; returns its bottom."""
    columns = _legend_columns(sections, width)
    col_w = (width - GAP_IN * (len(columns) - 1)) / len(columns)
    size = next(
        (s for s in LEGEND_PT if max(_column_height(renderer, c, s, col_w) for c in columns) <= max_height),
        LEGEND_PT[-1],
    )
    bottom = top
    for k, rows in enumerate(columns):
        x0, y = left + k * (col_w + GAP_IN), top
        for i, row in enumerate(rows):
            if row.heading and i:
                y -= size * 0.6 / 72
            lines = _row_lines(renderer, row, size, col_w)
            line_h = size * 1.3 / 72
            if not row.heading:
                _draw_legend_symbol(fig, row, x0 + INDENT_IN / 2 - 0.04, y - line_h / 2)
            fig_text(
                fig,
                x0 if row.heading else x0 + INDENT_IN,
                y,
                "\n".join(lines),
                font(size, row.heading),
                va="top",
                ha="left",
                linespacing=1.15,
                gid="legend",
            )
            y -= len(lines) * line_h + size * 0.3 / 72
        bottom = min(bottom, y)
    return bottom


def planner_legend(layer: dict) -> list[LegendRow]:
    """The layer's legend section: its name and count, then a row per category (or its one colour)."""
    rows = [LegendRow(layer["title"], heading=True)]
    rows += [LegendRow(label, marker="o", colour=colour) for colour, label in zip(layer["colours"], layer["labels"])]
    if layer["note"]:
        rows.append(LegendRow(layer["note"], marker="o", colour="#9a9a9a", hollow=True))
    return rows
