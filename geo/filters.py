"""The shared filters (region, sector, status, years) and what they leave of the catalogue.

Every page filters through ``apply_filters``, so the map, the KPI header and the analysis
pages always show the same subset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from geo.catalogue import Catalogue
from geo.i18n import names, t
from geo.joins import funds_any


@dataclass(frozen=True)
class Filters:
    """What the user chose. An empty tuple means "all"; years bound programme periods."""

    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    site_statuses: tuple[str, ...] = ()
    program_statuses: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    # Show only links a cited document states (evidence = sourced), hiding the catalogue's inferences.
    sourced_only: bool = False

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)


@dataclass(frozen=True)
class View:
    """The part of the catalogue that passes the filters."""

    sites: gpd.GeoDataFrame
    programs: pd.DataFrame
    links: pd.DataFrame
    filters: Filters = field(default_factory=Filters)
    # The year the view stands in (geo.timeline.year_view); None: today, the catalogue as it is.
    year: int | None = None


def filter_sites(sites: gpd.GeoDataFrame, f: Filters) -> gpd.GeoDataFrame:
    """Sites in a chosen region, with any chosen sector, in a chosen status."""
    keep = pd.Series(True, index=sites.index)
    if f.regions:
        keep &= sites["region"].isin(f.regions)
    if f.sectors:
        keep &= sites["sectors"].map(lambda values: any(s in f.sectors for s in values))
    if f.site_statuses:
        keep &= sites["status"].isin(f.site_statuses)
    return sites[keep]


def overlaps_years(programs: pd.DataFrame, years: tuple[int, int]) -> pd.Series:
    """Whether each programme's period overlaps ``years``; an unknown period is kept."""
    start = pd.to_numeric(programs["start_year"], errors="coerce")
    end = pd.to_numeric(programs["end_year"], errors="coerce").fillna(start)
    known = start.notna()
    return ~known | ((start <= years[1]) & (end >= years[0]))


def filter_programs(programs: pd.DataFrame, f: Filters, site_ids: set[str] | None = None) -> pd.DataFrame:
    """Programmes in a chosen region (or belt-wide), sector, status and period.

    When sites are filtered by region, a belt-wide programme stays if it funds a site still
    shown (``site_ids``), so the programmes on screen match the sites on screen.
    """
    keep = pd.Series(True, index=programs.index)
    if f.regions:
        in_region = programs["region"].isin(f.regions)
        if site_ids is not None:
            in_region |= funds_any(programs, site_ids)
        keep &= in_region
    if f.sectors:
        keep &= programs["sector"].isin(f.sectors)
    if f.program_statuses:
        keep &= programs["status"].isin(f.program_statuses)
    if f.years:
        keep &= overlaps_years(programs, f.years)
    return programs[keep]


def links_between(links: pd.DataFrame, site_ids: Iterable[str]) -> pd.Series:
    """Whether each link has both its ends among ``site_ids``."""
    ids = set(site_ids)
    return links["from_id"].isin(ids) & links["to_id"].isin(ids)


def filter_links(links: pd.DataFrame, site_ids: set[str], sourced_only: bool = False) -> pd.DataFrame:
    """Links whose two ends are both among the sites shown; only sourced ones when ``sourced_only``."""
    keep = links_between(links, site_ids)
    if sourced_only:
        keep &= links["evidence"] == "sourced" if "evidence" in links else False
    return links[keep]


def shown_links(links: pd.DataFrame, site_ids: Iterable[str]) -> pd.DataFrame:
    """The links whose two ends are both shown, other than a site linked to itself (it draws as no line)."""
    return links[links_between(links, site_ids) & (links["from_id"] != links["to_id"])]


def apply_filters(cat: Catalogue, f: Filters) -> View:
    """The sites, programmes and links that pass ``f``."""
    sites = filter_sites(cat.sites, f)
    ids = set(sites["id"])
    return View(
        sites=sites,
        programs=filter_programs(cat.programs, f, ids),
        links=filter_links(cat.links, ids, f.sourced_only),
        filters=f,
    )


def year_bounds(programs: pd.DataFrame) -> tuple[int, int]:
    """The first start year and the last end year among the programmes."""
    years = pd.concat([pd.to_numeric(programs[c], errors="coerce") for c in ("start_year", "end_year")]).dropna()
    return (int(years.min()), int(years.max())) if len(years) else (2020, 2030)


def describe(f: Filters, names: dict[str, str]) -> str:
    """The filters in words, for an export's title: the chosen regions and sectors, or ''."""
    chosen = [names.get(i, i) for i in (*f.regions, *f.sectors)]
    return " · ".join(chosen)


def view_title(f: Filters, cat: Catalogue, lang: str) -> str:
    """The title of an export of the map: the belt, then what the filters chose."""
    chosen = describe(f, names(cat.regions, lang) | names(cat.sectors, lang))
    return t("app_title", lang) + (f" — {chosen}" if chosen else "")
