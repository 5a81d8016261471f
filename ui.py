"""Streamlit glue shared by every page: cached loading, language, KPI header, problem list.

Logic lives in ``geo/``; this module only caches its results and renders them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import boundaries
from geo.catalogue import PROGRAM_STATUSES, SITE_STATUSES, Catalogue, CatalogueError
from geo.filters import Filters, View, apply_filters, year_bounds
from geo.flows import flow_mode, short_region_names
from geo.i18n import LANGS, format_krw_100m, names, t
from geo.joins import confirmed_split, confirmed_split_text, is_cross_region, link_evidence_counts, sigungu_summary
from geo.maps import base_map, dynamic_layers
from geo.paths import data_dir
from geo.store import (
    EDIT_COOKIE_ROUTE,
    LayerCache,
    Store,
    StoredLayer,
    StoreLimitError,
    StoreUnavailable,
    TileSweep,
    edit_cookie_name,
    is_edit_key,
    is_layer_id,
    new_owner_token,
    open_store,
)
from geo.story import STORY_FILE, read_story
from geo.validate import check_data_dir
from geo.viewstate import Choices, ViewState, choices_for, parse, share_link, to_query

# The view of this run in the session: read from the URL by the router, changed by ``update``.
STATE_KEY = "_view_state"
# The URL's parameters this run ignored (a pasted link may hold a cut-off layer id: it gets a notice).
PROBLEMS_KEY = "_view_problems"


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


PAGE_CSS = """
<style>
/* A compact header, so that the map starts near the top of a 1366×768 laptop screen and a
   first click on it is not spent scrolling it into view. */
.block-container {padding-top: 1.2rem; padding-bottom: 1rem;}
h1 {font-size: 1.75rem !important; padding: 0 0 0.1rem 0 !important;}
[data-testid="stMetricValue"] {font-size: 1.6rem;}
[data-testid="stMetric"] label p {font-size: 0.85rem;}
/* Five figures share the row beside a sidebar: on a 1366- or 1280-px screen "KRW 3.95 tn" and
   "sourced 35 · derived 12" would be cut with an ellipsis at the full size. */
@media (max-width: 1400px) {
  [data-testid="stMetricValue"] {font-size: 1.4rem;}
  [data-testid="stMetricDelta"] {font-size: 0.78rem;}
}
/* The confirmed budget's second line (finished · under way) wraps at its separator rather than
   being cut: "완료 1.88조원 · 진행 3.51조원" is wider than a fifth of a 1280-px row. */
[data-testid="stMetricDelta"] div, [data-testid="stMetricDelta"] p {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; word-break: keep-all; line-height: 1.2;}
.stMainBlockContainer [data-testid="stCaptionContainer"] {margin-top: -0.2rem;}
/* WCAG 1.4.3: captions and help text at 4.5:1 or more (Streamlit's faded grey is 3.9:1 on white). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, .map-summary {color: #555b65 !important;
  opacity: 1 !important;}
/* WCAG 2.4.7 / 2.4.11: a focus ring that is always seen, on every control. */
:focus-visible {outline: 3px solid #0b3d91 !important; outline-offset: 2px;}
/* Blocks that only carry a style, a script, the skip link or a hidden heading leave the flow, so
   they add no gap above the title (each would push the map 1rem lower on a laptop screen). */
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"]
  [data-testid="stMarkdownContainer"] > style:only-child),
div:has(> .st-key-a11y_doc), div:has(> .st-key-skip_link), div:has(> .st-key-section_heading),
div:has(> .st-key-edit_cookie) {
  position: absolute !important; width: 0; height: 0;}
/* Text only screen readers read; containers that only carry a script or a hidden heading take no room. */
.sr-only, .st-key-a11y_doc, .st-key-section_heading, .st-key-edit_cookie {position: absolute !important;
  width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap;
  border: 0;}
/* The skip link shows when it has the focus. */
.st-key-skip_link {position: absolute !important; z-index: 999990; top: 0; left: 0;}
.skip-link {position: absolute; left: -10000px; top: 0;}
.skip-link:focus {left: 0.5rem; top: 0.25rem; background: #fff; color: #0b3d91; padding: 0.4rem 0.8rem;
  border-radius: 4px; font-weight: 700; white-space: nowrap;}
