"""The enlarged inset of a crowded place, under the legend, tied to the map by a dashed outline."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from geo.catalogue import Catalogue
from geo.export.frame import Panel, add_panel, crowded_group, fit_bounds, geo_aspect
from geo.export.layout import Layout
from geo.export.names import sido_names
from geo.export.style import INK, SUBTITLE_PT, Box
from geo.export.text import fig_text, font
from geo.extent import Bounds

# An inset is drawn for the largest group of at least INSET_MIN_SITES sites that lie within
# INSET_REACH marker spacings of each other, when it enlarges them at least INSET_MIN_ZOOM
# times and the space under the legend is at least INSET_MIN_IN tall. When that group spreads
# too far to be enlarged so much (sites chained across a province), the tighter groups of
# INSET_TIGHTER reaches are tried in turn: the inset shows the densest place.
INSET_MIN_SITES = 6
INSET_REACH = 2.0
INSET_TIGHTER = (1.0, 0.5)
INSET_MIN_ZOOM = 2.5
INSET_MIN_IN = 1.5


def inset_place(sido: gpd.GeoDataFrame, cat: Catalogue, bounds: Bounds, lang: str) -> str:
    """The name of the 시도 at the centre of ``bounds`` (for the inset's heading)."""
    centre = shapely.Point((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    if not len(sido):
        return ""
    # Planar distance in degrees is enough to tell which 시도 is nearest (and GeoSeries.distance
    # would warn about the geographic CRS).
    return sido_names(sido, cat, lang)[int(np.argmin(shapely.distance(sido.geometry.values, centre)))]


def inset_box(layout: Layout, legend_bottom: float, wanted: Bounds) -> Box | None:
    """The room under the legend for an inset of ``wanted`` (kept to its ratio), or None when too small."""
    heading = SUBTITLE_PT * 1.4 / 72 + 0.08
    top = legend_bottom - 0.3 - heading
    bottom = layout.map_box[1]
    if top - bottom < INSET_MIN_IN:
        return None
    # The inset's height sets its scale; it takes the column's full width, so a wide column
    # shows more of the surroundings rather than blank paper.
    ratio = (wanted[3] - wanted[1]) * geo_aspect(wanted) / (wanted[2] - wanted[0])
    height = min(top - bottom, layout.legend_width * ratio)
    return layout.legend_left, top - height, layout.legend_width, height


def group_bounds(sites: pd.DataFrame, rows: list[int], pad: float) -> Bounds:
    """The box around some sites, widened by ``pad`` degrees (at least 10 % of its size)."""
    lon, lat = sites["lon"].iloc[rows], sites["lat"].iloc[rows]
    pad_x = max(pad, 0.3 * (lon.max() - lon.min()))
    pad_y = max(pad, 0.3 * (lat.max() - lat.min()))
    return lon.min() - pad_x, lat.min() - pad_y, lon.max() + pad_x, lat.max() + pad_y


def inset_panel(fig: Figure, layout: Layout, legend_bottom: float, main: Panel, around: Bounds) -> Panel | None:
    """An inset of ``around`` under the legend, or None when there is no room or it would barely enlarge."""
    box = inset_box(layout, legend_bottom, around)
    if box is None:
        return None
    shown = fit_bounds(around, box[2], box[3])
    if main.deg_per_in / ((shown[3] - shown[1]) / box[3]) < INSET_MIN_ZOOM:
        return None
    return add_panel(fig, box, around, "inset")


def inset_worth(layout: Layout, main: Panel, around: Bounds) -> bool:
    """Whether an inset under a half-height legend would be tall enough and enlarge ``around`` enough."""
    height = layout.map_box[3] * 0.5 - 0.3 - SUBTITLE_PT * 1.4 / 72 - 0.08
    if height < INSET_MIN_IN:
        return False
    shown = fit_bounds(around, layout.legend_width, height)
    return main.deg_per_in / ((shown[3] - shown[1]) / height) >= INSET_MIN_ZOOM


def crowded_places(layout: Layout, main: Panel, sites: pd.DataFrame, sep: float) -> list[list[int]]:
    """Groups of rows of ``sites`` (inside the map) that an inset could show, loosest first.

    ``sep`` is the distance in degrees at which two markers touch on the main map. A group is
    kept when an inset under a half-height legend would enlarge it enough; the legend's real
    height then decides which of them gets the inset (`inset_panel`).
    """
    inside = np.flatnonzero(main.contains(sites["lon"], sites["lat"]))
    places = []
    for reach in (INSET_REACH, *INSET_TIGHTER):
        group = crowded_group(
            sites["lon"].iloc[inside], sites["lat"].iloc[inside], reach * sep, main.aspect, INSET_MIN_SITES
        )
        rows = [int(inside[i]) for i in group]
        if rows and rows not in places and inset_worth(layout, main, group_bounds(sites, rows, sep)):
            places.append(rows)
    return places


def outline_box(panel: Panel, bounds: Bounds) -> Box:
    """Where ``bounds`` lie on the page inside ``panel``, in inches, with a little margin."""
    (x0, x1), (y0, y1) = panel.inches(np.array(bounds[::2]), np.array(bounds[1::2]))
    return x0 - 0.05, y0 - 0.05, x1 - x0 + 0.1, y1 - y0 + 0.1


def frame_inset(fig: Figure, main: Panel, inset: Panel, heading: str) -> None:
    """Tie the inset to the map: the same dashed outline on both, and the inset's heading."""
    x0, y0, x1, y1 = inset.bounds
    main.ax.add_patch(
        Rectangle(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            fill=False,
            edgecolor=INK,
            linewidth=1.1,
            linestyle=(0, (4, 2)),
            zorder=6,
            gid="inset-box",
        )
    )
    for spine in inset.ax.spines.values():
        spine.set_edgecolor(INK)
        spine.set_linestyle((0, (4, 2)))
    fig_text(
        fig,
        inset.box[0],
        inset.box[1] + inset.box[3] + 0.08,
        heading,
        font(SUBTITLE_PT - 1, True),
        va="bottom",
        ha="left",
        gid="inset-title",
    )
