"""The map's vocabulary (ids, colours, type) is shared without the map: no module that names them loads folium."""

import subprocess
import sys

import pytest

from geo import maps, vocabulary
from geo.paths import ROOT

# Modules that name layers, metrics or colours but draw no map.
WITHOUT_MAP = ("geo.vocabulary", "geo.viewstate", "geo.story", "geo.accessible", "geo.charts", "geo.export.panels")


@pytest.mark.parametrize("module", WITHOUT_MAP)
def test_naming_the_map_does_not_load_folium(module):
    """Imported in a fresh interpreter, the module leaves folium (and branca) unloaded."""
    code = f"import sys, {module}; print(sorted(m for m in ('folium', 'branca') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{module} loads {out.stdout.strip()}"


def test_the_map_draws_with_the_vocabulary_it_re_exports():
    """``geo.maps`` hands out the vocabulary's own objects, so there is one home for each."""
    for name in ("FLOW_COLOURS", "FONT_STACK", "CHORO_METRICS", "HOLLOW_STATUSES", "flow_label", "flow_layer_id"):
        assert getattr(maps, name) is getattr(vocabulary, name), name
    assert vocabulary.flow_layer_id("energy") == "flow-energy"
    assert set(vocabulary.FLOW_COLOURS) == set(__import__("geo.catalogue").catalogue.LINK_KINDS)
