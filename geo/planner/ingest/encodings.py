"""Text encodings of uploads: UTF-8 or CP949, told apart by which reads as Korean; a Shapefile's ``.cpg``."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from geo.planner.ingest.messages import _Reading

# Characters that are neither ASCII nor Hangul syllables or jamo: rare in Korean data, common
# in a text decoded with the wrong one of UTF-8 and CP949.
UNUSUAL_CHARACTERS = re.compile(r"[^\x00-\x7f\uac00-\ud7a3\u3131-\u318e·※○●■□▲△◆◇★☆→←↑↓~]")
# .cpg contents → Python codec. EUC-KR is read as CP949, its superset, so that the extra
# Hangul syllables Windows writes still decode.
# Keys are lower case without spaces, "_" or "-", and without an "ANSI" prefix.
CPG_ALIASES = {
    "949": "cp949",
    "ms949": "cp949",
    "uhc": "cp949",
    "euckr": "cp949",
    "ksc56011987": "cp949",
    "xwindows949": "cp949",
    "65001": "utf-8",
}


def guess_encoding(raw: bytes) -> str | None:
    """``utf-8`` or ``cp949``: the one ``raw`` decodes in, or None when it decodes in neither.

    Some short CP949 texts also decode as UTF-8 (and the reverse), into characters that are
    neither ASCII nor Hangul. When both decode, the one that yields fewer such characters
    wins, and UTF-8 on a tie: Korean planners' files are Hangul and ASCII, so the right
    reading is the cleaner one (a UTF-8 text whose only non-ASCII letters are accented Latin
    would be misread, which is the price).
    """
    if raw.isascii():
        return "utf-8"
    readable = [encoding for encoding in ("utf-8", "cp949") if _decodes(raw, encoding)]
    if len(readable) < 2:
        return readable[0] if readable else None
    return min(readable, key=lambda encoding: len(UNUSUAL_CHARACTERS.findall(raw.decode(encoding))))


def _decodes(raw: bytes, encoding: str) -> bool:
    """Whether ``raw`` decodes in ``encoding`` without a single error."""
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _decode_text(data: bytes, reading: _Reading) -> str:
    """A text file's content, UTF-8 (with or without BOM) or CP949; a note when it was CP949."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    encoding = guess_encoding(data)
    if encoding is None:
        raise reading.error("undecodable")
    if encoding != "utf-8":
        reading.note("note_encoding", encoding=encoding.upper(), how=reading.text("how_detected"))
    return data.decode(encoding)


def codec_from_cpg(text: str) -> str | None:
    """The Python codec a Shapefile's ``.cpg`` names (``CP949``, ``EUC-KR``, ``949``, ``UTF-8`` …), or None."""
    key = re.sub(r"[\s_-]", "", text.strip().lower()).removeprefix("ansi")
    if key in CPG_ALIASES:
        return CPG_ALIASES[key]
    if key.isdigit():
        key = f"cp{key}"
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _dbf_encoding(dbf: Path, cpg: Path | None, reading: _Reading) -> str | None:
    """The DBF's text encoding: the .cpg's when its text decodes in it, else detected from the records."""
    raw = dbf.read_bytes()
    # The records follow the header, whose length is stored at bytes 8–9; the header itself
    # holds binary counts that are not text in any encoding.
    records = raw[int.from_bytes(raw[8:10], "little") :] if len(raw) >= 10 else b""
    declared = codec_from_cpg(cpg.read_text(encoding="ascii", errors="replace")) if cpg else None
    if declared and _decodes(records, declared):
        reading.note("note_encoding", encoding=declared.upper(), how=reading.text("how_cpg"))
        return declared
    detected = guess_encoding(records)
    if detected is None:
        reading.note("note_encoding_unknown")
        return None
    how = reading.text("how_cpg_wrong", declared=declared.upper()) if declared else reading.text("how_detected")
    reading.note("note_encoding", encoding=detected.upper(), how=how)
    reading.review = reading.review or declared is not None
    return detected
