"""Warm start and cheap reruns: after ui.warm() the first visit builds no map; a rerun builds nothing again."""

import threading

import pytest

import ui
import ui.belt
from geo.timeline import current_year, years_ahead


@pytest.fixture
def built(monkeypatch):
    """Which map builders ran, in order ("base", "layers"), with the caches emptied first."""
    ui.map._base.clear()
    ui.map._layers.clear()
    ui.timeline._AHEAD.clear()
    calls = []
    base, layers = ui.belt.belt_base, ui.belt.belt_layers
    # The page, the years built ahead and the warm start all build through ``ui.belt``.
    monkeypatch.setattr(ui.belt, "belt_base", lambda *a, **k: calls.append("base") or base(*a, **k))
    monkeypatch.setattr(ui.belt, "belt_layers", lambda *a, **k: calls.append("layers") or layers(*a, **k))
    return calls


def test_first_visit_after_warm_start_builds_no_map(built, app):
    """ui.warm() renders the default view's map (and its years'), so the first visitor of the map page renders none."""
    ui.warm().join()
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


def test_warm_start_returns_with_the_default_map_and_builds_its_years_after(built, monkeypatch):
    """The server answers once the default view is rendered: its 13 years follow in the background."""
    hold, layers = threading.Event(), ui.belt.belt_layers

    def held(cat, view, *args, **kwargs):
        if view.state.year is not None:
            assert hold.wait(60)  # a year waits until the warm start has returned
        return layers(cat, view, *args, **kwargs)

    monkeypatch.setattr(ui.belt, "belt_layers", held)
    years = ui.warm()
    assert built == ["base", "layers"]
    assert years is not None and years.is_alive()
    hold.set()
    years.join(120)
    assert not years.is_alive()
    assert built == ["base", "layers"] + ["layers"] * len(years_ahead(None, current_year()))
