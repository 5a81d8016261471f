"""The top every catalogue page shares: the language switch, the sidebar filters, the KPI header, the copy-link box."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from geo.catalogue import PROGRAM_STATUSES, SITE_STATUSES, Catalogue
from geo.filters import Filters, View, apply_filters, year_bounds
from geo.i18n import LANGS, format_krw_100m, names, t
from geo.joins import confirmed_split, confirmed_split_text, is_cross_region, link_evidence_counts
from geo.paths import data_dir
from geo.viewstate import share_link, to_query
from ui.caches import catalogue
from ui.chrome import section_heading
from ui.state import bind, lang, state


def language_switch() -> None:
    """The ko/en switch."""
    st.sidebar.radio(
        t("language"),
        LANGS,
        horizontal=True,
        format_func=lambda code: t("language_name", code),
        **bind("lang", lang(), lambda value: {"lang": value}),
    )


def show_problems(problems: list) -> None:
    """The catalogue's problems as a table on the page, never a traceback."""
    lg = lang()
    st.error(t("catalogue_invalid", lg))
    st.caption(f"{t('catalogue_folder', lg)}: `{data_dir()}`")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col_file", lg): p.file,
                    t("col_row", lg): p.row,
                    t("col_field", lg): p.field,
                    t("col_value", lg): p.value,
                    t("col_problem", lg): p.message,
                }
                for p in problems
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def kpi_header(cat: Catalogue, sites: pd.DataFrame, programs: pd.DataFrame, links: pd.DataFrame, year=None) -> None:
    """Sites, programmes, confirmed budget, links and cross-region links of what is shown.

    ``year`` (``geo.timeline.YearView``) states the year the figures stand in, when one is shown.
    """
    from ui import timeline

    lg = lang()
    # Every amount once, national ones never; finished money apart from money still being spent.
    in_year = year is not None and year.year is not None
    split = confirmed_split(programs, year.year if in_year else date.today().year, timeline.site_status(cat, year))
    evidence = link_evidence_counts(links)
    columns = st.columns(5)
    unknown = {}
    if in_year and year.unknown:
        # Sites no source dates are not counted as there that year: the figure says how many.
        unknown = dict(delta=t("year_unknown_sites", lg).format(n=year.unknown), delta_color="off", delta_arrow="off")
        unknown["help"] = t("year_unknown_help", lg)
    columns[0].metric(t("kpi_sites", lg), f"{len(sites):,}", **unknown)
    columns[1].metric(t("kpi_programs", lg), f"{len(programs):,}")
    columns[2].metric(
        t("kpi_confirmed_budget", lg),
        format_krw_100m(split["total"], lg),
        delta=confirmed_split_text(split, lg),
        delta_color="off",
        delta_arrow="off",
        help=t("kpi_confirmed_help", lg).format(undated=format_krw_100m(split["undated"], lg))
        + (" " + t("year_money_help", lg).format(year=year.year) if in_year else ""),
    )
    # The split as the metric's own small second line (no arrow, no colour): a separate caption
    # would add a row and push the map down.
    links_split = t("kpi_links_split", lg).format(sourced=evidence["sourced"], derived=evidence["derived"])
    columns[3].metric(
        t("kpi_links", lg),
        f"{len(links):,}",
        delta=links_split,
        delta_color="off",
        delta_arrow="off",
        help=t("kpi_links_help", lg),
    )
    columns[4].metric(t("kpi_cross_links", lg), f"{int(is_cross_region(links, cat.sites).sum()):,}")


