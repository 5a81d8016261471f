"""The belt map of the map page: its base and its swapped-in layers with their cache keys, and the warm start."""

from __future__ import annotations

from geo.catalogue import Catalogue
from geo.filters import View, apply_filters
from geo.flows import flow_mode, short_region_names
from geo.maps import base_map, dynamic_layers
from geo.viewstate import ViewState
from ui.caches import (
    catalogue,
    catalogue_stamp,
    display_boundaries,
    district_summary,
    full_sigungu,
    place_codes,
    places,
)

# The belt map, rendered once per base and once per view (see ui/map.py) -------------------------------------


def belt_base_key(lang: str, stamp: tuple) -> tuple:
    """What the map page's base map depends on: the language and the catalogue (sectors, stages)."""
    return ("belt", lang, stamp)


def belt_layers_key(view: ViewState, site_id: str | None, stamp: tuple) -> tuple:
    """What the map page's swapped-in layers depend on: filters, site, metric, hidden layers, place, scenario, year."""
    return (
        "belt",
        view.lang,
        stamp,
        view.filters,
        site_id,
        view.metric,
        view.hidden,
        view.place,
        view.scenario,
        view.year,
    )


def belt_base(cat: Catalogue, lang: str):
    """The map page's base map (boundaries, legend, controls)."""
    from ui.map import boundary_sources

    return base_map(
        display_boundaries("sido"),
        display_boundaries("sigungu"),
        cat.sectors,
        cat.stages,
        lang,
        legend=False,
        sources=boundary_sources(),
    )


def belt_layers(
    cat: Catalogue,
    shown: View,
    view: ViewState,
    site_id: str | None,
    uploads: list = (),
    flows: str | None = None,
    names: tuple[dict, dict] | None = None,
    sites=None,
) -> list:
    """The map page's layers: flows, sector markers, a planner's upload, the found place, then the view's own script.

    ``flows`` is ``geo.flows.flow_mode`` of the view (region totals at belt zoom, or single links);
    ``names`` the name levels and obstacles of a view whose frame is known (`geo.maps.names.selected_site_levels`);
    ``sites`` the sites to draw when they are not ``shown.sites`` (a year's, with their phases).
    """
    summary = district_summary(shown)
    flows = flows or flow_mode(shown.sites, view.filters.regions, site_id)
    layers = dynamic_layers(
        shown.sites if sites is None else sites,
        shown.links,
        cat.sectors,
        summary,
        view.lang,
        highlight=[site_id] if site_id else [],
        metric=view.metric,
        hidden=view.hidden,
        flows=flows,
        region_names=short_region_names(cat.regions, view.lang),
        name_levels=names[0] if names else None,
        avoid=names[1] if names else None,
    )
    from ui import scenario

    layers[-1:-1] = [*uploads, found_place_layer(view), scenario.map_layer(shown, view)]
    return layers


def found_place_layer(view: ViewState):
    """The outline of the place the view found (an empty layer when none), as one of the swapped-in layers."""
    from geo.maps.place import place_layer
    from geo.places import place_outline, place_row

    row = place_row(places(), view.place) if view.place else None
    if row is None:
        return place_layer(None, None, "", view.lang)
    return place_layer(row["code"], place_outline(places(), row["code"]), row["label"], view.lang)


def warm() -> None:
    """Build what every first visitor would otherwise wait for: boundaries, catalogue check, the default map.

    Called once per process at start (``server.py``), in a background thread; a failure here is
    only logged, and the page shows the catalogue's problems to its visitor as usual.
    """
    import logging

    import ui.map

    try:
        display_boundaries("sido")
        display_boundaries("sigungu")
        full_sigungu()
        place_codes()
        cat, problems = catalogue()
        if cat is None or problems:
            return
        view, stamp = ViewState(), catalogue_stamp()
        shown = apply_filters(cat, view.filters)
        ui.map.parts(
            belt_base_key(view.lang, stamp),
            lambda: belt_base(cat, view.lang),
            belt_layers_key(view, None, stamp),
            lambda: belt_layers(cat, shown, view, None),
        )
        from ui import timeline

        # The default view in every year too, so that its playback's steps find their maps rendered.
        timeline.belt_years_ahead(cat, shown, view, None, False, background=False)
    except Exception:  # a warm-up must never take the server down
        logging.getLogger(__name__).exception("warm start failed; pages will build their caches on first use")
