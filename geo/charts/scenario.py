"""The gap matrix in the scenario: the cells the proposals would close or narrow, ringed in the proposals' orange."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from geo import analysis
from geo.charts.style import HEADER_WRAP, sector_labels, wrap_label
from geo.i18n import t
from geo.maps.proposals import PROPOSAL_RING


def mark_gaps(fig: go.Figure, gaps: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, lang: str) -> go.Figure:
    """``fig`` (``gap_heatmap``) with an orange open square on each cell whose gap the proposals close or narrow.

    Parameters
    ----------
    gaps : DataFrame
        ``geo.scenario.gaps_closed`` of the matrix's scope; its ``open`` gaps are left unmarked.
    sectors, stages : DataFrame
        The catalogue tables, for the same row and column labels as the heatmap's.
    """
    changed = gaps[gaps["outcome"] != "open"] if len(gaps) else gaps
    if changed.empty:
        return fig
    stage_names, rows = analysis.names(stages, lang), sector_labels(sectors, lang)
    fig.add_scatter(
        x=[wrap_label(stage_names.get(s, s), HEADER_WRAP) for s in changed["stage"]],
        y=[rows.get(s, html.escape(s)) for s in changed["sector"]],
        mode="markers",
        name=t("scn_heat_marked", lang),
        customdata=[
            f"{b} → {a} · {t(f'scn_outcome_{o}', lang)}"
            for b, a, o in zip(changed["before"], changed["after"], changed["outcome"], strict=True)
        ],
        hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
        marker={"symbol": "square-open", "size": 40, "color": PROPOSAL_RING, "line": {"width": 3}},
    )
    return fig
