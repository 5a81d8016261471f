"""Validation: each rule caught by a small broken catalogue, all problems reported at once."""

from datetime import date

import pandas as pd
import pytest

from geo import validate
from geo.catalogue import load_catalogue
from tests.catalogue_fixture import SIGUNGU, changed_sites, changed_tables, write_catalogue

TODAY = date(2026, 11, 21)
SITES_FILE = "sites.geojson"


def problems_of(tmp_path, tables=None, sites=None):
    """Validate a fixture written to ``tmp_path``; return (file, field, value) triples and messages."""
    cat = load_catalogue(write_catalogue(tmp_path, tables, sites))
    return validate.validate_catalogue(cat, SIGUNGU, today=TODAY)


def case(file: str, row: int, words: str, *, field: str | None = None, value: str | None = None, **changes) -> tuple:
    """One broken field: the fixture with ``changes`` in row ``row`` of ``file``, and the problem it must raise.

    The problem names ``field`` and ``value`` (by default the one field changed and its value) and
    its message says ``words``. A parameter set of ``test_each_rule_reports_file_row_field_value``.
    """
    if field is None:
        ((field, value),) = changes.items()
    if file == SITES_FILE:
        return None, changed_sites(row, **changes), file, field, value, words
    return changed_tables(file, row, **changes), None, file, field, value, words


def test_valid_fixture_has_no_problem(tmp_path):
    """The fixture itself is clean, so each test below fails for its own reason only."""
    assert problems_of(tmp_path) == []


