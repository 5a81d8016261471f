"""What connects, what is funded, what is missing: the tables behind the analysis pages.

Every function takes catalogue frames (usually the filtered ``View``) and plain values and
returns plain frames, lists or bytes; ``geo.charts`` turns them into figures. Counting rules
are stated once here:

- a site counts for **each** of its sectors at its one stage (site × sector pairs), in the
  Sankey and in the gap matrix alike, so the two always agree;
- a stage is *missing* for a sector with 0 sites, *thin* with 1, *present* with 2 or more;
- budgets are summed per programme status and never across statuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd

from geo import industry
from geo.catalogue import (
    PROGRAM_STATUSES,
    STATUS_BASIS,
    CatalogueError,
    Problem,
    budget,
    by_id,
    counted_budget,
    period_text,
    read_sources,
    read_table,
)
from geo.cells import safe_frame
from geo.citations import cite, source_index, with_citations
from geo.i18n import format_krw_100m, localised, name_column, names, t
from geo.joins import is_cross_region, sites_with_sigungu

# The common AI infrastructure serves every sector; it is a row of the gap matrix but its
# "gaps" are not a sector's broken chain, so the generated reading leaves it out.
SHARED_SECTOR = "ai_infra"
# Programmes of the whole belt have this region instead of a region id.
BELT = "belt"
GAP_LEVELS = ("missing", "thin", "present")

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


# --- names ---------------------------------------------------------------------------------


def region_names(regions: pd.DataFrame, lang: str) -> dict[str, str]:
    """Region id → name, with the belt-wide pseudo-region that programmes may use."""
    return {**names(regions, lang), BELT: t("region_belt", lang)}


def chain_stages(stages: pd.DataFrame) -> list[str]:
    """The ids of the in-chain stages, in chain order (governance and support left out).

    Parameters
    ----------
    stages : DataFrame
        ``stages.csv`` as loaded (already sorted by ``order``), with an ``in_chain`` column.
    """
    in_chain = stages["in_chain"].astype(str).str.strip().str.lower().isin(("true", "1", "yes"))
    return stages.loc[in_chain, "id"].tolist()


# --- site × sector pairs, the unit of the Sankey and the gap matrix -------------------------


def site_sector_pairs(sites: pd.DataFrame) -> pd.DataFrame:
    """One row per (site, sector): ``site_id``, ``region``, ``stage``, ``sector``.

    Parameters
    ----------
    sites : DataFrame
        Sites whose ``sectors`` column holds a list of sector ids.

    Returns
    -------
    DataFrame
        A site with three sectors gives three rows; a sector listed twice counts once.
    """
    pairs = sites[["id", "region", "stage", "sectors"]].explode("sectors")
    pairs = pairs.rename(columns={"id": "site_id", "sectors": "sector"}).dropna(subset=["sector"])
    return pairs.drop_duplicates(["site_id", "sector"]).reset_index(drop=True)


# --- gap matrix -----------------------------------------------------------------------------


def gap_counts(
    sites: pd.DataFrame, sector_ids: list[str], stage_ids: list[str], region: str | None = None
) -> pd.DataFrame:
    """Sites per sector (rows) and stage (columns), for one region or the whole belt.

    Parameters
    ----------
    sites : DataFrame
        The sites to count (already filtered).
    sector_ids, stage_ids : list of str
        The rows and columns, in display order; other sectors and stages are ignored.
    region : str, optional
        Count only the sites of this region; None counts the whole belt.

    Returns
    -------
    DataFrame
        Integer counts, index ``sector_ids``, columns ``stage_ids``; 0 where nothing is.
    """
    pairs = site_sector_pairs(sites)
    if region is not None:
        pairs = pairs[pairs["region"] == region]
    grid = pd.MultiIndex.from_product([sector_ids, stage_ids], names=["sector", "stage"])
    counts = pairs.groupby(["sector", "stage"]).size().reindex(grid, fill_value=0)
    return counts.unstack("stage").reindex(index=sector_ids, columns=stage_ids).astype(int)


def gap_level(count: int) -> str:
    """``missing`` for 0 sites, ``thin`` for 1, ``present`` for 2 or more."""
    return GAP_LEVELS[min(int(count), 2)]


def gap_levels(counts: pd.DataFrame) -> pd.DataFrame:
    """The level of every cell of a ``gap_counts`` matrix."""
    return counts.map(gap_level)


def scoped_gap_counts(
    sites: pd.DataFrame, sector_ids: list[str], stage_ids: list[str], region_ids: list[str]
) -> dict[str, pd.DataFrame]:
    """Gap matrices of the whole belt (key ``BELT``) and then of each region in ``region_ids``."""
    scopes = {BELT: gap_counts(sites, sector_ids, stage_ids)}
    return scopes | {r: gap_counts(sites, sector_ids, stage_ids, r) for r in region_ids}


@dataclass(frozen=True)
class GapFinding:
    """One sector's broken chain in one scope: the stages it has (with counts), has once, and lacks."""

    scope: str
    sector: str
    present: tuple[str, ...]
    counts: tuple[int, ...]
    thin: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def sites(self) -> int:
        """Site × sector pairs of this sector in the scope."""
        return sum(self.counts)


