"""A planner's uploaded layer drawn over the belt, and counted per 시군구.

The layer is data, not code: every label is HTML-escaped before it reaches Leaflet, whose
tooltips insert text as HTML.
"""

from __future__ import annotations

import html
import re

import folium
import geopandas as gpd
import pandas as pd

from geo.maps import BELT_BOUNDS, MAP_CSS, AccessibleMap, boundary_layers, offline_map

# Vermilion: distinct from the sector palette's blues and greens, and readable on the pale basemap.
DEFAULT_COLOUR = "#D55E00"
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
POINT_TYPES = ("Point", "MultiPoint")
MARKER_CLASS = "upload-marker"
# Column names (normalised: lower case, no spaces or "_") that usually hold a feature's name.
NAME_HINTS = ("name_ko", "namekr", "name", "이름", "명칭", "시설명", "사업명", "기관명", "업체명", "title", "label")


def label_candidates(gdf: gpd.GeoDataFrame) -> list[str]:
    """The attribute columns that can label features, the likeliest name column first.

    A column whose name hints at a name (``name``, ``이름``, ``명칭`` …) comes first, then the
    other text columns, then the rest; the geometry is never offered.
    """
    columns = [c for c in gdf.columns if c != gdf.geometry.name]

    def rank(column: str) -> tuple[int, int]:
        key = re.sub(r"[\s_]", "", str(column).lower())
        hint = next((i for i, h in enumerate(NAME_HINTS) if key == h.replace("_", "")), None)
        if hint is None:
            hint = len(NAME_HINTS) if key.endswith(("명", "name")) else len(NAME_HINTS) + 1
        text = pd.api.types.is_string_dtype(gdf[column]) or gdf[column].dtype == object
        return (hint, 0 if text else 1)

    return sorted(columns, key=rank)


def _label_text(value: object) -> str:
    """A cell as escaped tooltip text; empty for missing values."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else html.escape(str(value))


def overlay_layer(gdf: gpd.GeoDataFrame, name: str, label_column: str | None, colour: str) -> folium.FeatureGroup:
    """The uploaded features as one toggleable map layer.

    Parameters
    ----------
    gdf : GeoDataFrame
        Features in EPSG:4326 (as ``geo.ingest.read_upload`` returns them).
    name : str
        The layer's name in the layer control.
    label_column : str or None
        The column shown in each feature's tooltip; None for no tooltip.
    colour : str
        ``#RRGGBB``; anything else falls back to ``DEFAULT_COLOUR``.

    Returns
    -------
    folium.FeatureGroup
        Points as circle markers with the CSS class ``upload-marker``; lines and polygons as
        one GeoJSON layer outlined and lightly filled in ``colour``.
    """
    colour = colour if HEX_COLOUR.match(str(colour or "")) else DEFAULT_COLOUR
    labels = gdf[label_column].map(_label_text) if label_column in gdf.columns else pd.Series("", index=gdf.index)
    # Only the geometry and the escaped label are sent to the browser, not every attribute.
    shapes = gpd.GeoDataFrame({"label": labels}, geometry=gdf.geometry.values, crs=gdf.crs)
    is_point = shapes.geom_type.isin(POINT_TYPES).to_numpy()
    group = folium.FeatureGroup(name=html.escape(name), show=True)
    tooltip = (lambda: folium.GeoJsonTooltip(fields=["label"], labels=False)) if label_column else (lambda: None)
    if is_point.any():
        folium.GeoJson(
            shapes[is_point].to_json(drop_id=True),
            marker=folium.CircleMarker(radius=6, color="#ffffff", weight=1.5, fill=True, fill_color=colour,
                                       fill_opacity=0.95, class_name=MARKER_CLASS),
            tooltip=tooltip(),
        ).add_to(group)
    if not is_point.all():
        folium.GeoJson(
            shapes[~is_point].to_json(drop_id=True),
            style_function=lambda _: {"color": colour, "weight": 2.5, "fillColor": colour, "fillOpacity": 0.25},
            highlight_function=lambda _: {"weight": 4, "fillOpacity": 0.4},
            tooltip=tooltip(),
        ).add_to(group)
    return group


def layer_bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    """``[[south, west], [north, east]]`` that shows both the belt and the layer."""
    west, south, east, north = gdf.total_bounds
    (belt_south, belt_west), (belt_north, belt_east) = BELT_BOUNDS
    return [[min(south, belt_south), min(west, belt_west)], [max(north, belt_north), max(east, belt_east)]]


def preview_map(sido: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, layer: dict | None, lang: str) -> folium.Map:
    """The belt's boundaries with an uploaded layer on top, framed to show both.

    ``layer`` is the ``upload_layer`` dict kept in the session (``name``, ``gdf``,
    ``label_column``, ``colour``), or None for the boundaries alone.
    """
    m = offline_map()
    for boundary in boundary_layers(sido, sigungu, lang):
        boundary.add_to(m)
    m.get_root().header.add_child(folium.Element(MAP_CSS))
    m.add_child(AccessibleMap(lang))
    if layer:
        overlay_layer(layer["gdf"], layer["name"], layer["label_column"], layer["colour"]).add_to(m)
    m.fit_bounds(layer_bounds(layer["gdf"]) if layer else [list(corner) for corner in BELT_BOUNDS])
    return m


def count_by_sigungu(gdf: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame) -> pd.DataFrame:
    """The number of uploaded features in each 시군구.

    A point counts where it lies; a line or polygon where its representative point lies (a
    point guaranteed to be on it), so a road crossing three districts is counted once.

    Parameters
    ----------
    gdf : GeoDataFrame
        The uploaded features.
    sigungu : GeoDataFrame
        시군구 polygons with ``code`` and ``name_ko``.

    Returns
    -------
    DataFrame
        ``code``, ``name_ko`` and ``uploaded``, one row per 시군구 (zero where none lies).
    """
    anchors = gpd.GeoDataFrame(geometry=gdf.geometry.representative_point(), crs=gdf.crs)
    if sigungu.crs is not None and anchors.crs != sigungu.crs:
        anchors = anchors.to_crs(sigungu.crs)
    joined = gpd.sjoin(anchors, sigungu[["code", "geometry"]], how="inner", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    out = sigungu[["code", "name_ko"]].reset_index(drop=True)
    out["uploaded"] = out["code"].map(joined.groupby("code").size()).fillna(0).astype(int)
    return out


def add_site_counts(counts: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """``counts`` with a ``sites`` column: catalogue sites per 시군구 (from ``joins.sites_with_sigungu``)."""
    out = counts.copy()
    out["sites"] = out["code"].map(sites.groupby("joined_code").size()).fillna(0).astype(int)
    return out
