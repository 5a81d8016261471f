"""Data: overlay a planner's own GIS file, and check, cite, describe and download the catalogue."""

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import ui
from geo import data_dictionary
from geo.i18n import md_escape, t
from geo.joins import sites_with_sigungu
from geo.paths import data_dir
from geo.planner.aggregate import DEFAULT_COLOUR, category_candidates
from geo.planner.counts import emd_counts, sigungu_counts
from geo.planner.ingest import KOREAN_CRS, UploadError, max_upload_mb, read_upload, read_upload_job
from geo.planner.jobs import Job, JobFailed, Progress, heavy_upload_bytes
from geo.planner.limits import streamlit_upload_mb
from geo.planner.overlay import is_small, label_candidates, preview_map
from geo.planner.store import StoreLimitError, StoreUnavailable, layer_days, limit_message, new_edit_key
from geo.quality import quality_report

LAYER_WIDGETS = ("upload_crs", "upload_name", "upload_label", "upload_colour", "upload_colour_by")
LAYER_KEYS = (*LAYER_WIDGETS, "upload_layer", "upload_saved")
lang = ui.lang()


def uploader_key() -> str:
    """The file widget's key; a new one after Remove gives an empty widget (it cannot be emptied otherwise)."""
    return f"upload_file_{st.session_state.get('upload_generation', 0)}"


def save_layer(layer: dict, file_name: str) -> tuple[str | None, str | None]:
    """Store the session's layer and name it in the view: ``(id, None)``, or ``(None, notice)`` when it cannot be."""
    store = ui.layer_store()
    try:
        if store is None:
            raise StoreUnavailable("unreachable")
        key = new_edit_key()
        layer_id = store.save_layer(
            layer["gdf"],
            name=layer["name"],
            owner=ui.owner_token(),
            colour=layer["colour"],
            label_column=layer["label_column"],
            file_name=file_name,
            edit_key=key,
            colour_column=layer.get("colour_column"),
        )
    except StoreLimitError as exc:
        return None, limit_message(exc, lang)
    except StoreUnavailable:
        return None, t("store_save_waiting", lang)
    ui.keep_edit_key(layer_id, key)
    ui.update(layer=layer_id)
    return layer_id, None


def update_stored_layer(layer_id: str, **changes) -> bool:
    """Keep the stored record in step with the page's widgets; False when the store does not answer (it waits)."""
    store = ui.layer_store()
    try:
        if store is None:
            raise StoreUnavailable("unreachable")
        store.update_layer(layer_id, **changes, edit_key=ui.edit_key(layer_id))
    except StoreUnavailable:
        return False
    ui.LAYER_CACHE.forget(layer_id)
    return True


def sync_record(layer: dict, saved: dict) -> None:
    """Write the widgets' record when it differs from the stored one; a change the store refused waits, and says so.

    ``saved["record"]`` is what the store holds: it moves only when a write succeeds, so the
    change is tried again on every run until the store answers, and never dropped.
    """
    if record(layer) != saved["record"] and update_stored_layer(saved["id"], **record(layer)):
        saved["record"] = record(layer)
    if record(layer) != saved["record"]:
        st.warning(t("store_edit_waiting", lang), icon=":material/cloud_off:")
        st.button(t("store_try_again", lang), icon=":material/refresh:", key="store_retry")


def delete_stored_layer(layer_id: str) -> bool:
    """Remove a stored layer (with the session's edit key) and drop it from the view; False if the store is silent."""
    store = ui.layer_store()
    try:
        if store is None:
            raise StoreUnavailable("unreachable")
        store.delete_layer(layer_id, edit_key=ui.edit_key(layer_id))
    except StoreUnavailable:
        return False
    ui.LAYER_CACHE.forget(layer_id)
    if ui.state().layer == layer_id:
        ui.update(layer=None)
    return True


def take_upload() -> None:
    """Keep the chosen file's bytes in the session (the widget forgets them off this page); start afresh."""
    file = st.session_state.get(uploader_key())
    st.session_state.upload_source = {"name": file.name, "data": file.getvalue()} if file else None
    job = st.session_state.pop("upload_job", None)
    if job is not None:
        job.cancel()  # another file: the last one's reading is not needed
    st.session_state.upload_swap = False
    for key in LAYER_KEYS:
        st.session_state.pop(key, None)


