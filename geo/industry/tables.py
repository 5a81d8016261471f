"""What the pages show from the table: LQ and change per 시군구, specialisations, map values, opportunities."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.cells import split_ids
from geo.industry.measures import (
    BASE_YEAR,
    INDUSTRY_ID,
    LQ_YEAR,
    MIN_SHARE,
    STRONG_LQ,
    TOP_N,
    TOTAL,
    WEAK_LQ,
    change,
    location_quotient,
    per_thousand,
    share,
)
from geo.industry.source import _bundled, _units, belt_grdp, measures, national_grdp, national_totals, read_codes
from geo.paths import DEFAULT_DATA_DIR


def lq_by_unit(table: pd.DataFrame, year: int = LQ_YEAR) -> pd.DataFrame:
    """LQ per 시군구 (rows, today's code) and industry id (columns) in ``year``."""
    rows = table[(table["year"] == year) & (table["industry"] != TOTAL)]
    wide = rows.pivot_table(index="code", columns="industry", values="lq", aggfunc="first")
    return wide.rename(columns=INDUSTRY_ID)


def total_change(table: pd.DataFrame, start: int = BASE_YEAR, end: int = LQ_YEAR) -> pd.Series:
    """Each 시군구's change of value added at basic prices from ``start`` to ``end`` (nominal)."""
    totals = table[table["industry"] == TOTAL].pivot_table(index="code", columns="year", values="value")
    return change(totals[start], totals[end])


def belt_change(table: pd.DataFrame, start: int = BASE_YEAR, end: int = LQ_YEAR) -> float:
    """The whole belt's change of value added at basic prices from ``start`` to ``end`` (nominal)."""
    totals = table[table["industry"] == TOTAL].groupby("year")["value"].sum()
    return float(change(totals[start], totals[end]))


def industry_change(table: pd.DataFrame, start: int = BASE_YEAR, end: int = LQ_YEAR) -> pd.DataFrame:
    """Change of value added per 시군구 (rows) and industry id (columns) from ``start`` to ``end``."""
    rows = table[table["industry"] != TOTAL]
    wide = rows.pivot_table(index=["code", "industry"], columns="year", values="value")
    return change(wide[start], wide[end]).unstack("industry").rename(columns=INDUSTRY_ID)


def region_table(grdp: pd.DataFrame, codes: pd.DataFrame, year: int = LQ_YEAR) -> pd.DataFrame:
    """Per region (today's 시도 code): value added per industry name, its sum of 시군구, and LQ.

    Columns ``region_code``, ``industry``, ``value``, ``lq``.
    """
    belt = belt_grdp(grdp, codes)
    rows = belt[belt["year"] == year].groupby(["region_code", "industry"], as_index=False)["value"].sum()
    totals = rows[rows["industry"] == TOTAL].set_index("region_code")["value"]
    nation = national_totals(grdp, year)
    rows["lq"] = location_quotient(
        rows["value"], rows["region_code"].map(totals), rows["industry"].map(nation), nation[TOTAL]
    )
    rows.loc[rows["industry"] == TOTAL, "lq"] = float("nan")
    return rows


def businesses_per_thousand(codes: pd.DataFrame, year: int = LQ_YEAR, raw: pd.DataFrame | None = None) -> pd.Series:
    """Businesses per 1,000 residents per 시군구 (today's code) in ``year``."""
    raw = _bundled() if raw is None else raw
    raw = raw[raw["year"] == year]
    units = _units(codes).set_index("kostat_code")["code"]
    code = raw["adm2_code"].astype(int).astype(str)

    def series(mask):
        return pd.Series(raw.loc[mask, "value"].values, index=code[mask].map(units).values).dropna()

    firms = series((raw["class1"] == "company") & (raw["class2"] == "total") & code.isin(units.index))
    people = series((raw["class1"] == "all households") & (raw["class2"] == "total") & code.isin(units.index))
    firms, people = firms[firms.index.notna()], people[people.index.notna()]
    return per_thousand(firms, people.reindex(firms.index)).rename("per_thousand")


def top_specialisations(lq: pd.Series, shares: pd.Series, n: int = TOP_N) -> list[str]:
    """The industry ids with the highest LQ that reach ``STRONG_LQ`` and ``MIN_SHARE`` of the 시군구.

    ``lq`` and ``shares`` are indexed by industry id (one 시군구, one year).

    >>> lq = pd.Series({"a": 3.0, "b": 9.0, "c": 1.3, "d": 0.9})
    >>> top_specialisations(lq, pd.Series({"a": 0.3, "b": 0.01, "c": 0.1, "d": 0.5}))
    ['a', 'c']
    """
    strong = lq[(lq >= STRONG_LQ) & (shares.reindex(lq.index) >= MIN_SHARE)]
    return strong.sort_values(ascending=False).index[:n].tolist()


def own_shares(table: pd.DataFrame, year: int = LQ_YEAR) -> pd.DataFrame:
    """Each industry's share of the 시군구's own value added (rows: code, columns: industry id)."""
    rows = table[table["year"] == year]
    wide = rows.pivot_table(index="code", columns="industry", values="value")
    return share(wide.drop(columns=TOTAL), wide[TOTAL]).rename(columns=INDUSTRY_ID)


def specialisations(table: pd.DataFrame, year: int = LQ_YEAR) -> dict[str, list[str]]:
    """Code → its top specialisations (industry ids), for every 시군구 of the table."""
    lq, shares = lq_by_unit(table, year), own_shares(table, year)
    return {code: top_specialisations(lq.loc[code].dropna(), shares.loc[code]) for code in lq.index}


def region_specialisations(regions: pd.DataFrame, year: int = LQ_YEAR) -> dict[str, list[str]]:
    """Region code → its top specialisations (industry ids), from the region's sum of 시군구."""
    out = {}
    for code, rows in regions[regions["industry"] != TOTAL].groupby("region_code"):
        total = regions.loc[(regions["region_code"] == code) & (regions["industry"] == TOTAL), "value"].iloc[0]
        by_id = rows.set_index(rows["industry"].map(INDUSTRY_ID))
        out[code] = top_specialisations(by_id["lq"], share(by_id["value"], total))
    return out


def map_values(values: pd.Series, codes: pd.DataFrame) -> pd.Series:
    """Values per unit code spread onto the map's polygons (전주시 → both of its 구)."""
    spread = {}
    for row in _units(codes).itertuples(index=False):
        if row.code in values.index:
            for polygon in split_ids(row.map_codes):
                spread[polygon] = values[row.code]
    return pd.Series(spread, dtype=float)


def unit_of_polygon(codes: pd.DataFrame) -> dict[str, str]:
    """The map's 시군구 code → the statistics unit's code (52111 → 52110 전주시; others unchanged)."""
    return {polygon: row.code for row in _units(codes).itertuples(index=False) for polygon in split_ids(row.map_codes)}


def sector_lq(table: pd.DataFrame, grdp: pd.DataFrame, mapping: pd.DataFrame, year: int = LQ_YEAR) -> pd.DataFrame:
    """Each sector's base per 시군구: the LQ of its industries added together (rows code, columns sector).

    A sector resting on two industries (문화콘텐츠, AI 인프라) is read from their sum, over the same sum nationally.
    """
    rows = table[table["year"] == year]
    wide = rows.pivot_table(index="code", columns="industry", values="value")
    nation = grdp[grdp["year"] == year].groupby("industry")["value"].sum()
    out = {}
    for sector, group in mapping.groupby("sector", sort=False):
        names = group["industry"].tolist()
        out[sector] = location_quotient(wide[names].sum(axis=1), wide[TOTAL], nation[names].sum(), nation[TOTAL])
    return pd.DataFrame(out)


def opportunities(
    base: pd.DataFrame, sites: pd.DataFrame, programs: pd.DataFrame, polygon_unit: dict[str, str]
) -> pd.DataFrame:
    """Sector × 시군구 where the base and the belt's investment disagree.

    ``base`` is ``sector_lq`` (rows: unit code, columns: sector id); ``sites`` carry ``id``,
    ``joined_code`` (the map's 시군구, ``geo.joins.sites_with_sigungu``) and ``sectors`` (lists);
    ``programs`` carry ``sector`` and ``site_ids``. A sector is present in a 시군구 when a site of
    that sector lies there, or a programme of that sector names a site there.

    - ``strong_base_no_site``: LQ ≥ ``STRONG_LQ`` and nothing of the belt in that sector there;
    - ``site_without_base``: the belt has a site or programme of the sector there but LQ < ``WEAK_LQ``.

    Columns ``code``, ``sector``, ``lq``, ``kind``, ``sites`` (count), ``programs`` (count);
    strongest base first, then weakest base first.
    """
    unit = sites["joined_code"].map(lambda c: polygon_unit.get(c, c))
    pairs = pd.DataFrame({"site": sites["id"].values, "code": unit.values, "sector": sites["sectors"].values})
    pairs = pairs.explode("sector").dropna(subset=["sector"])
    site_count = pairs.groupby(["code", "sector"]).size()
    site_unit = dict(zip(sites["id"], unit))
    program_pairs = [
        (code, row.sector)
        for row in programs.itertuples(index=False)
        for code in {site_unit[s] for s in split_ids(row.site_ids) if s in site_unit}
    ]
    program_count = pd.Series(1, index=pd.MultiIndex.from_tuples(program_pairs)).groupby(level=[0, 1]).sum()
    rows = []
    for code in base.index:
        for sector in base.columns:
            lq = base.at[code, sector]
            n_sites = int(site_count.get((code, sector), 0))
            n_programs = int(program_count.get((code, sector), 0)) if program_pairs else 0
            present = n_sites + n_programs > 0
            if pd.notna(lq) and lq >= STRONG_LQ and not present:
                rows.append((code, sector, lq, "strong_base_no_site", n_sites, n_programs))
            elif pd.notna(lq) and lq < WEAK_LQ and present:
                rows.append((code, sector, lq, "site_without_base", n_sites, n_programs))
    out = pd.DataFrame(rows, columns=["code", "sector", "lq", "kind", "sites", "programs"])
    strong = out[out["kind"] == "strong_base_no_site"].sort_values("lq", ascending=False)
    weak = out[out["kind"] == "site_without_base"].sort_values("lq")
    return pd.concat([strong, weak], ignore_index=True)


@lru_cache(maxsize=2)
def belt_table(data_dir: Path = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """The whole table (``measures``) of the belt, read once per process."""
    return measures(national_grdp(), read_codes(data_dir))
