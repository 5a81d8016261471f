"""Home: the KPI header, the belt map with sector layers, flows and choropleth, and site details."""

import html

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo.accessible import SKIP_TARGET, district_table, map_summary, shown_on_map, site_option, sites_in_view
from geo.i18n import name_column, names, t
from geo.joins import sigungu_summary
from geo.maps import base_map, budget_rule_text, clicked_site, dynamic_layers, layer_control, map_report

lang = ui.lang()
# The first stop in the page's content: a keyboard user jumps past the filters and the map to the list of sites.
with st.container(key="skip_link"):
    st.markdown(f'<a class="skip-link" href="#{SKIP_TARGET}">{t("a11y_skip_to_sites", lang)}</a>',
                unsafe_allow_html=True)
cat, view = ui.page_top(t("app_title", lang), t("app_subtitle", lang))
state = ui.state()
site_id = ui.selected_site(cat)
MAP_KEY = f"belt_map_{lang}"


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


labels = dict(zip(cat.sites["id"], cat.sites["name_ko"] + " · " + cat.sites["name_en"]))
ids = sorted(labels, key=lambda i: cat.sites.set_index("id").at[i, name_column(lang)])
st.selectbox(t("search_site", lang), ids, format_func=labels.get, placeholder=t("search_site", lang),
             **ui.bind("site_search", site_id, lambda found: {"site": found}))

sido, sigungu = ui.display_boundaries("sido"), ui.display_boundaries("sigungu")
summary = sigungu_summary(view.sites, view.programs, ui.full_sigungu())
layers = dynamic_layers(view.sites, view.links, cat.sectors, summary, lang, highlight=[site_id] if site_id else [],
                        metric=state.metric, hidden=state.hidden)
layers[-1:-1] = ui.upload_layers()
focus = cat.sites.set_index("id").geometry.get(site_id) if site_id else None

map_column, detail_column = st.columns([3, 1.25])
with map_column:
    st_folium(
        base_map(sido, sigungu, cat.sectors, cat.stages, lang, legend_folded=True), key=MAP_KEY, height=720,
        use_container_width=True, feature_group_to_add=layers, layer_control=layer_control(),
        center=(focus.y, focus.x) if focus is not None else None, zoom=10 if focus is not None else None,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "selected_tags"],
        on_change=map_changed,
    )
    drawn_sites, drawn_links = shown_on_map(view.sites, view.links, state.hidden)
    metric = t(f"choro_{state.metric}", lang) if state.metric != "none" else None
    # Read out by screen readers whenever it changes (a filter, a layer, the choropleth).
    st.markdown(f'<p class="map-summary" role="status" aria-live="polite">'
                f'{html.escape(map_summary(drawn_sites, drawn_links, cat.regions, lang, metric))}</p>',
                unsafe_allow_html=True)
    with st.expander(t("a11y_show_table", lang).format(chart=t("a11y_district_table", lang))):
        st.dataframe(district_table(summary, cat.regions, lang), hide_index=True, width="stretch")
    if state.metric.startswith("budget"):
        st.caption(budget_rule_text(lang))
    ui.export_buttons(cat, view, ui.view_title(cat, view), highlight=[site_id] if site_id else [], key="map")
with detail_column:
    in_view = sites_in_view(drawn_sites, lang)
    region_names, sector_names = names(cat.regions, lang), names(cat.sectors, lang)
    options = {row["id"]: site_option(row, region_names, sector_names, lang) for _, row in drawn_sites.iterrows()}
    # The skip link's target: focusable, so the next Tab lands in the list (a Streamlit heading's own
    # "link to heading" would be one more stop).
    st.html(f'<h2 id="{SKIP_TARGET}" tabindex="-1" class="sites-heading">'
            f'{html.escape(t("a11y_sites_in_view", lang).format(n=len(in_view)))}</h2>')
    st.selectbox(t("a11y_sites_pick", lang), in_view, index=None, placeholder=t("a11y_sites_pick", lang),
                 format_func=options.get,
                 **ui.bind("sites_in_view", site_id if site_id in in_view else None, lambda found: {"site": found}))
    ui.site_panel(cat, site_id, view)
