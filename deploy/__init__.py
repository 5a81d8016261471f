"""Serving the dashboard: several Streamlit processes behind nginx (``serve.py``), and its templates."""
