"""Honam AX belt dashboard: page config, the view state, the shared sidebar, and the page router."""

import streamlit as st

import ui
from geo.assets import FAVICON, ensure_static
from geo.i18n import t

ensure_static()
# A local image: a Material icon as favicon would be fetched from Google's font servers.
st.set_page_config(page_title="호남권 AX혁신벨트", page_icon=str(FAVICON), layout="wide")
lang = ui.read_state().lang
ui.page_style()  # after the view is read: Streamlit's own words follow its language
ui.page_script(lang)

# Pages live in views/, not pages/: Streamlit would route a pages/ folder by file name on a
# fresh server before this router has run, so a first deep link would skip the router.
pages = [
    st.Page("views/home.py", title=t("page_home", lang), icon=":material/map:", url_path="map", default=True),
    st.Page(
        "views/value_chain.py",
        title=t("page_value_chain", lang),
        icon=":material/account_tree:",
        url_path="value-chain",
    ),
    st.Page("views/programs.py", title=t("page_programs", lang), icon=":material/payments:", url_path="programs"),
    st.Page("views/presenter.py", title=t("page_presenter", lang), icon=":material/slideshow:", url_path="presenter"),
    st.Page("views/data.py", title=t("page_data", lang), icon=":material/upload_file:", url_path="data"),
]
# Streamlit's own menu drops the query string on a page change; ours carries the view.
page = st.navigation(pages, position="hidden")
ui.navigation(pages)
ui.language_switch()
ui.scenario.toggle()
ui.scenario.banner()  # every page names the what-if scenario when the view is in it
page.run()
