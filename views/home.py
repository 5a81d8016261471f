"""Home: the KPI header, the belt map with sector layers, flows and choropleth, and site details."""

import html
from datetime import date

import streamlit as st

import ui
from geo import joins
from geo.accessible import (
    SKIP_TARGET,
    district_table,
    industry_district_table,
    map_summary,
    shown_on_map,
    site_option,
    sites_in_view,
)
from geo.detail import industry_citation, region_key_figures, region_specialisations, site_detail
from geo.filters import view_title
from geo.flows import belt_note, flow_mode
from geo.i18n import format_krw_100m, localised, md_escape, name_column, names, t
from geo.industry import package_version
from geo.maps import MAP_CSS, budget_rule_text, clicked_site, legend_html, map_report
from geo.maps.build import fit_view
from geo.maps.choropleth import is_industry_metric, metric_label
from geo.maps.markers import year_legend_html
from geo.maps.names import selected_site_levels
from geo.places import place_row, search
from geo.timeline import year_label

lang = ui.lang()
# The first stop in the page's content: a keyboard user jumps past the filters and the map to the list of sites.
with st.container(key="skip_link"):
    st.markdown(
        f'<a class="skip-link" href="#{SKIP_TARGET}">{t("a11y_skip_to_sites", lang)}</a>', unsafe_allow_html=True
    )
cat, view = ui.page_top(t("app_title", lang), t("app_subtitle", lang))
state = ui.state()
# The sites the map draws in the view's year (with those of unknown year, faint); ``view`` holds what counts.
year_view = ui.timeline.current()
drawn = year_view.drawn if year_view is not None else view.sites
# The filters frame the map, never the year: playing the years must not move it.
framed = year_view.base.sites if year_view is not None and year_view.base is not None else view.sites
site_id = state.site if state.site in set(cat.sites["id"]) else None
MAP_KEY = f"belt_map_{lang}"
# Starts near the top of the page and ends inside a 1366×768 laptop screen (see ui.PAGE_CSS).
MAP_HEIGHT = 550
# The map's size on a 1366×768 screen, for framing a filtered view, and the band at its top that the
# zoom buttons and the colouring switch take (they reach ~140 px down: 48 px of margin and 95 more).
MAP_FRAME_PX = (560, MAP_HEIGHT)
MAP_CONTROLS_PX = 95


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


@st.cache_resource(max_entries=64, show_spinner=False)
def region_summary(stamp: tuple, filters, year, _cat, _shown):
    """Sites and budget per region of what is shown, once per view.

    Keyed by the catalogue's stamp, the filters and the year, which decide ``_shown``.
    """
    # A site still being built is not finished (joins.program_phase), as it stood in the view's year.
    status = ui.timeline.site_status(_cat, year_view)
    return joins.region_summary(
        _cat.regions, _shown.sites, _shown.programs, year or date.today().year, status
    ).set_index("id")


def region_cards() -> None:
    """Each region's role in the belt with its shown sites and confirmed budget."""
    summary = region_summary(ui.catalogue_stamp(), view.filters, view.year, cat, view)
    if view.year is not None:
        st.caption(year_label(view.year, lang))
    for _, region in cat.regions.set_index("id").loc[joins.regions_shown_first(summary)].reset_index().iterrows():
        row = summary.loc[region["id"]]
        with st.container(border=True):
            role = region[localised("role", lang)]
            st.markdown(f"**{md_escape(region[name_column(lang)])}** — {md_escape(role)}")
            # The KPI's rule (joins.confirmed_split): every amount once, finished money apart.
            split = {phase: float(row[f"confirmed_{phase}"]) for phase in joins.PHASES}
            st.caption(
                f"{t('kpi_sites', lang)} {int(row['sites'])} · {t('kpi_confirmed_budget', lang)} "
                f"{format_krw_100m(row['budget_confirmed'], lang)} ({joins.confirmed_split_text(split, lang)})"
            )
            figures, cited = region_key_figures(cat, region["id"], lang)
            if figures:
                st.caption(f"{t('figures', lang)}: {md_escape(figures)} ({md_escape(cited)})")
            label, tops = region_specialisations(region["sido_code"], lang)
            if tops:
                st.caption(f"{label}: {md_escape(tops)} ({md_escape(industry_citation(lang))})")


