"""Planners' own layers: one reader for the common GIS files, in any Korean CRS and encoding.

``read_upload`` takes the bytes of an uploaded file (GeoJSON, CSV or XLSX with coordinates,
zipped Shapefile, GeoPackage, KML/KMZ) and returns its features in EPSG:4326 with notes of
everything it did: CRS read, guessed or reprojected, text encoding, geometries repaired, rows
dropped. Anything it cannot show raises ``UploadError``, whose message names the file and says
what to do; no other exception leaves it. Archives are unpacked into a temporary folder only,
never into the catalogue. The messages and notes, in Korean and English, are in
``geo.i18n``.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import box, shape

from geo.extent import KOREA, REGIONS
from geo.i18n import t
from geo.limits import DEFAULT_MAX_FEATURES, max_features, max_upload_mb, megabytes  # noqa: F401 (callers import them from here)

# A ZIP (Shapefile, KMZ, XLSX) may unpack to no more than this, in this many members: a small
# archive that inflates to gigabytes would otherwise exhaust the server's disk or memory.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
# Share of features that must land in Korea before a CRS is guessed or a swap is suspected.
GUESS_SHARE = 0.95
GUESS_SAMPLE = 2000

# The CRSs Korean data comes in, in the order a guess prefers them when several fit equally:
# current standards first (5186 for local government, 5179 for national data), Bessel-era last.
KOREAN_CRS: dict[str, str] = {
    "EPSG:5186": "EPSG:5186 · 중부원점 GRS80 (Korea 2000 / Central Belt 2010)",
    "EPSG:5179": "EPSG:5179 · UTM-K GRS80 (Korea 2000 / Unified CS)",
    "EPSG:5181": "EPSG:5181 · 중부원점 GRS80, 가산 50만 (Korea 2000 / Central Belt)",
    "EPSG:5185": "EPSG:5185 · 서부원점 GRS80 (Korea 2000 / West Belt 2010)",
    "EPSG:5187": "EPSG:5187 · 동부원점 GRS80 (Korea 2000 / East Belt 2010)",
    "EPSG:5188": "EPSG:5188 · 동해원점 GRS80 (Korea 2000 / East Sea Belt 2010)",
    "EPSG:5174": "EPSG:5174 · 보정 중부원점 Bessel (Korean 1985 / Modified Central Belt)",
    "EPSG:2097": "EPSG:2097 · 중부원점 Bessel (Korean 1985 / Central Belt)",
    "EPSG:32652": "EPSG:32652 · UTM 52N (WGS 84)",
    "EPSG:4326": "EPSG:4326 · 경위도 WGS84 (longitude/latitude)",
}
PROJECTED_KOREAN_CRS = tuple(code for code in KOREAN_CRS if code != "EPSG:4326")

# File suffix → format name. A Shapefile must come zipped with its parts.
FORMATS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".csv": "CSV",
    ".tsv": "CSV",
    ".txt": "CSV",
    ".xlsx": "XLSX",
    ".zip": "Shapefile (ZIP)",
    ".gpkg": "GeoPackage",
    ".kml": "KML",
    ".kmz": "KMZ",
}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# Pairs of (latitude, longitude) column names, after lower-casing and removing spaces, "_",
# "-", ".", and brackets; the first pair found in a table wins.
COORDINATE_PAIRS = (
    ("위도", "경도"),
    ("lat", "lon"),
    ("lat", "lng"),
    ("lat", "long"),
    ("latitude", "longitude"),
    ("위도y", "경도x"),
    ("y", "x"),
    ("y좌표", "x좌표"),
    ("좌표y", "좌표x"),
    ("ycoord", "xcoord"),
    ("pointy", "pointx"),
    ("ylat", "xlon"),
)
WKT_COLUMNS = ("wkt", "geometry", "geom", "thegeom", "shape")
# LIBKML's styling fields: empty in nearly every file, and noise in a tooltip picker.
KML_STYLE_FIELDS = (
    "timestamp",
    "begin",
    "end",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
    "snippet",
)
# Characters that are neither ASCII nor Hangul syllables or jamo: rare in Korean data, common
# in a text decoded with the wrong one of UTF-8 and CP949.
UNUSUAL_CHARACTERS = re.compile(r"[^\x00-\x7f\uac00-\ud7a3\u3131-\u318e·※○●■□▲△◆◇★☆→←↑↓~]")
# .cpg contents → Python codec. EUC-KR is read as CP949, its superset, so that the extra
# Hangul syllables Windows writes still decode.
# Keys are lower case without spaces, "_" or "-", and without an "ANSI" prefix.
CPG_ALIASES = {
    "949": "cp949",
    "ms949": "cp949",
    "uhc": "cp949",
    "euckr": "cp949",
    "ksc56011987": "cp949",
    "xwindows949": "cp949",
    "65001": "utf-8",
}

# Notes that ask the planner to look: something was guessed, dropped or changed.
REVIEW_NOTES = frozenset(
    {
        "note_crs_guessed",
        "note_dropped_empty",
        "note_dropped_coords",
        "note_dropped_wkt",
        "note_dropped_outside",
        "note_repaired",
        "note_encoding_unknown",
        "note_other_shp",
    }
)


class UploadError(ValueError):
    """An upload that cannot be shown: the message names the file and says what to do.

    ``crs_needed`` is set when choosing a CRS may help; ``swap_offered`` when the latitude and
    longitude look swapped and reading again with ``swap=True`` should fix it.
    """

    def __init__(self, message: str, *, crs_needed: bool = False, swap_offered: bool = False):
        super().__init__(message)
        self.message = message
        self.crs_needed = crs_needed
        self.swap_offered = swap_offered


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


@dataclass
class _Reading:
    """One call of ``read_upload``: the file's name, the language, and the notes so far."""

    file: str
    lang: str
    table: bool = False
    review: bool = False
    notes: list[str] = field(default_factory=list)

    def text(self, key: str, **values) -> str:
        return t(f"ingest_{key}", self.lang).format(file=self.file, **values)

    def note(self, key: str, **values) -> None:
        self.notes.append(self.text(key, **values))
        self.review = self.review or key in REVIEW_NOTES

    def error(self, key: str, *, crs_needed: bool = False, swap_offered: bool = False, **values) -> UploadError:
        return UploadError(self.text(key, **values), crs_needed=crs_needed, swap_offered=swap_offered)

    def where(self, labels) -> str:
        """Rows (tables) or features (other files) by number, the first few of them."""
        items = [str(label) for label in list(labels)[:5]]
        shown = ", ".join(items) + (", …" if len(labels) > 5 else "")
        key = ("where_row" if self.table else "where_feature") + ("s" if len(labels) > 1 else "")
        return self.text(key, items=shown)


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
    limit = max_bytes if max_bytes is not None else max_upload_mb() * 1024 * 1024
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


