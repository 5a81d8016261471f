"""The planner's layer on the data page: its widgets, stored once, kept in step with edits, removed.

The session holds the layer as the widgets set it (``upload_layer``, a ``PlannerLayer`` the map
draws too) and what the store holds of it (``upload_saved``). A stored layer's record, not the
file's defaults, fills the widgets whenever the page is opened again; a change the store refused
waits and is tried again; removal asks first, and clears the layer's edit key and cookie.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import streamlit as st

from geo.i18n import md_escape, t
from geo.planner.aggregate import DEFAULT_COLOUR, category_candidates
from geo.planner.layer import PlannerLayer
from geo.planner.overlay import label_candidates
from geo.planner.store import (
    EDIT_COOKIE_ROUTE,
    StoreLimitError,
    StoreUnavailable,
    limit_message,
    new_edit_key,
)
from ui.layer import (
    EDIT_KEYS,
    LAYER_CACHE,
    edit_key,
    edit_link,
    keep_edit_cookie,
    keep_edit_key,
    layer_store,
    may_edit,
    owner_token,
    planner_layer,
    store_features,
)
from ui.state import lang, state, update

LAYER_WIDGETS = ("upload_crs", "upload_name", "upload_label", "upload_colour", "upload_colour_by")
LAYER_KEYS = (*LAYER_WIDGETS, "upload_layer", "upload_saved")


# Streamlit sends a selectbox's None as "nothing chosen" and shows its placeholder, so the option
# that means none (automatic, no tooltip, one colour) is an empty string on the widget.
NO_CHOICE = ""


def optional_select(where, label: str, options: list, none_word: str, value=None, format_func=str, **kwargs):
    """A selectbox whose first option, ``none_word``, means none: the chosen option, or None for that one."""
    choices = [NO_CHOICE, *(o for o in options if o != NO_CHOICE)]
    chosen = where.selectbox(
        label,
        choices,
        index=choices.index(value) if value in choices[1:] else 0,
        format_func=lambda c: none_word if c == NO_CHOICE else format_func(c),
        **kwargs,
    )
    return None if chosen == NO_CHOICE else chosen


def uploader_key() -> str:
    """The file widget's key; a new one after Remove gives an empty widget (it cannot be emptied otherwise)."""
    return f"upload_file_{st.session_state.get('upload_generation', 0)}"


def _store():
    """The store, or ``StoreUnavailable`` when it cannot be reached."""
    store = layer_store()
    if store is None:
        raise StoreUnavailable("unreachable")
    return store


def save_layer(layer: PlannerLayer, file_name: str) -> tuple[str | None, str | None]:
    """Store the session's layer and name it in the view: ``(id, None)``, or ``(None, notice)`` when it cannot be."""
    try:
        key = new_edit_key()
        layer_id = _store().save_layer(
            layer.gdf,
            name=layer.name,
            owner=owner_token(),
            colour=layer.colour,
            label_column=layer.label_column,
            file_name=file_name,
            edit_key=key,
            colour_column=layer.colour_column,
        )
    except StoreLimitError as exc:
        return None, limit_message(exc, lang())
    except StoreUnavailable:
        return None, t("store_save_waiting", lang())
    keep_edit_key(layer_id, key)
    update(layer=layer_id)
    return layer_id, None


def update_stored_layer(layer_id: str, **changes) -> bool:
    """Keep the stored record in step with the page's widgets; False when the store does not answer (it waits)."""
    try:
        _store().update_layer(layer_id, **changes, edit_key=edit_key(layer_id))
    except StoreUnavailable:
        return False
    LAYER_CACHE.forget(layer_id)
    return True


def sync_record(layer: PlannerLayer, saved: dict) -> None:
    """Write the widgets' record when it differs from the stored one; a change the store refused waits, and says so.

    ``saved["record"]`` is what the store holds: it moves only when a write succeeds, so the
    change is tried again on every run until the store answers, and never dropped.
    """
    if layer.record() != saved["record"] and update_stored_layer(saved["id"], **layer.record()):
        saved["record"] = layer.record()
    if layer.record() != saved["record"]:
        st.warning(t("store_edit_waiting", lang()), icon=":material/cloud_off:")
        st.button(t("store_try_again", lang()), icon=":material/refresh:", key="store_retry")


def delete_stored_layer(layer_id: str) -> bool:
    """Remove a stored layer (with the session's edit key) and drop it from the view; False if the store is silent."""
    try:
        _store().delete_layer(layer_id, edit_key=edit_key(layer_id))
    except StoreUnavailable:
        return False
    LAYER_CACHE.forget(layer_id)
    if state().layer == layer_id:
        update(layer=None)
    return True


