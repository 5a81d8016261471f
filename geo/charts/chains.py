"""The value chain's figures: Sankey diagrams of stages and links, the gap matrix.

The site network, drawn on the same page, is ``geo.charts.network``.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from geo import analysis
from geo.catalogue import by_id
from geo.charts.style import (
    GAP_COLOURS,
    HEADER_WRAP,
    REGION_NODE,
    SANKEY_WRAP,
    SMALL_FONT_PX,
    STAGE_NODE,
    TEXT_COLOUR,
    rgba,
    sector_labels,
    style,
    wrap_label,
)
from geo.i18n import t
from geo.vocabulary import FLOW_COLOURS, FONT_STACK, flow_label


def _column_positions(nodes: list[str], values: dict[str, float], column_of: dict[str, float]) -> tuple[list, list]:
    """Fixed node positions so each column keeps the catalogue order top to bottom.

    Left alone, plotly reorders nodes to reduce crossings and the stages lose their order.
    ``y`` is each node's centre, stacked by value within its column.
    """
    ys = []
    for column in sorted(set(column_of.values())):
        members = [n for n in nodes if column_of[n] == column]
        total = sum(values[n] for n in members) or 1
        pad = 0.04 / max(len(members), 1)
        top = 0.01
        for n in members:
            share = values[n] / total * (0.98 - pad * (len(members) - 1))
            ys.append((n, top + share / 2))
            top += share + pad
    y_of = dict(ys)
    return [column_of[n] for n in nodes], [y_of[n] for n in nodes]


def _sankey(
    nodes: list[str],
    labels: dict[str, str],
    colours: dict[str, str],
    column_of: dict[str, float],
    flows: pd.DataFrame,
    link_colours: list[str],
    link_hover: list[str],
) -> go.Figure:
    """A Sankey of prefixed node ids, each node labelled with its total."""
    inflow = flows.groupby("target")["value"].sum()
    outflow = flows.groupby("source")["value"].sum()
    values = {n: float(max(inflow.get(n, 0), outflow.get(n, 0))) for n in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    xs, ys = _column_positions(nodes, values, column_of)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [f"{labels[n]} {values[n]:,.0f}" for n in nodes],
                "color": [colours[n] for n in nodes],
                "x": xs,
                "y": ys,
                "pad": 12,
                "thickness": 20,
                "line": {"width": 0},
                "hovertemplate": "%{label}<extra></extra>",
            },
            link={
                "source": flows["source"].map(index).tolist(),
                "target": flows["target"].map(index).tolist(),
                "value": flows["value"].tolist(),
                "color": link_colours,
                "customdata": link_hover,
                "hovertemplate": "%{customdata}<extra></extra>",
            },
            textfont={"family": FONT_STACK, "size": SMALL_FONT_PX, "color": TEXT_COLOUR},
        )
    )
    return fig


def _whole_labels(fig: go.Figure) -> go.Figure:
    """The Sankey ``fig`` with a bottom margin that keeps its lowest label whole (see `sankey_bottom_px`)."""
    node = fig.data[0].node
    fig.update_layout(margin={"b": sankey_bottom_px(list(node.label), list(node.y))})
    return fig


def sankey_bottom_px(labels: list[str], ys: list[float]) -> int:
    """The bottom margin that keeps the lowest node's label whole: a label is centred on its node,
    so half of a label of several lines hangs below a thin node at the foot of its column.

    >>> sankey_bottom_px(["위", "AI 공통<br>인프라"], [0.2, 0.99])
    28
    """
    lines = max((label.count("<br>") + 1 for label, y in zip(labels, ys, strict=True) if y > 0.9), default=1)
    return 8 + math.ceil(lines * SMALL_FONT_PX * 1.4 / 2)


def sites_sankey(
    sites: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, regions: pd.DataFrame, lang: str
) -> go.Figure:
    """Region → stage → sector, band width = site × sector pairs (see ``analysis.site_flows``).

    Parameters
    ----------
    sites : DataFrame
        The sites shown.
    sectors, stages, regions : DataFrame
        Catalogue tables, for order, names and sector colours.
    lang : str
        ``ko`` or ``en``.
    """
    flows = analysis.site_flows(sites, stages["id"].tolist(), sectors["id"].tolist())
    kinds = {"region": (regions, 0.001), "stage": (stages, 0.5), "sector": (sectors, 0.999)}
    order = [f"{kind}:{i}" for kind, (table, _) in kinds.items() for i in table["id"]]
    used = set(flows["source"]) | set(flows["target"])
    nodes = [n for n in order if n in used]
    labels, colours, column_of = {}, {}, {}
    sector_colour = by_id(sectors, "colour")
    for node in nodes:
        kind, ident = node.split(":", 1)
        table, column_of[node] = kinds[kind]
        labels[node] = wrap_label(analysis.names(table, lang).get(ident, ident), SANKEY_WRAP)
        colours[node] = {"region": REGION_NODE, "stage": STAGE_NODE}.get(kind) or sector_colour.get(ident, STAGE_NODE)
    link_colours = [
        rgba(sector_colour.get(target.split(":", 1)[1], STAGE_NODE), 0.55)
        if target.startswith("sector:")
        else "rgba(120,120,120,0.28)"
        for target in flows["target"]
    ]
    ends = zip(flows["source"], flows["target"], flows["value"], strict=True)
    plain = {n: label.replace("<br>", " ") for n, label in labels.items()}
    hover = [f"{plain[s]} → {plain[g]}: {v:,}" for s, g, v in ends]
    fig = _sankey(nodes, labels, colours, column_of, flows, link_colours, hover)
    for x, key, anchor in ((0, "region", "left"), (0.5, "stage", "center"), (1, "sector", "right")):
        fig.add_annotation(
            x=x, y=1.05, xref="paper", yref="paper", text=f"<b>{t(key, lang)}</b>", showarrow=False, xanchor=anchor
        )
    return _whole_labels(style(fig, height=max(480, 40 * len(nodes))))


def links_sankey(sites: pd.DataFrame, links: pd.DataFrame, stages: pd.DataFrame, lang: str) -> go.Figure:
    """Stage of the origin site → stage of the destination site, band width = links, colour = link kind."""
    stage_ids = stages["id"].tolist()
    flows = analysis.link_flows(links, sites, stage_ids)
    stage_names = analysis.names(stages, lang)
    order = [f"from:{s}" for s in stage_ids] + [f"to:{s}" for s in stage_ids]
    used = set(flows["source"]) | set(flows["target"])
    nodes = [n for n in order if n in used]
    labels = {n: wrap_label(stage_names.get(n.split(":", 1)[1], n), SANKEY_WRAP) for n in nodes}
    colours = {n: STAGE_NODE for n in nodes}
    column_of = {n: 0.001 if n.startswith("from:") else 0.999 for n in nodes}
    link_colours = [rgba(FLOW_COLOURS.get(k, STAGE_NODE), 0.6) for k in flows["kind"]]
    plain = {n: label.replace("<br>", " ") for n, label in labels.items()}
    hover = [
        f"{plain[s]} → {plain[g]} · {html.escape(flow_label(k, lang))}: {v:,}"
        for s, g, k, v in zip(flows["source"], flows["target"], flows["kind"], flows["value"], strict=True)
    ]
    fig = _sankey(nodes, labels, colours, column_of, flows, link_colours, hover)
    for x, key, anchor in ((0, "vc_from", "left"), (1, "vc_to", "right")):
        fig.add_annotation(
            x=x, y=1.06, xref="paper", yref="paper", text=f"<b>{t(key, lang)}</b>", showarrow=False, xanchor=anchor
        )
    # One legend entry per link kind present, drawn as an invisible scatter.
    for kind in dict.fromkeys(flows["kind"]):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=flow_label(kind, lang),
            marker={"symbol": "square", "size": 14, "color": FLOW_COLOURS.get(kind, STAGE_NODE)},
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _whole_labels(style(fig, height=max(460, 48 * len(nodes) // 2 + 160)))


# --- gap matrix -----------------------------------------------------------------------------


def gap_heatmap(counts: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, lang: str) -> go.Figure:
    """A sector × stage matrix: cell colour = missing / thin / present, cell text = number of sites.

    Parameters
    ----------
    counts : DataFrame
        ``analysis.gap_counts(...)``: sectors as rows, stages as columns.
    sectors, stages : DataFrame
        Catalogue tables for names and sector colours.
    lang : str
        ``ko`` or ``en``.
    """
    levels = analysis.gap_levels(counts)
    code = levels.map(analysis.GAP_LEVELS.index)
    steps = len(analysis.GAP_LEVELS)
    scale = []
    for i, level in enumerate(analysis.GAP_LEVELS):
        scale += [[i / steps, GAP_COLOURS[level]], [(i + 1) / steps, GAP_COLOURS[level]]]
    stage_names, rows = analysis.names(stages, lang), sector_labels(sectors, lang)
    fig = go.Figure(
        go.Heatmap(
            z=code.to_numpy(),
            x=[wrap_label(stage_names[s], HEADER_WRAP) for s in counts.columns],
            y=[rows.get(s, html.escape(s)) for s in counts.index],
            text=counts.to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 18},
            colorscale=scale,
            zmin=-0.5,
            zmax=steps - 0.5,
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    for level in analysis.GAP_LEVELS:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=t(f"gap_{level}", lang),
            marker={
                "symbol": "square",
                "size": 16,
                "color": GAP_COLOURS[level],
                "line": {"color": "#999999", "width": 1},
            },
        )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, tickangle=0, automargin=True, tickfont={"size": SMALL_FONT_PX})
    fig = style(fig, height=190 + 48 * len(counts))
    fig.update_layout(legend={"y": -0.02, "yanchor": "top"}, margin={"t": 90, "b": 8})
    return fig
