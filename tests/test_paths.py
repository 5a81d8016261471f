"""Where the project's files are: the repository root, the shipped catalogue and a planner's copy."""

from __future__ import annotations

from geo.catalogue import COLUMNS
from geo.paths import DEFAULT_DATA_DIR, ROOT, STATIC_DIR, data_dir


def test_root_holds_the_app_and_the_shipped_catalogue():
    """``ROOT`` is the checkout (the router is there) and ``data/`` holds every catalogue file."""
    assert (ROOT / "dashboard.py").is_file()
    assert [name for name in COLUMNS if not (DEFAULT_DATA_DIR / name).is_file()] == []
    assert STATIC_DIR.parent == ROOT


def test_data_dir_is_the_shipped_catalogue_unless_a_copy_is_named(monkeypatch, tmp_path):
    """Without ``AXBELT_DATA_DIR`` the shipped folder; with it, that folder, resolved (``~`` expanded)."""
    monkeypatch.delenv("AXBELT_DATA_DIR", raising=False)
    assert data_dir() == DEFAULT_DATA_DIR
    monkeypatch.setenv("AXBELT_DATA_DIR", str(tmp_path / "copy" / ".." / "mine"))
    assert data_dir() == tmp_path / "mine"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AXBELT_DATA_DIR", "~/plans")
    assert data_dir() == tmp_path / "plans"
