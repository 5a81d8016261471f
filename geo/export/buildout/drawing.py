"""A year's sites, the build-out's key and its footer, drawn on a matplotlib figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from geo.catalogue import Catalogue
from geo.export.buildout.states import LEGEND_PHASES, PHASE_STYLE, PHASES, RING_COLOUR, UNKNOWN_EDGE, UNKNOWN_FACE
from geo.export.frame import Panel, spread_positions
from geo.export.style import (
    DEFAULT_MARKER,
    INK,
    MARKER_SEP_IN,
    MARKER_SHIFT_IN,
    MUTED,
    STAGE_MARKERS,
    marker_size,
)
from geo.export.text import fig_text, font, footer_citations, footer_paragraphs, wrap
from geo.i18n import display_names, t

# ---------------------------------------------------------------- markers


def draw_phase_sites(ax: Axes, sites: pd.DataFrame, scale: float = 1.0, rings: frozenset[str] = frozenset()) -> list:
    """Markers of ``sites`` (site_frame + ``phase``) by stage shape and sector colour, styled by phase.

    Rings go round the ids in ``rings`` (the sites new that year). Each collection keeps
    ``site_ids``, so where a marker is drawn can be read back. Returns the artists drawn.
    """
    drawn = []
    ringed = sites[sites["id"].isin(rings)]
    if len(ringed):
        drawn.append(
            ax.scatter(
                ringed["lon"],
                ringed["lat"],
                s=(marker_size("o") * 1.7 * scale) ** 2,
                marker="o",
                facecolors="none",
                edgecolors=RING_COLOUR,
                linewidths=1.3 * scale + 0.3,
                zorder=4.5,
                gid="new-rings",
            )
        )
    shown = sites[sites["phase"].isin(PHASES)]
    order = {phase: k for k, phase in enumerate(PHASES)}
    # Ghosts under running sites: a faint marker never hides a running one.
    for (rank, marker), group in shown.groupby([shown["phase"].map(order), "marker"], sort=True):
        phase = PHASES[rank]
        collection = _scatter(ax, group["lon"], group["lat"], phase, group["colour"].tolist(), marker, scale)
        collection.set_zorder(5 + (len(PHASES) - rank) * 0.01)
        collection.site_ids = group["id"].tolist()
        drawn.append(collection)
    return drawn


def _scatter(ax: Axes, x, y, phase: str, colours, marker: str, scale: float):
    """One collection of markers in ``phase``'s style (`PHASE_STYLE`), as the map and the legend draw them."""
    style = PHASE_STYLE[phase]
    colours = [colours] * len(x) if isinstance(colours, str) else list(colours)
    grey = [UNKNOWN_FACE] * len(colours)
    faces = {"colour": colours, "white": "white", "grey": grey}[style.face]
    if style.face == "colour" and style.face_alpha < 1:
        faces = [to_rgba(c, style.face_alpha) for c in colours]
    edges = {"colour": colours, "white": "white", "grey": UNKNOWN_EDGE}[style.edge]
    return ax.scatter(
        x,
        y,
        s=(marker_size(marker) * scale) ** 2,
        marker=marker,
        facecolors=faces,
        edgecolors=edges,
        linewidths=(0.9 if style.edge == "white" else 1.8) * max(scale, 0.6),
        linestyles=(0, style.dashes) if style.dashes else "solid",
        hatch=style.hatch,
        alpha=style.alpha if style.alpha < 1 else None,
        zorder=5,
        gid=f"sites-{phase}",
    )


def _fixed_positions(sites: pd.DataFrame, panel: Panel, scale: float) -> pd.DataFrame:
    """``sites`` with the positions every frame draws them at (touching markers fanned out within their size)."""
    per_in = panel.deg_per_in
    lon, lat = spread_positions(
        sites["lon"], sites["lat"], MARKER_SEP_IN * scale * per_in, panel.aspect, MARKER_SHIFT_IN * scale * per_in
    )
    return sites.assign(lon=lon, lat=lat)


# ---------------------------------------------------------------- legend


@dataclass(frozen=True)
class Row:
    """A legend line: a heading, or a symbol (a phase's marker, a sector's square, a stage's shape, a ring)."""

    label: str
    heading: bool = False
    phase: str = "operating"
    colour: str = "#555555"
    marker: str = "o"
    ring: bool = False


