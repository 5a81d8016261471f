"""Money by year (an estimate): confirmed money stacked by group, proposals apart, pale and hatched.

The years come from ``geo.money_by_year`` (each total spread evenly over its years). Two panels
on one year axis, each on its own scale (as ``BUDGET_PANELS``: a 48조 proposal must not flatten a
confirmed 1조): confirmed money above, solid in each group's colour; proposals below, in the same
colours but pale and hatched, with "제안 (미확정)" in the legend. Programmes with no known period are
never spread over guessed years: the chart leaves them out (a column of 2조 in no year would flatten
every year beside it) and its caption states their count and amount; its table lists them as "기간 미상".
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from geo.charts.style import FONT_PX, SMALL_FONT_PX, STATUS_STYLE, rgba, style
from geo.i18n import format_krw_100m, t
from geo.money_by_year import UNDATED, years_of

# Regions have no colour in the catalogue: Okabe–Ito colours (colour-blind safe), the belt in grey.
REGION_COLOURS = {"gwangju": "#0072B2", "jeonnam": "#009E73", "jeonbuk": "#D55E00", "belt": "#7F7F7F"}
OTHER_COLOUR = "#999999"
PROPOSAL_PATTERN = STATUS_STYLE["proposed"][1]


def year_label(year, lang: str) -> str:
    """A column's label: the year, or "기간 미상" / "Period unknown"."""
    return t("my_undated", lang) if year == UNDATED else str(year)


def money_by_year_figure(
    totals: pd.DataFrame, group_labels: dict[str, str], colours: dict[str, str], lang: str
) -> go.Figure:
    """Money per year by group: confirmed money above, proposals below (pale, hatched, labelled not decided).

    Parameters
    ----------
    totals : DataFrame
        ``geo.money_by_year.by_year(...)``: ``group``, ``status``, ``year``, ``amount`` (억원).
    group_labels : dict
        Group id → label (plain text), in stacking order; groups with no money are skipped.
    colours : dict
        Group id → ``#rrggbb`` colour.
    lang : str
        ``ko`` or ``en``.
    """
    totals = totals[totals["year"] != UNDATED] if len(totals) else totals
    axis = [year_label(y, lang) for y in years_of(totals)] if len(totals) else []
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=[t("my_panel_confirmed", lang), t("my_panel_proposed", lang)],
    )
    present = set(totals["group"]) if len(totals) else set()
    for row, status in enumerate(("confirmed", "proposed"), start=1):
        for group, name in group_labels.items():
            if group not in present:
                continue
            rows = totals[(totals["group"] == group) & (totals["status"] == status)]
            if rows.empty:
                continue
            colour = colours.get(group, OTHER_COLOUR)
            proposal = status == "proposed"
            marker = {"color": colour, "line": {"color": "#333333", "width": 0.5}}
            if proposal:
                marker = {
                    "color": rgba(colour, 0.35),
                    "line": {"color": colour, "width": 1},
                    "pattern": {"shape": PROPOSAL_PATTERN, "fgcolor": colour, "size": 7, "solidity": 0.35},
                }
            label = f"{t('my_panel_proposed', lang)}: {name}" if proposal else name
            fig.add_trace(
                go.Bar(
                    x=[year_label(y, lang) for y in rows["year"]],
                    y=rows["amount"],
                    name=label,
                    legendgroup=status,
                    legendgrouptitle={"text": t("my_panel_proposed" if proposal else "my_panel_confirmed", lang)},
                    marker=marker,
                    customdata=[format_krw_100m(v, lang) for v in rows["amount"]],
                    hovertemplate="%{x} · %{customdata}<extra>" + label.replace("%", "%%") + "</extra>",
                ),
                row=row,
                col=1,
            )
    # About eight year labels at most: a tick every year runs the years together ("20092010…").
    step = 1 if len(axis) <= 8 else 2 if len(axis) <= 14 else 5
    ticks = [label for label in axis if int(label) % step == 0]
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=axis, tickangle=0, tickmode="array", tickvals=ticks
    )
    fig.update_yaxes(title={"text": t("axis_budget", lang)}, tickformat=",", rangemode="tozero")
    fig.update_layout(barmode="stack", uniformtext={"minsize": SMALL_FONT_PX, "mode": "hide"})
    fig.update_annotations(font={"size": FONT_PX})
    fig = style(fig, height=560)
    fig.update_layout(
        legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top", "groupclick": "toggleitem"},
        margin={"t": 40, "r": 8},
    )
    return fig


def money_by_year_table(totals: pd.DataFrame, group_labels: dict[str, str], lang: str) -> pd.DataFrame:
    """The chart's numbers as a table: year, group, status, amount (억원, estimated), in the chart's order."""
    order = {year_label(y, lang): i for i, y in enumerate(years_of(totals))} if len(totals) else {}
    rows = [
        {
            t("my_col_year", lang): year_label(r.year, lang),
            t("my_col_group", lang): group_labels.get(r.group, r.group),
            t("my_col_status", lang): t("status_confirmed" if r.status == "confirmed" else "my_panel_proposed", lang),
            t("my_col_amount", lang): round(float(r.amount), 1),
        }
        for r in totals.itertuples()
    ]
    table = pd.DataFrame(rows, columns=[t(f"my_col_{c}", lang) for c in ("year", "group", "status", "amount")])
    return table.sort_values(t("my_col_year", lang), key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
