"""The downloads several pages offer: the map as PNG/PDF, the view as GeoPackage and Excel, the briefing pack.

Each file is built only when its button is clicked, from what the run captured.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.catalogue import Catalogue, CatalogueError
from geo.filters import View
from geo.i18n import t
from geo.paths import data_dir
from geo.viewstate import ViewState, share_link, to_query
from ui.caches import catalogue, catalogue_stamp, display_boundaries, district_summary, full_sigungu, story
from ui.layer import layer_summary, planner_layer
from ui.state import lang, state


def export_buttons(
    cat: Catalogue, shown: View, title: str, highlight=(), bounds=None, key: str = "map", metric: str = "none"
) -> None:
    """PNG and PDF downloads of the shown map and its district colouring ``metric``, drawn when the user clicks."""
    from geo.export import export_pdf, export_png
    from geo.maps.choropleth import metric_colours

    lg = lang()
    from ui import scenario

    args = dict(
        lang=lg, title=scenario.export_title(title), bounds=bounds, highlight=set(highlight), programs=shown.programs
    )
    if metric != "none":
        args["districts"] = metric_colours(district_summary(shown), metric, lg)
    # The belt map (key "map") draws the planner's layer, so its export does too; its notices were shown once.
    layer = planner_layer(quiet=True) if key == "map" else None
    if layer:
        from geo.planner.overlay import export_layer

        summary = layer_summary(layer, full_sigungu(), lg)  # kept with the map's
        args["planner_layer"] = export_layer(layer, full_sigungu(), lg, summary)
    layers = (shown.sites, shown.links, cat, display_boundaries("sido"), display_boundaries("sigungu"))
    formats = (
        ("png", export_png, "image/png", ":material/image:"),
        ("pdf", export_pdf, "application/pdf", ":material/picture_as_pdf:"),
    )
    files = [
        (
            fmt,
            t(f"export_{fmt}", lg),
            lambda export=export: export(*layers, **args),
            f"honam-ax-belt-{key}.{fmt}",
            mime,
            icon,
        )
        for fmt, export, mime, icon in formats
    ]
    _buttons(files, key, "stretch")


def _buttons(files, key: str, width: str) -> None:
    """A download button a column, each file built only when its button is clicked, outside the run.

    ``files`` holds (id, label, build, file name, mime type, icon); a button's key is ``{id}_{key}``.
    """
    for column, (ext, label, build, name, mime, icon) in zip(st.columns(len(files)), files):
        column.download_button(
            label,
            data=build,
            file_name=name,
            mime=mime,
            on_click="ignore",
            key=f"{ext}_{key}",
            width=width,
            icon=icon,
        )


@st.cache_resource(max_entries=8, show_spinner=False)
def _briefing_pack(lang: str, stamp: tuple, link: str, made: str, scenario: str | None = None) -> bytes:
    # Keyed by language, catalogue stamp (story.csv is in the catalogue's folder), link and day.
    from geo.briefing import briefing_pack

    cat, _ = catalogue()
    return briefing_pack(
        cat,
        story(),
        display_boundaries("sido"),
        display_boundaries("sigungu"),
        lang=lang,
        link=link,
        made=made,
        scenario=scenario,
    )


def presenter_link(lg: str) -> str:
    """The presenter's address in language ``lg`` on this server (the story's first step)."""
    from urllib.parse import urlsplit, urlunsplit

    here = urlsplit(st.context.url or "")
    path = here.path.rsplit("/", 1)[0] + "/presenter"
    return share_link(urlunsplit((here.scheme, here.netloc, path, "", "")), to_query(ViewState(lang=lg)))


def briefing_button(key: str, where=None) -> None:
    """The briefing pack's download (the whole story as one PDF), built on the first click and kept.

    Built once per language, catalogue and day: a second request, from any session, is instant.
    """
    from datetime import date

    lg = lang()
    if not story():
        return
    link, stamp = presenter_link(lg), catalogue_stamp()
    (where or st).download_button(
        t("pack_download", lg),
        data=lambda: _briefing_pack(lg, stamp, link, date.today().isoformat(), state().scenario),
        file_name=f"honam-ax-belt-briefing-{lg}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key=f"pack_{key}",
        help=t("pack_download_help", lg),
        icon=":material/menu_book:",
        width="stretch",
    )


def view_downloads(cat: Catalogue, shown: View, key: str = "map") -> None:
    """The view as one GeoPackage (QGIS, styled as the map) and one Excel workbook, built only when clicked.

    Both follow the view's filters, its district colouring and programme search, and carry the
    planner's layer when the view has one on.
    """
    from datetime import date

    from geo.analysis import TARGET_COLUMNS, read_targets
    from geo.downloads import view_gpkg, view_tables, view_xlsx
    from geo.downloads.gpkg import CRS_CHOICES, planner_table
    from geo.downloads.tables import file_name

    lg, view, today = lang(), state(), date.today()
    layer = planner_layer(quiet=True)  # its notices, if any, were shown once by the page
    link = share_link(st.context.url or "", to_query(view))
    sigungu, folder = full_sigungu(), data_dir()
    st.caption(t("dl_view_caption", lg))
    crs = st.radio(
        t("dl_crs", lg),
        CRS_CHOICES,
        format_func=lambda crs: t(f"dl_crs_{crs.split(':')[1]}", lg),
        horizontal=True,
        key=f"dl_crs_{key}",
        help=t("dl_crs_help", lg),
    )

    # The builders run when a button is clicked, outside this run: they use only what is captured here.

    def tables():
        try:
            targets = read_targets(folder)
        except CatalogueError:
            targets = pd.DataFrame(columns=list(TARGET_COLUMNS))  # the data page names the problem
        uploaded, planner = None, None
        if layer:
            summary = layer_summary(layer, sigungu, lg)
            uploaded = summary.sigungu.table[["code", "count"]]
            planner = planner_table(layer, summary.categories)
        built = view_tables(cat, shown, sigungu, targets, view.metric, view.search, uploaded)
        return built, planner

    def gpkg() -> bytes:
        built, planner = tables()
        return view_gpkg(built, cat.sectors, lg, crs, planner, view.scenario)

    def xlsx() -> bytes:
        return view_xlsx(tables()[0], view, cat, link, today, layer["name"] if layer else None)

    files = (
        ("gpkg", gpkg, "application/geopackage+sqlite3", ":material/layers:"),
        ("xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ":material/table:"),
    )
    files = [
        (ext, t(f"dl_{ext}", lg), build, file_name(view.filters, ext, today), mime, icon)
        for ext, build, mime, icon in files
    ]
    _buttons(files, key, "stretch" if key == "map" else "content")  # as wide as the buttons beside them