def sidebar_filters(cat: Catalogue) -> Filters:
    """The shared filters in the sidebar: region, sector, site and programme status, years."""
    lg = lang()
    f = state().filters
    statuses = {s: t(f"status_{s}", lg) for s in SITE_STATUSES}
    program_statuses = {s: t(f"status_{s}", lg) for s in PROGRAM_STATUSES}
    choose = (
        ("f_region", t("region", lg), names(cat.regions, lg), "regions"),
        ("f_sector", t("sector", lg), names(cat.sectors, lg), "sectors"),
        ("f_status", t("filter_site_status", lg), statuses, "site_statuses"),
        ("f_pstatus", t("filter_program_status", lg), program_statuses, "program_statuses"),
    )
    for key, label, options, name in choose:
        st.sidebar.multiselect(
            label,
            list(options),
            format_func=options.get,
            placeholder=t("filter_all", lg),
            **bind(key, list(getattr(f, name)), lambda value, name=name: {name: tuple(value)}),
        )
    low, high = year_bounds(cat.programs)
    st.sidebar.slider(
        t("filter_years", lg),
        low,
        high,
        **bind(
            "f_years",
            f.years or (low, high),
            lambda value: {"years": tuple(value) if tuple(value) != (low, high) else None},
        ),
    )
    st.sidebar.toggle(
        t("filter_sourced_only", lg),
        help=t("filter_sourced_help", lg),
        **bind("f_sourced", f.sourced_only, lambda value: {"sourced_only": bool(value)}),
    )
    return state().filters


def page_top(title: str, intro: str) -> tuple[Catalogue, View]:
    """The top every catalogue page shares: title, catalogue check, sidebar filters, KPI header."""
    from ui import scenario, timeline

    st.title(timeline.title(title))
    st.caption(intro)
    cat, problems = catalogue()
    if problems:
        show_problems(problems)
        st.stop()
    # The view in its year (the catalogue as it is, today): every figure below follows it.
    year = timeline.in_year(cat, apply_filters(cat, sidebar_filters(cat)))
    shown = year.shown
    section_heading(t("a11y_kpi_heading", lang()))
    kpi_header(cat, shown.sites, shown.programs, shown.links, year)  # as decided: the scenario never moves it

    shown = scenario.page_view(cat, shown)  # with scenario=proposals: every proposal added, "+ 제안" line
    copy_link()
    return cat, shown


# The copy-link box: a read-only field and a plain button (Streamlit's code box would load a syntax
# highlighter for one line). The button's behaviour is the page's one script (``ui/a11y.js``); the
# markup here is sanitised by Streamlit (no script of its own), its style sits beside it.
COPY_LINK_STYLE = """<style>
.copy-link {display: flex; flex-direction: column; gap: 0.3rem; font-size: 0.875rem;}
.copy-link label {font-size: 0.875rem; line-height: 1.4;}
.copy-link input {width: 100%; box-sizing: border-box; font: 0.8rem/1.4 ui-monospace, Consolas, monospace;
  padding: 0.4rem 0.5rem; border: 1px solid #8a8f98; border-radius: 0.5rem; background: #fff; color: #0e1117;}
.copy-link .copy-link-row {display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap;}
.copy-link button {font: inherit; min-height: 2.25rem; padding: 0.25rem 0.9rem; border-radius: 0.5rem;
  border: 1px solid #8a8f98; background: #fff; color: #0e1117; cursor: pointer;}
.copy-link button:hover {border-color: #0072B2; color: #0072B2;}
.copy-link [role="status"] {color: #1b5e20; font-weight: 700;}
</style>"""


def copy_link_html(link: str, lg: str) -> str:
    """The copy-link box's markup: the link in a labelled read-only field, the copy button, where "copied" is said."""
    say = {key: html.escape(t(f"copy_link_{key}", lg), quote=True) for key in ("label", "button", "copied", "failed")}
    return (
        f'{COPY_LINK_STYLE}<div class="copy-link"><label>{say["label"]}'
        f'<input type="text" readonly spellcheck="false" value="{html.escape(link, quote=True)}"></label>'
        f'<div class="copy-link-row"><button type="button" class="copy-link-button"'
        f' data-copied="{say["copied"]}" data-failed="{say["failed"]}">{say["button"]}</button>'
        '<span role="status" aria-live="polite"></span></div></div>'
    )


def copy_link(where=None) -> None:
    """The link to this exact view, in a box with a copy button: the address bar, to the letter."""
    where = where or st.sidebar
    where.html(copy_link_html(share_link(st.context.url or "", to_query(state())), lang()))
    where.caption(t("copy_link_help", lang()))