.map-summary {font-size: 0.95rem; margin: 0.2rem 0 0.4rem 0;}
/* The list of sites is a section (h2, under the hidden h2 of the page's contents) drawn at subheader size. */
h2.sites-heading {font-size: 1.5rem; font-weight: 600; padding: 0.5rem 0 0 0; margin: 0;}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {transition: none !important; animation: none !important; scroll-behavior: auto !important;}
}
</style>
"""

# The one place the page's own script runs: the document's language and the charts' names.
A11Y_SLOT = "_a11y_slot"
CHART_NAMES = "_chart_names"

A11Y_SCRIPT = """<script>
(function () {
  document.documentElement.lang = %(lang)s;
  var names = %(names)s, words = %(words)s, patterns = %(patterns)s, optionWords = %(options)s;
  var mapName = %(map_name)s;
  function label() {
    window.__axbeltQueued = false;
    // Streamlit's file drop zone is role="presentation" yet labelled: a labelled group is what it is.
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"][role="presentation"]').forEach(function (el) {
      el.setAttribute('role', 'group');
    });
    Object.keys(names).forEach(function (key) {
      document.querySelectorAll('.st-key-chart_' + key + ' [data-testid="stPlotlyChart"]').forEach(function (el) {
        if (el.getAttribute('aria-label') !== names[key]) {
          el.setAttribute('role', 'figure');
          el.setAttribute('aria-label', names[key]);
        }
      });
    });
  }
  // Streamlit's own English names, placeholders and skip link, in the page's language; the map
  // frame's title (streamlit-folium's "streamlit_folium.st_folium") becomes the map's name.
  function rename(value) {
    if (Object.prototype.hasOwnProperty.call(words, value)) { return words[value]; }
    for (var i = 0; i < patterns.length; i++) {
      var p = patterns[i];
      if (value.length > p[0].length + p[1].length && value.indexOf(p[0]) === 0 &&
          value.slice(value.length - p[1].length) === p[1]) {
        return p[2].replace('{name}', value.slice(p[0].length, value.length - p[1].length));
      }
    }
    return null;
  }
  function relabel() {
    document.querySelectorAll('[aria-label], [title], [placeholder]').forEach(function (el) {
      ['aria-label', 'title', 'placeholder'].forEach(function (attr) {
        var value = el.getAttribute(attr), word = value && rename(value);
        if (word && word !== value) { el.setAttribute(attr, word); }
      });
    });
    document.querySelectorAll('iframe[src*="/component/streamlit_folium."]').forEach(function (f) {
      var name = f.getAttribute('aria-label') || mapName;
      if (f.title !== name) { f.title = name; }
    });
    document.querySelectorAll('a[data-testid="stSkipToContent"]').forEach(function (el) {
      var word = rename(el.textContent.trim());
      if (word && el.textContent !== word) { el.textContent = word; }
    });
    // The multiselect's bulk options: the shown word is swapped by CSS (streamlit_words_css); the
    // hidden one and the name are put in the reader's language here.
    document.querySelectorAll('[role="option"][data-key^="__select_"]').forEach(function (el) {
      var word = optionWords[el.getAttribute('data-key')], shown = el.querySelector('[data-item-hl]');
      if (!word) { return; }
      if (el.getAttribute('aria-label') !== word) { el.setAttribute('aria-label', word); }
      if (shown && shown.textContent !== word) { shown.textContent = word; }
    });
  }
  function all() { label(); relabel(); }
  all();
  if (window.__axbeltObserver) { window.__axbeltObserver.disconnect(); }
  window.__axbeltObserver = new MutationObserver(function () {
    if (!window.__axbeltQueued) { window.__axbeltQueued = true; requestAnimationFrame(all); }
  });
  window.__axbeltObserver.observe(document.body, {childList: true, subtree: true, attributes: true,
    attributeFilter: ['aria-label', 'title', 'placeholder']});
})();
</script>"""


# Streamlit's widgets speak English, and no setting changes that (Streamlit 1.67).
STREAMLIT_LANG = "en"
# Where Streamlit shows each of its fixed words, with the word's key in geo/texts.toml.
STREAMLIT_WORDS = (
    ('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p', "streamlit_upload_button"),
    ('[data-testid="stFileUploaderDropzoneInstructions"] span', "streamlit_upload_limit"),
    ('[role="option"][data-key="__select_all__"] [data-item-hl]', "streamlit_select_all"),
    ('[role="option"][data-key="__select_matches__"] [data-item-hl]', "streamlit_select_matches"),
)


def streamlit_words_css(lg: str, max_mb: int) -> str:
    """CSS that puts Streamlit's own fixed English words into Korean (in English, only the upload size line).

    Streamlit 1.67 has no setting for its widgets' language. The words are fixed strings in
    known places (the uploader's button and size line, the multiselect's bulk options), so CSS
    hides each and shows the reader's word in its place; screen readers get the ``content`` too.
    """
    # The uploader's size line is swapped in English too: Streamlit's would name the widget's own
    # limit (``geo.limits.streamlit_upload_mb``), not the dashboard's, which is the one that counts.
    shown = (
        STREAMLIT_WORDS if lg != STREAMLIT_LANG else [w for w in STREAMLIT_WORDS if w[1] == "streamlit_upload_limit"]
    )
    words = ((where, t(key, lg).format(mb=max_mb)) for where, key in shown)
    rules = "".join(
        f"{where}{{font-size:0 !important}}{where}::after{{content:'{word}';font-size:0.875rem}}"
        for where, word in words
    )
    return f"<style>{rules}</style>"


def page_style() -> None:
    """The dashboard's few CSS adjustments, applied once by the router for every page."""
    from geo.ingest import max_upload_mb

    st.markdown(PAGE_CSS + streamlit_words_css(lang(), max_upload_mb()), unsafe_allow_html=True)


