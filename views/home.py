"""Home: the KPI header, the belt map with sector layers, flows and choropleth, and site details."""

import streamlit as st

import mapcomponent
import ui
from geo.flows import flow_mode
from geo.i18n import name_column, t
from geo.maps import budget_rule_text, clicked_site, map_report

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


# The map is rendered once per view and reused (mapcomponent.py); a planner's upload has no cheap
# key, so a map with one is rendered on every run.
stamp, uploads = ui.catalogue_stamp(), ui.upload_layers()
flows = flow_mode(view.sites, view.filters.regions, site_id)
focus = cat.sites.set_index("id").geometry.get(site_id) if site_id else None

map_column, detail_column = st.columns([3, 1.25])
with map_column:
    mapcomponent.show(
        ui.belt_base_key(lang, stamp), lambda: ui.belt_base(cat, lang),
        None if uploads else ui.belt_layers_key(state, site_id, stamp),
        lambda: ui.belt_layers(cat, view, state, site_id, uploads, flows), key=MAP_KEY, height=MAP_HEIGHT,
        use_container_width=True,
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
    sort_names = dict(zip(cat.sites["id"], cat.sites[name_column(lang)]))
    ids = sorted(labels, key=sort_names.get)
    st.selectbox(t("search_site", lang), ids, format_func=labels.get, placeholder=t("search_site", lang),
                 **ui.bind("site_search", site_id, lambda found: {"site": found}))
    ui.site_panel(cat, site_id, view)
