"""Streamlit glue of the belt in a given year: a page's view in its year, the year control and playback.

The rules are ``geo.timeline``'s; this module caches their result per view and draws the controls.
The year is part of the view (``year=`` in the address, ``ui.update`` the one way it changes); the
ghosts of sites not yet announced, the playback and its speed are this session's only.

Playback steps the view one year at a time with no page reload: while it plays, a fragment that
reruns every step (``st.fragment(run_every=…)``) moves the view to the next year with ``ui.update``
and reruns the app, so the address bar changes and the map swaps in that year's layers in place.
"""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

import ui
from geo import timeline
from geo.catalogue import Catalogue, by_id
from geo.filters import View
from geo.i18n import t

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
def _year_view(stamp: tuple, key: Hashable, year: int, today: int, faint: bool, _view: View, _history):
    # Keyed by the catalogue's stamp and ``key`` (the filters, or a presenter step), which decide ``_view``.
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
        found = _year_view(ui.catalogue_stamp(), key, year, today_year(), ghosts(), shown, cat.history)
    st.session_state[YEAR_VIEW_KEY] = found
    return found


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
    """▶ starts from the shown year (the first, when today or the last is shown); ⏸ stops where it is."""
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


def playback(key: str) -> None:
    """▶/⏸ and the speed; while playing, a fragment steps the year every ``SPEEDS[speed]`` seconds."""
    lg = ui.lang()
    playing = bool(st.session_state.get(PLAYING_KEY))
    play, speed = st.columns([1, 1.3], vertical_alignment="bottom")
    play.button(
        t("year_pause" if playing else "year_play", lg),
        key=f"{key}_play",
        on_click=_toggle_play,
        help=t("year_play_help", lg),
        width="stretch",
        type="primary" if playing else "secondary",
    )
    st.session_state.setdefault(SPEED_KEY, DEFAULT_SPEED)
    speed.selectbox(
        t("year_speed", lg),
        list(SPEEDS),
        format_func=lambda name: t(f"year_speed_{name}", lg),
        key=SPEED_KEY,
        label_visibility="collapsed",
    )
    if playing:
        st.fragment(run_every=SPEEDS[st.session_state[SPEED_KEY]])(_step)()