def page_script(lang: str) -> None:
    """Start this run's page script: ``<html lang>`` follows the language (Streamlit's page says "en").

    The script sits in a hidden container; ``chart`` rewrites it with each chart's name, so one
    element carries the language and every name.
    """
    st.session_state[CHART_NAMES] = {}
    st.session_state[A11Y_SLOT] = st.container(key="a11y_doc").empty()
    _write_page_script(lang)


# Streamlit's own names (aria-label, title, placeholder, the skip link's text) with the key of
# each in geo/texts.toml; "{name}" stands for the part Streamlit fills in (a metric's label).
STREAMLIT_NAMES = (
    "streamlit_skip",
    "streamlit_choose",
    "streamlit_choose_many",
    "streamlit_help_for",
    "streamlit_copy",
    "streamlit_link_heading",
    "streamlit_sidebar",
    "streamlit_collapse_sidebar",
    "streamlit_expand_sidebar",
    "streamlit_download_csv",
    "streamlit_fullscreen",
    "streamlit_close_fullscreen",
    "streamlit_search",
    "streamlit_columns",
    "streamlit_open",
    "streamlit_clear_all",
    "streamlit_file_upload",
    "streamlit_start",
    "streamlit_end",
)
# The multiselect's bulk options (their shown words are swapped by streamlit_words_css).
STREAMLIT_OPTIONS = {"__select_all__": "streamlit_select_all", "__select_matches__": "streamlit_select_matches"}


def streamlit_names(lg: str) -> tuple[dict, list, dict]:
    """Streamlit's English names → the reader's: exact words, ``{name}`` patterns (prefix, suffix, word), options.

    Empty in English, where Streamlit's words are the reader's.
    """
    if lg == STREAMLIT_LANG:
        return {}, [], {}
    words, patterns = {}, []
    for key in STREAMLIT_NAMES:
        english, word = t(key, STREAMLIT_LANG), t(key, lg)
        if "{name}" in english:
            prefix, suffix = english.split("{name}")
            patterns.append([prefix, suffix, word])
        else:
            words[english] = word
    return words, patterns, {option: t(key, lg) for option, key in STREAMLIT_OPTIONS.items()}


def _write_page_script(lang: str) -> None:
    import json

    words, patterns, options = streamlit_names(lang)
    body = A11Y_SCRIPT % {
        "lang": json.dumps(lang),
        "names": json.dumps(st.session_state.get(CHART_NAMES, {})),
        "words": json.dumps(words, ensure_ascii=False),
        "patterns": json.dumps(patterns, ensure_ascii=False),
        "options": json.dumps(options, ensure_ascii=False),
        "map_name": json.dumps(t("a11y_map_label", lang), ensure_ascii=False),
    }
    st.session_state[A11Y_SLOT].html(body, unsafe_allow_javascript=True)