@pytest.mark.parametrize(
    ("tables", "sites", "file", "field", "value", "words"),
    [
        case("programs.csv", 1, "more than once", id="p-dc"),
        case(SITES_FILE, 1, "more than once", id="gj-dc"),
        case(SITES_FILE, 0, "must be one of", status="open"),
        case(SITES_FILE, 0, "must be one", coord_precision="exact"),
        case("programs.csv", 0, "one of", status="approved"),
        case("links.csv", 0, "must be one of", kind="road"),
        case("links.csv", 0, "must be one of", strength="5"),
        case("programs.csv", 0, "source is empty", source=""),
        case(SITES_FILE, 2, "YYYY-MM-DD", as_of="2025-13-01"),
        case(SITES_FILE, 2, "in the future", as_of="2027-01-01"),
        case(SITES_FILE, 0, "unknown id", field="sectors", value="space", sectors=["space"]),
        case(SITES_FILE, 0, "at least one sector", field="sectors", value="", sectors=[]),
        case(SITES_FILE, 0, "unknown id", stage="mining"),
        case("programs.csv", 1, "unknown id", field="site_ids", value="nowhere", site_ids="jn-wind;nowhere"),
        case("programs.csv", 0, "unknown id", sector="space"),
        case("links.csv", 1, "unknown id", to_id="gj-ghost"),
        case("links.csv", 1, "itself", to_id="gj-dc"),
        case("links.csv", 0, "must say why", reasoning=""),
        case("programs.csv", 0, "non-negative number", budget_krw_100m="약 6천"),
        case("programs.csv", 0, "ends before it starts", field="end_year", value="2030", start_year="2031"),
        case("sectors.csv", 0, "#1A2B3C", colour="orange"),
        case(SITES_FILE, 0, "not a current", sigungu_code="29999"),
        case(SITES_FILE, 3, "not a current", sigungu_code="45130"),
        case(SITES_FILE, 0, "does not match", region="jeonbuk"),
        case(
            SITES_FILE, 0, "outside its 시군구", field="geometry", value="(35.9500, 126.6000)", geometry=[126.6, 35.95]
        ),
        case(
            SITES_FILE, 2, "the limit is 30 km", field="geometry", value="(34.8000, 125.0000)", geometry=[125.0, 34.8]
        ),
        case(SITES_FILE, 2, "on land", field="offshore", value="true", geometry=[126.0, 34.8]),
        # citations resolve to sources.csv
        case("programs.csv", 0, "unknown source id", source="kmib 0013630470"),
        case(SITES_FILE, 1, "unknown source id", field="source", value="seed-004", source="test-source; seed-004"),
        case("links.csv", 1, "unknown source id", source="derived"),
        case("regions.csv", 0, "unknown source id", key_figures_source="nowhere"),
        case("sources.csv", 1, "more than once", id="test-source"),
        case("sources.csv", 0, "must be one of", kind="blog"),
        case("sources.csv", 0, "YYYY-MM-DD", date="8 April 2025"),
        case("sources.csv", 0, "http", url="www.example.org"),
        case("sources.csv", 0, "publisher is empty", publisher=""),
        # an incomplete citation says why
        case("sources.csv", 0, "say in note why", title=""),
        case("sources.csv", 0, "not a web domain", publisher="8pm.co.kr"),
        case("sources.csv", 1, "lacks title, url", field="title", value="", note=""),
        # precision means what it says
        case(
            SITES_FILE,
            0,
            "no street address",
            field="street_address",
            value="",
            coord_precision="address",
            street_address="",
        ),
        case(SITES_FILE, 0, "error in metres", coord_error_m=""),
        case(SITES_FILE, 0, "error in metres", coord_error_m="about 2 km"),
        # overlaps and lead sites
        case("programs.csv", 1, "unknown id", overlaps="p-ghost"),
        case("programs.csv", 1, "cannot overlap itself", overlaps="p-wind"),
        case("programs.csv", 1, "must be one of", scope="belt"),
        case("programs.csv", 0, "one of site_ids", lead_site_id="jn-wind"),
        # evidence on links
        case("links.csv", 1, "must be one of", evidence="inferred"),
        # a cell a spreadsheet would run as a formula, in any table
        case("programs.csv", 0, "run this cell as a formula", lead_org='=HYPERLINK("http://x.example","클릭")'),
        case(SITES_FILE, 0, "as a formula", name_en="@SUM(1+1)"),
        case("links.csv", 0, "as a formula", reasoning="-2+3"),
    ],
)
def test_each_rule_reports_file_row_field_value(tmp_path, tables, sites, file, field, value, words):
    """A single broken field yields a problem naming its file, field and value."""
    problems = problems_of(tmp_path, tables, sites)
    hits = [p for p in problems if (p.file, p.field, p.value) == (file, field, value)]
    assert hits, problems
    assert words in hits[0].message
    assert hits[0].row.startswith("row ") or file == "sites.geojson"


def test_a_negative_number_is_no_formula(tmp_path):
    """A plain number with a sign is read as that number by a spreadsheet: not flagged."""
    problems = problems_of(tmp_path, changed_tables("links.csv", 0, reasoning="-12.5"))
    assert [p for p in problems if p.field == "reasoning"] == []


def test_a_stated_reason_excuses_a_missing_part(tmp_path):
    """An entry without a date passes when its note says why; without the note it is reported."""
    noted = changed_tables("sources.csv", 0, date="", note="undated page")
    assert [p for p in problems_of(tmp_path / "a", noted) if p.file == "sources.csv"] == []
    bare = changed_tables("sources.csv", 0, date="")
    assert [(p.row, p.field) for p in problems_of(tmp_path / "b", bare) if p.file == "sources.csv"] == [
        ("row 2 (id=test-source)", "date")
    ]


def test_overlap_chains_are_refused(tmp_path):
    """A programme may not overlap one that itself overlaps another: totals would lose both."""
    tables = changed_tables("programs.csv", 0, overlaps="p-wind")
    tables["programs.csv"][1]["overlaps"] = "p-dc"
    problems = problems_of(tmp_path, tables)
    chained = [p for p in problems if p.field == "overlaps" and "itself overlaps" in p.message]
    assert {p.value for p in chained} == {"p-wind", "p-dc"}


