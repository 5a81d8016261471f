"""Streamlit glue of the what-if scenario (``scenario=proposals``) and of the money-by-year chart.

The rules are in ``geo/scenario.py`` and ``geo/money_by_year.py``; this module only draws them:
the switch in the sidebar, the banner every page shows in the scenario, the KPI's "+ 제안" line,
the value-chain page's gaps closed and still open, the map's proposal rings, the title every
export made in the scenario carries, and the programmes page's chart of money by year.
"""

from __future__ import annotations

from datetime import date

import folium
import streamlit as st

import ui
from geo import analysis, money_by_year
from geo.catalogue import Catalogue, by_id
from geo.charts.money import REGION_COLOURS, money_by_year_figure, money_by_year_table
from geo.filters import View, apply_filters
from geo.i18n import format_krw_100m, names, t
from geo.scenario import (
    SCENARIO,
    Scenario,
    gap_change_table,
    gaps_closed,
    kpi_text,
    label,
    money,
    outcome_counts,
    scenario_view,
    titled,
    without_proposals,
)


def on() -> bool:
    """Whether this view is the scenario "every proposal went ahead"."""
    return ui.state().scenario == SCENARIO


def toggle() -> None:
    """The scenario's switch in the sidebar: a labelled toggle (a checkbox to the keyboard), bound to the URL."""
    st.sidebar.toggle(
        t("scn_toggle", ui.lang()),
        help=t("scn_toggle_help", ui.lang()),
        **ui.bind("scenario", on(), lambda value: {"scenario": SCENARIO if value else None}),
    )


def of(cat: Catalogue, shown: View) -> Scenario:
    """The scenario of the shown view's filters."""
    return scenario_view(cat, shown.filters)


def banner() -> None:
    """The scenario's name and what it adds, above every page's content, when the view is in the scenario."""
    if not on():
        return
    lg = ui.lang()
    cat, problems = ui.catalogue()
    detail = ""
    if cat is not None and not problems:
        scenario = of(cat, apply_filters(cat, ui.state().filters))
        detail = t("scn_banner_detail", lg).format(
            programs=int((scenario.view.programs["status"] == "proposed").sum()),
            sites=int((scenario.view.sites["status"] == "proposed").sum()),
        )
    with st.container(key="scenario_banner"):
        st.warning(f"**{label(lg)}** — {detail}", icon=":material/science:")


def kpi_line(cat: Catalogue, scenario: Scenario) -> None:
    """The KPI's scenario line under the header: "확정 5.31조원 + 제안 N조원" (confirmed as decided)."""
    lg = ui.lang()
    figures = money(scenario, date.today().year, by_id(cat.sites, "status"))
    with st.container(key="scenario_kpi"):
        st.markdown(f"**{kpi_text(figures, lg)}**", help=t("scn_kpi_help", lg))


def page_view(cat: Catalogue, shown: View) -> View:
    """The view a page draws: the shown one, or in the scenario the one with every proposal (and the KPI line)."""
    if not on():
        return shown
    scenario = of(cat, shown)
    kpi_line(cat, scenario)
    return scenario.view


def export_title(title: str) -> str:
    """An export's title, naming the scenario when the view is in it."""
    return titled(title, ui.state().scenario, ui.lang())


def map_layer(shown: View, view) -> folium.FeatureGroup:
    """The rings round the proposals on the map of ``view`` in the scenario; an empty layer otherwise.

    Reads the scenario from ``view``, not the session: the warm start builds the map outside any run.
    """
    from geo.maps.proposals import proposal_layer

    return proposal_layer(shown.sites if view.scenario == SCENARIO else shown.sites.iloc[0:0])


def gap_changes(cat: Catalogue, view: View, sector_ids: list, region_ids: list, scope_names: dict) -> dict:
    """The value-chain page in the scenario: which gaps the proposals would close, narrow or leave open.

    Returns each scope's ``gaps_closed`` table (empty outside the scenario), for `mark_gaps`.
    """
    if not on():
        return {}
    lg = ui.lang()
    stages = analysis.chain_stages(cat.stages)
    decided = without_proposals(view)
    before = analysis.scoped_gap_counts(decided.sites, sector_ids, stages, region_ids)
    after = analysis.scoped_gap_counts(view.sites, sector_ids, stages, region_ids)
    gaps = {s: gaps_closed(before[s], after[s], analysis.SHARED_SECTOR) for s in before}
    belt = outcome_counts(gaps[analysis.BELT])
    added = view.sites[view.sites["status"] == "proposed"]
    with st.container(key="scenario_gaps"):
        st.subheader(t("scn_gap_title", lg))
        st.markdown(
            t("scn_gap_summary", lg).format(sites=len(added), total=sum(belt.values()), **belt)
            + f" ({scope_names[analysis.BELT]})"
        )
        if len(added):
            st.caption(t("scn_added_sites", lg).format(names=", ".join(analysis.names(added, lg).values())))
        else:
            st.caption(t("scn_no_added_sites", lg))
        table = gap_change_table(gaps, scope_names, analysis.names(cat.sectors, lg), analysis.names(cat.stages, lg), lg)
        outcome = t("scn_col_outcome", lg)
        changed = table[table[outcome] != t("scn_outcome_open", lg)]
        # Narrow columns but the sector's, so that the table fits a 1280-px screen without a sideways scroll.
        widths = {c: st.column_config.Column(width="small") for c in table.columns}
        widths[t("scn_col_sector", lg)] = st.column_config.Column(width="large")
        st.dataframe(changed, hide_index=True, width="stretch", column_config=widths)
        with st.expander(t("scn_gap_table", lg)):
            st.dataframe(table, hide_index=True, width="stretch", column_config=widths)
        st.caption(t("scn_gap_caption", lg))
    return gaps


def mark_gaps(fig, gaps: dict, scope: str, cat: Catalogue):
    """A scope's gap matrix with the cells the proposals change ringed (unchanged outside the scenario)."""
    from geo.charts.scenario import mark_gaps as ring

    return ring(fig, gaps[scope], cat.sectors, cat.stages, ui.lang()) if scope in gaps else fig


def money_chart(cat: Catalogue, view: View) -> None:
    """The programmes page's chart of money by year (an estimate), by region and by sector, proposals apart."""
    lg = ui.lang()
    rows = money_by_year.spread(view.programs)
    st.subheader(t("my_title", lg))
    count, amount = money_by_year.undated(rows)
    st.caption(t("my_caption", lg).format(n=count, amount=format_krw_100m(amount, lg)))
    if rows.empty:
        st.info(t("my_none", lg))
        return
    groups = (
        ("region", analysis.region_names(cat.regions, lg), REGION_COLOURS),
        ("sector", names(cat.sectors, lg), by_id(cat.sectors, "colour")),
    )
    for tab, (group, labels, colours) in zip(st.tabs([t(f"my_by_{g}", lg) for g, _, _ in groups]), groups):
        with tab:
            totals = money_by_year.by_year(rows, group)
            ui.chart(
                money_by_year_figure(totals, labels, colours, lg),
                f"pg_money_{group}",
                f"{t('my_title', lg)} — {t(f'my_by_{group}', lg)}",
                money_by_year_table(totals, labels, lg),
                cat,
                view.programs,
            )
