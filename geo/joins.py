"""Joins and aggregates over the catalogue: sites to 시군구, programmes to sites, totals."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.catalogue import PROGRAM_STATUSES, by_id, counted_budget
from geo.cells import split_ids
from geo.i18n import format_krw_100m, t

UNALLOCATED = "unallocated"  # the region-level bucket of money with no lead site


def sites_with_sigungu(sites: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each site with the 시군구 that contains its point (``joined_code``, ``joined_name``).

    Offshore points fall in no polygon; they keep their declared 시군구, as validation has
    checked that they lie within 30 km of it.
    """
    polygons = sigungu[["code", "name_ko", "geometry"]].rename(
        columns={"code": "joined_code", "name_ko": "joined_name"}
    )
    joined = gpd.sjoin(sites, polygons, how="left", predicate="within").drop(columns="index_right")
    joined = joined[~joined.index.duplicated(keep="first")]
    names = dict(zip(sigungu["code"], sigungu["name_ko"]))
    missing = joined["joined_code"].isna()
    joined.loc[missing, "joined_code"] = joined.loc[missing, "sigungu_code"]
    joined.loc[missing, "joined_name"] = joined.loc[missing, "sigungu_code"].map(names)
    return joined


def program_sites(programs: pd.DataFrame) -> pd.DataFrame:
    """One row per (programme, site) pair from the ``site_ids`` lists."""
    pairs = [
        {"program_id": row["id"], "site_id": site_id}
        for _, row in programs.iterrows()
        for site_id in split_ids(row["site_ids"])
    ]
    return pd.DataFrame(pairs, columns=["program_id", "site_id"])


def funds_any(programs: pd.DataFrame, site_ids: Iterable[str]) -> pd.Series:
    """Whether each programme names at least one of ``site_ids`` among its sites (``site_ids``).

    This is the one rule for "does this programme fund this site".
    """
    ids = set(site_ids)
    return programs["site_ids"].map(lambda cell: any(s in ids for s in split_ids(cell)))


def programs_of_sites(programs: pd.DataFrame, site_ids: Iterable[str]) -> pd.DataFrame:
    """The programmes that fund at least one of ``site_ids``."""
    return programs[funds_any(programs, site_ids)]


def programs_for_site(programs: pd.DataFrame, site_id: str) -> pd.DataFrame:
    """The programmes that name ``site_id`` among their sites."""
    return programs_of_sites(programs, [site_id])


def budget_by_status(programs: pd.DataFrame) -> dict[str, float]:
    """Total budget (억원) per programme status; statuses are never summed together here.

    Every amount is added once (a part of another programme counts where it is, its container
    the rest) and national (group-wide) amounts are left out (``geo.catalogue.counted_budget``).
    """
    totals = counted_budget(programs).groupby(programs["status"]).sum()
    return {status: float(totals.get(status, 0.0)) for status in PROGRAM_STATUSES}


# How the confirmed budget is split: money of finished facilities, money still being spent, and
# money whose programme states no last year (counted apart, never guessed into either).
PHASES = ("finished", "ongoing", "undated")


# A lead site in one of these states is not finished, whatever the programme's stated last year.
UNFINISHED_SITES = ("under_construction", "planned", "proposed")


def program_phase(programs: pd.DataFrame, year: int, site_status: dict | None = None) -> pd.Series:
    """Each programme's phase in ``year``: ``finished`` (its last year is before ``year``),
    ``ongoing`` (its last year is ``year`` or later) or ``undated`` (no last year stated).

    With ``site_status`` (site id → status), a programme whose lead site is still being built,
    planned or proposed is ``ongoing`` even when its stated last year has passed.

    >>> program_phase(pd.DataFrame({"end_year": ["2021", "2026", ""]}), 2026).tolist()
    ['finished', 'ongoing', 'undated']
    """
    end = pd.to_numeric(programs["end_year"], errors="coerce")
    phase = pd.Series("undated", index=programs.index)
    phase[end < year] = "finished"
    phase[end >= year] = "ongoing"
    if site_status:
        unfinished = lead_site(programs).map(site_status).isin(UNFINISHED_SITES)
        phase[(phase == "finished") & unfinished] = "ongoing"
    return phase


def confirmed_split(programs: pd.DataFrame, year: int, site_status: dict | None = None) -> dict[str, float]:
    """The confirmed budget (억원, every amount once) in total and by phase in ``year`` (``program_phase``).

    This is the one rule the KPI header and the region cards follow: ``total`` equals
    ``finished + ongoing + undated``.
    """
    confirmed = programs["status"] == "confirmed"
    amounts = counted_budget(programs)[confirmed].fillna(0.0)
    by_phase = amounts.groupby(program_phase(programs[confirmed], year, site_status)).sum()
    split = {phase: float(by_phase.get(phase, 0.0)) for phase in PHASES}
    return {"total": float(amounts.sum()), **split}


def confirmed_split_text(split: dict[str, float], lang: str) -> str:
    """The split as the KPI's second line: finished money, and money under way (no end year stated included).

    Each part is held together by no-break spaces, so the line wraps only between the parts.

    >>> split = {"total": 30000.0, "finished": 10000.0, "ongoing": 15000.0, "undated": 5000.0}
    >>> confirmed_split_text(split, "en").replace("\u00a0", "_")
    'done_KRW_1_tn · under_way_KRW_2_tn'
    """
    return t("kpi_confirmed_split", lang).format(
        finished=format_krw_100m(split["finished"], lang).replace(" ", "\u00a0"),
        ongoing=format_krw_100m(split["ongoing"] + split["undated"], lang).replace(" ", "\u00a0"),
    )


