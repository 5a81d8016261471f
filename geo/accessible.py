"""Text and table alternatives for what the dashboard draws: the map's spoken summary, charts as tables.

A screen-reader user hears the map through ``map_summary`` (read out by a polite live region
whenever the filters change) and reaches its sites through the "sites in view" list
(``sites_in_view``); every chart has a table of the same numbers (the ``*_table`` functions).
All of it is plain pandas and the label table: no Streamlit, no HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo import analysis
from geo.filters import links_between
from geo.i18n import display_name, display_names, names, t
from geo.joins import is_cross_region
from geo.vocabulary import flow_layer_id

SKIP_TARGET = "sites-in-view"


def shown_on_map(sites: pd.DataFrame, links: pd.DataFrame, hidden: Iterable[str] = ()) -> tuple[pd.DataFrame, ...]:
    """The sites and links the map draws: a site whose main sector's layer is off, or a link whose kind's is, is not.

    Parameters
    ----------
    sites, links : DataFrame
        The filtered sites and links (``geo.filters.apply_filters``).
    hidden : iterable of str
        Layer ids switched off in the map (``ViewState.hidden``): sector ids and ``flow-<kind>``.
    """
    hidden = set(hidden)
    main_sector = sites["sectors"].str[0]
    drawn_sites = sites[~main_sector.isin(hidden)]
    drawn = set(drawn_sites["id"])
    drawn_links = links[
        ~links["kind"].map(flow_layer_id).isin(hidden) & links["from_id"].isin(drawn) & links["to_id"].isin(drawn)
    ]
    return drawn_sites, drawn_links


def map_summary(
    sites: pd.DataFrame, links: pd.DataFrame, regions: pd.DataFrame, lang: str, metric_label: str | None = None
) -> str:
    """What the map shows, in one sentence a screen reader reads out: sites per region, sectors, cross-region links.

    >>> "지도: 거점 14곳 — 전북 14 · 분야 2개 · 권역 간 연계 3건"  # the form, for 14 Jeonbuk sites  # doctest: +SKIP

    Parameters
    ----------
    sites, links : DataFrame
        What the map draws (``shown_on_map``); ``sites`` has ``region`` and ``sectors``.
    regions : DataFrame
        The catalogue's regions, in their order, for names.
    lang : str
        ``ko`` or ``en``.
    metric_label : str, optional
        The choropleth's metric when one colours the districts.
    """
    if sites.empty:
        return t("a11y_summary_empty", lang)
    region_names = names(regions, lang)
    counts = sites["region"].value_counts()
    per_region = [f"{region_names[r]} {int(counts[r])}" for r in regions["id"] if counts.get(r, 0)]
    sectors = {s for listed in sites["sectors"] for s in listed}
    cross = int(is_cross_region(links, sites).sum()) if len(links) else 0
    parts = [
        *per_region,
        t("a11y_summary_sectors", lang).format(n=len(sectors)),
        t("a11y_summary_cross", lang).format(n=cross),
    ]
    if metric_label:
        parts.append(t("a11y_summary_choro", lang).format(metric=metric_label))
    return t("a11y_summary", lang).format(n=len(sites), parts=" · ".join(parts))


def sites_in_view(sites: pd.DataFrame, lang: str) -> list[str]:
    """The ids of the sites the map draws, in name order (Korean order for ``ko``): the keyboard's list of sites."""
    return sites.assign(_label=display_names(sites, lang)).sort_values(["_label", "id"])["id"].tolist()


def site_option(site: pd.Series, region_names: dict[str, str], sector_names: dict[str, str], lang: str) -> str:
    """A site as one line of the list: name — region · main sector, so same-named sites differ."""
    name = display_name(site, lang)
    sector = sector_names.get(site["sectors"][0], site["sectors"][0]) if len(site["sectors"]) else ""
    return f"{name} — {region_names.get(site['region'], site['region'])}" + (f" · {sector}" if sector else "")


