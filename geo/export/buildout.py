"""The build-out as a picture: the belt year by year, as an animated GIF for slides and small multiples for print.

Both are drawn by the briefing export's renderer (the same frame, boundaries, area names,
scale bar, north arrow, fonts and footer as the PNG/PDF map) with one change: each site is
drawn as it stood in the frame's year (``geo.timeline``), and every frame carries its year and
the running totals — the sites running and the confirmed money decided by then, added by the
KPI's rule (`geo.joins.confirmed_split`).

How each year's state looks is decided here once (`PHASE_STYLE`), for the map and the legend
alike, in the map's words (`geo.timeline`'s legend): running sites filled; under construction
hollow with a solid edge (hatched, so it reads in grey print too); planned or proposed hollow with
a dashed edge, faint; planned to be running by then (a plan, never a fact) faint with a dotted
edge; year unknown faint grey; a site not yet announced is not drawn. Years after today are plans,
and each such frame says so.

A marker stays at its place: positions are fanned out once over every site of the view (a
fraction of a marker's size, as the page does), so a site never moves between frames.

- `year_states`: what each year shows (sites with their phase, counts, money, what is new);
- `BuildOut`: the slide frame (1280×720) with its fixed parts drawn once, then one year at a time;
- `build_out_gif`: the GIF, one frame a year; `small_multiples`, `small_multiples_png`: four years on one A4 page.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image

from geo.catalogue import Catalogue
from geo.export.frame import Panel, add_panel, geo_aspect, map_extent, spread_positions
from geo.export.furniture import draw_north_arrow, draw_scale_bar
from geo.export.names import draw_area_names, sido_names
from geo.export.page import MIN_WIDTH_PX, _save
from geo.export.panels import _draw_base, site_frame
from geo.export.style import (
    A4_LANDSCAPE_IN,
    DEFAULT_MARKER,
    FALLBACK_COLOUR,
    INK,
    MARKER_SEP_IN,
    MARKER_SHIFT_IN,
    MUTED,
    STAGE_MARKERS,
    marker_size,
)
from geo.export.text import fig_text, font, footer_citations, footer_paragraphs, shorten, text_width_in, wrap
from geo.i18n import display_names, format_krw_100m, t
from geo.joins import confirmed_split

# The slide: 1280×720 pixels, the projector's size, at 100 dpi (type sizes are in points on it).
SLIDE_IN = (12.8, 7.2)
SLIDE_DPI = 100
# Each year shows this long; the last one longer, so a looping GIF pauses on where the belt ends up.
FRAME_MS = 1100
LAST_FRAME_MS = 3000
# The GIF's palette: this many of the colours most pixels have kept exactly, the rest cut from the frames.
EXACT_COLOURS = 96
# The years the print page compares.
MULTIPLE_YEARS = (2020, 2024, 2027, 2030)

# The states a site can have in a year, in the legend's order; ``not_announced`` is never drawn.
PHASES = ("operating", "planned_open", "under_construction", "planned", "proposed", "unknown")
HIDDEN_PHASES = ("not_announced",)
RUNNING_PHASES = ("operating", "planned_open")
RING_COLOUR = INK
UNKNOWN_FACE, UNKNOWN_EDGE = "#dcdde0", FALLBACK_COLOUR


@dataclass(frozen=True)
class PhaseStyle:
    """How markers of one phase are drawn: the face (sector colour, white or grey) and its opacity, the edge."""

    face: str = "colour"  # "colour", "white" or "grey"
    face_alpha: float = 1.0
    edge: str = "white"  # "white", "colour" or "grey"
    dashes: tuple | None = None  # an edge's on/off pattern in points; None: solid
    hatch: str | None = None
    alpha: float = 1.0


PHASE_STYLE: dict[str, PhaseStyle] = {
    "operating": PhaseStyle(),
    "planned_open": PhaseStyle(face_alpha=0.3, edge="colour", dashes=(1.0, 1.3)),
    "under_construction": PhaseStyle(face="white", edge="colour", hatch="//////"),
    "planned": PhaseStyle(face="white", edge="colour", dashes=(2.4, 1.5), alpha=0.7),
    "proposed": PhaseStyle(face="white", edge="colour", dashes=(2.4, 1.5), alpha=0.7),
    "unknown": PhaseStyle(face="grey", edge="grey", alpha=0.6),
}
# The legend's rows: planned and proposed look alike (as on the map), so they share one.
LEGEND_PHASES = ("operating", "planned_open", "under_construction", "planned", "unknown")


def timeline():
    """The year rules (`geo.timeline`): ``sites_in_year``, ``programs_in_year``, ``YEARS``.

    The one place this package reaches them, so that their names are read in one spot.
    """
    from geo import timeline as rules

    return rules


@dataclass(frozen=True)
class YearState:
    """What one year shows: the drawable sites with their ``phase``, and the running totals.

    ``sites`` is `geo.export.panels.site_frame` plus ``phase``; ``confirmed`` is 억원 decided by
    then; ``new`` the names of the sites that started running that year; ``plan`` marks a year
    after today (what it shows is the plan).
    """

    year: int
    sites: pd.DataFrame
    confirmed: float
    new: tuple[str, ...] = ()
    plan: bool = False

    def count(self, *phases: str) -> int:
        """How many sites are in any of ``phases`` that year."""
        return int(self.sites["phase"].isin(phases).sum())

    @property
    def running(self) -> int:
        """Sites running that year (by the plan, for a year after today: see `planned_open`)."""
        return self.count("operating")

    @property
    def planned_open(self) -> int:
        """Sites not running today that the plan says are open by that year."""
        return self.count("planned_open")


def year_states(
    view_sites: gpd.GeoDataFrame,
    programs: pd.DataFrame,
    cat: Catalogue,
    lang: str,
    today_year: int,
    years: Sequence[int] | None = None,
) -> list[YearState]:
    """Each year's state of the view: its sites' phases (`geo.timeline`) and money by the KPI's rule.

    ``years`` defaults to every year of ``geo.timeline.YEARS``. A site's phase comes from
    ``sites_in_year`` (with the ``not_announced`` ones, which are not drawn); the confirmed money
    of a year is `geo.joins.confirmed_split` of ``programs_in_year`` — the programmes confirmed
    by then, every amount once, national ones and proposals never.
    """
    rules = timeline()
    if years is None:
        first, last = rules.YEARS
        years = range(first, last + 1)
    drawable = site_frame(view_sites, cat, lang)
    history = getattr(cat, "history", None)
    states, before = [], None
    for year in years:
        phased = rules.sites_in_year(view_sites, int(year), today_year, ghosts=True)
        phase = dict(zip(phased["id"].astype(str), phased["phase"]))
        sites = drawable.assign(phase=drawable["id"].map(phase).fillna("unknown"))
        then = rules.programs_in_year(programs, int(year), today_year, history)
        money = confirmed_split(then, int(year), rules.site_status_in_year(phased))["total"]
        # New that year: running (or, in a plan year, due to be running) and known not to be the
        # year before; a site of unknown year before is not new, only newly known.
        running = sites["phase"].isin(RUNNING_PHASES)
        if before is not None:
            was = sites["id"].map(before)
            running_before = was.isin(RUNNING_PHASES) | was.isin(("unknown",)) | was.isna()
            new = tuple(sites.loc[running & ~running_before, "name"])
        else:
            new = ()
        states.append(YearState(int(year), sites, float(money), new, int(year) > today_year))
        before = dict(zip(sites["id"], sites["phase"]))
    return states


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


def totals_lines(state: YearState, lang: str, short: bool = False) -> list[str]:
    """The running totals of a year in words: sites running (and due by plan), money decided by then.

    ``short`` words the money for a narrow panel (the footer says the rule).
    """
    running = t("bo_running", lang).format(n=state.running)
    if state.planned_open:
        running += " " + t("bo_planned_open", lang).format(n=state.planned_open)
    building = state.count("under_construction")
    money = t("bo_confirmed_short" if short else "bo_confirmed", lang).format(
        amount=format_krw_100m(state.confirmed, lang)
    )
    lines = [running, money]
    extra = [t("bo_building", lang).format(n=building)] if building else []
    if state.count("unknown"):
        extra.append(t("year_unknown_sites", lang).format(n=state.count("unknown")))
    return [lines[0], " · ".join(extra), lines[1]] if extra else lines


def new_line(state: YearState, lang: str, keep: int = 4) -> str:
    """The sites new that year by name (a few, then how many more), as a plan in a plan year; empty when none is."""
    if not state.new:
        return ""
    named = ", ".join(state.new[:keep])
    if len(state.new) > keep:
        named += " " + t("export_more", lang).format(n=len(state.new) - keep)
    return t("bo_new_plan" if state.plan else "bo_new", lang).format(names=named)


# ---------------------------------------------------------------- the slide


@dataclass
class BuildOut:
    """The 1280×720 slide of the view, drawn once, on which one year at a time is drawn.

    ``draw(state)`` replaces the previous year's markers and texts and returns the figure, so
    13 frames cost 13 renders of the markers and texts, not 13 pages.
    """

    view_sites: gpd.GeoDataFrame
    cat: Catalogue
    sido: gpd.GeoDataFrame
    sigungu: gpd.GeoDataFrame
    title: str
    lang: str
    today_year: int
    years: tuple[int, int]
    phases: Sequence[str] = LEGEND_PHASES
    fig: Figure = field(init=False)
    _dynamic: list[Artist] = field(init=False, default_factory=list)

    MARKER_SCALE = 0.8
    MAP_WIDTH_IN, MAP_TOP_IN = 5.6, 6.2
    COLUMN_LEFT = 6.25

    def __post_init__(self) -> None:
        lang = self.lang
        self.fig = fig = Figure(figsize=SLIDE_IN, dpi=SLIDE_DPI, facecolor="white")
        self.canvas = FigureCanvasAgg(fig)
        renderer = self.renderer = self.canvas.get_renderer()
        sites = site_frame(self.view_sites, self.cat, lang)
        width, height = SLIDE_IN
        lines, size = slide_title(renderer, self.title, self.COLUMN_LEFT - 0.5)
        title = fig_text(
            fig, 0.3, height - 0.28, "\n".join(lines), font(size, True), va="top", ha="left", linespacing=1.1
        )
        title.set_gid("title")
        below = height - 0.28 - len(lines) * size * 1.1 / 72 - 0.1
        subtitle = t("bo_subtitle", lang).format(start=self.years[0], end=self.years[1])
        fig_text(fig, 0.3, below, subtitle, font(12), va="top", ha="left", color=MUTED, gid="subtitle")
        footer = [
            line
            for text in _footer(self.view_sites, self.cat, sites, lang)
            for line in wrap(renderer, text, font(8), width - 0.6)
        ]
        fig_text(
            fig,
            0.3,
            0.18,
            "\n".join(footer),
            font(8),
            va="bottom",
            ha="left",
            color=MUTED,
            linespacing=1.3,
            gid="footer",
        )
        # The map from under the subtitle down to the footer, however many lines the footer takes.
        bottom = 0.18 + len(footer) * 8 * 1.3 / 72 + 0.12
        top = min(self.MAP_TOP_IN, below - 12 * 1.3 / 72 - 0.1)  # under a two-line title too
        box = (0.3, bottom, self.MAP_WIDTH_IN, top - bottom)
        self.panel = panel = add_panel(fig, box, map_extent(self.view_sites, None), "map")
        self.sites = _fixed_positions(sites, panel, self.MARKER_SCALE)
        _draw_base(panel, self.sido, self.sigungu, None)
        furniture = [draw_scale_bar(fig, panel, self.sites, 9), draw_north_arrow(fig, panel, self.sites)]
        draw_area_names(panel, renderer, self.sido, sido_names(self.sido, self.cat, lang), 13, self.sites, furniture)
        key = _key_axes(fig)
        sections = legend_rows(sites, self.cat, lang, self.phases, ring=True)
        gap = 0.2
        col_w = (width - 0.3 - self.COLUMN_LEFT - 2 * gap) / len(sections)
        bottom = min(
            draw_key(fig, renderer, key, rows, self.COLUMN_LEFT + k * (col_w + gap), 3.7, col_w, 9.5)
            for k, rows in enumerate(sections)
        )
        fig_text(fig, self.COLUMN_LEFT, bottom - 0.1, t("bo_hidden", lang), font(9), va="top", ha="left", color=MUTED)
        # Everything drawn so far is the same in every frame: rendered once, each frame drawn over it.
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(fig.bbox)

    def draw(self, state: YearState) -> Figure:
        """The slide showing ``state``'s year: its markers, year, totals, the years strip and what is new."""
        for artist in self._dynamic:
            artist.remove()
        fig, lang, x = self.fig, self.lang, self.COLUMN_LEFT
        sites = self.sites[["id", "lon", "lat"]].merge(
            state.sites.drop(columns=["lon", "lat"]), on="id", how="inner", validate="one_to_one"
        )
        new_ids = frozenset(sites.loc[sites["name"].isin(state.new), "id"])
        dynamic = draw_phase_sites(self.panel.ax, sites, self.MARKER_SCALE, new_ids)
        top = SLIDE_IN[1] - 0.3
        dynamic.append(fig_text(fig, x, top, str(state.year), font(50, True), va="top", ha="left", gid="year"))
        tag = t("bo_plan", lang).format(today=self.today_year) if state.plan else ""
        if state.year == self.today_year:
            tag = t("year_today", lang)
        if tag:
            dynamic.append(
                fig_text(fig, x + 2.05, top - 0.12, tag, font(14, True), va="top", ha="left", color=MUTED, gid="plan")
            )
        totals = totals_lines(state, lang)
        dynamic.append(
            fig_text(
                fig, x, top - 0.98, "\n".join(totals), font(16), va="top", ha="left", linespacing=1.35, gid="totals"
            )
        )
        dynamic += self._years_strip(state.year, top - 2.05)
        # The names that fit two lines, then how many more.
        for keep in (4, 3, 2, 1):
            lines = wrap(self.renderer, new_line(state, lang, keep), font(11), SLIDE_IN[0] - x - 0.3)
            if len(lines) <= 2:
                break
        if state.new:
            text = "\n".join(lines[:2])
            dynamic.append(fig_text(fig, x, top - 2.5, text, font(11), va="top", ha="left", gid="new"))
        self._dynamic = dynamic
        return fig

    def _years_strip(self, year: int, y: float) -> list[Artist]:
        """A row of the years, the frame's year in ink and bold, the years gone filled: where the film is."""
        first, last = self.years
        x0, x1 = self.COLUMN_LEFT, SLIDE_IN[0] - 0.4
        step = (x1 - x0) / max(last - first, 1)
        key = next(ax for ax in self.fig.axes if ax.get_gid() == "key")
        xs = [x0 + k * step for k in range(last - first + 1)]
        done = [xv for xv, yr in zip(xs, range(first, last + 1)) if yr <= year]
        artists: list[Artist] = [
            *key.plot([x0, x1], [y, y], color="#c9ccd1", linewidth=3, solid_capstyle="round"),
            *key.plot([x0, done[-1] if done else x0], [y, y], color=INK, linewidth=3, solid_capstyle="round"),
            key.scatter(xs, [y] * len(xs), s=22, c=[INK if v in done else "#c9ccd1" for v in xs], zorder=3),
        ]
        for xv, yr in zip(xs, range(first, last + 1)):
            if yr == year or yr in (first, last) or (yr - first) % 4 == 0:
                bold = yr == year
                artists.append(
                    fig_text(
                        self.fig,
                        xv,
                        y - 0.12,
                        str(yr) if not bold else f"{yr}",
                        font(10 if bold else 8.5, bold),
                        va="top",
                        ha="center",
                        color=INK if bold else MUTED,
                        gid="strip",
                    )
                )
        return artists

    def image(self) -> Image.Image:
        """The slide as it is now, 1280×720 RGB: the fixed parts as rendered once, this year's drawn over them."""
        self.canvas.restore_region(self._background)
        for artist in self._dynamic:
            (artist.axes or self.fig).draw_artist(artist)
        return Image.fromarray(np.asarray(self.canvas.buffer_rgba())[..., :3].copy())


