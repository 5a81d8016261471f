"""The naive approach, for the benchmark only: ``GeoDataFrame.explore()`` of full-resolution
boundaries plus the sites, shown with ``st_folium`` and rebuilt on every filter change."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.boundaries import load_sido, load_sigungu  # noqa: E402
from geo.catalogue import load_catalogue  # noqa: E402
from geo.paths import DEFAULT_DATA_DIR  # noqa: E402

cat = load_catalogue(DEFAULT_DATA_DIR)
region = st.sidebar.selectbox("region", ["all", "gwangju", "jeonnam", "jeonbuk"], key="f_region")
sites = cat.sites if region == "all" else cat.sites[cat.sites["region"] == region]
m = load_sigungu().explore(name="sigungu", style_kwds={"fillOpacity": 0.1})
load_sido().explore(m=m, name="sido", style_kwds={"fill": False, "weight": 3})
sites.assign(sectors=sites["sectors"].str.join(";")).explore(m=m, name="sites", marker_kwds={"radius": 6})
st_folium(m, height=720, use_container_width=True)
