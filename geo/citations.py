"""Citations: how a source id of the catalogue is shown to a reader.

Every ``source`` cell of the catalogue holds ids of ``sources.csv`` (``;``-separated). A reader
never sees those ids: they see "광주일보, 2025-04-08, 「…」", with the article's address as a link
where the screen allows one. ``format_citation`` is the one place that wording is decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from geo.cells import split_ids

SOURCES_FILE = "sources.csv"
SOURCE_COLUMNS = ("id", "publisher", "title", "date", "url", "accessed", "kind")
SOURCE_KINDS = ("government", "press", "institution", "company")
# The separator between several citations in one cell of a table.
CITATION_SEP = " · "
# What a complete bibliography entry gives: the outlet's name, the headline, the date and the address.
CITATION_PARTS = ("publisher", "title", "date", "url")
# A publisher written as a web address or a bare site name ("8pm.co.kr", "aihnnews") names no outlet.
_BARE_SITE_NAME = re.compile(r"^[a-z0-9-]+$")
_WEB_DOMAIN = re.compile(r"[a-z0-9-]\.(?:co\.kr|or\.kr|go\.kr|ac\.kr|com|net|org|kr)\b", re.IGNORECASE)


def split_source_ids(cell: object) -> list[str]:
    """The source ids of one ``source`` cell, in order, without blanks or repeats."""
    return list(dict.fromkeys(split_ids(cell)))


def citation_gaps(entry: Mapping) -> list[str]:
    """The parts of ``CITATION_PARTS`` an entry lacks; a publisher that is a web domain counts as missing.

    An entry with gaps must say why in its ``note`` (``geo.validate`` checks it).

    >>> citation_gaps({"publisher": "광주일보", "title": "AI 컴퓨팅 파크", "date": "2025-04-08", "url": "http://a.kr/1"})
    []
    >>> citation_gaps({"publisher": "8pm.co.kr", "title": "", "date": "2025-08-22", "url": ""})
    ['publisher', 'title', 'url']
    """
    gaps = [part for part in CITATION_PARTS if not str(entry.get(part) or "").strip()]
    publisher = str(entry.get("publisher") or "").strip()
    if publisher and (_BARE_SITE_NAME.match(publisher) or _WEB_DOMAIN.search(publisher)):
        gaps.insert(0, "publisher")
    return gaps


def complete_share(sources: pd.DataFrame) -> float:
    """The share of bibliography entries (0–1) with every part of their citation (0.0 for none)."""
    if sources is None or sources.empty:
        return 0.0
    return sum(not citation_gaps(row) for row in sources.to_dict("records")) / len(sources)


def format_citation(entry: Mapping) -> str:
    """One source as a reader cites it: ``publisher, date, 「title」`` (missing parts left out).

    A part the bibliography could not establish is left out rather than guessed; why it is
    missing is the entry's ``note`` (``citation_gaps``).

    >>> format_citation({"publisher": "광주일보", "date": "2025-04-08", "title": "AI 컴퓨팅 파크"})
    '광주일보, 2025-04-08, 「AI 컴퓨팅 파크」'
    >>> format_citation({"publisher": "전자신문", "date": "2021-11-22", "title": ""})
    '전자신문, 2021-11-22'

    An undated page carries the day it was read as its date (``date`` equal to ``accessed``): it
    is cited as read that day, never as published then.

    >>> format_citation({"publisher": "위키백과 (ko)", "date": "2026-12-01", "accessed": "2026-12-01", "title": "기아"})
    '위키백과 (ko), 열람·accessed 2026-12-01, 「기아」'
    """
    date = str(entry.get("date") or "").strip()
    if date and date == str(entry.get("accessed") or "").strip():
        date = f"열람·accessed {date}"
    parts = [str(entry.get("publisher") or "").strip(), date]
    title = str(entry.get("title") or "").strip()
    if title:
        parts.append(f"「{title}」")
    return ", ".join(part for part in parts if part)


def source_index(sources: pd.DataFrame | None) -> dict[str, dict]:
    """The bibliography by id (an empty dict when there is none)."""
    if sources is None or sources.empty:
        return {}
    return {row["id"]: row for row in sources.to_dict("records")}


def citations(cell: object, index: Mapping[str, Mapping]) -> list[tuple[str, str]]:
    """``(text, url)`` for each source of a cell that the bibliography knows; unknown ids are left out.

    An unknown id is a validation problem (``geo.validate``), never something to show.
    """
    out = []
    for source_id in split_source_ids(cell):
        entry = index.get(source_id)
        if entry is not None:
            out.append((format_citation(entry), str(entry.get("url") or "").strip()))
    return out


def cite(cell: object, index: Mapping[str, Mapping]) -> str:
    """The citations of a cell as plain text, separated by `` · ``."""
    return CITATION_SEP.join(dict.fromkeys(text for text, _ in citations(cell, index)))


def cite_short(cell: object, index: Mapping[str, Mapping], lang: str, keep: int = 2) -> str:
    """The first ``keep`` citations of a cell and how many more: a line that fits under a slide.

    >>> index = {i: {"publisher": p, "date": "2025-12-24"} for i, p in zip("abc", ("뉴시스", "광주일보", "KBC"))}
    >>> cite_short("a; b; c", index, "ko")
    '뉴시스, 2025-12-24 · 광주일보, 2025-12-24 외 1건 (전체 목록: 데이터 페이지)'
    """
    from geo.i18n import t

    texts = list(dict.fromkeys(text for text, _ in citations(cell, index)))
    shown = CITATION_SEP.join(texts[:keep])
    return shown if len(texts) <= keep else f"{shown} {t('chart_source_more', lang).format(n=len(texts) - keep)}"


def cite_markdown(cell: object, index: Mapping[str, Mapping]) -> str:
    """The citations of a cell as Markdown, each a link to its address when it has one.

    The text is escaped so that a title cannot inject Markdown; the URL must be http(s).
    """
    from geo.i18n import md_escape

    shown = []
    for text, url in dict.fromkeys(citations(cell, index)):
        safe = md_escape(text)
        link_ok = url.startswith(("http://", "https://")) and not any(c in url for c in " ()<>")
        shown.append(f"[{safe}]({url})" if link_ok else safe)
    return CITATION_SEP.join(shown)


def with_citations(frame: pd.DataFrame, index: Mapping[str, Mapping]) -> pd.DataFrame:
    """``frame`` with a ``citation`` column: its ``source`` cells as readers see them."""
    if "source" not in frame:
        return frame
    out = frame.copy()
    out["citation"] = [cite(cell, index) for cell in frame["source"]]
    return out


def newest_date(values: Iterable[object]) -> str:
    """The newest ``YYYY-MM-DD`` among ``values`` ('' when none is a date)."""
    dates = [str(v).strip() for v in values if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v).strip())]
    return max(dates, default="")


def source_line(cells: Iterable[object], index: Mapping[str, Mapping], as_of: str, lang: str, keep: int = 2) -> str:
    """The line under a chart: its most cited sources, how many more, and the as-of date.

    ``출처: 국민일보, 2025-08-18 · 광주일보, 2025-04-08 외 40건 (데이터 페이지) · 기준일 2026-07-01``.
    ``cells`` are the ``source`` cells of the rows the chart counts.
    """
    from collections import Counter

    from geo.i18n import t

    counts = Counter(text for cell in cells for text in dict.fromkeys(c for c, _ in citations(cell, index)))
    ranked = [text for text, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    parts = [CITATION_SEP.join(ranked[:keep]) or t("chart_source_none", lang)]
    if len(ranked) > keep:
        parts[0] += " " + t("chart_source_more", lang).format(n=len(ranked) - keep)
    line = f"{t('source', lang)}: {parts[0]}"
    return line + (f" · {t('as_of', lang)} {as_of}" if as_of else "")
