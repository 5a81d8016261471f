"""Presenter: a story stepped through on a projector, one step per URL (``?step=N``).

The slide is only the slide: title, step counter, map, caption, legend and sources. The
link and the exports wait behind one small menu; a clicker's keys step (see ``PRESENTER_KEYS``).
"""

import html

import streamlit as st

import mapcomponent
import ui
from geo.catalogue import Problem
from geo.flows import flow_mode, short_region_names
from geo.i18n import t
from geo.joins import sigungu_summary
from geo.maps import MAP_CSS, base_map, dynamic_layers, framed_level, legend_html, view_bounds
from geo.paths import data_dir
from geo.story import STORY_FILE, step_view

# The map as a 1280×720 projector shows it (a wider screen shows more around it), and the
# controls on it that names must not cover, in the map's own pixels.
MAP_PX = (800, 590)
CONTROLS = [(0, 0, 52, 92), (0, 92, 190, 250), (0, 550, 110, 590), (680, 562, 800, 590)]
NAME_PX = 16

PRESENTER_CSS = """
<style>
/* Projector theme: no sidebar or toolbar, large type, the whole step in 1280×720. */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
.block-container {padding: 1rem 2rem 0.5rem 2rem; max-width: 100% !important;}
.block-container h1 {font-size: 2.3rem !important; line-height: 1.2; padding: 0 !important; margin: 0;}
.step-caption {font-size: 1.4rem; line-height: 1.5; color: #1d2430; margin-bottom: 0.4rem;}
.step-source {font-size: 0.95rem; line-height: 1.4; color: #5b6270;}
.step-counter {font-size: 1.4rem; font-weight: 700; text-align: center; margin: 0;}
.stButton button {font-size: 1.2rem; min-height: 3rem;}
.st-key-presenter_menu button {min-height: 3rem; font-size: 1.3rem; padding: 0 0.6rem;}
</style>
"""

# A clicker sends →/PageDown/Space for "next" and ←/PageUp for "back": each clicks the
# step button, so a key does exactly what the button does (and Back in the browser returns,
# since each step is a history entry). Keys typed into a field, or Space on a focused button
# (which clicks it already), are left alone. Inert on other pages: it finds no step button.
PRESENTER_KEYS = """
<script>
(function () {
  if (window.__beltPresenterKeys) { return; }
  window.__beltPresenterKeys = true;
  var NEXT = ["ArrowRight", "PageDown", " "], BACK = ["ArrowLeft", "PageUp"];
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var next = NEXT.indexOf(e.key) >= 0, back = BACK.indexOf(e.key) >= 0;
    if (!next && !back) { return; }
    var target = e.target || {}, tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) { return; }
    if (e.key === " " && tag === "button") { return; }
    var button = document.querySelector((next ? ".st-key-step_next" : ".st-key-step_back") + " button");
    if (!button) { return; }
    e.preventDefault();
    if (!button.disabled) { button.click(); }
  });
})();
</script>
"""


def story_problems() -> list:
    """Why there is no story to show."""
    if not ui.story_path().exists():
        return [Problem(STORY_FILE, "", "", "", f"file not found in {data_dir()}")]
    _, problems = ui.catalogue()
    return problems or [Problem(STORY_FILE, "", "", "", "has no readable step")]


def compact_legend(cat, sites) -> None:
    """A folded legend of the sectors and stages shown, beside the presenter's map (never over it)."""
    present = set(sites["sectors"].str[0]) if len(sites) else set()
    sectors = cat.sectors[cat.sectors["id"].isin(present)] if present else cat.sectors
    stages = cat.stages[cat.stages["id"].isin(set(sites["stage"]))] if len(sites) else cat.stages
    st.markdown(MAP_CSS + legend_html(sectors, stages, lang, folded=True, panel=True), unsafe_allow_html=True)


lang = ui.lang()
cat, problems = ui.catalogue()
steps = ui.story() if not problems else []
if problems or not steps:
    ui.show_problems(problems or story_problems())
    st.stop()

st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
number = min(ui.state().step, len(steps))
step = steps[number - 1]
view = step_view(cat, step)

# Everything the slide shows is built before anything is drawn: the title, counter, caption
# and map of a step then reach the browser together, never the new title over the old map.
# The map is rendered once per step and reused (mapcomponent.py): story.csv is in the
# catalogue's folder, so the catalogue's stamp covers the steps too.


def step_layers():
    summary = sigungu_summary(view.sites, view.programs, ui.full_sigungu())
    levels, avoid = framed_level(step.center, step.zoom, MAP_PX, CONTROLS)
    return dynamic_layers(
        view.sites,
        view.links,
        cat.sectors,
        summary,
        lang,
        highlight=step.highlight,
        metric=step.choropleth,
        flows=flow_mode(view.sites, step.regions),
        region_names=short_region_names(cat.regions, lang),
        name_levels=levels,
        avoid=avoid,
        name_px=NAME_PX,
    )


stamp = ui.catalogue_stamp()
map_parts = (
    ("presenter", lang, stamp),
    lambda: base_map(
        ui.display_boundaries("sido"),
        ui.display_boundaries("sigungu"),
        cat.sectors,
        cat.stages,
        lang,
        presenter=True,
        legend=False,
    ),
    ("presenter", lang, stamp, number),
    step_layers,
)
mapcomponent.parts(*map_parts, with_control=False)

title_column, nav_column = st.columns([3, 2], vertical_alignment="center")
title_column.markdown(f"# {html.escape(step.title[lang])}")
with nav_column:
    back, counter, forward, menu = st.columns([1, 0.6, 1, 0.9], vertical_alignment="center")
    back.button(
        t("step_previous", lang),
        on_click=ui.update,
        kwargs={"step": number - 1},
        disabled=number == 1,
        width="stretch",
        key="step_back",
    )
    counter.markdown(f'<p class="step-counter">{number} / {len(steps)}</p>', unsafe_allow_html=True)
    forward.button(
        t("step_next", lang),
        on_click=ui.update,
        kwargs={"step": number + 1},
        disabled=number == len(steps),
        width="stretch",
        type="primary",
        key="step_next",
    )
    with menu.popover(
        t("presenter_menu_button", lang), help=t("presenter_menu", lang), key="presenter_menu", width="stretch"
    ):
        st.markdown(f"**{t('presenter_menu', lang)}**")
        ui.copy_link(st)
        ui.export_buttons(
            cat,
            view,
            step.title[lang],
            highlight=step.highlight,
            bounds=view_bounds(step.center, step.zoom, MAP_PX),
            key=f"step{number}",
        )

map_column, text_column = st.columns([2.1, 1])
with map_column:
    mapcomponent.show(
        *map_parts,
        with_control=False,
        key=f"presenter_map_{lang}",
        height=MAP_PX[1],
        use_container_width=True,
        center=step.center,
        zoom=step.zoom,
        returned_objects=[],
    )
with text_column:
    # Raw HTML for the large type: the caption is data, so it is HTML-escaped here.
    st.markdown(f'<div class="step-caption">{html.escape(step.caption[lang])}</div>', unsafe_allow_html=True)
    compact_legend(cat, view.sites)
    st.markdown(
        f'<div class="step-source">{html.escape(t("source", lang))}: {html.escape(step.source)}</div>',
        unsafe_allow_html=True,
    )
st.html(PRESENTER_KEYS, unsafe_allow_javascript=True)
