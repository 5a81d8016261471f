"""A site's years: read as whole years, checked against each other, the status and their basis, shown in the panel."""

import copy
import json

import pytest

from geo import validate
from geo.catalogue import SITE_YEAR_COLUMNS, load_catalogue, site_year, years_basis_entries
from geo.detail import site_detail, years_text
from tests.catalogue_fixture import SIGUNGU, SITES, write_catalogue

# gj-dc (index 0) is operating, as of 2025-12-24; gj-lab (index 1) is planned, as of the same day.
DC, LAB = 0, 1
DC_YEARS = {
    "announced_year": 2019,
    "construction_year": 2021,
    "opened_year": 2023,
    "planned_year": None,
    "years_basis": "2019-01: 발표 [test-source]; 2021-11-22: 착공 [test-source]; 2023-11: 개소 [test-source]",
}
LAB_YEARS = {"planned_year": 2028, "years_basis": "2028: 개소 목표 [test-source]"}


def sites_with(dc=None, lab=None):
    """The fixture sites with years on the data centre and the lab, changed by ``dc`` and ``lab``."""
    sites = copy.deepcopy(SITES)
    sites["features"][DC]["properties"].update({**DC_YEARS, **(dc or {})})
    sites["features"][LAB]["properties"].update({**LAB_YEARS, **(lab or {})})
    return sites


def year_problems(tmp_path, sites):
    cat = load_catalogue(write_catalogue(tmp_path, sites=sites))
    return [
        (p.row.split(" ")[-1], p.field, p.value, p.message)
        for p in validate.validate_catalogue(cat, SIGUNGU)
        if p.field in (*SITE_YEAR_COLUMNS, "years_basis")
    ]


def test_sourced_years_in_order_are_valid(tmp_path):
    """The fixture with years, each with its basis, has no problem, so each case below fails for its own reason."""
    assert year_problems(tmp_path, sites_with()) == []


def test_geojson_integers_and_nulls_are_read_as_whole_years(tmp_path):
    """A column of integers and nulls is not read as 2023.0: the validator and the panel see 2023."""
    cat = load_catalogue(write_catalogue(tmp_path, sites=sites_with()))
    sites = cat.sites.set_index("id")
    assert sites.loc["gj-dc", "opened_year"] == "2023"
    assert sites.loc["gj-lab", "opened_year"] == ""
    assert sites.loc["jb-plant", "announced_year"] == ""  # a site without the keys at all


@pytest.mark.parametrize(
    ("dc", "lab", "field", "value", "words"),
    [
        ({"opened_year": "2023.0"}, None, "opened_year", "2023.0", "four-digit year"),
        (
            {"announced_year": 1899, "years_basis": DC_YEARS["years_basis"].replace("2019-01", "1899")},
            None,
            "announced_year",
            "1899",
            "from 1900 to 2040",
        ),
        (
            {"construction_year": 2024, "years_basis": DC_YEARS["years_basis"].replace("2021-11-22", "2024")},
            None,
            "opened_year",
            "2023",
            "before its construction_year",
        ),
        (
            {"opened_year": 2026, "years_basis": DC_YEARS["years_basis"].replace("2023-11", "2026")},
            None,
            "opened_year",
            "2026",
            "cannot open after its as_of year",
        ),
        (
            {
                "opened_year": None,
                "planned_year": 2027,
                "years_basis": DC_YEARS["years_basis"].replace("2023-11: 개소", "2027: 개소 목표"),
            },
            None,
            "planned_year",
            "2027",
            "cannot be planned to open after",
        ),
        (
            None,
            {"opened_year": 2024, "years_basis": "2024: 개소 [test-source]; 2028: 개소 목표 [test-source]"},
            "opened_year",
            "2024",
            "a planned site cannot have opened",
        ),
        ({"years_basis": "2019년 발표, 2021년 착공"}, None, "years_basis", "2019년 발표, 2021년 착공", "must read"),
        (
            {"years_basis": DC_YEARS["years_basis"].replace("; 2023-11: 개소 [test-source]", "")},
            None,
            "opened_year",
            "2023",
            "no entry of its year",
        ),
        (
            {"years_basis": DC_YEARS["years_basis"] + "; 2020: 설계 [test-source]"},
            None,
            "years_basis",
            "2020",
            "none of the site's year columns",
        ),
        (
            {
                "years_basis": DC_YEARS["years_basis"].replace(
                    "2023-11: 개소 [test-source]", "2023-11: 개소 [other-paper]"
                )
            },
            None,
            "years_basis",
            "other-paper",
            "source column or sources.csv does not list",
        ),
    ],
)
def test_each_year_rule_is_reported_where_it_is_broken(tmp_path, dc, lab, field, value, words):
    problems = year_problems(tmp_path, sites_with(dc, lab))
    assert len(problems) == 1, problems
    row, got_field, got_value, message = problems[0]
    assert row == ("(id=gj-dc)" if dc else "(id=gj-lab)")
    assert (got_field, got_value) == (field, value)
    assert words in message


def test_an_operating_site_planned_before_its_as_of_date_and_a_late_planned_site_pass(tmp_path):
    """A planned opening already past is a delay, not an error; an operating site may not list its plan."""
    sites = sites_with(lab={"planned_year": 2024, "years_basis": "2024: 개소 목표 [test-source]"})
    assert year_problems(tmp_path, sites) == []


def test_years_basis_entries_split_on_brackets_only():
    """Ids inside one entry are ';'-separated as well: the entries split after a closing bracket."""
    entries = years_basis_entries("2021-11-22: 착공 [a; b]; 2023: 개소 [c]")
    assert entries == [("2021-11-22", "착공", ["a", "b"]), ("2023", "개소", ["c"])]
    assert years_basis_entries("2021-11-22: 착공 [a]; 2023 개소") is None
    assert site_year(" 2023 ") == 2023 and site_year("23") is None


def test_the_panel_says_the_years_and_plainly_when_they_are_unknown(tmp_path):
    cat = load_catalogue(write_catalogue(tmp_path, sites=sites_with()))
    assert ("연혁", "발표 2019 · 착공 2021 · 개소 2023") in site_detail(cat, "gj-dc", "ko").facts
    assert ("Timeline", "announced 2019 · construction began 2021 · opened 2023") in site_detail(
        cat, "gj-dc", "en"
    ).facts
    assert years_text(cat.sites.set_index("id").loc["gj-lab"], "ko") == "개소 목표 2028"
    assert years_text(cat.sites.set_index("id").loc["gj-lab"], "en") == "planned to open 2028"
    plant = cat.sites.set_index("id").loc["jb-plant"]
    assert years_text(plant, "ko") == "개소 연도 미상 — 출처에서 찾지 못함"
    assert years_text(plant, "en") == "Opening year unknown — not found in the sources"


def test_the_shipped_sites_each_carry_the_year_columns():
    """Every shipped feature has the five properties, years as integers or null (what the year view reads)."""
    from geo.paths import DEFAULT_DATA_DIR

    features = json.loads((DEFAULT_DATA_DIR / "sites.geojson").read_text(encoding="utf-8"))["features"]
    for feature in features:
        props = feature["properties"]
        assert all(column in props for column in (*SITE_YEAR_COLUMNS, "years_basis")), props["id"]
        assert all(props[c] is None or isinstance(props[c], int) for c in SITE_YEAR_COLUMNS), props["id"]
