"""The value-chain page's sections (``views/value_chain.py``): the gaps, the industrial base, the flows, the network.

Streamlit glue only: what each section counts and reads is ``geo.analysis``'s.
"""

from __future__ import annotations

import streamlit as st

import ui
from geo import accessible, analysis, charts, industry
from geo.analysis import GapScope
from geo.catalogue import Catalogue
from geo.filters import View
from geo.i18n import md_escape, t


def gaps(cat: Catalogue, shown: View, scope: GapScope, opportunities, lang: str) -> None:
    """The largest gaps and the industrial base's readings first, then each scope's gap matrix in a tab."""
    sector_names, stage_names = analysis.names(cat.sectors, lang), analysis.names(cat.stages, lang)
    scope_names, scoped = scope.scope_names, scope.counts
    names = (scope_names, sector_names, stage_names, lang)
    # With scenario=proposals: which gaps the proposed sites would close, narrow or leave open.
    changes = ui.scenario.gap_changes(cat, shown, scope.sector_ids, scope.region_ids, scope_names)
    st.subheader(t("vc_gap_title", lang))
    for finding in analysis.ranked_gaps(scoped)[:3]:
        st.markdown(f"- **{analysis.gap_reading(finding, *names)}**")
    # The industrial base read against the belt: the strongest base without a site, the weakest base invested in.
    for reading in analysis.opportunity_readings(opportunities, cat.sectors, lang):
        st.markdown(f"- **{md_escape(reading)}**")
    st.markdown(analysis.shared_reading(scoped[analysis.BELT], analysis.BELT, *names))
    st.caption(t("vc_gap_caption", lang))
    tabbed = scope.tabs()
    for tab, (where, counts) in zip(st.tabs([scope_names[s] for s in tabbed]), tabbed.items(), strict=True):
        with tab:
            ui.chart(
                ui.scenario.mark_gaps(charts.gap_heatmap(counts, cat.sectors, cat.stages, lang), changes, where, cat),
                f"vc_gap_{where}",
                f"{t('vc_gap_title', lang)} — {scope_names[where]}",
                accessible.gap_table(counts, cat.sectors, cat.stages, lang),
                cat,
                shown.sites,
            )
            findings = analysis.gap_findings(counts, where)
            st.markdown(f"**{t('gap_reading', lang)}**")
            st.markdown(
                "\n".join(f"- {analysis.gap_reading(f, *names)}" for f in findings)
                or t("gap_reading_none", lang).format(scope=scope_names[where])
            )
            st.caption(analysis.shared_reading(counts, where, *names))


def industrial_base(cat: Catalogue, opportunities, lang: str) -> None:
    """Where the industrial base and the belt's sites disagree, one table per reading, and the downloads."""
    st.subheader(t("opp_title", lang))
    st.markdown(t("opp_intro", lang).format(strong=industry.STRONG_LQ, weak=industry.WEAK_LQ))
    opportunity_table = analysis.opportunity_table(opportunities, cat.sectors, lang)
    if opportunity_table.empty:
        st.info(t("opp_none", lang))
    else:
        # One table per reading, so that each fits a 1280-px screen without a sideways scroll.
        for kind, rows in analysis.opportunity_groups(opportunity_table, lang):
            st.markdown(f"**{kind} ({len(rows)})**")
            if rows.empty:
                st.caption(t("opp_none", lang))
            else:
                st.dataframe(rows, hide_index=True, height=min(320, 38 + 35 * len(rows)), width="stretch")
    st.caption(t("industry_note", lang).format(version=industry.package_version()))
    download_columns = st.columns(2)
    download_columns[0].download_button(
        t("opp_download", lang),
        analysis.opportunities_csv(opportunity_table),
        "opportunities.csv",
        "text/csv",
        key="vc_dl_opportunities",
        icon=":material/download:",
    )
    download_columns[1].download_button(
        t("industry_download", lang),
        industry.csv_bytes(industry.belt_table()),
        "industry_by_sigungu.csv",
        "text/csv",
        key="vc_dl_industry",
        icon=":material/download:",
        help=t("industry_download_help", lang),
    )


def flows(cat: Catalogue, shown: View, lang: str) -> None:
    """The Sankey of sites or of links, as the view chooses."""
    st.subheader(t("vc_sankey_title", lang))
    modes = {"sites": t("vc_sankey_sites", lang), "links": t("vc_sankey_links", lang)}
    mode = st.radio(
        t("vc_sankey_mode", lang),
        list(modes),
        format_func=modes.get,
        horizontal=True,
        **ui.bind("vc_sankey_mode", ui.state().vc_mode, lambda value: {"vc_mode": value}),
    )
    if mode == "sites":
        sankey = charts.sites_sankey(shown.sites, cat.sectors, cat.stages, cat.regions, lang)
        sankey_table = accessible.sites_sankey_table(shown.sites, cat.sectors, cat.stages, cat.regions, lang)
    else:
        sankey = charts.links_sankey(shown.sites, shown.links, cat.stages, lang)
        sankey_table = accessible.links_sankey_table(shown.sites, shown.links, cat.stages, lang)
    st.caption(t(f"vc_sankey_{mode}_caption", lang))
    ui.chart(
        sankey,
        "vc_sankey",
        f"{t('vc_sankey_title', lang)} — {modes[mode]}",
        sankey_table,
        cat,
        shown.sites,
        *([shown.links] if mode == "links" else []),
    )


def network(cat: Catalogue, shown: View, scope: GapScope, lang: str) -> None:
    """The site network, its hubs (a row opens the site on the map), the isolated sites, and a sector to show."""
    sector_names = analysis.names(cat.sectors, lang)
    st.subheader(t("vc_network_title", lang))
    st.caption(t("vc_network_caption", lang))
    ranking = analysis.hub_ranking(shown.sites, shown.links)
    ui.chart(
        charts.network_figure(shown.sites, shown.links, ranking, cat.sectors, cat.stages, cat.regions, lang),
        "vc_network",
        t("vc_network_title", lang),
        accessible.network_table(shown.sites, shown.links, lang),
        cat,
        shown.sites,
        shown.links,
    )
    st.markdown(f"**{t('vc_hubs_title', lang)}**")
    st.caption(t("vc_hubs_caption", lang))
    table = analysis.hub_table(ranking, shown.sites, cat.regions, cat.sectors, cat.stages, lang)
    picked = st.dataframe(
        table,
        column_order=[c for c in table.columns if c != "id"],
        hide_index=True,
        height=390,
        on_select="rerun",
        selection_mode="single-row",
        key="vc_hubs",
    )
    if picked.selection.rows:
        row = table.iloc[picked.selection.rows[0]]
        if st.button(f"{t('show_on_map', lang)}: {row[t('col_site', lang)]}", key="vc_focus_site", type="primary"):
            ui.go("views/home.py", ui.state().with_(site=row["id"]))
    isolated = table.loc[table["id"].isin(analysis.isolated_sites(ranking)), t("col_site", lang)]
    st.markdown(
        f"**{t('vc_isolated', lang)} ({len(isolated)})**: "
        + (", ".join(isolated) if len(isolated) else t("vc_isolated_none", lang))
    )

    sector = st.selectbox(
        t("vc_sector_pick", lang),
        scope.sector_ids,
        format_func=sector_names.get,
        index=None,
        key="vc_sector",
        placeholder=t("sector", lang),
    )
    if st.button(t("show_on_map", lang), key="vc_focus_sector", disabled=sector is None):
        ui.focus_sector(sector)
