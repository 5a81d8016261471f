"""Data: overlay a planner's own GIS file, and check, cite, describe and download the catalogue."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import ui
from geo import data_dictionary
from geo.i18n import md_escape, t
from geo.joins import sites_with_sigungu
from geo.paths import data_dir
from geo.planner.counts import emd_counts, sigungu_counts
from geo.planner.layer import PlannerLayer
from geo.planner.overlay import layer_is_small, preview_map
from geo.quality import quality_report

lang = ui.lang()


def preview(layer: PlannerLayer | None, cat) -> None:
    """The belt's boundaries with the layer on top, and its count per 시군구 beside the catalogue's sites."""
    if layer and not layer_is_small(layer):
        st.info(t("upload_large_note", lang).format(n=f"{layer.n:,}"), icon=":material/grid_view:")
    admit = ui.tiles_admission(layer) if layer else None
    summary = ui.layer_summary(layer, ui.full_sigungu(), lang) if layer else None
    m = preview_map(
        ui.display_boundaries("sido"), ui.display_boundaries("sigungu"), layer, lang, ui.full_sigungu(), admit, summary
    )
    map_col, table_col = st.columns([3, 2])
    if layer:
        sites = sites_with_sigungu(cat.sites, ui.full_sigungu()) if cat is not None else None
        counts = sigungu_counts(summary, ui.full_sigungu(), sites, lang)
        table_col.dataframe(counts, hide_index=True, height=480, width="stretch")
        table_col.caption(t("upload_outside", lang).format(n=summary.sigungu.outside))
        with table_col.expander(t("upload_emd_counts", lang), icon=":material/table_rows:"):
            st.dataframe(emd_counts(summary, lang), hide_index=True, width="stretch")
    with map_col:
        st_folium(m, key="upload_map", height=520, use_container_width=True, returned_objects=[])


def quality_table() -> None:
    """Per catalogue file: rows, full citations, estimated points, statuses and source age (geo.quality)."""
    st.subheader(t("quality_heading", lang))
    st.caption(t("quality_intro", lang))
    report = quality_report(data_dir())
    for column in ("estimated", "error_median_m", "error_max_m", "newest_age_days"):
        # Counts and metres as text: a file without points shows a blank, not "None".
        report[column] = [f"{v:,.0f}" if pd.notna(v) else "" for v in report[column]]
    shown = report.rename(columns={column: t(f"quality_col_{column}", lang) for column in report.columns})
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("quality_col_cited_share", lang): st.column_config.ProgressColumn(
                t("quality_col_cited_share", lang), format="percent", min_value=0.0, max_value=1.0
            ),
        },
    )


cat, problems = ui.catalogue()
st.title(t("data_title", lang))
st.caption(t("data_intro", lang))
link_box = st.sidebar.container()  # filled last, once this run has named its stored layer in the URL
if problems:
    st.warning(t("catalogue_problem_count", lang).format(n=len(problems)))
else:
    st.success(t("catalogue_valid", lang))
tabs = st.tabs([t(key, lang) for key in ("tab_upload", "tab_check", "tab_sources", "tab_dictionary", "tab_files")])

with tabs[0]:
    preview(ui.upload.upload_tab(), None if problems else cat)
with tabs[1]:
    if problems:
        ui.show_problems(problems)
    else:
        st.success(t("catalogue_valid", lang))
    quality_table()
    st.subheader(t("status_rule_heading", lang))
    st.markdown(md_escape(t("status_rule", lang)))
with tabs[2]:
    if cat is not None:
        st.dataframe(data_dictionary.sources_table(cat, lang), hide_index=True, width="stretch")
    else:
        st.info(t("sources_unavailable", lang))
with tabs[3]:
    st.dataframe(data_dictionary.dictionary_table(lang), hide_index=True, width="stretch", height=600)
with tabs[4]:
    st.caption(f"{t('catalogue_folder', lang)}: `{data_dir()}`")
    for name, path in data_dictionary.catalogue_files(data_dir()):
        if path is None:
            st.caption(t("files_missing", lang).format(file=name))
        else:
            st.download_button(
                md_escape(name),
                data_dictionary.file_download(path),
                file_name=name,
                key=f"download_{name}",
                mime=data_dictionary.mime_type(name),
                icon=":material/download:",
            )
ui.copy_link(link_box)
