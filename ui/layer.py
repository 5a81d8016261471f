"""The planner's layer: the session's own upload, or the stored layer the view's link names; edit keys; tiles' quota."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import streamlit as st

from geo.i18n import t
from geo.planner import counts
from geo.planner.aggregate import LayerSummary
from geo.planner.counts import summary_key
from geo.planner.layer import PlannerLayer
from geo.planner.store import (
    EDIT_COOKIE_ROUTE,
    LayerCache,
    Store,
    StoredLayer,
    StoreLimitError,
    StoreUnavailable,
    TileSweep,
    edit_cookie_name,
    is_edit_key,
    is_layer_id,
    new_owner_token,
    open_store,
)
from geo.viewstate import share_link, to_query
from ui.caches import full_sigungu
from ui.state import PROBLEMS_KEY, lang, state

LAYER_CACHE = LayerCache(max_entries=16, ttl=60)


def owner_token() -> str:
    """This browser session's owner token: its stored layers are listed by it."""
    if "owner_token" not in st.session_state:
        st.session_state.owner_token = new_owner_token()
    return st.session_state.owner_token


TILE_SWEEP = TileSweep()
# The edit keys this session holds, layer id → key: its own uploads', and those of edit links it opened.
EDIT_KEYS = "_edit_keys"


def layer_store() -> Store | None:
    """The layer store of this process, or None when it cannot be reached (the caller shows a notice).

    Now and then it also starts a check of the served tile folders against the store, so the
    tiles of a layer removed through another server stop being served here too.
    """
    try:
        store = open_store()
    except StoreUnavailable:
        return None
    TILE_SWEEP.due(store)
    return store


def _claim_edit_key() -> None:
    """Keep an edit link's key (``edit=`` beside ``layer=``) in the session; the address bar then drops it.

    The key never stays in the URL, so the copy-link box and the page links share a view, not the right to edit.
    """
    key, layer_id = st.query_params.get("edit"), st.query_params.get("layer")
    if is_edit_key(key) and is_layer_id(layer_id):
        st.session_state.setdefault(EDIT_KEYS, {})[layer_id] = key


def keep_edit_key(layer_id: str, key: str) -> None:
    """Remember the edit key of a layer this session just stored."""
    st.session_state.setdefault(EDIT_KEYS, {})[layer_id] = key


def edit_key(layer_id: str | None) -> str | None:
    """The session's edit key for a layer, else the one this browser keeps in its cookie, or None (view only)."""
    if not is_layer_id(layer_id):
        return None
    key = st.session_state.get(EDIT_KEYS, {}).get(layer_id) or st.context.cookies.get(edit_cookie_name(layer_id))
    return key if is_edit_key(key) else None


EDIT_COOKIE_SCRIPT = """<script>
fetch(%(route)s, {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({layer: %(layer)s, key: %(key)s})}).catch(function () {});
</script>"""


def keep_edit_cookie(layer_id: str) -> None:
    """Have this browser keep the layer's edit key in its cookie (``edit_cookie``), so a reload may still edit it.

    A hidden script posts the key to the server's edit-key route (``server.py``), whose answer
    sets the cookie; once per session and layer (the same element is not run again), and again
    in each new session, so the cookie lasts ``AXBELT_LAYER_DAYS`` from the last visit.
    """
    import json

    key = edit_key(layer_id)
    if key is None:
        return
    body = EDIT_COOKIE_SCRIPT % {
        "route": json.dumps(EDIT_COOKIE_ROUTE),
        "layer": json.dumps(layer_id),
        "key": json.dumps(key),
    }
    st.container(key="edit_cookie").html(body, unsafe_allow_javascript=True)


def may_edit(layer_id: str) -> bool:
    """Whether this session holds the layer's edit key (asked of the store; False when it does not answer)."""
    store, key = layer_store(), edit_key(layer_id)
    if store is None or key is None:
        return False
    try:
        return store.can_edit(layer_id, key)
    except StoreUnavailable:
        return False


def edit_link(layer_id: str) -> str:
    """The link that opens this view with the right to edit its layer: the view's link plus ``edit=<key>``."""
    return share_link(st.context.url or "", {**to_query(state()), "edit": [edit_key(layer_id) or ""]})