def gap_findings(counts: pd.DataFrame, scope: str = BELT, shared: str = SHARED_SECTOR) -> list[GapFinding]:
    """The sectors of a gap matrix with a missing or thin stage, largest gap first.

    Only sectors with at least one site in the scope are read: a sector a region does not
    work in at all is not a broken chain there. The shared AI infrastructure row is not read
    as a sector: ``shared_reading`` says once what it offers every sector.
    """
    findings = []
    for sector, row in counts.iterrows():
        if sector == shared or row.sum() == 0:
            continue
        present = tuple(s for s, n in row.items() if n >= 1)
        thin = tuple(s for s, n in row.items() if n == 1)
        missing = tuple(s for s, n in row.items() if n == 0)
        if missing or thin:
            findings.append(GapFinding(scope, str(sector), present, tuple(int(row[s]) for s in present), thin, missing))
    return sorted(findings, key=_gap_size)


def _gap_size(finding: GapFinding) -> tuple[int, int]:
    """Sort key: more missing stages first, then the sector with more sites (a busier chain)."""
    return (-len(finding.missing), -finding.sites)


def ranked_gaps(scoped: dict[str, pd.DataFrame]) -> list[GapFinding]:
    """Every scope's findings, largest gap first.

    A stage missing in the whole belt comes first: the belt exists so that one region's
    strength covers another's gap, so a belt-wide gap is the one nobody covers. Within a
    scope, more missing stages come first, then the sector with more sites (a busier chain).
    """
    findings = [f for scope, counts in scoped.items() for f in gap_findings(counts, scope)]
    return sorted(findings, key=lambda f: (f.scope != BELT, *_gap_size(f)))


def _join(items: list[str], lang: str, last: str) -> str:
    """A readable list: ``a, b, c`` in Korean, ``a, b or c`` in English (``last`` is "and" or "or")."""
    if len(items) < 2:
        return ", ".join(items)
    return t(f"list_{last}", lang).format(items=", ".join(items[:-1]), last=items[-1])


def gap_reading(
    finding: GapFinding,
    scope_names: dict[str, str],
    sector_names: dict[str, str],
    stage_names: dict[str, str],
    lang: str,
) -> str:
    """One finding as a sentence, e.g. "전북: K-푸드 농생명 — 실증(1) 거점은 있으나 컴퓨팅·데이터 거점이 없음".

    Each stage present carries its number of sites in brackets, so a thin stage shows as (1).
    """

    def named(ids: tuple[str, ...]) -> list[str]:
        return [stage_names.get(s, s) for s in ids]

    fields = {
        "scope": scope_names.get(finding.scope, finding.scope),
        "sector": sector_names.get(finding.sector, finding.sector),
    }
    if not finding.missing:
        return t("gap_reading_thin", lang).format(**fields, thin=_join(named(finding.thin), lang, "and"))
    present = [f"{name} ({n})" for name, n in zip(named(finding.present), finding.counts, strict=True)]
    return t("gap_reading_missing", lang).format(
        **fields, present=_join(present, lang, "and"), missing=_join(named(finding.missing), lang, "or")
    )


def shared_reading(
    counts: pd.DataFrame,
    scope: str,
    scope_names: dict[str, str],
    sector_names: dict[str, str],
    stage_names: dict[str, str],
    lang: str,
    shared: str = SHARED_SECTOR,
) -> str:
    """What the shared AI infrastructure offers every sector in a scope, as one sentence ("" if nothing).

    A sector "missing" compute may still be served by a common data centre of the same
    scope; this sentence keeps the gap readings from overstating that.
    """
    if shared not in counts.index or counts.loc[shared].sum() == 0:
        return ""
    stages = [f"{stage_names.get(s, s)} ({n})" for s, n in counts.loc[shared].items() if n > 0]
    return t("gap_reading_shared", lang).format(
        scope=scope_names.get(scope, scope), shared=sector_names.get(shared, shared), stages=_join(stages, lang, "and")
    )


# --- Sankey flows ---------------------------------------------------------------------------


