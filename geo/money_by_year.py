"""Money by year: each programme's counted amount spread over its years, by one stated rule.

The rule (the programmes page says it under its chart, ``my_caption``):

- the amount is the one totals add (``geo.catalogue.counted_budget``): a container less its parts,
  national amounts never — so the years of a view add up to its counted total;
- a programme with a start and an end year has its amount divided **evenly** over
  ``start_year … end_year``, both included (2026–2030: a fifth each year);
- a programme missing either year is **not** spread over guessed years: its whole amount sits
  apart in the ``UNDATED`` column ("기간 미상"), counted, so nothing is lost or invented;
- the catalogue gives no yearly amounts: ``program_history.csv`` holds a plan's total at a date,
  not a plan by year, and ``budget_basis`` names a plan year. So every programme follows the even
  rule, and the chart calls itself an estimate.

Confirmed money and proposals are kept apart (``status``), never added together.
"""

from __future__ import annotations

import pandas as pd

from geo.catalogue import counted_budget

# The column of the programmes whose period is not known (no start or no end year).
UNDATED = "undated"
STATUSES = ("confirmed", "proposed")
COLUMNS = ("id", "status", "region", "sector", "year", "amount")


def period(programs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each programme's first and last year as numbers (NaN where the cell is empty or not a year)."""
    start = pd.to_numeric(programs["start_year"], errors="coerce")
    end = pd.to_numeric(programs["end_year"], errors="coerce")
    return start, end


def spread(programs: pd.DataFrame, statuses: tuple[str, ...] = STATUSES) -> pd.DataFrame:
    """One row per programme and year: its counted amount (억원) divided evenly over its years.

    Parameters
    ----------
    programs : DataFrame
        Programmes as the catalogue reads them (already filtered), with ``status``, ``region``,
        ``sector``, ``budget_krw_100m``, ``start_year``, ``end_year`` (and ``overlaps``, ``scope``).
    statuses : tuple of str
        The statuses to spread; others are left out.

    Returns
    -------
    DataFrame
        ``id``, ``status``, ``region``, ``sector``, ``year`` (an int, or ``UNDATED``) and
        ``amount``. Per programme the amounts add up to its counted budget; programmes with no
        counted amount (none stated, national, or all in their parts) have no row.

    >>> frame = pd.DataFrame({"id": ["a", "b"], "status": ["confirmed"] * 2, "region": ["gwangju"] * 2,
    ...     "sector": ["bio"] * 2, "budget_krw_100m": ["300", "50"], "start_year": ["2024", "2025"],
    ...     "end_year": ["2026", ""]})
    >>> spread(frame)[["id", "year", "amount"]].values.tolist()
    [['a', 2024, 100.0], ['a', 2025, 100.0], ['a', 2026, 100.0], ['b', 'undated', 50.0]]
    """
    amounts = counted_budget(programs)
    start, end = period(programs)
    rows = []
    for index, row in programs.iterrows():
        amount = amounts[index]
        if row["status"] not in statuses or pd.isna(amount) or amount <= 0:
            continue
        first, last = start[index], end[index]
        base = {"id": row["id"], "status": row["status"], "region": row["region"], "sector": row["sector"]}
        if pd.isna(first) or pd.isna(last) or last < first:
            rows.append({**base, "year": UNDATED, "amount": float(amount)})
            continue
        years = range(int(first), int(last) + 1)
        rows.extend({**base, "year": year, "amount": float(amount) / len(years)} for year in years)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def by_year(spread_rows: pd.DataFrame, group: str) -> pd.DataFrame:
    """The spread summed per ``group`` (``region`` or ``sector``), status and year; years in order, undated last.

    Returns ``group``, ``status``, ``year``, ``amount`` (억원).
    """
    if spread_rows.empty:
        return pd.DataFrame(columns=["group", "status", "year", "amount"])
    totals = spread_rows.groupby([group, "status", "year"], sort=False)["amount"].sum().reset_index()
    totals = totals.rename(columns={group: "group"})
    key = totals["year"].map(lambda y: (1, 0) if y == UNDATED else (0, int(y)))
    return totals.iloc[key.argsort(kind="stable")].reset_index(drop=True)


def years_of(totals: pd.DataFrame) -> list:
    """The x axis: every year from the first to the last with money (none skipped), then ``UNDATED`` if any.

    >>> years_of(pd.DataFrame({"year": [2027, 2024, "undated"]}))
    [2024, 2025, 2026, 2027, 'undated']
    """
    dated = [int(y) for y in totals["year"] if y != UNDATED]
    axis: list = list(range(min(dated), max(dated) + 1)) if dated else []
    return axis + ([UNDATED] if (totals["year"] == UNDATED).any() else [])


def undated(spread_rows: pd.DataFrame, status: str = "confirmed") -> tuple[int, float]:
    """How many programmes of ``status`` have no known period, and their amount (억원), for the caption."""
    rows = spread_rows[(spread_rows["year"] == UNDATED) & (spread_rows["status"] == status)]
    return int(rows["id"].nunique()), float(rows["amount"].sum())
