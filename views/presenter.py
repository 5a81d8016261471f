"""Presenter: a story stepped through on a projector, one step per URL (``?step=N``)."""

import html

import streamlit as st

import mapcomponent
import ui
from geo.i18n import md_escape, t
from geo.joins import sigungu_summary
from geo.maps import base_map, dynamic_layers, view_bounds
from geo.story import step_view

lang = ui.lang()
cat, problems = ui.catalogue()
steps = ui.story() if not problems else []
if problems or not steps:
    ui.show_problems(problems or ui.story_problems())
    st.stop()

ui.presenter_style()
number = min(ui.state().step, len(steps))
step = steps[number - 1]
view = step_view(cat, step)

title_column, nav_column = st.columns([3, 1.4], vertical_alignment="center")
title_column.markdown(f"# {md_escape(step.title[lang])}")
with nav_column:
    back, counter, forward = st.columns([1, 0.8, 1], vertical_alignment="center")
    back.button(t("step_previous", lang), on_click=ui.update, kwargs={"step": number - 1},
                disabled=number == 1, width="stretch", key="step_back")
    counter.markdown(f'<p class="step-counter">{number} / {len(steps)}</p>', unsafe_allow_html=True)
    forward.button(t("step_next", lang), on_click=ui.update, kwargs={"step": number + 1},
                   disabled=number == len(steps), width="stretch", type="primary", key="step_next")

map_column, text_column = st.columns([2.1, 1])
with map_column:
    # Rendered once per step and reused (mapcomponent.py): story.csv is in the catalogue's folder,
    # so its stamp covers the steps too.
    stamp = ui.catalogue_stamp()

    def step_layers():
        summary = sigungu_summary(view.sites, view.programs, ui.full_sigungu())
        return dynamic_layers(view.sites, view.links, cat.sectors, summary, lang, highlight=step.highlight,
                              metric=step.choropleth)

    mapcomponent.show(
        ("presenter", lang, stamp),
        lambda: base_map(ui.display_boundaries("sido"), ui.display_boundaries("sigungu"), cat.sectors, cat.stages,
                         lang, presenter=True),
        ("presenter", lang, stamp, number), step_layers, with_control=False,
        key=f"presenter_map_{lang}", height=540, use_container_width=True,
        center=step.center, zoom=step.zoom, returned_objects=[],
    )
with text_column:
    # Raw HTML for the large type: the caption is data, so it is HTML-escaped here.
    st.markdown(f'<div class="step-caption">{html.escape(step.caption[lang])}</div>', unsafe_allow_html=True)
    st.caption(f"{t('source', lang)}: {md_escape(step.source)}")
    ui.export_buttons(cat, view, step.title[lang], highlight=step.highlight,
                      bounds=view_bounds(step.center, step.zoom), key=f"step{number}")
    ui.copy_link(st)
