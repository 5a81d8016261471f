"""The found place on the map: its outline among the swapped-in layers, and the map brought to it once."""

import json

from shapely.geometry import box

from geo.maps import offline_map
from geo.maps.place import MAX_FIT_ZOOM, PLACE_COLOUR, place_layer


def rendered(layer) -> str:
    """The page of a map with ``layer`` added, as a browser receives it."""
    m = offline_map()
    layer.add_to(m)
    return m.get_root().render()


def test_a_place_is_outlined_and_the_map_fits_it_once():
    """The outline carries the place's code and label; the map fits its bounds only when the place is new."""
    page = rendered(place_layer("4683025329", box(126.40, 34.73, 126.44, 34.76), "용당리 · 삼호읍 · 영암군", "ko"))
    assert '"code": "4683025329"' in page and json.dumps("찾은 곳: 용당리 · 삼호읍 · 영암군") in page
    assert PLACE_COLOUR in page and '"interactive": false' in page
    assert "[[34.73, 126.4], [34.76, 126.44]]" in page and f"maxZoom: {MAX_FIT_ZOOM}" in page
    assert "window.__axbeltPlace !== code" in page


def test_no_place_draws_nothing_and_forgets_the_last():
    """Without a place the layer is empty and the map remembers no place, so finding it again moves the map."""
    page = rendered(place_layer(None, None, "", "en"))
    assert "place-outline" not in page and "fitBounds" in page  # the script is there, guarded by the null code
    assert "var code = null;" in page
