"""Served front-end files: Leaflet and a Korean web font that browsers accept."""

from fontTools.ttLib import TTFont

from geo import assets
from geo.catalogue import load_catalogue
from geo.i18n import TEXTS
from geo.paths import DEFAULT_DATA_DIR


def test_static_files_are_written_once(tmp_path):
    """Leaflet and both fonts are written into the folder, and a second call writes nothing."""
    written = assets.ensure_static(tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"leaflet/leaflet.js", "leaflet/leaflet.css", "fonts/NanumGothic.woff"} <= names
    assert assets.ensure_static(tmp_path) == []


def test_web_font_has_hangul_and_no_vtt_tables(tmp_path):
    """The WOFF keeps every KS X 1001 syllable, drops the tables Chromium rejects, and is small."""
    assets.ensure_static(tmp_path)
    path = tmp_path / "fonts" / "NanumGothic.woff"
    font = TTFont(path)
    assert font.flavor == "woff"
    assert not set(assets.VTT_TABLES) & set(font.keys())
    cmap = font.getBestCmap()
    for text in ("호남권 초광역 AX혁신벨트", "전북특별자치도", "빛가람·솔라시도 → 새만금"):
        assert all(ord(ch) in cmap for ch in text), text
    assert path.stat().st_size < 1_000_000


def strings(value):
    """Every string in a nested structure of dicts and lists (the texts file as read)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_web_fonts_draw_every_character_of_the_texts_and_the_data(tmp_path):
    """Every character of every fixed text and of every catalogue field (㎡, ㎢, ≥, ④ …) is in both WOFFs."""
    cat = load_catalogue(DEFAULT_DATA_DIR)
    fields = [
        str(v)
        for table in (
            cat.sites.drop(columns="geometry"),
            cat.programs,
            cat.links,
            cat.sources,
            cat.sectors,
            cat.regions,
        )
        for column in table.columns
        for v in table[column].explode().dropna()
    ]
    used = {c for text in [*strings(TEXTS), *fields] for c in text if c.isprintable()}
    assert {"㎡", "㎢"} <= used
    assets.ensure_static(tmp_path)
    for name in assets.WEB_FONTS:
        cmap = TTFont(tmp_path / "fonts" / name).getBestCmap()
        missing = sorted(c for c in used if ord(c) not in cmap)
        assert not missing, f"{name} lacks {''.join(missing)}"
