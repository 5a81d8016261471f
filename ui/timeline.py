"""Streamlit glue of the belt in a given year: a page's view in its year, the year control and playback.

The rules are ``geo.timeline``'s; this module caches their result per view and draws the controls.
The year is part of the view (``year=`` in the address, ``ui.update`` the one way it changes); the
ghosts of sites not yet announced, the playback and its speed are this session's only.

Playback steps the view one year at a time with no page reload: while it plays, a fragment that
reruns every step (``st.fragment(run_every=…)``) moves the view to the next year with ``ui.update``
and reruns the app, so the address bar changes and the map swaps in that year's layers in place.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Hashable
from dataclasses import replace

import streamlit as st

import ui
from geo import timeline
from geo.catalogue import Catalogue, by_id
from geo.filters import View
from geo.i18n import t
from geo.mapview import key_digest
from ui import folium_contract

YEAR_VIEW_KEY = "_year_view"
GHOSTS_KEY = "year_ghosts"
PLAYING_KEY = "_year_playing"
SPEED_KEY = "year_speed"
# Seconds a year stays on screen while playing.
SPEEDS = {"slow": 3.0, "normal": 2.0, "fast": 1.0}
DEFAULT_SPEED = "normal"


def today_year() -> int:
    """The year "today" stands in (the default view)."""
    return timeline.current_year()


def ghosts() -> bool:
    """Whether this session asked to see the sites not yet announced in the shown year (drawn faint)."""
    return bool(st.session_state.get(GHOSTS_KEY)) and ui.state().year is not None


@st.cache_resource(max_entries=64, show_spinner=False)
def _year_view(stamp: str, key: str, year: int, today: int, faint: bool, _view: View, _history):
    # Keyed by the digests of the catalogue's stamp and of ``key`` (the filters, or a step): they decide ``_view``.
    return timeline.year_view(_view, _history, year, today, faint)


def in_year(cat: Catalogue, shown: View, key: Hashable | None = None) -> timeline.YearView:
    """``shown`` as it stood in the view's year (``geo.timeline.year_view``), kept for this run (``current``).

    ``key`` names what decided ``shown`` (default: its filters), for the cache.
    """
    year = ui.state().year
    if year is None:
        found = timeline.YearView(None, shown, shown.sites, today_year=today_year(), base=shown)
    else:
        key = shown.filters if key is None else key
        found = _year_view(
            key_digest(ui.catalogue_stamp()), key_digest(key), year, today_year(), ghosts(), shown, cat.history
        )
    st.session_state[YEAR_VIEW_KEY] = found
    return found


# The views whose years are being built ahead, so that each is built once per process.
_AHEAD: set = set()
_AHEAD_LOCK = threading.Lock()


def build_ahead(key: Hashable, build: Callable[[int], None], year: int | None) -> threading.Thread | None:
    """Build what each other year of a view shows, in a background thread, once per ``key``.

    ``build(year)`` fills the caches that year's rerun reads (its year view, district summary and
    rendered map layers), so that a year step — a move of the slider, or the playback — costs what a
    rerun without a change costs. The years after ``year`` come first: the playback's next steps.
    Returns the thread (None when the view's years are built or being built already).
    """
    with _AHEAD_LOCK:
        if key in _AHEAD:
            return None
        _AHEAD.add(key)
    order = timeline.years_ahead(year, today_year())
    # The thread renders with the streamlit-folium of this thread (the warm-up's outside a run), never
    # importing one of its own (see ui.folium_contract.THREAD).
    module = sys.modules.get("streamlit_folium")

    def work() -> None:
        folium_contract.THREAD.module = module
        for each in order:
            try:
                build(each)
            except Exception:  # a build ahead must never take the server down; the rerun builds it then
                logging.getLogger(__name__).exception("building the map of %s ahead failed", each)
                return

    thread = threading.Thread(target=work, name="year-ahead", daemon=True)
    thread.start()
    return thread


def year_of(cat: Catalogue, shown: View, year: int, faint: bool, key: Hashable | None = None) -> timeline.YearView:
    """``shown`` in ``year`` from the same cache as ``in_year``, with ``faint`` = ``ghosts()`` of the run.

    Reads no session state: it builds a year ahead outside the run (``build_ahead``).
    """
    key = shown.filters if key is None else key
    return _year_view(key_digest(ui.catalogue_stamp()), key_digest(key), year, today_year(), faint, shown, cat.history)


def belt_years_ahead(
    cat: Catalogue, base: View, view, names: tuple[dict, dict] | None = None
) -> threading.Thread | None:
    """Build the map page's layers of ``view`` (a ``MapView``; its filters applied: ``base``) in every other year.

    In the background, once per view. The same parts the map page shows for each year (``ui.belt.parts``
    of the view that year, built by the page's own ``geo.mapview.belt_view``), so its rerun in that
    year finds them rendered. Reads no session state. Returns the thread (``build_ahead``).
    """
    from geo.mapview import belt_view
    from geo.scenario import SCENARIO, scenario_view

    def map_in(year: int) -> None:
        other, then = year_of(cat, base, year, view.ghosts), view.state.with_(year=year)
        # The page draws the scenario's view of the year's filters when the view is in it (ui.scenario.page_view).
        shown = scenario_view(cat, other.shown.filters).view if then.scenario == SCENARIO else other.shown
        ahead = belt_view(then, view.stamp, shown, cat.sites["id"], other.drawn, view.ghosts, view.layer, view.planner)
        ui.belt.parts(cat, ahead, names)

    return build_ahead(replace(view, state=view.state.with_(year=None)).key, map_in, view.state.year)


def current() -> timeline.YearView | None:
    """The year view this run's page computed (``in_year``), or None."""
    return st.session_state.get(YEAR_VIEW_KEY)


def title(text: str) -> str:
    """A page's title with its year: "벨트 지도 · 2027년 기준" (unchanged today)."""
    year = ui.state().year
    return f"{text} · {timeline.year_label(year, ui.lang())}" if year is not None else text


def site_status(cat: Catalogue, found: timeline.YearView | None) -> dict:
    """Site id → status for the confirmed money's finished/under-way split, in the view's year."""
    status = by_id(cat.sites, "status")
    if found is not None and found.year is not None:
        status |= timeline.site_status_in_year(found.drawn)
    return status


def summary(cat: Catalogue, text: str) -> str:
    """The map's live summary ``text`` in the view's year: after the year line ("2024년: 거점 3곳 추가 — …").

    The sites of unknown year are named by count; an empty year says so, not "widen the filters".
    Today, ``text`` as it is.
    """
    found, lg = current(), ui.lang()
    if found is None or found.changes is None:
        return text
    if found.shown.sites.empty:
        text = t("year_summary_empty", lg)
    unknown = t("year_unknown_sites", lg).format(n=found.unknown) if found.unknown else ""
    return ". ".join(part for part in (timeline.changes_text(found.changes, cat.sites, lg), text, unknown) if part)


def year_control(key: str = "year_pick") -> None:
    """The year slider (keyboard: arrow keys), 2019–2031; today's year is the catalogue as it is."""
    lg, today = ui.lang(), today_year()
    low, high = timeline.YEARS
    options = list(range(low, high + 1))
    value = ui.state().year if ui.state().year is not None else min(max(today, low), high)

    def label(year: int) -> str:
        return f"{year} ({t('year_today', lg)})" if year == today else str(year)

    st.select_slider(
        t("year_pick", lg),
        options,
        format_func=label,
        help=t("year_pick_help", lg),
        **ui.bind(key, value, lambda year: {"year": None if year == today else int(year)}),
    )


def ghosts_toggle() -> None:
    """Show the sites not yet announced that year, faint (this session only; offered when a year is shown)."""
    if ui.state().year is not None:
        st.toggle(t("year_ghosts", ui.lang()), key=GHOSTS_KEY)


def _toggle_play() -> None:
    """▶ starts from the shown year (the first, when today or the last is shown); ‖ stops where it is."""
    if st.session_state.get(PLAYING_KEY):
        st.session_state[PLAYING_KEY] = False
        return
    st.session_state[PLAYING_KEY] = True
    ui.update(year=timeline.play_start(ui.state().year))


def _step() -> None:
    """One tick of the playback: the next year (or the end), then the whole page for it."""
    if not st.session_state.get(PLAYING_KEY):
        return
    # The fragment also runs with the page itself: only its own timed run (a fragment run) moves the year.
    if not _fragment_run():
        return
    following = timeline.next_year(ui.state().year if ui.state().year is not None else today_year())
    if following is None:
        st.session_state[PLAYING_KEY] = False
    else:
        ui.update(year=following)
    st.rerun(scope="app")


def _fragment_run() -> bool:
    """Whether this run is a fragment's own rerun (its timer), not the whole page's."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def playback(key: str, compact: bool = False) -> None:
    """▶/‖ and the speed; while playing, a fragment steps the year every ``SPEEDS[speed]`` seconds.

    ``compact`` draws the button alone (the presenter's top bar), which plays at the default speed.
    """
    lg = ui.lang()
    playing = bool(st.session_state.get(PLAYING_KEY))
    play, speed = (st.container(), None) if compact else st.columns([1, 1.2], vertical_alignment="bottom")
    play.button(
        t("year_pause" if playing else "year_play", lg),
        key=f"{key}_play",
        on_click=_toggle_play,
        help=t("year_play_help", lg),
        width="stretch",
        type="primary" if playing else "secondary",
    )
    if speed is not None:
        speed.selectbox(
            t("year_speed", lg),
            list(SPEEDS),
            index=list(SPEEDS).index(DEFAULT_SPEED),
            format_func=lambda name: t(f"year_speed_{name}", lg),
            key=SPEED_KEY,
            label_visibility="collapsed",
        )
    if playing:
        st.fragment(run_every=SPEEDS[st.session_state.get(SPEED_KEY, DEFAULT_SPEED)])(_step)()
