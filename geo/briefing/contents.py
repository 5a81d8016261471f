"""What the briefing pack's tables and step pages say: the sources it cites, the programme rows,
the source rows and a step's figures. Plain values; ``geo.briefing.pack`` lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from geo.analysis import region_names
from geo.catalogue import Catalogue, budget, is_counted, period_text
from geo.citations import format_citation, source_index, split_source_ids
from geo.i18n import format_krw_100m, name_column, names, short_name, t
from geo.joins import budget_by_status, link_evidence_counts
from geo.story import Step


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


def step_figures(view, lang: str) -> str:
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
