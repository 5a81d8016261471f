"""Honam AX belt dashboard: page config, the shared sidebar, and the page router."""

import streamlit as st

import ui
from geo.assets import FAVICON, ensure_static
from geo.i18n import t

ensure_static()
# A local image: a Material icon as favicon would be fetched from Google's font servers.
st.set_page_config(page_title="호남권 AX혁신벨트", page_icon=str(FAVICON), layout="wide")
ui.page_style()
ui.language_switch()
lang = ui.lang()

pages = [
    st.Page("pages/home.py", title=t("page_home", lang), icon=":material/map:", url_path="map", default=True),
    st.Page("pages/value_chain.py", title=t("page_value_chain", lang), icon=":material/account_tree:",
            url_path="value-chain"),
    st.Page("pages/programs.py", title=t("page_programs", lang), icon=":material/payments:", url_path="programs"),
    st.Page("pages/presenter.py", title=t("page_presenter", lang), icon=":material/slideshow:",
            url_path="presenter"),
    st.Page("pages/data.py", title=t("page_data", lang), icon=":material/upload_file:", url_path="data"),
]
st.navigation(pages).run()
