"""Map builders: rendered HTML has the layers, flows, legend, choropleth, local Leaflet, escaped text."""

import json
import re

import folium
import numpy as np
import pytest

from geo import maps
from geo.catalogue import LINK_KINDS, load_catalogue
from geo.i18n import t
from geo.joins import sigungu_summary
from geo.maps.choropleth import INDUSTRY_METRICS
from geo.maps.markers import SPREAD_ZOOMS, sector_layers
from geo.maps.names import NAME_LEVELS, level_class, marker_spread
from geo.paths import DEFAULT_DATA_DIR
from tests.catalogue_fixture import SIGUNGU, changed_sites, write_catalogue
from tests.helpers import XSS


@pytest.fixture
def cat(tmp_path):
    return load_catalogue(write_catalogue(tmp_path, sites=changed_sites(0, name_ko=XSS)))


def render(cat, lang="ko", highlight=()):
    sido = SIGUNGU.dissolve(by="region", as_index=False)
    summary = sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    m = maps.belt_map(cat.sites, cat.links, cat.sectors, cat.stages, sido, SIGUNGU, summary, lang, highlight)
    return m.get_root().render()


def control_names(page: str, group: str, tags: bool = False) -> list[str]:
    """The names (tags removed unless ``tags``) of the base layers or overlays in the layer control."""
    start = page.index(f"{group} :")
    block = page[start : page.index("},", start)]
    names = [json.loads(f'"{name}"') for name in re.findall(r'"((?:[^"\\]|\\.)*)"\s*:', block)]
    return names if tags else [re.sub(r"<[^>]+>", "", name) for name in names]


def leaflet_options(page: str, factory: str) -> list[dict]:
    """The options object of every ``L.<factory>(…)`` call in the rendered map, parsed."""
    found = re.findall(rf"L\.{factory}\((?:\s*\[.*?\],)?\s*(\{{.*?\}})\s*\)", page, flags=re.S)
    return [json.loads(re.sub(r",\s*}$", "}", options)) for options in found]  # folium leaves a trailing comma


def name_levels(page: str) -> dict[str, set[str]]:
    """Each site name drawn as a map label, with the zoom-level classes it shows at."""
    levels: dict[str, set[str]] = {}
    for icon in leaflet_options(page, "divIcon"):
        classes = icon["className"].split()
        if classes[0] == "site-name":
            text = re.sub(r"<[^>]+>", "", icon["html"])
            levels.setdefault(text, set()).update(c for c in classes if re.fullmatch(r"z\d+", c))
    return levels


def test_layer_control_offers_basemaps_flows_and_sectors(cat):
    """No-tiles is the default basemap; one layer per link kind and one per sector are offered."""
    page = render(cat)
    assert control_names(page, "base_layers") == ["배경지도 없음 (오프라인)", "OpenStreetMap", "CartoDB Positron"]
    names = control_names(page, "overlays")
    assert names[:7] == [f"↝ {maps.flow_label(k, 'ko')}" for k in LINK_KINDS]
    assert names[7:] == ["에너지", "AI 인프라"]
    # The sector's colour stands beside its name: the switcher doubles as the colour legend.
    swatch = '<span class="lg-swatch" style="background:#E69F00">'
    assert control_names(page, "overlays", tags=True)[7].startswith(swatch)


def test_markers_carry_their_main_sector(cat):
    """Each site is drawn once, in the layer of its first sector."""
    page = render(cat)
    assert page.count("site-marker sector-ai_infra") == 2
    assert page.count("site-marker sector-energy") == 2


