"""A folium map shown with streamlit-folium, built and rendered once per view instead of once per run.

``st_folium`` renders the whole map it is given on every call: the base map's script, the
swapped-in layers' script and the layer control, plus the folium objects themselves, which the
page rebuilds on every run. That is most of a run's server CPU, and none of it changes from one
run to the next unless the view does.

``show`` sends the component exactly what ``st_folium`` would (tests/test_ui_map.py checks
argument by argument), from two bounded caches:

- the base map's parts, keyed by what the base shows (language, catalogue stamp, variant);
- the swapped-in layers' script and the layer control, keyed by the view they show.

The boundaries (~0.6 MB of GeoJSON) are not in the base's script: ``boundary_sources`` writes
them once per process as content-hashed static files (``geo.maps.static``), which the map's
script fetches and the browser keeps, so a new session's websocket carries only the view.

Streamlit glue, like the rest of ``ui/``; built on streamlit-folium's own rendering helpers (pinned in
requirements.txt, each reached through ``ui.folium_contract``), so the browser receives the same script.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

import branca
import folium
import folium.elements
import streamlit as st

from ui import folium_contract as stf

BASE_ENTRIES = 8  # languages × variants × catalogue versions alive at once
LAYER_ENTRIES = 64  # views (filters × selected site × layers …) kept rendered


@dataclass
class BaseParts:
    """What ``st_folium`` derives from the base map, and the rendered map to build layer scripts against."""

    script: str
    header: str
    html: str
    map_id: str
    bounds: dict
    zoom: float | None
    css_links: list[str]
    js_links: list[str]
    map: folium.Map
    lock: threading.Lock = field(default_factory=threading.Lock)
    hash_keys: dict = field(default_factory=dict)

    def hash_key(self, key: str | None) -> str:
        """streamlit-folium's component key for this script and widget key (a hash of the whole script)."""
        if key not in self.hash_keys:
            self.hash_keys[key] = stf.component_key(self.script, key)
        return self.hash_keys[key]


def _links(elements: Iterable) -> tuple[list[str], list[str]]:
    """CSS and JS links of elements and their children, in ``st_folium``'s order (its ``walk``)."""
    css, js = [], []

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap):
            yield element
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in elements:
        for item in walk(element):
            if isinstance(item, branca.colormap.ColorMap):
                # st_folium would load d3 for it from a CDN; the dashboard draws its legends in HTML.
                raise ValueError("a branca ColorMap needs d3 from a CDN, which the offline dashboard never loads")
            css.extend(href for _, href in getattr(item, "default_css", []))
            js.extend(src for _, src in getattr(item, "default_js", []))
    return css, js


def _bounds(m: folium.Map) -> dict:
    (south, west), (north, east) = m.get_bounds()
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def render_base(m: folium.Map) -> BaseParts:
    """Render a base map once, as ``st_folium`` does before it adds any layer."""
    m.get_root().render()
    m.render()
    html, header = stf.map_html(m), stf.map_header(m)
    script = stf.map_script(m)  # renames the map's elements to stable names: keep this order
    css, js = _links([m])
    return BaseParts(
        script=script,
        header=header,
        html=html,
        map_id=stf.map_id(m),
        bounds=_bounds(m),
        zoom=m.options.get("zoom"),
        css_links=css,
        js_links=js,
        map=m,
    )


def render_layers(base: BaseParts, layers: list[folium.FeatureGroup], control: folium.LayerControl | None):
    """The swapped-in layers' script and the layer control's, rendered against the base map.

    ``st_folium`` adds the layers and the control to the map it renders; here they are added to
    the cached base map and taken away again (with what rendering them put into the page), so
    the base stays as it was for the next view.
    """
    m = base.map
    root = m.get_root()
    kept = [(element, dict(element._children)) for element in (m, root, root.header, root.html, root.script)]
    with base.lock:
        try:
            script = "".join(stf.layer_script(layer, m, i) for i, layer in enumerate(layers))
            control_script = stf.control_script(control, m) if control is not None else None
            css, js = _links(layers + ([control] if control is not None else []))
        finally:
            for element, children in kept:
                element._children.clear()
                element._children.update(children)
    return script, control_script, css, js