def remove_layer() -> None:
    """Remove, once confirmed: the stored layer is deleted for everyone with its link and the page starts afresh.

    A store that does not answer removes nothing: the layer stays, with a message saying so.
    """
    layer = st.session_state.get("upload_layer") or {}
    st.session_state.upload_confirm = False
    if layer.get("id") and not delete_stored_layer(layer["id"]):
        st.session_state.upload_remove_failed = True
        return
    st.session_state.upload_generation = st.session_state.get("upload_generation", 0) + 1
    st.session_state.upload_source = None
    for key in LAYER_KEYS:
        st.session_state.pop(key, None)


def confirm_removal(name: str) -> None:
    """The question Remove asks before anything is removed, and the message when the store refused it."""
    if st.session_state.pop("upload_remove_failed", False):
        st.error(t("store_remove_failed", lang), icon=":material/cloud_off:")
    if not st.session_state.get("upload_confirm"):
        return
    st.warning(md_escape(t("store_remove_confirm", lang).format(name=name)), icon=":material/delete:")
    yes, no, _ = st.columns([2, 1, 4])
    yes.button(t("store_remove_yes", lang), on_click=remove_layer, type="primary", key="upload_remove_yes")
    no.button(t("store_remove_no", lang), on_click=st.session_state.update, kwargs={"upload_confirm": False})


def edit_link_box(layer_id: str) -> None:
    """The uploader's edit link: this view plus the layer's edit key, to keep (it is never in the shared link).

    The browser keeps the key in a cookie too (``ui.keep_edit_cookie``): a reload may still edit.
    """
    ui.keep_edit_cookie(layer_id)
    with st.expander(t("store_edit_link", lang), icon=":material/key:"):
        st.code(ui.edit_link(layer_id), language=None, wrap_lines=True)
        st.caption(t("store_edit_link_help", lang))


@st.cache_data(max_entries=4, show_spinner=False)
def read_small(data: bytes, name: str, crs: str | None, swap: bool, lang: str):
    """A small upload, read here once per file and options (errors are not cached, and cost little)."""
    return read_upload(data, name, crs=crs, swap=swap, lang=lang)


def read(source: dict, crs: str | None, swap: bool):
    """The upload: a small file read here; a large one in a worker process, followed with a progress bar.

    The job lives in the session, so a rerun (another widget) follows the same job rather than
    starting again. Raises ``UploadError`` (the file's problem) or ``JobFailed`` (cancelled, or
    the worker died).
    """
    if len(source["data"]) < heavy_upload_bytes():
        return read_small(source["data"], source["name"], crs, swap, lang)
    key = (source["name"], len(source["data"]), crs, swap, lang)
    job = st.session_state.get("upload_job")
    if job is None or job.key != key:
        if job is not None:
            job.cancel()
        job = Job(read_upload_job, (source["data"], source["name"], crs, swap, lang), key)
        st.session_state.upload_job = job
    if not job.done():
        follow(job)
    return job.result()


def follow(job: Job) -> None:
    """A progress bar and a cancel button until the job ends (a click anywhere reruns the page, the job goes on)."""
    bar = st.progress(0.0, text=progress_text(job.progress()))
    st.button(t("job_cancel", lang), on_click=cancel_upload, icon=":material/cancel:", key="upload_cancel")
    while not job.wait(0.25):
        state = job.progress()
        bar.progress(state.fraction, text=progress_text(state))
    bar.empty()


def progress_text(state: Progress) -> str:
    """What the bar says: waiting for another upload (how many ahead), starting, or reading (seconds so far)."""
    if state.stage == "waiting":
        return t("job_waiting", lang).format(n=state.ahead + 1)
    return t(f"job_{state.stage if state.stage in ('starting', 'reading') else 'reading'}", lang).format(
        s=f"{state.seconds:.0f}"
    )


