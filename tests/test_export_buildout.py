"""The build-out as a picture: the GIF of the years (one 1280×720 frame a year) and four years side by side."""

import copy
import io

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.text import Text
from PIL import Image

from geo.boundaries import BOUNDARY_CITATION, display_boundaries
from geo.catalogue import by_id, load_catalogue
from geo.export import buildout
from geo.export.frame import geo_aspect
from geo.filters import Filters, apply_filters
from geo.i18n import t
from geo.joins import confirmed_split
from geo.paths import DEFAULT_DATA_DIR
from geo.timeline import YEARS
from tests.catalogue_fixture import SITES, TEST_CITATION, write_catalogue
from tests.test_export import drawn_markers

TODAY = 2026
TITLE = "호남권 초광역 AX혁신벨트"
ALL_YEARS = list(range(YEARS[0], YEARS[1] + 1))
# The fixture's sites with the years a source would give (opened, under construction, announced,
# planned); 공장 has none, so before today it is of unknown year.
SITE_YEARS = {
    "gj-dc": {"announced_year": 2019, "construction_year": 2020, "opened_year": 2022},
    "gj-lab": {"announced_year": 2021, "planned_year": 2028},
    "jn-wind": {"announced_year": 2020, "construction_year": 2022, "opened_year": 2024},
    "jb-plant": {},
}


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    sites = copy.deepcopy(SITES)
    for feature in sites["features"]:
        feature["properties"].update(SITE_YEARS[feature["properties"]["id"]])
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("years"), sites=sites))


@pytest.fixture(scope="module")
def bounds_frames():
    return display_boundaries("sido"), display_boundaries("sigungu")


@pytest.fixture(scope="module")
def states(cat):
    return {lang: buildout.year_states(cat.sites, cat.programs, cat, lang, TODAY) for lang in ("ko", "en")}


@pytest.fixture(scope="module")
def gif(cat, bounds_frames, states):
    return buildout.build_out_gif(
        cat.sites, cat.programs, cat, *bounds_frames, title=TITLE, today_year=TODAY, states=states["ko"]
    )


def slides(cat, bounds_frames, states, lang="ko"):
    """Each year's slide as (state, the texts tagged by gid, the markers drawn), read while it is shown."""
    builder = buildout.BuildOut(cat.sites, cat, *bounds_frames, TITLE, lang, TODAY, YEARS)
    out = []
    for state, fig in buildout.frames(builder, states[lang]):
        texts: dict[str, list[str]] = {}
        for text in fig.findobj(Text):
            if text.get_text() and text.get_gid():
                texts.setdefault(text.get_gid(), []).append(text.get_text())
        markers = {
            c.get_gid(): c
            for c in fig.findobj(PathCollection)
            if getattr(c, "site_ids", None) is not None or c.get_gid() == "new-rings"
        }
        out.append((state, texts, markers, drawn_markers(fig), fig))
    return out


@pytest.fixture(scope="module")
def ko_slides(cat, bounds_frames, states):
    return slides(cat, bounds_frames, states)


def phase_of(markers: dict, site: str) -> str:
    """The phase a site's marker is drawn in (its collection's gid ``sites-<phase>``)."""
    found = [gid for gid, c in markers.items() if site in getattr(c, "site_ids", ())]
    assert len(found) == 1, found
    return found[0].removeprefix("sites-")


# ---------------------------------------------------------------- what each year shows


