"""Served front-end files: Leaflet and a Korean web font that browsers accept."""

from fontTools.ttLib import TTFont

from geo import assets


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