def test_flows_are_curved_coloured_and_directed(cat):
    """Each link is a curved line of its kind's colour with an arrowhead."""
    page = render(cat)
    assert page.count('"className": "flow flow-energy flow-derived"') == 1  # l1 is derived
    assert page.count('"className": "flow flow-compute"') == 1
    colours = {o["className"].split()[1]: o["color"] for o in leaflet_options(page, "polyline")}
    assert colours == {"flow-energy": maps.FLOW_COLOURS["energy"], "flow-compute": maps.FLOW_COLOURS["compute"]}
    assert page.count('"className": "flow-arrow"') == 2
    points = maps.curve((35.0, 126.0), (35.0, 127.0))
    assert points[0] == (35.0, 126.0) and points[-1] == (35.0, 127.0)
    assert max(lat for lat, _ in points) > 35.05  # it bends off the straight chord


def test_no_request_leaves_the_server(cat):
    """Leaflet comes from /app/static; no script or stylesheet is loaded from another host."""
    page = render(cat)
    assert "/app/static/leaflet/leaflet.js" in page
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', page) == []


def test_site_names_are_escaped(cat):
    """A site named like an HTML tag shows as text: the raw tag never reaches the page."""
    page = render(cat, highlight=["gj-dc"])
    assert XSS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_legend_and_layer_names_follow_the_language(cat):
    """In English the legend names the stages and the switcher the sectors and link kinds."""
    page = render(cat, "en")
    legend = page[page.index('class="belt-legend"') :]
    for word in ("Energy supply", "Compute", "Hollow marker", "AI infrastructure", "Demonstration"):
        assert word in legend
    assert "↝ Talent" in control_names(page, "overlays")
    assert "AI infrastructure" in control_names(page, "overlays")


def test_choropleth_values_classify_districts(cat):
    """District colours follow the metric; a district at zero has its own class "0", never the land colour."""
    summary = sigungu_summary(cat.sites, cat.programs, SIGUNGU)
    data = maps.choropleth_data(summary, "ko")
    assert set(data) == {"sites", "sectors", "budget_confirmed", "budget_all", "scenario_delta", *INDUSTRY_METRICS}
    assert set(data["sites"]["colours"]) == {"29170", "46910", "52130"}
    budget = data["budget_confirmed"]
    assert budget["colours"]["29170"] in maps.CHORO_COLOURS
    assert budget["colours"]["46910"] == budget["colours"]["52130"] == maps.CHORO_ZERO
    assert budget["legend"][0] == [maps.CHORO_ZERO, "0"]
    assert budget["legend"][-2][1] == "0–6,000억원"
    assert budget["legend"][-1] == ["transparent", t("budget_rule_short", "ko")]  # the rule
    # The most sites get the darkest class.
    assert data["sites"]["colours"]["29170"] == maps.CHORO_COLOURS[-1]


def test_lowest_class_stands_apart_from_the_land():
    """The lightest class differs clearly from the land colour (#f4f1ea) and from the zero class."""

    def distance(a, b):
        return sum(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) for i in (1, 3, 5))

    assert distance(maps.CHORO_COLOURS[0], maps.LAND_FILL) > 60
    assert distance(maps.CHORO_COLOURS[0], maps.CHORO_ZERO) > 60
    assert maps.CHORO_ZERO != maps.LAND_FILL


def test_class_labels_are_whole_counts_and_money_ranges():
    """Counts read "1–2곳", "3곳", "4–7곳"; money reads "0–804억원" and switches to 조원 above 1조."""
    assert maps.class_labels("sites", [2, 3, 7], "ko") == ["1–2곳", "3곳", "4–7곳"]
    assert maps.class_labels("sectors", [1, 4], "en") == ["1 sector", "2–4 sectors"]
    assert maps.class_labels("budget_confirmed", [804, 25000], "ko") == ["0–804억원", "804억–2.5조원"]
    assert maps.class_labels("budget_all", [804], "en") == ["KRW 0–80 bn"]


def test_class_breaks():
    """Breaks are increasing quantiles of the positive values; all-zero gives none."""
    import pandas as pd

    assert maps.class_breaks(pd.Series([0, 0, 0])) == []
    assert maps.class_breaks(pd.Series([1, 1, 1])) == [1.0]
    breaks = maps.class_breaks(pd.Series(range(0, 11)))
    assert breaks == sorted(breaks) and breaks[-1] == 10


