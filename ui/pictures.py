"""The build-out pictures' downloads: the GIF of the years for slides and the years side by side for print.

Both are drawn by `geo.export.buildout` on the first click and kept per view (language,
catalogue, filters, title and today's year), so a second click, from any session, is instant.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from geo.catalogue import Catalogue
from geo.downloads.tables import file_name
from geo.filters import Filters, View
from geo.i18n import t


@st.cache_resource(max_entries=16, show_spinner=False)
def _states(
    lang: str, stamp: tuple, filters: Filters, scenario: str | None, today_year: int, _cat: Catalogue, _shown: View
) -> list:
    # Keyed by the catalogue's stamp, the filters and the scenario, which decide ``_shown``.
    from geo.export.buildout import year_states

    return year_states(_shown.sites, _shown.programs, _cat, lang, today_year)


@st.cache_resource(max_entries=16, show_spinner=False)
def picture(
    kind: str, lang: str, stamp: tuple, filters: Filters, title: str, today_year: int, _cat: Catalogue, _shown: View
) -> bytes:
    """The view's ``kind`` picture: ``"gif"`` (one 1280×720 frame a year) or ``"png"`` (four years, A4, for print)."""
    from geo.boundaries import display_boundaries
    from geo.export.buildout import MULTIPLE_YEARS, build_out_gif, small_multiples_png

    states = _states(lang, stamp, filters, ui.state().scenario, today_year, _cat, _shown)
    layers = (_cat, display_boundaries("sido"), display_boundaries("sigungu"))
    options = dict(title=title, lang=lang, today_year=today_year)
    if kind == "gif":
        return build_out_gif(_shown.sites, _shown.programs, *layers, states=states, **options)
    chosen = [state for state in states if state.year in MULTIPLE_YEARS]
    return small_multiples_png(_shown.sites, *layers, chosen, **options)


def picture_buttons(cat: Catalogue, shown: View, title: str, key: str = "map", where=None) -> None:
    """The GIF of the years and the years side by side as two downloads, built only when clicked."""
    lg, stamp, today = ui.lang(), ui.catalogue_stamp(), date.today()
    title = ui.scenario.export_title(title)  # made in the scenario, the pictures say so on their face
    files = (
        ("gif", "image/gif", ":material/animation:"),
        ("png", "image/png", ":material/view_week:"),
    )
    labels = {"gif": ("bo_gif", "bo_gif_help"), "png": ("bo_multiples", "bo_multiples_help")}
    for column, (kind, mime, icon) in zip((where or st).columns(len(files)), files):
        label, help_key = labels[kind]
        column.download_button(
            t(label, lg),
            data=lambda kind=kind: picture(kind, lg, stamp, shown.filters, title, today.year, cat, shown),
            file_name=file_name(shown.filters, kind, today).replace("-view-", "-years-", 1),
            mime=mime,
            on_click="ignore",
            key=f"bo_{kind}_{key}",
            help=t(help_key, lg),
            width="stretch",
            icon=icon,
        )
