"""AppTest: the map page's and the presenter's maps name the boundary files, which exist, and carry no polygon."""

import json

import pytest

from geo.maps import static
from geo.paths import STATIC_DIR


@pytest.mark.parametrize("page", [None, "views/presenter.py"])
def test_the_maps_fetch_their_boundaries_from_static_files(new_app, page):
    app = new_app(page)
    app.run()
    assert not app.exception
    arguments = json.loads(app.get("component_instance")[0].proto.json_args)
    files = static.boundary_files()
    for pairs in files.values():
        for _, file in pairs:
            assert json.dumps(file.url) in arguments["script"]
            assert (STATIC_DIR / file.relative).read_bytes() == file.content
    assert '"coordinates"' not in arguments["script"]
    assert len(arguments["script"]) < 60_000  # the boundaries alone are ~0.6 MB
