"""Names on the map: which sites are named, and where each name goes so that none collides.

A greedy placement in screen space: sites are taken in order of importance (highlighted
first, then by how many links they have), and each name is put in the first of eight spots
around its marker where its box meets no name already placed, no marker and no other
obstacle (a control, a flow's count), and stays inside the frame when there is one. A name
that fits nowhere is left out: a missing name is better than one over a marker.

The same function places the names on the interactive map (once per zoom level, in Web
Mercator pixels, so that more names appear as one zooms in), on the presenter's slide (in the
slide's own frame) and in the exports (in the figure's pixels), so the three agree.
Coordinates are screen pixels with y growing downwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (screen pixels, y down)

# Spots around a marker, in the order they are tried: right, left, above, below, then the
# four diagonals. Right first because Korean and English both read from the left.
SIDES = ("right", "left", "up", "down", "upright", "upleft", "downright", "downleft")
# For a label that may sit on its point (a flow's count on its line): centred first.
CENTRED = ("centre", *SIDES)
GAP_PX = 3
# When no spot right beside a marker is free, the same spots a little further out are tried.
GAPS_PX = (GAP_PX, 10)
TILE_PX = 256


@dataclass(frozen=True)
class Placed:
    """A name put on the map: its box (screen pixels) and the side of its marker it sits on."""

    id: str
    box: Box
    side: str
    at: int = 0  # which of the anchors given it was placed beside (an id may have several)


def boxes_intersect(a: Box, b: Box) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: Box, frame: Box) -> bool:
    """Whether ``box`` lies wholly inside ``frame``."""
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


def candidate_box(x: float, y: float, radius: float, size: tuple[float, float], side: str, gap: float = GAP_PX) -> Box:
    """The box of a name of ``size`` (w, h) on ``side`` of a marker of half-size ``radius`` at (x, y)."""
    w, h = size
    reach = radius + gap
    if side == "centre":
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2
    if side == "right":
        return x + reach, y - h / 2, x + reach + w, y + h / 2
    if side == "left":
        return x - reach - w, y - h / 2, x - reach, y + h / 2
    if side == "up":
        return x - w / 2, y - reach - h, x + w / 2, y - reach
    if side == "down":
        return x - w / 2, y + reach, x + w / 2, y + reach + h
    # Diagonals: the name's near corner just clears the marker's corner.
    dx = x + reach if side.endswith("right") else x - reach - w
    dy = y - reach - h if side.startswith("up") else y + reach
    return dx, dy, dx + w, dy + h


def marker_box(x: float, y: float, radius: float) -> Box:
    """The square a marker of half-size ``radius`` centred at (x, y) covers."""
    return x - radius, y - radius, x + radius, y + radius


def place_labels(
    anchors: Sequence[tuple[str, float, float, float]],
    sizes: Mapping[str, tuple[float, float]],
    obstacles: Iterable[Box] = (),
    frame: Box | None = None,
    gaps: Sequence[float] = GAPS_PX,
    sides: Sequence[str] = SIDES,
) -> list[Placed]:
    """Put each name beside its marker where it covers no other name, marker or obstacle.

    Parameters
    ----------
    anchors : sequence of (id, x, y, radius)
        The markers to name, most important first: centre in screen pixels (y down) and the
        marker's half-size. An id may come several times, with other points to try (along
        a line, say): the first that fits is used.
    sizes : mapping of id to (width, height)
        Each name's box, in pixels.
    obstacles : iterable of boxes
        What no name may cover: every marker drawn (named or not), map controls, other text.
    frame : box, optional
        When given, every name lies wholly inside it (the visible map); names that fit only
        outside are left out.
    gaps : sequence of float
        Pixels between a marker's edge and its name: every spot at the first gap, then at the next.
    sides : sequence of str
        The spots to try around each point, in order (`SIDES`, or `CENTRED` to try the point itself first).

    Returns
    -------
    list of Placed
        The names placed, in ``anchors`` order; no two boxes intersect, none meets an obstacle.
    """
    blocked = list(obstacles)
    placed: list[Placed] = []
    done: set[str] = set()
    for at, (site_id, x, y, radius) in enumerate(anchors):
        if site_id not in sizes or site_id in done:
            continue
        for gap, side in ((g, s) for g in gaps for s in sides):
            box = candidate_box(x, y, radius, sizes[site_id], side, gap)
            if frame is not None and not inside(box, frame):
                continue
            if any(boxes_intersect(box, other) for other in blocked):
                continue
            placed.append(Placed(site_id, box, side, at))
            blocked.append(box)
            done.add(site_id)
            break
    return placed


def label_priority(sites: pd.DataFrame, links: pd.DataFrame, highlight: Iterable[str] = ()) -> list[str]:
    """Site ids in the order they are named: highlighted, then by number of links, hubs before others.

    Parameters
    ----------
    sites : pandas.DataFrame
        With ``id``, ``stage`` and ``name_ko`` columns.
    links : pandas.DataFrame
        With ``from_id`` and ``to_id``; a site's links are counted in both directions.
    highlight : iterable of str
        Sites named before all others (a step's highlights, the selected site).
    """
    degree = pd.concat([links["from_id"], links["to_id"]]).value_counts() if len(links) else pd.Series(dtype=int)
    first = [h for h in dict.fromkeys(highlight) if h in set(sites["id"])]
    rest = sites[~sites["id"].isin(first)]
    key = pd.DataFrame(
        {
            "id": rest["id"],
            "links": rest["id"].map(degree).fillna(0).astype(int),
            "hub": rest["stage"].eq("hub"),
            "name": rest["name_ko"],
        }
    )
    return first + key.sort_values(["links", "hub", "name"], ascending=[False, False, True])["id"].tolist()


# -- Web Mercator: where a point is drawn at a zoom, in the pixels Leaflet uses ------------------------


def world_px(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """The pixel of (lat, lon) in Leaflet's Web Mercator world at ``zoom`` (origin top left)."""
    scale = TILE_PX * 2**zoom
    sin = math.sin(math.radians(lat))
    return (lon + 180) / 360 * scale, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale


def view_frame(center: tuple[float, float], zoom: float, size: tuple[float, float]) -> Box:
    """The box of world pixels a map of ``size`` (w, h) centred on ``center`` shows at ``zoom``."""
    cx, cy = world_px(center[0], center[1], zoom)
    return cx - size[0] / 2, cy - size[1] / 2, cx + size[0] / 2, cy + size[1] / 2


# -- Name widths: measured with the font the map draws them in -----------------------------------------


@lru_cache(maxsize=8)
def _font(size_px: int, bold: bool):
    from PIL import ImageFont

    from geo.assets import font_path

    return ImageFont.truetype(str(font_path("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")), size_px)


def text_size(text: str, size_px: int, bold: bool = True, line_height: float = 1.2) -> tuple[float, float]:
    """Width and height in pixels of ``text`` (lines split at ``\\n``) set in NanumGothic at ``size_px``.

    The map's names are drawn in the same font files (served by the app), so the box measured
    here is the box the browser draws, within a pixel or two.
    """
    lines = text.split("\n")
    width = max(_font(size_px, bold).getlength(line) for line in lines)
    return math.ceil(width) + 2, math.ceil(size_px * line_height * len(lines))
