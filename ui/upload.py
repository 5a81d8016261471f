"""The data page's upload: the file widget, reading the file (a worker process for a large one), the tab's flow.

The session holds the chosen file (``upload_source``) and the job reading it (``upload_job``);
``upload_tab`` runs one step on each rerun and hands the layer to ``ui.layer_edit``, which keeps
it stored and edited (``upload_layer``, ``upload_saved``); the page renders the preview.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import md_escape, t
from geo.planner.ingest import KOREAN_CRS, UploadError, max_upload_mb, read_upload
from geo.planner.jobs import Job, JobFailed, Progress, heavy_upload_bytes
from geo.planner.layer import PlannerLayer
from geo.planner.limits import streamlit_upload_mb
from geo.planner.store import StoreUnavailable, layer_days, new_edit_key
from geo.planner.upload import Ingested, ingest_upload_job
from ui.layer import layer_store, owner_token
from ui.layer_edit import (
    LAYER_KEYS,
    adopt,
    forget_edit_cookie,
    keep_in_store,
    keep_layer,
    kept_record,
    linked_layer,
    optional_select,
    uploader_key,
)
from ui.state import lang


def take_upload() -> None:
    """Keep the chosen file's bytes in the session (the widget forgets them off this page); start afresh."""
    file = st.session_state.get(uploader_key())
    st.session_state.upload_source = {"name": file.name, "data": file.getvalue()} if file else None
    drop_job()  # another file: the last one's reading is not needed
    st.session_state.upload_swap = False
    for key in LAYER_KEYS:
        st.session_state.pop(key, None)


@st.cache_data(max_entries=4, show_spinner=False)
def read_small(data: bytes, name: str, crs: str | None, swap: bool, lang: str):
    """A small upload, read here once per file and options (errors are not cached, and cost little)."""
    return read_upload(data, name, crs=crs, swap=swap, lang=lang)


def read(source: dict, crs: str | None, swap: bool):
    """The upload: a small file read here; a large one in a worker process, followed with a progress bar.

    The worker's result is an ``Upload`` (a small layer, or one the store did not take), or an
    ``Ingested`` (a large layer, already stored, counted and tiled there).

    The job lives in the session, so a rerun (another widget) follows the same job rather than
    starting again. Raises ``UploadError`` (the file's problem) or ``JobFailed`` (cancelled, or
    the worker died).
    """
    if len(source["data"]) < heavy_upload_bytes():
        return read_small(source["data"], source["name"], crs, swap, lang())
    # Not the language: a large layer is stored by its worker, and another language keeps it (its counts are
    # the same; only the reading's notes stay in the language it was read in).
    key = (source["name"], len(source["data"]), crs, swap)
    job = st.session_state.get("upload_job")
    if job is None or job.key != key:
        drop_job()
        # The worker reads it and, for a large layer, stores, counts and tiles it: the server gets a small result.
        edit_key = new_edit_key()
        job = Job(ingest_upload_job, (source["data"], source["name"], crs, swap, lang(), owner_token(), edit_key), key)
        job.edit_key = edit_key
        st.session_state.upload_job = job
    if not job.done():
        follow(job)
    return job.result()


def follow(job: Job) -> None:
    """A progress bar and a cancel button until the job ends (a click anywhere reruns the page, the job goes on)."""
    bar = st.progress(0.0, text=progress_text(job.progress()))
    st.button(t("job_cancel", lang()), on_click=cancel_upload, icon=":material/cancel:", key="upload_cancel")
    while not job.wait(0.25):
        progress = job.progress()
        bar.progress(progress.fraction, text=progress_text(progress))
    bar.empty()


def progress_text(progress: Progress) -> str:
    """What the bar says: waiting for another upload (how many ahead), starting, or reading (seconds so far)."""
    if progress.stage == "waiting":
        return t("job_waiting", lang()).format(n=progress.ahead + 1)
    stage = progress.stage if progress.stage in ("starting", "reading", "saving", "tiling") else "reading"
    return t(f"job_{stage}", lang()).format(s=f"{progress.seconds:.0f}")


def drop_job() -> None:
    """End the session's reading job; a layer its worker stored that the page has not taken is removed again.

    A worker ended while it saved or tiled (cancel, another file, another CRS) may have stored the
    layer already: it is found by this session's owner token and the job's edit key.
    """
    job = st.session_state.pop("upload_job", None)
    if job is None:
        return
    started = job.progress().stage != "waiting"
    job.cancel()
    key = getattr(job, "edit_key", None)
    if key is None or not started or not job.wait(10):
        return  # a job that never started stored nothing
    kept = (st.session_state.get("upload_saved") or {}).get("id")
    store = layer_store()
    try:
        for info in store.list_layers(owner_token()) if store is not None else ():
            if info.id != kept and store.can_edit(info.id, key):
                store.delete_layer(info.id, edit_key=key)
    except StoreUnavailable:
        pass  # it expires with the others (AXBELT_LAYER_DAYS)


def cancel_upload() -> None:
    """Cancel: the worker is ended at once (its memory goes back to the system) and the page starts afresh."""
    drop_job()
    st.session_state.upload_cancelled = True
    st.session_state.upload_generation = st.session_state.get("upload_generation", 0) + 1
    st.session_state.upload_source = None


def read_kept(source: dict):
    """Read the kept file with the chosen CRS; the Upload, or None once the reason is shown."""
    crs = optional_select(
        st,
        t("upload_crs", lang()),
        list(KOREAN_CRS),
        t("upload_crs_auto", lang()),
        key="upload_crs",
        format_func=KOREAN_CRS.get,
    )
    try:
        upload = read(source, crs, st.session_state.get("upload_swap", False))
    except JobFailed:
        st.error(md_escape(t("job_failed", lang()).format(file=source["name"])))
        return None
    except UploadError as exc:
        st.error(md_escape(exc.message))
        if exc.swap_offered:
            st.button(t("upload_swap", lang()), on_click=st.session_state.update, kwargs={"upload_swap": True})
        return None
    n = upload.layer.n if isinstance(upload, Ingested) else len(upload.gdf)
    st.success(md_escape(t("upload_ok", lang()).format(file=source["name"], n=n)))
    with st.expander(t("upload_notes", lang()), expanded=upload.needs_review, icon=":material/fact_check:"):
        st.markdown("\n".join(f"- {md_escape(note)}" for note in upload.notes))
    return upload


def upload_tab() -> PlannerLayer | None:
    """The upload tab's controls and one step of its state machine; the layer to preview, or None."""
    st.file_uploader(
        t("upload_label", lang()),
        key=uploader_key(),
        on_change=take_upload,
        max_upload_size=streamlit_upload_mb(),
        help=t("upload_help", lang()).format(mb=max_upload_mb()),
    )
    st.caption(t("store_expiry", lang()).format(days=layer_days()))
    forget_edit_cookie()
    if st.session_state.pop("upload_cancelled", False):
        st.info(t("job_cancelled", lang()), icon=":material/cancel:")
    source = st.session_state.get("upload_source")
    upload = read_kept(source) if source else None
    if upload is not None:
        read_key = (
            source["name"],
            len(source["data"]),
            st.session_state.get("upload_crs"),
            st.session_state.get("upload_swap", False),
        )
        if isinstance(upload, Ingested):
            adopt(upload, read_key)
            own = keep_layer(upload.layer.sample, source["name"], kept_record(read_key), prepared=upload)
        else:
            own = keep_layer(upload.gdf, source["name"], kept_record(read_key))
        keep_in_store(own, read_key)
    elif source:
        st.session_state.pop("upload_layer", None)
    else:
        linked_layer()
    return st.session_state.get("upload_layer")
