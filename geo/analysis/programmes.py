"""Programmes and stated targets: budgets per status (never summed across statuses), the
timeline, the programme table and search, the targets file, and the catalogue's downloads."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.analysis.chains import BELT, _ordered, region_names
from geo.catalogue import (
    PROGRAM_STATUSES,
    STATUS_BASIS,
    CatalogueError,
    Problem,
    budget,
    counted_budget,
    period_text,
    read_sources,
    read_table,
)
from geo.cells import safe_frame
from geo.citations import cite, source_index, with_citations
from geo.i18n import format_krw_100m, localised, name_column, names, t

TARGETS_FILE = "targets.csv"
TARGET_COLUMNS = (
    "id",
    "name_ko",
    "name_en",
    "region",
    "target_year",
    "value",
    "unit_ko",
    "unit_en",
    "status",
    "source",
    "as_of",
)
TARGET_STATUSES = ("verified", "proposed", "unverified")
# Units that are money: shown in 억원/조원 like every other amount.
MONEY_UNITS = {"억원": 1, "조원": 10_000}


# --- programmes -----------------------------------------------------------------------------


def budget_by_group_status(programs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Budget (억원) per group (e.g. ``sector`` or ``region``) and status, one row per pair.

    Parameters
    ----------
    programs : DataFrame
        The programmes shown.
    by : str
        The column to group by.

    Returns
    -------
    DataFrame
        ``group``, ``status``, ``budget``. There is deliberately no total across statuses:
        a proposal is never added to a confirmed budget. Programmes with no stated budget
        are left out (count them with ``count_unbudgeted``).
    """
    amounts = counted_budget(programs)  # overlapping and national amounts are never added
    known = amounts.notna()
    frame = pd.DataFrame(
        {"group": programs.loc[known, by], "status": programs.loc[known, "status"], "budget": amounts[known]}
    )
    totals = frame.groupby(["group", "status"], as_index=False)["budget"].sum()
    return _ordered(totals, "status", list(PROGRAM_STATUSES)).reset_index(drop=True)


def count_unbudgeted(programs: pd.DataFrame) -> int:
    """How many programmes state no budget."""
    return int(budget(programs).isna().sum())


def timeline_rows(programs: pd.DataFrame) -> pd.DataFrame:
    """Programmes with a known start or end year, earliest first, for the timeline.

    Returns
    -------
    DataFrame
        The programmes with numeric ``start`` and ``end`` and a ``period`` column: ``full``
        when both years are known, ``start_only`` or ``end_only`` when one is (the missing
        one is set equal to the known one, and the chart draws a mark, not a bar).
    """
    start = pd.to_numeric(programs["start_year"], errors="coerce")
    end = pd.to_numeric(programs["end_year"], errors="coerce")
    period = pd.Series("full", index=programs.index).mask(end.isna(), "start_only").mask(start.isna(), "end_only")
    rows = programs.assign(start=start.fillna(end), end=end.fillna(start), period=period)
    rows = rows[rows["start"].notna()].astype({"start": int, "end": int})
    return rows.sort_values(["start", "end", "id"]).reset_index(drop=True)


def count_undated(programs: pd.DataFrame) -> int:
    """How many programmes state neither a start nor an end year."""
    start = pd.to_numeric(programs["start_year"], errors="coerce")
    return int((start.isna() & pd.to_numeric(programs["end_year"], errors="coerce").isna()).sum())


def search_programs(programs: pd.DataFrame, query: str) -> pd.DataFrame:
    """Programmes whose Korean or English name or lead organisation contains every word of ``query``.

    Matching ignores case; an empty query keeps every programme.
    """
    haystack = (programs["name_ko"] + " " + programs["name_en"] + " " + programs["lead_org"]).str.casefold()
    keep = pd.Series(True, index=programs.index)
    for word in query.casefold().split():
        keep &= haystack.str.contains(word, regex=False)
    return programs[keep]


def status_basis_text(basis: str, index: dict) -> str:
    """A status basis as a reader sees it: its source ids become citations.

    >>> status_basis_text("2025-12-16: 2026 예산 반영 [s1]", {"s1": {"publisher": "서울신문", "date": "2025-12-16"}})
    '2025-12-16: 2026 예산 반영 (서울신문, 2025-12-16)'
    """
    match = STATUS_BASIS.match(str(basis).strip())
    if not match:
        return str(basis).strip()
    cited = cite(match["ids"], index)
    head = f"{match['date']}: {match['decision']}"
    return f"{head} ({cited})" if cited else head


