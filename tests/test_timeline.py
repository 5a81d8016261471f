"""The belt in a given year: site phases, programme status then, the year view and what changed."""

from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.filters import View
from geo.joins import confirmed_split
from geo.timeline import (
    ON_RECORD,
    SITE_PHASES,
    YEARS,
    Changes,
    changes_between,
    changes_text,
    current_year,
    decision_year,
    next_year,
    play_start,
    program_phase_in_year,
    programs_in_year,
    site_phase,
    site_status_in_year,
    sites_in_year,
    status_in_year,
    year_label,
    year_of,
    year_view,
    years_ahead,
)

TODAY = 2026


def sites_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """Sites with the given properties, each at its own point, in EPSG:4326."""
    frame = pd.DataFrame(rows)
    for column in ("name_ko", "name_en"):
        if column not in frame:
            frame[column] = frame["id"]
    if "region" not in frame:
        frame["region"] = "gwangju"
    if "sectors" not in frame:
        frame["sectors"] = [["ai_infra"]] * len(frame)
    points = [Point(126.8 + i * 0.01, 35.1) for i in range(len(frame))]
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


BELT = sites_frame(
    [
        {
            "id": "old",
            "status": "operating",
            "announced_year": "2018",
            "construction_year": "2019",
            "opened_year": "2021",
        },
        {"id": "built", "status": "under_construction", "announced_year": "2022", "construction_year": "2024"},
        {"id": "plan", "status": "planned", "announced_year": "2023", "planned_year": "2029"},
        {"id": "idea", "status": "proposed", "announced_year": "2025"},
        {"id": "mute", "status": "operating"},
    ]
)


def test_years_range_and_today():
    """The slider runs 2019–2031; today's year comes from the date given."""
    assert YEARS == (2019, 2031)
    assert current_year(date(2027, 1, 2)) == 2027
    assert current_year() == date.today().year


@pytest.mark.parametrize(
    ("value", "year"),
    [(2021, 2021), ("2021", 2021), (2021.0, 2021), ("2021.0", 2021), (" 2021 ", 2021), ("2023-06", 2023)],
)
def test_year_cells_read_as_ints(value, year):
    """A year cell may be an int, a float, text or a date."""
    assert year_of(value) == year


@pytest.mark.parametrize("value", ["", None, float("nan"), "soon", "21", "3021", "2021년"])
def test_empty_or_malformed_year_is_unknown(value):
    """Empty and malformed cells are unknown, never guessed."""
    assert year_of(value) is None


def test_no_year_and_today_is_the_current_status():
    """With no year asked, or today's year, every site shows its status as it is."""
    for _, row in BELT.iterrows():
        assert site_phase(row, None, TODAY) == row["status"]
        assert site_phase(row, TODAY, TODAY) == row["status"]


@pytest.mark.parametrize(
    ("year", "phase"),
    [(2017, "not_announced"), (2018, "planned"), (2019, "under_construction"), (2020, "under_construction")]
    + [(2021, "operating"), (2025, "operating"), (2030, "operating")],
)
def test_an_opened_site_goes_through_its_steps(year, phase):
    """Announced, then under construction, then operating, each from its year."""
    assert site_phase(BELT.iloc[0], year, TODAY) == phase


def test_a_proposed_site_stays_proposed_once_announced():
    """A site that is still only proposed is proposed, not planned, once announced."""
    idea = BELT.iloc[3]
    assert site_phase(idea, 2024, TODAY) == "not_announced"
    assert site_phase(idea, 2025, TODAY) == "proposed"
    assert site_phase(idea, 2030, TODAY) == "proposed"


def test_a_past_year_with_no_year_known_is_unknown():
    """A site no source dates is never drawn as if it existed in a past year."""
    mute = BELT.iloc[4]
    assert site_phase(mute, 2020, TODAY) == "unknown"
    assert site_phase(mute, 2025, TODAY) == "unknown"
    assert site_phase(mute, 2027, TODAY) == "operating"  # a future year takes today's status


