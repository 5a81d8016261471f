"""The view as one GeoPackage for QGIS: a layer per table, each with its style in ``layer_styles``.

Layers ``sites`` (points), ``links`` (lines), ``districts`` (시군구 polygons with the view's
colouring), ``programs`` (a table without geometry, joined to ``sites`` by ``lead_site_id``),
``targets`` and ``sources`` (tables), and ``planner_layer`` when the view has one. The styles
follow the QGIS convention (a ``layer_styles`` table registered in ``gpkg_contents``), so QGIS
opens each layer drawn as the map draws it. Text cells go through ``geo.cells.safe_frame``.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.cells import safe_frame
from geo.downloads import styles
from geo.downloads.tables import ViewTables, headers
from geo.scenario import label as scenario_label

CRS_CHOICES = ("EPSG:4326", "EPSG:5179")
GEOMETRY_COLUMN = "geom"
STYLE_TABLE = "layer_styles"
# The layers in the order QGIS lists them; tables without geometry last.
SPATIAL = ("sites", "links", "districts")
TABLES_ONLY = ("programs", "targets", "sources")
PLANNER_LAYER = "planner_layer"
# QGIS's own layer_styles table, as it creates it in a GeoPackage.
STYLE_TABLE_SQL = f"""CREATE TABLE "{STYLE_TABLE}" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256),
    "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT,
    "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30),
    "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""
GEOMETRY_KINDS = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line"}


def geometry_kind(gdf: gpd.GeoDataFrame) -> str:
    """``point``, ``line`` or ``polygon``: how a layer's first geometry type is drawn."""
    types = gdf.geometry.geom_type.dropna()
    return GEOMETRY_KINDS.get(types.iloc[0], "polygon") if len(types) else "point"


def planner_table(layer: dict, categories) -> tuple[gpd.GeoDataFrame, list[tuple[str, str]]]:
    """The planner's layer with its attributes and a ``category`` column, and its legend (colour, label).

    ``categories`` is its ``geo.planner.aggregate.Categories`` (the map's colouring of it).
    """
    gdf = layer["gdf"]
    out = gdf.drop(columns=[c for c in ("category",) if c in gdf.columns]).copy()
    labels = list(categories.labels)
    out["category"] = [labels[int(code)] for code in categories.codes]
    # Attribute names a GeoPackage can hold: text, never its feature id's or the geometry column's name.
    taken = ("fid", GEOMETRY_COLUMN)
    out = out.rename(
        columns={c: f"{c}_" if str(c).lower() in taken else str(c) for c in out.columns if c != gdf.geometry.name}
    )
    out = out.rename_geometry(GEOMETRY_COLUMN) if out.geometry.name != GEOMETRY_COLUMN else out
    for column in out.columns:  # a cell that is no text, number or date (a list, a dict) is written as its text
        if column != GEOMETRY_COLUMN and out[column].dtype == object:
            out[column] = out[column].map(lambda v: v if v is None or isinstance(v, str | int | float) else str(v))
    return out, list(zip(categories.colours, labels, strict=True))


def _style_rows(tables: ViewTables, sectors: pd.DataFrame, lang: str, planner=None) -> list[dict]:
    """One ``layer_styles`` row per layer: its QML, named, the default for its layer."""
    frames = tables.frames()
    aliases = {
        name: headers(name, [c for c in frame.columns if c != "geometry"], lang) for name, frame in frames.items()
    }
    qml = {
        "sites": styles.sites_style(sectors, lang, aliases["sites"]),
        "links": styles.links_style(lang, aliases["links"]),
        "districts": styles.districts_style(tables.district_legend.get(lang, []), lang, aliases["districts"]),
        **{name: styles.table_style(aliases[name]) for name in TABLES_ONLY},
    }
    if planner is not None:
        gdf, legend = planner
        names = [c for c in gdf.columns if c != GEOMETRY_COLUMN]
        qml[PLANNER_LAYER] = styles.planner_style(geometry_kind(gdf), legend, headers("planner", names, lang))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")  # the GeoPackage's own datetime form
    return [
        {
            "f_table_catalog": "",
            "f_table_schema": "",
            "f_table_name": name,
            "f_geometry_column": GEOMETRY_COLUMN if name in (*SPATIAL, PLANNER_LAYER) else "",
            "styleName": name,
            "styleQML": text,
            "styleSLD": "",
            "useAsDefault": 1,
            "description": f"Honam AX Belt dashboard: {name}",
            "owner": "",
            "ui": None,
            "update_time": now,
        }
        for name, text in qml.items()
    ]


def write_styles(path: Path, rows: list[dict]) -> None:
    """Add the ``layer_styles`` table with ``rows`` to the GeoPackage at ``path``, registered as attributes."""
    columns = list(rows[0])
    names, marks = ", ".join(f'"{c}"' for c in columns), ", ".join("?" * len(columns))
    db = sqlite3.connect(path)
    with db:
        db.execute(STYLE_TABLE_SQL)
        db.executemany(
            f'INSERT INTO "{STYLE_TABLE}" ({names}) VALUES ({marks})', [tuple(row[c] for c in columns) for row in rows]
        )
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES (?, 'attributes', ?, 'QGIS layer styles', strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
            (STYLE_TABLE, STYLE_TABLE),
        )
    db.close()


def view_gpkg(
    tables: ViewTables,
    sectors: pd.DataFrame,
    lang: str = "ko",
    crs: str = "EPSG:4326",
    planner=None,
    scenario: str | None = None,
) -> bytes:
    """The view as GeoPackage bytes.

    Parameters
    ----------
    tables : ViewTables
        ``geo.downloads.view_tables`` of the view.
    sectors : DataFrame
        ``sectors.csv`` (ids, names, colours): the sites' style.
    lang : str
        The language of the styles' legends and field aliases (the attributes carry both).
    crs : str
        ``EPSG:4326`` (the default) or ``EPSG:5179`` (UTM-K), for every layer with geometry.
    planner : tuple, optional
        The planner's layer as `planner_table` returns it.
    scenario : str, optional
        The view's what-if scenario: every layer's description (QGIS's abstract) names it.
    """
    if crs not in CRS_CHOICES:
        raise ValueError(f"crs must be one of {', '.join(CRS_CHOICES)}, not {crs!r}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "view.gpkg"
        layers = {name: frame for name, frame in tables.frames().items()}
        if planner is not None:
            layers[PLANNER_LAYER] = planner[0]
        for name in (*SPATIAL, PLANNER_LAYER, *TABLES_ONLY):
            if name not in layers:
                continue
            frame = safe_frame(layers[name])
            if isinstance(frame, gpd.GeoDataFrame):
                frame = frame.to_crs(crs)
                frame = frame.rename_geometry(GEOMETRY_COLUMN) if frame.geometry.name != GEOMETRY_COLUMN else frame
                pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
            else:
                pyogrio.write_dataframe(pd.DataFrame(frame), path, layer=name, driver="GPKG")
        write_styles(path, _style_rows(tables, sectors, lang, planner))
        if scenario:
            note_scenario(path, scenario_label(lang))
        return path.read_bytes()


def note_scenario(path: Path, text: str) -> None:
    """Write ``text`` (the scenario's name) as every layer's description, which QGIS shows as its abstract."""
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE gpkg_contents SET description = ? WHERE table_name != ?", (text, STYLE_TABLE))
    db.close()
