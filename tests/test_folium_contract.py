"""streamlit-folium's private names, one contract test each: an upgrade that changes one fails here, by name.

``ui/folium_contract.py`` is the only module that calls them (checked below too).
"""

import inspect
import re
from pathlib import Path

import folium
import pytest
import streamlit_folium

from geo.paths import ROOT
from ui import folium_contract as contract

FRONTEND = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"


@pytest.mark.parametrize("name", list(contract.SIGNATURES))
def test_the_private_name_exists_with_its_signature(name):
    """The name is in streamlit-folium and takes the parameters the contract calls it with, in that order."""
    assert hasattr(streamlit_folium, name), f"streamlit-folium no longer has {name}"
    parameters = tuple(inspect.signature(getattr(streamlit_folium, name)).parameters)
    assert parameters == contract.SIGNATURES[name], f"{name} now takes {parameters}"


def test_st_folium_hands_the_component_the_arguments_the_contract_sends(monkeypatch):
    """``st_folium`` passes the component exactly ``COMPONENT_ARGUMENTS`` (``ui.map.show`` sends the same)."""
    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.append(kwargs))
    m = folium.Map(tiles=None)
    layer = folium.FeatureGroup(name="layer")
    streamlit_folium.st_folium(m, feature_group_to_add=[layer], layer_control=folium.LayerControl(), key="map")
    assert len(sent) == 1 and tuple(sent[0]) == contract.COMPONENT_ARGUMENTS


def test_the_helpers_render_what_the_contract_reads():
    """The map's parts through the contract: its stable id in its script, a key per page key, layer and control."""
    m = folium.Map(tiles=None)
    m.get_root().render()
    m.render()
    html, header, script = contract.map_html(m), contract.map_header(m), contract.map_script(m)
    assert isinstance(html, str) and "leaflet" in header.lower()
    assert contract.map_id(m) == "map_div" and 'L.map(\n                "map_div"' in script
    key = contract.component_key(script, "map")
    assert re.fullmatch(r"[0-9a-f]{64}", key) and key != contract.component_key(script, "other")
    layer = folium.FeatureGroup(name="layer")
    assert "feature_group_feature_group_0.addTo(map_div)" in contract.layer_script(layer, m, 0)
    assert "layer_control_layer_control_layers" in contract.control_script(folium.LayerControl(), m)


@pytest.mark.parametrize("name", contract.FRAME_GLOBALS)
def test_the_frame_defines_the_globals_the_map_scripts_use(name):
    """streamlit-folium's frame script names each global (the browser test sees them set), and the map uses it."""
    bundle = "".join(path.read_text(encoding="utf-8") for path in FRONTEND.glob("main.*.js"))
    head, _, field = name.partition(".")
    assert f"window.{head}" in bundle, f"the frame no longer has window.{head}"
    if field:
        assert f"{field}:" in bundle, f"the frame's {head} no longer has {field}"
    scripts = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "geo" / "maps").glob("*.py"))
    uses = {"__GLOBAL_DATA__.selected_tags": "data.selected_tags"}.get(name, f"window.{name}")
    assert uses in scripts, f"geo/maps no longer uses {name}: drop it from FRAME_GLOBALS"


def test_no_other_module_calls_a_private_name():
    """Only ``ui/folium_contract.py`` names streamlit-folium's private helpers (the tests comparing with them aside)."""
    pattern = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in contract.SIGNATURES))
    paths = [p for folder in ("geo", "ui", "views", "bench", "deploy") for p in (ROOT / folder).rglob("*.py")]
    paths += list(ROOT.glob("*.py"))
    found = [
        str(p.relative_to(ROOT)) for p in paths if p.name != "folium_contract.py" and pattern.search(p.read_text())
    ]
    assert found == []