def _check_count(n: int, reading: _Reading) -> None:
    """Refuse a layer with more features than the map can show, naming both numbers."""
    if n > max_features():
        raise reading.error("too_many", n=n, limit=max_features())


def _display_name(filename: str) -> str:
    """The file's own name, without folders or control characters, at most 120 characters."""
    name = PurePosixPath(str(filename).replace("\\", "/")).name or "upload"
    return "".join(ch for ch in name if ch.isprintable())[:120]


def _short(exc: Exception, name: str) -> str:
    """The first sentence of an exception's message, the server's temporary path replaced by ``name``."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"'?/\S*axbelt-upload-[^/\s]*/[^\s':]*'?", lambda _: name, text)
    return text.split(".;")[0][:200].rstrip(".")


def _format_of(filename: str, reading: _Reading) -> str:
    """The format named by the file's suffix, or an UploadError saying what to upload instead."""
    suffix = PurePosixPath(str(filename).lower()).suffix
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix in SHAPEFILE_PARTS:
        raise reading.error("shp_alone")
    if suffix == ".xls":
        raise reading.error("old_excel")
    raise reading.error("unsupported", suffix=suffix or reading.file)


# ---------------------------------------------------------------- text and encodings


def guess_encoding(raw: bytes) -> str | None:
    """``utf-8`` or ``cp949``: the one ``raw`` decodes in, or None when it decodes in neither.

    Some short CP949 texts also decode as UTF-8 (and the reverse), into characters that are
    neither ASCII nor Hangul. When both decode, the one that yields fewer such characters
    wins, and UTF-8 on a tie: Korean planners' files are Hangul and ASCII, so the right
    reading is the cleaner one (a UTF-8 text whose only non-ASCII letters are accented Latin
    would be misread, which is the price).
    """
    if raw.isascii():
        return "utf-8"
    readable = [encoding for encoding in ("utf-8", "cp949") if _decodes(raw, encoding)]
    if len(readable) < 2:
        return readable[0] if readable else None
    return min(readable, key=lambda encoding: len(UNUSUAL_CHARACTERS.findall(raw.decode(encoding))))


