"""Warm start and cheap reruns: after ui.warm() the first visit builds no map; a rerun builds nothing again."""

import pytest

import ui
import ui.belt
from geo.timeline import current_year, years_ahead


@pytest.fixture
def built(monkeypatch):
    """Which map builders ran, in order ("base", "layers"), with the caches emptied first."""
    ui.map._base.clear()
    ui.map._layers.clear()
    calls = []
    base, layers = ui.belt_base, ui.belt_layers
    # The pages call ``ui.belt_…``, the warm start its own module's: both are counted.
    for module in (ui, ui.belt):
        monkeypatch.setattr(module, "belt_base", lambda *a, **k: calls.append("base") or base(*a, **k))
        monkeypatch.setattr(module, "belt_layers", lambda *a, **k: calls.append("layers") or layers(*a, **k))
    return calls


def test_first_visit_after_warm_start_builds_no_map(built, app):
    """ui.warm() renders the default view's map (and its years'), so the first visitor of the map page renders none."""
    ui.warm()
    assert built == ["base", "layers"] + ["layers"] * len(years_ahead(None, current_year()))
    built.clear()
    app.run()
    assert not app.exception
    assert built == []


def test_rerun_builds_nothing_and_a_filter_change_only_the_layers(built, app):
    """Same view again: no builder runs; another region: the layers are built, the base map is not."""
    app.run()
    assert built == ["base", "layers"]
    app.run()
    assert built == ["base", "layers"]
    app.multiselect(key="f_region").select("jeonbuk").run()
    assert not app.exception
    assert built == ["base", "layers", "layers"]
