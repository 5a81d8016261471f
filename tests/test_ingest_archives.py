"""ZIP archives of uploads: unsafe member paths and the temporary folder of an upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.planner.ingest.archives import UPLOAD_FOLDER_PREFIX, is_safe_member, upload_folder


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("a.shp", True),
        ("dir/a.shp", True),
        ("../a.shp", False),
        ("dir/../../a.shp", False),
        ("/a.shp", False),
        ("C:\\a.shp", False),
        ("..\\a.shp", False),
    ],
)
def test_is_safe_member(name, safe):
    """Absolute paths, drive letters and '..' in ZIP members are unsafe."""
    assert is_safe_member(name) is safe


def test_upload_folder_is_temporary_and_outside_the_catalogue():
    """An upload's folder carries the prefix messages look for, and is gone after the ``with`` block."""
    from geo.paths import ROOT

    with upload_folder() as folder:
        assert Path(folder).name.startswith(UPLOAD_FOLDER_PREFIX) and Path(folder).is_dir()
        assert ROOT not in Path(folder).resolve().parents
    assert not Path(folder).exists()
