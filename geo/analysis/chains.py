"""Chains: the site × sector pairs, the gap matrix and its readings, the Sankey flows.

A site counts for **each** of its sectors at its one stage (site × sector pairs), in the
Sankey and in the gap matrix alike, so the two always agree; a stage is *missing* for a sector
with 0 sites, *thin* with 1, *present* with 2 or more.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.catalogue import (
    by_id,
)
from geo.i18n import names, t

# The common AI infrastructure serves every sector; it is a row of the gap matrix but its
# "gaps" are not a sector's broken chain, so the generated reading leaves it out.
SHARED_SECTOR = "ai_infra"
# Programmes of the whole belt have this region instead of a region id.
BELT = "belt"
GAP_LEVELS = ("missing", "thin", "present")


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
class GapScope:
    """What the value-chain page reads the gaps of: the sectors and regions the filters keep, by name.

    ``counts`` holds the gap matrix of the whole shown belt (``BELT``) and of each region kept;
    ``scope_names`` names each scope, ``BELT`` being the regions kept ("the whole belt" when the
    filter keeps none).
    """

    sector_ids: list[str]
    region_ids: list[str]
    scope_names: dict[str, str]
    counts: dict[str, pd.DataFrame]
    kept: tuple[str, ...] = ()  # the regions the filter keeps (none: all)

    def tabs(self) -> dict[str, pd.DataFrame]:
        """The scopes shown as tabs: with one region kept, its tab and the whole's would be the same matrix."""
        return {s: c for s, c in self.counts.items() if not (s == BELT and len(self.kept) == 1)}


def gap_scope(
    sites: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, regions: pd.DataFrame, filters, lang: str
) -> GapScope:
    """The ``GapScope`` of the filtered ``sites`` (``filters``: the view's ``Filters``)."""
    sector_ids = [s for s in sectors["id"] if not filters.sectors or s in filters.sectors]
    region_ids = list(filters.regions) or regions["id"].tolist()
    by_name = region_names(regions, lang)
    chosen = ", ".join(by_name[r] for r in filters.regions) or t("scope_belt", lang)
    counts = scoped_gap_counts(sites, sector_ids, chain_stages(stages), region_ids)
    return GapScope(sector_ids, region_ids, by_name | {BELT: chosen}, counts, tuple(filters.regions))


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