def test_a_missing_column_counts_as_unknown():
    """A catalogue without the year columns shows every past year as 연도 미상."""
    assert site_phase({"status": "operating"}, 2022, TODAY) == "unknown"
    assert site_phase({"status": "planned"}, 2031, TODAY) == "planned"


def test_a_plan_is_its_own_phase_in_the_future_never_a_fact():
    """planned_year ≤ year in a future year: planned_open, not operating."""
    plan = BELT.iloc[2]
    assert site_phase(plan, 2028, TODAY) == "planned"
    assert site_phase(plan, 2029, TODAY) == "planned_open"
    assert site_phase(plan, 2031, TODAY) == "planned_open"
    # A plan year that has passed stays a plan: in the past the site was planned, not running.
    assert site_phase(plan, 2025, TODAY) == "planned"


def test_an_opening_year_after_today_is_a_plan():
    """An opened_year in the future is read as a plan: never operating before it happens."""
    row = {"status": "under_construction", "construction_year": "2024", "opened_year": "2028"}
    assert site_phase(row, 2025, TODAY) == "under_construction"
    assert site_phase(row, 2027, TODAY) == "under_construction"
    assert site_phase(row, 2028, TODAY) == "planned_open"


def test_an_operating_site_is_not_a_plan_in_the_future():
    """A site running today keeps running in a future year, whatever its plan year said."""
    row = {"status": "operating", "opened_year": "2020", "planned_year": "2019"}
    assert site_phase(row, 2030, TODAY) == "operating"


def test_every_phase_is_named():
    """The phases the rules give are the ones the legend and texts know."""
    phases = {site_phase(row, y, TODAY) for _, row in BELT.iterrows() for y in range(2015, 2032)}
    assert phases <= set(SITE_PHASES)
    assert {"operating", "under_construction", "planned", "proposed", "planned_open", "unknown"} <= phases


def test_sites_in_year_hides_the_not_yet_announced_unless_ghosts():
    """Not-yet-announced sites are left out, or kept with their phase when ghosts are asked."""
    shown = sites_in_year(BELT, 2019, TODAY)
    assert list(shown["id"]) == ["old", "mute"]
    assert list(shown["phase"]) == ["under_construction", "unknown"]
    ghosts = sites_in_year(BELT, 2019, TODAY, ghosts=True)
    assert len(ghosts) == len(BELT)
    assert (ghosts.set_index("id")["phase"]["plan"]) == "not_announced"
    assert isinstance(shown, gpd.GeoDataFrame) and shown.crs == BELT.crs


def test_sites_in_year_today_is_the_catalogue():
    """No year: every site, its phase its status."""
    shown = sites_in_year(BELT, None, TODAY)
    assert list(shown["phase"]) == list(BELT["status"])


def program(**values) -> dict:
    base = {"id": "p", "status": "confirmed", "status_basis": "", "start_year": "", "end_year": ""}
    return base | values


HISTORY = pd.DataFrame(
    {
        "program_id": ["later", "later", "later", "p"],
        "date": ["2019", "2023-06-29", "2025-08-22", "2020-05-01"],
        "status": ["proposed", "proposed", "confirmed", "confirmed"],
    }
)


def test_decision_year_from_status_basis_and_history():
    """The earlier of the status basis's date and the first decided history row."""
    assert decision_year(program(status_basis="2024-02-12: 국무회의 의결 [a]")) == 2024
    assert decision_year(program(status_basis="2024-02-12: 의결 [a]"), HISTORY) == 2020
    assert decision_year(program(id="x", status_basis="2018: 선정 [a]"), HISTORY) == 2018
    assert decision_year(program(status="proposed", status_basis="2024-02-12: 국정과제 [a]")) is None
    assert decision_year(program(id="x")) is None


def test_status_then_follows_the_history():
    """A programme confirmed in 2025 was proposed in 2023 and not on record before 2019."""
    later = program(id="later", status_basis="2025-08-18: 예타 면제 [a]", start_year="2026", end_year="2030")
    assert status_in_year(later, 2018, TODAY, HISTORY) is None
    assert status_in_year(later, 2019, TODAY, HISTORY) == "proposed"
    assert status_in_year(later, 2024, TODAY, HISTORY) == "proposed"
    assert status_in_year(later, 2025, TODAY, HISTORY) == "confirmed"
    assert status_in_year(later, None, TODAY, HISTORY) == "confirmed"
    assert status_in_year(later, 2030, TODAY, HISTORY) == "confirmed"


