"""The whole page: `build_figure` puts every part on an A4 landscape sheet; PNG and PDF are saved from it."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterable, Sequence

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.catalogue import Catalogue
from geo.citations import newest_date
from geo.export.frame import add_panel, map_extent, spread_positions
from geo.export.inset import (
    crowded_places,
    frame_inset,
    group_bounds,
    inset_panel,
    inset_place,
    outline_box,
)
from geo.export.layout import Layout, lay_out
from geo.export.legend import draw_legend, legend_sections, planner_legend
from geo.export.names import named_sites, sido_names, sigungu_names
from geo.export.panels import draw_panel, draw_planner_layer, site_frame
from geo.export.style import (
    A4_LANDSCAPE_IN,
    FOOTER_PT,
    LEAD_PT,
    MARGIN_IN,
    MARKER_SEP_IN,
    MARKER_SHIFT_IN,
    MUTED,
    REGION_PT,
    SUBTITLE_PT,
)
from geo.export.text import fig_text, font, footer_citations, footer_paragraphs
from geo.extent import Bounds
from geo.filters import links_between, shown_links
from geo.i18n import t
from geo.joins import programs_of_sites

MIN_WIDTH_PX = 2000


# Matplotlib reads the PDF font type from the global rcParams at save time; the lock keeps
# two exports in different server threads from restoring each other's settings mid-save.
_SAVE_LOCK = threading.Lock()
# fontTools logs a warning per hinting-source table (TSI*) it drops while subsetting
# NanumGothic for the PDF; the tables are editor data, never needed to draw.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
_SAVE_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "text.usetex": False, "svg.fonttype": "none"}


def _subtitle(view_sites: gpd.GeoDataFrame, programs: pd.DataFrame, n_links: int, lang: str) -> str:
    """The line under the title: as-of date and what the map counts."""
    parts = []
    as_of = newest_date(v for frame in (view_sites, programs) if "as_of" in frame for v in frame["as_of"])
    if as_of:
        parts.append(f"{t('as_of', lang)} {as_of}")
    parts.append(t("export_counts", lang).format(sites=len(view_sites), links=n_links))
    return " · ".join(parts)


def _draw_page_text(fig: Figure, layout: Layout, subtitle: str) -> None:
    """The title band (title and the subtitle under it) and the footer, where ``layout`` puts them."""
    top = layout.height - MARGIN_IN
    fig_text(
        fig,
        MARGIN_IN,
        top,
        "\n".join(layout.title_lines),
        font(layout.title_pt, True),
        va="top",
        ha="left",
        linespacing=1.1,
        gid="title",
    )
    fig_text(
        fig,
        MARGIN_IN,
        layout.subtitle_y,
        subtitle,
        font(SUBTITLE_PT),
        va="top",
        ha="left",
        color=MUTED,
        gid="subtitle",
    )
    if layout.lead_lines:
        fig_text(
            fig,
            MARGIN_IN,
            layout.lead_y,
            "\n".join(layout.lead_lines),
            font(LEAD_PT),
            va="top",
            ha="left",
            linespacing=1.3,
            gid="lead",
        )
    fig_text(
        fig,
        MARGIN_IN,
        0.32,
        "\n".join(layout.footer_lines),
        font(FOOTER_PT),
        va="bottom",
        ha="left",
        color=MUTED,
        linespacing=1.35,
        gid="footer",
    )


def build_figure(
    view_sites: gpd.GeoDataFrame,
    links: pd.DataFrame,
    cat: Catalogue,
    sido: gpd.GeoDataFrame,
    sigungu: gpd.GeoDataFrame,
    *,
    lang: str = "ko",
    title: str,
    bounds: Bounds | None = None,
    highlight: Iterable[str] = frozenset(),
    programs: pd.DataFrame | None = None,
    planner_layer: dict | None = None,
    lead: Sequence[str] = (),
    notes: Sequence[str] = (),
    districts: dict | None = None,
) -> Figure:
    """The briefing map as an A4 landscape matplotlib Figure on an Agg canvas.

    Parameters
    ----------
    view_sites : geopandas.GeoDataFrame
        The sites shown (EPSG:4326), e.g. ``View.sites``.
    links : pandas.DataFrame
        Value-chain links; only those with both ends among ``view_sites`` are drawn.
    cat : Catalogue
        For sector colours, stage names and region names.
    sido, sigungu : geopandas.GeoDataFrame
        Boundaries drawn as the basemap (``geo.boundaries.display_boundaries``).
    lang : {"ko", "en"}
        Language of every fixed text and of site, sector and stage names.
    title : str
        The title printed at the top.
    bounds : tuple of float, optional
        (lon_min, lat_min, lon_max, lat_max) to show; default the belt and every site shown.
        The frame is widened to the page's shape, never cropped.
    highlight : iterable of str
        Ids of sites to ring and label with their name.
    programs : pandas.DataFrame, optional
        The programmes shown with the map (``View.programs``), for the as-of date; default
        the catalogue's programmes that fund a shown site.
    planner_layer : dict, optional
        The planner's uploaded layer (``geo.planner.overlay.export_layer``), drawn under the sites and
        added to the legend.
    lead : sequence of str, optional
        Paragraphs under the subtitle, above the map (a story step's caption and figures).
    notes : sequence of str, optional
        Paragraphs at the head of the footer, before the sites' sources (a step's citations).
    districts : dict, optional
        The 시군구 colouring the view shows (`geo.maps.choropleth.metric_colours`): the districts
        are filled with it and its classes added to the legend.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if view_sites.crs is not None and view_sites.crs.to_epsg() != 4326:
        raise ValueError(f"view_sites must be in EPSG:4326, got {view_sites.crs}")
    highlight = frozenset(str(h) for h in highlight)
    if programs is None:
        programs = programs_of_sites(cat.programs, view_sites["id"])
    sites = site_frame(view_sites, cat, lang)
    links = shown_links(links, sites["id"])
    estimated = int(sites["estimated"].sum())

    fig = Figure(figsize=A4_LANDSCAPE_IN, dpi=100, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()
    wanted = map_extent(view_sites, bounds)
    footer = [*notes, *footer_paragraphs(footer_citations(view_sites, cat), estimated, lang)]
    layout = lay_out(renderer, title, footer, wanted, lead)
    main = add_panel(fig, layout.map_box, wanted, "map")
    sep = MARKER_SEP_IN * main.deg_per_in

    # Legend first: the room it leaves decides whether a crowded place gets an inset.
    # With no crowded place the legend may take the whole column, at a larger type.
    places = crowded_places(layout, main, sites, sep)
    sections = legend_sections(
        sites, cat, lang, with_links=len(links) > 0, with_highlight=bool(highlight), districts=districts
    )
    if planner_layer is not None:
        sections.append(planner_legend(planner_layer))
        draw_planner_layer(main.ax, planner_layer)
    legend_bottom = draw_legend(
        fig,
        renderer,
        sections,
        layout.legend_left,
        layout.map_box[1] + layout.map_box[3],
        layout.legend_width,
        layout.map_box[3] * (0.5 if places else 1.0),
    )
    inset = None
    for rows in places:
        inset = inset_panel(fig, layout, legend_bottom, main, group_bounds(sites, rows, sep))
        if inset is not None:
            break
    in_inset = inset.contains(sites["lon"], sites["lat"]) if inset else np.zeros(len(sites), bool)
    placed: list[Bbox] = []

    # Main map: every marker at its place (touching ones fanned out within their own size);
    # sites in the inset are named there (highlights on both, a crowded inset may lack the room),
    # and links with both ends in it are left to it.
    lon, lat = spread_positions(sites["lon"], sites["lat"], sep, main.aspect, MARKER_SHIFT_IN * main.deg_per_in)
    on_main = sites.assign(lon=lon, lat=lat)
    inside = set(sites["id"][in_inset])
    draw_panel(
        fig,
        renderer,
        main,
        sido,
        sigungu,
        on_main,
        links[~links_between(links, inside)],
        named_sites(on_main[~in_inset | on_main["id"].isin(highlight)], links, highlight),
        highlight,
        placed,
        names=(sido, sido_names(sido, cat, lang), REGION_PT),
        north=True,
        avoid=[outline_box(main, inset.bounds)] if inset else [],
        districts=districts,
    )
    if inset is not None:
        per_in = inset.deg_per_in
        lon, lat = spread_positions(
            sites["lon"], sites["lat"], MARKER_SEP_IN * per_in, inset.aspect, MARKER_SHIFT_IN * per_in
        )
        on_inset = sites.assign(
            lon=np.where(in_inset, lon, on_main["lon"]), lat=np.where(in_inset, lat, on_main["lat"])
        )
        draw_panel(
            fig,
            renderer,
            inset,
            sido,
            sigungu,
            on_inset,
            links[links["from_id"].isin(inside) | links["to_id"].isin(inside)],
            named_sites(on_inset[in_inset], links, highlight),
            highlight,
            placed,
            names=sigungu_names(sigungu, lang),
            north=False,
            only=in_inset,
            districts=districts,
        )
        frame_inset(fig, main, inset, t("export_inset", lang).format(place=inset_place(sido, cat, inset.bounds, lang)))

    _draw_page_text(fig, layout, _subtitle(view_sites, programs, len(links), lang))
    return fig


def figure_texts(fig: Figure) -> list[str]:
    """Every non-empty text drawn on ``fig`` (title, legend, labels, footer), in drawing order."""
    return [a.get_text() for a in fig.findobj(Text) if a.get_text() and a.get_visible() and a.get_gid() != "halo"]


def _save(fig: Figure, fmt: str, **kwargs) -> bytes:
    """``fig`` saved to bytes with text kept as text (TrueType) and no TeX."""
    buffer = io.BytesIO()
    with _SAVE_LOCK, matplotlib.rc_context(_SAVE_RC):
        fig.savefig(buffer, format=fmt, facecolor="white", **kwargs)
    return buffer.getvalue()


def print_png(build: Callable[..., Figure], width_px: int, *layers, **options) -> bytes:
    """``build(*layers, **options)`` as a PNG ``width_px`` wide (at least ``MIN_WIDTH_PX``, for print)."""
    if int(width_px) < MIN_WIDTH_PX:
        raise ValueError(f"width_px must be at least {MIN_WIDTH_PX} for print, got {width_px}")
    fig = build(*layers, **options)
    # Agg truncates width × dpi to whole pixels; a quarter pixel more lands exactly on width_px.
    dpi = (int(width_px) + 0.25) / fig.get_figwidth()
    return _save(fig, "png", dpi=dpi, metadata={"Title": options["title"], "Software": "honam-ax-belt"})


def export_png(*layers, width_px: int = 2400, **options) -> bytes:
    """The briefing map as a PNG ``width_px`` wide, in the A4 landscape proportions.

    ``layers`` and ``options`` are those of `build_figure` (the sites, links, catalogue and
    boundaries; ``title``, ``lang``, ``bounds``, ``highlight``, ``programs``, ``planner_layer``).
    ``width_px`` is at least 2000, so that the map stays sharp when pasted into a report and printed.

    Returns
    -------
    bytes
        The PNG file.
    """
    return print_png(build_figure, width_px, *layers, **options)


def export_pdf(*layers, width_px: int = 2400, **options) -> bytes:
    """The briefing map as a one-page A4 landscape PDF, vector, with NanumGothic embedded.

    ``layers`` and ``options`` are those of `build_figure`. Text is written as TrueType
    (Type 42) with a Unicode map, so it can be searched and copied. ``width_px`` is accepted so
    both exports take the same arguments; the PDF is vector and its page is A4.

    Returns
    -------
    bytes
        The PDF file.
    """
    fig = build_figure(*layers, **options)
    return _save(fig, "pdf", metadata={"Title": options["title"], "Creator": "honam-ax-belt"})


def pdf_pages(figures: Iterable[Figure], title: str) -> bytes:
    """Figures as the pages of one PDF, in order, saved as `export_pdf` saves one (TrueType text, NanumGothic).

    ``figures`` may be a generator: each page is drawn and written before the next is built.

    Returns
    -------
    bytes
        The PDF file.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    with _SAVE_LOCK, matplotlib.rc_context(_SAVE_RC):
        with PdfPages(buffer, metadata={"Title": title, "Creator": "honam-ax-belt"}) as pdf:
            for fig in figures:
                pdf.savefig(fig, facecolor="white")
    return buffer.getvalue()