def cancel_upload() -> None:
    """Cancel: the worker is ended at once (its memory goes back to the system) and the page starts afresh."""
    job = st.session_state.pop("upload_job", None)
    if job is not None:
        job.cancel()
    st.session_state.upload_cancelled = True
    st.session_state.upload_generation = st.session_state.get("upload_generation", 0) + 1
    st.session_state.upload_source = None


def read_kept(source: dict):
    """Read the kept file with the chosen CRS; the Upload, or None once the reason is shown."""
    crs = st.selectbox(
        t("upload_crs", lang),
        [None, *KOREAN_CRS],
        key="upload_crs",
        format_func=lambda code: KOREAN_CRS.get(code, t("upload_crs_auto", lang)),
    )
    try:
        upload = read(source, crs, st.session_state.get("upload_swap", False))
    except JobFailed:
        st.error(md_escape(t("job_failed", lang).format(file=source["name"])))
        return None
    except UploadError as exc:
        st.error(md_escape(exc.message))
        if exc.swap_offered:
            st.button(t("upload_swap", lang), on_click=st.session_state.update, kwargs={"upload_swap": True})
        return None
    st.success(md_escape(t("upload_ok", lang).format(file=source["name"], n=len(upload.gdf))))
    with st.expander(t("upload_notes", lang), expanded=upload.needs_review, icon=":material/fact_check:"):
        st.markdown("\n".join(f"- {md_escape(note)}" for note in upload.notes))
    return upload


def keep_layer(gdf, file_name: str, start: dict, editable: bool = True) -> dict:
    """The layer's name, tooltip column and colour, kept as ``upload_layer`` for the belt map too.

    ``start`` holds the first values (a stored layer's record, or the file's name); afterwards
    the widgets hold them. Not ``editable`` (a view link): they show the record, disabled, with no Remove.
    """
    previous = st.session_state.get("upload_layer") or start
    columns = label_candidates(gdf)
    choices = [None, *columns]
    label = start.get("label_column", columns[0] if columns else None)
    by_choices = [None, *category_candidates(gdf)]
    name_col, label_col, by_col, colour_col, remove_col = st.columns([3, 3, 3, 1, 2], vertical_alignment="bottom")
    layer = {
        "id": previous.get("id"),
        "token": previous.get("token"),
        "name": name_col.text_input(
            t("upload_layer_name", lang),
            start.get("name", Path(file_name).stem),
            key="upload_name",
            disabled=not editable,
        ),
        "gdf": gdf,
        "label_column": label_col.selectbox(
            t("upload_label_column", lang),
            choices,
            key="upload_label",
            disabled=not editable,
            index=choices.index(label) if label in choices else 0,
            format_func=lambda c: t("upload_no_label", lang) if c is None else c,
        ),
        "colour": colour_col.color_picker(
            t("upload_colour", lang), start.get("colour", DEFAULT_COLOUR), key="upload_colour", disabled=not editable
        ),
        "colour_column": by_col.selectbox(
            t("upload_colour_by", lang),
            by_choices,
            key="upload_colour_by",
            index=by_choices.index(start.get("colour_column")) if start.get("colour_column") in by_choices else 0,
            format_func=lambda c: t("upload_one_colour", lang) if c is None else c,
        ),
        "file_name": file_name,
    }
    if editable:
        remove_col.button(
            t("upload_remove", lang),
            on_click=st.session_state.update,
            kwargs={"upload_confirm": True},
            icon=":material/delete:",
            help=t("store_remove_help", lang),
        )
        confirm_removal(layer["name"])
    st.session_state.upload_layer = layer
    return layer


def record(layer: dict) -> dict:
    """What the store keeps beside the features, as the page's widgets set it (the colouring column too)."""
    keys = ("name", "colour", "label_column", "colour_column")
    return {key: layer.get(key) for key in keys}


def stored_info(layer_id: str):
    """The stored record of a layer; False when the store no longer holds it, None when it does not answer."""
    store = ui.layer_store()
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
    previous = st.session_state.get("upload_layer") or {}
    start = {**saved["record"], "colour_column": previous.get("colour_column")}
    if previous and (not saved["id"] or record(previous) != saved["record"]):
        return {**start, **record(previous)}  # not stored yet, or a change waiting for the store: the session's
    info = stored_info(saved["id"]) if saved["id"] else None
    if info:
        saved["record"] = record(vars(info))
        start.update(saved["record"])
    return start


