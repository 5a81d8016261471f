"""The briefing pack: the whole story as one A4 landscape PDF to hand to a director.

Pages, in order, each numbered "n / N":

- a cover: the belt's title, the date the pack was made and its data's as-of date, the
  presenter's link, and the contents with page numbers;
- one page per story step: its map as the presenter frames it, drawn by the briefing-map
  renderer (``geo.export.build_figure``), with the step's caption, the figures of what it shows
  and the step's sources as full citations (``geo.citations``) with their addresses;
- the programme table: every programme of the catalogue with its status, budget (억원; a
  proposal is labelled as one and never added to confirmed money) and its sources by number;
- the sources: every source the steps and the programme table cite, in full, numbered.

A table that does not fit one page continues on the next, under the same heading. Every text is
text (TrueType NanumGothic, searchable); the pages are written by ``geo.export.pdf_pages``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from geo.analysis import region_names
from geo.catalogue import Catalogue, budget, is_counted, period_text
from geo.citations import format_citation, newest_date, source_index, split_source_ids
from geo.export import build_figure, pdf_pages
from geo.export.style import A4_LANDSCAPE_IN, MARGIN_IN, MUTED
from geo.export.text import fig_text, font, text_width_in, wrap
from geo.i18n import format_krw_100m, name_column, names, short_name, t
from geo.joins import budget_by_status, link_evidence_counts, sigungu_summary
from geo.maps.choropleth import metric_colours
from geo.scenario import label as scenario_label
from geo.scenario import titled
from geo.story import Step, step_bounds, step_view
from geo.viewstate import ViewState, share_link, to_query

TABLE_PT = 8.5
HEADING_PT = 18
COVER_TITLE_PT = 30
LINESPACING = 1.5  # a table's lines; a row is a whole number of them
INTRO_PT = 9.5
INTRO_LINE_IN = INTRO_PT * 1.45 / 72
TOP_IN = 8.27 - MARGIN_IN  # the page's top edge less the margin, in inches from the bottom
TABLE_BOTTOM_IN = 0.65  # above the page number line
STRIPE = "#f2f3f5"


@dataclass(frozen=True)
class Column:
    """A table column: its header, width on paper and alignment."""

    header: str
    width_in: float
    align: str = "left"


def _renderer():
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


def bibliography(cat: Catalogue, steps: Sequence[Step], programs: pd.DataFrame) -> list[str]:
    """The source ids the pack cites, numbered by first citation: the steps' in order, then the programmes'."""
    known = set(cat.sources["id"]) if cat.sources is not None else set()
    ids = [i for step in steps for i in step.source_ids]
    ids += [i for cell in programs["source"] for i in split_source_ids(cell)]
    return [i for i in dict.fromkeys(ids) if i in known]


def program_rows(programs: pd.DataFrame, cat: Catalogue, numbers: dict[str, int], lang: str) -> list[list[str]]:
    """The programme table's cells: name, region, sector, status, budget (억원), period, sources by number.

    An amount that is never added to a total (it overlaps another programme's, or is national)
    is marked with † (the page says why); a missing amount reads "미정".
    """
    regions, sectors = region_names(cat.regions, lang), names(cat.sectors, lang)
    amounts, counted = budget(programs), is_counted(programs)
    rows = []
    for (_, program), amount, added in zip(programs.iterrows(), amounts, counted, strict=True):
        money = t("budget_unknown", lang) if pd.isna(amount) else f"{amount:,.0f}" + ("" if added else " †")
        refs = [numbers[i] for i in split_source_ids(program["source"]) if i in numbers]
        rows.append(
            [
                program[name_column(lang)] or program["name_ko"],
                regions.get(program["region"], program["region"]),
                short_name(sectors.get(program["sector"], program["sector"])),
                t(f"status_{program['status']}", lang),
                money,
                period_text(program["start_year"], program["end_year"]) or t("period_unknown", lang),
                " ".join(f"[{n}]" for n in refs),
            ]
        )
    return rows


def source_rows(ids: Sequence[str], cat: Catalogue) -> list[list[str]]:
    """The sources page's cells: number, citation (publisher, date, 「title」), address."""
    index = source_index(cat.sources)
    return [[f"[{n}]", format_citation(index[i]), str(index[i].get("url") or "")] for n, i in enumerate(ids, start=1)]


def _step_figures(view, lang: str) -> str:
    """What a step's map shows in figures: sites, programmes, confirmed budget and links."""
    confirmed = budget_by_status(view.programs)["confirmed"]
    evidence = link_evidence_counts(view.links)
    return t("pack_step_figures", lang).format(
        sites=len(view.sites),
        programs=len(view.programs),
        confirmed=format_krw_100m(confirmed, lang),
        links=len(view.links),
        sourced=evidence["sourced"],
    )


class Pack:
    """The pages of a pack, planned first so that every page knows its number and the total."""

    def __init__(self, cat, steps, sido, sigungu, lang: str, link: str, made: str, scenario: str | None = None):
        self.cat, self.steps, self.sido, self.sigungu = cat, list(steps), sido, sigungu
        self.lang, self.link, self.made = lang, link, made
        # Made in the what-if scenario: every page's footer and the cover say so (geo.scenario.titled).
        self.scenario = scenario
        self.renderer = _renderer()
        self.pitch, self.baseline = line_metrics(self.renderer)
        self.ids = bibliography(cat, self.steps, cat.programs)
        self.numbers = {source_id: n for n, source_id in enumerate(self.ids, start=1)}
        self.program_columns = [
            Column(t("col_program", lang), 2.95),
            Column(t("region", lang), 1.1),
            Column(t("sector", lang), 2.05),
            Column(t("status", lang), 0.85),
            Column(t("col_budget_100m", lang), 1.1, "right"),
            Column(t("col_period", lang), 1.1),
            Column(t("source", lang), 1.65),
        ]
        self.source_columns = [
            Column(t("pack_col_no", lang), 0.55),
            Column(t("source", lang), 5.55),
            Column(t("pack_col_url", lang), 4.6),
        ]
        inner = A4_LANDSCAPE_IN[0] - 2 * MARGIN_IN
        intro = [self._totals_line(), t("pack_budget_note", lang)]
        self.program_intro = [line for text in intro for line in wrap(self.renderer, text, font(INTRO_PT), inner)]
        intro = [t("pack_sources_intro", lang), f"{t('boundary_source', lang)}: {t('boundary_citation', lang)}"]
        self.source_intro = [line for text in intro for line in wrap(self.renderer, text, font(INTRO_PT), inner)]
        self.program_pages = self._plan(
            self.program_columns, program_rows(cat.programs, cat, self.numbers, lang), len(self.program_intro)
        )
        self.source_pages = self._plan(self.source_columns, source_rows(self.ids, cat), len(self.source_intro))
        self.first_step = 2
        self.first_program = self.first_step + len(self.steps)
        self.first_source = self.first_program + len(self.program_pages)
        self.total = self.first_source + len(self.source_pages) - 1

    def _totals_line(self) -> str:
        totals = budget_by_status(self.cat.programs)
        parts = [f"{t(f'status_{status}', self.lang)} {format_krw_100m(v, self.lang)}" for status, v in totals.items()]
        return t("pack_budget_totals", self.lang).format(totals=" · ".join(parts))

    def _plan(self, columns: list[Column], rows: list[list[str]], intro_lines: int) -> list[list[list[list[str]]]]:
        """Rows as wrapped cells, split into pages."""
        wrapped = [
            [cell_lines(self.renderer, text, c.width_in - 0.1) for text, c in zip(row, columns, strict=True)]
            for row in rows
        ]
        heights = [max(len(lines) for lines in row) * self.pitch for row in wrapped]
        header = self.pitch
        body_top = TOP_IN - HEADING_PT * 1.25 / 72 - 0.2
        first = body_top - intro_lines * INTRO_LINE_IN - 0.1 - header - TABLE_BOTTOM_IN
        rest = body_top - header - TABLE_BOTTOM_IN
        return [[wrapped[i] for i in page] for page in paginate(heights, first, rest)]

    # -- pages ----------------------------------------------------------------------------

    def figures(self) -> Iterator[Figure]:
        """Every page, in order, each built when the PDF asks for it."""
        yield self.cover()
        for number, step in enumerate(self.steps, start=self.first_step):
            yield self.step_page(step, number)
        for i, rows in enumerate(self.program_pages):
            intro = self.program_intro if i == 0 else []
            yield self.table_page(
                t("pack_programs", self.lang), self.program_columns, rows, intro, i, len(self.program_pages)
            )
        for i, rows in enumerate(self.source_pages):
            intro = self.source_intro if i == 0 else []
            yield self.table_page(
                t("pack_sources", self.lang), self.source_columns, rows, intro, i, len(self.source_pages)
            )

    def _page_number(self, fig: Figure, number: int) -> None:
        fig_text(
            fig,
            A4_LANDSCAPE_IN[0] - MARGIN_IN,
            0.14,
            t("pack_page", self.lang).format(page=number, total=self.total),
            font(9),
            ha="right",
            va="bottom",
            color=MUTED,
            gid="page-number",
        )

    def _sheet(self, number: int) -> Figure:
        fig = Figure(figsize=A4_LANDSCAPE_IN, dpi=100, facecolor="white")
        made = t("pack_made", self.lang).format(date=self.made)
        fig_text(
            fig,
            MARGIN_IN,
            0.14,
            titled(f"{t('app_title', self.lang)} · {t('pack_title', self.lang)} · {made}", self.scenario, self.lang),
            font(9),
            ha="left",
            va="bottom",
            color=MUTED,
        )
        self._page_number(fig, number)
        return fig

    def as_of(self) -> str:
        cat = self.cat
        return newest_date(
            v for frame in (cat.sites, cat.programs, cat.links) if "as_of" in frame for v in frame["as_of"]
        )

    def cover(self) -> Figure:
        """Title, date, link and the contents with page numbers."""
        lang, fig = self.lang, self._sheet(1)
        left, y = MARGIN_IN + 0.35, TOP_IN - 0.6
        fig_text(fig, left, y, t("app_title", lang), font(COVER_TITLE_PT, True), va="top", gid="title")
        y -= COVER_TITLE_PT * 1.3 / 72 + 0.1
        fig_text(fig, left, y, t("pack_title", lang), font(20, True), va="top", color="#0b3d91")
        y -= 20 * 1.3 / 72 + 0.15
        subtitle = wrap(self.renderer, t("app_subtitle", lang), font(13), 9.5)
        fig_text(fig, left, y, "\n".join(subtitle), font(13), va="top", color=MUTED, linespacing=1.3)
        y -= len(subtitle) * 13 * 1.3 / 72 + 0.25
        dates = f"{t('pack_made', lang).format(date=self.made)} · {t('as_of', lang)} {self.as_of()}"
        fig_text(fig, left, y, dates, font(12), va="top")
        y -= 12 * 1.4 / 72 + 0.08
        if self.scenario:
            fig_text(fig, left, y, scenario_label(lang), font(12, True), va="top", gid="scenario")
            y -= 12 * 1.4 / 72 + 0.08
        fig_text(fig, left, y, f"{t('pack_link', lang)}:", font(12), va="top")
        link = fig_text(fig, left + 0.1, y - 0.25, self.link, font(11), va="top", color="#0b3d91", gid="link")
        link.set_url(self.link)
        y -= 0.85
        fig_text(fig, left, y, t("pack_contents", lang), font(14, True), va="top")
        y -= 14 * 1.4 / 72 + 0.05
        entries = [(f"{step.number}. {step.title[lang]}", self.first_step + i) for i, step in enumerate(self.steps)]
        entries += [(t("pack_programs", lang), self.first_program), (t("pack_sources", lang), self.first_source)]
        for text, page in entries:
            fig_text(fig, left + 0.1, y, text, font(11.5), va="top")
            fig_text(fig, left + 7.6, y, str(page), font(11.5), va="top", ha="right", color=MUTED)
            y -= 11.5 * 1.45 / 72
        note = wrap(self.renderer, t("pack_cover_note", lang), font(10), 9.6)
        fig_text(fig, left, 0.75, "\n".join(note), font(10), va="bottom", color=MUTED, linespacing=1.35)
        return fig

    def step_page(self, step: Step, number: int) -> Figure:
        """A step's map as the presenter frames it, with its caption, figures and full citations."""
        lang, cat = self.lang, self.cat
        view = step_view(cat, step)
        index = source_index(cat.sources)
        cited = [
            f"{t('source', lang)} [{self.numbers[i]}] {format_citation(index[i])}"
            + (f" {index[i]['url']}" if str(index[i].get("url") or "") else "")
            for i in step.source_ids
            if i in self.numbers
        ]
        step_link = share_link(self.link, to_query(ViewState(lang=lang, step=step.number)))
        lead = [step.caption[lang], _step_figures(view, lang)]
        # The step's district colouring, as the presenter draws it.
        districts = metric_colours(sigungu_summary(view.sites, view.programs, self.sigungu), step.choropleth, lang)
        fig = build_figure(
            view.sites,
            view.links,
            cat,
            self.sido,
            self.sigungu,
            lang=lang,
            title=titled(f"{step.number}. {step.title[lang]}", self.scenario, lang),
            bounds=step_bounds(step),
            highlight=step.highlight,
            programs=view.programs,
            lead=lead,
            districts=districts,
            notes=[*cited, f"{t('pack_step_link', lang)}: {step_link}"],
        )
        self._page_number(fig, number)
        return fig

    def table_page(self, heading, columns, rows, intro, part: int, parts: int) -> Figure:
        """One page of a table under its heading ("사업 목록 (2/3)" when it continues)."""
        number = (self.first_program if heading == t("pack_programs", self.lang) else self.first_source) + part
        fig = self._sheet(number)
        title = heading if parts == 1 else f"{heading} ({part + 1}/{parts})"
        y = TOP_IN
        fig_text(fig, MARGIN_IN, y, title, font(HEADING_PT, True), va="top", gid="title")
        y -= HEADING_PT * 1.25 / 72 + 0.2
        for line in intro:
            fig_text(fig, MARGIN_IN, y, line, font(INTRO_PT), va="top", color=MUTED)
            y -= INTRO_LINE_IN
        if intro:
            y -= 0.1
        width = sum(c.width_in for c in columns)
        lefts = [MARGIN_IN + sum(c.width_in for c in columns[:i]) for i in range(len(columns))]

        def draw(cells: list[list[str]], top: float, bold: bool = False) -> None:
            # One text per line, on its baseline: matplotlib aligns a text's top by its own ink, so
            # texts aligned by their tops would wobble from column to column.
            for lines, left, column in zip(cells, lefts, columns, strict=True):
                x = left + column.width_in - 0.05 if column.align == "right" else left + 0.05
                for k, line in enumerate(lines):
                    if line:
                        baseline = top - self.baseline - k * self.pitch
                        fig_text(fig, x, baseline, line, font(TABLE_PT, bold), va="baseline", ha=column.align)

        draw([[c.header] for c in columns], y, bold=True)
        y -= self.pitch
        fig.add_artist(_rule(fig, MARGIN_IN, y, width))
        top = y
        for i, cells in enumerate(rows):
            height = max(len(lines) for lines in cells) * self.pitch
            if i % 2:
                fig.add_artist(_band(fig, MARGIN_IN, top - height, width, height))
            draw(cells, top)
            top -= height
        fig.add_artist(_rule(fig, MARGIN_IN, top, width))
        return fig


def _rule(fig: Figure, x_in: float, y_in: float, width_in: float) -> Rectangle:
    w, h = fig.get_size_inches()
    return Rectangle((x_in / w, y_in / h), width_in / w, 0.012 / h, transform=fig.transFigure, color="#5b6270", lw=0)


def _band(fig: Figure, x_in: float, y_in: float, width_in: float, height_in: float) -> Rectangle:
    w, h = fig.get_size_inches()
    return Rectangle(
        (x_in / w, y_in / h), width_in / w, height_in / h, transform=fig.transFigure, color=STRIPE, lw=0, zorder=-1
    )


def briefing_pack(
    cat: Catalogue,
    steps: Sequence[Step],
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    *,
    lang: str = "ko",
    link: str,
    made: str,
    scenario: str | None = None,
) -> bytes:
    """The whole story as one A4 landscape PDF: cover, a page per step, the programmes, the sources.

    Parameters
    ----------
    cat : Catalogue
        The catalogue the story is told from (sites, programmes, links, sources).
    steps : sequence of Step
        The story's steps (``geo.story.read_story``), one page each.
    sido, sigungu : geopandas.GeoDataFrame
        Boundaries for the maps (``geo.boundaries.display_boundaries``).
    lang : {"ko", "en"}
        The language of every text.
    link : str
        The presenter's address in this language, printed on the cover; each step page prints
        the same address with its ``step=``.
    made : str
        The date the pack is made (``YYYY-MM-DD``), printed on the cover and every page.
    scenario : str, optional
        The view's what-if scenario (``geo.scenario.SCENARIO``): named on the cover and every page.

    Returns
    -------
    bytes
        The PDF file: ``1 + len(steps)`` pages plus the programme and source pages.
    """
    if not steps:
        raise ValueError("the story has no step: a briefing pack needs at least one")
    pack = Pack(cat, steps, sido, sigungu, lang, link, made, scenario)
    return pdf_pages(pack.figures(), f"{t('app_title', lang)} · {t('pack_title', lang)}")


def page_count(cat: Catalogue, steps: Sequence[Step], lang: str = "ko") -> dict[str, int]:
    """How many pages each part of the pack takes: cover, steps, programmes, sources."""
    pack = Pack(cat, steps, None, None, lang, "", "")
    return {"cover": 1, "steps": len(steps), "programs": len(pack.program_pages), "sources": len(pack.source_pages)}