def chart(fig, key: str, name: str, table: pd.DataFrame, cat: Catalogue, *frames: pd.DataFrame, **kwargs):
    """A Plotly chart with an accessible name, its source line, and the same numbers as a table (folded).

    The source line cites the rows the chart counts (``frames``) with their newest as-of date. All
    sit in one container (``st-key-chart_<key>``), so the line always follows its chart. Returns
    what ``st.plotly_chart`` returns (the selection, with ``on_select``).
    """
    from geo.charts import PLOTLY_CONFIG
    from geo.citations import newest_date, source_index, source_line

    lg = lang()
    with st.container(key=f"chart_{key}"):
        shown = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, theme=None, **kwargs)
        cells = [cell for frame in frames if "source" in frame for cell in frame["source"]]
        as_of = newest_date(v for frame in frames if "as_of" in frame for v in frame["as_of"])
        st.caption(source_line(cells, source_index(cat.sources), as_of, lg))
        with st.expander(t("a11y_show_table", lg).format(chart=name)):
            st.dataframe(table, hide_index=True, width="stretch")
    if A11Y_SLOT in st.session_state:
        st.session_state[CHART_NAMES][key] = name
        _write_page_script(lg)
    return shown


def section_heading(text: str) -> None:
    """A heading only screen readers see, so that the page's headings go h1 → h2 → h3 without a jump."""
    with st.container(key="section_heading"):
        st.html(f"<h2>{html.escape(text)}</h2>")


def state() -> ViewState:
    """The view of this run, as the router read it from the URL."""
    return st.session_state.get(STATE_KEY) or ViewState()


def lang() -> str:
    """The interface language of this view (Korean by default)."""
    return state().lang


def read_state() -> ViewState:
    """Read the view from the URL, once per run (the router calls it before any page).

    The URL is the one home of the view: widgets write to it through ``update``, page links
    carry it, and the browser's Back button brings an earlier one back. Parameters that make no
    sense are dropped from the address bar, so what is shown and what is shared agree.
    """
    _claim_edit_key()
    view, problems = parse({key: st.query_params.get_all(key) for key in st.query_params}, _choices())
    st.session_state[STATE_KEY] = view
    st.session_state[PROBLEMS_KEY] = problems
    _write_url(view)
    return view


def update(**changes) -> ViewState:
    """The one way the view changes: a new state, written to the URL (and so to the copy-link box).

    Accepts ``ViewState`` fields and ``Filters`` fields (``regions=…``, ``years=…``).
    """
    view = state().with_(**changes)
    st.session_state[STATE_KEY] = view
    _write_url(view)
    return view


def bind(key: str, value, changes: Callable[[object], dict]) -> dict:
    """Keyword arguments for a widget that shows ``value`` of the view and writes back ``changes(new)``.

    The widget's value is set from the view on every run, so Back and a pasted link move it too.
    """
    st.session_state[key] = value
    return {"key": key, "on_change": _widget_changed, "args": (key, changes)}


def _widget_changed(key: str, changes: Callable[[object], dict]) -> None:
    update(**changes(st.session_state[key]))


def _write_url(view: ViewState) -> None:
    """Put ``view`` in the address bar unless it is there already (each change is a Back step)."""
    query = to_query(view)
    if {key: st.query_params.get_all(key) for key in st.query_params} != query:
        st.query_params.from_dict(query)


def _choices() -> Choices:
    """The ids the catalogue knows, for checking a URL; lenient when the catalogue cannot be read."""
    cat, problems = catalogue()
    if cat is None or problems:
        return Choices()
    return choices_for(
        cat.regions["id"],
        cat.sectors["id"],
        cat.sites["id"],
        year_bounds(cat.programs),
        steps=len(story()) or None,
        places=place_codes(),
    )


def go(page: str, view: ViewState | None = None) -> None:
    """Open ``page`` on ``view`` (this view by default)."""
    st.switch_page(page, query_params=to_query(view or state()))


def navigation(pages: list) -> None:
    """Links to every page in the sidebar, each carrying the view (Streamlit's own menu drops it)."""
    for page in pages:
        st.sidebar.page_link(page, query_params=to_query(state()), width="stretch")


def language_switch() -> None:
    """The ko/en switch."""
    st.sidebar.radio(
        t("language"),
        LANGS,
        horizontal=True,
        format_func=lambda code: t("language_name", code),
        **bind("lang", lang(), lambda value: {"lang": value}),
    )


