"""Value chain: how the belt's sites connect, which sites are hubs, and which stages are missing."""

import streamlit as st

import ui
from geo import analysis
from geo.i18n import t

lang = ui.lang()
cat, shown = ui.page_top(t("page_value_chain", lang), t("vc_intro", lang))
if shown.sites.empty:
    st.info(t("no_sites", lang))
    st.stop()
scope = analysis.gap_scope(shown.sites, cat.sectors, cat.stages, cat.regions, shown.filters, lang)
opportunities = analysis.belt_opportunities(
    shown.sites, shown.programs, ui.full_sigungu(), scope.sector_ids, scope.region_ids, cat.regions
)
ui.value_chain.gaps(cat, shown, scope, opportunities, lang)
ui.value_chain.industrial_base(cat, opportunities, lang)
ui.value_chain.flows(cat, shown, lang)
ui.value_chain.network(cat, shown, scope, lang)
