"""The programmes' figures: budgets by status on two scales, and the timeline."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from geo import analysis
from geo.catalogue import PROGRAM_STATUSES, budget, by_id
from geo.charts.style import (
    BUDGET_PANELS,
    BUDGET_TICKS,
    FONT_PX,
    SMALL_FONT_PX,
    STAGE_NODE,
    STATUS_STYLE,
    sector_label,
    style,
    truncate,
    wrap_label,
)
from geo.i18n import format_krw_100m, name_column, t

# A status's bar or mark on hover: what the chart says of it, under the status's name.
STATUS_HOVER = "%{customdata}<extra>%{fullData.name}</extra>"


def _status_bar(status: str, lang: str, *, text, hover, anchor: str, **kwargs) -> go.Bar:
    """A horizontal bar in a status's colour and hatching, ``text`` inside it from ``anchor``, ``hover`` on hover."""
    colour, pattern = STATUS_STYLE[status]
    return go.Bar(
        orientation="h",
        name=t(f"status_{status}", lang),
        marker={
            "color": colour,
            "line": {"color": "#555555", "width": 1},
            # The pattern over an opaque fill: the "this year" line behind the bars never shows through.
            "pattern": {"shape": pattern, "fgcolor": "#555555", "size": 8, "fillmode": "overlay"},
        },
        text=text,
        textposition="inside",
        insidetextanchor=anchor,
        customdata=hover,
        hovertemplate=STATUS_HOVER,
        **kwargs,
    )


def budget_bars(totals: pd.DataFrame, group_labels: dict[str, str], lang: str) -> go.Figure:
    """Budget per group as horizontal bars: decided money on the left, asked-for money on the right.

    Parameters
    ----------
    totals : DataFrame
        ``analysis.budget_by_group_status(...)``: ``group``, ``status``, ``budget`` (억원).
    group_labels : dict
        Group id → label, in display order (top first); groups with no budget are skipped.
    lang : str
        ``ko`` or ``en``.

    Notes
    -----
    Each panel (``BUDGET_PANELS``) has its own scale and stacks only its two statuses; each
    segment is labelled and hovered with its own amount. No bar carries a total.
    """
    groups = [g for g in group_labels if g in set(totals["group"])]
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.08,
        subplot_titles=[wrap_label(t("pg_panel_firm", lang), 26), wrap_label(t("pg_panel_unfirm", lang), 26)],
    )
    for column, statuses in enumerate(BUDGET_PANELS, start=1):
        for status in statuses:
            rows = totals[(totals["status"] == status) & totals["group"].isin(groups)]
            if rows.empty:
                continue
            amounts = [format_krw_100m(v, lang) for v in rows["budget"]]
            fig.add_trace(
                _status_bar(
                    status, lang, text=amounts, hover=amounts, anchor="middle", y=rows["group"], x=rows["budget"]
                ),
                row=1,
                col=column,
            )
    fig.update_yaxes(
        tickmode="array",
        tickvals=groups,
        ticktext=[group_labels[g] for g in groups],
        categoryorder="array",
        categoryarray=groups,
        autorange="reversed",
    )
    # Three ticks a panel at most: the left panel's last ("40,000") never meets the right one's "0".
    fig.update_xaxes(title={"text": t("axis_budget", lang)}, tickformat=",", rangemode="tozero", nticks=BUDGET_TICKS)
    fig.update_layout(barmode="stack", uniformtext={"minsize": SMALL_FONT_PX, "mode": "hide"})
    fig.update_annotations(font={"size": FONT_PX})
    height, top = 190 + 52 * len(groups), 110
    fig = style(fig, height=height)
    # The legend sits above the panel titles: its position is in plot-area units, so convert
    # 60 px of the top margin into them.
    fig.update_layout(
        margin={"t": top, "b": 8},
        legend={"traceorder": "normal", "y": 1 + 60 / (height - top - 70), "yanchor": "bottom"},
    )
    return fig


