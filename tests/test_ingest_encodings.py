"""Text encodings of uploads: UTF-8 or CP949 told apart, and the codecs a Shapefile's .cpg names."""

from __future__ import annotations

import pytest

from geo.planner.ingest.encodings import codec_from_cpg, guess_encoding

KOREAN = "광주광역시 북구 첨단과기로 · AI 집적단지"


@pytest.mark.parametrize("encoding", ["utf-8", "cp949"])
def test_guess_encoding_reads_korean_in_either_encoding(encoding):
    """Hangul text is recognised in the encoding it was written in."""
    assert guess_encoding(KOREAN.encode(encoding)) == encoding


def test_guess_encoding_gives_utf8_for_ascii_and_none_for_neither():
    """Plain ASCII is UTF-8; bytes that decode in neither encoding give None."""
    assert guess_encoding(b"name,lat,lon") == "utf-8"
    assert guess_encoding(b"\xff\xfe\xff") is None


@pytest.mark.parametrize(
    ("cpg", "codec"),
    [
        ("CP949", "cp949"),
        ("949", "cp949"),
        ("EUC-KR", "cp949"),
        ("ANSI 949", "cp949"),
        ("UTF-8", "utf-8"),
        ("utf8\n", "utf-8"),
        ("65001", "utf-8"),
        ("x-windows-949", "cp949"),
        ("KS_C_5601-1987", "cp949"),
        ("gibberish", None),
    ],
)
def test_codec_from_cpg(cpg, codec):
    """The .cpg spellings seen in Korean data map to a Python codec (EUC-KR read as its superset CP949)."""
    assert codec_from_cpg(cpg) == codec
