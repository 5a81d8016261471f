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

The package, each module drawing on the ones above it:

- ``table``: a table on paper (columns, wrapped cells, rows split into pages, rows drawn);
- ``contents``: what the tables and step pages say (the sources cited, programme and source rows);
- ``pack``: the pages themselves, planned so that each knows its number (``Pack``).
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd

from geo.briefing.contents import bibliography, program_rows, source_rows, step_figures
from geo.briefing.pack import Pack
from geo.briefing.table import Column, cell_lines, line_metrics, paginate
from geo.catalogue import Catalogue
from geo.export import pdf_pages
from geo.i18n import t
from geo.story import Step

__all__ = [
    "Column",
    "Pack",
    "bibliography",
    "briefing_pack",
    "cell_lines",
    "line_metrics",
    "page_count",
    "paginate",
    "program_rows",
    "source_rows",
    "step_figures",
]


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