def _decodes(raw: bytes, encoding: str) -> bool:
    """Whether ``raw`` decodes in ``encoding`` without a single error."""
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _decode_text(data: bytes, reading: _Reading) -> str:
    """A text file's content, UTF-8 (with or without BOM) or CP949; a note when it was CP949."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    encoding = guess_encoding(data)
    if encoding is None:
        raise reading.error("undecodable")
    if encoding != "utf-8":
        reading.note("note_encoding", encoding=encoding.upper(), how=reading.text("how_detected"))
    return data.decode(encoding)


def codec_from_cpg(text: str) -> str | None:
    """The Python codec a Shapefile's ``.cpg`` names (``CP949``, ``EUC-KR``, ``949``, ``UTF-8`` …), or None."""
    key = re.sub(r"[\s_-]", "", text.strip().lower()).removeprefix("ansi")
    if key in CPG_ALIASES:
        return CPG_ALIASES[key]
    if key.isdigit():
        key = f"cp{key}"
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _dbf_encoding(dbf: Path, cpg: Path | None, reading: _Reading) -> str | None:
    """The DBF's text encoding: the .cpg's when its text decodes in it, else detected from the records."""
    raw = dbf.read_bytes()
    # The records follow the header, whose length is stored at bytes 8–9; the header itself
    # holds binary counts that are not text in any encoding.
    records = raw[int.from_bytes(raw[8:10], "little") :] if len(raw) >= 10 else b""
    declared = codec_from_cpg(cpg.read_text(encoding="ascii", errors="replace")) if cpg else None
    if declared and _decodes(records, declared):
        reading.note("note_encoding", encoding=declared.upper(), how=reading.text("how_cpg"))
        return declared
    detected = guess_encoding(records)
    if detected is None:
        reading.note("note_encoding_unknown")
        return None
    how = reading.text("how_cpg_wrong", declared=declared.upper()) if declared else reading.text("how_detected")
    reading.note("note_encoding", encoding=detected.upper(), how=how)
    reading.review = reading.review or declared is not None
    return detected


# ---------------------------------------------------------------- archives