def test_running_totals_follow_the_years_of_the_sites(states):
    """Sites running grow when they open (2022, 2024) and today's statuses stand from 2026; money from its decision."""
    ko = states["ko"]
    assert [s.year for s in ko] == ALL_YEARS
    running = dict((s.year, s.running) for s in ko)
    assert [running[y] for y in (2019, 2021, 2022, 2023, 2024, 2025, 2026, 2031)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert [s.planned_open for s in ko if s.year in (2027, 2028, 2031)] == [0, 1, 1]
    # The data centre's programme was confirmed on 2025-08-18; the wind farm's is a proposal, never counted.
    money = {s.year: s.confirmed for s in ko}
    assert money[2024] == 0 and money[2025] == money[2031] == 6000
    assert {s.year: s.new for s in ko if s.new} == {2022: ("데이터센터",), 2024: ("해상풍력",), 2028: ("연구소",)}
    assert [s.plan for s in ko if s.plan] and all(s.year > TODAY for s in ko if s.plan)


def test_a_site_of_unknown_year_is_grey_before_today_and_never_new(states):
    """공장 has no year: 연도 미상 in every past year, running from today, and never named as new."""
    phases = {s.year: s.sites.set_index("id").at["jb-plant", "phase"] for s in states["ko"]}
    assert {phases[y] for y in range(2019, TODAY)} == {"unknown"} and phases[TODAY] == "operating"
    assert all("공장" not in s.new for s in states["ko"])


def test_today_is_the_kpi_of_today(cat):
    """On the shipped catalogue, today's frame counts the operating sites and the KPI's confirmed money."""
    shipped = load_catalogue(DEFAULT_DATA_DIR)
    view = apply_filters(shipped, Filters())
    today = buildout.year_states(view.sites, view.programs, shipped, "ko", TODAY, years=[TODAY])[0]
    assert today.running == int((view.sites["status"] == "operating").sum())
    kpi = confirmed_split(view.programs, TODAY, by_id(shipped.sites, "status"))["total"]
    assert today.confirmed == pytest.approx(kpi) and kpi > 0


# ---------------------------------------------------------------- the GIF


def test_gif_has_one_slide_sized_frame_a_year(gif):
    """13 frames (2019–2031) of 1280×720, looping, the last held longer; small enough to paste."""
    image = Image.open(io.BytesIO(gif))
    assert image.n_frames == len(ALL_YEARS) == 13
    assert image.size == (1280, 720)
    durations = []
    for k in range(image.n_frames):
        image.seek(k)
        durations.append(image.info["duration"])
    assert durations[:-1] == [buildout.FRAME_MS] * 12 and durations[-1] == buildout.LAST_FRAME_MS
    assert image.info.get("loop") == 0
    assert len(gif) < 5_000_000


def test_gif_frames_change_and_keep_the_sector_colours(gif):
    """Consecutive years differ on the page, and a sector's colour stays exact (the shared palette keeps it)."""
    image = Image.open(io.BytesIO(gif))
    pixels = []
    for k in (0, 3, 12):
        image.seek(k)
        pixels.append(np.asarray(image.convert("RGB")).astype(int))
    assert (pixels[0] != pixels[1]).any(axis=2).sum() > 500
    colours = {tuple(c) for c in pixels[2].reshape(-1, 3)}
    assert (0xE6, 0x9F, 0x00) in colours and (0x3B, 0x3B, 0x3B) in colours  # energy, ai_infra


def test_each_frame_draws_its_year_and_totals(ko_slides):
    """Every frame's year is drawn as text, with its totals; plan years and today say what they are."""
    assert [texts["year"] for _, texts, *_ in ko_slides] == [[str(y)] for y in ALL_YEARS]
    totals = {state.year: texts["totals"][0] for state, texts, *_ in ko_slides}
    assert totals[2019].startswith("운영 중 거점 0곳") and "확정 예산 0억원" in totals[2019]
    assert totals[2024].startswith("운영 중 거점 2곳") and "연도 미상 1곳" in totals[2024]
    assert "확정 예산 6,000억원" in totals[2025]
    assert totals[2028].startswith("운영 중 거점 3곳 + 운영 예정 1곳")
    tags = {state.year: texts.get("plan", [""])[0] for state, texts, *_ in ko_slides}
    assert tags[2025] == "" and tags[TODAY] == "현재" and tags[2027] == "계획 (2026년 현재)"
    new = {state.year: texts.get("new", [""])[0] for state, texts, *_ in ko_slides}
    assert new[2022] == "새로 운영: 데이터센터" and new[2023] == "" and new[2028] == "계획상 새로 운영: 연구소"


def test_each_frame_carries_the_exports_footer_and_legend(ko_slides):
    """The footer cites the sites' sources and the boundaries, and says the money rule; the legend names the phases."""
    _, texts, *_ = ko_slides[0]
    footer = texts["footer"][0]
    assert TEST_CITATION in footer and BOUNDARY_CITATION["ko"] in footer and "확정 예산" in footer
    legend = texts["legend"]
    for phase in buildout.LEGEND_PHASES:
        assert any(line.startswith(t(f"bo_phase_{phase}", "ko").split(" (")[0]) for line in legend), phase
    assert "에너지" in legend and "에너지 공급" in legend  # a sector and a stage of the view


def test_phases_are_drawn_differently(ko_slides):
    """Running filled, under construction hatched, planned hollow, dashed and faint, a plan faint, unknown grey."""
    by_year = {state.year: markers for state, _, markers, *_ in ko_slides}
    assert phase_of(by_year[2019], "gj-dc") == "planned"
    assert phase_of(by_year[2020], "gj-dc") == "under_construction"
    assert phase_of(by_year[2022], "gj-dc") == "operating"
    assert phase_of(by_year[2028], "gj-lab") == "planned_open"
    assert phase_of(by_year[2019], "jb-plant") == "unknown"
    planned = by_year[2021]["sites-planned"]
    assert tuple(planned.get_facecolor()[0]) == (1, 1, 1, planned.get_alpha()) and planned.get_alpha() < 1
    assert planned.get_linestyle()[0][1] is not None  # a dashed edge
    building = by_year[2020]["sites-under_construction"]
    assert building.get_hatch() and tuple(building.get_facecolor()[0][:3]) == (1, 1, 1)
    running = by_year[2022]["sites-operating"]
    assert tuple(running.get_facecolor()[0]) == to_rgba("#3B3B3B") and running.get_alpha() in (None, 1)
    plan = by_year[2028]["sites-planned_open"]
    assert plan.get_facecolor()[0][3] < 0.5 and tuple(plan.get_edgecolor()[0]) == to_rgba("#3B3B3B")
    grey = by_year[2019]["sites-unknown"]
    assert np.ptp(grey.get_facecolor()[0][:3]) < 0.02  # grey, not a sector colour


def test_sites_not_yet_announced_are_not_drawn(ko_slides):
    """In 2019 the lab (announced 2021) and the wind farm (2020) are not on the map; in 2021 both are."""
    drawn = {state.year: {site for _, site, *_ in markers} for state, _, _, markers, _ in ko_slides}
    assert drawn[2019] == {"gj-dc", "jb-plant"}
    assert drawn[2021] == {"gj-dc", "gj-lab", "jn-wind", "jb-plant"}


def test_new_sites_are_ringed_in_their_year(ko_slides):
    """The data centre, new in 2022, is ringed in 2022 only."""
    rings = {state.year: markers.get("new-rings") for state, _, markers, *_ in ko_slides}
    assert len(rings[2022].get_offsets()) == 1 and rings[2023] is None
    x, y = rings[2022].get_offsets()[0]
    assert abs(x - 126.85) < 0.01 and abs(y - 35.2) < 0.01  # round the data centre


def test_no_marker_leaves_its_site_and_none_moves_between_frames(ko_slides, cat):
    """Each marker is drawn within its own radius of its site, at the same place in every frame."""
    where = {row.id: (row.geometry.x, row.geometry.y) for row in cat.sites.itertuples()}
    seen: dict[str, tuple] = {}
    for state, _, _, markers, fig in ko_slides:
        main = next(ax for ax in fig.axes if ax.get_gid() == "map")
        (x0, x1), (y0, y1) = main.get_xlim(), main.get_ylim()
        for _, site, x, y, radius in markers:
            lon, lat = where[site]
            assert np.hypot((x - lon) / geo_aspect((x0, y0, x1, y1)), y - lat) <= radius, (state.year, site)
            assert seen.setdefault(site, (x, y)) == (x, y), (state.year, site)


def test_every_shipped_marker_stays_at_its_site(bounds_frames):
    """On the shipped catalogue (the Gwangju crowd), today's slide and panels draw every marker at its site."""
    shipped = load_catalogue(DEFAULT_DATA_DIR)
    view = apply_filters(shipped, Filters())
    today = buildout.year_states(view.sites, view.programs, shipped, "ko", TODAY, years=[TODAY])
    slide = buildout.BuildOut(view.sites, shipped, *bounds_frames, TITLE, "ko", TODAY, YEARS).draw(today[0])
    page = buildout.small_multiples(view.sites, shipped, *bounds_frames, today * 4, title=TITLE, today_year=TODAY)
    where = {row.id: (row.geometry.x, row.geometry.y) for row in view.sites.itertuples()}
    for fig in (slide, page):
        drawn = drawn_markers(fig)
        for frame in {frame for frame, *_ in drawn}:
            assert {site for f, site, *_ in drawn if f == frame} == set(today[0].sites["id"]), frame  # none left out
        for frame, site, x, y, radius in drawn:
            ax = next(a for a in fig.axes if a.get_gid() == frame)
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            lon, lat = where[site]
            assert np.hypot((x - lon) / geo_aspect((x0, y0, x1, y1)), y - lat) <= radius, (frame, site)


def test_english_frames_speak_english(cat, bounds_frames, states):
    """With lang=en the totals, the legend and the footer are in English."""
    state, texts, *_ = slides(cat, bounds_frames, states, "en")[5]
    assert state.year == 2024 and texts["totals"][0].startswith("2 sites running")
    assert "Status that year" in texts["legend"] and "Confirmed money" in texts["footer"][0]


# ---------------------------------------------------------------- the years side by side


def test_small_multiples_have_four_panels_with_their_years(cat, bounds_frames, states):
    """Four map panels, 2020 · 2024 · 2027 · 2030, each headed by its year and totals; plans say so."""
    chosen = [s for s in states["ko"] if s.year in buildout.MULTIPLE_YEARS]
    fig = buildout.small_multiples(cat.sites, cat, *bounds_frames, chosen, title=TITLE, today_year=TODAY)
    panels = [ax.get_gid() for ax in fig.axes if str(ax.get_gid()).startswith("panel-")]
    assert panels == ["panel-2020", "panel-2024", "panel-2027", "panel-2030"]
    years = [a.get_text() for a in fig.findobj(Text) if a.get_gid() == "panel-year"]
    assert years == ["2020", "2024", "2027", "2030"]
    totals = [a.get_text() for a in fig.findobj(Text) if a.get_gid() == "panel-totals"]
    assert totals[0].startswith("운영 중 거점 0곳") and totals[1].startswith("운영 중 거점 2곳")
    texts = [a.get_text() for a in fig.findobj(Text)]
    assert texts.count("계획 (2026년 현재)") == 2  # 2027 and 2030
    assert {frame for frame, *_ in drawn_markers(fig)} == set(panels)


def test_small_multiples_png_is_print_sized(cat, bounds_frames, states):
    """The PNG is 2400 px wide in A4 landscape proportions; narrower than print is refused."""
    chosen = [s for s in states["en"] if s.year in buildout.MULTIPLE_YEARS]
    png = buildout.small_multiples_png(
        cat.sites, cat, *bounds_frames, chosen, title="Honam", lang="en", today_year=TODAY
    )
    width, height = Image.open(io.BytesIO(png)).size
    assert width == 2400 and abs(height - 2400 * 210 / 297) <= 1
    with pytest.raises(ValueError, match="1200"):
        buildout.small_multiples_png(
            cat.sites, cat, *bounds_frames, chosen, title="Honam", lang="en", today_year=TODAY, width_px=1200
        )