def program_table(
    programs: pd.DataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    regions: pd.DataFrame,
    lang: str,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Programmes for display: labelled columns in ``lang``; budget in 억원 as text ("미정" when not stated).

    With ``sources``, the status basis (the decision behind the status) and the budget basis
    (which year's plan the amount is) are shown beside them, the basis cited as a reader cites.
    """
    index = source_index(sources)
    status_basis = programs["status_basis"] if "status_basis" in programs else pd.Series("", index=programs.index)
    budget_basis = programs["budget_basis"] if "budget_basis" in programs else pd.Series("", index=programs.index)
    table = pd.DataFrame(
        {
            t("col_program", lang): programs[name_column(lang)],
            t("sector", lang): programs["sector"].map(names(sectors, lang)),
            t("stage", lang): programs["stage"].map(names(stages, lang)),
            t("region", lang): programs["region"].map(region_names(regions, lang)),
            t("status", lang): programs["status"].map(lambda s: t(f"status_{s}", lang)),
            t("col_budget_100m", lang): [
                t("budget_unknown", lang) if pd.isna(v) else f"{v:,.0f}" for v in budget(programs)
            ],
            t("col_period", lang): [
                period_text(start, end) or t("period_unknown", lang)
                for start, end in zip(programs["start_year"], programs["end_year"], strict=True)
            ],
            t("col_lead_org", lang): programs["lead_org"],
            t("source", lang): programs["citation"] if "citation" in programs else "",
            t("as_of", lang): programs["as_of"],
        }
    ).reset_index(drop=True)
    if sources is None:
        return table
    table.insert(5, t("col_status_basis", lang), [status_basis_text(b, index) for b in status_basis.fillna("")])
    table.insert(7, t("col_budget_basis", lang), budget_basis.fillna("").tolist())
    return table


# --- stated targets -------------------------------------------------------------------------


def read_targets(folder: Path) -> pd.DataFrame:
    """The stated targets of ``targets.csv`` in ``folder``; an empty table when there is none.

    Raises
    ------
    CatalogueError
        When the file cannot be read or lacks a column of ``TARGET_COLUMNS``.
    """
    path = folder / TARGETS_FILE
    if not path.exists():
        return pd.DataFrame(columns=list(TARGET_COLUMNS))
    frame = read_table(path)
    missing = [c for c in TARGET_COLUMNS if c not in frame.columns]
    if missing:
        raise CatalogueError([Problem(TARGETS_FILE, "", c, "", "required column is missing") for c in missing])
    return with_citations(frame, source_index(read_sources(folder)))


def targets_for(targets: pd.DataFrame, regions: tuple[str, ...]) -> pd.DataFrame:
    """Targets of the chosen regions plus the belt-wide ones; all when no region is chosen."""
    if not regions:
        return targets
    return targets[targets["region"].isin((*regions, BELT))]


def target_groups(targets: pd.DataFrame, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """Targets grouped by the plan that states them, in file order: ``(plan, rows)`` pairs.

    A name such as "광주 대표산업 2030 비전: 생산액" is split at its first ": " into the plan
    and the measure (in a ``measure`` column); a name without one is its own plan and measure.
    """
    parts = targets[name_column(lang)].str.split(": ", n=1, expand=True).reindex(columns=[0, 1])
    rows = targets.assign(plan=parts[0], measure=parts[0].where(parts[1].isna(), parts[1]))
    if "citation" in rows:  # readers see citations, never source ids
        rows["source"] = rows["citation"]
    return [(plan, rows[rows["plan"] == plan]) for plan in dict.fromkeys(rows["plan"])]


def format_target(target: pd.Series, lang: str) -> str:
    """A target's value with its unit: money in 억원/조원, other units as stated (``110,000명``)."""
    value = float(str(target["value"]).replace(",", ""))
    if target["unit_ko"] in MONEY_UNITS:
        return format_krw_100m(value * MONEY_UNITS[target["unit_ko"]], lang)
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,g}"
    return t("number_unit", lang).format(number=number, unit=target[localised("unit", lang)])


# --- downloads ------------------------------------------------------------------------------


def programs_csv(programs: pd.DataFrame) -> bytes:
    """Programmes as CSV in the catalogue's own columns; UTF-8 with BOM so Excel reads Korean.

    No cell runs as a formula in a spreadsheet (``geo.cells.safe_cell``).
    """
    return safe_frame(programs).to_csv(index=False).encode("utf-8-sig")


def sites_csv(sites: gpd.GeoDataFrame) -> bytes:
    """Sites as CSV with ``lon``/``lat`` columns and sectors ``;``-separated, as a spreadsheet holds them."""
    frame = pd.DataFrame(sites.drop(columns=sites.geometry.name))
    frame["sectors"] = sites["sectors"].map(";".join)
    frame["lon"] = sites.geometry.x.round(6)
    frame["lat"] = sites.geometry.y.round(6)
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def sites_geojson(sites: gpd.GeoDataFrame) -> bytes:
    """Sites as a GeoJSON FeatureCollection in EPSG:4326 (sectors stay a list), UTF-8; text cells made safe."""
    return safe_frame(sites.to_crs("EPSG:4326")).to_json(ensure_ascii=False, drop_id=True).encode("utf-8")