def show_problems(problems: list) -> None:
    """The catalogue's problems as a table on the page, never a traceback."""
    lg = lang()
    st.error(t("catalogue_invalid", lg))
    st.caption(f"{t('catalogue_folder', lg)}: `{data_dir()}`")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col_file", lg): p.file,
                    t("col_row", lg): p.row,
                    t("col_field", lg): p.field,
                    t("col_value", lg): p.value,
                    t("col_problem", lg): p.message,
                }
                for p in problems
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def kpi_header(cat: Catalogue, sites: pd.DataFrame, programs: pd.DataFrame, links: pd.DataFrame, year=None) -> None:
    """Sites, programmes, confirmed budget, links and cross-region links of what is shown.

    ``year`` (``geo.timeline.YearView``) states the year the figures stand in, when one is shown.
    """
    import ui_timeline

    lg = lang()
    # Every amount once, national ones never; finished money apart from money still being spent.
    in_year = year is not None and year.year is not None
    split = confirmed_split(programs, year.year if in_year else date.today().year, ui_timeline.site_status(cat, year))
    evidence = link_evidence_counts(links)
    columns = st.columns(5)
    unknown = {}
    if in_year and year.unknown:
        # Sites no source dates are not counted as there that year: the figure says how many.
        unknown = dict(delta=t("year_unknown_sites", lg).format(n=year.unknown), delta_color="off", delta_arrow="off")
        unknown["help"] = t("year_unknown_help", lg)
    columns[0].metric(t("kpi_sites", lg), f"{len(sites):,}", **unknown)
    columns[1].metric(t("kpi_programs", lg), f"{len(programs):,}")
    columns[2].metric(
        t("kpi_confirmed_budget", lg),
        format_krw_100m(split["total"], lg),
        delta=confirmed_split_text(split, lg),
        delta_color="off",
        delta_arrow="off",
        help=t("kpi_confirmed_help", lg).format(undated=format_krw_100m(split["undated"], lg))
        + (" " + t("year_money_help", lg).format(year=year.year) if in_year else ""),
    )
    # The split as the metric's own small second line (no arrow, no colour): a separate caption
    # would add a row and push the map down.
    links_split = t("kpi_links_split", lg).format(sourced=evidence["sourced"], derived=evidence["derived"])
    columns[3].metric(
        t("kpi_links", lg),
        f"{len(links):,}",
        delta=links_split,
        delta_color="off",
        delta_arrow="off",
        help=t("kpi_links_help", lg),
    )
    columns[4].metric(t("kpi_cross_links", lg), f"{int(is_cross_region(links, cat.sites).sum()):,}")


def sidebar_filters(cat: Catalogue) -> Filters:
    """The shared filters in the sidebar: region, sector, site and programme status, years."""
    lg = lang()
    f = state().filters
    statuses = {s: t(f"status_{s}", lg) for s in SITE_STATUSES}
    program_statuses = {s: t(f"status_{s}", lg) for s in PROGRAM_STATUSES}
    choose = (
        ("f_region", t("region", lg), names(cat.regions, lg), "regions"),
        ("f_sector", t("sector", lg), names(cat.sectors, lg), "sectors"),
        ("f_status", t("filter_site_status", lg), statuses, "site_statuses"),
        ("f_pstatus", t("filter_program_status", lg), program_statuses, "program_statuses"),
    )
    for key, label, options, name in choose:
        st.sidebar.multiselect(
            label,
            list(options),
            format_func=options.get,
            placeholder=t("filter_all", lg),
            **bind(key, list(getattr(f, name)), lambda value, name=name: {name: tuple(value)}),
        )
    low, high = year_bounds(cat.programs)
    st.sidebar.slider(
        t("filter_years", lg),
        low,
        high,
        **bind(
            "f_years",
            f.years or (low, high),
            lambda value: {"years": tuple(value) if tuple(value) != (low, high) else None},
        ),
    )
    st.sidebar.toggle(
        t("filter_sourced_only", lg),
        help=t("filter_sourced_help", lg),
        **bind("f_sourced", f.sourced_only, lambda value: {"sourced_only": bool(value)}),
    )
    return state().filters


def focus_sector(sector_id: str) -> None:
    """Open the map page filtered to one sector."""
    go("views/home.py", state().with_(sectors=(sector_id,)))


# -- The planner's layer: the session's own upload, or the stored layer the view's link names ------------

LAYER_CACHE = LayerCache(max_entries=16, ttl=60)


def owner_token() -> str:
    """This browser session's owner token: its stored layers are listed by it."""
    if "owner_token" not in st.session_state:
        st.session_state.owner_token = new_owner_token()
    return st.session_state.owner_token


TILE_SWEEP = TileSweep()
# The edit keys this session holds, layer id → key: its own uploads', and those of edit links it opened.
EDIT_KEYS = "_edit_keys"