def test_reclaimed_land_may_lie_outside_its_district(tmp_path):
    """A point on land reclaimed after the boundary data is accepted near its 시군구, not inside it."""
    outside = changed_sites(3, geometry=[126.6, 35.85], reclaimed=True)
    assert problems_of(tmp_path / "a", sites=outside) == []
    inside = changed_sites(3, reclaimed=True)
    assert [(p.field, p.value) for p in problems_of(tmp_path / "b", sites=inside)] == [("offshore", "true")]


def test_history_rows_are_checked(tmp_path):
    """Programme history rows name a programme, a date, a known status and sources that resolve."""
    folder = write_catalogue(tmp_path)
    history = pd.DataFrame(
        [
            {
                "program_id": "p-dc",
                "date": "2024-12",
                "step_ko": "계획",
                "step_en": "plan",
                "budget_krw_100m": "9000",
                "status": "proposed",
                "source": "test-source",
                "as_of": "2024-12-27",
            },
            {
                "program_id": "p-ghost",
                "date": "Dec 2024",
                "step_ko": "",
                "step_en": "",
                "budget_krw_100m": "9천",
                "status": "rumoured",
                "source": "nowhere",
                "as_of": "2024-12-27",
            },
        ]
    )
    history.to_csv(folder / "program_history.csv", index=False)
    problems = validate.validate_catalogue(load_catalogue(folder), SIGUNGU, today=TODAY)
    found = {(p.file, p.row, p.field, p.value) for p in problems}
    assert found == {
        ("program_history.csv", "row 3", "program_id", "p-ghost"),
        ("program_history.csv", "row 3", "date", "Dec 2024"),
        ("program_history.csv", "row 3", "budget_krw_100m", "9천"),
        ("program_history.csv", "row 3", "status", "rumoured"),
        ("program_history.csv", "row 3", "source", "nowhere"),
    }


def test_a_repeated_history_row_is_refused(tmp_path):
    """The same step of the same programme twice (date, text and amount) is named at its second row."""
    folder = write_catalogue(tmp_path)
    step = {
        "program_id": "p-dc",
        "date": "2019",
        "step_ko": "계획",
        "step_en": "plan",
        "budget_krw_100m": "9000",
        "status": "proposed",
        "source": "test-source",
        "as_of": "2019-01-29",
    }
    later = {**step, "date": "2020"}
    pd.DataFrame([step, step, later]).to_csv(folder / "program_history.csv", index=False)
    problems = validate.validate_catalogue(load_catalogue(folder), SIGUNGU, today=TODAY)
    assert [(p.file, p.row, p.field) for p in problems] == [("program_history.csv", "row 3", "step_ko")]
    assert "repeats row 2" in problems[0].message


def test_story_and_targets_cite_known_sources(tmp_path):
    """Files beside the catalogue (story, targets) are checked for citations that resolve."""
    folder = write_catalogue(tmp_path)
    pd.DataFrame([{"id": "t1", "source": "test-source; 더팩트 seed 003"}]).to_csv(folder / "targets.csv", index=False)
    problems = validate.check_citing_files(folder, {"test-source"})
    assert [(p.file, p.field, p.value) for p in problems] == [("targets.csv", "source", "더팩트 seed 003")]


def test_row_label_gives_spreadsheet_line_and_id(tmp_path):
    """Problems name the line a planner sees in Excel (header = line 1) and the row's id."""
    problems = problems_of(tmp_path, changed_tables("programs.csv", 1, status="approved"))
    assert [p.row for p in problems] == ["row 3 (id=p-wind)"]


def test_every_problem_is_reported_at_once(tmp_path):
    """Three independent faults in three files are all reported by one run."""
    tables = changed_tables("links.csv", 0, kind="road")
    tables["programs.csv"][0]["status"] = "approved"
    problems = problems_of(tmp_path, tables, changed_sites(1, stage="mining"))
    assert {p.file for p in problems} == {"links.csv", "programs.csv", "sites.geojson"}


