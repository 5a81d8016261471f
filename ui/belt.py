"""The belt map of the map page: its view of this run (``geo.mapview.MapView``), base, layers, frame and warm start.

Every cache of the map is keyed on the view (``view.key``, ``view.base_key``): the page, the years
built ahead and the warm start build the view with the same function, so they find each other's maps.
"""

from __future__ import annotations

import hashlib
import weakref

from geo.catalogue import Catalogue
from geo.filters import View, apply_filters
from geo.flows import short_region_names
from geo.maps import base_map, dynamic_layers
from geo.mapview import MapView, belt_view, key_digest
from geo.planner.layer import PlannerLayer
from geo.viewstate import ViewState
from ui import caches

# The map on a 1366×768 screen: its height (it starts near the top of the page and ends inside the screen,
# see ui.PAGE_CSS), its size for framing a filtered view, and the band at its top that the zoom buttons and
# the colouring switch take (they reach ~140 px down: 48 px of margin and 95 more).
MAP_HEIGHT = 550
MAP_FRAME_PX = (560, MAP_HEIGHT)
MAP_CONTROLS_PX = 95


def layer_ref(layer: PlannerLayer | None) -> tuple | None:
    """The planner's layer as a map view names it (its part of the key), never its features.

    A stored layer by its id and its record (name, colour, tooltip and colouring columns: what an
    edit changes; a stored layer's features never change); a layer of this session only by its
    content's hash and its record.
    """
    if layer is None:
        return None
    record = tuple(layer.record().values())
    if layer.id:
        return ("stored", layer.id, record)
    return ("session", content_hash(layer.gdf), record)


_HASHES: dict[int, tuple] = {}


def content_hash(gdf) -> str:
    """A hash of a layer's features (geometry and attributes), computed once per frame object."""
    import pandas as pd
    import shapely

    found = _HASHES.get(id(gdf))
    if found is not None and found[0]() is gdf:
        return found[1]
    digest = hashlib.sha256()
    digest.update(b"".join(shapely.to_wkb(gdf.geometry.values, hex=False).tolist()))
    attributes = gdf.drop(columns=gdf.geometry.name)
    digest.update(pd.util.hash_pandas_object(attributes.astype(str), index=True).values.tobytes())
    digest.update(repr(list(attributes.columns)).encode())
    value = digest.hexdigest()
    for stale in [k for k, (ref, _) in _HASHES.items() if ref() is None]:
        del _HASHES[stale]
    _HASHES[id(gdf)] = (weakref.ref(gdf), value)
    return value


def view(cat: Catalogue, shown: View) -> MapView:
    """The map page's view of this run: its state, ``shown`` (the page's), the year's drawn sites, the layer."""
    from ui import layer, timeline
    from ui.state import state

    year = timeline.current()
    planner = layer.planner_layer()
    return belt_view(
        state(),
        caches.catalogue_stamp(),
        shown,
        cat.sites["id"],
        drawn=year.drawn if year is not None else None,
        ghosts=timeline.ghosts(),
        layer=layer_ref(planner),
        planner=planner or None,
    )


def frame(cat: Catalogue, view: MapView, framed) -> tuple:
    """The map's centre, zoom and name levels: a selected site close up; a filter that leaves fewer sites framed.

    ``framed`` are the sites the filters leave (never the year's: playing the years must not move the map).
    A selected site's names at the zoom it opens at stay inside the map (none cut at its top edge).
    """
    from geo.maps.build import fit_view
    from geo.maps.names import selected_site_levels

    focus = cat.sites.set_index("id").geometry.get(view.site) if view.site else None
    if focus is not None:
        center, zoom = (focus.y, focus.x), 10
        return center, zoom, selected_site_levels(center, zoom, MAP_FRAME_PX)
    if 0 < len(framed) < len(cat.sites):
        return (*fit_view(framed.total_bounds, MAP_FRAME_PX, top_px=MAP_CONTROLS_PX), None)
    return None, None, None


