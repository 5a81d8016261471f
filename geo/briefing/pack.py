"""The briefing pack's pages, planned first so that each knows its number and the total.

The cover, a page per story step (its map by ``geo.export.build_figure``), the programme table and
the sources, each on an A4 landscape sheet with the pack's footer; the tables are drawn by
``geo.briefing.table``, their cells come from ``geo.briefing.contents``.
"""

from __future__ import annotations

from collections.abc import Iterator

from matplotlib.figure import Figure

from geo.briefing.contents import bibliography, program_rows, source_rows, step_figures
from geo.briefing.table import Column, cell_lines, draw_table, line_metrics, page_renderer, paginate
from geo.citations import format_citation, newest_date, source_index
from geo.export import build_figure
from geo.export.style import A4_LANDSCAPE_IN, MARGIN_IN, MUTED
from geo.export.text import fig_text, font, wrap
from geo.i18n import format_krw_100m, t
from geo.joins import budget_by_status, sigungu_summary
from geo.maps.choropleth import metric_colours
from geo.scenario import label as scenario_label
from geo.scenario import titled
from geo.story import Step, step_bounds, step_view
from geo.viewstate import ViewState, share_link, to_query

HEADING_PT = 18
COVER_TITLE_PT = 30
INTRO_PT = 9.5
INTRO_LINE_IN = INTRO_PT * 1.45 / 72
TOP_IN = 8.27 - MARGIN_IN  # the page's top edge less the margin, in inches from the bottom
TABLE_BOTTOM_IN = 0.65  # above the page number line


class Pack:
    """The pages of a pack, planned first so that every page knows its number and the total."""

    def __init__(self, cat, steps, sido, sigungu, lang: str, link: str, made: str, scenario: str | None = None):
        self.cat, self.steps, self.sido, self.sigungu = cat, list(steps), sido, sigungu
        self.lang, self.link, self.made = lang, link, made
        # Made in the what-if scenario: every page's footer and the cover say so (geo.scenario.titled).
        self.scenario = scenario
        self.renderer = page_renderer()
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
        lead = [step.caption[lang], step_figures(view, lang)]
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
        draw_table(fig, columns, rows, MARGIN_IN, y, (self.pitch, self.baseline))
        return fig
