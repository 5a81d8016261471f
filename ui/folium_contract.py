"""What the dashboard borrows from streamlit-folium beyond ``st_folium``: every private name, in one place.

``ui.map`` renders a map once per view with streamlit-folium's own rendering helpers and sends
the component what ``st_folium`` would. Those helpers are not streamlit-folium's public
interface, and upstream has changed them before. Every one the dashboard touches is called
here and nowhere else, and each has a contract test (``tests/test_folium_contract.py``: it
exists, with the signature recorded in ``SIGNATURES``; the component takes ``COMPONENT_ARGUMENTS``),
so an upgrade of the pin in requirements.txt fails in one named test.

The map's own scripts (``geo/maps/scripts.py``) also rely on three globals the component's
frame defines: ``FRAME_GLOBALS``, checked in Chromium by
``tests/browser/test_map_browser.py::test_the_map_frame_has_the_globals_the_map_scripts_use``.
They fetch the boundaries (``geo.maps.static``) by a path resolved against the frame's document,
which the same server serves (``/component/streamlit_folium…``): checked, directly and through
nginx, by ``tests/browser/test_static_maps_browser.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

# A thread outside any run (the warm start's years, built while the server answers) renders with the
# copy the warm-up imported (``THREAD.module``), so that it never imports one the server does not know.
THREAD = threading.local()


def _stf():
    """streamlit-folium, imported when first used in this run's thread.

    It registers its component with the server only when imported inside a script run;
    ``server.py`` therefore forgets the copy its warm-up imported (see there), and this module
    never keeps a reference to it (but for a thread given ``THREAD.module``).
    """
    module = getattr(THREAD, "module", None)
    if module is not None:
        return module
    import streamlit_folium

    return streamlit_folium


# The private names used, each with the parameters it is called with (names, in order).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "_get_html": ("fig",),
    "_get_header": ("fig",),
    "_get_map_string": ("fig",),
    "_get_feature_group_string": ("feature_group_to_add", "map", "idx"),
    "_get_layer_control_string": ("control", "map"),
    "get_full_id": ("m",),
    "generate_js_hash": ("js_string", "key", "return_on_hover"),
    "_component_func": ("args", "default", "key", "on_change", "tab_index", "kwargs"),
}
# The keyword arguments ``st_folium`` hands the component (``ui.map.show`` hands the same).
COMPONENT_ARGUMENTS = (
    "script",
    "header",
    "html",
    "id",
    "key",
    "height",
    "width",
    "returned_objects",
    "default",
    "zoom",
    "center",
    "feature_group",
    "return_on_hover",
    "layer_control",
    "pixelated",
    "css_links",
    "js_links",
    "on_change",
    "wrap_longitude",
)
# Globals of the component's frame the map's scripts read or write: the component's value (the
# map reports its view in the ``selected_tags`` slot, which the dashboard's maps do not use
# otherwise), the swapped-in layers and the layer control.
FRAME_GLOBALS = ("__GLOBAL_DATA__", "__GLOBAL_DATA__.selected_tags", "feature_group", "layer_control")


def map_html(m) -> str:
    """The map's ``<div>``, as ``st_folium`` sends it."""
    return _stf()._get_html(m)


def map_header(m) -> str:
    """The map's header (styles, links), as ``st_folium`` sends it."""
    return _stf()._get_header(m)


def map_script(m) -> str:
    """The map's script; renames the map's elements to stable names (call it after ``map_html``, ``map_header``)."""
    return _stf()._get_map_string(m)


def layer_script(layer, m, index: int = 0) -> str:
    """The script that adds a swapped-in layer (``feature_group_to_add``) to the rendered map ``m``."""
    return _stf()._get_feature_group_string(layer, map=m, idx=index)


def control_script(control, m) -> str:
    """The layer control's script against the rendered map ``m``."""
    return _stf()._get_layer_control_string(control, m)


def map_id(m) -> str:
    """The map element's id, as the component knows it."""
    return _stf().get_full_id(m)


def component_key(script: str, key: str | None) -> str:
    """The component's widget key for this script and the page's key (a hash of the whole script)."""
    return _stf().generate_js_hash(script, key, False)


def component(on_change: Callable[[], None] | None = None, **arguments):
    """Show the component with ``COMPONENT_ARGUMENTS``; returns its value (what ``st_folium`` returns)."""
    return _stf()._component_func(on_change=on_change, **arguments)
