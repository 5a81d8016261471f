"""Plotly figures of the analysis pages, built by pure functions from ``geo.analysis`` tables.

Figures must draw with no internet: only SVG trace types that plotly.js (bundled with
Streamlit) draws by itself — bar, scatter, heatmap, sankey. No mapbox or geo traces (they
fetch tiles and topojson) and no ``$...$`` text (it loads MathJax). Type is at least 14 px
for a projector, in the dashboard's Korean font stack (NanumGothic is served by the app).
Sector colours come from ``sectors.csv``; every amount is in 억원/조원.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from geo import analysis
from geo.catalogue import PROGRAM_STATUSES, budget
from geo.i18n import format_krw_100m, name_column, short_name, t
from geo.joins import is_cross_region
from geo.maps import FLOW_COLOURS, FONT_STACK, flow_label

FONT_PX = 16
SMALL_FONT_PX = 14
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
TEXT_COLOUR = "#222222"

# Firm money is solid and dark, unfirm money pale and hatched, so that a proposal never
# reads as a budget even in greyscale print.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "confirmed": ("#0B4F8A", ""),
    "in_progress": ("#5FA8DC", ""),
    "proposed": ("#C8C8C8", "/"),
    "unverified": ("#FFFFFF", "x"),
}
# ColorBrewer RdBu ends: readable for colour-blind viewers, and the two gap levels differ in
# lightness as well as hue.
GAP_COLOURS = {"missing": "#F4A582", "thin": "#FDDBC7", "present": "#92C5DE"}
REGION_NODE = "#4D4D4D"
STAGE_NODE = "#9A9A9A"
CROSS_LINK = "#333333"
WITHIN_LINK = "#BBBBBB"
NAMED_HUBS = 6
# Column headers of the gap matrix wrap at this width (Latin characters): six stage columns
# share a 1366-px screen, and "Industrial application (AX demand)" must not run into its neighbour.
HEADER_WRAP = 11
# Sankey node labels wrap at this width, so a long stage name does not run over the next node.
SANKEY_WRAP = 18
# Budget panels: money decided (left) and money asked for or unchecked (right), each on its own
# scale, so a 50조 proposal does not hide a 1조 confirmed budget and the two never share a bar.
BUDGET_PANELS = (("confirmed", "in_progress"), ("proposed", "unverified"))


def style(fig: go.Figure, height: int) -> go.Figure:
    """Apply the dashboard's look: white template, Korean font stack, large type, top legend."""
    font = {"family": FONT_STACK, "size": FONT_PX, "color": TEXT_COLOUR}
    fig.update_layout(
        template="plotly_white",
        height=height,
        font=font,
        hoverlabel={"font": font},
        margin={"l": 8, "r": 8, "t": 56, "b": 8},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": font},
    )
    return fig


def rgba(colour: str, alpha: float) -> str:
    """A ``#RRGGBB`` colour as ``rgba(r,g,b,alpha)``."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def sector_label(name: str, colour: str) -> str:
    """A sector name preceded by a square of its colour (plotly's HTML subset), name escaped."""
    return f"<span style='color:{colour}'>■</span> {html.escape(name)}"


def sector_labels(sectors: pd.DataFrame, lang: str) -> dict[str, str]:
    """Sector id → coloured label, in catalogue order."""
    rows = zip(sectors["id"], sectors[name_column(lang)], sectors["colour"], strict=True)
    return {s: sector_label(n, c) for s, n, c in rows}


def _display_width(text: str) -> int:
    """How wide a text looks: Hangul and other wide glyphs count 2, Latin letters 1."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def wrap_label(text: str, width: int = 16) -> str:
    """A label broken onto lines of about ``width`` (Latin) characters at spaces, escaped, for axis ticks.

    Korean stage names such as "산업 적용 (AX 수요)" are too wide for one column, and slanted
    labels are hard to read on a projector, so they are wrapped instead; a bracketed part
    always starts a new line.
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and not word.startswith("(") and _display_width(lines[-1]) + 1 + _display_width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(html.escape(line) for line in lines)


# --- Sankey ---------------------------------------------------------------------------------


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
    return go.Figure(
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
    sector_colour = dict(zip(sectors["id"], sectors["colour"], strict=True))
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
    return style(fig, height=max(480, 40 * len(nodes)))


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
    return style(fig, height=max(460, 48 * len(nodes) // 2 + 160))


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
    stage_ids, region_ids = stages["id"].tolist(), regions["id"].tolist()
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
    # The top hubs carry their short names above them (a rank number would send the reader to
    # the table); the others are named on hover.
    hubs = ranking.loc[ranking["links"] > 0, "id"].head(NAMED_HUBS)
    named = {
        i: html.escape(_short(short_name(site.at[i, name_column(lang)] or site.at[i, "name_ko"]), 18)) for i in hubs
    }
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
            textposition="top center",
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
    fig = style(fig, height=250 * len(region_ids) + 150)
    fig.update_layout(legend={"y": -0.02, "yanchor": "top"}, margin={"t": 40, "b": 8})
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


# --- programmes -----------------------------------------------------------------------------


def _status_bar(status: str, lang: str, **kwargs) -> go.Bar:
    """A horizontal bar trace in a status's colour and hatching."""
    colour, pattern = STATUS_STYLE[status]
    return go.Bar(
        orientation="h",
        name=t(f"status_{status}", lang),
        marker={
            "color": colour,
            "line": {"color": "#555555", "width": 1},
            "pattern": {"shape": pattern, "fgcolor": "#555555", "size": 8},
        },
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
        horizontal_spacing=0.04,
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
                    status,
                    lang,
                    y=rows["group"],
                    x=rows["budget"],
                    text=amounts,
                    textposition="inside",
                    insidetextanchor="middle",
                    customdata=amounts,
                    hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
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
    fig.update_xaxes(title={"text": t("axis_budget", lang)}, tickformat=",", rangemode="tozero")
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
    colours = dict(zip(sectors["id"], sectors["colour"], strict=True))
    labels = [
        sector_label(_short(name), colours.get(sector, STAGE_NODE))
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
                    y=part["id"],
                    base=part["start"],
                    x=part["end"] - part["start"] + 1,
                    text=part["amount"],
                    textposition="inside",
                    insidetextanchor="start",
                    customdata=part["hover"],
                    hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
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
                hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
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
            dtick=1 if span < 14 else 2,
            tickformat="d",
            tickangle=0,
            side="top",
        )
    if this_year is not None:
        fig.add_vline(
            x=this_year + 0.5,
            line={"color": "#D55E00", "width": 2, "dash": "dash"},
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


def _short(name: str, limit: int = 30) -> str:
    """A long programme name cut to ``limit`` characters with an ellipsis (the full name is in the hover)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"
