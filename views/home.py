"""Home: the KPI header, the belt map with sector layers, flows and choropleth, and site details."""

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.i18n import name_column, t
from geo.joins import sigungu_summary
from geo.maps import base_map, clicked_site, dynamic_layers, layer_control

lang = ui.lang()
cat, view = ui.page_top(t("app_title", lang), t("app_subtitle", lang))

site_id = ui.selected_site(cat)
names = dict(zip(cat.sites["id"], cat.sites["name_ko"] + " · " + cat.sites["name_en"]))
ids = sorted(names, key=lambda i: cat.sites.set_index("id").at[i, name_column(lang)])
found = st.selectbox(t("search_site", lang), ids, index=ids.index(site_id) if site_id in ids else None,
                     format_func=names.get, placeholder=t("search_site", lang))
if found != site_id:
    site_id = ui.select_site(found)

sido, sigungu = ui.display_boundaries("sido"), ui.display_boundaries("sigungu")
summary = sigungu_summary(view.sites, view.programs, ui.full_sigungu())
layers = dynamic_layers(view.sites, view.links, cat.sectors, summary, lang, highlight=[site_id] if site_id else [])
layers += ui.upload_layers()
focus = cat.sites.set_index("id").geometry.get(site_id) if site_id else None

map_column, detail_column = st.columns([3, 1.25])
with map_column:
    clicked = st_folium(
        base_map(sido, sigungu, cat.sectors, cat.stages, lang, legend_folded=True), key=f"belt_map_{lang}", height=720,
        use_container_width=True, feature_group_to_add=layers, layer_control=layer_control(),
        center=(focus.y, focus.x) if focus is not None else None, zoom=10 if focus is not None else None,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
    )
    click = (clicked or {}).get("last_object_clicked")
    if click and click != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = click
        hit = clicked_site(view.sites, click["lat"], click["lng"], clicked.get("last_object_clicked_tooltip"))
        if hit and hit != site_id:
            ui.select_site(hit)
            st.rerun()
    ui.export_buttons(cat, view, ui.view_title(cat, view), highlight=[site_id] if site_id else [], key="map")
with detail_column:
    ui.site_panel(cat, site_id, view)