def test_missing_column_is_named(tmp_path):
    """A table without a required column says which column."""
    folder = write_catalogue(tmp_path)
    table = (folder / "stages.csv").read_text(encoding="utf-8").replace("in_chain", "chain")
    (folder / "stages.csv").write_text(table, encoding="utf-8")
    _, problems = validate.check_data_dir(folder)
    assert [(p.file, p.field) for p in problems] == [("stages.csv", "in_chain")]


def test_cli_prints_problems_and_exits_1(tmp_path, capsys, monkeypatch):
    """``python -m geo.validate DIR`` lists problems and fails on a broken copy."""
    monkeypatch.setattr(validate, "load_sigungu", lambda _dir: SIGUNGU)
    folder = write_catalogue(tmp_path, changed_tables("links.csv", 0, kind="road"))
    assert validate.main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "links.csv, row 2 (id=l1), kind = 'road'" in out
    assert "1 problem(s)" in out


def test_cli_passes_on_the_real_catalogue(capsys):
    """The shipped ``data/`` catalogue is valid."""
    assert validate.main([]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("status", ["confirmed", "in_progress"])
def test_a_decided_programme_needs_its_status_basis(tmp_path, status):
    """The status rule: a confirmed or in-progress programme without its basis is refused."""
    problems = problems_of(tmp_path, changed_tables("programs.csv", 0, status=status, status_basis=""))
    hits = [p for p in problems if p.field == "status_basis"]
    assert [(p.row, p.value) for p in hits] == [("row 2 (id=p-dc)", "")]
    assert f"a {status} programme needs its status_basis" in hits[0].message


def test_a_proposal_needs_no_status_basis(tmp_path):
    """A proposed or unverified programme may go without one (the fixture's proposal has none)."""
    assert problems_of(tmp_path, changed_tables("programs.csv", 0, status="unverified", status_basis="")) == []


@pytest.mark.parametrize(
    ("basis", "value", "words"),
    [
        ("국무회의 의결 [test-source]", "국무회의 의결 [test-source]", "must read 'YYYY-MM-DD"),
        ("2025-08-18: 국무회의 의결", "2025-08-18: 국무회의 의결", "must read 'YYYY-MM-DD"),
        ("2027-01-05: 예산 의결 [test-source]", "2027-01-05", "in the future"),
        ("2025-08-18: 국무회의 의결 [other-source]", "other-source", "does not list"),
    ],
)
def test_a_status_basis_is_dated_and_cites_the_rows_own_source(tmp_path, basis, value, words):
    """The basis has a date not in the future, the decision, and ids the row's source cites."""
    problems = problems_of(tmp_path, changed_tables("programs.csv", 0, status_basis=basis))
    hits = [p for p in problems if p.field == "status_basis"]
    assert [p.value for p in hits] == [value]
    assert words in hits[0].message


def test_a_budget_names_the_year_of_its_plan(tmp_path):
    """A budget without the year of its plan in budget_basis is refused; no budget needs none."""
    problems = problems_of(tmp_path, changed_tables("programs.csv", 0, budget_basis="총사업비 (국비 60%)"))
    assert [(p.field, p.value) for p in problems] == [("budget_basis", "총사업비 (국비 60%)")]
    assert problems_of(tmp_path / "b", changed_tables("programs.csv", 0, budget_krw_100m="", budget_basis="")) == []


def test_parts_never_add_up_to_more_than_their_container(tmp_path):
    """A container smaller than its parts, or without an amount, is refused."""
    tables = changed_tables("programs.csv", 0, overlaps="p-wind")  # 6,000 inside 1,000
    problems = [p for p in problems_of(tmp_path, tables) if p.field == "budget_krw_100m"]
    assert [(p.row, p.value) for p in problems] == [("row 3 (id=p-wind)", "1000")]
    assert "add up to 6,000억" in problems[0].message
    tables["programs.csv"][1]["budget_krw_100m"] = ""
    problems = [p for p in problems_of(tmp_path / "b", tables) if p.field == "budget_krw_100m"]
    assert "has none" in problems[0].message
