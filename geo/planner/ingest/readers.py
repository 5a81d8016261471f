"""One reader per format: an upload's bytes to a GeoDataFrame, its CRS as the file declares it (or none)."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj import CRS
from shapely.geometry import shape

from geo.planner.ingest.archives import _extract, _is_payload, _open_zip, upload_folder
from geo.planner.ingest.encodings import _dbf_encoding, _decode_text
from geo.planner.ingest.messages import _names_list, _Reading
from geo.planner.ingest.tables import _read_csv, _read_xlsx, _unique_names
from geo.planner.limits import max_features

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


def _check_count(n: int, reading: _Reading) -> None:
    """Refuse a layer with more features than the map can show, naming both numbers."""
    if n > max_features():
        raise reading.error("too_many", n=n, limit=max_features())


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
        with upload_folder() as folder:
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
    with upload_folder() as folder:
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
        with upload_folder() as folder:
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
