"""The briefing pack: one A4 landscape PDF of the whole story, read back with poppler's own tools."""

import re
import shutil
import subprocess

import pandas as pd
import pytest

from geo.boundaries import display_boundaries
from geo.briefing import bibliography, briefing_pack, cell_lines, page_count, paginate, program_rows
from geo.catalogue import load_catalogue
from geo.citations import format_citation, source_index
from geo.paths import DEFAULT_DATA_DIR
from geo.story import STORY_FILE, read_story
from tests.conftest import missing

LINK = "http://127.0.0.1:8501/presenter"
MADE = "2026-12-01"


def poppler(tool: str, *args: str) -> str:
    """The output of a poppler-utils tool (``pdftotext``, ``pdfinfo``, ``pdffonts``) run on the pack."""
    if shutil.which(tool) is None:
        missing(
            f"{tool} not found (Debian's poppler-utils; scripts/ensure-test-deps installs it)", "AXBELT_REQUIRE_BROWSER"
        )
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def steps():
    return read_story(DEFAULT_DATA_DIR / STORY_FILE)


@pytest.fixture(scope="module")
def pack(cat, steps, tmp_path_factory):
    """The current story's pack in Korean, written to a file for poppler."""
    path = tmp_path_factory.mktemp("pack") / "pack.pdf"
    data = briefing_pack(
        cat, steps, display_boundaries("sido"), display_boundaries("sigungu"), lang="ko", link=LINK, made=MADE
    )
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pages(pack) -> list[str]:
    """Each page's text as a PDF reader extracts it, runs of white space as one space (page 1 first)."""
    text = poppler("pdftotext", "-layout", str(pack), "-")
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def page_text(pages, page: int) -> str:
    """The text of page ``page`` (from 1)."""
    return pages[page - 1]


def test_one_page_per_step_plus_cover_programmes_and_sources(pack, pages, cat, steps):
    """The page count is 1 + steps + the programme pages + the source pages, and each part is where the cover says."""
    parts = page_count(cat, steps)
    total = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pack))).group(1))
    assert parts["steps"] == len(steps) == 7 and parts["programs"] >= 1 and parts["sources"] >= 1
    assert total == 1 + len(steps) + parts["programs"] + parts["sources"]
    first_program = 2 + len(steps)
    first_source = first_program + parts["programs"]
    assert page_text(pages, first_program).startswith("사업 목록")
    assert page_text(pages, first_source).startswith("출처")
    assert "A4" in poppler("pdfinfo", str(pack)) or "841.89 x 595.28" in poppler("pdfinfo", str(pack))


def test_every_page_is_numbered_and_each_step_title_is_text(pack, pages, steps):
    """Each step's page starts with its number and title as extractable text; every page says 'n / N'."""
    total = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pack))).group(1))
    for page in range(1, total + 1):
        assert f"{page} / {total}" in page_text(pages, page), page
    for i, step in enumerate(steps):
        text = page_text(pages, 2 + i)
        assert text.startswith(f"{step.number}. {step.title['ko']}"), (step.number, text[:80])
        assert " ".join(step.caption["ko"].split()[:4]) in text  # the caption, as text


def test_nanumgothic_is_embedded_as_truetype(pack, pages):
    """Both NanumGothic faces are embedded (subset, with a Unicode map); no Type 3 font, no font left to the reader."""
    fonts = poppler("pdffonts", str(pack)).splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert names == {"NanumGothic", "NanumGothicBold"}
    for line in fonts:
        assert re.search(r"CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", line), line


def test_cover_has_title_date_link_and_contents(pack, pages, steps):
    """The cover names the belt, the pack's date, the data's as-of date, the presenter's link and the contents."""
    text = page_text(pages, 1)
    assert text.startswith("호남권 초광역 AX혁신벨트 발표 자료")
    assert f"작성 {MADE}" in text and "기준일 20" in text and LINK in text
    assert all(step.title["ko"] in text for step in steps)


