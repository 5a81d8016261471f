"""The what-if scenario in the view state: ``scenario=proposals`` or nothing, parsed tolerantly."""

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.viewstate import SCENARIOS, ViewState, parse, share_link, to_query
from tests.test_viewstate import CHOICES, views


@given(views, st.sampled_from((None, *SCENARIOS)))
def test_round_trip_with_a_scenario(view, scenario):
    """Every view with or without the scenario survives the URL and a real address, with nothing reported."""
    view = view.with_(scenario=scenario)
    assert parse(to_query(view), CHOICES) == (view, [])
    link = share_link("http://127.0.0.1:8501/value-chain", to_query(view))
    assert parse(parse_qs(urlsplit(link).query, keep_blank_values=True), CHOICES)[0] == view


def test_the_scenario_is_in_the_link_and_left_out_by_default():
    """``scenario=proposals`` is written only when the scenario is on."""
    assert to_query(ViewState(scenario="proposals")) == {"scenario": ["proposals"]}
    assert "scenario" not in to_query(ViewState())


@pytest.mark.parametrize("value", ["everything", "<script>", "1", "proposal"])
def test_an_unknown_scenario_falls_back_to_the_decided_view_and_is_reported(value):
    """Anything but ``proposals`` leaves the view as decided and names the parameter."""
    view, problems = parse({"scenario": [value]}, CHOICES)
    assert view.scenario is None
    assert [(p.param, p.value) for p in problems] == [("scenario", value)]


def test_a_scenario_in_capitals_or_with_spaces_is_read():
    """``Proposals `` is the same scenario; an empty value is no scenario, reported as nothing."""
    assert parse({"scenario": [" Proposals "]}, CHOICES) == (ViewState(scenario="proposals"), [])
    assert parse({"scenario": [""]}, CHOICES) == (ViewState(), [])
