"""A planner's uploaded layer drawn over the belt (its counts: ``geo.planner.counts``).

The layer is data, not code: every label is HTML-escaped before it reaches Leaflet, whose
tooltips insert text as HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement, Template

from geo.assets import PROTOMAPS_JS
from geo.extent import BELT, corners, union
from geo.i18n import t
from geo.maps import MAP_CSS, AccessibleMap, boundary_layers, offline_map
from geo.planner.aggregate import AreaCounts, LayerSummary, anchor_points, summarise
from geo.planner.counts import layer_colour, layer_key, layer_summary
from geo.planner.tiles import TILE_ZOOM, ensure_tiles

POINT_TYPES = ("Point", "MultiPoint")
MARKER_CLASS = "upload-marker"
# Up to this many features (and coordinates), a layer travels in the map's script and every
# feature shows at every zoom, as before; a larger one shows counts at belt zoom and its
# features, as vector tiles, only when zoomed in.
SMALL_LAYER = 1_000
SMALL_COORDS = 50_000
# Below AREA_ZOOM a bubble per 시군구; from it a bubble per 읍면동 in view; from POINT_ZOOM the features.
AREA_ZOOM = 10
POINT_ZOOM = TILE_ZOOM
LAYER_JS = (Path(__file__).with_name("overlay.js")).read_text(encoding="utf-8")
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


def _area_rows(counts: AreaCounts, lang: str) -> list[list]:
    """Bubble rows for the browser: ``[lat, lon, count, [count per category], escaped name]``."""
    return [
        [float(r.lat), float(r.lon), int(r.count), list(r.by_category), html.escape(str(r.name_ko))]
        for r in counts.table.itertuples(index=False)
    ]


def choropleth_values(counts: AreaCounts, lang: str) -> dict:
    """The 시군구 colours and legend rows of the layer's count, as the map's choropleth switch takes them."""
    from geo.maps.choropleth import class_breaks, class_colours

    values = pd.Series(counts.table["count"].to_numpy(), index=counts.table["code"].to_numpy(), dtype=float)
    breaks = class_breaks(values)
    colours, legend = {}, []
    for (colour, inside), low, high in zip(class_colours(values, breaks), [0.0, *breaks[:-1]], breaks):
        colours |= {code: colour for code in values.index[inside]}
        legend.append([colour, f"{low:,.0f} – {high:,.0f}"])
    return {"colours": colours, "legend": legend}


def small_geojson(gdf: gpd.GeoDataFrame, codes, label_column: str | None) -> dict:
    """The features as GeoJSON with only ``c`` (category) and ``n`` (escaped label), 5 decimals (about 1 m)."""
    labels = gdf[label_column].map(_label_text) if label_column in gdf.columns else pd.Series("", index=gdf.index)
    shapes = gpd.GeoDataFrame(
        {"c": list(map(int, codes)), "n": labels.to_numpy()},
        geometry=shapely.set_precision(gdf.geometry.values, 1e-5),
        crs=gdf.crs,
    )
    return json.loads(shapes.to_json(drop_id=True))


def is_small(gdf: gpd.GeoDataFrame) -> bool:
    """Whether the features go in the map's script and show at every zoom, rather than as tiles and counts."""
    return len(gdf) <= SMALL_LAYER and int(shapely.get_num_coordinates(gdf.geometry.values).sum()) <= SMALL_COORDS


def layer_is_small(layer) -> bool:
    """``is_small`` of a planner's layer; a layer prepared in a worker (``PlannerLayer.partial``) never is."""
    return not layer.get("partial") and is_small(layer["gdf"])


class _LayerScript(MacroElement):
    """The planner's layer in the browser: counts at belt zoom, features when zoomed in, and its legend.

    Everything it needs is in ``data`` (counts per area, categories and colours, and either the
    features of a small layer or the URL of a large one's vector tiles), so its script is the
    same on every rerun and small whatever the layer's size.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var d = {{ this.data|tojson }};
            window.axUploadLayer(group, d);
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict):
        super().__init__()
        self._name = "UploadLayer"
        self.data = data


class _LayerLibrary(MacroElement):
    """The upload layer's functions, defined once (before the layer's data) in the same script."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "UploadLayerLibrary"
        self.code = LAYER_JS