def stored_layer(layer_id: str) -> tuple[StoredLayer | None, str | None]:
    """The stored layer with this id, or None with the notice to show: gone, or store unavailable."""
    store = layer_store()
    try:
        layer = LAYER_CACHE.get(store, layer_id) if store is not None else None
    except StoreUnavailable:
        store = None
    if store is None:
        return None, "store_unavailable_link"
    return (layer, None) if layer is not None else (None, "store_gone")


def planner_layer(quiet: bool = False) -> PlannerLayer | None:
    """The layer to draw: the session's own upload, or the stored layer the view names.

    A link whose layer was removed or expired, or a store that cannot be reached, shows a plain
    notice on the page (unless ``quiet``: a second look within one run) and no layer; the
    session's own upload still shows when the store is down.
    """

    def notice(key: str) -> None:
        if not quiet:
            st.info(t(key, lang()), icon=":material/layers_clear:")

    layer_id = state().layer
    own = st.session_state.get("upload_layer")
    if own is not None and (not layer_id or own.id == layer_id):
        return own
    if not layer_id:
        if any(p.param == "layer" for p in st.session_state.get(PROBLEMS_KEY, ())):
            notice("store_gone")  # a cut-off or malformed id
        return None
    layer, missing = stored_layer(layer_id)
    if missing:
        notice(missing)
    if layer is not None:
        return layer.layer()
    return own if own is not None and own.id is None else None  # never stored (store down): the session still has it


def upload_layers(layer: dict | None = None) -> list:
    """The planner's layer as a map layer: ``layer``, else this session's upload or the stored layer of the link."""
    layer = planner_layer() if layer is None else layer
    if not layer:
        return []
    from geo.planner.overlay import planner_overlay

    # Counts at belt zoom and vector tiles for a large layer: its part of the map stays small and
    # the same from one rerun to the next (see geo.planner.overlay; its counts are kept by ``layer_summary``).
    summary = layer_summary(layer, full_sigungu(), lang())
    return [planner_overlay(layer, full_sigungu(), lang(), admit=tiles_admission(layer), summary=summary)]


def tiles_admission(layer: PlannerLayer) -> Callable[[int], bool]:
    """Whether the store counts a new tile archive of this stored layer in its quota (False: counts only)."""

    def admit(size: int) -> bool:
        store = layer_store()
        try:
            return store is not None and store.add_tiles(layer.id, size)
        except (StoreLimitError, StoreUnavailable):
            return False

    return admit


# Summaries of recent layers in this process: a rerun of the map does not count a million points again.
_SUMMARIES: OrderedDict[tuple, LayerSummary] = OrderedDict()
_SUMMARIES_LOCK = threading.Lock()
MAX_SUMMARIES = 8


def layer_summary(layer: PlannerLayer, sigungu, lang: str) -> LayerSummary:
    """The layer's categories and counts (``geo.planner.counts.layer_summary``), computed once per layer and colouring.

    Kept by ``summary_key`` for every session of this process (the map, its export, the data page, the downloads).
    A large upload's worker counted it already (``PlannerLayer.ready``): that summary is used, in the layer's colour.
    """
    if isinstance(layer, PlannerLayer) and layer.ready():
        return prepared_summary(layer)
    key = summary_key(layer, lang)
    with _SUMMARIES_LOCK:
        if key in _SUMMARIES:
            _SUMMARIES.move_to_end(key)
            return _SUMMARIES[key]
    summary = counts.layer_summary(layer, sigungu, lang)
    with _SUMMARIES_LOCK:
        _SUMMARIES[key] = summary
        while len(_SUMMARIES) > MAX_SUMMARIES:
            _SUMMARIES.popitem(last=False)
    return summary


def prepared_summary(layer: PlannerLayer) -> LayerSummary:
    """The worker's summary of a layer, its one colour set to the layer's (a colour change counts nothing again)."""
    from dataclasses import replace

    summary = layer.summary
    if layer.colour_column is None and summary.categories.colours != (counts.layer_colour(layer.colour),):
        summary = replace(summary, categories=replace(summary.categories, colours=(counts.layer_colour(layer.colour),)))
    return summary


def store_features(layer_id: str):
    """A loader for a layer prepared in a worker: all its features, read from the store (kept in ``LAYER_CACHE``).

    Only what needs every feature calls it (another colouring or tooltip column, a download);
    raises ``LookupError`` when the store no longer holds the layer or does not answer.
    """

    def load():
        layer, missing = stored_layer(layer_id)
        if layer is None:
            raise LookupError(f"layer {layer_id}: {missing}")
        return layer.gdf

    return load