def is_cross_region(links: pd.DataFrame, sites: pd.DataFrame) -> pd.Series:
    """For each link, whether its two ends lie in different regions."""
    region = by_id(sites, "region")
    return links["from_id"].map(region) != links["to_id"].map(region)


def lead_site(programs: pd.DataFrame) -> pd.Series:
    """Each programme's lead site id: its ``lead_site_id``, or '' when it has none.

    The lead site is where a programme's money is spent. It is stated, never guessed: a
    programme with several sites and no lead (e.g. a belt programme run by nine bodies) has none.
    """
    if "lead_site_id" not in programs:
        return pd.Series("", index=programs.index)
    return programs["lead_site_id"].fillna("").str.strip()


def sigungu_summary(sites: gpd.GeoDataFrame, programs: pd.DataFrame, sigungu: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per 시군구: site count, sectors present, and budget by programme status.

    A programme's whole budget goes to the 시군구 of its lead site (``lead_site``), never split
    over the other sites it lists. A programme without a lead site, or whose lead site is not
    shown, is not placed on the map (see ``unallocated_budget``). Overlapping and national
    amounts are never added (``counted_budget``).
    """
    sites = sites_with_sigungu(sites, sigungu)
    out = sigungu[["code", "name_ko", "region"]].copy().set_index("code")
    out["sites"] = sites.groupby("joined_code").size().reindex(out.index, fill_value=0)
    sectors = sites.explode("sectors").groupby("joined_code")["sectors"].nunique()
    out["sectors"] = sectors.reindex(out.index, fill_value=0)
    site_code = dict(zip(sites["id"], sites["joined_code"]))
    table = pd.DataFrame(
        {"code": lead_site(programs).map(site_code), "status": programs["status"], "budget": counted_budget(programs)}
    ).dropna(subset=["code", "budget"])
    pivot = table.pivot_table(index="code", columns="status", values="budget", aggfunc="sum")
    for status in PROGRAM_STATUSES:
        column = pivot[status] if status in pivot else pd.Series(dtype=float)
        out[f"budget_{status}"] = column.reindex(out.index).fillna(0.0)
    return out.reset_index()


def unallocated_budget(programs: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Per region and status, the counted budget not allocated to any district.

    That is the money of programmes with no lead site, or whose lead site is not among
    ``sites``; a belt-wide programme's is under region ``belt``. Columns: ``region``, ``status``,
    ``budget`` (억원), only rows with money.
    """
    shown = set(sites["id"])
    amounts = counted_budget(programs)
    loose = ~lead_site(programs).isin(shown) & amounts.notna()
    frame = pd.DataFrame(
        {"region": programs.loc[loose, "region"], "status": programs.loc[loose, "status"], "budget": amounts[loose]}
    )
    totals = frame.groupby(["region", "status"], as_index=False)["budget"].sum()
    return totals[totals["budget"] > 0].reset_index(drop=True)


def link_evidence_counts(links: pd.DataFrame) -> dict[str, int]:
    """How many links are ``sourced`` (a document states them) and how many ``derived``."""
    evidence = links["evidence"] if "evidence" in links else pd.Series(dtype=str)
    return {kind: int((evidence == kind).sum()) for kind in ("sourced", "derived")}


def region_summary(
    regions: pd.DataFrame,
    sites: pd.DataFrame,
    programs: pd.DataFrame,
    year: int | None = None,
    site_status: dict | None = None,
) -> pd.DataFrame:
    """Per region: sites, sectors present, and programme budget by status (by the programme's region).

    Belt-wide programmes (region ``belt``) belong to no single region and are not counted here;
    national amounts neither, and every amount is added once (``counted_budget``). With ``year``,
    the confirmed budget is split as the KPI splits it (``confirmed_split``):
    ``confirmed_finished``, ``confirmed_ongoing``, ``confirmed_undated`` (``site_status`` as there).
    """
    out = regions[["id", "name_ko", "name_en"]].copy().set_index("id")
    out["sites"] = sites.groupby("region").size().reindex(out.index, fill_value=0)
    out["sectors"] = sites.explode("sectors").groupby("region")["sectors"].nunique().reindex(out.index, fill_value=0)
    amounts = counted_budget(programs)
    for status in PROGRAM_STATUSES:
        mask = programs["status"] == status
        totals = amounts[mask].groupby(programs.loc[mask, "region"]).sum()
        out[f"budget_{status}"] = totals.reindex(out.index, fill_value=0.0)
    if year is not None:
        # Phases of the whole shown set at once: a part in one region and its container in another count once.
        confirmed = programs["status"] == "confirmed"
        phase = program_phase(programs, year, site_status)
        for name in PHASES:
            mask = confirmed & (phase == name)
            totals = amounts[mask].groupby(programs.loc[mask, "region"]).sum()
            out[f"confirmed_{name}"] = totals.reindex(out.index, fill_value=0.0)
    return out.reset_index()


def regions_shown_first(summary: pd.DataFrame) -> list[str]:
    """Region ids (``summary`` is `region_summary` indexed by id): those with shown sites first, in order.

    >>> regions_shown_first(pd.DataFrame({"sites": [0, 3, 1]}, index=["gwangju", "jeonnam", "jeonbuk"]))
    ['jeonnam', 'jeonbuk', 'gwangju']
    """
    return [*summary.index[summary["sites"] > 0], *summary.index[summary["sites"] <= 0]]