def overlay_layer(
    gdf: gpd.GeoDataFrame,
    name: str,
    label_column: str | None,
    colour: str,
    *,
    summary: LayerSummary | None = None,
    sigungu: gpd.GeoDataFrame | None = None,
    tiles: str | None = None,
    lang: str = "ko",
    small: bool | None = None,
) -> folium.FeatureGroup:
    """The uploaded features as one toggleable map layer that stays readable and light at any size.

    Parameters
    ----------
    gdf : GeoDataFrame
        Features in EPSG:4326 (as ``geo.planner.ingest.read_upload`` returns them).
    name : str
        The layer's name in the layer control and its legend.
    label_column : str or None
        The column shown in each feature's tooltip; None for no tooltip.
    colour : str
        ``#RRGGBB`` for a layer in one colour; anything else falls back to ``DEFAULT_COLOUR``.
    summary : LayerSummary, optional
        The layer's categories and counts (``geo.planner.aggregate.summarise``); by default one colour,
        counted on ``sigungu``.
    sigungu : GeoDataFrame, optional
        시군구 polygons for the counts when no ``summary`` is given (the belt's, by default).
    tiles : str, optional
        The URL of the layer's vector tiles (``geo.planner.tiles.ensure_tiles``) for a layer that is not
        small (``is_small``), whose features then travel as tiles. Without it (a layer that is
        not stored, or whose tiles the quota refused) a large layer shows its counts at every zoom.
    lang : str
        Language of the legend and tooltips.
    small : bool, optional
        Whether ``gdf`` is small (``is_small``, by default); False for a layer whose features the
        server does not hold (``gdf`` then None, and ``summary`` and ``tiles`` given).

    Returns
    -------
    folium.FeatureGroup
        A small layer (up to ``SMALL_LAYER`` features) draws every feature at every zoom: points
        as circle markers with the CSS class ``upload-marker``, lines and polygons outlined and
        lightly filled. A larger one draws a bubble per 시군구 with its count (coloured by
        category) at belt zoom, per 읍면동 from zoom 10, and its features from zoom 11 on.
        Its legend and a "count per 시군구" entry in the choropleth switch come with it.
    """
    colour = layer_colour(colour)
    if summary is None:
        from geo.boundaries import load_sigungu

        summary = summarise(gdf, load_sigungu() if sigungu is None else sigungu, None, colour, t("layer_other", lang))
    cats = summary.categories
    colours = [colour] if cats.column is None else list(cats.colours)
    small = is_small(gdf) if small is None else small
    swatch = "".join(f'<span class="lg-swatch" style="background:{c}"></span>' for c in colours[:3])
    group = folium.FeatureGroup(name=f"{swatch}{html.escape(name)}", show=True)
    data = {
        "name": html.escape(name),
        "total": summary.n,
        "colours": colours,
        "labels": [html.escape(label) for label in cats.labels],
        "counts": list(cats.counts),
        "column": html.escape(cats.column) if cats.column else None,
        "sgg": _area_rows(summary.sigungu, lang),
        "emd": _area_rows(summary.emd, lang),
        "small": small,
        "features": small_geojson(gdf, cats.codes, label_column) if small else None,
        "tiles": None if small else tiles,
        "tileZoom": TILE_ZOOM,
        "pointZoom": POINT_ZOOM,
        "areaZoom": AREA_ZOOM,
        "choro": choropleth_values(summary.sigungu, lang),
        "library": PROTOMAPS_JS,
        "markerClass": MARKER_CLASS,
        "text": {
            key: t(f"layer_{key}", lang) for key in ("unit", "areas_note", "zoom_note", "total", "count_by", "untiled")
        },
        "lang": lang,
    }
    group.add_child(_LayerLibrary())
    group.add_child(_LayerScript(data))
    return group