def keep_in_store(layer: dict, read_key: tuple) -> None:
    """Save the session's upload once per reading; afterwards keep the stored record in step with the widgets."""
    saved = st.session_state.get("upload_saved")
    waiting = saved is not None and saved["key"] == read_key and saved["id"] is None and saved["retry"]
    if saved is None or saved["key"] != read_key or waiting:
        if saved and saved.get("id"):
            delete_stored_layer(saved["id"])  # the same file read again (another CRS): the old reading goes
        layer_id, notice = save_layer(layer, layer["file_name"])
        saved = st.session_state.upload_saved = {
            "key": read_key,
            "id": layer_id,
            "record": record(layer),
            "notice": notice,
            "retry": notice == t("store_save_waiting", lang),  # the store did not answer: tried again next run
        }
        if layer_id:
            st.rerun()  # the sidebar's page links, drawn before this, now carry the layer too
    elif saved["id"] and stored_info(saved["id"]) is False:
        # Gone from the store (expired, or removed in another window): the link is dead, so say so.
        saved.update(id=None, notice=t("store_own_gone", lang), retry=False)  # saved again only when asked
        ui.update(layer=None)
    elif saved["id"]:
        sync_record(layer, saved)
    layer["id"] = saved["id"]
    if saved["id"]:
        ui.update(layer=saved["id"])
        if record(layer) == saved["record"]:
            st.caption(t("store_saved", lang))
            edit_link_box(saved["id"])
    elif saved["notice"]:
        st.warning(saved["notice"], icon=":material/cloud_off:")
        if saved["retry"] or saved["notice"] == t("store_own_gone", lang):
            st.button(
                t("store_try_again", lang),
                icon=":material/refresh:",
                key="store_retry",
                on_click=saved.update,
                kwargs={"retry": True},
            )


def linked_layer() -> None:
    """The stored layer the link names, editable and removable here (for everyone who has the link)."""
    st.session_state.pop("upload_layer", None)
    stored = ui.planner_layer()
    if stored is None:
        st.caption(t("upload_hint", lang))
        return
    saved = st.session_state.get("upload_saved")
    if saved is None or saved["key"] != ("link", stored["id"]):
        for key in LAYER_WIDGETS:  # another link's layer: its own record fills the widgets
            st.session_state.pop(key, None)
        saved = st.session_state.upload_saved = {
            "key": ("link", stored["id"]),
            "id": stored["id"],
            "record": record(stored),
            "notice": None,
        }
    editable = ui.may_edit(stored["id"])
    st.info(
        md_escape(
            t("store_linked" if editable else "store_linked_view", lang).format(
                name=stored["name"], file=stored["file_name"], n=len(stored["gdf"])
            )
        ),
        icon=":material/link:",
    )
    previous = st.session_state.get("linked_pending")  # a change the store refused, kept across pages
    start = {**stored, **previous} if previous and previous.get("id") == stored["id"] else stored
    layer = keep_layer(stored["gdf"], stored["file_name"], start, editable)
    if editable:
        sync_record(layer, saved)
        pending = record(layer) != saved["record"]
        st.session_state.linked_pending = {**record(layer), "id": stored["id"]} if pending else None
        edit_link_box(stored["id"])


