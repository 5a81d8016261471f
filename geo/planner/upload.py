"""A large upload's heavy work, done in the worker process: read, store, count and tile; a small result back.

``ingest_upload_job`` runs as a ``geo.planner.jobs.Job``. It reads the file, and a layer that is
not small (``geo.planner.overlay.is_small``) it also saves to the store (the worker opens its own
connection from the same configuration: ``open_store``), counts per 시군구 and 읍면동 in its first
colouring (one colour, the likeliest name column as tooltip) and writes its vector tiles, counted
in the store's quota. The server process then receives an ``Ingested``: the layer's id, record,
size, bounds, summary and a small sample, never the features themselves.

A small layer, or one the store did not take (too large for a limit, or the store not answering),
comes back whole as an ``Upload``, as before: the page then stores it itself, or says why not and
tries again later. Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.planner.aggregate import DEFAULT_COLOUR, category_candidates
from geo.planner.ingest import Upload, read_upload
from geo.planner.layer import PlannerLayer

# Rows of a large layer sent back to the server (to list its columns and show a few).
SAMPLE_ROWS = 200


@dataclass(frozen=True)
class Ingested:
    """A large upload as the worker leaves it: stored, counted and tiled; ``layer`` has no features (``partial``).

    ``notes`` and ``needs_review`` are the reading's (as ``Upload``); ``label_columns`` and
    ``category_columns`` the columns the widgets offer (counted on all rows); ``edit_key`` the
    key the layer was stored with (the server's, handed to the worker).
    """

    layer: PlannerLayer
    notes: list[str]
    needs_review: bool
    label_columns: list[str]
    category_columns: list[str]
    edit_key: str


def ingest_upload_job(
    data: bytes, filename: str, crs: str | None, swap: bool, lang: str, owner: str, edit_key: str
) -> Upload | Ingested:
    """Read the upload; a large one is also stored (with ``owner`` and ``edit_key``), counted and tiled here.

    Raises ``UploadError`` for the file's problems, as ``read_upload``.
    """
    from geo.boundaries import load_sigungu
    from geo.planner.counts import layer_summary
    from geo.planner.jobs import report
    from geo.planner.overlay import is_small, label_candidates
    from geo.planner.store import StoreError, open_store
    from geo.planner.tiles import ensure_tiles

    report(0.05, "reading")
    upload = read_upload(data, filename, crs=crs, swap=swap, lang=lang)
    del data
    gdf = upload.gdf
    if is_small(gdf):
        report(1.0, "reading")
        return upload
    labels = label_candidates(gdf)
    layer = PlannerLayer(gdf, Path(filename).stem, DEFAULT_COLOUR, labels[0] if labels else None, None, filename)
    report(0.4, "saving")
    try:
        store = open_store()
        layer.id = store.save_layer(
            gdf, name=layer.name, owner=owner, colour=layer.colour, label_column=layer.label_column,
            file_name=filename, edit_key=edit_key, colour_column=None,
        )  # fmt: skip
    except (StoreError, OSError):
        return upload  # not stored: the page says why, and stores it when it can
    report(0.6, "tiling")
    summary = layer_summary(layer, load_sigungu(), lang)
    report(0.8, "tiling")
    cats = summary.categories

    def admit(size: int) -> bool:
        try:
            return store.add_tiles(layer.id, size)
        except StoreError:
            return False

    ensure_tiles(gdf, cats.codes, layer.id, cats.column, layer.label_column, cats.labels, None, admit)
    report(1.0, "tiling")
    small = PlannerLayer(
        None,
        layer.name,
        layer.colour,
        layer.label_column,
        None,
        filename,
        layer.id,
        sample=gdf.head(SAMPLE_ROWS).copy(),
        n_features=len(gdf),
        bounds=tuple(float(v) for v in gdf.total_bounds),
        summary=summary,
        prepared=(None, layer.label_column),
    )
    return Ingested(small, upload.notes, upload.needs_review, labels, category_candidates(gdf), edit_key)
