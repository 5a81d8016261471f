"""The 1280×720 slide of a year (`BuildOut`) and the GIF of every year (`build_out_gif`)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from geo.catalogue import Catalogue
from geo.export.buildout.drawing import _fixed_positions, _key_axes, add_footer, draw_key, draw_phase_sites, legend_rows
from geo.export.buildout.states import (
    EXACT_COLOURS,
    FRAME_MS,
    LAST_FRAME_MS,
    LEGEND_PHASES,
    SLIDE_DPI,
    SLIDE_IN,
    YearState,
    new_line,
    totals_lines,
    year_states,
)
from geo.export.frame import add_panel, map_extent
from geo.export.furniture import draw_north_arrow, draw_scale_bar
from geo.export.names import draw_area_names, sido_names
from geo.export.panels import draw_base, site_frame
from geo.export.style import (
    INK,
    MUTED,
)
from geo.export.text import fig_text, font, shorten, text_width_in, wrap
from geo.i18n import t

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
        # The map from under the subtitle down to the footer, however many lines the footer takes.
        bottom = 0.12 + add_footer(
            fig, renderer, self.view_sites, self.cat, sites, lang, at=(0.3, 0.18), width=width - 0.6, size=8
        )
        top = min(self.MAP_TOP_IN, below - 12 * 1.3 / 72 - 0.1)  # under a two-line title too
        box = (0.3, bottom, self.MAP_WIDTH_IN, top - bottom)
        self.panel = panel = add_panel(fig, box, map_extent(self.view_sites, None), "map")
        self.sites = _fixed_positions(sites, panel, self.MARKER_SCALE)
        draw_base(panel, self.sido, self.sigungu, None)
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
