"""The dashboard in AppTest, built one way for every page's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT
from tests.conftest import free_port

DASHBOARD = str(ROOT / "dashboard.py")
# Seconds one run may take. A first run in a fresh process reads and validates the whole
# catalogue and builds the map, and CI shares two cores with other jobs: a run that takes
# under ten seconds alone can take a minute there. A slow run is not the failure under test.
TIMEOUT = 120


def dashboard(page: str | None = None) -> AppTest:
    """A new AppTest of ``dashboard.py``, switched to ``page`` (e.g. ``"views/data.py"``) when given, not yet run."""
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    if page is not None:
        app.switch_page(page)
    return app


@pytest.fixture
def new_app() -> Callable[[str | None], AppTest]:
    """The factory, for a test that needs a second session (another visitor opening a link)."""
    return dashboard


@pytest.fixture
def store_down(monkeypatch) -> None:
    """The layer store is PostGIS at an address where nothing answers, as when the database is down."""
    monkeypatch.setenv("AXBELT_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/axbelt")


@pytest.fixture
def app() -> AppTest:
    """The dashboard on its home page, not yet run (set query parameters or the catalogue first)."""
    return dashboard()
