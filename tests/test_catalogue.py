"""Reading the catalogue: text cells as written, sectors as lists, every unreadable file named, budgets."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.catalogue import (
    CatalogueError,
    Problem,
    budget,
    counted_budget,
    is_counted,
    load_catalogue,
    parts_of,
    period_text,
    read_sites,
    read_table,
)
from tests.catalogue_fixture import SITES, changed_tables, write_catalogue


def test_read_table_keeps_text_as_written_and_strips_blanks(tmp_path):
    """Codes keep their leading zeros, numbers stay text, blanks are "" and padding is gone."""
    path = tmp_path / "t.csv"
    path.write_text(' id , code,amount\n a ,0042," 1,000"\nb,,\n', encoding="utf-8")
    table = read_table(path)
    assert list(table.columns) == ["id", "code", "amount"]
    assert table.to_dict("records") == [
        {"id": "a", "code": "0042", "amount": "1,000"},
        {"id": "b", "code": "", "amount": ""},
    ]


def test_read_table_names_a_file_that_is_not_utf8(tmp_path):
    """A CP949 file (as Excel saves it in Korea) is refused with the file's name, not a traceback."""
    path = tmp_path / "sectors.csv"
    path.write_bytes("id,name_ko\nenergy,에너지\n".encode("cp949"))
    with pytest.raises(CatalogueError) as error:
        read_table(path)
    assert [(p.file, p.message.split(":")[0]) for p in error.value.problems] == [
        ("sectors.csv", "cannot be read as UTF-8 CSV")
    ]


def test_read_sites_takes_sector_lists_or_spreadsheet_text_and_bad_points_as_none(tmp_path):
    """``sectors`` may be a JSON list or "a; b"; a feature with a broken geometry keeps its row, without a point."""
    sites = json.loads(json.dumps(SITES))
    sites["features"][0]["properties"]["sectors"] = "ai_infra; energy"
    sites["features"][1]["geometry"] = {"type": "Point", "coordinates": "nowhere"}
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(sites, ensure_ascii=False), encoding="utf-8")
    frame = read_sites(path)
    assert frame["sectors"].tolist()[:2] == [["ai_infra", "energy"], ["ai_infra", "energy"]]
    assert frame.geometry.iloc[1] is None and frame.geometry.iloc[0].x == 126.85
    assert frame.crs == "EPSG:4326"


def test_unreadable_files_are_named(tmp_path):
    """A missing file and broken JSON are both reported, naming each file."""
    folder = write_catalogue(tmp_path)
    (folder / "links.csv").unlink()
    (folder / "sites.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(folder)
    files = {p.file: p.message for p in error.value.problems}
    assert "not found" in files["links.csv"]
    assert "not valid JSON" in files["sites.geojson"]


def test_sectors_and_stages_are_ordered_by_number_not_text(tmp_path):
    """An ``order`` of 10 comes after 2 (text order would put it first)."""
    cat = load_catalogue(write_catalogue(tmp_path, changed_tables("sectors.csv", 0, order="10")))
    assert cat.sectors["id"].tolist() == ["ai_infra", "energy"]


def test_a_problem_reads_as_where_then_what():
    """A problem prints file, row and field, the value when there is one, then the message."""
    assert str(Problem("links.csv", "row 2 (id=l1)", "kind", "road", "must be one of …")) == (
        "links.csv, row 2 (id=l1), kind = 'road': must be one of …"
    )
    assert str(Problem("links.csv", "", "", "", "file not found")) == "links.csv: file not found"


def test_a_part_is_counted_once_and_national_amounts_never():
    """A part keeps its amount and its container counts the rest; a nationwide amount is never added."""
    programs = pd.DataFrame(
        {
            "id": ["p-a", "p-b", "p-c", "p-d", "p-e"],
            "budget_krw_100m": ["1,000", "300", "150000", "", "약 300"],
            "overlaps": ["", "p-a", "", "", ""],
            "scope": ["regional", "regional", "national", "regional", "regional"],
        }
    )
    assert budget(programs).tolist()[:3] == [1000, 300, 150000]
    assert budget(programs).isna().tolist() == [False, False, False, True, True]
    assert is_counted(programs).tolist() == [True, True, False, True, True]
    assert counted_budget(programs).tolist()[:2] == [700, 300]
    # Container and part together add up to the container's amount, once.
    assert counted_budget(programs).sum() == 1000
    assert parts_of(programs).tolist() == [300, 0, 0, 0, 0]


def test_parts_larger_than_their_container_never_count_below_zero():
    """A container whose parts add up to more than it (a data error the validator reports) counts 0."""
    programs = pd.DataFrame({"id": ["all", "part"], "budget_krw_100m": ["100", "250"], "overlaps": ["", "all"]})
    assert counted_budget(programs).tolist() == [0, 250]


def test_counted_without_the_optional_columns():
    """A catalogue without ``overlaps`` or ``scope`` counts every amount."""
    assert is_counted(pd.DataFrame({"budget_krw_100m": ["1", "2"]})).all()


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2026", "2030", "2026–2030"),
        ("2026", "2026", "2026"),
        ("2026", "", "2026–"),
        ("", "2027", "–2027"),
        ("", "", ""),
    ],
)
def test_period_text_says_which_end_is_unknown(start, end, text):
    """A period is written with a dash on the side that is known."""
    assert period_text(start, end) == text
