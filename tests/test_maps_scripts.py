"""The map's scripts (geo/maps/scripts.py): the view brought to the live map, reports back, zoom levels."""

from pathlib import Path

import folium

from geo import maps
from geo.joins import sigungu_summary
from geo.maps.names import NAME_LEVELS
from geo.maps.scripts import CLICKER_BACK, CLICKER_NEXT
from tests.catalogue_fixture import SIGUNGU


def test_map_report_reads_the_metric_and_the_layers_switched_off():
    """A report carries the metric and every hidden layer; tags without a time stamp are no report."""
    tags = ["at=1700000000000", "choro=budget_all", "hide=energy", "hide=flow-compute"]
    assert maps.map_report(tags) == {"metric": "budget_all", "hidden": ("energy", "flow-compute")}
    assert maps.map_report(["at=1"]) == {"metric": "none", "hidden": ()}
    assert maps.map_report(["choro=sites", "hide=energy"]) == {}
    assert maps.map_report(None) == {}


def test_view_switches_layers_off_and_sets_the_metric(cat):
    """Layers the view hides start unticked, and the view's script names them and the metric."""
    summary = sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    hidden = ["energy", maps.flow_layer_id("compute")]
    layers = maps.dynamic_layers(cat.sites, cat.links, cat.sectors, summary, "ko", metric="sites", hidden=hidden)
    off = {layer.layer_id for layer in layers if hasattr(layer, "layer_id") and not layer.show}
    assert off == set(hidden)
    m = folium.Map()
    for layer in layers:
        layer.add_to(m)
    page = m.get_root().render()
    assert 'var hidden = ["energy", "flow-compute"];' in page
    assert 'st.metric = "sites";' in page


def test_every_zoom_level_the_script_marks_has_css_for_its_names(cat):
    """The zoom script marks the levels that have names, and the map's CSS shows each level's names."""
    sido = SIGUNGU.dissolve(by="region", as_index=False)
    page = maps.base_map(sido, SIGUNGU, cat.sectors, cat.stages, "ko").get_root().render()
    assert f"var levels = {list(NAME_LEVELS)};" in page
    assert 'c.classList.toggle("belt-detail", z >= 10);' in page
    for level in ("z75", "z85", "z100", "z120"):
        assert f".belt-{level} .site-name.{level}{{display:block}}" in maps.MAP_CSS


def test_only_the_presenter_map_hands_the_clicker_keys_to_the_page(cat):
    """The presenter's frame forwards the clicker's keys (the same ones presenter.js reads); the belt map pans."""
    sido = SIGUNGU.dissolve(by="region", as_index=False)
    presenter = maps.base_map(sido, SIGUNGU, cat.sectors, cat.stages, "ko", presenter=True).get_root().render()
    belt = maps.base_map(sido, SIGUNGU, cat.sectors, cat.stages, "ko").get_root().render()
    assert "window.parent.postMessage(message, window.location.origin)" in presenter
    assert "postMessage" not in belt
    script = (Path(__file__).parents[1] / "views" / "presenter.js").read_text(encoding="utf-8")
    assert f"var NEXT = {list(CLICKER_NEXT)}, BACK = {list(CLICKER_BACK)};".replace("'", '"') in script
    assert "e.data.beltStep" in script
