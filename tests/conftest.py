"""Shared by every test: the layer store lives in a temporary folder, never in the user's state folder."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from deploy.serve import free_port  # noqa: F401  (the tests' one source of free ports)
from tests.helpers import cat, deferred, shipped  # noqa: F401  (the shared fixtures)


def pytest_configure(config):
    """Point ``AXBELT_STATE_DIR`` at a fresh folder for this run (servers the tests start inherit it)."""
    if not os.environ.get("AXBELT_STATE_DIR"):
        config._axbelt_state_dir = tempfile.mkdtemp(prefix="axbelt-state-")
        os.environ["AXBELT_STATE_DIR"] = config._axbelt_state_dir
    os.environ.pop("AXBELT_DATABASE_URL", None)  # the store tests start their own PostGIS


def pytest_unconfigure(config):
    folder = getattr(config, "_axbelt_state_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    """A throwaway PostgreSQL + PostGIS (``tests/pg_cluster.py``), one per test module: some pause theirs."""
    from tests.pg_cluster import ClusterUnavailable, start_cluster

    try:
        import psycopg  # noqa: F401

        running = start_cluster()
    except (ClusterUnavailable, ImportError) as exc:
        missing(f"no PostgreSQL + PostGIS: {exc}", "AXBELT_REQUIRE_DB")
    yield running
    running.stop()


def missing(what: str, required_by: str) -> None:
    """Fail when ``required_by`` (``AXBELT_REQUIRE_BROWSER`` or ``AXBELT_REQUIRE_DB``) is 1 or under CI; else skip.

    ``make test`` and CI require the real components, so a missing one fails there instead of
    quietly skipping; a quick local run without them skips with the reason.
    """
    if os.environ.get(required_by) == "1" or os.environ.get("CI"):
        pytest.fail(what, pytrace=False)
    pytest.skip(what)
