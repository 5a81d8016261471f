"""The map's boundaries as static files: content-hashed, immutable, fetched by the map's own script.

The 시군구 and 시도 polygons are the same for every visitor, language and view, yet embedded in
the base map's script they would travel over the websocket to every new session (~0.6 MB),
where no browser cache can keep them. Instead they are written once into ``static/maps/`` under
names that carry a hash of their content (``sigungu-belt-<hash>.json``), served by Streamlit at
``/app/static/maps/`` with ``IMMUTABLE`` (``server.py``, ``deploy/nginx.conf.template``), and a
browser downloads each one once, ever: a new name when the boundaries change.

Two versions of each layer: the belt's (``geo.boundaries.belt_boundaries``), drawn below
``DETAIL_ZOOM``, and the detailed one (``geo.boundaries.display_boundaries``, as prints use),
fetched only when the map is zoomed in that far. `FetchedGeoJson` draws them into the same
Leaflet layer, with the same style, highlight and tooltip, as the embedded ``folium.GeoJson``.

``python -m geo.assets`` writes the files (a read-only install has them from its build); the
server writes any that are missing when it first builds a map (`publish`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
from folium.template import Template

from geo.assets import STATIC_URL
from geo.paths import DEFAULT_DATA_DIR, STATIC_DIR

MAPS_DIR = "maps"
HASH_CHARS = 16
# The boundaries' files never change under their name: a browser or proxy may keep them for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
# A served path whose name carries its content's hash (what server.py and nginx mark immutable).
HASHED_PATH = re.compile(rf"^{STATIC_URL}/{MAPS_DIR}/[a-z0-9-]+-[0-9a-f]{{{HASH_CHARS}}}\.json$")
# From this zoom the detailed boundaries replace the belt's (the belt is shown at 6–8.5).
DETAIL_ZOOM = 9
LAYERS = ("sigungu", "sido")
COLUMNS = ["code", "name_ko", "geometry"]


@dataclass(frozen=True)
class StaticFile:
    """A file under ``static/``: its path there and its bytes."""

    relative: str
    content: bytes

    @property
    def url(self) -> str:
        return f"{STATIC_URL}/{self.relative}"


def geojson_text(frame: gpd.GeoDataFrame) -> str:
    """A boundary layer as the map draws it: code, Korean name and geometry of each unit."""
    return frame[COLUMNS].to_json(drop_id=True)


def hashed_file(stem: str, content: bytes) -> StaticFile:
    """``maps/<stem>-<hash>.json``: the name changes with the content.

    >>> hashed_file("sido", b"{}").relative
    'maps/sido-44136fa355b3678a.json'
    >>> hashed_file("sido", b"{ }").relative != hashed_file("sido", b"{}").relative
    True
    """
    return StaticFile(f"{MAPS_DIR}/{stem}-{hashlib.sha256(content).hexdigest()[:HASH_CHARS]}.json", content)


def boundary_files(data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, tuple[tuple[float, StaticFile], ...]]:
    """Each layer's files by the zoom they are drawn from: ``{"sigungu": ((0, belt), (DETAIL_ZOOM, detail)), …}``."""
    from geo.boundaries import belt_boundaries, display_boundaries

    return {
        level: (
            (0, hashed_file(f"{level}-belt", geojson_text(belt_boundaries(level, data_dir)).encode())),
            (DETAIL_ZOOM, hashed_file(level, geojson_text(display_boundaries(level, data_dir)).encode())),
        )
        for level in LAYERS
    }


def publish(files: Mapping[str, tuple[tuple[float, StaticFile], ...]], root: Path = STATIC_DIR) -> list[Path]:
    """Write the files that ``root`` lacks (each whole or not at all: several workers may race); those written.

    Raises ``OSError`` when ``root`` cannot be written.
    """
    written = []
    for _, file in (pair for pairs in files.values() for pair in pairs):
        target = root / file.relative
        if target.exists() and target.stat().st_size == len(file.content):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(file.content)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


def sources(files: Mapping[str, tuple[tuple[float, StaticFile], ...]]) -> dict[str, tuple[tuple[float, str], ...]]:
    """What `geo.maps.build.base_map` takes: each layer's URLs by the zoom they are drawn from."""
    return {level: tuple((zoom, file.url) for zoom, file in pairs) for level, pairs in files.items()}