def layer_store() -> Store | None:
    """The layer store of this process, or None when it cannot be reached (the caller shows a notice).

    Now and then it also starts a check of the served tile folders against the store, so the
    tiles of a layer removed through another server stop being served here too.
    """
    try:
        store = open_store()
    except StoreUnavailable:
        return None
    TILE_SWEEP.due(store)
    return store


def _claim_edit_key() -> None:
    """Keep an edit link's key (``edit=`` beside ``layer=``) in the session; the address bar then drops it.

    The key never stays in the URL, so the copy-link box and the page links share a view, not the right to edit.
    """
    key, layer_id = st.query_params.get("edit"), st.query_params.get("layer")
    if is_edit_key(key) and is_layer_id(layer_id):
        st.session_state.setdefault(EDIT_KEYS, {})[layer_id] = key


def keep_edit_key(layer_id: str, key: str) -> None:
    """Remember the edit key of a layer this session just stored."""
    st.session_state.setdefault(EDIT_KEYS, {})[layer_id] = key


def edit_key(layer_id: str | None) -> str | None:
    """The session's edit key for a layer, else the one this browser keeps in its cookie, or None (view only)."""
    if not is_layer_id(layer_id):
        return None
    key = st.session_state.get(EDIT_KEYS, {}).get(layer_id) or st.context.cookies.get(edit_cookie_name(layer_id))
    return key if is_edit_key(key) else None


EDIT_COOKIE_SCRIPT = """<script>
fetch(%(route)s, {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({layer: %(layer)s, key: %(key)s})}).catch(function () {});
</script>"""


def keep_edit_cookie(layer_id: str) -> None:
    """Have this browser keep the layer's edit key in its cookie (``edit_cookie``), so a reload may still edit it.

    A hidden script posts the key to the server's edit-key route (``server.py``), whose answer
    sets the cookie; once per session and layer (the same element is not run again), and again
    in each new session, so the cookie lasts ``AXBELT_LAYER_DAYS`` from the last visit.
    """
    import json

    key = edit_key(layer_id)
    if key is None:
        return
    body = EDIT_COOKIE_SCRIPT % {
        "route": json.dumps(EDIT_COOKIE_ROUTE),
        "layer": json.dumps(layer_id),
        "key": json.dumps(key),
    }
    st.container(key="edit_cookie").html(body, unsafe_allow_javascript=True)


def may_edit(layer_id: str) -> bool:
    """Whether this session holds the layer's edit key (asked of the store; False when it does not answer)."""
    store, key = layer_store(), edit_key(layer_id)
    if store is None or key is None:
        return False
    try:
        return store.can_edit(layer_id, key)
    except StoreUnavailable:
        return False


def edit_link(layer_id: str) -> str:
    """The link that opens this view with the right to edit its layer: the view's link plus ``edit=<key>``."""
    return share_link(st.context.url or "", {**to_query(state()), "edit": [edit_key(layer_id) or ""]})


def stored_layer(layer_id: str) -> tuple[StoredLayer | None, str | None]:
    """The stored layer with this id, or None with the notice to show: gone, or store unavailable."""
    store = layer_store()
    try:
        layer = LAYER_CACHE.get(store, layer_id) if store is not None else None
    except StoreUnavailable:
        store = None
    if store is None:
        return None, "store_unavailable_link"
    return (layer, None) if layer is not None else (None, "store_gone")


def planner_layer(quiet: bool = False) -> dict | None:
    """The layer to draw: the session's own upload, or the stored layer the view names.

    A link whose layer was removed or expired, or a store that cannot be reached, shows a plain
    notice on the page (unless ``quiet``: a second look within one run) and no layer; the
    session's own upload still shows when the store is down.
    """

    def notice(key: str) -> None:
        if not quiet:
            st.info(t(key, lang()), icon=":material/layers_clear:")

    layer_id = state().layer
    own = st.session_state.get("upload_layer")
    if own and (not layer_id or own.get("id") == layer_id):
        return own
    if not layer_id:
        if any(p.param == "layer" for p in st.session_state.get(PROBLEMS_KEY, ())):
            notice("store_gone")  # a cut-off or malformed id
        return None
    layer, missing = stored_layer(layer_id)
    if missing:
        notice(missing)
    if layer is not None:
        return layer.overlay()
    return own if own and own.get("id") is None else None  # never stored (store down): the session still has it


