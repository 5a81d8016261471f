"""Programmes: budgets by sector and region kept apart by status, periods, stated targets, the list."""

from datetime import date

import streamlit as st

import ui
from geo import accessible, analysis, charts
from geo.charts.style import text_column_px
from geo.i18n import format_krw_100m, t
from geo.joins import budget_by_status
from geo.paths import data_dir

lang = ui.lang()
cat, shown = ui.page_top(t("page_programs", lang), t("pg_intro", lang))

st.markdown(f"**{t('pg_budget_total_by_status', lang)}**")
for column, (status, amount) in zip(st.columns(4), budget_by_status(shown.programs).items(), strict=True):
    column.metric(t(f"status_{status}", lang), format_krw_100m(amount, lang))

st.subheader(t("pg_budget_sector", lang))
st.caption(t("pg_budget_caption", lang).format(n=analysis.count_unbudgeted(shown.programs)))
totals = analysis.budget_by_group_status(shown.programs, "sector")
clicked = ui.chart(
    charts.budget_bars(totals, charts.sector_labels(cat.sectors, lang), lang),
    "pg_budget_sector",
    t("pg_budget_sector", lang),
    accessible.budget_table(totals, analysis.names(cat.sectors, lang), lang),
    cat,
    shown.programs,
    on_select="rerun",
    selection_mode="points",
)
if points := clicked.selection.points:
    if st.button(
        f"{t('show_on_map', lang)}: {analysis.names(cat.sectors, lang)[points[0]['y']]}",
        key="pg_focus_sector",
        type="primary",
    ):
        ui.focus_sector(points[0]["y"])
else:
    st.caption(t("pg_sector_hint", lang))
st.subheader(t("pg_budget_region", lang))
totals = analysis.budget_by_group_status(shown.programs, "region")
region_names = analysis.region_names(cat.regions, lang)
ui.chart(
    charts.budget_bars(totals, region_names, lang),
    "pg_budget_region",
    t("pg_budget_region", lang),
    accessible.budget_table(totals, region_names, lang),
    cat,
    shown.programs,
)

st.subheader(t("pg_timeline", lang))
st.caption(t("pg_timeline_caption", lang).format(n=analysis.count_undated(shown.programs)))
ui.chart(
    charts.timeline_figure(shown.programs, cat.sectors, lang, this_year=date.today().year),
    "pg_timeline",
    t("pg_timeline", lang),
    accessible.timeline_table(shown.programs, lang),
    cat,
    shown.programs,
)

ui.scenario.money_chart(cat, shown)  # money by year, an estimate: totals spread evenly over their years

st.subheader(t("pg_targets", lang))
st.caption(t("pg_targets_caption", lang))
targets = analysis.targets_for(analysis.read_targets(data_dir()), shown.filters.regions)
if targets.empty:
    st.info(t("pg_no_targets", lang))
for plan, rows in analysis.target_groups(targets, lang):
    st.markdown(f"**{plan}**")
    for first in range(0, len(rows), 4):
        for column, (_, target) in zip(st.columns(4), rows.iloc[first : first + 4].iterrows(), strict=False):
            column.metric(
                f"{target['measure']} ({target['target_year']})",
                analysis.format_target(target, lang),
                help=f"{t('target_status_' + target['status'], lang)} · {target['source']} "
                f"({t('as_of', lang)} {target['as_of']})",
            )

st.subheader(t("pg_table", lang))
query = st.text_input(
    t("pg_search", lang),
    placeholder=t("pg_search_placeholder", lang),
    **ui.bind("pg_search", ui.state().search, lambda text: {"search": text.strip()}),
)
found = analysis.search_programs(shown.programs, query)
# Budgets as text: a number column shows a missing amount as "None"; here it reads "미정".
programme_rows = analysis.program_table(found, cat.sectors, cat.stages, cat.regions, lang, cat.sources)
period = t("col_period", lang)
st.dataframe(
    programme_rows,
    hide_index=True,
    column_config={
        # As wide as its longest period, so "2020–2027" is never cut.
        period: st.column_config.TextColumn(width=text_column_px([period, *programme_rows[period]])),
        t("col_program", lang): st.column_config.TextColumn(width="large"),
    },
    key="pg_table",
)
st.caption(t("pg_download_caption", lang))
downloads = (
    ("pg_download_programs", analysis.programs_csv(found), "programs.csv", "text/csv", "pg_dl_programs"),
    (
        "pg_download_sites_geojson",
        analysis.sites_geojson(shown.sites),
        "sites.geojson",
        "application/geo+json",
        "pg_dl_geojson",
    ),
    ("pg_download_sites_csv", analysis.sites_csv(shown.sites), "sites.csv", "text/csv", "pg_dl_sites_csv"),
)
for column, (label, data, file_name, mime, key) in zip(st.columns(len(downloads)), downloads):
    column.download_button(t(label, lang), data, file_name, mime, key=key, icon=":material/download:")
# The whole story as one PDF to hand out: cover, a page per step, the programmes and the sources.
ui.briefing_button("programs", st.columns(3)[0])
ui.view_downloads(cat, shown, key="programs")