def belt_base(cat: Catalogue, lang: str):
    """The map page's base map (boundaries, legend, controls)."""
    from ui.map import boundary_sources

    return base_map(
        caches.display_boundaries("sido"),
        caches.display_boundaries("sigungu"),
        cat.sectors,
        cat.stages,
        lang,
        legend=False,
        sources=boundary_sources(),
    )


def belt_layers(cat: Catalogue, view: MapView, names: tuple[dict, dict] | None = None) -> list:
    """The map page's layers of ``view``: flows, sector markers, a planner's layer, the found place, the view's script.

    ``names`` the name levels and obstacles of a view whose frame is known (`geo.maps.names.selected_site_levels`).
    """
    from ui import scenario

    state, shown = view.state, view.shown
    layers = dynamic_layers(
        view.drawn,
        shown.links,
        cat.sectors,
        caches.district_summary(shown),
        state.lang,
        highlight=[view.site] if view.site else [],
        metric=state.metric,
        hidden=state.hidden,
        flows=view.flows,
        region_names=short_region_names(cat.regions, state.lang),
        name_levels=names[0] if names else None,
        avoid=names[1] if names else None,
    )
    layers[-1:-1] = [*planner_layers(view), found_place_layer(state), scenario.map_layer(shown, state)]
    return layers


def planner_layers(view: MapView) -> list:
    """The planner's layer of ``view`` drawn (none when it has none)."""
    if view.planner is None:
        return []
    from ui import layer

    return layer.upload_layers(view.planner)


def _arguments(cat: Catalogue, view: MapView, names) -> tuple:
    """The map's caches' keys (the view's, as digests) and builders, the same for ``parts`` and ``show``."""
    return (
        key_digest(view.base_key),
        lambda: belt_base(cat, view.lang),
        view.digest,
        lambda: belt_layers(cat, view, names),
    )


def parts(cat: Catalogue, view: MapView, names: tuple[dict, dict] | None = None):
    """The base's parts and the layers' scripts of ``view``, from the map's caches (built on first use)."""
    import ui.map

    return ui.map.parts(*_arguments(cat, view, names))


def show(cat: Catalogue, view: MapView, names: tuple[dict, dict] | None = None, **options):
    """The belt map of ``view`` in the page (``ui.map.show``'s ``options``), from the same caches as ``parts``."""
    import ui.map

    return ui.map.show(*_arguments(cat, view, names), **options)


def found_place_layer(state: ViewState):
    """The outline of the place the view found (an empty layer when none), as one of the swapped-in layers."""
    from geo.maps.place import place_layer
    from geo.places import place_outline, place_row

    places = caches.places()
    row = place_row(places, state.place) if state.place else None
    if row is None:
        return place_layer(None, None, "", state.lang)
    return place_layer(row["code"], place_outline(places, row["code"]), row["label"], state.lang)


def default_view(cat: Catalogue) -> MapView:
    """The map page's view of a first visitor (no link): what the warm start builds."""
    state = ViewState()
    return belt_view(state, caches.catalogue_stamp(), apply_filters(cat, state.filters), cat.sites["id"])


def warm():
    """Build what every first visitor would otherwise wait for: boundaries, catalogue check, the default map.

    Called once per process at start (``server.py``) before the server answers; a failure here is
    only logged, and the page shows the catalogue's problems to its visitor as usual. The default
    view's other years are built afterwards, in the background (the server answers meanwhile):
    returns that thread, or None.
    """
    import logging

    try:
        caches.display_boundaries("sido")
        caches.display_boundaries("sigungu")
        caches.full_sigungu()
        caches.place_codes()
        cat, problems = caches.catalogue()
        if cat is None or problems:
            return None
        view = default_view(cat)
        parts(cat, view)
        from ui import timeline

        # The default view in every year too, so that its playback's steps find their maps rendered.
        return timeline.belt_years_ahead(cat, view.shown, view)
    except Exception:  # a warm-up must never take the server down
        logging.getLogger(__name__).exception("warm start failed; pages will build their caches on first use")
    return None
