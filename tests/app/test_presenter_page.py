"""AppTest of the presenter: steps move forward and back and live in the URL."""

import pytest

from tests.helpers import STEPS


@pytest.fixture
def app(new_app):
    """The dashboard switched to the presenter, not yet run."""
    return new_app("views/presenter.py")


def titles(at) -> list[str]:
    """The texts of the page's markdown blocks, unescaped (the step title is one of them)."""
    return [m.value.replace("\\", "").lstrip("# ") for m in at.markdown]


def test_next_and_back_move_through_the_story(app):
    """Next shows step 2 and puts it in the URL; back returns to step 1."""
    app.run()
    assert not app.exception
    assert STEPS[0].title["ko"] in titles(app)
    app.button(key="step_next").click().run()
    assert app.query_params["step"] in ("2", ["2"])
    assert STEPS[1].title["ko"] in titles(app)
    app.button(key="step_back").click().run()
    assert "step" not in app.query_params  # step 1 is the default, left out of the link


def test_url_round_trip_opens_the_step_and_language(app):
    """``?step=4`` opens step 4 and keeps it in the URL; switching to English keeps the step."""
    app.query_params["step"] = "4"
    app.run()
    assert not app.exception
    assert STEPS[3].title["ko"] in titles(app)
    app.radio(key="lang").set_value("en").run()
    assert STEPS[3].title["en"] in titles(app)
    assert app.query_params["step"] in ("4", ["4"])


def test_out_of_range_step_is_clamped(app):
    """A step past the end opens the last step, with next disabled."""
    app.query_params["step"] = "99"
    app.run()
    assert app.query_params["step"] in (str(len(STEPS)), [str(len(STEPS))])
    assert app.button(key="step_next").disabled


@pytest.mark.parametrize("key, expected", [("step_back", 3), ("step_next", 5)])
def test_a_second_press_before_the_page_has_redrawn_still_moves_a_step(app, key, expected):
    """A clicker pressed twice: the second press reaches buttons drawn for the step before the first's.

    The first press's callback has moved the view to step 4 (as it does before the page runs), but
    the buttons on the screen are still step 5's, or step 3's: the press moves on from 4, not to 4.
    """
    from ui.state import STATE_KEY

    drawn = 5 if key == "step_back" else 3
    app.query_params["step"] = str(drawn)
    app.run()
    app.session_state[STATE_KEY] = app.session_state[STATE_KEY].with_(step=4)
    app.button(key=key).click().run()
    assert not app.exception
    assert app.query_params["step"] in (str(expected), [str(expected)])
    assert STEPS[expected - 1].title["ko"] in titles(app)
