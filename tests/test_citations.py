"""Citations: one wording for a source, ids never shown, links only to http(s) addresses."""

import io

import pandas as pd

from geo.citations import (
    citation_gaps,
    citations,
    cite,
    cite_markdown,
    complete_share,
    format_citation,
    source_index,
    with_citations,
)
from geo.i18n import md_escape

# A press source, one with no title or address, and one whose title and address would run script.
BIB = pd.read_csv(
    io.StringIO(
        """id,publisher,title,date,url,accessed,kind
kwangju-a,광주일보,AI 컴퓨팅 파크,2025-04-08,http://www.kwangju.co.kr/article.php?aid=1,,press
etnews-b,전자신문,,2021-11-22,,,press
evil,X,[click](javascript:alert(1)),,javascript:alert(1),,press
"""
    ),
    dtype=str,
    keep_default_na=False,
)
INDEX = source_index(BIB)


def test_format_citation_leaves_out_what_is_unknown():
    """Publisher, date and 「title」 in that order; a missing part is left out, not shown empty."""
    assert format_citation(INDEX["kwangju-a"]) == "광주일보, 2025-04-08, 「AI 컴퓨팅 파크」"
    assert format_citation(INDEX["etnews-b"]) == "전자신문, 2021-11-22"
    assert format_citation({"publisher": "광주연구원"}) == "광주연구원"


def test_cite_joins_known_sources_and_hides_unknown_ids():
    """Several ids become citations in order; repeats collapse and an unknown id shows nothing."""
    assert cite("kwangju-a; etnews-b; kwangju-a; ghost-id", INDEX) == (
        "광주일보, 2025-04-08, 「AI 컴퓨팅 파크」 · 전자신문, 2021-11-22"
    )
    assert cite("", INDEX) == ""
    assert citations("etnews-b", INDEX) == [("전자신문, 2021-11-22", "")]


def test_markdown_citations_link_only_to_web_addresses():
    """A citation links to its http(s) address; a title cannot inject Markdown or a script link."""
    assert cite_markdown("kwangju-a", INDEX) == (
        f"[{md_escape('광주일보, 2025-04-08, 「AI 컴퓨팅 파크」')}](http://www.kwangju.co.kr/article.php?aid=1)"
    )
    evil = cite_markdown("evil", INDEX)
    assert "](javascript" not in evil and evil == md_escape("X, 「[click](javascript:alert(1))」")


def test_with_citations_adds_a_column_and_keeps_the_ids():
    """Tables keep their source ids (for validation) and gain the reader's ``citation``."""
    frame = with_citations(pd.DataFrame({"source": ["etnews-b", "kwangju-a;etnews-b"]}), INDEX)
    assert frame["source"].tolist() == ["etnews-b", "kwangju-a;etnews-b"]
    assert frame["citation"].tolist()[0] == "전자신문, 2021-11-22"


def test_source_line_names_the_most_cited_sources_how_many_more_and_the_date():
    """Under a chart: the most cited first, never an id, "외 N건" for the rest, and the as-of date."""
    from geo.citations import newest_date, source_line

    cells = ["etnews-b", "etnews-b; kwangju-a", "ghost-id", "evil"]
    line = source_line(cells, INDEX, newest_date(["2025-01-02", "2026-07-01", "bad"]), "ko", keep=1)
    assert line == "출처: 전자신문, 2021-11-22 외 2건 (전체 목록: 데이터 페이지) · 기준일 2026-07-01"
    assert "ghost-id" not in source_line(["ghost-id"], INDEX, "", "en")
    assert source_line([], INDEX, "", "en") == "Source: the catalogue (no source stated)"


def test_citation_gaps_name_each_missing_part_and_a_web_domain_publisher():
    """A complete entry has no gaps; a missing part is named, and a site name is no outlet's name."""
    assert citation_gaps(INDEX["kwangju-a"]) == []
    assert citation_gaps(INDEX["etnews-b"]) == ["title", "url"]
    for publisher in ("8pm.co.kr", "aihnnews", "hwangsabu.tistory.com (블로그)", "사이언스타임즈 (sciencetimes.co.kr)"):
        assert citation_gaps({**INDEX["kwangju-a"], "publisher": publisher}) == ["publisher"], publisher
    for publisher in ("MBN", "YTN", "e4ds news", "Herald K", "KOTRA Invest Korea"):
        assert citation_gaps({**INDEX["kwangju-a"], "publisher": publisher}) == [], publisher


def test_complete_share_counts_entries_with_every_part():
    """One of the three test entries is complete; an empty bibliography is 0, not an error."""
    assert complete_share(BIB) == 1 / 3
    assert complete_share(BIB.iloc[:0]) == 0.0
