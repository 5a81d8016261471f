"""What a map frame shows: the extent, its fit to the paper, the scale bar's length, and sites fanned out a little."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from geo.export.style import Box
from geo.extent import BELT, Bounds

# Kilometres per degree of latitude (and of longitude at the equator), on a sphere.
KM_PER_DEG = 111.32


def km_per_degree_lon(lat: float) -> float:
    """Kilometres in one degree of longitude at latitude ``lat`` (spherical approximation)."""
    return KM_PER_DEG * math.cos(math.radians(lat))


def scale_bar_km(view_width_km: float, fraction: float = 0.2) -> float:
    """The round length (1, 2 or 5 × 10ⁿ km) nearest to ``fraction`` of the view's width.

    >>> scale_bar_km(200)
    50.0
    """
    target = max(view_width_km * fraction, 1e-9)
    power = 10 ** math.floor(math.log10(target))
    candidates = [step * power for step in (1, 2, 5, 10)]
    return float(min(candidates, key=lambda length: abs(math.log(length / target))))


def check_bounds(bounds: Bounds) -> Bounds:
    """``bounds`` as four floats, or ValueError naming what is wrong with them."""
    try:
        lon_min, lat_min, lon_max, lat_max = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be (lon_min, lat_min, lon_max, lat_max), got {bounds!r}") from None
    if not (lon_min < lon_max and lat_min < lat_max and -90 <= lat_min and lat_max <= 90):
        raise ValueError(f"bounds must be (lon_min, lat_min, lon_max, lat_max) with min < max, got {bounds!r}")
    return lon_min, lat_min, lon_max, lat_max


def geo_aspect(bounds: Bounds) -> float:
    """The y/x aspect that draws degrees at their true ground ratio at the middle latitude."""
    return 1 / math.cos(math.radians((bounds[1] + bounds[3]) / 2))


def fit_bounds(bounds: Bounds, box_w: float, box_h: float) -> Bounds:
    """Widen ``bounds`` about their centre so that, drawn at the geographic aspect, they fill a box.

    Parameters
    ----------
    bounds : tuple of float
        (lon_min, lat_min, lon_max, lat_max) that must stay visible.
    box_w, box_h : float
        The size of the map frame, in any one unit.

    Returns
    -------
    tuple of float
        Bounds whose ground shape has the box's ratio and that contain ``bounds``.
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    k = geo_aspect(bounds)
    dx, dy = lon_max - lon_min, lat_max - lat_min
    if dy * k / dx < box_h / box_w:
        dy = dx * (box_h / box_w) / k
    else:
        dx = dy * k * (box_w / box_h)
    cx, cy = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    return cx - dx / 2, cy - dy / 2, cx + dx / 2, cy + dy / 2


# A frame on the shown sites keeps this much around them (a share of their spread, at least
# FRAME_PAD_DEG), and is never smaller than FRAME_MIN_DEG of latitude: one site still shows its county.
FRAME_PAD = 0.12
FRAME_PAD_DEG = 0.06
FRAME_MIN_DEG = 0.35