def district_table(summary: pd.DataFrame, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The choropleth's numbers per 시군구: region, sites, sectors and each budget status (억원), never summed.

    ``summary`` is ``geo.joins.sigungu_summary`` output; districts with nothing are left out.
    """
    region_names = names(regions, lang)
    budgets = [c for c in summary.columns if c.startswith("budget_")]
    shown = summary[(summary[["sites", "sectors", *budgets]] > 0).any(axis=1)]
    table = pd.DataFrame(
        {
            t("region", lang): shown["region"].map(region_names).fillna(shown["region"]).tolist(),
            t("col_sigungu", lang): shown["name_ko"].tolist(),
            t("choro_sites", lang): shown["sites"].astype(int).tolist(),
            t("choro_sectors", lang): shown["sectors"].astype(int).tolist(),
        }
    )
    for column in budgets:
        table[f"{t('status_' + column.removeprefix('budget_'), lang)} ({t('a11y_unit_100m', lang)})"] = shown[
            column
        ].to_numpy()
    return table


def industry_district_table(metric: str, sigungu: pd.DataFrame, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An industry metric's numbers per 시군구 polygon: region, 시군구, the LQ (2020) or the change 2010→2020,
    and businesses per 1,000 residents (2020).

    ``sigungu`` has the map's ``code``, ``name_ko`` and ``region``; 전주시's two 구 show the city's figure.
    """
    from geo import industry
    from geo.vocabulary import GRDP_CHANGE, LQ_PREFIX

    table, codes = industry.belt_table(), industry.read_codes()
    if metric == GRDP_CHANGE:
        values, column = industry.total_change(table), t("industry_district_change", lang)
        shown = industry.map_values(values, codes).map(lambda v: f"{v * 100:+.1f}%")
    else:
        lq = industry.lq_by_unit(table)
        slug = metric.removeprefix(LQ_PREFIX)
        values = lq[slug] if slug in lq else pd.Series(dtype=float)
        column = f"{t(f'industry_{slug}', lang)} {t('industry_district_lq', lang).format(year=industry.LQ_YEAR)}"
        shown = industry.map_values(values, codes).round(2)
    firms = industry.map_values(industry.businesses_per_thousand(codes), codes).round(1)
    region_names = names(regions, lang)
    return pd.DataFrame(
        {
            t("region", lang): sigungu["region"].map(region_names).fillna(sigungu["region"]).tolist(),
            t("col_sigungu", lang): sigungu["name_ko"].tolist(),
            column: sigungu["code"].map(shown).tolist(),
            t("industry_firms", lang).format(year=industry.LQ_YEAR): sigungu["code"].map(firms).tolist(),
        }
    )


# --- charts as tables ----------------------------------------------------------------------------


def gap_table(counts: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The gap matrix's numbers: one row per sector, one column per stage, cells = number of sites."""
    sector_names, stage_names = names(sectors, lang), names(stages, lang)
    table = counts.rename(index=lambda s: sector_names.get(s, s), columns=lambda s: stage_names.get(s, s))
    return table.rename_axis(index=t("sector", lang), columns=None).reset_index()


def _node_name(node: str, tables: dict[str, dict[str, str]]) -> str:
    """``kind:id`` (a Sankey node) → the id's name in the kind's table."""
    kind, ident = node.split(":", 1)
    return tables.get(kind, {}).get(ident, ident)


def sites_sankey_table(
    sites: pd.DataFrame, sectors: pd.DataFrame, stages: pd.DataFrame, regions: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """The site Sankey's bands: from, to and the number of site × sector pairs (``charts.sites_sankey``)."""
    flows = analysis.site_flows(sites, stages["id"].tolist(), sectors["id"].tolist())
    tables = {"region": names(regions, lang), "stage": names(stages, lang), "sector": names(sectors, lang)}
    return pd.DataFrame(
        {
            t("vc_from", lang): [_node_name(n, tables) for n in flows["source"]],
            t("vc_to", lang): [_node_name(n, tables) for n in flows["target"]],
            t("a11y_col_count", lang): flows["value"].astype(int).tolist(),
        }
    )


def links_sankey_table(sites: pd.DataFrame, links: pd.DataFrame, stages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The link Sankey's bands: stage from, stage to, link kind and number of links (``charts.links_sankey``)."""
    flows = analysis.link_flows(links, sites, stages["id"].tolist())
    stage_names = names(stages, lang)
    tables = {"from": stage_names, "to": stage_names}
    return pd.DataFrame(
        {
            t("vc_from", lang): [_node_name(n, tables) for n in flows["source"]],
            t("vc_to", lang): [_node_name(n, tables) for n in flows["target"]],
            t("col_kind", lang): [t(f"flow_{k}", lang) for k in flows["kind"]],
            t("a11y_col_count", lang): flows["value"].astype(int).tolist(),
        }
    )


def network_table(sites: pd.DataFrame, links: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The network's edges: each link between shown sites with its kind and evidence."""
    label = dict(zip(sites["id"], display_names(sites, lang)))
    shown = links[links_between(links, label)]
    evidence = shown["evidence"] if "evidence" in shown else pd.Series("sourced", index=shown.index)
    return pd.DataFrame(
        {
            t("vc_from", lang): shown["from_id"].map(label).tolist(),
            t("vc_to", lang): shown["to_id"].map(label).tolist(),
            t("col_kind", lang): [t(f"flow_{k}", lang) for k in shown["kind"]],
            t("col_evidence", lang): [t(f"evidence_{e if e == 'derived' else 'sourced'}", lang) for e in evidence],
        }
    )


def budget_table(totals: pd.DataFrame, group_labels: dict[str, str], lang: str) -> pd.DataFrame:
    """The budget bars' numbers (억원): one row per group, one column per status; statuses are never added up."""
    groups = [g for g in group_labels if g in set(totals["group"])]
    wide = totals.pivot_table(index="group", columns="status", values="budget", aggfunc="sum").reindex(groups)
    statuses = [s for s in ("confirmed", "in_progress", "proposed", "unverified") if s in wide.columns]
    table = pd.DataFrame({t("a11y_col_group", lang): [group_labels[g] for g in groups]})
    for status in statuses:
        table[f"{t(f'status_{status}', lang)} ({t('a11y_unit_100m', lang)})"] = wide[status].to_numpy()
    return table


def timeline_table(programs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The timeline's programmes: name, status, first and last year, budget (억원), earliest first."""
    rows = analysis.timeline_rows(programs)
    return pd.DataFrame(
        {
            t("col_program", lang): display_names(rows, lang).tolist(),
            t("a11y_col_status", lang): [t(f"status_{s}", lang) for s in rows["status"]],
            # The stated years only: a programme with one known year shows the other as blank, as the chart does.
            t("a11y_col_start", lang): pd.to_numeric(rows["start_year"], errors="coerce").astype("Int64").tolist(),
            t("a11y_col_end", lang): pd.to_numeric(rows["end_year"], errors="coerce").astype("Int64").tolist(),
            t("col_budget_100m", lang): pd.to_numeric(rows["budget_krw_100m"], errors="coerce").tolist(),
        }
    )