def test_a_running_programme_without_a_dated_decision_is_not_confirmed_then():
    """It had started, so it is on record, but its money is not confirmed before its decision."""
    ran = program(id="ran", status_basis="2022-11-27: 준공 [a]", start_year="2019", end_year="2022")
    assert status_in_year(ran, 2020, TODAY, HISTORY) == "unverified"
    assert status_in_year(ran, 2022, TODAY, HISTORY) == "confirmed"
    assert status_in_year(ran, 2018, TODAY, HISTORY) is None


def test_an_undated_proposal_is_not_on_record_in_a_past_year():
    """A proposal no source dates shows from today on, never in a past year."""
    idea = program(id="idea", status="proposed", start_year="2025", end_year="2030")
    assert status_in_year(idea, 2025, TODAY) is None
    assert status_in_year(idea, 2027, TODAY) == "proposed"


@pytest.mark.parametrize(
    ("start", "end", "year", "phase"),
    [
        ("2020", "2024", 2019, "not_started"),
        ("2020", "2024", 2020, "running"),
        ("2020", "2024", 2024, "running"),
        ("2020", "2024", 2025, "finished"),
        ("2026", "", 2031, "running"),
        ("", "2027", 2020, "undated"),
        ("", "2021", 2024, "finished"),
        ("", "", 2024, "undated"),
    ],
)
def test_programme_phase_in_a_year(start, end, year, phase):
    """Not started, running, finished or undated from the start and end years."""
    assert program_phase_in_year({"start_year": start, "end_year": end}, year) == phase


PROGRAMS = pd.DataFrame(
    [
        program(id="early", budget_krw_100m="1000", status_basis="2019-03-28: 선정 [a]", start_year="2019"),
        program(id="later", budget_krw_100m="6000", status_basis="2025-08-18: 의결 [a]", start_year="2026"),
        program(id="part", budget_krw_100m="400", status_basis="2021-04-15: 의결 [a]", overlaps="early"),
        program(id="idea", budget_krw_100m="90000", status="proposed", start_year="2025"),
    ]
).fillna("")
PROGRAMS["scope"] = "regional"
PROGRAMS["region"] = "gwangju"
PROGRAMS["lead_site_id"] = ""


def test_programs_in_year_rewrites_status_and_keeps_the_current_one():
    """The year's status in ``status``, today's in ``status_now``, the phase beside them."""
    frame = programs_in_year(PROGRAMS, 2020, TODAY, HISTORY).set_index("id")
    assert list(frame.index) == ["early", "later"]  # the part and the undated proposal are not on record yet
    assert frame.at["early", "status"] == "confirmed" and frame.at["early", "phase"] == "running"
    assert frame.at["later", "status"] == "proposed"  # its history's 2019 row
    frame = programs_in_year(PROGRAMS, 2024, TODAY, HISTORY).set_index("id")
    assert frame.at["later", "status"] == "proposed" and frame.at["later", "status_now"] == "confirmed"
    assert frame.at["later", "phase"] == "not_started"


def test_confirmed_money_in_a_year_counts_each_amount_once():
    """2021: early and its part (600 + 400 = the container once); 2025: later too; today unchanged."""

    def total(year):
        frame = programs_in_year(PROGRAMS, year, TODAY, HISTORY)
        return confirmed_split(frame, year or TODAY)["total"]

    assert total(2019) == 1000.0  # the container whole: its part is not on record yet
    assert total(2021) == 1000.0
    assert total(2024) == 1000.0  # later was still a proposal
    assert total(2025) == 7000.0
    assert total(None) == confirmed_split(PROGRAMS, TODAY)["total"] == 7000.0
    assert programs_in_year(PROGRAMS, None, TODAY) is PROGRAMS


