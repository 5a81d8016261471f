"""The place a search found, outlined on the map, and the script that brings the map to it.

The outline is one of the swapped-in layers (``dynamic_layers`` plus this one), so finding a
place changes only the layers' script: the map stays mounted. The map moves to the place once,
when it first shows it; a later filter change redraws the outline but leaves the map where the
reader has panned it.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement, Template

from geo.i18n import t

PLACE_COLOUR = "#0b3d91"  # the focus ring's blue: 9:1 against the land colour
# A 리 is a few km across: the closest zoom the map's names are planned for is enough.
MAX_FIT_ZOOM = 12


class FitPlace(MacroElement):
    """Moves the map to ``bounds`` when the place ``code`` is new to it; remembers no place when ``code`` is None."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
            var code = {{ this.code|tojson }};
            if (code !== null && window.__axbeltPlace !== code) {
                map.fitBounds({{ this.bounds|tojson }}, {maxZoom: {{ this.max_zoom }}, padding: [30, 30]});
            }
            window.__axbeltPlace = code;
            map.getContainer().setAttribute("data-place", code || "");
        })();
        {% endmacro %}
    """)

    def __init__(self, code: str | None, bounds: list | None):
        super().__init__()
        self._name = "FitPlace"
        self.code = code
        self.bounds = bounds
        self.max_zoom = MAX_FIT_ZOOM


def place_layer(code: str | None, geometry, label: str, lang: str) -> folium.FeatureGroup:
    """The found place's outline (none when ``code`` is None), uncontrolled, with the script that fits the map to it.

    ``geometry`` is the place's polygon (EPSG:4326), ``label`` how the search named it
    ("용당리 · 삼호읍 · 영암군"); the outline is not a tab stop and its tooltip is the label.
    """
    layer = folium.FeatureGroup(name="place", control=False)
    bounds = None
    if code is not None and geometry is not None and not geometry.is_empty:
        west, south, east, north = geometry.bounds
        bounds = [[south, west], [north, east]]
        folium.GeoJson(
            {
                "type": "Feature",
                "properties": {"code": code, "label": t("place_outline", lang).format(place=label)},
                "geometry": geometry.__geo_interface__,
            },
            name="place-outline",
            style_function=lambda _: {
                "color": PLACE_COLOUR,
                "weight": 4,
                "fillColor": PLACE_COLOUR,
                "fillOpacity": 0.08,
                "className": "place-outline",
            },
            interactive=False,
            control=False,
        ).add_to(layer)
    else:
        code = None
    layer.add_child(FitPlace(code, bounds))
    return layer
