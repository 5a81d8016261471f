"""What the detail panel says about one site: identity, role, money, links, provenance."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.catalogue import Catalogue, budget, period_text
from geo.i18n import format_krw_100m, name_column, t
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


def site_detail(cat: Catalogue, site_id: str, lang: str) -> SiteDetail:
    """Everything the panel shows about ``site_id``, in ``lang``."""
    site = cat.sites.set_index("id").loc[site_id]
    col = name_column(lang)
    sectors = dict(zip(cat.sectors["id"], cat.sectors[col]))
    stages = dict(zip(cat.stages["id"], cat.stages[col]))
    regions = dict(zip(cat.regions["id"], cat.regions[col]))
    funded = programs_for_site(cat.programs, site_id)
    programs = pd.DataFrame({
        t("col_program", lang): funded[col],
        t("col_budget", lang): [format_krw_100m(v, lang) if pd.notna(v) else "—" for v in budget(funded)],
        t("col_period", lang): [period_text(s, e) for s, e in zip(funded["start_year"], funded["end_year"])],
        t("status", lang): [t(f"status_{s}", lang) for s in funded["status"]],
        t("source", lang): funded["source"],
    })
    names = dict(zip(cat.sites["id"], cat.sites[col]))
    touching = cat.links[(cat.links["from_id"] == site_id) | (cat.links["to_id"] == site_id)]
    links = pd.DataFrame({
        t("col_direction", lang): ["→" if f == site_id else "←" for f in touching["from_id"]],
        t("col_other_site", lang): [names.get(o if f == site_id else f, "")
                                    for f, o in zip(touching["from_id"], touching["to_id"])],
        t("col_kind", lang): [t(f"flow_{k}", lang) for k in touching["kind"]],
        t("source", lang): touching["source"],
    })
    note = t("estimated_coord", lang) if site["coord_precision"] == "estimated" else t("address_coord", lang)
    extra = site.get("coord_note", "")
    return SiteDetail(
        name=site[col] or site["name_ko"],
        other_name=site["name_en" if lang != "en" else "name_ko"],
        facts=[
            (t("region", lang), regions.get(site["region"], site["region"])),
            (t("sector", lang), " · ".join(sectors.get(s, s) for s in site["sectors"])),
            (t("stage", lang), stages.get(site["stage"], site["stage"])),
            (t("status", lang), t(f"status_{site['status']}", lang)),
        ],
        role=site.get("role_en" if lang == "en" else "role_ko", ""),
        figures=site.get("figures_ko", ""),
        programs=programs,
        links=links,
        source=site["source"],
        as_of=site["as_of"],
        location_note=f"{note}" + (f" — {extra}" if extra else ""),
    )