class FetchedGeoJson(folium.GeoJson):
    """A ``folium.GeoJson`` whose features the map's script fetches from ``urls`` instead of carrying them.

    ``urls`` are ``(from_zoom, url)`` pairs: the layer holds the features of the last pair whose
    zoom the map has reached, fetched when first needed (``fetch``, same origin, no jQuery) and
    kept by the browser's cache. ``data`` is the detailed version, kept in Python only for what
    folium derives from it (the map's bounds, the style of each feature). Every such layer of a
    map is added in the order it was built and kept under the map's other paths, as the
    embedded layers were; the layer fires ``beltfeatures`` once its features are in (the
    choropleth recolours them).
    """

    _template = Template("""
        {% macro styles(name, identifier, by_style) %}
        function {{ name }}(feature) {
            switch({{ identifier }}) {
                {%- for style, ids_list in by_style.items() if not style == 'default' %}
                {% for id_val in ids_list %}case {{ id_val|tojson }}: {% endfor %}
                    return {{ style }};
                {%- endfor %}
                default:
                    return {{ by_style['default'] }};
            }
        }
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {%- if this.style %}
        {{ styles(this.get_name() ~ "_styler", this.feature_identifier, this.style_map) }}
        {%- endif %}
        {%- if this.highlight %}
        {{ styles(this.get_name() ~ "_highlighter", this.feature_identifier, this.highlight_map) }}
        {%- endif %}
        var {{ this.get_name() }} = L.geoJson(null, {
            onEachFeature: function (feature, layer) {
                {%- if this.highlight %}
                layer.on({
                    mouseout: function (e) { {{ this.get_name() }}.resetStyle(e.target); },
                    mouseover: function (e) { e.target.setStyle({{ this.get_name() }}_highlighter(e.target.feature)); }
                });
                {%- endif %}
            },
            {%- if this.style %}
            style: {{ this.get_name() }}_styler,
            {%- endif %}
            ...{{ this.options|tojavascript }}
        });
        (function () {
            var layer = {{ this.get_name() }}, map = {{ this.parent_map.get_name() }};
            var urls = {{ this.urls|tojson }}, got = {}, shown = null, wanted = null;
            var all = window.beltBoundaries = window.beltBoundaries || {order: Promise.resolve(), layers: []};
            all.layers.push(layer);
            function restack() {
                for (var i = all.layers.length - 1; i >= 0; i--) {
                    var parts = all.layers[i].getLayers();
                    for (var j = parts.length - 1; j >= 0; j--) { if (parts[j]._map) { parts[j].bringToBack(); } }
                }
            }
            function get(url) {
                got[url] = got[url] || fetch(new URL(url, document.baseURI).href, {credentials: "same-origin"})
                    .then(function (r) { if (!r.ok) { throw new Error(url + ": " + r.status); } return r.json(); });
                return got[url];
            }
            function load() {
                var z = map.getZoom(), url = urls[0][1];
                urls.forEach(function (pair) { if (z >= pair[0]) { url = pair[1]; } });
                if (url === wanted) { return; }
                wanted = url;
                var data = get(url);
                all.order = all.order.then(function () { return data; }).then(function (features) {
                    if (url !== wanted || url === shown) { return; }
                    shown = layer.beltUrl = url;
                    layer.clearLayers();
                    layer.addData(features);
                    restack();
                    layer.fire("beltfeatures");
                }).catch(function (e) { delete got[url]; wanted = shown; console.error("boundaries not drawn:", e); });
            }
            map.on("zoomend", load);
            setTimeout(load, 0);  // after the script has set the map's view
        })();
        {% endmacro %}
    """)

    def __init__(self, data: str, urls: tuple[tuple[float, str], ...], **kwargs):
        unsupported = {"popup", "marker", "zoom_on_click", "on_each_feature", "embed"} & set(kwargs)
        if unsupported:
            raise ValueError(f"FetchedGeoJson does not take {sorted(unsupported)}")
        super().__init__(data, **kwargs)
        self._name = "FetchedGeoJson"
        self.urls = [list(pair) for pair in sorted(urls)]
