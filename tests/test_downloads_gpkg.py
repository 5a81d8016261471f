"""The view's GeoPackage: every layer reads back in pyogrio, in its CRS, each with a well-formed QGIS style."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from geo.analysis import read_targets
from geo.boundaries import load_sigungu
from geo.catalogue import LINK_KINDS, load_catalogue
from geo.downloads import view_gpkg, view_tables
from geo.downloads.gpkg import planner_table
from geo.downloads.styles import QGIS_SHAPES, hex_of
from geo.filters import Filters, apply_filters
from geo.maps.flows import FLOW_COLOURS
from geo.maps.markers import STAGE_SHAPES
from geo.paths import DEFAULT_DATA_DIR
from geo.planner.aggregate import categories

LAYERS = ["sites", "links", "districts", "programs", "targets", "sources", "layer_styles"]


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def sigungu():
    return load_sigungu(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def tables(cat, sigungu):
    """The default view's tables, its districts coloured by confirmed budget."""
    shown = apply_filters(cat, Filters())
    return view_tables(cat, shown, sigungu, read_targets(DEFAULT_DATA_DIR), metric="budget_confirmed")


@pytest.fixture(scope="module")
def gpkg(tables, cat, tmp_path_factory):
    """The default view's GeoPackage on disk (EPSG:4326, Korean styles)."""
    path = tmp_path_factory.mktemp("gpkg") / "view.gpkg"
    path.write_bytes(view_gpkg(tables, cat.sectors, "ko"))
    return path


def styles_of(path) -> dict[str, ET.Element]:
    """Each layer's default QML from ``layer_styles``, parsed (a parse error fails the test)."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault = 1").fetchall()
    return {name: ET.fromstring(text.split("\n", 1)[1]) for name, text in rows}


def category_colours(root: ET.Element) -> dict[str, str]:
    """Category value → its symbol's colour (hex) in a categorised renderer."""
    renderer = root.find("renderer-v2")
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    out = {}
    for category in renderer.find("categories"):
        layer = symbols[category.get("symbol")].find("layer")
        options = {o.get("name"): o.get("value") for o in layer.find("Option")}
        out[category.get("value")] = hex_of(options.get("color") or options["line_color"])
    return out


def test_every_layer_reads_back_with_its_features_and_crs(gpkg, tables):
    """Six layers and the styles table; each as many features as the view's table, geometry in EPSG:4326."""
    assert [name for name, _ in pyogrio.list_layers(gpkg)] == LAYERS
    for name, frame in tables.frames().items():
        info = pyogrio.read_info(gpkg, layer=name)
        assert info["features"] == len(frame) > 0, name
        if name in ("sites", "links", "districts"):
            assert info["crs"] == "EPSG:4326", name
    assert pyogrio.read_info(gpkg, layer="sites")["geometry_type"] == "Point"
    assert pyogrio.read_info(gpkg, layer="links")["geometry_type"] == "LineString"
    assert pyogrio.read_info(gpkg, layer="programs")["geometry_type"] is None


def test_sites_carry_both_languages_and_citations_never_working_notes(gpkg, cat):
    """Names, sectors and stages in Korean and English; sources as citations; no internal notes."""
    sites = pyogrio.read_dataframe(gpkg, layer="sites")
    for column in ("name_ko", "name_en", "main_sector_ko", "main_sector_en", "stage_ko", "stage_en", "citation"):
        assert column in sites and sites[column].str.len().gt(0).all(), column
    assert "location_note_internal" not in sites
    first = sites.set_index("id").loc["gj-ai-cluster"]
    assert first["main_sector_en"] == cat.sectors.set_index("id").loc["ai_infra", "name_en"]
    assert "「" in first["citation"] and "sandankorea-79" not in first["citation"]


def test_programmes_are_numbers_joined_by_lead_site(gpkg, cat):
    """Budgets read back as numbers (억원), each programme with its lead site's name and 시군구."""
    programs = pyogrio.read_dataframe(gpkg, layer="programs")
    assert programs["budget_krw_100m"].dtype.kind == "f"
    row = programs.set_index("id").loc["gj-ai-cluster-phase1"]
    assert row["budget_krw_100m"] == 4061
    assert row["lead_site_id"] == "gj-ai-cluster" and row["lead_sigungu_code"] == "29170"
    assert row["lead_site_ko"] == cat.sites.set_index("id").loc["gj-ai-cluster", "name_ko"]


def test_districts_carry_the_view_colouring(gpkg, tables):
    """Each 시군구's value and class of the current colouring, with the colour the map gives it."""
    districts = pyogrio.read_dataframe(gpkg, layer="districts").set_index("code")
    assert districts.loc["29170", "value"] == districts.loc["29170", "budget_confirmed"] > 0
    assert districts.loc["29140", "class_ko"] == "0" and districts.loc["29140", "colour"] == "#ffffff"
    assert districts["colour"].str.fullmatch(r"#[0-9a-f]{6}").all()


def test_utm_k_is_an_option(tables, cat, tmp_path):
    """EPSG:5179 on request: every spatial layer in metres; anything else is refused by name."""
    path = tmp_path / "utmk.gpkg"
    path.write_bytes(view_gpkg(tables, cat.sectors, "en", crs="EPSG:5179"))
    for name in ("sites", "links", "districts"):
        assert pyogrio.read_info(path, layer=name)["crs"] == "EPSG:5179"
    x = pyogrio.read_dataframe(path, layer="sites").geometry.x
    assert x.between(800_000, 1_100_000).all()
    with pytest.raises(ValueError, match="EPSG:3857"):
        view_gpkg(tables, cat.sectors, crs="EPSG:3857")


