"""The value chain's figures: Sankey diagrams of stages and links, the site network, the gap matrix."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from geo import analysis
from geo.catalogue import by_id
from geo.charts.style import (
    CROSS_LINK,
    GAP_COLOURS,
    HEADER_WRAP,
    NAMED_HUBS,
    NETWORK_LINES,
    NETWORK_WRAP,
    REGION_NODE,
    SANKEY_WRAP,
    SMALL_FONT_PX,
    STAGE_NODE,
    TEXT_COLOUR,
    WITHIN_LINK,
    rgba,
    sector_labels,
    style,
    wrap_label,
    wrap_name,
)
from geo.i18n import display_names, name_column, short_name, t
from geo.joins import is_cross_region
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


# --- site network ---------------------------------------------------------------------------


def network_positions(sites: pd.DataFrame, stage_ids: list[str], region_ids: list[str]) -> pd.DataFrame:
    """Where each site sits in the network chart: ``x`` = stage column, ``y`` = region row.

    Sites of one stage and region share a cell and are spread on a small grid inside it,
    so cross-region links run between rows and the chain reads left to right.
    """
    stage_x = {s: i for i, s in enumerate(stage_ids)}
    region_y = {r: -i for i, r in enumerate(region_ids)}
    rows = []
    for (stage, region), cell in sites.groupby(["stage", "region"], sort=False):
        ids = sorted(cell["id"])
        across = min(3, len(ids))
        down = math.ceil(len(ids) / across)
        step = min(0.3, 0.84 / max(across, down))
        for i, site_id in enumerate(ids):
            col, row = i % across, i // across
            rows.append(
                {
                    "id": site_id,
                    "x": stage_x.get(stage, len(stage_x)) + (col - (across - 1) / 2) * step,
                    "y": region_y.get(region, -len(region_y)) - (row - (down - 1) / 2) * step,
                }
            )
    return pd.DataFrame(rows, columns=["id", "x", "y"])


# How the network is drawn on a 1280-px page, for keeping its names apart: a stage column's width,
# a region row's height, a name's line and the gap between a mark's centre and its name.
NETWORK_COLUMN_PX, NETWORK_ROW_PX, NETWORK_LINE_PX, NETWORK_MARK_PX = 115, 260, 18, 22


def network_name_boxes(xy: pd.DataFrame, texts: dict[str, str]) -> dict[str, tuple[str, tuple]]:
    """Where each hub's name goes: above its mark, else below, wherever its box (in chart pixels, as
    drawn on a 1280-px page) meets no name placed before it; a name that fits neither way is left to
    the hover. Id → (plotly text position, box).
    """
    from geo.charts.style import _display_width
    from geo.labels import boxes_intersect

    placed: dict[str, tuple[str, tuple]] = {}
    for site_id, text in texts.items():
        lines = html.unescape(text).split("<br>")
        width = max(_display_width(line) for line in lines) * 7.5
        height = len(lines) * NETWORK_LINE_PX
        x, y = xy.at[site_id, "x"] * NETWORK_COLUMN_PX, -xy.at[site_id, "y"] * NETWORK_ROW_PX
        for side, top in (("top center", y - NETWORK_MARK_PX - height), ("bottom center", y + NETWORK_MARK_PX)):
            box = (x - width / 2, top, x + width / 2, top + height)
            if not any(boxes_intersect(box, other) for _, other in placed.values()):
                placed[site_id] = (side, box)
                break
    return placed


def _edge_trace(links: pd.DataFrame, xy: pd.DataFrame, colour: str, width: float, name: str) -> go.Scatter:
    """All given links as one line trace (segments separated by gaps)."""
    xs, ys = [], []
    for start, end in links[["from_id", "to_id"]].itertuples(index=False):
        xs += [xy.at[start, "x"], xy.at[end, "x"], None]
        ys += [xy.at[start, "y"], xy.at[end, "y"], None]
    return go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="skip", line={"color": colour, "width": width})


def network_figure(
    sites: pd.DataFrame,
    links: pd.DataFrame,
    ranking: pd.DataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    regions: pd.DataFrame,
    lang: str,
) -> go.Figure:
    """The site network on a stage × region grid: size = links, colour = main sector, hollow = isolated.

    Parameters
    ----------
    sites, links : DataFrame
        What is shown; links whose ends are not both in ``sites`` are not drawn.
    ranking : DataFrame
        ``analysis.hub_ranking(sites, links)``; its first rows are named on the chart.
    sectors, stages, regions : DataFrame
        Catalogue tables for order, names and colours.
    lang : str
        ``ko`` or ``en``.
    """
    stage_ids = stages["id"].tolist()
    # A row for each region with a site shown: a filter to one region draws one row, not two empty ones.
    region_ids = [r for r in regions["id"] if r in set(sites["region"])] or regions["id"].tolist()
    xy = network_positions(sites, stage_ids, region_ids).set_index("id")
    links = links[links["from_id"].isin(xy.index) & links["to_id"].isin(xy.index)]
    cross = is_cross_region(links, sites).to_numpy(dtype=bool)
    fig = go.Figure(
        [
            _edge_trace(links[~cross], xy, WITHIN_LINK, 1.6, t("vc_within_link", lang)),
            _edge_trace(links[cross], xy, CROSS_LINK, 2.6, t("vc_cross_link", lang)),
        ]
    )
    rank = ranking.set_index("id")
    site = sites.set_index("id")
    # The top hubs carry their short names (a rank number would send the reader to the table),
    # wrapped to fit their column; the others are named on hover.
    hubs = ranking.loc[ranking["links"] > 0, "id"].head(NAMED_HUBS)
    shown_names = display_names(site, lang)
    texts = {i: wrap_name(short_name(shown_names[i]), NETWORK_WRAP, NETWORK_LINES) for i in hubs}
    sides = {i: side for i, (side, _) in network_name_boxes(xy, texts).items()}
    named = {i: texts[i] for i in sides}
    main = site["sectors"].map(lambda values: values[0] if values else "")
    sector_names, stage_names = analysis.names(sectors, lang), analysis.names(stages, lang)
    region_names = analysis.names(regions, lang)
    for sector_id, colour in zip(sectors["id"], sectors["colour"], strict=True):
        ids = [i for i in xy.index if main.get(i) == sector_id]
        if not ids:
            continue
        degree = rank.loc[ids, "links"]
        hover = [
            f"<b>{html.escape(site.at[i, name_column(lang)])}</b><br>"
            f"{html.escape(region_names.get(site.at[i, 'region'], ''))}"
            f" · {html.escape(stage_names.get(site.at[i, 'stage'], ''))}<br>"
            f"{html.escape(', '.join(sector_names.get(s, s) for s in site.at[i, 'sectors']))}<br>"
            f"{t('col_links', lang)}: {rank.at[i, 'links']}"
            for i in ids
        ]
        fig.add_scatter(
            x=xy.loc[ids, "x"],
            y=xy.loc[ids, "y"],
            mode="markers+text",
            name=sector_names.get(sector_id, sector_id),
            text=[named.get(i, "") for i in ids],
            textposition=[sides.get(i, "top center") for i in ids],
            textfont={"size": SMALL_FONT_PX, "color": TEXT_COLOUR},
            customdata=ids,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "color": [colour if d else "#FFFFFF" for d in degree],
                "size": (16 + 7 * degree.pow(0.5)).clip(upper=42),
                "line": {"color": colour, "width": 2.5},
                "opacity": 0.95,
            },
        )
    # Light bands behind each region's row.
    for i, _ in enumerate(region_ids):
        if i % 2 == 0:
            fig.add_shape(
                type="rect",
                xref="paper",
                x0=0,
                x1=1,
                y0=-i - 0.5,
                y1=-i + 0.5,
                fillcolor="#F3F3F3",
                line={"width": 0},
                layer="below",
            )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(stage_ids))),
        ticktext=[wrap_label(stage_names[s]) for s in stage_ids],
        range=[-0.6, len(stage_ids) - 0.4],
        showgrid=False,
        zeroline=False,
        side="top",
        tickangle=0,
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=[-i for i in range(len(region_ids))],
        ticktext=[html.escape(region_names[r]) for r in region_ids],
        range=[-len(region_ids) + 0.45, 0.55],
        showgrid=False,
        zeroline=False,
    )
    # A row per region, room above for the stage names and below for the legend (which takes ~200 px).
    fig = style(fig, height=NETWORK_ROW_PX * len(region_ids) + 300)
    # Room at the top for the stage names (up to three lines) above the first row.
    fig.update_layout(legend={"y": -0.02, "yanchor": "top"}, margin={"t": 90, "b": 8})
    return fig


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
