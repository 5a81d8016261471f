"""Planners' own layers: one reader for the common GIS files, in any Korean CRS and encoding.

``read_upload`` takes the bytes of an uploaded file (GeoJSON, CSV or XLSX with coordinates,
zipped Shapefile, GeoPackage, KML/KMZ) and returns its features in EPSG:4326 with notes of
everything it did: CRS read, guessed or reprojected, text encoding, geometries repaired, rows
dropped. Anything it cannot show raises ``UploadError``, whose message names the file and says
what to do; no other exception leaves it. Archives are unpacked into a temporary folder only,
never into the catalogue. The messages and notes, in Korean and English, are in
``geo.i18n``.

The package: ``messages`` (what the reader says, and the CRS names offered), ``encodings``,
``archives``, ``tables`` (CSV and XLSX with coordinate columns), ``readers`` (one per format),
``crs`` (declared, chosen, assumed or guessed CRS; swapped axes; repairs); ``read_upload`` here
runs them in turn. Callers import from ``geo.planner.ingest``; the limits are in ``geo.planner.limits``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from geo.planner.ingest.archives import UPLOAD_FOLDER_PREFIX, is_safe_member
from geo.planner.ingest.crs import (
    _crs_code,
    _drop_missing,
    _inside_korea,
    _repair,
    _source_crs,
    _swap_xy,
    crs_label,
    guess_crs,
    looks_geographic,
    looks_swapped,
)
from geo.planner.ingest.encodings import codec_from_cpg, guess_encoding
from geo.planner.ingest.messages import KOREAN_CRS, REVIEW_NOTES, UploadError, _display_name, _Reading
from geo.planner.ingest.readers import FORMATS, READERS, _check_count, _format_of
from geo.planner.ingest.tables import coordinate_columns, to_number
from geo.planner.limits import DEFAULT_MAX_FEATURES, MB, max_features, max_upload_mb, megabytes

__all__ = [
    "read_upload_job",
    "DEFAULT_MAX_FEATURES",
    "FORMATS",
    "KOREAN_CRS",
    "READERS",
    "REVIEW_NOTES",
    "Upload",
    "UploadError",
    "codec_from_cpg",
    "coordinate_columns",
    "crs_label",
    "guess_crs",
    "guess_encoding",
    "is_safe_member",
    "looks_geographic",
    "looks_swapped",
    "max_features",
    "max_upload_mb",
    "read_upload",
    "to_number",
]


@dataclass(frozen=True)
class Upload:
    """An uploaded layer: features in EPSG:4326, what was done to read them, and the source CRS.

    ``needs_review`` is set when a note reports a guess, a repair or dropped features.
    """

    gdf: gpd.GeoDataFrame
    notes: list[str]
    crs: str
    format: str
    needs_review: bool = False


def read_upload(
    data: bytes,
    filename: str,
    crs: str | None = None,
    max_bytes: int | None = None,
    *,
    swap: bool = False,
    lang: str = "ko",
) -> Upload:
    """Read an uploaded GIS file into a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name as uploaded; the suffix selects the reader and messages name it.
    crs : str, optional
        The source CRS (e.g. ``"EPSG:5186"``), overriding the file's own or a guess.
    max_bytes : int, optional
        Size limit; by default ``AXBELT_MAX_UPLOAD_MB`` megabytes (200). A file with more
        features than ``AXBELT_MAX_FEATURES`` (a million) is refused with both numbers.
    swap : bool
        Swap latitude and longitude before anything else (offered when they look swapped).
    lang : str
        Language of the notes and messages, ``"ko"`` or ``"en"``.

    Returns
    -------
    Upload
        The features (invalid geometries repaired, Z dropped, outside-Korea features dropped),
        the notes of what was done, the source CRS and the format name.

    Raises
    ------
    UploadError
        For any file that cannot be shown, with a message that names it and says what to do.
    """
    reading = _Reading(file=_display_name(filename), lang=lang)
    limit = max_bytes if max_bytes is not None else max_upload_mb() * MB
    if len(data) > limit:
        raise reading.error("too_large", size=megabytes(len(data)), limit=megabytes(limit))
    if not data.strip():
        raise reading.error("empty")
    fmt = _format_of(filename, reading)
    try:
        frame = READERS[fmt](data, reading)
        _check_count(len(frame), reading)
        return _finish(frame, fmt, crs, swap, reading)
    except UploadError:
        raise
    except Exception as exc:  # noqa: BLE001 — a reader's own error must reach the planner as a message
        raise reading.error("unreadable", format=fmt, reason=_short(exc, reading.file)) from exc


def _short(exc: Exception, name: str) -> str:
    """The first sentence of an exception's message, the server's temporary path replaced by ``name``."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(rf"'?/\S*{re.escape(UPLOAD_FOLDER_PREFIX)}[^/\s]*/[^\s':]*'?", lambda _: name, text)
    return text.split(".;")[0][:200].rstrip(".")


def _plain_value(value: object) -> object:
    """A cell as something a table and a tooltip can show: lists and dicts as JSON text."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def _plain_attributes(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Object columns with nested values flattened to text."""
    out = frame.copy()
    for column in out.columns:
        if column != "geometry" and out[column].dtype == object:
            out[column] = out[column].map(_plain_value)
    return out


def _finish(frame: gpd.GeoDataFrame, fmt: str, chosen: str | None, swap: bool, reading: _Reading) -> Upload:
    """From a reader's frame to the Upload: CRS resolved, reprojected, repaired, limited to Korea."""
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    if not reading.table:
        frame.index = pd.RangeIndex(1, len(frame) + 1)  # feature numbers as people count them
    reading.notes.insert(0, reading.text("note_read", format=fmt, n=len(frame)))
    frame = _drop_missing(frame, reading)
    if swap:
        frame = _swap_xy(frame)
        reading.note("note_swapped")
    source = _source_crs(frame, chosen, swap, reading)
    frame = frame.set_crs(source, allow_override=True)
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
        reading.note("note_reprojected", crs=crs_label(source))
    frame = gpd.GeoDataFrame(
        frame.drop(columns="geometry"), geometry=shapely.force_2d(frame.geometry.to_numpy()), crs="EPSG:4326"
    )
    frame = _drop_missing(_repair(frame, reading), reading)
    frame = _inside_korea(frame, reading)
    return Upload(
        _plain_attributes(frame).reset_index(drop=True),
        reading.notes,
        _crs_code(source),
        fmt,
        needs_review=reading.review,
    )


def read_upload_job(data: bytes, filename: str, crs: str | None, swap: bool, lang: str) -> Upload:
    """``read_upload`` as a heavy job (``geo.planner.jobs``): run in a worker process, reporting that it is reading."""
    from geo.planner.jobs import report

    report(0.1, "reading")
    upload = read_upload(data, filename, crs=crs, swap=swap, lang=lang)
    report(1.0, "reading")
    return upload
