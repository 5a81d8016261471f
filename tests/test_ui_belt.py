"""The map page's caches keyed on its view: a map holding a planner's layer is rendered once, like any other view.

A stored layer is named by its id and record (its name, colour and columns), a layer of this session
by its content's hash and record (``ui.belt.layer_ref``); a rerun reuses the rendered map, a changed
record or other features render it again.
"""

from dataclasses import replace

import pytest

import ui
import ui.belt
from geo.planner.layer import PlannerLayer
from tests.app.conftest import dashboard
from tests.layer_fixture import random_firms

STORED_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def built(monkeypatch):
    """The views whose planner's layer was drawn (its map rendered), with the map caches emptied first."""
    ui.map._base.clear()
    ui.map._layers.clear()
    calls = []
    drawn = ui.belt.planner_layers

    def recorded(view):
        if view.layer is not None:  # the default view's years, built in the background, have none
            calls.append(view.layer)
        return drawn(view)

    monkeypatch.setattr(ui.belt, "planner_layers", recorded)
    return calls


@pytest.fixture(scope="module")
def firms():
    return random_firms(40, ui.caches.full_sigungu())


def layer(gdf, **changes) -> PlannerLayer:
    own = PlannerLayer(gdf, "기업", "#1f77b4", "업체명", None, "firms.csv")
    return replace(own, **changes)


def opened(own: PlannerLayer, query: dict | None = None):
    app = dashboard()
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.session_state["upload_layer"] = own
    app.run()
    assert not app.exception
    return app


def rerun(app, own: PlannerLayer | None = None):
    if own is not None:
        app.session_state["upload_layer"] = own
    app.run()
    assert not app.exception


def test_a_session_layer_is_rendered_once_and_again_when_its_features_or_colour_change(built, firms):
    app = opened(layer(firms))
    assert len(built) == 1 and built[0][0] == "session"
    rerun(app)
    rerun(app, layer(firms))  # a new record of the same features: the same content, the same map
    assert len(built) == 1
    rerun(app, layer(firms.iloc[:20].copy()))  # other features
    assert len(built) == 2 and built[1] != built[0]
    rerun(app, layer(firms.iloc[:20].copy(), colour="#d62728"))  # recoloured
    assert len(built) == 3


def test_a_stored_layer_is_reused_on_a_rerun_and_rendered_again_when_its_record_changes(built, firms):
    own = layer(firms, id=STORED_ID)
    app = opened(own, {"layer": STORED_ID})
    assert built == [("stored", STORED_ID, ("기업", "#1f77b4", "업체명", None))]
    rerun(app)
    rerun(app)
    assert len(built) == 1
    rerun(app, replace(own, name="기업 (수정)"))  # renamed
    assert len(built) == 2 and built[1][2][0] == "기업 (수정)"
    rerun(app, replace(own, name="기업 (수정)", colour="#d62728"))  # recoloured
    assert len(built) == 3


def test_a_second_session_with_the_same_stored_layer_gets_the_rendered_map(built, firms):
    own = layer(firms, id=STORED_ID)
    opened(own, {"layer": STORED_ID})
    opened(replace(own), {"layer": STORED_ID})
    assert len(built) == 1


def test_the_layer_reference_names_a_record_or_a_hash_never_the_features(firms):
    session = ui.belt.layer_ref(layer(firms))
    assert session == ui.belt.layer_ref(layer(firms.copy()))  # the same content, another frame
    assert session != ui.belt.layer_ref(layer(replace_first(firms)))
    assert ui.belt.layer_ref(None) is None
    stored = ui.belt.layer_ref(layer(firms, id=STORED_ID))
    assert stored[:2] == ("stored", STORED_ID) and all(part is not firms for part in stored)


def replace_first(gdf):
    other = gdf.copy()
    other.loc[other.index[0], "업종"] = "다른 업종"
    return other


def test_a_new_session_s_first_run_builds_none_of_the_map_page_s_panels(monkeypatch):
    """What the panels draw from the view is kept per view: a second visitor's first run builds none of it."""
    import ui.panel

    ui.caches._of_view.clear()
    calls = []
    for name in ("belt_note", "map_summary", "sites_in_view", "district_table", "site_detail"):
        original = getattr(ui.panel, name)
        monkeypatch.setattr(ui.panel, name, lambda *a, _n=name, _f=original, **k: calls.append(_n) or _f(*a, **k))
    first = dashboard()
    first.run()
    assert not first.exception
    assert sorted(calls) == ["belt_note", "district_table", "map_summary", "sites_in_view"]
    second = dashboard()
    second.run()
    assert not second.exception
    assert len(calls) == 4
    third = dashboard()
    third.query_params["site"] = "gj-naidc"
    third.run()
    assert not third.exception
    # Another view (a site selected, its links one by one): its own, once.
    assert sorted(calls[4:]) == ["district_table", "map_summary", "site_detail", "sites_in_view"]
