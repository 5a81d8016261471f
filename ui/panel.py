"""The map page's panels: the lines under the map, the list of sites, the region cards, a site's facts, the search.

Streamlit glue of the map page (``views/home.py``): the rules are ``geo/``'s (``geo.accessible``,
``geo.detail``, ``geo.places``, ``geo.flows``); what does not change between runs of a view is kept
per view (``view.key``, ``ui.caches.of_view``), so a new session's first run costs what a rerun does.
"""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

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
from geo.catalogue import Catalogue
from geo.detail import industry_citation, region_key_figures, region_specialisations, site_detail
from geo.filters import View
from geo.flows import belt_note
from geo.i18n import format_krw_100m, localised, md_escape, name_column, names, t
from geo.industry import package_version
from geo.maps import budget_rule_text
from geo.maps.choropleth import is_industry_metric, metric_label
from geo.mapview import MapView
from geo.places import place_row, search
from geo.tables import table_html
from geo.timeline import year_label
from ui import caches
from ui.state import bind, update


def on_map(view: MapView):
    """The sites and links the map draws (the hidden layers taken out), and the sites it counts, once per view."""

    def build():
        drawn_sites, drawn_links = shown_on_map(view.drawn, view.shown.links, view.state.hidden)
        return drawn_sites, drawn_links, shown_on_map(view.shown.sites, view.shown.links, view.state.hidden)[0]

    return caches.of_view("on_map", view.key, build)


def map_status(cat: Catalogue, view: MapView) -> None:
    """The map's live summary under the map: read out by screen readers whenever it changes.

    In a year, it counts the sites on record, after the year and what changed since the one before
    (playback reads it out); the faint sites of unknown year are in the list, not in the count. Right
    under the map, before anything that comes and goes, so the same element is updated, not replaced.
    """
    from ui import timeline

    lang, metric = view.lang, view.state.metric
    _, drawn_links, counted = on_map(view)
    label = metric_label(metric, lang) if metric != "none" else None
    text = caches.of_view("map_summary", view.key, lambda: map_summary(counted, drawn_links, cat.regions, lang, label))
    st.markdown(
        f'<p class="map-summary" role="status" aria-live="polite">{html.escape(timeline.summary(cat, text))}</p>',
        unsafe_allow_html=True,
    )


def under_map(cat: Catalogue, view: MapView) -> None:
    """What the map's colours and flows mean: the region flows' note, the district table, the metric's notes."""
    lang, shown, metric = view.lang, view.shown, view.state.metric
    if view.flows == "belt":
        st.caption(
            caches.of_view("belt_note", view.key, lambda: belt_note(cat.regions, shown.links, shown.sites, lang))
        )
    name = t("a11y_district_table", lang)
    with st.expander(t("a11y_show_table", lang).format(chart=name)):
        # Plain HTML tables, not st.dataframe: the first view of the map then waits for no data grid (geo.tables).
        st.html(
            caches.of_view(
                "districts",
                view.key,
                lambda: table_html(district_table(caches.district_summary(shown), cat.regions, lang), name),
            )
        )
    if metric.startswith("budget"):
        st.caption(budget_rule_text(lang))
    if is_industry_metric(metric):
        st.caption(t("industry_note", lang).format(version=package_version()))
        label = metric_label(metric, lang)
        with st.expander(t("a11y_show_table", lang).format(chart=label)):
            st.html(table_html(industry_district_table(metric, caches.full_sigungu(), cat.regions, lang), label))


def site_list(cat: Catalogue, view: MapView) -> None:
    """One list of the sites on the map: searchable by typing, and the skip link's target for the keyboard."""
    lang = view.lang

    def build():
        drawn_sites = on_map(view)[0]
        region_names, sector_names = names(cat.regions, lang), names(cat.sectors, lang)
        options = {row["id"]: site_option(row, region_names, sector_names, lang) for _, row in drawn_sites.iterrows()}
        return sites_in_view(drawn_sites, lang), options

    in_view, options = caches.of_view("site_list", view.key, build)
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
        **bind("site_search", view.site if view.site in in_view else None, lambda found: {"site": found}),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _region_summary(stamp: tuple, filters, year, _cat, _shown, _year_view):
    # Keyed by the catalogue's stamp, the filters and the year, which decide ``_shown`` (and its year view).
    from ui import timeline

    # A site still being built is not finished (joins.program_phase), as it stood in the view's year.
    status = timeline.site_status(_cat, _year_view)
    return joins.region_summary(
        _cat.regions, _shown.sites, _shown.programs, year or date.today().year, status
    ).set_index("id")


