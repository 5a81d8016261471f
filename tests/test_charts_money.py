"""Money by year as a chart: confirmed solid above, proposals pale and hatched below, undated last."""

import pandas as pd

from geo.charts.money import money_by_year_figure, money_by_year_table
from geo.money_by_year import by_year, spread
from tests.test_money_by_year import HAND

LABELS = {"gwangju": "광주", "jeonnam": "전남", "jeonbuk": "전북"}
COLOURS = {"gwangju": "#0072B2", "jeonnam": "#009E73", "jeonbuk": "#D55E00"}


def figure(lang="ko"):
    """The hand-made programmes' chart by region."""
    return money_by_year_figure(by_year(spread(HAND), "region"), LABELS, COLOURS, lang)


def test_proposals_are_hatched_and_named_as_not_decided():
    """Every proposal trace is hatched and in the lower panel; no confirmed trace is hatched."""
    fig = figure()
    proposals = [tr for tr in fig.data if tr.legendgroup == "proposed"]
    confirmed = [tr for tr in fig.data if tr.legendgroup == "confirmed"]
    assert proposals and confirmed
    assert all(tr.marker.pattern.shape == "/" and tr.name.startswith("제안 (미확정)") for tr in proposals)
    assert all(tr.yaxis == "y2" for tr in proposals) and all(tr.yaxis == "y" for tr in confirmed)
    assert not any(tr.marker.pattern.shape for tr in confirmed)


def test_the_years_run_in_order_and_the_unknown_period_is_left_out():
    """The x axis: 2026 … 2030, no "기간 미상" column; the panels are titled as an estimate and as not decided."""
    fig = figure()
    assert list(fig.layout.xaxis.categoryarray) == ["2026", "2027", "2028", "2029", "2030"]
    assert not any("기간 미상" in tr.x for tr in fig.data)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["확정 (연도별 추정)", "제안 (미확정)"]
    assert figure("en").layout.annotations[0].text == "Confirmed (estimated by year)"


def test_the_table_holds_the_same_money_as_the_chart():
    """The text alternative: one row per year, group and status; its amounts add up to the spread's."""
    totals = by_year(spread(HAND), "region")
    table = money_by_year_table(totals, LABELS, "ko")
    assert list(table.columns) == ["연도", "구분", "상태", "금액 (억원, 추정)"]
    assert table["금액 (억원, 추정)"].sum() == round(spread(HAND)["amount"].sum(), 1)
    assert table["연도"].iloc[-1] == "기간 미상"
    charted = sum(sum(tr.y) for tr in figure().data)
    assert charted == totals.loc[totals["year"] != "undated", "amount"].sum()


def test_a_long_span_labels_every_fifth_year():
    """2009–2030 has 22 columns: labels on 2010, 2015, 2020, 2025, 2030 only."""
    totals = pd.DataFrame({"group": "gwangju", "status": "confirmed", "year": [2009, 2030], "amount": [1.0, 2.0]})
    fig = money_by_year_figure(totals, LABELS, COLOURS, "ko")
    assert len(fig.layout.xaxis.categoryarray) == 22
    assert list(fig.layout.xaxis.tickvals) == ["2010", "2015", "2020", "2025", "2030"]


def test_an_empty_view_draws_an_empty_chart():
    """No money: a figure with no trace, no error."""
    empty = by_year(spread(HAND.iloc[0:0]), "region")
    assert not money_by_year_figure(empty, LABELS, COLOURS, "ko").data
    assert money_by_year_table(empty, LABELS, "ko").empty and isinstance(empty, pd.DataFrame)