@st.cache_resource(show_spinner=False)
def boundary_sources() -> dict | None:
    """The boundaries' static files by level and zoom (``geo.maps.static.sources``), written where missing.

    None when ``static/`` cannot be written and lacks them: the maps then carry the boundaries in
    their script, as before, and the log says why.
    """
    from geo.maps import static

    files = static.boundary_files()
    try:
        static.publish(files)
    except OSError:
        logging.getLogger("axbelt.map").exception("boundaries not written to static/: the maps carry them")
        return None
    return static.sources(files)


@st.cache_resource(max_entries=BASE_ENTRIES, show_spinner=False)
def _base(base_key: Hashable, _build: Callable[[], folium.Map]) -> BaseParts:
    # Keyed by ``base_key`` alone (Streamlit does not hash underscored arguments).
    return render_base(_build())


@st.cache_resource(max_entries=LAYER_ENTRIES, show_spinner=False)
def _layers(
    base_key: Hashable,
    layers_key: Hashable,
    _base_parts: BaseParts,
    _build: Callable[[], list[folium.FeatureGroup]],
    with_control: bool,
):
    from geo.maps import layer_control

    return render_layers(_base_parts, _build(), layer_control() if with_control else None)


def parts(
    base_key: Hashable,
    build_base: Callable[[], folium.Map],
    layers_key: Hashable | None,
    build_layers: Callable[[], list[folium.FeatureGroup]],
    with_control: bool = True,
):
    """The base's parts and the layers' scripts, built on first use of their keys and cached (bounded).

    With ``layers_key=None`` the layers are built and rendered on every call and not kept (for
    layers that have no cheap key, such as a planner's upload).
    """
    base = _base(base_key, build_base)
    if layers_key is None:
        from geo.maps import layer_control

        return base, render_layers(base, build_layers(), layer_control() if with_control else None)
    return base, _layers(base_key, layers_key, base, build_layers, with_control)


def show(
    base_key: Hashable,
    build_base: Callable[[], folium.Map],
    layers_key: Hashable | None,
    build_layers: Callable[[], list[folium.FeatureGroup]],
    *,
    key: str | None = None,
    height: int = 700,
    width: int | None = 500,
    use_container_width: bool = False,
    returned_objects: Iterable[str] | None = None,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    with_control: bool = True,
    on_change: Callable[[], None] | None = None,
):
    """``st_folium(build_base(), feature_group_to_add=build_layers(), layer_control=…)``, rendered once per key.

    ``base_key`` must change whenever what ``build_base`` draws does (language, catalogue stamp,
    variant), and ``layers_key`` whenever what ``build_layers`` draws does (the view). Returns
    what ``st_folium`` returns.
    """
    base, (layer_script, control_script, layer_css, layer_js) = parts(
        base_key, build_base, layers_key, build_layers, with_control
    )
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": base.bounds,
        "zoom": base.zoom,
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        # The frontend starts from an empty list and sends its value only when it differs from this
        # default: None here would make every new map send one value, and so rerun the page, on load.
        "selected_tags": [],
        "last_geocoder_result": None,
    }
    if returned_objects is not None:
        returned_objects = list(returned_objects)
        defaults = {k: v for k, v in defaults.items() if k in returned_objects}
    hash_key = base.hash_key(key)

    def changed():
        if key is not None:
            st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return stf.component(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None if use_container_width else width,
        returned_objects=returned_objects,
        default=defaults,
        zoom=zoom,
        center=center,
        feature_group=layer_script,
        return_on_hover=False,
        layer_control=control_script,
        pixelated=False,
        css_links=list(dict.fromkeys(base.css_links + layer_css)),
        js_links=list(dict.fromkeys(base.js_links + layer_js)),
        on_change=changed,
        wrap_longitude=False,
    )
