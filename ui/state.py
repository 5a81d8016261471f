"""The view of this run: read from the URL once by the router, changed only by ``update``, bound to widgets.

The URL is the one home of the view (``geo.viewstate``); page links carry it.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.filters import year_bounds
from geo.viewstate import Choices, ViewState, choices_for, parse, to_query
from ui.caches import catalogue, place_codes, story

# The view of this run in the session: read from the URL by the router, changed by ``update``.
STATE_KEY = "_view_state"
# The URL's parameters this run ignored (a pasted link may hold a cut-off layer id: it gets a notice).
PROBLEMS_KEY = "_view_problems"


def state() -> ViewState:
    """The view of this run, as the router read it from the URL."""
    return st.session_state.get(STATE_KEY) or ViewState()


def lang() -> str:
    """The interface language of this view (Korean by default)."""
    return state().lang


def read_state() -> ViewState:
    """Read the view from the URL, once per run (the router calls it before any page).

    The URL is the one home of the view: widgets write to it through ``update``, page links
    carry it, and the browser's Back button brings an earlier one back. Parameters that make no
    sense are dropped from the address bar, so what is shown and what is shared agree.
    """
    from ui.layer import _claim_edit_key  # the layer module reads the view: imported when first used

    _claim_edit_key()
    view, problems = parse({key: st.query_params.get_all(key) for key in st.query_params}, _choices())
    st.session_state[STATE_KEY] = view
    st.session_state[PROBLEMS_KEY] = problems
    _write_url(view)
    return view


def update(**changes) -> ViewState:
    """The one way the view changes: a new state, written to the URL (and so to the copy-link box).

    Accepts ``ViewState`` fields and ``Filters`` fields (``regions=…``, ``years=…``).
    """
    view = state().with_(**changes)
    st.session_state[STATE_KEY] = view
    _write_url(view)
    return view


def bind(key: str, value, changes: Callable[[object], dict]) -> dict:
    """Keyword arguments for a widget that shows ``value`` of the view and writes back ``changes(new)``.

    The widget's value is set from the view on every run, so Back and a pasted link move it too.
    """
    st.session_state[key] = value
    return {"key": key, "on_change": _widget_changed, "args": (key, changes)}


def _widget_changed(key: str, changes: Callable[[object], dict]) -> None:
    update(**changes(st.session_state[key]))


def _write_url(view: ViewState) -> None:
    """Put ``view`` in the address bar unless it is there already (each change is a Back step)."""
    query = to_query(view)
    if {key: st.query_params.get_all(key) for key in st.query_params} != query:
        st.query_params.from_dict(query)


def _choices() -> Choices:
    """The ids the catalogue knows, for checking a URL; lenient when the catalogue cannot be read."""
    cat, problems = catalogue()
    if cat is None or problems:
        return Choices()
    return choices_for(
        cat.regions["id"],
        cat.sectors["id"],
        cat.sites["id"],
        year_bounds(cat.programs),
        steps=len(story()) or None,
        places=place_codes(),
    )


def go(page: str, view: ViewState | None = None) -> None:
    """Open ``page`` on ``view`` (this view by default)."""
    st.switch_page(page, query_params=to_query(view or state()))


def navigation(pages: list) -> None:
    """Links to every page in the sidebar, each carrying the view (Streamlit's own menu drops it)."""
    for page in pages:
        st.sidebar.page_link(page, query_params=to_query(state()), width="stretch")


def focus_sector(sector_id: str) -> None:
    """Open the map page filtered to one sector."""
    go("views/home.py", state().with_(sectors=(sector_id,)))
