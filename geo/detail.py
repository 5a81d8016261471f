"""What the detail panel says about one site: identity, role, money, links, provenance."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geo import industry
from geo.catalogue import Catalogue, budget, is_counted, period_text, site_year
from geo.citations import cite, cite_markdown, source_index
from geo.i18n import display_name, format_krw_100m, localised, md_escape, name_column, names, other_language, t
from geo.joins import programs_for_site


@dataclass(frozen=True)
class SiteDetail:
    """Plain values for the panel; tables are ready to show as they are."""

    name: str
    other_name: str
    facts: list[tuple[str, str]]
    role: str
    figures: str
    programs: pd.DataFrame
    links: pd.DataFrame
    source: str
    as_of: str
    location_note: str
    source_markdown: str = ""
    figures_label: str = ""
    program_lines: tuple[str, ...] = ()  # Markdown, escaped: one programme per line
    link_lines: tuple[str, ...] = ()  # Markdown, escaped: one link per line
    specialisations: str = ""  # the site's 시군구's top industries by LQ (KOSTAT), plain text
    specialisations_label: str = ""


def error_text(metres: float) -> str:
    """A location error in words a reader takes in at once: ``1.7 km``, ``300 m``."""
    if metres >= 1000:
        km = metres / 1000
        return f"{km:.0f} km" if km >= 10 else f"{km:.1f} km".replace(".0 km", " km")
    return f"{round(metres, -1):.0f} m"


def coord_error_m(site: pd.Series) -> float | None:
    """A site's stated location error in metres, or None when it states none."""
    try:
        value = float(str(site.get("coord_error_m", "")).replace(",", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def location_text(site: pd.Series, lang: str) -> str:
    """How precise a site's point is, in plain words: "추정 (오차 약 1.7 km)".

    The catalogue's own working notes (``location_note_internal``) are never part of it.
    """
    precision = site.get("coord_precision", "")
    if precision == "address" and site.get("street_address"):
        text = t("location_address", lang).format(address=site["street_address"])
    elif precision == "surveyed":
        text = t("location_surveyed", lang)
    else:
        error = coord_error_m(site)
        text = (
            t("location_estimated", lang).format(error=error_text(error))
            if error
            else t("location_estimated_unknown", lang)
        )
    if str(site.get("reclaimed", "")).lower() == "true":
        text += " · " + t("location_reclaimed", lang)
    return text


def years_text(site: pd.Series, lang: str) -> str:
    """A site's years in a line: announced, construction began, opened or planned to open.

    A site with neither an opening year nor a planned one says so plainly: the sources were
    searched and do not give it.
    """
    parts = [
        t(key, lang).format(year=year)
        for key, column in (
            ("year_announced", "announced_year"),
            ("year_construction", "construction_year"),
            ("year_opened", "opened_year"),
            ("year_planned", "planned_year"),
        )
        if (year := site_year(site.get(column))) is not None
    ]
    if site_year(site.get("opened_year")) is None and site_year(site.get("planned_year")) is None:
        parts.append(t("year_opened_unknown", lang))
    return " · ".join(parts)


def site_detail(cat: Catalogue, site_id: str, lang: str) -> SiteDetail:
    """Everything the panel shows about ``site_id``, in ``lang``."""
    site = cat.sites.set_index("id").loc[site_id]
    col = name_column(lang)
    index = source_index(cat.sources)
    sectors, stages, regions = names(cat.sectors, lang), names(cat.stages, lang), names(cat.regions, lang)
    funded = programs_for_site(cat.programs, site_id)
    counted = is_counted(funded)
    programs = pd.DataFrame(
        {
            t("col_program", lang): funded[col],
            t("col_budget", lang): [
                (format_krw_100m(v, lang) + ("" if ok else f" ({t('not_added', lang)})"))
                if pd.notna(v)
                else t("budget_unknown_long", lang)
                for v, ok in zip(budget(funded), counted)
            ],
            t("col_period", lang): [
                period_text(s, e) or t("period_unknown", lang) for s, e in zip(funded["start_year"], funded["end_year"])
            ],
            t("status", lang): [t(f"status_{s}", lang) for s in funded["status"]],
            t("source", lang): [cite(cell, index) for cell in funded["source"]],
        }
    )
    site_names = names(cat.sites, lang)
    touching = cat.links[(cat.links["from_id"] == site_id) | (cat.links["to_id"] == site_id)]
    evidence = touching["evidence"] if "evidence" in touching else pd.Series("sourced", index=touching.index)
    links = pd.DataFrame(
        {
            t("col_direction", lang): ["→" if f == site_id else "←" for f in touching["from_id"]],
            t("col_other_site", lang): [
                site_names.get(o if f == site_id else f, "") for f, o in zip(touching["from_id"], touching["to_id"])
            ],
            t("col_kind", lang): [t(f"flow_{k}", lang) for k in touching["kind"]],
            t("col_evidence", lang): [t(f"evidence_{e}", lang) for e in evidence],
            t("source", lang): [cite(cell, index) for cell in touching["source"]],
        }
    )
    figures, figures_label = site_figures(site, lang)
    tops_label, tops = site_specialisations(str(site.get("sigungu_code", "")), lang)
    return SiteDetail(
        specialisations=tops,
        specialisations_label=tops_label,
        name=display_name(site, lang),
        other_name=site[name_column(other_language(lang))],
        facts=[
            (t("region", lang), regions.get(site["region"], site["region"])),
            (t("sector", lang), " · ".join(sectors.get(s, s) for s in site["sectors"])),
            (t("stage", lang), stages.get(site["stage"], site["stage"])),
            (t("status", lang), t(f"status_{site['status']}", lang)),
            (t("site_years", lang), years_text(site, lang)),
        ],
        role=site.get(localised("role", lang), ""),
        figures=figures,
        figures_label=figures_label,
        program_lines=tuple(_lines(programs)),
        link_lines=tuple(_lines(links, lead=2)),
        programs=programs,
        links=links,
        source=cite(site["source"], index),
        as_of=site["as_of"],
        location_note=location_text(site, lang),
        source_markdown=cite_markdown(site["source"], index),
    )


def site_figures(site: pd.Series, lang: str) -> tuple[str, str]:
    """A site's key figures in ``lang`` and their heading; in English, the Korean text said to be Korean.

    The catalogue has the figures in Korean only; an English reader is told so rather than
    shown Korean under an English heading.
    """
    own = str(site.get(localised("figures", lang), "") or "")
    if own:
        return own, t("figures", lang)
    # Text reaches here only when the reader's language has no figures: the Korean, said to be Korean.
    text = str(site.get("figures_ko", "") or "")
    return text, t("figures", lang) + (f" {t('in_korean', lang)}" if text else "")


def _lines(table: pd.DataFrame, lead: int = 1) -> list[str]:
    """A detail table as Markdown lines: the first ``lead`` columns in bold, the rest after a dash, source last."""
    lines = []
    for row in table.itertuples(index=False):
        cells = [str(c) for c in row]
        head, middle, source = cells[:lead], cells[lead:-1], cells[-1]
        line = f"**{md_escape(' '.join(head))}** — {md_escape(' · '.join(c for c in middle if c))}"
        if source:
            line += f"  \n:gray[{md_escape(source)}]"
        lines.append(line)
    return lines


def region_key_figures(cat: Catalogue, region_id: str, lang: str) -> tuple[str, str]:
    """A region card's key figures in ``lang`` and their citation ('' when the region has none)."""
    rows = cat.regions[cat.regions["id"] == region_id]
    if rows.empty:
        return "", ""
    row = rows.iloc[0]
    text = row.get(localised("key_figures", lang), "") or row.get("key_figures_ko", "")
    if not text:
        return "", ""
    return text, cite(row.get("key_figures_source", ""), source_index(cat.sources))


# --- the industrial base (geo.industry) ------------------------------------------------------------


@lru_cache(maxsize=1)
def _tops() -> tuple[dict, pd.DataFrame, dict, pd.DataFrame]:
    """Top specialisations and LQ of every 시군구 and region, read once (the statistics never change)."""
    table = industry.belt_table()
    regions = industry.region_table(industry.national_grdp(), industry.read_codes())
    by_region = regions[regions["industry"] != industry.TOTAL].copy()
    by_region["slug"] = by_region["industry"].map(industry.INDUSTRY_ID)
    region_lq = by_region.pivot_table(index="region_code", columns="slug", values="lq")
    return (
        industry.specialisations(table),
        industry.lq_by_unit(table),
        industry.region_specialisations(regions),
        region_lq,
    )


def specialisation_text(slugs: list[str], lq: pd.Series, lang: str) -> str:
    """Industries with their LQ: "전기·가스·수도 23.4 · 농림어업 5.8" (or words saying there is none).

    >>> specialisation_text(["utilities"], pd.Series({"utilities": 23.41}), "en")
    'Electricity, gas & water 23.4'
    """
    if not slugs:
        return t("industry_top_none", lang)
    return " · ".join(f"{t(f'industry_{slug}', lang)} {lq[slug]:.1f}" for slug in slugs)


def industry_citation(lang: str) -> str:
    """Where the industry figures come from, as a reader cites it."""
    return t("industry_cited", lang).format(version=industry.package_version())


def region_specialisations(sido_code: str, lang: str) -> tuple[str, str]:
    """A region card's line: its label and the region's top three industries by LQ (2020)."""
    _, _, tops, lq = _tops()
    if sido_code not in tops:
        return "", ""
    label = t("industry_top", lang).format(year=industry.LQ_YEAR)
    return label, specialisation_text(tops[sido_code], lq.loc[sido_code], lang)


def site_specialisations(sigungu_code: str, lang: str) -> tuple[str, str]:
    """The site panel's line about the site's 시군구 (전주시 for either of its 구): its label and text."""
    tops, lq, _, _ = _tops()
    codes = industry.read_codes()
    unit = industry.unit_of_polygon(codes).get(sigungu_code)
    if unit not in tops:
        return "", ""
    place = codes.loc[codes["code"] == unit, "name_ko"].iloc[0]
    text = specialisation_text(tops[unit], lq.loc[unit], lang)
    if unit != sigungu_code:
        text += f" ({t('industry_jeonju', lang)})"
    return t("industry_top_site", lang).format(place=place, year=industry.LQ_YEAR), text