def test_year_view_counts_only_what_a_source_dates():
    """The KPIs count sites on record; unknown ones are drawn, and counted apart."""
    links = pd.DataFrame({"id": ["l1", "l2"], "from_id": ["old", "old"], "to_id": ["built", "mute"]})
    view = View(sites=BELT, programs=PROGRAMS, links=links)
    y = year_view(view, HISTORY, 2020, TODAY)
    assert list(y.shown.sites["id"]) == ["old"]
    assert list(y.drawn["id"]) == ["old", "mute"]
    assert (y.unknown, y.hidden) == (1, 3)
    assert y.shown.links.empty  # neither link has both ends on record
    y = year_view(view, HISTORY, 2024, TODAY)
    assert list(y.shown.links["id"]) == ["l1"]
    assert set(y.shown.sites["id"]) == {"old", "built", "plan"}
    ghosts = year_view(view, HISTORY, 2020, TODAY, ghosts=True)
    assert len(ghosts.drawn) == len(BELT) and list(ghosts.shown.sites["id"]) == ["old"]
    today = year_view(view, HISTORY, None, TODAY)
    assert today.shown is view and today.drawn is BELT


def test_year_2021_and_2030_differ():
    """The two years of the issue's check show different sites and money."""
    view = View(sites=BELT, programs=PROGRAMS, links=pd.DataFrame(columns=["id", "from_id", "to_id"]))
    a, b = year_view(view, HISTORY, 2021, TODAY), year_view(view, HISTORY, 2030, TODAY)
    assert len(a.shown.sites) < len(b.shown.sites)
    assert confirmed_split(a.shown.programs, 2021)["total"] < confirmed_split(b.shown.programs, 2030)["total"]


def test_site_status_in_year_reads_a_plan_as_planned():
    """confirmed_split is given statuses it knows: planned_open and unknown read as planned."""
    drawn = sites_in_year(BELT, 2030, TODAY)
    status = site_status_in_year(drawn)
    assert status["plan"] == "planned" and status["old"] == "operating"
    assert site_status_in_year(BELT)["idea"] == "proposed"


def test_changes_between_years():
    """2022 announces a site, 2021 opens the old one, 2025 to today brings the undated ones; nothing after."""
    assert changes_between(BELT, 2021, 2022, TODAY) == Changes(2022, added=("built",), opened=())
    assert changes_between(BELT, 2023, 2024, TODAY) == Changes(2024)
    assert changes_between(BELT, 2020, 2021, TODAY) == Changes(2021, added=(), opened=("old",))
    # From the last past year to today, the undated sites come on record.
    assert changes_between(BELT, 2025, 2026, TODAY).added == ("mute",)
    assert changes_between(BELT, 2027, 2028, TODAY) == Changes(2028)
    assert set(ON_RECORD) >= {"planned_open"}


def test_changes_text_names_and_counts():
    """A year line in each language; more than three names are counted, not listed."""
    many = sites_frame([{"id": f"s{i}", "status": "operating", "opened_year": "2024"} for i in range(5)])
    changes = changes_between(many, 2023, 2024, TODAY)
    ko, en = changes_text(changes, many, "ko"), changes_text(changes, many, "en")
    assert ko.startswith("2024년: 거점 5곳 추가 — s0, s1, s2 외 2곳")
    assert "5곳 운영 시작" in ko
    assert en.startswith("2024: 5 sites added — s0, s1, s2 and 2 more")
    assert changes_text(Changes(2028), many, "ko") == "2028년: 변화 없음"


def test_year_label():
    """The label every figure of a year view carries."""
    assert year_label(2027, "ko") == "2027년 기준"
    assert year_label(2027, "en") == "As of 2027"


def test_playback_steps_through_the_range():
    """From the first year (or the shown one) to the last, then stop."""
    assert play_start(None) == 2019 and play_start(2031) == 2019 and play_start(2024) == 2024
    assert sorted(years_ahead(2024, TODAY)) == [y for y in range(2019, 2032) if y != 2024]
    assert years_ahead(2024, TODAY)[:2] == [2025, 2026] and len(years_ahead(None, TODAY)) == 13
    year, seen = play_start(None), []
    while year is not None:
        seen.append(year)
        year = next_year(year)
    assert seen == list(range(2019, 2032))