def upload_layers() -> list:
    """The planner's layer (an upload of this session, or the stored layer of the link) as a map layer."""
    layer = planner_layer()
    if not layer:
        return []
    from geo.overlay import planner_overlay

    # Counts at belt zoom and vector tiles for a large layer: its part of the map stays small and
    # the same from one rerun to the next (see geo.overlay).
    return [planner_overlay(layer, full_sigungu(), lang(), admit=tiles_admission(layer))]


def tiles_admission(layer: dict) -> Callable[[int], bool]:
    """Whether the store counts a new tile archive of this stored layer in its quota (False: counts only)."""

    def admit(size: int) -> bool:
        store = layer_store()
        try:
            return store is not None and store.add_tiles(layer.get("id"), size)
        except (StoreLimitError, StoreUnavailable):
            return False

    return admit


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


def export_buttons(
    cat: Catalogue, shown: View, title: str, highlight=(), bounds=None, key: str = "map", metric: str = "none"
) -> None:
    """PNG and PDF downloads of the shown map and its district colouring ``metric``, drawn when the user clicks."""
    from geo.export import export_pdf, export_png
    from geo.maps.choropleth import metric_colours

    lg = lang()
    args = dict(lang=lg, title=title, bounds=bounds, highlight=set(highlight), programs=shown.programs)
    if metric != "none":
        args["districts"] = metric_colours(district_summary(shown), metric, lg)
    # The belt map (key "map") draws the planner's layer, so its export does too; its notices were shown once.
    layer = planner_layer(quiet=True) if key == "map" else None
    if layer:
        from geo.overlay import export_layer

        args["planner_layer"] = export_layer(layer, full_sigungu(), lg)  # its counts are cached with the map's
    layers = (shown.sites, shown.links, cat, display_boundaries("sido"), display_boundaries("sigungu"))
    formats = (
        ("png", export_png, "image/png", ":material/image:"),
        ("pdf", export_pdf, "application/pdf", ":material/picture_as_pdf:"),
    )
    for column, (fmt, export, mime, icon) in zip(st.columns(len(formats)), formats):
        column.download_button(
            t(f"export_{fmt}", lg),
            data=lambda export=export: export(*layers, **args),
            file_name=f"honam-ax-belt-{key}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"{fmt}_{key}",
            width="stretch",
            icon=icon,
        )


