"""The site network: every shown site on a stage × region grid, sized by its links, its hubs named.

Its table (the hubs) is ``geo.analysis.network``; the value chain page draws it beside the Sankeys
(``geo.charts.chains``).
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from geo import analysis
from geo.charts.style import (
    CROSS_LINK,
    NAMED_HUBS,
    NETWORK_LINES,
    NETWORK_WRAP,
    SMALL_FONT_PX,
    TEXT_COLOUR,
    WITHIN_LINK,
    style,
    wrap_label,
    wrap_name,
)
from geo.i18n import display_names, name_column, short_name, t
from geo.joins import is_cross_region


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
