"""The caches several pages share: the catalogue and its stamp, boundaries, places, the story, district sums.

Each is built once per server (or per catalogue stamp) from ``geo/``; the stamp is part of every key
of something built from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import boundaries
from geo.catalogue import Catalogue, CatalogueError
from geo.filters import View
from geo.joins import sigungu_summary
from geo.mapview import key_digest
from geo.paths import data_dir
from geo.story import STORY_FILE, read_story
from geo.validate import check_data_dir


def _catalogue_stamp(folder: Path) -> tuple:
    """Names, sizes and times of the catalogue files: a cache key that changes when they do."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*") if p.is_file()))


@st.cache_resource(show_spinner=False)
def _checked(folder: str, stamp: tuple):
    # ``stamp`` is part of the cache key (no leading underscore): a changed file reloads.
    return check_data_dir(Path(folder))


def catalogue_stamp() -> tuple:
    """The catalogue folder's stamp: part of every cache key of something built from the catalogue."""
    return _catalogue_stamp(data_dir())


def catalogue() -> tuple[Catalogue | None, list]:
    """The catalogue of ``AXBELT_DATA_DIR`` and its problems, re-read when a file changes."""
    folder = data_dir()
    return _checked(str(folder), _catalogue_stamp(folder))


@st.cache_resource(show_spinner=False)
def display_boundaries(level: str):
    """Simplified boundaries for the map, computed once per server."""
    return boundaries.display_boundaries(level)


@st.cache_resource(show_spinner=False)
def full_sigungu():
    """Full-resolution 시군구 polygons, for joins."""
    return boundaries.load_sigungu()


@st.cache_resource(show_spinner=False)
def places():
    """Every 시군구, 읍면동 and 리 of the belt with its polygon, for the map's search; built once per server."""
    from geo.places import belt_places

    return belt_places()


@st.cache_resource(show_spinner=False)
def place_codes() -> frozenset:
    """The codes a link's ``place=`` may name."""
    return frozenset(places()["code"])


def story_path() -> Path:
    return data_dir() / STORY_FILE


@st.cache_resource(show_spinner=False)
def _story(path: str, stamp: tuple):
    return read_story(Path(path))


def story() -> list:
    """The presenter's steps from ``story.csv`` (empty when the file is missing or unreadable)."""
    folder = data_dir()
    try:
        return _story(str(story_path()), _catalogue_stamp(folder))
    except (CatalogueError, ValueError):
        return []


@st.cache_resource(max_entries=64, show_spinner=False)
def _district_summary(stamp: tuple, shown_key: tuple, _shown: View) -> pd.DataFrame:
    # Keyed by the catalogue's stamp and what decides ``_shown`` (filters, year, and its ids in the scenario).
    return sigungu_summary(_shown.sites, _shown.programs, full_sigungu())


def district_summary(shown: View) -> pd.DataFrame:
    """Sites, sectors and budgets per 시군구 of what is shown (the choropleth's numbers), once per view."""
    # Keyed by what is shown too: the scenario's view has the filters of the view as decided.
    # The year changes programmes' statuses, not only which are shown: it is part of the key.
    key = (shown.filters, shown.year, *map(tuple, (shown.sites["id"], shown.programs["id"])))
    return _district_summary(key_digest(catalogue_stamp()), key_digest(key), shown)


@st.cache_resource(max_entries=512, show_spinner=False)
def _of_view(what: str, key: Hashable, _build: Callable):
    # Keyed by ``what`` and ``key`` alone (Streamlit does not hash underscored arguments).
    return _build()


def of_view(what: str, key: Hashable, build: Callable):
    """``build()``, once per process for ``what`` of the view ``key`` (a ``MapView``'s ``key``, or what decides it).

    For what a page draws from its view and that does not change between its runs (a summary, a list,
    a table): a new session's first run then finds it built, as a rerun does. Returned objects are shared:
    never change them in place.
    """
    return _of_view(what, key_digest(key), build)