def remove_layer() -> None:
    """Remove, once confirmed: the stored layer is deleted for everyone with its link and the page starts afresh.

    A store that does not answer removes nothing: the layer stays, with a message saying so. Once
    removed, the layer's edit key goes from the session and from this browser's cookie (``forget_edit_cookie``).
    """
    layer = st.session_state.get("upload_layer")
    st.session_state.upload_confirm = False
    if layer is not None and layer.id:
        if not delete_stored_layer(layer.id):
            st.session_state.upload_remove_failed = True
            return
        st.session_state.get(EDIT_KEYS, {}).pop(layer.id, None)
        st.session_state.upload_forget = layer.id
    st.session_state.upload_generation = st.session_state.get("upload_generation", 0) + 1
    st.session_state.upload_source = None
    for key in LAYER_KEYS:
        st.session_state.pop(key, None)


FORGET_COOKIE_SCRIPT = """<script>
fetch(%(route)s, {method: "DELETE", credentials: "same-origin", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({layer: %(layer)s})}).catch(function () {});
</script>"""


def forget_edit_cookie() -> None:
    """After a removal: have this browser drop the removed layer's edit cookie (the server's edit-key route)."""
    layer_id = st.session_state.pop("upload_forget", None)
    if layer_id is None:
        return
    body = FORGET_COOKIE_SCRIPT % {"route": json.dumps(EDIT_COOKIE_ROUTE), "layer": json.dumps(layer_id)}
    st.container(key="edit_cookie_forget").html(body, unsafe_allow_javascript=True)


def confirm_removal(name: str) -> None:
    """The question Remove asks before anything is removed, and the message when the store refused it."""
    if st.session_state.pop("upload_remove_failed", False):
        st.error(t("store_remove_failed", lang()), icon=":material/cloud_off:")
    if not st.session_state.get("upload_confirm"):
        return
    st.warning(md_escape(t("store_remove_confirm", lang()).format(name=name)), icon=":material/delete:")
    yes, no, _ = st.columns([2, 1, 4])
    yes.button(t("store_remove_yes", lang()), on_click=remove_layer, type="primary", key="upload_remove_yes")
    no.button(t("store_remove_no", lang()), on_click=st.session_state.update, kwargs={"upload_confirm": False})


def edit_link_box(layer_id: str) -> None:
    """The uploader's edit link: this view plus the layer's edit key, to keep (it is never in the shared link).

    The browser keeps the key in a cookie too (``ui.keep_edit_cookie``): a reload may still edit.
    """
    keep_edit_cookie(layer_id)
    with st.expander(t("store_edit_link", lang()), icon=":material/key:"):
        st.code(edit_link(layer_id), language=None, wrap_lines=True)
        st.caption(t("store_edit_link_help", lang()))


def keep_layer(gdf, file_name: str, start: dict, editable: bool = True, prepared=None) -> PlannerLayer:
    """The layer's name, tooltip column and colour, kept as ``upload_layer`` for the belt map too.

    ``start`` holds the first values (a stored layer's record, or the file's name); afterwards
    the widgets hold them. Not ``editable`` (a view link): they show the record, disabled, with no Remove.
    ``prepared`` is a large upload's ``geo.planner.upload.Ingested``: ``gdf`` is then its sample,
    and the layer kept has its summary and size but not its features (they are in the store).
    """
    previous = st.session_state.get("upload_layer")
    columns = label_candidates(gdf) if prepared is None else prepared.label_columns
    label = start.get("label_column", columns[0] if columns else None)
    by_columns = category_candidates(gdf) if prepared is None else prepared.category_columns
    # The remove button's column holds "Remove the layer" on one line at 1280×720.
    name_col, label_col, by_col, colour_col, remove_col = st.columns([3, 3, 3, 1, 3], vertical_alignment="bottom")
    layer = PlannerLayer(
        gdf,
        name=name_col.text_input(
            t("upload_layer_name", lang()),
            start.get("name", Path(file_name).stem),
            key="upload_name",
            disabled=not editable,
        ),
        label_column=optional_select(
            label_col,
            t("upload_label_column", lang()),
            columns,
            t("upload_no_label", lang()),
            label,
            key="upload_label",
            disabled=not editable,
        ),
        colour=colour_col.color_picker(
            t("upload_colour", lang()), start.get("colour", DEFAULT_COLOUR), key="upload_colour", disabled=not editable
        ),
        colour_column=optional_select(
            by_col,
            t("upload_colour_by", lang()),
            by_columns,
            t("upload_one_colour", lang()),
            start.get("colour_column"),
            key="upload_colour_by",
        ),
        file_name=file_name,
        id=previous.id if previous is not None else start.get("id"),
        token=previous.token if previous is not None else None,
    )
    if prepared is not None:
        worker = prepared.layer
        layer = replace(
            worker,
            **layer.record(),
            token=layer.token,
            loader=store_features(worker.id),
        )
    if editable:
        remove_col.button(
            t("upload_remove", lang()),
            on_click=st.session_state.update,
            kwargs={"upload_confirm": True},
            icon=":material/delete:",
            help=t("store_remove_help", lang()),
        )
        confirm_removal(layer.name)
    st.session_state.upload_layer = layer
    return layer


def stored_info(layer_id: str):
    """The stored record of a layer; False when the store no longer holds it, None when it does not answer."""
    store = layer_store()
    try:
        info = store.layer_info(layer_id) if store is not None else None
    except StoreUnavailable:
        return None
    return False if info is None and store is not None else info


