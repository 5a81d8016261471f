"""Money by year: each counted amount spread evenly over its years, undated money apart, totals kept."""

import pandas as pd
import pytest

from geo.catalogue import counted_budget
from geo.money_by_year import UNDATED, by_year, spread, undated, years_of


def programmes(*rows):
    """Programmes from (id, status, region, sector, budget, start, end, overlaps, scope) tuples."""
    names = ("id", "status", "region", "sector", "budget_krw_100m", "start_year", "end_year", "overlaps", "scope")
    return pd.DataFrame([dict(zip(names, row)) for row in rows])


HAND = programmes(
    ("five", "confirmed", "gwangju", "bio", "1000", "2026", "2030", "", "regional"),
    ("one", "confirmed", "jeonnam", "energy", "192", "2026", "2026", "", "regional"),
    ("open", "confirmed", "jeonnam", "energy", "10030", "2026", "", "", "regional"),
    ("plan", "proposed", "jeonbuk", "heavy", "9000", "2026", "", "", "regional"),
    ("part", "proposed", "jeonbuk", "ai_infra", "5800", "2026", "2029", "plan", "regional"),
    ("nation", "proposed", "jeonnam", "heavy", "150000", "2025", "2030", "", "national"),
    ("asked", "unverified", "gwangju", "bio", "100000", "2026", "2030", "", "regional"),
    ("backwards", "confirmed", "gwangju", "bio", "60", "2022", "2020", "", "regional"),
)


def test_an_amount_is_divided_evenly_over_its_years_both_included():
    """1,000억 over 2026–2030 is 200억 a year, five years; a one-year programme keeps its whole amount in it."""
    rows = spread(HAND)
    five = rows[rows["id"] == "five"]
    assert five["year"].tolist() == [2026, 2027, 2028, 2029, 2030]
    assert five["amount"].tolist() == [200.0] * 5
    assert rows.loc[rows["id"] == "one", ["year", "amount"]].values.tolist() == [[2026, 192.0]]


def test_a_programme_without_both_years_is_kept_whole_under_undated():
    """No end year (or an end before the start): the whole amount under "undated", never guessed years."""
    rows = spread(HAND).set_index("id")
    assert rows.loc["open", "year"] == UNDATED and rows.loc["open", "amount"] == 10030.0
    assert rows.loc["backwards", "year"] == UNDATED
    assert undated(spread(HAND)) == (2, 10090.0)


def test_money_is_counted_once_and_national_or_unverified_money_never():
    """The container keeps what its part leaves (9,000 − 5,800); 15조 national and the pledge are left out."""
    rows = spread(HAND)
    assert rows.loc[rows["id"] == "plan", "amount"].sum() == 3200.0
    assert rows.loc[rows["id"] == "part", "amount"].tolist() == [1450.0] * 4
    assert not {"nation", "asked"} & set(rows["id"])


def test_years_add_up_to_the_counted_total_by_hand():
    """Confirmed: 1,000 + 192 + 10,030 + 60 = 11,282; proposed: 3,200 + 5,800 = 9,000; per status and in total."""
    rows = spread(HAND)
    assert rows.groupby("status")["amount"].sum().to_dict() == {"confirmed": 11282.0, "proposed": 9000.0}
    counted = counted_budget(HAND)[HAND["status"].isin(("confirmed", "proposed"))].sum()
    assert rows["amount"].sum() == pytest.approx(counted)


def test_the_shipped_catalogue_keeps_its_confirmed_total_over_the_years(shipped):
    """Spread over the years, the shipped confirmed money is still the KPI's 5.31조 (53,109억)."""
    rows = spread(shipped.programs)
    assert rows.loc[rows["status"] == "confirmed", "amount"].sum() == pytest.approx(53109.0)
    assert rows.loc[rows["status"] == "proposed", "amount"].sum() == pytest.approx(715914.0)


def test_totals_by_group_run_in_year_order_with_undated_last():
    """By region: years ascending, "undated" last; the x axis fills a year with no money."""
    totals = by_year(spread(HAND), "region")
    assert totals["year"].tolist()[-1] == UNDATED
    dated = [y for y in totals["year"] if y != UNDATED]
    assert dated == sorted(dated)
    assert years_of(pd.DataFrame({"year": [2030, 2026, UNDATED]})) == [2026, 2027, 2028, 2029, 2030, UNDATED]
    jeonbuk = totals[(totals["group"] == "jeonbuk") & (totals["year"] == 2026)]
    assert jeonbuk["amount"].tolist() == [1450.0]


def test_nothing_to_spread_gives_empty_tables():
    """A view without confirmed or proposed money: empty rows and totals, no error."""
    rows = spread(HAND[HAND["status"] == "unverified"])
    assert rows.empty and by_year(rows, "sector").empty