def test_marker_shape_by_stage_and_hollow_when_planned():
    """Stages have different outlines; planned sites are hollow (white fill)."""
    assert maps.marker_svg("energy", "#E69F00", False) != maps.marker_svg("compute", "#E69F00", False)
    assert 'fill="#ffffff"' in maps.marker_svg("energy", "#E69F00", True)
    assert 'fill="#E69F00"' in maps.marker_svg("energy", "#E69F00", False)


def test_colocated_sites_are_fanned_out_and_found_by_click(cat):
    """Sites sharing a point get different pixel offsets; a click's tooltip tells them apart."""
    sites = cat.sites.copy()
    sites.loc[1, "geometry"] = sites.loc[0, "geometry"]
    offsets = maps.fan_offsets(sites)
    assert tuple(offsets.loc[0]) != tuple(offsets.loc[1])
    assert tuple(offsets.loc[2]) == (0, 0)
    y, x = sites.geometry.y[0], sites.geometry.x[0]
    assert maps.clicked_site(sites, y, x, "연구소 AI 인프라 · 에너지") == "gj-lab"
    assert maps.clicked_site(sites, y, x, f"{XSS} AI 인프라") == "gj-dc"
    assert maps.clicked_site(sites, 30.0, 120.0, None) is None


def test_highlighted_sites_are_larger_and_named(cat):
    """A highlighted site gets a larger marker and is named at every zoom level, before any other site."""
    page = render(cat, highlight=["gj-lab"])
    assert page.count("site-marker sector-ai_infra highlighted") == 1
    texts, placed = maps.plan_names(cat.sites, cat.links, "ko", highlight=["gj-lab"])
    assert texts["gj-lab"] == "연구소"
    assert all(level[0].id == "gj-lab" for level in placed.values())
    every_level = {level_class(z) for z in NAME_LEVELS}
    assert name_levels(page)["연구소"] == every_level  # drawn as a label, shown at every level


def test_derived_links_are_dashed_and_lighter(cat):
    """A derived link is dashed and more transparent than a sourced one, and its tooltip says so."""
    derived = cat.links.set_index("id").loc["l1"]
    sourced = cat.links.set_index("id").loc["l2"]
    assert maps.flow_style(derived)["dash_array"] == maps.DERIVED_DASH
    assert "dash_array" not in maps.flow_style(sourced)
    assert maps.flow_style(derived)["opacity"] < maps.flow_style(sourced)["opacity"]
    page = render(cat)
    assert page.count(f'"dashArray": "{maps.DERIVED_DASH}"') == 1
    assert t("evidence_derived", "ko") in page


def test_large_location_errors_are_drawn_as_quiet_circles(tmp_path):
    """Sites with an error over 1 km get a light dashed circle of that radius, not interactive."""
    sites = changed_sites(1, coord_error_m=800)  # gj-lab: under 1 km, no circle
    cat = load_catalogue(write_catalogue(tmp_path, sites=sites))
    layer = maps.uncertainty_layer(cat.sites)
    circles = list(layer._children.values())
    assert len(circles) == 3  # the three sites at 1.7 km
    options = circles[0].options
    assert options["radius"] == 1700 and options["interactive"] is False and options["dashArray"] == "4 4"
    assert options["fillOpacity"] <= 0.1
    page = (
        maps.belt_map(
            cat.sites,
            cat.links,
            cat.sectors,
            cat.stages,
            SIGUNGU.dissolve(by="region", as_index=False),
            SIGUNGU,
            sigungu_summary(cat.sites, cat.programs, SIGUNGU),
        )
        .get_root()
        .render()
    )
    assert page.count('"className": "site-uncertainty"') == 3


