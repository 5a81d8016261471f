"""The page's chrome: its CSS (``chrome.css``), its one script (``a11y.js``: language, names), charts, headings.

Streamlit's own English words and names are put in the reader's language here.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.catalogue import Catalogue
from geo.i18n import t
from ui.state import lang

PAGE_CSS = "\n<style>\n" + Path(__file__).with_name("chrome.css").read_text(encoding="utf-8") + "</style>\n"

# The one place the page's own script runs: the document's language and the charts' names.
A11Y_SLOT = "_a11y_slot"
CHART_NAMES = "_chart_names"
# A %-template: ``_write_page_script`` fills in the language and the names.
A11Y_SCRIPT = "<script>\n" + Path(__file__).with_name("a11y.js").read_text(encoding="utf-8") + "</script>"


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
    # limit (``geo.planner.limits.streamlit_upload_mb``), not the dashboard's, which is the one that counts.
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
    from geo.planner.ingest import max_upload_mb

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