def site_facts(site_id: str) -> None:
    """One site: name, facts, role, key figures, programmes and links as short lines that wrap, sources."""
    d = site_detail(cat, site_id, lang)
    st.subheader(md_escape(d.name))
    st.caption(md_escape(d.other_name))
    st.markdown("\n".join(f"- **{label}** {md_escape(value)}" for label, value in d.facts))
    if d.role:
        st.markdown(md_escape(d.role))
    if d.figures:
        st.caption(f"{d.figures_label}: {md_escape(d.figures)}")
    if d.specialisations:
        cited = md_escape(industry_citation(lang))
        st.caption(f"{md_escape(d.specialisations_label)}: {md_escape(d.specialisations)} ({cited})")
    # Lists, not tables: in a column a third of the page wide a table cuts its source column.
    st.markdown(f"**{t('detail_programs', lang)}**")
    st.markdown("\n".join(f"- {line}" for line in d.program_lines) or t("detail_none", lang))
    st.markdown(f"**{t('detail_links', lang)}**")
    st.markdown("\n".join(f"- {line}" for line in d.link_lines) or t("detail_none", lang))
    st.caption(f"{t('location', lang)}: {md_escape(d.location_note)}")
    st.caption(f"{t('source', lang)}: {d.source_markdown or md_escape(d.source)} · {t('as_of', lang)} {d.as_of}")


def hit_key(hit) -> str:
    """A hit as an option of the list: ``site:<id>`` or ``place:<code>``."""
    return f"{'site' if hit.kind == 'site' else 'place'}:{hit.id}"


def hit_view(key: str | None) -> dict:
    """The view a chosen hit opens: a site selected, or a place outlined."""
    kind, _, value = (key or "").partition(":")
    return {"site": value} if kind == "site" else {"place": value} if kind == "place" else {}


def place_typed(sites) -> None:
    """A search typed (Enter): the one best hit, when there is one, is shown at once; several are offered."""
    hits, _ = search(ui.places(), st.session_state.get("place_query", ""), sites, lang)
    best = [hit for hit in hits if hit.rank == hits[0].rank] if hits else []
    if len(best) == 1:
        ui.update(**hit_view(hit_key(best[0])))


def place_search() -> None:
    """The map's search: every 시군구, 읍면동 and 리 of the belt and the sites shown, by name, and its hits."""
    query = st.text_input(
        t("place_search", lang),
        key="place_query",
        placeholder=t("place_search_hint", lang),
        help=t("place_search_help", lang),
        max_chars=60,
        on_change=place_typed,
        args=(view.sites,),
    )
    if query.strip():
        hits, total = search(ui.places(), query, view.sites, lang)
        if not hits:
            st.caption(t("place_none", lang).format(query=md_escape(query.strip())))
        else:
            labels = {
                hit_key(h): f"{h.label} ({t('place_kind_site', lang)})" if h.kind == "site" else h.label for h in hits
            }
            chosen = f"place:{state.place}" if f"place:{state.place}" in labels else f"site:{site_id}"
            st.radio(
                t("place_hits", lang).format(n=total),
                list(labels),
                format_func=labels.get,
                **ui.bind("place_pick", chosen if chosen in labels else None, hit_view),
            )
            if total > len(hits):
                st.caption(t("place_hits_more", lang).format(shown=len(hits), total=total))
    row = place_row(ui.places(), state.place) if state.place else None
    # Said once the map has moved: a screen reader hears which place is outlined.
    shown = html.escape(t("place_shown", lang).format(place=row["label"])) if row else ""
    st.markdown(
        f'<p class="map-summary place-status" role="status" aria-live="polite">{shown}</p>', unsafe_allow_html=True
    )
    if row:
        st.button(t("place_clear", lang), on_click=ui.update, kwargs={"place": None}, key="place_clear")


# The map is rendered once per view and reused (ui/map.py); a planner's upload has no cheap
# key, so a map with one is rendered on every run.
stamp, uploads = ui.catalogue_stamp(), ui.upload_layers()
flows = flow_mode(view.sites, view.filters.regions, site_id)
focus = cat.sites.set_index("id").geometry.get(site_id) if site_id else None
# A selected site is shown close up; a filter that leaves fewer sites frames them (names placed per zoom).
center, zoom = ((focus.y, focus.x), 10) if focus is not None else (None, None)
if focus is None and 0 < len(framed) < len(cat.sites):
    center, zoom = fit_view(framed.total_bounds, MAP_FRAME_PX, top_px=MAP_CONTROLS_PX)
# A selected site's names at the zoom it opens at stay inside the map (none cut at its top edge).
site_names = selected_site_levels(center, zoom, MAP_FRAME_PX) if focus is not None else None

