"""Value chain: how the belt's sites connect, which sites are hubs, and which stages are missing."""

import streamlit as st

import ui
from geo import accessible, analysis, charts, industry
from geo.i18n import md_escape, t

lang = ui.lang()
cat, shown = ui.page_top(t("page_value_chain", lang), t("vc_intro", lang))
if shown.sites.empty:
    st.info(t("no_sites", lang))
    st.stop()
sector_names, stage_names = analysis.names(cat.sectors, lang), analysis.names(cat.stages, lang)
# "The whole belt" is what is shown: the regions the filter keeps, when it keeps some.
chosen = [analysis.region_names(cat.regions, lang)[r] for r in shown.filters.regions]
scope_names = analysis.region_names(cat.regions, lang) | {analysis.BELT: ", ".join(chosen) or t("scope_belt", lang)}

# The largest gaps first: the question an official opens this page with.
sector_ids = [s for s in cat.sectors["id"] if not shown.filters.sectors or s in shown.filters.sectors]
region_ids = list(shown.filters.regions) or cat.regions["id"].tolist()
scoped = analysis.scoped_gap_counts(shown.sites, sector_ids, analysis.chain_stages(cat.stages), region_ids)
names = (scope_names, sector_names, stage_names, lang)
opportunities = analysis.belt_opportunities(
    shown.sites, shown.programs, ui.full_sigungu(), sector_ids, region_ids, cat.regions
)
# With scenario=proposals: which gaps the proposed sites would close, narrow or leave open.
gaps = ui.scenario.gap_changes(cat, shown, sector_ids, region_ids, scope_names)
st.subheader(t("vc_gap_title", lang))
for finding in analysis.ranked_gaps(scoped)[:3]:
    st.markdown(f"- **{analysis.gap_reading(finding, *names)}**")
# The industrial base read against the belt: the strongest base without a site, the weakest base invested in.
for reading in analysis.opportunity_readings(opportunities, cat.sectors, lang):
    st.markdown(f"- **{md_escape(reading)}**")
st.markdown(analysis.shared_reading(scoped[analysis.BELT], analysis.BELT, *names))
st.caption(t("vc_gap_caption", lang))
# With one region chosen, its tab and the "whole" tab would show the same matrix: one is enough.
tabbed = {s: c for s, c in scoped.items() if not (s == analysis.BELT and len(shown.filters.regions) == 1)}
for tab, (scope, counts) in zip(st.tabs([scope_names[s] for s in tabbed]), tabbed.items(), strict=True):
    with tab:
        ui.chart(
            ui.scenario.mark_gaps(charts.gap_heatmap(counts, cat.sectors, cat.stages, lang), gaps, scope, cat),
            f"vc_gap_{scope}",
            f"{t('vc_gap_title', lang)} — {scope_names[scope]}",
            accessible.gap_table(counts, cat.sectors, cat.stages, lang),
            cat,
            shown.sites,
        )
        findings = analysis.gap_findings(counts, scope)
        st.markdown(f"**{t('gap_reading', lang)}**")
        st.markdown(
            "\n".join(f"- {analysis.gap_reading(f, *names)}" for f in findings)
            or t("gap_reading_none", lang).format(scope=scope_names[scope])
        )
        st.caption(analysis.shared_reading(counts, scope, *names))

st.subheader(t("opp_title", lang))
st.markdown(t("opp_intro", lang).format(strong=industry.STRONG_LQ, weak=industry.WEAK_LQ))
opportunity_table = analysis.opportunity_table(opportunities, cat.sectors, lang)
kind_column = t("opp_col_kind", lang)
if opportunity_table.empty:
    st.info(t("opp_none", lang))
else:
    # One table per reading, so that each fits a 1280-px screen without a sideways scroll.
    for kind in (t(f"opp_kind_{kind}", lang) for kind in ("strong_base_no_site", "site_without_base")):
        rows = opportunity_table[opportunity_table[kind_column] == kind].drop(columns=kind_column)
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
    sector_ids,
    format_func=sector_names.get,
    index=None,
    key="vc_sector",
    placeholder=t("sector", lang),
)
if st.button(t("show_on_map", lang), key="vc_focus_sector", disabled=sector is None):
    ui.focus_sector(sector)