def export_layer(layer: dict, sigungu: gpd.GeoDataFrame, lang: str, summary: LayerSummary | None = None) -> dict:
    """The planner's layer for ``geo.export``: its points when small, else its counts per 시군구, and its legend.

    ``summary`` is the layer's ``geo.planner.counts.layer_summary`` (counted here when not given).
    """
    summary = layer_summary(layer, sigungu, lang) if summary is None else summary
    cats = summary.categories
    colours = [layer_colour(layer.get("colour"))] if cats.column is None else list(cats.colours)
    small = layer_is_small(layer)
    points = None
    if small:
        x, y = anchor_points(layer["gdf"])
        points = (x, y, cats.codes.astype(int).tolist())
    areas = [(r.lon, r.lat, int(r.count), list(r.by_category)) for r in summary.sigungu.table.itertuples(index=False)]
    labels = [layer["name"]] if cats.column is None else list(cats.labels)
    return {
        "title": f"{layer['name']} · {t('layer_total', lang).format(n=f'{summary.n:,}')}",
        "colours": colours,
        "labels": [f"{label} · {count:,}" for label, count in zip(labels, cats.counts)],
        "points": points,
        "areas": areas,
        "note": None if small else t("export_layer_note", lang),
    }


def layer_bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    """``[[south, west], [north, east]]`` that shows both the belt and the layer."""
    return corners(union(tuple(gdf.total_bounds), BELT))


def planner_overlay(
    layer: dict,
    sigungu: gpd.GeoDataFrame,
    lang: str,
    tiles_root: Path | None = None,
    admit: Callable[[int], bool] | None = None,
    summary: LayerSummary | None = None,
):
    """The map layer of a planner's layer dict (``name``, ``gdf``, ``label_column``, ``colour``, ``colour_column``).

    A large stored layer's vector tiles (only a layer with a store ``id`` has them) are written
    on the first call for its colouring (seconds for a million points), once ``admit(size)``
    (the store's quota) allows them, and found on disk afterwards. ``summary`` is the layer's
    ``geo.planner.counts.layer_summary`` (counted here when not given).
    """
    summary = layer_summary(layer, sigungu, lang) if summary is None else summary
    # A layer prepared in a worker, in the colouring it was prepared for: its summary and tiles are
    # ready, and its features stay in the store.
    ready = bool(layer.get("partial")) and layer.ready()
    gdf = None if ready else layer["gdf"]
    small = False if ready else is_small(gdf)
    url = None
    if not small and layer.get("id"):
        url = ensure_tiles(
            gdf,
            summary.categories.codes,
            layer_key(layer),
            summary.categories.column,
            layer.get("label_column"),
            summary.categories.labels,
            tiles_root,
            admit,
            n=summary.n,
        )
    return overlay_layer(
        gdf,
        layer["name"],
        layer.get("label_column"),
        layer.get("colour"),
        summary=summary,
        tiles=url,
        lang=lang,
        small=small,
    )


def preview_map(
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    layer: dict | None,
    lang: str,
    full_sigungu: gpd.GeoDataFrame | None = None,
    admit: Callable[[int], bool] | None = None,
    summary: LayerSummary | None = None,
) -> folium.Map:
    """The belt's boundaries with an uploaded layer on top, framed to show both.

    ``layer`` is the ``upload_layer`` dict kept in the session (``name``, ``gdf``,
    ``label_column``, ``colour``, optionally ``colour_column``), or None for the boundaries
    alone; ``full_sigungu`` are the polygons it is counted on (``sigungu`` by default), ``summary``
    its counts when the caller has them.
    """
    m = offline_map()
    for boundary in boundary_layers(sido, sigungu, lang):
        boundary.add_to(m)
    m.get_root().header.add_child(folium.Element(MAP_CSS))
    m.add_child(AccessibleMap(lang))
    if layer:
        planner_overlay(
            layer, sigungu if full_sigungu is None else full_sigungu, lang, admit=admit, summary=summary
        ).add_to(m)
    if layer and layer.get("bounds"):
        m.fit_bounds(corners(union(tuple(layer.get("bounds")), BELT)))  # prepared in a worker: its extent is known
    else:
        m.fit_bounds(layer_bounds(layer["gdf"]) if layer else corners(BELT))
    return m
