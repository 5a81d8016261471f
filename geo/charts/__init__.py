"""Plotly figures of the analysis pages, built by pure functions from ``geo.analysis`` tables.

Figures must draw with no internet: only SVG trace types that plotly.js (bundled with
Streamlit) draws by itself — bar, scatter, heatmap, sankey. No mapbox or geo traces (they
fetch tiles and topojson) and no ``$...$`` text (it loads MathJax). Type is at least 14 px
for a projector, in the dashboard's Korean font stack (NanumGothic is served by the app).
Sector colours come from ``sectors.csv``; every amount is in 억원/조원.

- ``style``: type sizes, colours, the Plotly config, label wrapping, shared by every figure
- ``chains``: the value chain page's Sankey diagrams and gap matrix
- ``network``: the value chain page's site network (stage × region grid, hubs named)
- ``programmes``: the programmes page (budgets by status, timeline)
"""

from geo.charts.chains import gap_heatmap, links_sankey, sites_sankey
from geo.charts.network import network_figure, network_name_boxes, network_positions
from geo.charts.programmes import budget_bars, timeline_figure
from geo.charts.style import PLOTLY_CONFIG, rgba, sector_labels, style, wrap_label

__all__ = [
    "PLOTLY_CONFIG",
    "budget_bars",
    "gap_heatmap",
    "links_sankey",
    "network_figure",
    "network_name_boxes",
    "network_positions",
    "rgba",
    "sector_labels",
    "sites_sankey",
    "style",
    "timeline_figure",
    "wrap_label",
]
