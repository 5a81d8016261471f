"""The data dictionary, the sources tab's bibliography and the catalogue's files (geo.data_dictionary)."""

from __future__ import annotations

import pytest

from geo import data_dictionary
from geo.catalogue import COLUMNS, ENUMS, HISTORY_COLUMNS, HISTORY_FILE, load_catalogue
from geo.citations import SOURCE_KINDS, SOURCES_FILE
from geo.i18n import TEXTS, section
from tests.catalogue_fixture import TABLES, TEST_CITATION, changed_tables, write_catalogue

# Every file and column the dictionary lists: the required columns, the history, and the extras.
LISTED = {
    file: {*columns, *data_dictionary.EXTRA_COLUMNS.get(file, ())}
    for file, columns in (*COLUMNS.items(), (HISTORY_FILE, HISTORY_COLUMNS))
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_dictionary_explains_every_catalogue_column(lang):
    """Every column the dictionary lists, required or optional, has a meaning in both languages."""
    table = data_dictionary.dictionary_table(lang)
    meanings = dict(zip(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True), table.iloc[:, 2], strict=True))
    assert set(meanings) == {(file, column) for file, columns in LISTED.items() for column in columns}
    assert all(meanings.values()), [key for key, meaning in meanings.items() if not meaning]


def test_dictionary_headers_values_and_language():
    """Headers and meanings follow the language; enumerated fields list their allowed values."""
    english = data_dictionary.dictionary_table("en")
    korean = data_dictionary.dictionary_table("ko")
    assert list(english.columns) == ["File", "Column", "Meaning", "Allowed values"]
    assert list(korean.columns) == ["파일", "열", "뜻", "허용 값"]
    status = english[(english["File"] == "sites.geojson") & (english["Column"] == "status")]
    assert status["Allowed values"].item() == "operating, under_construction, planned, proposed"
    assert status["Meaning"].item() == "Operating or building status"
    assert korean.iloc[:, 2][status.index].item() == "운영·조성 상태"
    # A column of every table, described once for all of them.
    assert set(english[english["Column"] == "as_of"]["Meaning"]) == {"Date the row was true, YYYY-MM-DD"}


def test_every_meaning_names_a_real_column():
    """A meaning in texts.toml for a renamed or misspelt column would never show: each names a listed one."""
    written = {(file, column) for file, columns in TEXTS["column_meanings"].items() for column in columns}
    listed = {(file, column) for file, columns in LISTED.items() for column in columns}
    assert written - listed == set()
    for column in TEXTS["shared_column_meanings"]:  # shared: several files have it
        assert sum(column in columns for columns in LISTED.values()) > 1, column


def test_every_source_kind_and_citing_file_has_words():
    """The sources tab names every kind of source and every file that cites, in both languages."""
    for lang in ("ko", "en"):
        assert set(section("source_kinds", lang)) == set(SOURCE_KINDS) == set(ENUMS[(SOURCES_FILE, "kind")])
        files = section("catalogue_files", lang)
        assert set(files) == {*COLUMNS, HISTORY_FILE} - {SOURCES_FILE}
        assert all(files.values())
    assert data_dictionary._file_label("programs.csv", "en") == "programmes"
    assert data_dictionary._file_label("programs.csv", "ko") == "사업"
    assert data_dictionary._file_label("notes.csv", "en") == "notes.csv"  # a file without words keeps its name


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sources_table_shows_citations_and_counts(tmp_path, lang):
    """Each bibliography entry is listed as a citation (never its id), with how many rows cite it."""
    tables = changed_tables("programs.csv", 0, source="test-source; other-source", as_of="2025-01-02")
    cat = load_catalogue(write_catalogue(tmp_path, tables=tables))
    table = data_dictionary.sources_table(cat, lang)
    assert tuple(table.columns) == section("headers", lang)["sources"]
    source, kind, address, cited_in, count = table.columns
    rows = {row[source]: row for _, row in table.iterrows()}
    cited = len(cat.sites) + len(TABLES["programs.csv"]) + len(TABLES["links.csv"]) - 1  # l1 cites the other
    cited += len(TABLES["sectors.csv"]) + len(TABLES["stages.csv"]) + len(TABLES["regions.csv"])
    assert rows[TEST_CITATION][count] == cited
    assert rows[TEST_CITATION][address] == "https://example.org/a"
    assert rows["전자신문, 2021-11-22"][count] == 2
    words = section("catalogue_files", lang)
    assert rows["전자신문, 2021-11-22"][cited_in] == f"{words['programs.csv']}, {words['links.csv']}"
    assert set(table[kind]) <= set(section("source_kinds", lang).values())
    assert not any("source" in str(v) for v in table.to_numpy().ravel())


def test_sources_table_in_english():
    """The English headers and words, written out (a swapped language would fail here)."""
    assert section("headers", "en")["sources"] == ("Source", "Kind", "Address", "Cited in", "Rows citing it")
    assert section("catalogue_files", "en")["links.csv"] == "links"
    assert section("source_kinds", "en")["government"] == "Government"


def test_catalogue_files_lists_missing_and_extra_files(tmp_path):
    """Required files come first (None when missing), then other files; hidden files are left out."""
    (tmp_path / "sectors.csv").write_text("id\n")
    (tmp_path / "admin_changes.csv").write_text("level\n")
    (tmp_path / ".DS_Store").write_text("")
    files = dict(data_dictionary.catalogue_files(tmp_path))
    assert list(files)[: len(COLUMNS)] == list(COLUMNS)
    assert files["sectors.csv"] == tmp_path / "sectors.csv" and files["links.csv"] is None
    assert files["admin_changes.csv"] == tmp_path / "admin_changes.csv" and ".DS_Store" not in files


def test_mime_types():
    """Downloads carry their type; a file of unknown kind is sent as bytes."""
    assert data_dictionary.mime_type("sites.geojson") == "application/geo+json"
    assert data_dictionary.mime_type("STORY.CSV") == "text/csv"
    assert data_dictionary.mime_type("notes.bin") == "application/octet-stream"
