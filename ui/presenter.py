"""The presenter's map: the step's view of this run (``geo.mapview.MapView``), its base and layers, cached on it."""

from __future__ import annotations

from geo.catalogue import Catalogue
from geo.flows import short_region_names
from geo.joins import sigungu_summary
from geo.maps import base_map, dynamic_layers, framed_level
from geo.mapview import MapView, key_digest, presenter_view
from geo.story import STEP_MAP_PX
from ui import caches

# The map as a 1280×720 projector shows it (a wider screen shows more around it), and the
# controls on it that names must not cover, in the map's own pixels.
MAP_PX = STEP_MAP_PX
CONTROLS = [(0, 0, 52, 92), (0, 92, 190, 250), (0, 550, 110, 590), (680, 562, 800, 590)]
NAME_PX = 16


def view(cat: Catalogue, step, number: int, year) -> MapView:
    """The slide's view: step ``number`` (``step``) as it stood in the view's year (``year``, a ``YearView``)."""
    from ui import timeline
    from ui.state import state

    return presenter_view(
        state().with_(step=number),
        caches.catalogue_stamp(),
        year.shown,
        year.drawn,
        step.regions,
        timeline.ghosts(),
    )


def step_by(delta: int, count: int) -> None:
    """The step buttons' (and the clicker's) move: ``delta`` steps from the view's step now, within 1…``count``.

    Not from the step the button was drawn on: a second press that comes before the page has
    drawn the step of the first (a clicker pressed twice) would otherwise go to the same step.
    """
    from ui.state import state, update

    update(step=min(max(state().step + delta, 1), count))


def base(cat: Catalogue, lang: str):
    """The presenter's base map (boundaries, no legend, the projector's controls)."""
    from ui.map import boundary_sources

    sido, sigungu = caches.display_boundaries("sido"), caches.display_boundaries("sigungu")
    return base_map(
        sido, sigungu, cat.sectors, cat.stages, lang, presenter=True, legend=False, sources=boundary_sources()
    )


def layers(cat: Catalogue, view: MapView, step) -> list:
    """The step's layers: its sites (in the view's year), links, district colouring and names framed for the slide."""
    shown = view.shown
    summary = sigungu_summary(shown.sites, shown.programs, caches.full_sigungu())
    levels, avoid = framed_level(step.center, step.zoom, MAP_PX, CONTROLS)
    return dynamic_layers(
        view.drawn,
        shown.links,
        cat.sectors,
        summary,
        view.lang,
        highlight=step.highlight,
        metric=step.choropleth,
        flows=view.flows,
        region_names=short_region_names(cat.regions, view.lang),
        name_levels=levels,
        avoid=avoid,
        name_px=NAME_PX,
    )


def _arguments(cat: Catalogue, view: MapView, step) -> tuple:
    return key_digest(view.base_key), lambda: base(cat, view.lang), view.digest, lambda: layers(cat, view, step)


def parts(cat: Catalogue, view: MapView, step):
    """The base's parts and the step's layers' scripts, from the map's caches (built on first use)."""
    import ui.map

    return ui.map.parts(*_arguments(cat, view, step), with_control=False)


def show(cat: Catalogue, view: MapView, step, **options):
    """The step's map in the page (``ui.map.show``'s ``options``), from the same caches as ``parts``."""
    import ui.map

    return ui.map.show(*_arguments(cat, view, step), with_control=False, **options)
