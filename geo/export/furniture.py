"""Map furniture: the scale bar and the north arrow, each in the emptier corner of its frame."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from geo.export.frame import Panel, km_per_degree_lon, scale_bar_km
from geo.export.style import FOOTER_PT, INK, Box
from geo.export.text import fig_text, font


def _emptiest_corner(panel: Panel, sites: pd.DataFrame, corners: list[str], size: tuple[float, float]) -> str:
    """Of ``corners`` ("lower left", …), the one whose ``size`` (inches) patch covers the fewest sites."""
    x, y = panel.inches(sites["lon"].to_numpy(), sites["lat"].to_numpy())
    left, bottom, width, height = panel.box

    def count(corner: str) -> int:
        x0 = left if "left" in corner else left + width - size[0]
        y0 = bottom if "lower" in corner else bottom + height - size[1]
        return int(((x >= x0) & (x <= x0 + size[0]) & (y >= y0) & (y <= y0 + size[1])).sum())

    return min(corners, key=lambda c: (count(c), corners.index(c)))


def draw_scale_bar(fig: Figure, panel: Panel, sites: pd.DataFrame, size: float = FOOTER_PT + 1) -> Box:
    """A km scale bar, about a fifth of the frame wide, in the emptier bottom corner; returns its box."""
    x0, y0, x1, y1 = panel.bounds
    km_per_in = (x1 - x0) * km_per_degree_lon((y0 + y1) / 2) / panel.box[2]
    length = scale_bar_km(panel.box[2] * km_per_in)
    bar_in = length / km_per_in
    corner = _emptiest_corner(panel, sites, ["lower left", "lower right"], (bar_in + 1.0, 0.7))
    pad = 0.22
    left = panel.box[0] + pad if corner == "lower left" else panel.box[0] + panel.box[2] - pad - bar_in - 0.45
    bottom, height = panel.box[1] + pad, 0.065
    trans = fig.dpi_scale_trans
    backdrop = (left - 0.1, bottom - 0.08, bar_in + 0.65, height + size / 72 + 0.26)
    fig.add_artist(
        Rectangle(
            backdrop[:2], *backdrop[2:], transform=trans, facecolor="white", edgecolor="none", alpha=0.85, zorder=8
        )
    )
    for k in range(4):  # alternating quarters, as on survey maps
        fig.add_artist(
            Rectangle(
                (left + k * bar_in / 4, bottom),
                bar_in / 4,
                height,
                transform=trans,
                zorder=9,
                facecolor=INK if k % 2 == 0 else "white",
                edgecolor=INK,
                linewidth=0.8,
            )
        )
    prop = font(size)
    fig_text(fig, left, bottom + height + 0.05, "0", prop, ha="center", va="bottom", zorder=9)
    fig_text(
        fig,
        left + bar_in,
        bottom + height + 0.05,
        f"{length:g} km",
        prop,
        ha="left",
        va="bottom",
        zorder=9,
        gid="scale-bar",
    )
    return backdrop


def draw_north_arrow(fig: Figure, panel: Panel, sites: pd.DataFrame) -> Box:
    """A two-tone north arrow with an N in the emptier top corner (the map is drawn north up); returns its box."""
    corner = _emptiest_corner(panel, sites, ["upper right", "upper left"], (0.8, 1.0))
    left, bottom, width, height = panel.box
    cx = left + width - 0.35 if corner == "upper right" else left + 0.35
    top = bottom + height - 0.5
    trans = fig.dpi_scale_trans
    tip, base, half = (cx, top), top - 0.42, 0.13
    backdrop = (cx - 0.2, base - 0.08, 0.4, 0.75)
    fig.add_artist(
        Rectangle(
            backdrop[:2], *backdrop[2:], transform=trans, facecolor="white", edgecolor="none", alpha=0.85, zorder=8
        )
    )
    for side, face in ((-1, INK), (1, "white")):  # dark west half, light east half
        fig.add_artist(
            Polygon(
                [tip, (cx + side * half, base), (cx, base + 0.1)],
                closed=True,
                transform=trans,
                facecolor=face,
                edgecolor=INK,
                linewidth=0.8,
                zorder=9,
            )
        )
    fig_text(fig, cx, top + 0.04, "N", font(13, True), ha="center", va="bottom", zorder=9, gid="north")
    return backdrop
