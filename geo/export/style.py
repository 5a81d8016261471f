"""The printed map's look: paper size, type sizes, colours, marker shapes and spacing, in one place."""

from __future__ import annotations

Box = tuple[float, float, float, float]  # left, bottom, width, height in figure inches

A4_LANDSCAPE_IN = (297 / 25.4, 210 / 25.4)

# geo.maps.STAGE_SHAPES as matplotlib markers: triangle, square, circle, diamond, hexagon, star.
STAGE_MARKERS: dict[str, str] = {
    "energy": "^",
    "compute": "s",
    "rnd": "o",
    "testbed": "D",
    "application": "h",
    "hub": "*",
}
DEFAULT_MARKER = "o"
# At the same nominal size a star looks small and a square or diamond looks big; these factors
# make the shapes read as equally important.
MARKER_SCALE = {"^": 1.1, "s": 0.85, "o": 0.95, "D": 0.75, "h": 1.0, "*": 1.45}
MARKER_PT = 12.0
# Rings may touch a neighbour in a tight fan; spacing every marker for rings would spread
# whole clusters further from where they are.
RING_PT = MARKER_PT * 1.55
# Centres closer than this on paper make markers touch. Touching markers are fanned out by at
# most MARKER_SHIFT_IN, well inside a marker's own size: a printed site stays where it is.
MARKER_SEP_IN = MARKER_PT * 1.2 / 72
MARKER_SHIFT_IN = MARKER_PT * 0.35 / 72
FALLBACK_COLOUR = "#7a7f87"

# Type sizes (pt) chosen for the PNG pasted at half size into an A4 report page, where the
# legend must still read at about 6 pt.
TITLE_PT = (26, 24, 22, 20, 18)
SUBTITLE_PT = 13
LEAD_PT = 11.5  # a story step's caption under the subtitle
LEGEND_PT = (12.5, 11.5, 10.5, 9.5, 8.5)
LABEL_PT = 10.5
LABEL_MAX_IN = 2.1
FOOTER_PT = 9
REGION_PT = 15
SIGUNGU_PT = 9
NAME_CLEARANCE_IN = 0.35

MARGIN_IN = 0.45
GAP_IN = 0.3
LEGEND_MIN_IN = 3.2
LEGEND_TWO_COLUMNS_IN = 5.2

INK = "#1d2430"
MUTED = "#5b6270"
LAND = "#f4f1ea"
SIGUNGU_EDGE = "#b4b8bf"
SIDO_EDGE = "#3d4451"
LINK_COLOUR = "#5f6673"
ARROW_STYLE = "-|>,head_length=5,head_width=2.6"  # in points

# The 시도 polygons of the boundary snapshot carry hundreds of sliver holes (< 0.0001 deg²)
# along inner 시군구 borders; outlined in bold they print as dashes across the province.
# Real holes (Gwangju inside Jeonnam, estuaries, lakes) are all larger than this.
SIDO_MIN_HOLE_DEG2 = 2e-4


def marker_size(marker: str) -> float:
    """A marker size (points) for ``marker`` that looks as big as the others."""
    return MARKER_PT * MARKER_SCALE.get(marker, 1.0)