def _ordered(frame: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    """Rows sorted by a column's position in ``order`` (unknown values last)."""
    rank = {value: i for i, value in enumerate(order)}
    return frame.sort_values(column, key=lambda s: s.map(rank).fillna(len(rank)), kind="stable")


def site_flows(sites: pd.DataFrame, stage_ids: list[str], sector_ids: list[str]) -> pd.DataFrame:
    """Region → stage → sector flows, weighted by site × sector pairs.

    Parameters
    ----------
    sites : DataFrame
        The sites shown.
    stage_ids, sector_ids : list of str
        Display order of the middle and right columns.

    Returns
    -------
    DataFrame
        ``source``, ``target``, ``value``. Node ids carry their kind as a prefix
        (``region:``, ``stage:``, ``sector:``) because a stage and a sector may share an id
        (``energy``). Both legs sum to the number of pairs, so every stage node balances.
    """
    pairs = site_sector_pairs(sites)
    first = pairs.groupby(["region", "stage"]).size().rename("value").reset_index()
    first = _ordered(first, "stage", stage_ids)
    second = pairs.groupby(["stage", "sector"]).size().rename("value").reset_index()
    second = _ordered(_ordered(second, "sector", sector_ids), "stage", stage_ids)
    return pd.concat(
        [
            pd.DataFrame(
                {"source": "region:" + first["region"], "target": "stage:" + first["stage"], "value": first["value"]}
            ),
            pd.DataFrame(
                {"source": "stage:" + second["stage"], "target": "sector:" + second["sector"], "value": second["value"]}
            ),
        ],
        ignore_index=True,
    )


def link_flows(links: pd.DataFrame, sites: pd.DataFrame, stage_ids: list[str]) -> pd.DataFrame:
    """Stage → stage flows through links: ``source`` (``from:<stage>``), ``target``, ``kind``, ``value``.

    A link counts once (value 1) under its kind; links with an end not among ``sites`` are
    dropped, so the values sum to the links shown.
    """
    stage = by_id(sites, "stage")
    frame = pd.DataFrame(
        {
            "from_stage": links["from_id"].map(stage),
            "to_stage": links["to_id"].map(stage),
            "kind": links["kind"],
        }
    ).dropna()
    flows = frame.groupby(["from_stage", "to_stage", "kind"]).size().rename("value").reset_index()
    flows = _ordered(_ordered(flows, "to_stage", stage_ids), "from_stage", stage_ids)
    return pd.DataFrame(
        {
            "source": "from:" + flows["from_stage"],
            "target": "to:" + flows["to_stage"],
            "kind": flows["kind"],
            "value": flows["value"],
        }
    ).reset_index(drop=True)


# --- site network ---------------------------------------------------------------------------


def site_graph(sites: pd.DataFrame, links: pd.DataFrame) -> nx.Graph:
    """Sites as nodes (isolated ones included), links as edges with a ``links`` count.

    Two links between the same pair (say energy and data) make one edge with ``links=2``,
    so degree weighted by ``links`` is the number of links and plain degree the neighbours.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sites["id"])
    for start, end in links[["from_id", "to_id"]].itertuples(index=False):
        if start not in graph or end not in graph or start == end:
            continue
        if graph.has_edge(start, end):
            graph[start][end]["links"] += 1
        else:
            graph.add_edge(start, end, links=1)
    return graph


def hub_ranking(sites: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Each site's links, linked sites, betweenness and cross-region links, hubs first.

    Parameters
    ----------
    sites, links : DataFrame
        The sites and links shown; links with an end outside ``sites`` are ignored.

    Returns
    -------
    DataFrame
        ``id``, ``links``, ``neighbours``, ``betweenness`` (normalised, 0–1, over hop
        counts), ``cross_links``; sorted by links, then betweenness, then id.
    """
    graph = site_graph(sites, links)
    inside = links[links["from_id"].isin(graph) & links["to_id"].isin(graph)]
    cross = inside[is_cross_region(inside, sites).to_numpy()]
    cross_count = pd.concat([cross["from_id"], cross["to_id"]]).value_counts()
    betweenness = nx.betweenness_centrality(graph)
    ranking = pd.DataFrame(
        {
            "id": list(graph.nodes),
            "links": [graph.degree(n, weight="links") for n in graph.nodes],
            "neighbours": [graph.degree(n) for n in graph.nodes],
            "betweenness": [betweenness[n] for n in graph.nodes],
        }
    )
    ranking["cross_links"] = ranking["id"].map(cross_count).fillna(0).astype(int)
    ranking = ranking.sort_values(["links", "betweenness", "id"], ascending=[False, False, True])
    return ranking.reset_index(drop=True)


def isolated_sites(ranking: pd.DataFrame) -> list[str]:
    """The ids of sites with no link, from a ``hub_ranking`` table."""
    return ranking.loc[ranking["links"] == 0, "id"].tolist()


def hub_table(
    ranking: pd.DataFrame,
    sites: pd.DataFrame,
    regions: pd.DataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    lang: str,
) -> pd.DataFrame:
    """The ranking with names, for display: ``id`` plus labelled columns in ``lang``."""
    site = sites.set_index("id")
    main_sector = site["sectors"].map(lambda values: values[0] if values else "")
    sector, stage, region = names(sectors, lang), names(stages, lang), names(regions, lang)
    ids = ranking["id"]
    return pd.DataFrame(
        {
            "id": ids,
            t("col_rank", lang): range(1, len(ids) + 1),
            t("col_site", lang): ids.map(site[name_column(lang)]),
            t("region", lang): ids.map(site["region"]).map(region),
            t("sector", lang): ids.map(main_sector).map(sector),
            t("stage", lang): ids.map(site["stage"]).map(stage),
            t("col_links", lang): ranking["links"],
            t("col_neighbours", lang): ranking["neighbours"],
            t("col_betweenness", lang): ranking["betweenness"].round(3),
            t("col_cross_links", lang): ranking["cross_links"],
        }
    )


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


# --- the industrial base against the belt (geo.industry) ------------------------------------


def belt_opportunities(
    sites: gpd.GeoDataFrame,
    programs: pd.DataFrame,
    sigungu: gpd.GeoDataFrame,
    sector_ids: list[str],
    region_ids: list[str],
    regions: pd.DataFrame,
) -> pd.DataFrame:
    """``geo.industry.opportunities`` for the shown sites and programmes, sectors and regions.

    Every 시군구 of the chosen regions is a candidate (a strong base counts where the belt has
    nothing); ``sigungu`` are the map's polygons that sites are joined to.
    """
    table, codes = industry.belt_table(), industry.read_codes()
    base = industry.sector_lq(table, industry.national_grdp(), industry.read_sector_industries())
    sido = set(regions.loc[regions["id"].isin(region_ids), "sido_code"])
    base = base.loc[[code for code in base.index if code[:2] in sido], [s for s in base.columns if s in sector_ids]]
    joined = sites_with_sigungu(sites, sigungu) if len(sites) else sites.assign(joined_code=pd.Series(dtype=str))
    return industry.opportunities(base, joined, programs, industry.unit_of_polygon(codes))


def opportunity_table(opportunities: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The opportunities for display: reading, 시군구, sector, the industries it rests on, LQ, sites, programmes."""
    codes = industry.read_codes()
    place = dict(zip(codes["code"], codes["name_ko"]))
    mapping = industry.read_sector_industries()
    rests_on = {
        sector: " + ".join(t(f"industry_{industry.INDUSTRY_ID[name]}", lang) for name in group["industry"])
        for sector, group in mapping.groupby("sector")
    }
    sector_names = names(sectors, lang)
    return pd.DataFrame(
        {
            t("opp_col_kind", lang): [t(f"opp_kind_{k}", lang) for k in opportunities["kind"]],
            t("col_sigungu", lang): opportunities["code"].map(place).tolist(),
            t("sector", lang): opportunities["sector"].map(sector_names).tolist(),
            t("opp_col_industries", lang): opportunities["sector"].map(rests_on).tolist(),
            t("opp_col_lq", lang): opportunities["lq"].round(2).tolist(),
            t("opp_col_sites", lang): opportunities["sites"].tolist(),
            t("opp_col_programs", lang): opportunities["programs"].tolist(),
        }
    )


def opportunity_readings(opportunities: pd.DataFrame, sectors: pd.DataFrame, lang: str, n: int = 1) -> list[str]:
    """The first ``n`` of each kind as sentences for the gap reading: strongest base first, weakest base first."""
    codes = industry.read_codes()
    place = dict(zip(codes["code"], codes["name_ko"]))
    sector_names = names(sectors, lang)
    lines = []
    for kind, key in (("strong_base_no_site", "opp_reading_strong"), ("site_without_base", "opp_reading_weak")):
        for row in opportunities[opportunities["kind"] == kind].head(n).itertuples(index=False):
            lines.append(
                t(key, lang).format(place=place[row.code], sector=sector_names.get(row.sector), lq=f"{row.lq:.2f}")
            )
    return lines


def opportunities_csv(table: pd.DataFrame) -> bytes:
    """The opportunity table as shown, UTF-8 with BOM so Excel reads Korean."""
    return table.to_csv(index=False).encode("utf-8-sig")


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
