"""Logic of the Honam AX belt dashboard: loading, validation, joins, maps and charts.

Nothing in this package imports Streamlit, so every function can be tested on its own.
"""