TITLE_SIZES = (17, 15, 13)


def slide_title(renderer, title: str, width_in: float, sizes: Sequence[float] = TITLE_SIZES) -> tuple[list[str], float]:
    """A title as large of ``sizes`` as fits one line ``width_in`` wide, else in two lines at the smallest size."""
    for size in sizes:
        if text_width_in(renderer, title, font(size, True)) <= width_in:
            return [title], size
    lines = wrap(renderer, title, font(sizes[-1], True), width_in)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), len(lines[1]))]
    return lines, sizes[-1]


def frames(builder: BuildOut, states: Sequence[YearState]) -> Iterator[tuple[YearState, Figure]]:
    """Each year's slide in turn (the same figure, redrawn): for the GIF, and for checks of what each frame says."""
    for state in states:
        yield state, builder.draw(state)


def build_out_gif(
    view_sites: gpd.GeoDataFrame,
    programs: pd.DataFrame,
    cat: Catalogue,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    *,
    title: str,
    lang: str = "ko",
    today_year: int,
    states: Sequence[YearState] | None = None,
) -> bytes:
    """The belt year by year as a looping GIF of 1280×720 slides, one frame a year (`year_states`).

    ``states`` may be given (tests draw made-up years); by default they are the view's, from
    ``geo.timeline``. Each frame shows ``FRAME_MS``, the last ``LAST_FRAME_MS``. The frames share
    one palette, so the map's unchanged parts are written once.

    Returns
    -------
    bytes
        The GIF file.
    """
    if states is None:
        states = year_states(view_sites, programs, cat, lang, today_year)
    years = (states[0].year, states[-1].year)
    builder = BuildOut(view_sites, cat, sido, sigungu, title, lang, today_year, years)
    images = [builder.image() for _ in frames(builder, states)]
    return gif_bytes(images, [FRAME_MS] * (len(images) - 1) + [LAST_FRAME_MS], title)


