"""Presenter: a story stepped through on a projector, one step per URL (``?step=N``).

The slide is only the slide: title, step counter, map, caption, legend and sources. The
link and the exports wait behind one small menu; a clicker's keys step (``presenter.js``).
"""

import html
from pathlib import Path

import streamlit as st

import ui
from geo.catalogue import Problem
from geo.citations import cite_short, source_index
from geo.filters import Filters, apply_filters
from geo.i18n import t
from geo.maps import MAP_CSS, legend_html
from geo.paths import data_dir
from geo.story import STORY_FILE, step_bounds, step_view

# The projector theme and the clicker's keys, as the browser reads them (see those files for why).
PRESENTER_CSS = f"<style>{Path(__file__).with_name('presenter.css').read_text(encoding='utf-8')}</style>"
PRESENTER_KEYS = f"<script>{Path(__file__).with_name('presenter.js').read_text(encoding='utf-8')}</script>"


def story_problems() -> list:
    """Why there is no story to show."""
    if not ui.story_path().exists():
        return [Problem(STORY_FILE, "", "", "", f"file not found in {data_dir()}")]
    _, problems = ui.catalogue()
    return problems or [Problem(STORY_FILE, "", "", "", "has no readable step")]


def compact_legend(cat, sites) -> str:
    """An open, compact legend of the sectors and stages shown, beside the presenter's map (never over it)."""
    present = set(sites["sectors"].str[0]) if len(sites) else set()
    sectors = cat.sectors[cat.sectors["id"].isin(present)] if present else cat.sectors
    stages = cat.stages[cat.stages["id"].isin(set(sites["stage"]))] if len(sites) else cat.stages
    return MAP_CSS + legend_html(sectors, stages, lang, panel=True, compact=True)


lang = ui.lang()
cat, problems = ui.catalogue()
steps = ui.story() if not problems else []
if problems or not steps:
    ui.show_problems(problems or story_problems())
    st.stop()

st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
number = min(ui.state().step, len(steps))
step = steps[number - 1]
# The step as it stood in the view's year, when one is set (``year=``, or the playback below).
year_view = ui.timeline.in_year(cat, step_view(cat, step), key=("step", number))
# What the slide's map shows, as one value (geo.mapview): the map's caches are keyed on it.
view = ui.presenter.view(cat, step, number, year_view)
shown, drawn = view.shown, view.drawn
# Everything the slide shows is built before anything is drawn: the title, counter, caption
# and map of a step then reach the browser together, never the new title over the old map.
ui.presenter.parts(cat, view, step)

title_column, nav_column = st.columns([2.6, 2.4], vertical_alignment="center")
title_column.markdown(f"# {html.escape(ui.timeline.title(step.title[lang]))}")
with nav_column:
    back, counter, forward, play, menu = st.columns([1, 0.6, 1, 0.9, 0.9], vertical_alignment="center")
    back.button(
        t("step_previous", lang),
        on_click=ui.presenter.step_by,
        args=(-1, len(steps)),
        disabled=number == 1,
        width="stretch",
        key="step_back",
    )
    counter.markdown(f'<p class="step-counter">{number} / {len(steps)}</p>', unsafe_allow_html=True)
    forward.button(
        t("step_next", lang),
        on_click=ui.presenter.step_by,
        args=(1, len(steps)),
        disabled=number == len(steps),
        width="stretch",
        type="primary",
        key="step_next",
    )
    # The years played on the step's map, beside the steps (keyboard: Tab to ▶, Enter; the default speed).
    with play:
        ui.timeline.playback("presenter", compact=True)
    # No hover help: it would stay over the open menu, whose heading says the same. Its contents are
    # written after the slide (below), so the step's map and caption reach the browser first.
    menu_box = menu.popover(t("presenter_menu_button", lang), key="presenter_menu", width="stretch")

map_column, text_column = st.columns([2.1, 1])
with map_column:
    ui.presenter.show(
        cat,
        view,
        step,
        key=f"presenter_map_{lang}",
        height=ui.presenter.MAP_PX[1],
        use_container_width=True,
        center=step.center,
        zoom=step.zoom,
        returned_objects=[],
    )
with text_column:
    # Raw HTML for the large type: the caption is data, so it is HTML-escaped here.
    st.markdown(f'<div class="step-caption">{html.escape(step.caption[lang])}</div>', unsafe_allow_html=True)
    # The legend and the source line are kept per view (its key: the step, language and year).
    st.markdown(ui.caches.of_view("legend", view.key, lambda: compact_legend(cat, drawn)), unsafe_allow_html=True)
    # The step's first two sources and how many more, so that the line fits the slide (all in the pack).
    cited = ";".join(step.source_ids)
    source = ui.caches.of_view("source", view.key, lambda: cite_short(cited, source_index(cat.sources), lang))
    st.markdown(
        f'<div class="step-source">{html.escape(t("source", lang))}: {html.escape(source)}</div>',
        unsafe_allow_html=True,
    )
st.html(PRESENTER_KEYS, unsafe_allow_javascript=True)
# The menu's extras, after the slide: the link, the step's exports, the belt year by year, the pack.
with menu_box:
    st.markdown(f"**{t('presenter_menu', lang)}**")
    ui.copy_link(st)
    ui.export_buttons(
        cat,
        shown,
        step.title[lang],
        highlight=step.highlight,
        bounds=step_bounds(step),
        key=f"step{number}",
        metric=step.choropleth,
    )
    # The whole belt year by year, for the slides (the same files as the map page's default view).
    ui.pictures.picture_buttons(cat, apply_filters(cat, Filters()), t("app_title", lang), key="presenter")
    ui.briefing_button("presenter")