def _open_zip(data: bytes, reading: _Reading, *, bad_key: str = "bad_zip") -> zipfile.ZipFile:
    """A checked ZIP: every member path stays inside the archive, and it unpacks to a bounded size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise reading.error(bad_key) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise reading.error("zip_too_big", limit=MAX_UNZIPPED_BYTES // 2**20, count=MAX_ZIP_MEMBERS)
    for member in members:
        if not is_safe_member(member.filename):
            raise reading.error("zip_unsafe", member=member.filename[:80])
    return archive


def is_safe_member(name: str) -> bool:
    """Whether a ZIP member's path stays inside the archive (no absolute path, drive or ``..``)."""
    path = name.replace("\\", "/")
    return not (path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"))


def _extract(archive: zipfile.ZipFile, member: str, target: Path) -> None:
    """Copy one member to ``target``, stopping at the size cap even if the member's header lies."""
    written = 0
    with archive.open(member) as source, target.open("wb") as sink:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > MAX_UNZIPPED_BYTES:
                raise OSError(f"{member} unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MB")
            sink.write(chunk)


def _is_payload(name: str) -> bool:
    """Whether a member is real content, not a folder or macOS's ``__MACOSX``/``._`` resource copies."""
    path = PurePosixPath(name)
    return not name.endswith("/") and "__MACOSX" not in path.parts and not path.name.startswith("._")


# ---------------------------------------------------------------- readers (bytes → GeoDataFrame, CRS as declared)


def _read_geojson(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """GeoJSON (FeatureCollection, Feature or bare geometry), with the CRS of its ``crs`` member if any."""
    text = _decode_text(data, reading)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise reading.error("bad_json", reason=exc.msg, line=exc.lineno, column=exc.colno) from None
    features = _geojson_features(document)
    if features is None:
        raise reading.error("not_geojson")
    records = [_properties(f) for f in features]
    geometries = [_geometry_or_none(f.get("geometry") if isinstance(f, dict) else None) for f in features]
    frame = gpd.GeoDataFrame(_attribute_frame(records, len(features)), geometry=geometries)
    declared = _geojson_crs(document, reading)
    if declared is not None:
        frame = frame.set_crs(declared)
        frame.attrs["crs_origin"] = "origin_geojson"
    return frame


def _geojson_features(document: object) -> list | None:
    """The features of a GeoJSON document, or None when it is not GeoJSON."""
    if not isinstance(document, dict):
        return None
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        return features if isinstance(features, list) else None
    if kind == "Feature":
        return [document]
    if kind in (
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    ):
        return [{"type": "Feature", "geometry": document, "properties": {}}]
    return None


def _properties(feature: object) -> dict:
    """A feature's properties as a dict (empty when missing or malformed)."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    return props if isinstance(props, dict) else {}


def _geometry_or_none(geometry: object):
    """The shapely geometry of a GeoJSON geometry, or None when missing or malformed."""
    try:
        return shape(geometry) if isinstance(geometry, dict) else None
    except Exception:  # noqa: BLE001 — shapely raises many kinds for malformed coordinates
        return None


def _geojson_crs(document: dict, reading: _Reading) -> CRS | None:
    """The CRS named by the (pre-2016) GeoJSON ``crs`` member, or None when there is none.

    Only EPSG codes and CRS84 are accepted, parsed by pattern: the name is never handed to PROJ
    as free text, which could point it at a file or a URL.
    """
    member = document.get("crs")
    if not member:
        return None
    props = member.get("properties") if isinstance(member, dict) else None
    props = props if isinstance(props, dict) else {}
    name = str(props.get("name") or (f"EPSG:{props['code']}" if "code" in props else member))
    if re.search(r"CRS:?84$", name, re.IGNORECASE):
        return CRS.from_epsg(4326)
    found = re.search(r"EPSG(?::+(?:[\d.]*:)?|/\d+/)(\d{4,6})$", name, re.IGNORECASE)
    if not found:
        raise reading.error("crs_unknown", crs=name[:80], crs_needed=True)
    try:
        return CRS.from_epsg(int(found.group(1)))
    except Exception:  # noqa: BLE001 — pyproj raises CRSError for unknown codes
        raise reading.error("crs_unknown", crs=name[:80], crs_needed=True) from None


def _attribute_frame(records: list[dict], length: int) -> pd.DataFrame:
    """Records as a frame with text column names; a column named like the geometry is renamed."""
    frame = pd.DataFrame.from_records(records) if records and any(records) else pd.DataFrame(index=range(length))
    frame.columns = _unique_names(str(c) for c in frame.columns)
    return frame.rename(columns={"geometry": "geometry_attr"})


def _unique_names(names) -> list[str]:
    """Column names made unique by numbering repeats (``name``, ``name_2``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _read_csv(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """A CSV (comma, semicolon, tab or pipe separated; UTF-8 or CP949) with coordinate columns."""
    text = _decode_text(data, reading)
    if not text.strip():
        raise reading.error("empty")
    first_line = text.lstrip().splitlines()[0]
    separator = max(",;\t|", key=first_line.count)
    frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, skipinitialspace=True)
    frame.columns = _unique_names(str(c).strip() for c in frame.columns)
    frame.index = frame.index + 2  # spreadsheet line numbers: the header is line 1
    return _table_to_frame(frame, reading)


def _read_xlsx(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """The first sheet of an XLSX workbook with coordinate columns; its header may sit below a title."""
    _open_zip(data, reading, bad_key="bad_xlsx").close()  # an XLSX is a ZIP: refuse bombs before openpyxl
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str, engine="openpyxl")
    for name, raw in sheets.items():
        raw = raw.dropna(how="all").fillna("")
        header = _header_row(raw)
        if header is None:
            continue
        frame = raw.loc[raw.index > header].copy()
        frame.columns = _unique_names(str(c).strip() or f"column{i + 1}" for i, c in enumerate(raw.loc[header]))
        frame.index = frame.index + 1  # Excel row numbers start at 1
        if len(sheets) > 1:
            reading.note("note_sheet", sheet=name, n=len(sheets))
        if header > 0:
            reading.note("note_header_row", row=header + 1)
        return _table_to_frame(frame, reading)
    first = next(iter(sheets.values()), pd.DataFrame()).dropna(how="all")
    raise reading.error("no_coord_columns", columns=_names_list([str(c) for c in first.iloc[0]] if len(first) else []))


def _header_row(raw: pd.DataFrame, depth: int = 20) -> int | None:
    """The index of the first of the top rows that names coordinate columns, or None."""
    for index in raw.index[:depth]:
        if coordinate_columns([str(v) for v in raw.loc[index]]) is not None:
            return int(index)
    return None


def _names_list(names: list[str]) -> str:
    """Column names for a message: the first ten, comma-separated."""
    shown = [n for n in names if n][:10]
    return ", ".join(shown) + (", …" if len(names) > 10 else "") if shown else "-"


def _normalise(name: str) -> str:
    """A column name lower-cased without spaces, underscores, dashes, dots or brackets."""
    return re.sub(r"[\s_\-.()\[\]]", "", str(name).lower())


def coordinate_columns(columns: list[str]) -> tuple[str, ...] | None:
    """The coordinate columns of a table: ``("xy", lon, lat)``, ``("wkt", column)``, or None.

    Latitude/longitude pairs are looked for first (위도/경도, lat/lon, x/y …), in the order of
    ``COORDINATE_PAIRS``, then a WKT column.
    """
    by_name: dict[str, str] = {}
    for column in columns:
        by_name.setdefault(_normalise(column), column)
    for lat, lon in COORDINATE_PAIRS:
        if lat in by_name and lon in by_name:
            return ("xy", by_name[lon], by_name[lat])
    for name in WKT_COLUMNS:
        if name in by_name:
            return ("wkt", by_name[name])
    return None


def to_number(values: pd.Series) -> pd.Series:
    """Text as numbers: thousands separators removed (``1,234,567.8``), anything else unreadable is NaN."""
    text = values.astype(str).str.strip()
    grouped = text.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
    text = text.where(~grouped, text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def _table_to_frame(frame: pd.DataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """A table with coordinate or WKT columns as a GeoDataFrame without a CRS; unusable rows dropped."""
    reading.table = True
    found = coordinate_columns(list(frame.columns))
    if found is None:
        raise reading.error("no_coord_columns", columns=_names_list(list(frame.columns)))
    if found[0] == "wkt":
        geometry = shapely.from_wkt(frame[found[1]].astype(str).to_numpy(), on_invalid="ignore")
        frame = frame.drop(columns=found[1])
        reading.note("note_wkt", column=found[1])
        usable = pd.Series(~shapely.is_missing(geometry) & ~shapely.is_empty(geometry), index=frame.index)
        if not usable.any():
            raise reading.error("no_features")
    else:
        _, lon, lat = found
        x, y = to_number(frame[lon]), to_number(frame[lat])
        usable = x.notna() & y.notna()
        if not usable.any():
            raise reading.error("no_numeric_coords", lat=lat, lon=lon)
        geometry = gpd.points_from_xy(x.fillna(0), y.fillna(0))
        reading.note("note_columns", lon=lon, lat=lat)
    if not usable.all():
        key = "note_dropped_wkt" if found[0] == "wkt" else "note_dropped_coords"
        reading.note(key, n=int((~usable).sum()), where=reading.where(frame.index[~usable]))
    return gpd.GeoDataFrame(frame[usable.to_numpy()], geometry=np.asarray(geometry)[usable.to_numpy()])


def _read_zipped_shapefile(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """A Shapefile inside a ZIP, its DBF text decoded with the .cpg's or the detected encoding."""
    with _open_zip(data, reading) as archive:
        names = [n for n in archive.namelist() if _is_payload(n)]
        shapefiles = sorted(n for n in names if n.lower().endswith(".shp"))
        if not shapefiles:
            raise reading.error("zip_no_shp", found=_names_list([PurePosixPath(n).name for n in names]))
        chosen = shapefiles[0]
        if len(shapefiles) > 1:
            reading.note("note_other_shp", n=len(shapefiles), shp=PurePosixPath(chosen).name)
        stem = chosen[:-4].lower()
        parts = {PurePosixPath(n).suffix.lower(): n for n in names if n[:-4].lower() == stem}
        for needed in (".shx", ".dbf"):
            if needed not in parts:
                raise reading.error(
                    "shp_part_missing", shp=PurePosixPath(chosen).name, missing=PurePosixPath(chosen).stem + needed
                )
        with tempfile.TemporaryDirectory(prefix="axbelt-upload-") as folder:
            # Members are written under fixed names, so nothing from the archive picks a path.
            paths = {suffix: Path(folder) / f"layer{suffix}" for suffix in SHAPEFILE_PARTS if suffix in parts}
            for suffix, path in paths.items():
                _extract(archive, parts[suffix], path)
            encoding = _dbf_encoding(paths[".dbf"], paths.get(".cpg"), reading)
            frame = pyogrio.read_dataframe(paths[".shp"], encoding=encoding)
    if frame.crs is not None:
        frame.attrs["crs_origin"] = "origin_prj"
    return frame


def _read_with_gdal(data: bytes, reading: _Reading, suffix: str, origin: str) -> gpd.GeoDataFrame:
    """Every spatial layer of a GeoPackage or KML file, read by GDAL from a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="axbelt-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        listed = pyogrio.list_layers(path)
        layers = [str(name) for name, geometry_type in listed if geometry_type is not None]
        if not layers:
            raise reading.error("no_spatial_layer", found=_names_list([str(n) for n, _ in listed]))
        # Counted before reading, so a file of ten million rows is refused in a moment.
        _check_count(sum(int(pyogrio.read_info(path, layer=layer)["features"]) for layer in layers), reading)
        frames = [pyogrio.read_dataframe(path, layer=layer, use_arrow=True) for layer in layers]
    target = next((f.crs for f in frames if f.crs is not None), None)
    frames = [f.to_crs(target) if f.crs is not None and target is not None and f.crs != target else f for f in frames]
    if len(frames) > 1:
        reading.note("note_layers", n=len(frames), layers=", ".join(layers[:10]))
        for frame, layer in zip(frames, layers, strict=True):
            frame.insert(0, "layer", layer)
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=target)
    if target is not None:
        frame.attrs["crs_origin"] = origin
    return frame


def _read_gpkg(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """A GeoPackage's spatial layers."""
    return _read_with_gdal(data, reading, ".gpkg", "origin_gpkg")


def _read_kml(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """A KML document's layers (folders), without LIBKML's styling fields or columns left empty."""
    frame = _read_with_gdal(data, reading, ".kml", "origin_kml")
    empty = [c for c in frame.columns if c != "geometry" and frame[c].isna().all()]
    return frame.drop(columns=[c for c in KML_STYLE_FIELDS if c in frame.columns] + empty)


def _read_kmz(data: bytes, reading: _Reading) -> gpd.GeoDataFrame:
    """A KMZ: the zipped KML document inside it."""
    with _open_zip(data, reading) as archive:
        documents = sorted(n for n in archive.namelist() if _is_payload(n) and n.lower().endswith(".kml"))
        if not documents:
            raise reading.error("kmz_no_kml")
        with tempfile.TemporaryDirectory(prefix="axbelt-upload-") as folder:
            target = Path(folder) / "doc.kml"
            _extract(archive, documents[0], target)
            kml = target.read_bytes()
    return _read_kml(kml, reading)


READERS = {
    "GeoJSON": _read_geojson,
    "CSV": _read_csv,
    "XLSX": _read_xlsx,
    "Shapefile (ZIP)": _read_zipped_shapefile,
    "GeoPackage": _read_gpkg,
    "KML": _read_kml,
    "KMZ": _read_kmz,
}


# ---------------------------------------------------------------- CRS, swap, repair, bounds


def crs_label(crs: CRS) -> str:
    """A CRS as ``EPSG:5179 (Korea 2000 / Unified CS)``, or its name when it has no EPSG code."""
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code} ({crs.name})" if code else crs.name


def _crs_code(crs: CRS) -> str:
    """A CRS as ``EPSG:5179``, or its name when it has no EPSG code."""
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code}" if code else crs.name


def _anchors(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One (x, y) per feature: the centre of its bounding box, which is cheap for any geometry."""
    bounds = frame.geometry.bounds.to_numpy()
    with np.errstate(over="ignore", invalid="ignore"):  # ±1e308 bounds overflow; such points are dropped later
        return (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2


def _share_inside(x: np.ndarray, y: np.ndarray, bounds: tuple[float, float, float, float]) -> float:
    """The share of points inside a (lon_min, lat_min, lon_max, lat_max) box."""
    inside = (x >= bounds[0]) & (x <= bounds[2]) & (y >= bounds[1]) & (y <= bounds[3])
    return float(inside.mean()) if len(x) else 0.0


def looks_geographic(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether at least half the points could be longitude/latitude.

    Half, not all: one stray value (a typo, a projected pair pasted in) should cost its own
    row, dropped as outside Korea with a note, not the whole file.
    """
    return bool(len(x)) and float(((np.abs(x) <= 180) & (np.abs(y) <= 90)).mean()) >= 0.5


def looks_swapped(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether longitude/latitude points land in Korea only once swapped."""
    swapped = _share_inside(y, x, KOREA)
    return swapped >= 0.5 and swapped > _share_inside(x, y, KOREA)


@lru_cache(maxsize=32)
def _to_wgs84(code: str) -> Transformer:
    """A cached transformer from a CRS code to longitude/latitude."""
    return Transformer.from_crs(code, "EPSG:4326", always_xy=True)


def guess_crs(x: np.ndarray, y: np.ndarray) -> str | None:
    """The Korean projected CRS that places projected points in Korea, or None.

    A CRS qualifies when it puts at least 95% of the points inside Korea. Several can (the
    Transverse Mercator belts share false origins), so the one that puts most of them in the
    belt's three regions wins, then the order of ``KOREAN_CRS``.
    """
    if len(x) > GUESS_SAMPLE:
        pick = np.linspace(0, len(x) - 1, GUESS_SAMPLE).astype(int)
        x, y = x[pick], y[pick]
    best, best_score = None, None
    for rank, code in enumerate(PROJECTED_KOREAN_CRS):
        with np.errstate(all="ignore"):
            lon, lat = _to_wgs84(code).transform(x, y)
        korea = _share_inside(np.asarray(lon), np.asarray(lat), KOREA)
        if korea < GUESS_SHARE:
            continue
        score = (_share_inside(np.asarray(lon), np.asarray(lat), REGIONS), korea, -rank)
        if best_score is None or score > best_score:
            best, best_score = code, score
    return best


def _source_crs(frame: gpd.GeoDataFrame, chosen: str | None, swap: bool, reading: _Reading) -> CRS:
    """The CRS the coordinates are in: chosen, declared by the file, or assumed or guessed from them."""
    x, y = _anchors(frame)
    extent = {"xmin": np.min(x), "xmax": np.max(x), "ymin": np.min(y), "ymax": np.max(y)}
    if chosen:
        try:
            source = CRS.from_user_input(chosen)
        except Exception:  # noqa: BLE001 — pyproj's CRSError
            raise reading.error("crs_invalid", crs=str(chosen)[:80], crs_needed=True) from None
        reading.note("note_crs_chosen", crs=crs_label(source))
    elif frame.crs is not None:
        source = frame.crs
        origin = reading.text(frame.attrs.get("crs_origin", "origin_prj"))
        reading.note("note_crs_declared", crs=crs_label(source), origin=origin)
    elif looks_geographic(x, y):
        source = CRS.from_epsg(4326)
        reading.note("note_crs_assumed")
    elif not swap and looks_swapped(x, y):
        # A latitude over 90 is not a latitude: checked before guessing, or small degree
        # values would pass for metres near a projection's false origin.
        raise reading.error("swapped", swap_offered=True, **extent)
    else:
        guess = guess_crs(x, y)
        if guess is None:
            if guess_crs(y, x) is not None:
                raise reading.error("swapped", swap_offered=True, **extent)
            raise reading.error("crs_needed", crs_needed=True, **extent)
        source = CRS.from_user_input(guess)
        reading.note("note_crs_guessed", crs=crs_label(source))
    if source.is_geographic and not swap and looks_swapped(x, y):
        raise reading.error("swapped", swap_offered=True, **extent)
    return source


def _swap_xy(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with x and y exchanged in every coordinate."""
    out = frame.copy()
    out["geometry"] = shapely.transform(frame.geometry.to_numpy(), lambda coords: coords[:, ::-1])
    return gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)


def _drop_missing(frame: gpd.GeoDataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """Drop features with no geometry, an empty one, or coordinates that are not finite numbers."""
    geometry = frame.geometry
    bounds = geometry.bounds.to_numpy()
    usable = ~(geometry.isna() | geometry.is_empty).to_numpy() & np.isfinite(bounds).all(axis=1)
    if not usable.any():
        raise reading.error("no_features")
    if not usable.all():
        reading.note("note_dropped_empty", n=int((~usable).sum()), where=reading.where(frame.index[~usable]))
    return frame[usable]


def _repair(frame: gpd.GeoDataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """Invalid geometries (self-intersecting rings …) made valid, so joins and drawing work."""
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame = frame.copy()
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].to_numpy())
        reading.note("note_repaired", n=int(invalid.sum()))
    return frame


def _inside_korea(frame: gpd.GeoDataFrame, reading: _Reading) -> gpd.GeoDataFrame:
    """Features that touch Korea; the others dropped with a note, or an error when none does."""
    inside = frame.geometry.intersects(box(*KOREA)).to_numpy()
    if not inside.any():
        xmin, ymin, xmax, ymax = frame.total_bounds
        raise reading.error("outside_korea", crs_needed=True, xmin=xmin, xmax=xmax, ymin=ymin, ymax=ymax)
    if not inside.all():
        reading.note("note_dropped_outside", n=int((~inside).sum()), where=reading.where(frame.index[~inside]))
    return frame[inside]


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