if year_view is not None and year_view.year is not None and not uploads:
    # The map of every other year of this view, built ahead: a year step is then a cache hit.
    ui.timeline.belt_years_ahead(cat, year_view.base, state, site_id, ui.timeline.ghosts(), names=site_names)

map_column, detail_column = st.columns([3, 1.25])
with map_column:
    ui.map.show(
        ui.belt_base_key(lang, stamp),
        lambda: ui.belt_base(cat, lang),
        None if uploads else ui.timeline.belt_layers_key(state, site_id, stamp, ui.timeline.ghosts()),
        lambda: ui.belt_layers(cat, view, state, site_id, uploads, flows, site_names, sites=drawn),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        center=center,
        zoom=zoom,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "selected_tags"],
        on_change=map_changed,
    )
    drawn_sites, drawn_links = shown_on_map(drawn, view.links, state.hidden)
    metric = metric_label(state.metric, lang) if state.metric != "none" else None
    # In a year, the summary counts the sites on record, after the year and what changed since the one
    # before (playback reads it out); the faint sites of unknown year are in the list, not in the count.
    counted = shown_on_map(view.sites, view.links, state.hidden)[0]
    summary = ui.timeline.summary(cat, map_summary(counted, drawn_links, cat.regions, lang, metric))
    # Read out by screen readers whenever it changes (a filter, a layer, the choropleth). Right under
    # the map, before anything that comes and goes, so the same element is updated, not replaced.
    st.markdown(
        f'<p class="map-summary" role="status" aria-live="polite">{html.escape(summary)}</p>',
        unsafe_allow_html=True,
    )
    if flows == "belt":
        st.caption(belt_note(cat.regions, view.links, view.sites, lang))
    with st.expander(t("a11y_show_table", lang).format(chart=t("a11y_district_table", lang))):
        st.dataframe(district_table(ui.district_summary(view), cat.regions, lang), hide_index=True, width="stretch")
    if state.metric.startswith("budget"):
        st.caption(budget_rule_text(lang))
    if is_industry_metric(state.metric):
        st.caption(t("industry_note", lang).format(version=package_version()))
        with st.expander(t("a11y_show_table", lang).format(chart=metric)):
            table = industry_district_table(state.metric, ui.full_sigungu(), cat.regions, lang)
            st.dataframe(table, hide_index=True, width="stretch")
    title = view_title(view.filters, cat, lang)
    ui.export_buttons(cat, view, title, highlight=[site_id] if site_id else [], key="map", metric=state.metric)
    ui.pictures.picture_buttons(cat, view, title, key="map")
    ui.view_downloads(cat, view, key="map")
with detail_column:
    # One list of the sites on the map: searchable by typing, and the skip link's target for the keyboard.
    in_view = sites_in_view(drawn_sites, lang)
    region_names, sector_names = names(cat.regions, lang), names(cat.sectors, lang)
    options = {row["id"]: site_option(row, region_names, sector_names, lang) for _, row in drawn_sites.iterrows()}
    # Focusable, so the next Tab lands in the list (a Streamlit heading's own "link to heading" would be one more stop).
    st.html(
        f'<h2 id="{SKIP_TARGET}" tabindex="-1" class="sites-heading">'
        f"{html.escape(t('a11y_sites_in_view', lang).format(n=len(in_view)))}</h2>"
    )
    st.selectbox(
        t("search_site", lang),
        in_view,
        placeholder=t("a11y_sites_pick", lang),
        format_func=options.get,
        **ui.bind("site_search", site_id if site_id in in_view else None, lambda found: {"site": found}),
    )
    # The key of colours and shapes on the first screen, above the panel (its link kinds fold).
    # Markdown with raw HTML, not ``st.html``: ``st.html`` sanitises inline SVG away, and the stage shapes are SVG.
    st.markdown(MAP_CSS + legend_html(cat.sectors, cat.stages, lang, panel=True, compact=True), unsafe_allow_html=True)
    if state.year is not None:
        st.markdown(year_legend_html(state.year, lang, ui.timeline.ghosts()), unsafe_allow_html=True)
    # The year the map and figures stand in, and its playback (keyboard: arrows on the slider, Enter on ▶),
    # under the key, which stays on the first screen at 1366×768.
    ui.timeline.year_control()
    ui.timeline.playback("map")
    ui.timeline.ghosts_toggle()
    # Any 시군구, 읍면동 or 리 by name, below the key so the key stays on the first screen.
    place_search()
    if site_id:
        site_facts(site_id)
    else:
        region_cards()
        st.caption(t("detail_hint", lang))