def gif_palette(images: Sequence[Image.Image]) -> Image.Image:
    """One palette for every frame: the colours most pixels have, exactly (land, ink, each sector's), then the rest.

    A median cut alone merges a colour few pixels have (a sector's legend square) into a
    neighbour, so the flat colours of the map are kept as they are and the cut fills the
    palette with the antialiased in-betweens.
    """
    sample = Image.new("RGB", (images[0].width, images[0].height * min(3, len(images))))
    for k, image in enumerate(images[:: max(1, len(images) // 2)][:3]):
        sample.paste(image, (0, k * images[0].height))
    counts = sample.getcolors(maxcolors=sample.width * sample.height)
    exact = [colour for n, colour in sorted(counts, reverse=True)[:EXACT_COLOURS] if n >= 40]
    cut = sample.quantize(256 - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    rest = cut.getpalette()[: 3 * (256 - len(exact))]
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in exact for v in colour] + rest)
    return palette


def gif_bytes(images: Sequence[Image.Image], durations: Sequence[int], comment: str = "") -> bytes:
    """RGB images as a looping GIF on one shared palette (`gif_palette`), with no dithering (flat colours stay flat)."""
    palette = gif_palette(images)
    frames = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=list(durations),
        loop=0,
        optimize=False,
        comment=comment.encode("utf-8")[:250],
    )
    return buffer.getvalue()


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
    footer = [
        line
        for text in _footer(view_sites, cat, sites_all, lang)
        for line in wrap(renderer, text, font(8.5), width - 2 * margin)
    ]
    fig_text(
        fig,
        margin,
        0.3,
        "\n".join(footer),
        font(8.5),
        va="bottom",
        ha="left",
        color=MUTED,
        linespacing=1.3,
        gid="footer",
    )
    footer_top = 0.3 + len(footer) * 8.5 * 1.3 / 72 + 0.2
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
        _draw_base(panel, sido, sigungu, None)
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
    if int(width_px) < MIN_WIDTH_PX:
        raise ValueError(f"width_px must be at least {MIN_WIDTH_PX} for print, got {width_px}")
    fig = small_multiples(*layers, **options)
    dpi = (int(width_px) + 0.25) / fig.get_figwidth()
    return _save(fig, "png", dpi=dpi, metadata={"Title": options["title"], "Software": "honam-ax-belt"})
