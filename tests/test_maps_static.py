"""The map's boundaries as static files (geo/maps/static.py): named by their content, fetched, never in the script."""

import json
import re

import pytest

from geo import maps
from geo.maps import static
from geo.paths import ROOT
from tests.catalogue_fixture import SIGUNGU

SIDO = SIGUNGU.dissolve(by="region", as_index=False)
COORDINATE = re.compile(r"\[\s*12[5-8]\.\d+,\s*3[3-6]\.\d+\s*\]")  # a [lon, lat] of the belt


def files_of(sido, sigungu):
    """Files as `static.boundary_files` makes them, from these frames (the belt's and the detailed alike)."""
    return {
        level: tuple(
            (zoom, static.hashed_file(f"{level}-{zoom}", static.geojson_text(frame).encode())) for zoom in (0, 9)
        )
        for level, frame in (("sigungu", sigungu), ("sido", sido))
    }


def test_a_file_is_named_by_its_content():
    """Other content, other name; the same content, the same name; the name is what server.py and nginx mark."""
    one = static.hashed_file("sigungu", static.geojson_text(SIGUNGU).encode())
    again = static.hashed_file("sigungu", static.geojson_text(SIGUNGU).encode())
    moved = SIGUNGU.copy()
    moved["geometry"] = moved.geometry.translate(0.001, 0)
    other = static.hashed_file("sigungu", static.geojson_text(moved).encode())
    assert one == again and one.relative != other.relative
    assert static.HASHED_PATH.match(one.url) and static.HASHED_PATH.match(other.url)
    assert not static.HASHED_PATH.match("/app/static/maps/sigungu.json")
    assert not static.HASHED_PATH.match("/app/static/leaflet/leaflet-0123456789abcdef.json")


def test_the_shipped_files_are_the_belt_and_detailed_boundaries():
    """Both levels, the belt's version lighter than the detailed one, each a FeatureCollection with codes and names."""
    files = static.boundary_files()
    assert set(files) == {"sigungu", "sido"}
    for (zoom_belt, belt), (zoom_detail, detail) in files.values():
        assert (zoom_belt, zoom_detail) == (0, static.DETAIL_ZOOM)
        assert "-belt-" in belt.relative and "-belt-" not in detail.relative
        assert len(belt.content) < 0.7 * len(detail.content)
        features = json.loads(belt.content)["features"]
        assert {"code", "name_ko"} <= set(features[0]["properties"])
    assert len(json.loads(files["sigungu"][0][1].content)["features"]) == 42


def test_publish_writes_each_missing_file_once(tmp_path):
    files = files_of(SIDO, SIGUNGU)
    every = {f.relative: f.content for pairs in files.values() for _, f in pairs}
    written = static.publish(files, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(every)
    assert all(p.read_bytes() == every[p.relative_to(tmp_path).as_posix()] for p in written)
    assert static.publish(files, tmp_path) == []
    assert not list(tmp_path.rglob(".part-*"))


def test_the_map_script_refers_to_the_files_and_carries_no_coordinates(cat):
    """With sources, the base map's script names each URL and fetches it; none of the boundaries' coordinates."""
    sources = static.sources(files_of(SIDO, SIGUNGU))
    fetched = maps.base_map(SIDO, SIGUNGU, cat.sectors, cat.stages, "ko", legend=False, sources=sources)
    embedded = maps.base_map(SIDO, SIGUNGU, cat.sectors, cat.stages, "ko", legend=False)
    page, before = fetched.get_root().render(), embedded.get_root().render()
    for pairs in sources.values():
        for _, url in pairs:
            assert json.dumps(url) in page
    assert "fetch(new URL(url, document.baseURI)" in page and "$.ajax" not in page
    assert COORDINATE.search(before) and not COORDINATE.search(page)
    # The same bounds, style, highlight and tooltip as the embedded layers.
    assert fetched.get_bounds() == embedded.get_bounds()
    for text in ('"color": "#7f858e"', '"weight": 2.5', '"color": "#3d4451"', "bindTooltip", '"interactive": false'):
        assert text in page and text in before, text
    # The choropleth colours the features when they arrive.
    assert 'layer.on("beltfeatures"' in page and 'layer.fire("beltfeatures")' in page


def test_fetched_geojson_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="popup"):
        static.FetchedGeoJson(static.geojson_text(SIDO), ((0, "/app/static/maps/x.json"),), popup=None)


def test_nginx_marks_the_same_names_immutable():
    """The template's location takes exactly the paths server.py marks, and sends the same header."""
    template = (ROOT / "deploy" / "nginx.conf.template").read_text()
    pattern = re.search(r'location ~ "([^"]+)"', template).group(1)
    block = template.split(pattern, 1)[1].split("}", 1)[0]
    assert f'add_header Cache-Control "{static.IMMUTABLE}" always;' in block
    assert "proxy_hide_header Cache-Control;" in block
    good = static.hashed_file("sigungu-belt", b"{}").url
    for path in (good, "/app/static/maps/sido.json", "/app/static/fonts/NanumGothic.woff", good + "x"):
        assert bool(re.match(pattern, path)) == bool(static.HASHED_PATH.match(path)), path
