"""Streamlit glue shared by every page: ``import ui`` and call ``ui.<name>``; each concern has its module.

Logic lives in ``geo/``; this package only caches its results and renders them.

- ``ui.state``: the view of this run (read from the URL, ``update``, ``bind``, page links);
- ``ui.caches``: the catalogue, boundaries, places, the story and district sums, built once;
- ``ui.chrome``: the page's CSS and script (``chrome.css``, ``a11y.js``), charts, hidden headings;
- ``ui.sidebar``: the filters, the language switch, the KPI header, the copy-link box;
- ``ui.layer``: the planner's layer (upload or stored), edit keys, the tiles' quota;
- ``ui.upload``: the data page's upload: the file, its reading (a worker for a large one), the tab's flow;
- ``ui.layer_edit``: the uploaded or linked layer's widgets, stored, edited, removed (its edit cookie too);
- ``ui.downloads``: PNG/PDF, GeoPackage, Excel and the briefing pack;
- ``ui.belt``: the map page's view of this run (``geo.mapview.MapView``), its base, layers and frame, the warm start;
- ``ui.panel``: the map page's panels (the lines under the map, the list of sites, region cards, a site, the search);
- ``ui.presenter``: the presenter's map: the step's view of this run, its base and layers;
- ``ui.map``: a folium map for streamlit-folium, rendered once per base and once per view;
- ``ui.scenario``: the what-if scenario (switch, banner, KPI line, gaps, rings) and money by year;
- ``ui.pictures``: the build-out GIF and the years side by side, built once per view;
- ``ui.timeline``: a page's view in its year, the year control and its playback;
- ``ui.value_chain``: the value-chain page's sections.
"""

from ui import belt, map, panel, pictures, presenter, scenario, timeline, upload, value_chain
from ui.belt import belt_base, belt_layers, found_place_layer, warm
from ui.caches import (
    catalogue,
    catalogue_stamp,
    display_boundaries,
    district_summary,
    full_sigungu,
    place_codes,
    places,
    story,
    story_path,
)
from ui.chrome import (
    A11Y_SCRIPT,
    A11Y_SLOT,
    CHART_NAMES,
    PAGE_CSS,
    STREAMLIT_LANG,
    STREAMLIT_NAMES,
    STREAMLIT_OPTIONS,
    STREAMLIT_WORDS,
    chart,
    page_script,
    page_style,
    section_heading,
    streamlit_names,
    streamlit_words_css,
)
from ui.downloads import briefing_button, export_buttons, presenter_link, view_downloads
from ui.layer import (
    EDIT_COOKIE_SCRIPT,
    EDIT_KEYS,
    LAYER_CACHE,
    TILE_SWEEP,
    edit_key,
    edit_link,
    keep_edit_cookie,
    keep_edit_key,
    layer_store,
    layer_summary,
    may_edit,
    owner_token,
    planner_layer,
    stored_layer,
    tiles_admission,
    upload_layers,
)
from ui.sidebar import copy_link, kpi_header, language_switch, page_top, show_problems, sidebar_filters
from ui.state import PROBLEMS_KEY, STATE_KEY, bind, focus_sector, go, lang, navigation, read_state, state, update

__all__ = [
    "A11Y_SCRIPT",
    "A11Y_SLOT",
    "CHART_NAMES",
    "EDIT_COOKIE_SCRIPT",
    "EDIT_KEYS",
    "LAYER_CACHE",
    "PAGE_CSS",
    "PROBLEMS_KEY",
    "STATE_KEY",
    "STREAMLIT_LANG",
    "STREAMLIT_NAMES",
    "STREAMLIT_OPTIONS",
    "STREAMLIT_WORDS",
    "TILE_SWEEP",
    "belt",
    "belt_base",
    "belt_layers",
    "bind",
    "briefing_button",
    "catalogue",
    "catalogue_stamp",
    "chart",
    "copy_link",
    "display_boundaries",
    "district_summary",
    "edit_key",
    "edit_link",
    "export_buttons",
    "focus_sector",
    "found_place_layer",
    "full_sigungu",
    "go",
    "keep_edit_cookie",
    "keep_edit_key",
    "kpi_header",
    "lang",
    "language_switch",
    "layer_store",
    "layer_summary",
    "map",
    "panel",
    "pictures",
    "scenario",
    "timeline",
    "upload",
    "value_chain",
    "may_edit",
    "navigation",
    "owner_token",
    "page_script",
    "page_style",
    "page_top",
    "place_codes",
    "places",
    "planner_layer",
    "presenter",
    "presenter_link",
    "read_state",
    "section_heading",
    "show_problems",
    "sidebar_filters",
    "state",
    "story",
    "story_path",
    "stored_layer",
    "streamlit_names",
    "streamlit_words_css",
    "tiles_admission",
    "update",
    "upload_layers",
    "view_downloads",
    "warm",
]
