"""Tables with coordinates: CSV and XLSX files whose columns hold latitude/longitude, x/y or WKT."""

from __future__ import annotations

import io
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.planner.ingest.archives import _open_zip
from geo.planner.ingest.encodings import _decode_text
from geo.planner.ingest.messages import _names_list, _Reading

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
        reading.dropped(key, frame.index, usable)
    return gpd.GeoDataFrame(frame[usable.to_numpy()], geometry=np.asarray(geometry)[usable.to_numpy()])