def map_extent(sites: gpd.GeoDataFrame, bounds: Bounds | None) -> Bounds:
    """The area to show: ``bounds`` when given, else the shown sites with a margin (the belt when none).

    A filtered export is framed on what it shows: six sites in Gwangju fill the page rather
    than sit in one corner of Honam.
    """
    if bounds is not None:
        return check_bounds(bounds)
    points = sites.geometry[sites.geometry.notna() & ~sites.geometry.is_empty] if len(sites) else []
    if not len(points):
        return BELT
    x0, y0, x1, y1 = points.total_bounds
    pad_x, pad_y = max(FRAME_PAD * (x1 - x0), FRAME_PAD_DEG), max(FRAME_PAD * (y1 - y0), FRAME_PAD_DEG)
    x0, y0, x1, y1 = x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y
    if y1 - y0 < FRAME_MIN_DEG:
        grow = (FRAME_MIN_DEG - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    min_x = FRAME_MIN_DEG * geo_aspect((x0, y0, x1, y1))
    if x1 - x0 < min_x:
        grow = (min_x - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    return x0, y0, x1, y1


def cluster_groups(x: np.ndarray, y: np.ndarray, reach: float) -> list[list[int]]:
    """Indices of points grouped so that each is within ``reach`` of another in its group."""
    n = len(x)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        near = np.flatnonzero(np.hypot(x[i + 1 :] - x[i], y[i + 1 :] - y[i]) < reach) + i + 1
        for j in near:
            parent[root(int(j))] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def spread_positions(
    lon: np.ndarray, lat: np.ndarray, min_sep: float, aspect: float, max_shift: float
) -> tuple[np.ndarray, np.ndarray]:
    """Marker positions fanned out around each group's centre, no marker moved more than ``max_shift``.

    A printed map must show each site where it is, so a marker never leaves its place by
    more than ``max_shift`` (a fraction of its own size): points closer than ``min_sep`` are
    grouped, and each group is laid out on a circle around its mean point, as large as
    ``min_sep`` asks but never so large that a point moves further than ``max_shift``. Two
    sites at one address then print as two overlapping markers rather than one; telling
    crowded sites apart is left to the inset and the names with leader lines.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Site coordinates in degrees.
    min_sep : float
        Distance between two marker centres at which they stop touching, in degrees of latitude.
    aspect : float
        ``1 / cos(latitude)``: how much shorter a degree of longitude is on the page.
    max_shift : float
        The furthest a marker may be drawn from its site, in degrees of latitude.

    Returns
    -------
    tuple of numpy.ndarray
        The drawn longitudes and latitudes.
    """
    x, y = np.asarray(lon, float) / aspect, np.asarray(lat, float)
    out_x, out_y = x.copy(), y.copy()
    for idx in cluster_groups(x, y, min_sep):
        if len(idx) < 2:
            continue
        cx, cy = x[idx].mean(), y[idx].mean()
        # A circle through n markers a spacing apart has circumference n × spacing.
        radius = max(min_sep * len(idx) / (2 * math.pi), min_sep * 0.6)
        # Keep each site on its own side of the centre, so the fan still hints at the geography.
        order = sorted(idx, key=lambda i: (math.atan2(y[i] - cy, x[i] - cx), i))
        start = math.atan2(y[order[0]] - cy, x[order[0]] - cx) if (np.ptp(x[idx]) or np.ptp(y[idx])) else math.pi / 2
        for k, i in enumerate(order):
            angle = start + 2 * math.pi * k / len(idx)
            fx, fy = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            shift = math.hypot(fx - x[i], fy - y[i])
            if shift > max_shift:  # towards the fan's place, but only as far as allowed
                fx, fy = x[i] + (fx - x[i]) * max_shift / shift, y[i] + (fy - y[i]) * max_shift / shift
            out_x[i], out_y[i] = fx, fy
    return out_x * aspect, out_y


def crowded_group(lon: np.ndarray, lat: np.ndarray, reach: float, aspect: float, min_sites: int) -> list[int]:
    """The largest group of at least ``min_sites`` points each within ``reach`` of another (or none)."""
    groups = cluster_groups(np.asarray(lon, float) / aspect, np.asarray(lat, float), reach)
    best = max(groups, key=len, default=[])
    return sorted(best) if len(best) >= min_sites else []


@dataclass(frozen=True)
class Panel:
    """A map frame on the page: its axes, its place in inches and the lon/lat it shows."""

    ax: Axes
    box: Box
    bounds: Bounds

    @property
    def deg_per_in(self) -> float:
        """Degrees of latitude per inch of paper."""
        return (self.bounds[3] - self.bounds[1]) / self.box[3]

    @property
    def aspect(self) -> float:
        """The panel's y/x aspect (see `geo_aspect`)."""
        return geo_aspect(self.bounds)

    def inches(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Page position (figure inches) of lon/lat points."""
        x0, y0, x1, y1 = self.bounds
        left, bottom, width, height = self.box
        return (left + (np.asarray(lon) - x0) / (x1 - x0) * width, bottom + (np.asarray(lat) - y0) / (y1 - y0) * height)

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Whether each point lies inside the frame."""
        x0, y0, x1, y1 = self.bounds
        lon, lat = np.asarray(lon), np.asarray(lat)
        return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


def add_panel(fig: Figure, box: Box, wanted: Bounds, gid: str) -> Panel:
    """An empty map frame at ``box`` showing at least ``wanted``, north up, at the true ground ratio."""
    shown = fit_bounds(wanted, box[2], box[3])
    width, height = fig.get_size_inches()
    ax = fig.add_axes((box[0] / width, box[1] / height, box[2] / width, box[3] / height), gid=gid)
    ax.set_xlim(shown[0], shown[2])
    ax.set_ylim(shown[1], shown[3])
    # The limits already have the box's ratio, so "datalim" keeps the frame where it was put.
    ax.set_aspect(geo_aspect(shown), adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#9aa0a6")
        spine.set_linewidth(0.8)
    return Panel(ax, box, shown)