def test_each_layer_has_a_default_style_of_well_formed_qml(gpkg):
    """One default style per layer, its geometry column the layer's own; a <qgis> root and a renderer for maps."""
    found = styles_of(gpkg)
    assert sorted(found) == sorted(LAYERS[:-1])
    with sqlite3.connect(gpkg) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(layer_styles)")]
        geometry = dict(db.execute("SELECT f_table_name, f_geometry_column FROM layer_styles"))
    for column in ("f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName"):
        assert column in columns
    for column in ("styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"):
        assert column in columns
    for name, root in found.items():
        assert root.tag == "qgis", name
        if name in ("sites", "links", "districts"):
            assert root.find("renderer-v2") is not None, name
            assert geometry[name] == pyogrio.read_info(gpkg, layer=name)["geometry_name"]
        else:
            assert geometry[name] == ""
    aliases = {a.get("field"): a.get("name") for a in found["programs"].find("aliases")}
    assert aliases["budget_krw_100m"] == "예산 (억원)"


def test_site_style_is_the_map_sector_colours_and_stage_shapes(gpkg, cat):
    """A category per sector in sectors.csv's colour; the shape follows the stage; hollow while planned."""
    root = styles_of(gpkg)["sites"]
    assert root.find("renderer-v2").get("attr") == "main_sector"
    assert category_colours(root) == {i: c.lower() for i, c in zip(cat.sectors["id"], cat.sectors["colour"])}
    expressions = [o.get("value") for o in root.iter("Option") if o.get("name") == "expression"]
    shape = next(e for e in expressions if '"stage"' in e)
    assert shape.startswith("CASE WHEN ")  # QGIS has no CASE "field" WHEN form: such a style draws only circles
    for stage in STAGE_SHAPES:
        assert f"WHEN \"stage\" = '{stage}' THEN '{QGIS_SHAPES[stage]}'" in shape
    assert any("'proposed'" in e and "255,255,255,255" in e for e in expressions)


def test_link_style_dashes_derived_links_in_the_kind_colours(gpkg):
    """A category per kind and evidence: the kind's colour, derived ones dashed and lighter."""
    root = styles_of(gpkg)["links"]
    assert category_colours(root) == {
        f"{kind}/{evidence}": FLOW_COLOURS[kind].lower() for kind in LINK_KINDS for evidence in ("sourced", "derived")
    }
    renderer = root.find("renderer-v2")
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    for category in renderer.find("categories"):
        options = {o.get("name"): o.get("value") for o in symbols[category.get("symbol")].find("layer").find("Option")}
        derived = category.get("value").endswith("/derived")
        assert options["use_custom_dash"] == ("1" if derived else "0")
        assert int(options["line_color"].split(",")[3]) < (128 if derived else 256)


def test_district_style_is_the_view_classes(gpkg, tables):
    """The district classes of the view's colouring, each in its colour, matching the districts' own colour."""
    root = styles_of(gpkg)["districts"]
    assert category_colours(root) == {label: colour for colour, label in tables.district_legend["ko"]}
    districts = tables.districts
    for label, colour in category_colours(root).items():
        assert (districts.loc[districts["class_ko"] == label, "colour"] == colour).all()


def test_uncoloured_districts_get_the_land_colour(cat, sigungu, tmp_path):
    """With no district colouring the 시군구 are one land-coloured fill (no classes)."""
    shown = apply_filters(cat, Filters(regions=("gwangju",)))
    tables = view_tables(cat, shown, sigungu, read_targets(DEFAULT_DATA_DIR))
    path = tmp_path / "plain.gpkg"
    path.write_bytes(view_gpkg(tables, cat.sectors))
    assert styles_of(path)["districts"].find("renderer-v2").get("type") == "singleSymbol"
    sites = pyogrio.read_dataframe(path, layer="sites")
    assert len(sites) == len(shown.sites) and set(sites["region"]) == {"gwangju"}


def test_planner_layer_is_a_styled_layer(tables, cat, tmp_path):
    """The planner's layer is its own layer, coloured by its categories; its text cells are made safe."""
    gdf = gpd.GeoDataFrame(
        {
            "업체명": ['=HYPERLINK("http://x.example")', "무등정밀", "영산테크"],
            "업종": ["식품", "기계", "식품"],
            "fid": ["a", "b", "c"],  # a column the GeoPackage's own feature id would clash with
            "tags": [["a"], None, {"k": 1}],  # cells no GeoPackage field holds as they are
        },
        geometry=[Point(126.85, 35.16), Point(126.9, 35.2), Point(126.4, 34.8)],
        crs="EPSG:4326",
    )
    cats = categories(gdf, "업종", "#1f77b4", "기타")
    path = tmp_path / "layer.gpkg"
    path.write_bytes(view_gpkg(tables, cat.sectors, planner=planner_table({"gdf": gdf}, cats)))
    layer = pyogrio.read_dataframe(path, layer="planner_layer")
    assert len(layer) == 3 and layer.crs.to_string() == "EPSG:4326"
    assert layer["업체명"].iloc[0] == '\'=HYPERLINK("http://x.example")'
    assert layer["fid_"].tolist() == ["a", "b", "c"] and layer["tags"].iloc[0] == "['a']"
    style = styles_of(path)["planner_layer"]
    assert category_colours(style) == dict(zip(cats.labels, cats.colours, strict=True))