def test_step_pages_cite_their_sources_in_full_with_the_figures(pack, pages, cat, steps):
    """A step's page has its figures and each of its sources as publisher, date, title and address; never an id."""
    index = source_index(cat.sources)
    numbers = {i: n for n, i in enumerate(bibliography(cat, steps, cat.programs), start=1)}
    step = steps[1]
    text = page_text(pages, 3)
    assert "이 지도에 담긴 것: 거점" in text and "확정 예산" in text
    for source_id in step.source_ids:
        entry = index[source_id]
        assert f"출처 [{numbers[source_id]}] {format_citation(entry)}" in text
        if entry["url"]:
            assert entry["url"] in text
        assert source_id not in text
    assert "step=2" in text


def test_programme_table_keeps_proposals_apart_and_sources_are_numbered(pack, pages, cat, steps):
    """The programme pages list every programme with its status in words; the sources pages cite every number."""
    parts = page_count(cat, steps)
    first = 2 + len(steps)
    programmes = " ".join(page_text(pages, p) for p in range(first, first + parts["programs"]))
    sources = " ".join(
        page_text(pages, p) for p in range(first + parts["programs"], first + parts["programs"] + parts["sources"])
    )
    assert "제안" in programmes and "확정" in programmes and "합계에 더하지 않습니다" in programmes
    proposed = cat.programs[cat.programs["status"] == "proposed"].iloc[0]
    assert proposed["name_ko"].split()[0] in programmes
    cited = bibliography(cat, steps, cat.programs)
    assert f"[{len(cited)}]" in sources and "국토지리정보원" in sources


def test_overlapping_and_national_amounts_are_marked_never_added(cat):
    """An amount marked as overlapping or national carries †; an unknown one reads 미정, never 0 or nan."""
    programs = pd.DataFrame(
        [
            {
                "name_ko": "가",
                "name_en": "A",
                "region": "gwangju",
                "sector": "energy",
                "status": "confirmed",
                "budget_krw_100m": "1200",
                "start_year": "2026",
                "end_year": "2030",
                "source": "x",
                "overlaps": "",
                "scope": "regional",
            },
            {
                "name_ko": "나",
                "name_en": "B",
                "region": "jeonnam",
                "sector": "energy",
                "status": "proposed",
                "budget_krw_100m": "150000",
                "start_year": "",
                "end_year": "",
                "source": "",
                "overlaps": "",
                "scope": "national",
            },
            {
                "name_ko": "다",
                "name_en": "C",
                "region": "jeonbuk",
                "sector": "energy",
                "status": "proposed",
                "budget_krw_100m": "",
                "start_year": "2026",
                "end_year": "",
                "source": "y; x",
                "overlaps": "",
                "scope": "regional",
            },
        ]
    )
    rows = program_rows(programs, cat, {"x": 3, "y": 7}, "ko")
    assert [row[4] for row in rows] == ["1,200", "150,000 †", "미정"]
    assert [row[3] for row in rows] == ["확정", "제안", "제안"]
    assert [row[6] for row in rows] == ["[3]", "", "[7] [3]"]
    assert rows[1][5] == "기간 미정" and rows[2][5] == "2026–"


def test_long_words_are_cut_to_their_column_and_rows_paginate(cat):
    """An address wider than its column is cut into lines that fit; rows fill a page before the next begins."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    renderer = FigureCanvasAgg(Figure()).get_renderer()
    url = "https://www.example.com/" + "a" * 200
    lines = cell_lines(renderer, url, 2.0)
    assert len(lines) > 2 and "".join(lines) == url
    assert paginate([1, 1, 1, 1, 1], 2.5, 3) == [[0, 1], [2, 3, 4]]
    assert paginate([5], 2, 2) == [[0]]  # a row taller than a page still gets a page


def test_a_story_without_steps_is_refused(cat):
    """A pack of no step would be a cover alone: it is refused, naming why."""
    with pytest.raises(ValueError, match="no step"):
        briefing_pack(cat, [], None, None, link=LINK, made=MADE)


def test_a_step_that_colours_districts_prints_them_with_their_classes(pages, steps):
    """Steps that colour 시군구 on screen print that colouring's legend; the others print none."""
    from geo.maps.choropleth import metric_label

    for i, step in enumerate(steps):
        text = page_text(pages, 2 + i)
        if step.choropleth == "none":
            assert "시군구 색:" not in text
        else:
            assert f"시군구 색: {metric_label(step.choropleth, 'ko')}" in text
