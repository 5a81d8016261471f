"""Shared by every test: the layer store lives in a temporary folder, never in the user's state folder."""

from __future__ import annotations

import os
import shutil
import tempfile


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
