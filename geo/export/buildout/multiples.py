"""Four years side by side on one A4 page, for print (`small_multiples`, `small_multiples_png`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.catalogue import Catalogue
from geo.export.buildout.drawing import _fixed_positions, _key_axes, add_footer, draw_key, draw_phase_sites, legend_rows
from geo.export.buildout.slides import slide_title
from geo.export.buildout.states import YearState, totals_lines
from geo.export.frame import add_panel, geo_aspect, map_extent
from geo.export.furniture import draw_scale_bar
from geo.export.page import print_png
from geo.export.panels import draw_base, site_frame
from geo.export.style import (
    A4_LANDSCAPE_IN,
    MUTED,
)
from geo.export.text import fig_text, font
from geo.i18n import t

# ---------------------------------------------------------------- small multiples for print


def small_multiples(
    view_sites: gpd.GeoDataFrame,
    cat: Catalogue,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    states: Sequence[YearState],
    *,
    title: str,
    lang: str = "ko",
    today_year: int,
) -> Figure:
    """``states`` (four years, e.g. 2020 · 2024 · 2027 · 2030) side by side on an A4 landscape page.

    Each panel is the same frame with the year and its totals over it; the legend runs under
    the panels, the export's footer under it.
    """
    width, height = A4_LANDSCAPE_IN
    fig = Figure(figsize=A4_LANDSCAPE_IN, dpi=100, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()
    sites_all = site_frame(view_sites, cat, lang)
    margin, gap, n = 0.45, 0.18, len(states)
    lines, size = slide_title(renderer, title, width - 2 * margin, (20, 18, 16))
    text = fig_text(fig, margin, height - margin, "\n".join(lines), font(size, True), va="top", ha="left")
    text.set(gid="title", linespacing=1.1)
    years = " · ".join(str(s.year) for s in states)
    subtitle_y = height - margin - len(lines) * size * 1.1 / 72 - 0.12
    fig_text(
        fig,
        margin,
        subtitle_y,
        t("bo_multiples_subtitle", lang).format(years=years),
        font(12),
        va="top",
        ha="left",
        color=MUTED,
        gid="subtitle",
    )
    footer_top = 0.2 + add_footer(
        fig, renderer, view_sites, cat, sites_all, lang, at=(margin, 0.3), width=width - 2 * margin, size=8.5
    )
    area_top = subtitle_y - 12 * 1.3 / 72 - 0.15
    wanted = map_extent(view_sites, None)
    # The frame's ground shape (height / width): a panel taller or wider than it only adds sea.
    ground = (wanted[3] - wanted[1]) * geo_aspect(wanted) / (wanted[2] - wanted[0])
    grid = panel_grid(n, ground, width - 2 * margin, area_top, footer_top, gap)
    scale = 0.55
    for k, state in enumerate(states):
        left, panel_top = grid.left(k, margin), grid.top(k, area_top)
        box = (left, panel_top - grid.height, grid.width, grid.height)
        panel = add_panel(fig, box, wanted, f"panel-{state.year}")
        placed = _fixed_positions(sites_all, panel, scale)
        draw_base(panel, sido, sigungu, None)
        if k == 0:
            draw_scale_bar(fig, panel, placed, 8)
        fig_text(fig, left, panel_top + 0.62, str(state.year), font(17, True), va="bottom", ha="left", gid="panel-year")
        if state.plan:
            tag = t("bo_plan", lang).format(today=today_year)
            fig_text(fig, left + 0.68, panel_top + 0.64, tag, font(9, True), va="bottom", ha="left", color=MUTED)
        lines = "\n".join(totals_lines(state, lang, short=True))
        fig_text(fig, left, panel_top + 0.56, lines, font(9), va="top", ha="left", linespacing=1.25, gid="panel-totals")
        sites = placed[["id", "lon", "lat"]].merge(state.sites.drop(columns=["lon", "lat"]), on="id", how="inner")
        new_ids = frozenset(sites.loc[sites["name"].isin(state.new), "id"]) if k else frozenset()
        draw_phase_sites(panel.ax, sites, scale, new_ids)
    key = _key_axes(fig)
    sections = legend_rows(sites_all, cat, lang)
    if grid.rows == 1:  # the legend's three sections side by side under the row of panels
        col_w = (width - 2 * margin - 2 * gap) / 3
        top = area_top - grid.HEADING_IN - grid.height - 0.25
        bottom = min(
            draw_key(fig, renderer, key, rows, margin + k * (col_w + gap), top, col_w, 9)
            for k, rows in enumerate(sections)
        )
        left = margin
    else:  # one column right of the grid
        left = margin + grid.columns * (grid.width + gap) + 0.1
        bottom = area_top
        for rows in sections:
            bottom = draw_key(fig, renderer, key, rows, left, bottom, width - margin - left, 9) - 0.05
    fig_text(fig, left, bottom - 0.08, t("bo_hidden", lang), font(8.5), va="top", ha="left", color=MUTED)
    return fig


@dataclass(frozen=True)
class Grid:
    """Where the panels of the years go: ``rows`` × ``columns`` frames ``width`` × ``height`` inches."""

    rows: int
    columns: int
    width: float
    height: float
    gap: float

    HEADING_IN = 0.9  # the year and its totals over each panel
    ROW_GAP_IN = 0.2

    def left(self, k: int, margin: float) -> float:
        return margin + (k % self.columns) * (self.width + self.gap)

    def top(self, k: int, area_top: float) -> float:
        return area_top - self.HEADING_IN - (k // self.columns) * (self.HEADING_IN + self.height + self.ROW_GAP_IN)


LEGEND_ROW_IN = 1.75  # the legend's sections side by side under a row of panels
LEGEND_COLUMN_IN = 3.1  # the legend as one column right of a grid


def panel_grid(n: int, ground: float, width: float, top: float, bottom: float, gap: float) -> Grid:
    """One row of ``n`` panels with the legend under it, or two rows with the legend beside: whichever maps larger.

    ``ground`` is the frame's height over its width on the ground; a frame as wide as the belt's
    regions side by side (a filter of two regions) reads larger in two rows.

    >>> panel_grid(4, 1.34, 10.8, 7.0, 1.0, 0.18).rows  # the belt: taller than wide
    1
    >>> panel_grid(4, 0.5, 10.8, 7.0, 1.0, 0.18).rows
    2
    """
    heading = Grid.HEADING_IN
    choices = []
    for rows in (1, 2):
        columns = -(-n // rows)
        room_w = width - (LEGEND_COLUMN_IN if rows > 1 else 0)
        room_h = top - bottom - (LEGEND_ROW_IN if rows == 1 else 0) - rows * heading - (rows - 1) * Grid.ROW_GAP_IN
        panel_w = (room_w - gap * (columns - 1)) / columns
        panel_h = min(room_h / rows, panel_w * ground * 1.04)
        # The map drawn in a box is the frame at its ground shape, as large as the box allows.
        map_area = min(panel_w, panel_h / ground) * min(panel_h, panel_w * ground)
        choices.append((map_area, -rows, Grid(rows, columns, panel_w, panel_h, gap)))
    return max(choices, key=lambda c: c[:2])[2]


def small_multiples_png(*layers, width_px: int = 2400, **options) -> bytes:
    """`small_multiples` as a PNG ``width_px`` wide (at least 2000, for print), A4 landscape.

    Returns
    -------
    bytes
        The PNG file.
    """
    return print_png(small_multiples, width_px, *layers, **options)
