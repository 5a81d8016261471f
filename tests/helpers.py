"""Helpers shared by tests in several modules: the two catalogues, the shipped sites and story, a KPI's value,
the download buttons' labels and the files they would build.

Fixtures defined here are made available to every test by ``tests/conftest.py``; a module that
needs another catalogue under the same name (``cat``) defines its own, which takes precedence.
"""

from __future__ import annotations

import json

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from geo.catalogue import Catalogue, load_catalogue
from geo.paths import DEFAULT_DATA_DIR
from geo.story import STORY_FILE, read_story
from tests.catalogue_fixture import write_catalogue

# A site name that would run script if any page or map inserted it as HTML.
XSS = "<img src=x onerror=alert(1)>"
# The properties of every site in the shipped catalogue (data/sites.geojson), in file order.
SHIPPED_SITES = [
    feature["properties"]
    for feature in json.loads((DEFAULT_DATA_DIR / "sites.geojson").read_text(encoding="utf-8"))["features"]
]
# The presenter's steps as shipped (data/story.csv).
STEPS = read_story(DEFAULT_DATA_DIR / STORY_FILE)


@pytest.fixture
def cat(tmp_path) -> Catalogue:
    """The small fixture catalogue of ``tests/catalogue_fixture.py``, written to a fresh folder and loaded."""
    return load_catalogue(write_catalogue(tmp_path))


@pytest.fixture(scope="session")
def shipped() -> Catalogue:
    """The shipped catalogue (``data/``), loaded once per run; tests only read it."""
    return load_catalogue(DEFAULT_DATA_DIR)


def metric(at, label: str) -> str:
    """The shown value of the one AppTest metric (KPI) whose label is ``label``."""
    (found,) = [m.value for m in at.metric if m.label == label]
    return found


def download_labels(app) -> list[str]:
    """The labels of an AppTest page's download buttons, as shown (markdown's escapes taken out)."""
    return [button.proto.label.replace("\\", "") for button in app.get("download_button")]


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """The downloads each AppTest run registers to build on a click, by file name: the builder."""
    found: dict = {}
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        found[str(file_name)] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return found


def html_tables(app) -> list[list[list[str]]]:
    """The plain HTML tables (``geo.tables``) a run drew, each as its rows of cell texts, header row first."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("th", "td"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("th", "td"):
                self.rows[-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    tables = []
    for element in app.get("html"):
        if 'class="data-table"' in element.proto.body:
            parser = Cells()
            parser.feed(element.proto.body)
            tables.append(parser.rows)
    return tables
