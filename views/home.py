"""Home: the KPI header, the belt map with sector layers, flows and choropleth, and site details."""

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.flows import flow_mode, short_region_names
from geo.i18n import name_column, t
from geo.joins import sigungu_summary
from geo.maps import base_map, budget_rule_text, clicked_site, dynamic_layers, layer_control, map_report

lang = ui.lang()
cat, view = ui.page_top(t("app_title", lang), t("app_subtitle", lang))
state = ui.state()
site_id = ui.selected_site(cat)
MAP_KEY = f"belt_map_{lang}"
# Starts near the top of the page and ends inside a 1366×768 laptop screen (see ui.PAGE_CSS).
MAP_HEIGHT = 550


def map_changed() -> None:
    """A click on a marker selects its site; a layer or choropleth switch in the map joins the view."""
    value = st.session_state.get(MAP_KEY) or {}
    seen = st.session_state.get(f"{MAP_KEY}_seen") or {}
    st.session_state[f"{MAP_KEY}_seen"] = value
    click = value.get("last_object_clicked")
    if click and click != seen.get("last_object_clicked"):
        hit = clicked_site(view.sites, click["lat"], click["lng"], value.get("last_object_clicked_tooltip"))
        if hit:
            ui.update(site=hit)
    if value.get("selected_tags") != seen.get("selected_tags"):
        ui.update(**map_report(value.get("selected_tags")))


sido, sigungu = ui.display_boundaries("sido"), ui.display_boundaries("sigungu")
summary = sigungu_summary(view.sites, view.programs, ui.full_sigungu())
flows = flow_mode(view.sites, view.filters.regions, site_id)
layers = dynamic_layers(view.sites, view.links, cat.sectors, summary, lang, highlight=[site_id] if site_id else [],
                        metric=state.metric, hidden=state.hidden, flows=flows,
                        region_names=short_region_names(cat.regions, lang))
layers[-1:-1] = ui.upload_layers()
focus = cat.sites.set_index("id").geometry.get(site_id) if site_id else None

map_column, detail_column = st.columns([3, 1.25])
with map_column:
    st_folium(
        base_map(sido, sigungu, cat.sectors, cat.stages, lang, legend=False), key=MAP_KEY, height=MAP_HEIGHT,
        use_container_width=True, feature_group_to_add=layers, layer_control=layer_control(),
        center=(focus.y, focus.x) if focus is not None else None, zoom=10 if focus is not None else None,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "selected_tags"],
        on_change=map_changed,
    )
    if flows == "belt":
        st.caption(ui.belt_flows_note(cat, view))
    if state.metric.startswith("budget"):
        st.caption(budget_rule_text(lang))
    ui.export_buttons(cat, view, ui.view_title(cat, view), highlight=[site_id] if site_id else [], key="map")
with detail_column:
    labels = dict(zip(cat.sites["id"], cat.sites["name_ko"] + " · " + cat.sites["name_en"]))
    ids = sorted(labels, key=lambda i: cat.sites.set_index("id").at[i, name_column(lang)])
    st.selectbox(t("search_site", lang), ids, format_func=labels.get, placeholder=t("search_site", lang),
                 **ui.bind("site_search", site_id, lambda found: {"site": found}))
    ui.site_panel(cat, site_id, view)