def timeline_figure(
    programs: pd.DataFrame, sectors: pd.DataFrame, lang: str, this_year: int | None = None
) -> go.Figure:
    """Programme periods as bars from the start of the start year to the end of the end year.

    A programme with only one known year gets a mark in that year instead of a bar: ▶ when
    only the start is known, ◆ when only the end is, so no period is invented.

    Parameters
    ----------
    programs : DataFrame
        The programmes shown; those with no year at all are left out.
    sectors : DataFrame
        For the sector colour square before each programme name.
    lang : str
        ``ko`` or ``en``.
    this_year : int, optional
        Draw a "this year" line in the middle of that year.
    """
    rows = analysis.timeline_rows(programs)
    colours = by_id(sectors, "colour")
    labels = [
        sector_label(truncate(name), colours.get(sector, STAGE_NODE))
        for name, sector in zip(rows[name_column(lang)], rows["sector"], strict=True)
    ]
    rows["amount"] = [t("budget_unknown", lang) if pd.isna(v) else format_krw_100m(v, lang) for v in budget(rows)]
    rows["hover"] = [
        f"<b>{html.escape(n)}</b><br>{_period_text(p, s, e, lang)} · {a}"
        for n, p, s, e, a in zip(
            rows[name_column(lang)], rows["period"], rows["start"], rows["end"], rows["amount"], strict=True
        )
    ]
    fig = go.Figure()
    for status in PROGRAM_STATUSES:
        part = rows[(rows["status"] == status) & (rows["period"] == "full")]
        if not part.empty:
            fig.add_trace(
                _status_bar(
                    status,
                    lang,
                    text=part["amount"],
                    hover=part["hover"],
                    anchor="start",
                    y=part["id"],
                    base=part["start"],
                    x=part["end"] - part["start"] + 1,
                    legendgroup=status,
                )
            )
        marks = rows[(rows["status"] == status) & (rows["period"] != "full")]
        if not marks.empty:
            colour, _ = STATUS_STYLE[status]
            fig.add_scatter(
                y=marks["id"],
                x=marks["start"] + 0.5,
                mode="markers",
                legendgroup=status,
                showlegend=part.empty,
                name=t(f"status_{status}", lang),
                customdata=marks["hover"],
                hovertemplate=STATUS_HOVER,
                marker={
                    "symbol": ["triangle-right" if p == "start_only" else "diamond" for p in marks["period"]],
                    "size": 18,
                    "color": colour,
                    "line": {"color": "#555555", "width": 1.5},
                },
            )
    fig.update_yaxes(
        tickmode="array",
        tickvals=rows["id"],
        ticktext=labels,
        categoryorder="array",
        categoryarray=rows["id"].tolist(),
        autorange="reversed",
    )
    if len(rows):
        span = rows["end"].max() - rows["start"].min()
        fig.update_xaxes(
            range=[rows["start"].min() - 0.3, rows["end"].max() + 1.3],
            # At most about eight years along the top: the chart may be a third of a 1280-px
            # screen wide, where a tick every year runs the years together ("20182019…").
            dtick=1 if span <= 6 else 2 if span <= 14 else 5,
            tickformat="d",
            tickangle=0,
            side="top",
        )
    if this_year is not None:
        fig.add_vline(
            x=this_year + 0.5,
            line={"color": "#D55E00", "width": 2, "dash": "dash"},
            # Behind the bars: the line never runs through a bar's amount.
            layer="below",
            annotation_text=f"{t('this_year', lang)} {this_year}",
            annotation_position="bottom right",
        )
    fig.update_layout(barmode="overlay", uniformtext={"minsize": SMALL_FONT_PX, "mode": "hide"})
    fig = style(fig, height=170 + 34 * len(rows))
    # Years run along the top, where reading starts; the legend goes below the last programme.
    fig.update_layout(legend={"traceorder": "normal", "y": -0.01, "yanchor": "top"}, margin={"t": 70})
    return fig


def _period_text(period: str, start: int, end: int, lang: str) -> str:
    """``2026–2030``, or the one known year with what it is."""
    if period == "start_only":
        return f"{start}– ({t('year_start_only', lang)})"
    if period == "end_only":
        return f"–{end} ({t('year_end_only', lang)})"
    return f"{start}–{end}" if end != start else f"{start}"