def kept_record(read_key: tuple) -> dict:
    """The first values of the session's own upload: its stored record once saved, so no return undoes an edit.

    Streamlit forgets a widget's value while another page is open; the widgets then start from
    the store's record (the last edit, whoever made it), else from the session's last copy
    (store down), else from the file (``{}``).
    """
    saved = st.session_state.get("upload_saved")
    if saved is None or saved["key"] != read_key:
        return {}
    previous = st.session_state.get("upload_layer")
    start = {**saved["record"], "colour_column": previous.colour_column if previous is not None else None}
    if previous is not None and (not saved["id"] or previous.record() != saved["record"]):
        return {**start, **previous.record()}  # not stored yet, or a change waiting for the store: the session's
    info = stored_info(saved["id"]) if saved["id"] else None
    if info:
        saved["record"] = {key: getattr(info, key) for key in saved["record"]}
        start.update(saved["record"])
    return start


def keep_in_store(layer: PlannerLayer, read_key: tuple) -> None:
    """Save the session's upload once per reading; afterwards keep the stored record in step with the widgets."""
    saved = st.session_state.get("upload_saved")
    waiting = saved is not None and saved["key"] == read_key and saved["id"] is None and saved["retry"]
    if saved is None or saved["key"] != read_key or waiting:
        if saved and saved.get("id"):
            delete_stored_layer(saved["id"])  # the same file read again (another CRS): the old reading goes
        layer_id, notice = save_layer(layer, layer.file_name)
        saved = st.session_state.upload_saved = {
            "key": read_key,
            "id": layer_id,
            "record": layer.record(),
            "notice": notice,
            "retry": notice == t("store_save_waiting", lang()),  # the store did not answer: tried again next run
        }
        if layer_id:
            st.rerun()  # the sidebar's page links, drawn before this, now carry the layer too
    elif saved["id"] and stored_info(saved["id"]) is False:
        # Gone from the store (expired, or removed in another window): the link is dead, so say so.
        saved.update(id=None, notice=t("store_own_gone", lang()), retry=False)  # saved again only when asked
        update(layer=None)
    elif saved["id"]:
        sync_record(layer, saved)
    layer.id = saved["id"]
    if saved["id"]:
        update(layer=saved["id"])
        if layer.record() == saved["record"]:
            st.caption(t("store_saved", lang()))
            edit_link_box(saved["id"])
    elif saved["notice"]:
        st.warning(saved["notice"], icon=":material/cloud_off:")
        if saved["retry"] or saved["notice"] == t("store_own_gone", lang()):
            st.button(
                t("store_try_again", lang()),
                icon=":material/refresh:",
                key="store_retry",
                on_click=saved.update,
                kwargs={"retry": True},
            )


def linked_layer() -> None:
    """The stored layer the link names, editable and removable here (for everyone who has its edit key)."""
    st.session_state.pop("upload_layer", None)
    stored = planner_layer()
    if stored is None:
        st.caption(t("upload_hint", lang()))
        return
    saved = st.session_state.get("upload_saved")
    if saved is None or saved["key"] != ("link", stored.id):
        for key in LAYER_WIDGETS:  # another link's layer: its own record fills the widgets
            st.session_state.pop(key, None)
        saved = st.session_state.upload_saved = {
            "key": ("link", stored.id),
            "id": stored.id,
            "record": stored.record(),
            "notice": None,
        }
    editable = may_edit(stored.id)
    st.info(
        md_escape(
            t("store_linked" if editable else "store_linked_view", lang()).format(
                name=stored.name, file=stored.file_name, n=len(stored.gdf)
            )
        ),
        icon=":material/link:",
    )
    previous = st.session_state.get("linked_pending")  # a change the store refused, kept across pages
    start = {**stored.record(), "id": stored.id}
    if previous and previous.get("id") == stored.id:
        start.update(previous)
    layer = keep_layer(stored.gdf, stored.file_name, start, editable)
    if editable:
        sync_record(layer, saved)
        pending = layer.record() != saved["record"]
        st.session_state.linked_pending = {**layer.record(), "id": stored.id} if pending else None
        edit_link_box(stored.id)


def adopt(ingested, read_key: tuple) -> None:
    """A large upload its worker stored: keep its id and edit key, once per reading, as ``keep_in_store`` would.

    The same file read again (another CRS) replaces the last reading's stored layer.
    """
    saved = st.session_state.get("upload_saved")
    if saved is not None and saved["key"] == read_key:
        return
    if saved and saved.get("id"):
        delete_stored_layer(saved["id"])
    layer = ingested.layer
    keep_edit_key(layer.id, ingested.edit_key)
    st.session_state.pop("upload_layer", None)
    st.session_state.upload_saved = {"key": read_key, "id": layer.id, "record": layer.record(), "notice": None}
    st.session_state.upload_saved["retry"] = False
    update(layer=layer.id)
    st.rerun()  # the sidebar's page links, drawn before this, now carry the layer too
