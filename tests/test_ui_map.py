"""The cached map component sends exactly what st_folium sends, for several views, from its caches."""

import folium
import pytest
import streamlit_folium as stf

import ui.map as mapcomponent
from geo import maps
from geo.catalogue import load_catalogue
from geo.joins import sigungu_summary
from geo.maps import static
from tests.catalogue_fixture import SIGUNGU, changed_sites, write_catalogue

SIDO = SIGUNGU.dissolve(by="region", as_index=False)
# Boundary files as the dashboard serves them (the fixture's polygons; their URLs only matter here).
SOURCES = {
    level: (
        (0, static.hashed_file(f"{level}-belt", b"{}").url),
        (static.DETAIL_ZOOM, static.hashed_file(level, b"{}").url),
    )
    for level in static.LAYERS
}
OPTIONS = dict(
    key="belt_map_ko",
    height=720,
    use_container_width=True,
    returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
)


@pytest.fixture
def cat(tmp_path):
    return load_catalogue(write_catalogue(tmp_path, sites=changed_sites(0, name_ko="<b>광주</b>")))


@pytest.fixture
def sent(monkeypatch):
    """Every call to the streamlit-folium component, as its keyword arguments (no Streamlit run needed)."""
    calls = []
    monkeypatch.setattr(stf, "_component_func", lambda **kwargs: calls.append(kwargs) or None)
    mapcomponent._base.clear()
    mapcomponent._layers.clear()
    return calls


def builders(cat, lang="ko", sites=None, highlight=(), extra=False, sources=None):
    """The base map and the layers of a view; ``extra`` adds one more layer, as an upload does.

    ``sources`` has the base fetch its boundaries (``geo.maps.static``), as the dashboard's maps do.
    """
    sites = cat.sites if sites is None else sites
    summary = sigungu_summary(sites, cat.programs, SIGUNGU)

    def layers():
        shown = maps.dynamic_layers(sites, cat.links, cat.sectors, summary, lang, highlight=highlight)
        return shown + [folium.FeatureGroup(name="upload")] if extra else shown

    return lambda: maps.base_map(SIDO, SIGUNGU, cat.sectors, cat.stages, lang, legend=False, sources=sources), layers


def comparable(kwargs):
    return {k: v for k, v in kwargs.items() if k != "on_change"}


def test_same_arguments_as_st_folium_for_each_view_and_from_the_cache(cat, sent):
    """Full view, one more layer, a highlighted site, a filtered view, English: argument for argument."""
    first = cat.sites["id"].iloc[0]
    views = [
        ("all", {}),
        ("extra", {"extra": True}),
        ("one", {"highlight": [first]}),
        ("few", {"sites": cat.sites.iloc[:2]}),
        ("en", {"lang": "en"}),
        ("fetched", {"sources": SOURCES}),
        ("fetched en", {"sources": SOURCES, "lang": "en"}),
    ]
    for name, view in views:
        build_base, build_layers = builders(cat, **view)
        stf.st_folium(build_base(), feature_group_to_add=build_layers(), layer_control=maps.layer_control(), **OPTIONS)
        expected = comparable(sent.pop())
        lang = view.get("lang", "ko")
        for _ in range(2):  # built, then from the cache
            mapcomponent.show(
                ("base", lang, "sources" in view), build_base, ("layers", lang, name), build_layers, **OPTIONS
            )
            assert comparable(sent.pop()) == expected, name
    assert expected["feature_group"] and expected["layer_control"] and "map_div" in expected["script"]


def test_a_view_change_does_not_rebuild_the_base(cat, sent):
    """Two views of one base map build the base once; the same view twice builds its layers once."""
    built = {"base": 0, "layers": 0}
    build_base, build_layers = builders(cat)

    def counted(kind, build):
        return lambda: built.__setitem__(kind, built[kind] + 1) or build()

    for view in ("a", "b", "a", "b"):
        mapcomponent.show("base", counted("base", build_base), view, counted("layers", build_layers), **OPTIONS)
    assert built == {"base": 1, "layers": 2}
    assert sent[0]["feature_group"] == sent[2]["feature_group"]


def test_without_layer_control_as_the_presenter_shows_it(cat, sent):
    """No layer control and no returned values (the presenter's map): still argument for argument."""
    build_base, build_layers = builders(cat)
    options = dict(
        key="presenter_map_ko", height=540, use_container_width=True, returned_objects=[], center=(35.1, 126.9), zoom=9
    )
    stf.st_folium(build_base(), feature_group_to_add=build_layers(), **options)
    expected = comparable(sent.pop())
    mapcomponent.show("base", build_base, "step 1", build_layers, with_control=False, **options)
    assert comparable(sent.pop()) == expected
    assert expected["layer_control"] is None and expected["default"] == {}


def test_a_base_that_fetches_its_boundaries_sends_their_addresses_not_their_polygons(cat, sent):
    """The dashboard's base names the static files and is a fraction of the base that carries the polygons."""
    for sources in (SOURCES, None):
        build_base, build_layers = builders(cat, sources=sources)
        mapcomponent.show(("base", sources is None), build_base, "view", build_layers, **OPTIONS)
    fetched, embedded = sent
    for pairs in SOURCES.values():
        assert all(f'"{url}"' in fetched["script"] for _, url in pairs)
    assert SIGUNGU.iloc[0]["code"] in embedded["script"]  # in the style's cases, and with its polygon
    assert '"coordinates"' in embedded["script"] and '"coordinates"' not in fetched["script"]
    assert fetched["feature_group"] == embedded["feature_group"] and fetched["key"] != embedded["key"]
