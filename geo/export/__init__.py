"""Briefing export: the current map view as a PNG or a one-page A4 landscape PDF.

Officials paste the map into reports, so the figure carries everything a reader needs on its
own: title, as-of date, legend, scale bar, north arrow and sources. It is drawn with
matplotlib's object-oriented API on the Agg canvas (no ``pyplot`` and its global figure
state), so it can be built in a Streamlit server thread. Every text uses the NanumGothic files
bundled with ``koreanize-matplotlib`` (never a system font, which may lack Hangul), and is
drawn with ``parse_math=False`` and ``usetex=False`` because site names are data: a ``$``
must not start mathtext.

The page is laid out in inches on an A4 landscape sheet: title band, the map on the left, the
legend on the right and, when many sites crowd one place (Gwangju and its neighbours at belt
scale), an enlarged inset of that place under the legend. The PNG is the same figure rendered
at the resolution that gives the width asked for.

The package is split by concern, each module drawing on the ones above it:

- ``style``: paper size, type sizes, colours, marker shapes;
- ``frame``: what a map frame shows (extent, fit to the paper, scale length, touching markers fanned out);
- ``text``: fonts, wrapping, halos, the footer's sources;
- ``names`` and ``furniture``: area and site names; scale bar and north arrow;
- ``panels``: one map frame's content; ``legend``; ``layout`` and ``inset``;
- ``page``: `build_figure` and the PNG and PDF files; `pdf_pages` puts several pages in one PDF.
"""

from geo.export.frame import (
    FRAME_MIN_DEG,
    fit_bounds,
    geo_aspect,
    km_per_degree_lon,
    map_extent,
    scale_bar_km,
    spread_positions,
)
from geo.export.page import build_figure, export_pdf, export_png, figure_texts, pdf_pages
from geo.export.text import footer_citations, footer_paragraphs, sources_line

__all__ = [
    "FRAME_MIN_DEG",
    "build_figure",
    "export_pdf",
    "export_png",
    "figure_texts",
    "fit_bounds",
    "footer_citations",
    "footer_paragraphs",
    "geo_aspect",
    "km_per_degree_lon",
    "map_extent",
    "pdf_pages",
    "scale_bar_km",
    "sources_line",
    "spread_positions",
]