def _region_lines(cat: Catalogue, region, lang: str) -> tuple[str, str]:
    """A region card's key figures and its specialisations, as captions ('' when it has none)."""
    figures, cited = region_key_figures(cat, region["id"], lang)
    label, tops = region_specialisations(region["sido_code"], lang)
    return (
        f"{t('figures', lang)}: {md_escape(figures)} ({md_escape(cited)})" if figures else "",
        f"{label}: {md_escape(tops)} ({md_escape(industry_citation(lang))})" if tops else "",
    )


def region_cards(cat: Catalogue, shown: View, lang: str) -> None:
    """Each region's role in the belt with its shown sites and confirmed budget."""
    from ui import timeline

    summary = _region_summary(caches.catalogue_stamp(), shown.filters, shown.year, cat, shown, timeline.current())
    if shown.year is not None:
        st.caption(year_label(shown.year, lang))
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
            key = (caches.catalogue_stamp(), lang, region["id"])
            for line in caches.of_view("region_lines", key, lambda region=region: _region_lines(cat, region, lang)):
                if line:
                    st.caption(line)


def site_facts(cat: Catalogue, site_id: str, lang: str) -> None:
    """One site: name, facts, role, key figures, programmes and links as short lines that wrap, sources."""
    d = caches.of_view(
        "site_detail", (caches.catalogue_stamp(), lang, site_id), lambda: site_detail(cat, site_id, lang)
    )
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


def _place_typed(sites, lang: str) -> None:
    """A search typed (Enter): the one best hit, when there is one, is shown at once; several are offered."""
    hits, _ = search(caches.places(), st.session_state.get("place_query", ""), sites, lang)
    best = [hit for hit in hits if hit.rank == hits[0].rank] if hits else []
    if len(best) == 1:
        update(**hit_view(hit_key(best[0])))


def place_search(view: MapView) -> None:
    """The map's search: every 시군구, 읍면동 and 리 of the belt and the sites shown, by name, and its hits."""
    lang, sites, place = view.lang, view.shown.sites, view.state.place
    query = st.text_input(
        t("place_search", lang),
        key="place_query",
        placeholder=t("place_search_hint", lang),
        help=t("place_search_help", lang),
        max_chars=60,
        on_change=_place_typed,
        args=(sites, lang),
    )
    if query.strip():
        hits, total = search(caches.places(), query, sites, lang)
        if not hits:
            st.caption(t("place_none", lang).format(query=md_escape(query.strip())))
        else:
            labels = {
                hit_key(h): f"{h.label} ({t('place_kind_site', lang)})" if h.kind == "site" else h.label for h in hits
            }
            chosen = f"place:{place}" if f"place:{place}" in labels else f"site:{view.site}"
            st.radio(
                t("place_hits", lang).format(n=total),
                list(labels),
                format_func=labels.get,
                **bind("place_pick", chosen if chosen in labels else None, hit_view),
            )
            if total > len(hits):
                st.caption(t("place_hits_more", lang).format(shown=len(hits), total=total))
    row = place_row(caches.places(), place) if place else None
    # Said once the map has moved: a screen reader hears which place is outlined.
    said = html.escape(t("place_shown", lang).format(place=row["label"])) if row else ""
    st.markdown(
        f'<p class="map-summary place-status" role="status" aria-live="polite">{said}</p>', unsafe_allow_html=True
    )
    if row:
        st.button(t("place_clear", lang), on_click=update, kwargs={"place": None}, key="place_clear")
