"""The map's vocabulary: the ids, colours and type the map, the URL, the charts and the exports share.

Imports no folium, so that the view state, the charts and the paper exports name a layer, a
metric or a colour without loading the map's stack (``tests/test_vocabulary.py`` checks it).
``geo.maps`` draws with these and re-exports them.
"""

from __future__ import annotations

from geo import industry
from geo.i18n import t

# Link kinds: Paul Tol's "muted" scheme, distinct from the sector colours' saturated hues. Its three
# lightest (sand, cyan, teal) are darkened to 3:1 against the land colour (WCAG 1.4.11), same hues.
FLOW_COLOURS: dict[str, str] = {
    "energy": "#A8800A",
    "compute": "#332288",
    "data": "#3182BD",
    "talent": "#117733",
    "technology": "#AA4499",
    "supply": "#882255",
    "demonstration": "#2A8577",
}


def flow_layer_id(kind: str) -> str:
    """The id of the layer that draws links of ``kind`` in the URL (a sector's layer id is the sector's)."""
    return f"flow-{kind}"


def flow_label(kind: str, lang: str) -> str:
    """The name of a link kind in ``lang``."""
    return t(f"flow_{kind}", lang)


# The map's type: the reader's Korean system fonts first, the served NanumGothic last.
FONT_STACK = "'Malgun Gothic','Apple SD Gothic Neo','Noto Sans KR','NanumGothic',sans-serif"

# The industrial base (geo.industry): the change of value added 2010→2020 and the LQ of each industry.
GRDP_CHANGE = "grdp_change"
LQ_PREFIX = "lq_"
INDUSTRY_METRICS = (GRDP_CHANGE, *(LQ_PREFIX + slug for slug in industry.INDUSTRIES))
# "uploaded": the planner's layer counted per 시군구 (its values come with the layer; see geo.planner.overlay).
# "scenario_delta": what the proposals would add per 시군구 (geo.scenario), the summary's ``budget_proposed``.
SCENARIO_DELTA = "scenario_delta"
CHORO_METRICS = (
    "none",
    "sites",
    "sectors",
    "budget_confirmed",
    "budget_all",
    SCENARIO_DELTA,
    *INDUSTRY_METRICS,
    "uploaded",
)

# Sites whose status is planned or proposed are drawn hollow (on the map and on paper).
HOLLOW_STATUSES = ("planned", "proposed")