def test_legend_explains_dashes_and_circles():
    """The legend has a row for derived (dashed) links and one for the error circle."""
    import pandas as pd

    legend = maps.legend_html(
        pd.DataFrame(columns=["id", "colour", "name_ko"]), pd.DataFrame(columns=["id", "name_ko"]), "ko"
    )
    assert t("legend_derived", "ko") in legend and t("legend_uncertainty", "ko") in legend
    assert "lg-dash" in legend and "lg-circle" in legend
    assert "주관 거점" in maps.budget_rule_text("ko") and "lead site" in maps.budget_rule_text("en")


def test_industry_metrics_colour_the_known_specialisations_on_a_scale_around_one():
    from geo.maps import choropleth

    data = choropleth.industry_choropleth("ko")
    utilities, manufacturing = data["lq_utilities"], data["lq_manufacturing"]
    top, low = choropleth.LQ_COLOURS[-1], choropleth.LQ_COLOURS[0]
    assert utilities["colours"]["46870"] == top  # 영광: LQ 23 (the nuclear plant)
    assert manufacturing["colours"]["46130"] == choropleth.LQ_COLOURS[-2]  # 여수: LQ 2–4
    assert manufacturing["colours"]["29110"] == low  # 광주 동구: hardly any manufacturing
    # 전주시's two 구 share the city's figure; all 42 polygons are coloured.
    assert utilities["colours"]["52111"] == utilities["colours"]["52113"]
    assert len(utilities["colours"]) == 42
    # The pale middle class is the national level, and the last row says what LQ is.
    assert utilities["legend"][2] == [choropleth.LQ_COLOURS[2], "0.8–1.25 (전국 수준)"]
    assert utilities["legend"][-1][0] == "transparent" and "전국 비중" in utilities["legend"][-1][1]
    change = data["grdp_change"]
    assert change["colours"]["46230"] == choropleth.CHANGE_COLOURS[0]  # 광양 +9%, far under the belt's +38%
    assert "+38%" in change["legend"][-1][1]


def test_the_switch_offers_every_industry_in_a_group_in_both_languages():
    from geo.maps.choropleth import ChoroplethSwitch

    for lang, name in (("ko", "LQ 제조업"), ("en", "LQ Manufacturing")):
        form = ChoroplethSwitch(lang).form
        group = form[form.index("<optgroup") : form.index("</optgroup>")]
        assert group.count("<option") == 16 and f'value="lq_manufacturing">{name}<' in group
        assert 'value="grdp_change"' in form


def test_no_marker_covers_another_centre_at_any_zoom_step():
    """On the real belt, at every zoom step, no drawn marker can cover another's centre; fewer move as one zooms in."""
    sites = load_catalogue(DEFAULT_DATA_DIR).sites
    moved_at = {}
    for zoom in SPREAD_ZOOMS:
        points = maps.marker_points(sites, zoom, highlight=["gj-ai-cluster"])
        xy, size = points[["x", "y"]].to_numpy(), 2 * points["radius"].to_numpy()
        gaps = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(gaps, np.inf)
        # A marker is a square box of its size: a centre nearer than size / √2 may lie under it.
        assert (gaps >= np.maximum.outer(size, size) / np.sqrt(2)).all(), zoom
        moved_at[zoom] = int((np.hypot(points["dx"], points["dy"]) > 0.5).sum())
    assert moved_at[8.0] > 20 and moved_at[15.0] < moved_at[10.0] < moved_at[8.0]  # resolves as one zooms in


def test_markers_carry_their_offset_per_zoom_step(cat):
    """Each fanned or spread marker carries its offsets for the map's script; a lone marker carries none."""
    sites = cat.sites.copy()
    sites.loc[1, "geometry"] = sites.loc[0, "geometry"]
    spread = marker_spread(sites)
    assert set(spread) == {sites.loc[0, "id"], sites.loc[1, "id"]}
    layers = sector_layers(sites, cat.sectors, "ko", spread=spread)
    m = folium.Map()
    for layer in layers:
        layer.add_to(m)
    page = m.get_root().render()
    assert page.count("data-spread=") == 2
    assert page.count("[0, -15]") == page.count("[0, 15]") == len(SPREAD_ZOOMS)  # the fan, at every step