def preview(layer: dict | None, cat) -> None:
    """The belt's boundaries with the layer on top, and its count per 시군구 beside the catalogue's sites."""
    if layer and not is_small(layer["gdf"]):
        st.info(t("upload_large_note", lang).format(n=f"{len(layer['gdf']):,}"), icon=":material/grid_view:")
    admit = ui.tiles_admission(layer) if layer else None
    summary = ui.layer_summary(layer, ui.full_sigungu(), lang) if layer else None
    m = preview_map(
        ui.display_boundaries("sido"), ui.display_boundaries("sigungu"), layer, lang, ui.full_sigungu(), admit, summary
    )
    map_col, table_col = st.columns([3, 2])
    if layer:
        sites = sites_with_sigungu(cat.sites, ui.full_sigungu()) if cat is not None else None
        counts = sigungu_counts(summary, ui.full_sigungu(), sites, lang)
        table_col.dataframe(counts, hide_index=True, height=480, width="stretch")
        table_col.caption(t("upload_outside", lang).format(n=summary.sigungu.outside))
        with table_col.expander(t("upload_emd_counts", lang), icon=":material/table_rows:"):
            st.dataframe(emd_counts(summary, lang), hide_index=True, width="stretch")
    with map_col:
        st_folium(m, key="upload_map", height=520, use_container_width=True, returned_objects=[])


def quality_table() -> None:
    """Per catalogue file: rows, full citations, estimated points, statuses and source age (geo.quality)."""
    st.subheader(t("quality_heading", lang))
    st.caption(t("quality_intro", lang))
    report = quality_report(data_dir())
    for column in ("estimated", "error_median_m", "error_max_m", "newest_age_days"):
        # Counts and metres as text: a file without points shows a blank, not "None".
        report[column] = [f"{v:,.0f}" if pd.notna(v) else "" for v in report[column]]
    shown = report.rename(columns={column: t(f"quality_col_{column}", lang) for column in report.columns})
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("quality_col_cited_share", lang): st.column_config.ProgressColumn(
                t("quality_col_cited_share", lang), format="percent", min_value=0.0, max_value=1.0
            ),
        },
    )


cat, problems = ui.catalogue()
st.title(t("data_title", lang))
st.caption(t("data_intro", lang))
link_box = st.sidebar.container()  # filled last, once this run has named its stored layer in the URL
if problems:
    st.warning(t("catalogue_problem_count", lang).format(n=len(problems)))
else:
    st.success(t("catalogue_valid", lang))
tabs = st.tabs([t(key, lang) for key in ("tab_upload", "tab_check", "tab_sources", "tab_dictionary", "tab_files")])

with tabs[0]:
    st.file_uploader(
        t("upload_label", lang),
        key=uploader_key(),
        on_change=take_upload,
        max_upload_size=streamlit_upload_mb(),
        help=t("upload_help", lang).format(mb=max_upload_mb()),
    )
    st.caption(t("store_expiry", lang).format(days=layer_days()))
    if st.session_state.pop("upload_cancelled", False):
        st.info(t("job_cancelled", lang), icon=":material/cancel:")
    source = st.session_state.get("upload_source")
    upload = read_kept(source) if source else None
    if upload is not None:
        read_key = (
            source["name"],
            len(source["data"]),
            st.session_state.get("upload_crs"),
            st.session_state.get("upload_swap", False),
        )
        own = keep_layer(upload.gdf, source["name"], kept_record(read_key))
        keep_in_store(own, read_key)
    elif source:
        st.session_state.pop("upload_layer", None)
    else:
        linked_layer()
    preview(st.session_state.get("upload_layer"), None if problems else cat)
with tabs[1]:
    if problems:
        ui.show_problems(problems)
    else:
        st.success(t("catalogue_valid", lang))
    quality_table()
    st.subheader(t("status_rule_heading", lang))
    st.markdown(md_escape(t("status_rule", lang)))
with tabs[2]:
    if cat is not None:
        st.dataframe(data_dictionary.sources_table(cat, lang), hide_index=True, width="stretch")
    else:
        st.info(t("sources_unavailable", lang))
with tabs[3]:
    st.dataframe(data_dictionary.dictionary_table(lang), hide_index=True, width="stretch", height=600)
with tabs[4]:
    st.caption(f"{t('catalogue_folder', lang)}: `{data_dir()}`")
    for name, path in data_dictionary.catalogue_files(data_dir()):
        if path is None:
            st.caption(t("files_missing", lang).format(file=name))
        else:
            st.download_button(
                md_escape(name),
                data_dictionary.file_download(path),
                file_name=name,
                key=f"download_{name}",
                mime=data_dictionary.mime_type(name),
                icon=":material/download:",
            )
ui.copy_link(link_box)
