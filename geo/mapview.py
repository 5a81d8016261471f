"""What one run of a map page shows, as one value: ``MapView``, whose ``key`` every cache of the map uses.

Naming, the same on every page and in ``ui/``: ``state`` is the view state (``geo.viewstate.ViewState``,
what the URL says), ``shown`` the filtered catalogue (``geo.filters.View``, in the view's year and
scenario), ``drawn`` the sites the map draws (a year's, with their phases), and ``view`` the whole:
this ``MapView``.

The key is made of the fields themselves (every field that takes part in comparison), never listed
by hand: a field added here is in every cache's key at once. ``shown`` and ``drawn`` are carried
along but are not part of it; what decides them (the state, the catalogue's stamp) is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import cached_property

from geo.filters import View
from geo.flows import flow_mode
from geo.viewstate import ViewState

# The fields of a ViewState a map does not draw: set to their defaults in a map view's ``state``, so that
# a change of them (the value chain's weighting, the programmes' search, the presenter's step on the map
# page) does not render the map again. A field missing here is in the key: the safe side.
NOT_DRAWN = {
    "belt": ("site", "step", "vc_mode", "search"),  # the site: the view's own field, when the catalogue has it
    "presenter": ("filters", "site", "metric", "hidden", "vc_mode", "search", "layer", "place"),
}


@dataclass(frozen=True)
class MapView:
    """One map page's view in this run: the page, the view state it draws, the catalogue's stamp and the rest.

    ``layer`` is the planner's layer as a reference (``ui.belt.layer_ref``: id and record, or content hash),
    ``planner`` the layer itself, to draw it (not part of the key).
    """

    page: str
    state: ViewState
    stamp: tuple
    site: str | None = None
    flows: str | None = None
    ghosts: bool = False
    layer: tuple | None = None
    shown: View | None = field(default=None, compare=False, repr=False)
    planner: object = field(default=None, compare=False, repr=False)
    drawn: object = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple:
        """The key of every cache of what this view shows: each compared field, by name."""
        return tuple((f.name, getattr(self, f.name)) for f in fields(self) if f.compare)

    @cached_property
    def digest(self) -> str:
        """``key`` as a short string (``key_digest``): what the caches are handed, cheap to hash on every call."""
        return key_digest(self.key)

    @property
    def base_key(self) -> tuple:
        """What the page's base map depends on: the page, its language and the catalogue (sectors, stages)."""
        return ("base", self.page, self.state.lang, self.stamp)

    @property
    def lang(self) -> str:
        return self.state.lang


def key_digest(key) -> str:
    """A cache key as 32 hex digits (SHA-256 of its ``repr``): Streamlit hashes a string at once, a tuple of
    dataclasses field by field on every call (about 5 ms for a map view's key on the development machine).

    >>> key_digest(("belt", 1)) == key_digest(("belt", 1)) != key_digest(("belt", 2))
    True
    """
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def map_state(page: str, state: ViewState) -> ViewState:
    """``state`` with what the map of ``page`` does not draw at its defaults (``NOT_DRAWN``).

    >>> map_state("belt", ViewState(step=3, search="AI")) == ViewState()
    True
    """
    defaults = ViewState()
    return state.with_(**{name: getattr(defaults, name) for name in NOT_DRAWN[page]})


def belt_view(
    state: ViewState,
    stamp: tuple,
    shown: View,
    site_ids,
    drawn=None,
    ghosts: bool = False,
    layer: tuple | None = None,
    planner=None,
) -> MapView:
    """The map page's view: the selected site when the catalogue has it, the flow mode of what is shown.

    ``site_ids`` are the catalogue's sites; ``drawn`` the sites drawn when they are not ``shown.sites``;
    ``layer`` the planner's layer's reference and ``planner`` the layer.
    """
    site = state.site if state.site in set(site_ids) else None
    return MapView(
        page="belt",
        state=map_state("belt", state),
        stamp=stamp,
        site=site,
        flows=flow_mode(shown.sites, state.filters.regions, site),
        ghosts=ghosts and state.year is not None,
        layer=layer,
        planner=planner,
        shown=shown,
        drawn=shown.sites if drawn is None else drawn,
    )


def presenter_view(state: ViewState, stamp: tuple, shown: View, drawn, regions, ghosts: bool = False) -> MapView:
    """The presenter's view of the step ``state.step`` (its ``shown`` and ``drawn``, the step's ``regions``)."""
    return MapView(
        page="presenter",
        state=map_state("presenter", state),
        stamp=stamp,
        flows=flow_mode(shown.sites, regions),
        ghosts=ghosts and state.year is not None,
        shown=shown,
        drawn=drawn,
    )