@st.cache_resource(max_entries=8, show_spinner=False)
def _briefing_pack(lang: str, stamp: tuple, link: str, made: str) -> bytes:
    # Keyed by language, catalogue stamp (story.csv is in the catalogue's folder), link and day.
    from geo.briefing import briefing_pack

    cat, _ = catalogue()
    return briefing_pack(
        cat, story(), display_boundaries("sido"), display_boundaries("sigungu"), lang=lang, link=link, made=made
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
        data=lambda: _briefing_pack(lg, stamp, link, date.today().isoformat()),
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
            from geo.overlay import layer_summary

            summary = layer_summary(layer, sigungu, lg)
            uploaded = summary.sigungu.table[["code", "count"]]
            planner = planner_table(layer, summary.categories)
        built = view_tables(cat, shown, sigungu, targets, view.metric, view.search, uploaded)
        return built, planner

    def gpkg() -> bytes:
        built, planner = tables()
        return view_gpkg(built, cat.sectors, lg, crs, planner)

    def xlsx() -> bytes:
        return view_xlsx(tables()[0], view, cat, link, today, layer["name"] if layer else None)

    files = (
        ("gpkg", gpkg, "application/geopackage+sqlite3", ":material/layers:"),
        ("xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ":material/table:"),
    )
    for column, (ext, build, mime, icon) in zip(st.columns(len(files)), files):
        column.download_button(
            t(f"dl_{ext}", lg),
            data=build,
            file_name=file_name(view.filters, ext, today),
            mime=mime,
            on_click="ignore",
            key=f"{ext}_{key}",
            width="stretch" if key == "map" else "content",  # as the buttons beside them
            icon=icon,
        )


def page_top(title: str, intro: str) -> tuple[Catalogue, View]:
    """The top every catalogue page shares: title, catalogue check, sidebar filters, KPI header."""
    import ui_timeline

    st.title(ui_timeline.title(title))
    st.caption(intro)
    cat, problems = catalogue()
    if problems:
        show_problems(problems)
        st.stop()
    # The view in its year (the catalogue as it is, today): every figure below follows it.
    year = ui_timeline.in_year(cat, apply_filters(cat, sidebar_filters(cat)))
    shown = year.shown
    section_heading(t("a11y_kpi_heading", lang()))
    kpi_header(cat, shown.sites, shown.programs, shown.links, year)
    copy_link()
    return cat, shown


def copy_link(where=None) -> None:
    """The link to this exact view, in a box with a copy button: the address bar, to the letter."""
    (where or st.sidebar).code(share_link(st.context.url or "", to_query(state())), language=None, wrap_lines=True)
    (where or st.sidebar).caption(t("copy_link_help", lang()))


@st.cache_resource(max_entries=64, show_spinner=False)
def _district_summary(stamp: tuple, filters: Filters, year: int | None, _shown: View) -> pd.DataFrame:
    # Keyed by the catalogue's stamp, the filters and the year, which decide ``_shown``.
    return sigungu_summary(_shown.sites, _shown.programs, full_sigungu())


def district_summary(shown: View) -> pd.DataFrame:
    """Sites, sectors and budgets per 시군구 of what is shown (the choropleth's numbers), once per view."""
    return _district_summary(catalogue_stamp(), shown.filters, shown.year, shown)


# The belt map, rendered once per base and once per view (see mapcomponent.py) -------------------------------------


def belt_base_key(lang: str, stamp: tuple) -> tuple:
    """What the map page's base map depends on: the language and the catalogue (sectors, stages)."""
    return ("belt", lang, stamp)


def belt_layers_key(view: ViewState, site_id: str | None, stamp: tuple) -> tuple:
    """What the map page's swapped-in layers depend on: filters, site, choropleth, hidden layers, place, year."""
    return ("belt", view.lang, stamp, view.filters, site_id, view.metric, view.hidden, view.place, view.year)


def belt_base(cat: Catalogue, lang: str):
    """The map page's base map (boundaries, legend, controls)."""
    return base_map(
        display_boundaries("sido"), display_boundaries("sigungu"), cat.sectors, cat.stages, lang, legend=False
    )


def belt_layers(
    cat: Catalogue,
    shown: View,
    view: ViewState,
    site_id: str | None,
    uploads: list = (),
    flows: str | None = None,
    sites=None,
) -> list:
    """The map page's layers: flows, sector markers, a planner's upload, the found place, then the view's own script.

    ``flows`` is ``geo.flows.flow_mode`` of the view (region totals at belt zoom, or single links);
    ``sites`` the sites to draw when they are not ``shown.sites`` (a year's, with their phases).
    """
    summary = district_summary(shown)
    flows = flows or flow_mode(shown.sites, view.filters.regions, site_id)
    layers = dynamic_layers(
        shown.sites if sites is None else sites,
        shown.links,
        cat.sectors,
        summary,
        view.lang,
        highlight=[site_id] if site_id else [],
        metric=view.metric,
        hidden=view.hidden,
        flows=flows,
        region_names=short_region_names(cat.regions, view.lang),
    )
    layers[-1:-1] = [*uploads, found_place_layer(view)]
    return layers


def found_place_layer(view: ViewState):
    """The outline of the place the view found (an empty layer when none), as one of the swapped-in layers."""
    from geo.maps.place import place_layer
    from geo.places import place_outline, place_row

    row = place_row(places(), view.place) if view.place else None
    if row is None:
        return place_layer(None, None, "", view.lang)
    return place_layer(row["code"], place_outline(places(), row["code"]), row["label"], view.lang)


def warm() -> None:
    """Build what every first visitor would otherwise wait for: boundaries, catalogue check, the default map.

    Called once per process at start (``server.py``), in a background thread; a failure here is
    only logged, and the page shows the catalogue's problems to its visitor as usual.
    """
    import logging

    import mapcomponent

    try:
        display_boundaries("sido")
        display_boundaries("sigungu")
        full_sigungu()
        place_codes()
        cat, problems = catalogue()
        if cat is None or problems:
            return
        view, stamp = ViewState(), catalogue_stamp()
        shown = apply_filters(cat, view.filters)
        mapcomponent.parts(
            belt_base_key(view.lang, stamp),
            lambda: belt_base(cat, view.lang),
            belt_layers_key(view, None, stamp),
            lambda: belt_layers(cat, shown, view, None),
        )
        import ui_timeline

        # The default view in every year too, so that its playback's steps find their maps rendered.
        ui_timeline.belt_years_ahead(cat, shown, view, None, False, background=False)
    except Exception:  # a warm-up must never take the server down
        logging.getLogger(__name__).exception("warm start failed; pages will build their caches on first use")
