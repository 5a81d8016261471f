"""Home: the KPI header, the belt map with sector layers, flows and choropleth, and site details."""

import streamlit as st

import ui
from geo.accessible import SKIP_TARGET
from geo.filters import view_title
from geo.i18n import t
from geo.maps import MAP_CSS, clicked_site, legend_html, map_report
from geo.maps.markers import year_legend_html

lang = ui.lang()
# The first stop in the page's content: a keyboard user jumps past the filters and the map to the list of sites.
with st.container(key="skip_link"):
    st.markdown(
        f'<a class="skip-link" href="#{SKIP_TARGET}">{t("a11y_skip_to_sites", lang)}</a>', unsafe_allow_html=True
    )
cat, shown = ui.page_top(t("app_title", lang), t("app_subtitle", lang))
state = ui.state()
# What the map shows in this run, as one value (geo.mapview): every cache of the map is keyed on it.
view = ui.belt.view(cat, shown)
site_id, drawn = view.site, view.drawn
year_view = ui.timeline.current()
# The filters frame the map, never the year: playing the years must not move it.
framed = year_view.base.sites if year_view is not None and year_view.base is not None else shown.sites
MAP_KEY = f"belt_map_{lang}"


def map_changed() -> None:
    """A click on a marker selects its site; a layer or choropleth switch in the map joins the view."""
    value = st.session_state.get(MAP_KEY) or {}
    seen = st.session_state.get(f"{MAP_KEY}_seen") or {}
    st.session_state[f"{MAP_KEY}_seen"] = value
    click = value.get("last_object_clicked")
    if click and click != seen.get("last_object_clicked"):
        hit = clicked_site(drawn, click["lat"], click["lng"], value.get("last_object_clicked_tooltip"))
        if hit:
            ui.update(site=hit)
    if value.get("selected_tags") != seen.get("selected_tags"):
        ui.update(**map_report(value.get("selected_tags")))


center, zoom, site_names = ui.belt.frame(cat, view, framed)
if year_view is not None and year_view.year is not None and view.planner is None:
    # The map of every other year of this view, built ahead: a year step is then a cache hit.
    ui.timeline.belt_years_ahead(cat, year_view.base, view, names=site_names)

map_column, detail_column = st.columns([3, 1.25])
with map_column:
    ui.belt.show(
        cat,
        view,
        site_names,
        key=MAP_KEY,
        height=ui.belt.MAP_HEIGHT,
        use_container_width=True,
        center=center,
        zoom=zoom,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "selected_tags"],
        on_change=map_changed,
    )
    ui.panel.map_status(cat, view)
    # What lies below the fold, written after the panel beside the map (below): the first screen comes first.
    below = st.container()
with detail_column:
    ui.panel.site_list(cat, view)
    # The key of colours and shapes on the first screen, above the panel (its link kinds fold).
    # Markdown with raw HTML, not ``st.html``: ``st.html`` sanitises inline SVG away, and the stage shapes are SVG.
    legend = ui.caches.of_view(
        "legend", view.base_key, lambda: legend_html(cat.sectors, cat.stages, lang, panel=True, compact=True)
    )
    st.markdown(MAP_CSS + legend, unsafe_allow_html=True)
    if state.year is not None:
        st.markdown(year_legend_html(state.year, lang, ui.timeline.ghosts()), unsafe_allow_html=True)
    # The year the map and figures stand in, and its playback (keyboard: arrows on the slider, Enter on ▶),
    # under the key, which stays on the first screen at 1366×768.
    ui.timeline.year_control()
    ui.timeline.playback("map")
    ui.timeline.ghosts_toggle()
    # Any 시군구, 읍면동 or 리 by name, below the key so the key stays on the first screen.
    ui.panel.place_search(view)
    if site_id:
        ui.panel.site_facts(cat, site_id, lang)
    else:
        ui.panel.region_cards(cat, shown, lang)
        st.caption(t("detail_hint", lang))
with below:
    ui.panel.under_map(cat, view)
    title = view_title(shown.filters, cat, lang)
    ui.export_buttons(cat, shown, title, highlight=[site_id] if site_id else [], key="map", metric=state.metric)
    ui.pictures.picture_buttons(cat, shown, title, key="map")
    ui.view_downloads(cat, shown, key="map")