def legend_rows(
    sites: pd.DataFrame, cat: Catalogue, lang: str, phases: Sequence[str] = LEGEND_PHASES, ring: bool = True
) -> list[list[Row]]:
    """The legend's sections: the phases drawn, the sectors and the stages of the view's sites."""
    phase_rows = [Row(t(f"bo_phase_{phase}", lang), phase=phase, colour="#555555") for phase in phases]
    if ring:
        phase_rows.append(Row(t("bo_new_ring", lang), ring=True))
    sectors = cat.sectors[cat.sectors["id"].isin(set(sites["sector"]))] if len(sites) else cat.sectors
    stages = cat.stages[cat.stages["id"].isin(set(sites["stage"]))] if len(sites) else cat.stages
    sector_rows = [Row(n, colour=c, marker="s") for n, c in zip(display_names(sectors, lang), sectors["colour"])]
    stage_rows = [
        Row(n, colour="#555555", marker=STAGE_MARKERS.get(s, DEFAULT_MARKER))
        for n, s in zip(display_names(stages, lang), stages["id"])
    ]
    return [
        [Row(t("bo_legend_phase", lang), heading=True), *phase_rows],
        [Row(t("export_sectors", lang), heading=True), *sector_rows],
        [Row(t("legend_stages", lang), heading=True), *stage_rows],
    ]


def _key_axes(fig: Figure) -> Axes:
    """An invisible axes over the whole figure in inches, where legend symbols are drawn as the map's markers."""
    ax = fig.add_axes((0, 0, 1, 1), gid="key")
    ax.set_axis_off()
    width, height = fig.get_size_inches()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_zorder(-1)
    ax.patch.set_visible(False)
    return ax


def draw_key(fig: Figure, renderer, key: Axes, rows: list[Row], left: float, top: float, width: float, size: float):
    """One legend column from ``top`` down; returns its bottom (inches)."""
    y, line = top, size * 1.3 / 72
    indent = size * 2.4 / 72
    for i, row in enumerate(rows):
        if row.heading and i:
            y -= size * 0.5 / 72
        prop = font(size, row.heading)
        lines = wrap(renderer, row.label, prop, width - (0 if row.heading else indent))
        if not row.heading:
            x, cy = left + indent / 2 - 0.02, y - line / 2
            symbol = size / 12
            if row.ring:
                key.scatter([x], [cy], s=(marker_size("o") * 1.7 * symbol) ** 2, facecolors="none", edgecolors=INK)
                _scatter(key, [x], [cy], "operating", ["#555555"], "o", symbol * 0.8)
            elif row.marker == "s" and row.colour != "#555555":  # a sector: its colour as a square
                _scatter(key, [x], [cy], "operating", [row.colour], "s", symbol)
            else:
                _scatter(key, [x], [cy], row.phase, [row.colour], row.marker, symbol)
        fig_text(
            fig,
            left if row.heading else left + indent,
            y,
            "\n".join(lines),
            prop,
            va="top",
            ha="left",
            linespacing=1.15,
            gid="legend",
        )
        y -= len(lines) * line + size * 0.25 / 72
    return y


def _footer(view_sites: gpd.GeoDataFrame, cat: Catalogue, sites: pd.DataFrame, lang: str) -> list[str]:
    """The export's footer (the sites' sources, the boundaries' source, estimated places) after the rules in words."""
    return [
        t("bo_rules", lang),
        *footer_paragraphs(footer_citations(view_sites, cat), int(sites["estimated"].sum()), lang),
    ]


def add_footer(
    fig: Figure,
    renderer,
    view_sites: gpd.GeoDataFrame,
    cat: Catalogue,
    sites: pd.DataFrame,
    lang: str,
    *,
    at: tuple[float, float],
    width: float,
    size: float,
) -> float:
    """The footer (``_footer``) wrapped to ``width`` and set up from ``at`` (left, bottom), muted; returns its top."""
    prop = font(size)
    lines = [line for text in _footer(view_sites, cat, sites, lang) for line in wrap(renderer, text, prop, width)]
    left, bottom = at
    style = {"va": "bottom", "ha": "left", "color": MUTED, "linespacing": 1.3, "gid": "footer"}
    fig_text(fig, left, bottom, "\n".join(lines), prop, **style)
    return bottom + len(lines) * size * 1.3 / 72
