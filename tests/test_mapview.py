"""A map view's key: made of its fields, it changes when any of them does, and never holds the frames."""

from dataclasses import fields, replace

import pytest

from geo.filters import Filters, View
from geo.mapview import NOT_DRAWN, MapView, belt_view, map_state
from geo.viewstate import ViewState

BASE = MapView(page="belt", state=ViewState(), stamp=(("sites.csv", 1, 2),))
# Another value for each field of the key: a field added to MapView without one here fails below.
OTHER = {
    "page": "presenter",
    "state": ViewState(lang="en"),
    "stamp": (("sites.csv", 1, 3),),
    "site": "gj-ai-hub",
    "flows": "links",
    "ghosts": True,
    "layer": ("stored", "a" * 32, None, ("이름", "#123456", None, None)),
}
STATES = {
    "lang": "en",
    "filters": Filters(regions=("gwangju",)),
    "site": "gj-ai-hub",
    "step": 2,
    "metric": "sites",
    "hidden": ("flows",),
    "vc_mode": "budget",
    "search": "AI",
    "layer": "b" * 32,
    "place": "29110",
    "scenario": "proposals",
    "year": 2024,
}


def test_every_field_of_the_key_has_another_value_here():
    assert {f.name for f in fields(MapView) if f.compare} == set(OTHER)


@pytest.mark.parametrize("name", sorted(OTHER))
def test_the_key_changes_when_any_field_of_the_view_does(name):
    changed = replace(BASE, **{name: OTHER[name]})
    assert changed.key != BASE.key
    assert changed.key == replace(BASE, **{name: OTHER[name]}).key  # the same fields, the same key


def test_the_frames_are_carried_but_never_part_of_the_key(cat):
    shown = View(cat.sites, cat.programs, cat.links)
    other = View(cat.sites.iloc[:1], cat.programs, cat.links)
    assert replace(BASE, shown=shown, drawn=cat.sites).key == replace(BASE, shown=other, drawn=other.sites).key
    hash(replace(BASE, shown=shown).key)  # hashable: a cache's key


def test_every_field_of_the_state_is_drawn_or_named_as_not_drawn():
    """A ViewState field is in a map view's key unless NOT_DRAWN names it: a new field is in the key."""
    assert set(STATES) == {f.name for f in fields(ViewState)}
    for page, left_out in NOT_DRAWN.items():
        for name, value in STATES.items():
            moved = map_state(page, ViewState().with_(**{name: value}))
            assert (moved == map_state(page, ViewState())) == (name in left_out), (page, name)


def test_the_belt_view_keeps_a_known_site_and_derives_the_flows(cat):
    shown = View(cat.sites, cat.programs, cat.links)
    site = cat.sites["id"].iloc[0]
    known = belt_view(ViewState(site=site), (), shown, cat.sites["id"])
    unknown = belt_view(ViewState(site="nowhere"), (), shown, cat.sites["id"])
    assert known.site == site and unknown.site is None
    assert known.key != unknown.key
    assert known.flows == "links" and unknown.flows == "belt"
    # The programmes' search is not drawn on the map: the same key.
    assert belt_view(ViewState(search="AI"), (), shown, cat.sites["id"]).key == unknown.key
