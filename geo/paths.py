"""Where the project's files are."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"


def data_dir() -> Path:
    """The catalogue folder: ``AXBELT_DATA_DIR`` when set, so a planner can point at a copy."""
    return Path(os.environ.get("AXBELT_DATA_DIR") or DEFAULT_DATA_DIR).expanduser().resolve()
