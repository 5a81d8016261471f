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
# Where a name goes with a leader line when no spot beside its marker is nearer its marker than any other.
LEADER_GAPS_PX = (22, 36)
# A name must be this much nearer its own marker's centre than any other's to be read as its own.
OWN_MARGIN_PX = 2
TILE_PX = 256


@dataclass(frozen=True)
class Placed:
    """A name put on the map: its box (screen pixels) and the side of its marker it sits on."""

    id: str
    box: Box
    side: str
    at: int = 0  # which of the anchors given it was placed beside (an id may have several)
    # The marker's centre and half-size, when a line ties a name set further out to it.
    leader: tuple[float, float, float] | None = None


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
    centres: Mapping[str, tuple[float, float]] | None = None,
    leader_gaps: Sequence[float] = LEADER_GAPS_PX,
    leaders: int = 0,
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
    centres : mapping of id to (x, y), optional
        Every marker's centre. When given, a name takes only a spot nearer its own marker than
        any other marker (by `OWN_MARGIN_PX`), so it is never read as a neighbour's; when no spot
        beside the marker is, one of the first ``leaders`` such names goes further out
        (``leader_gaps``) with a leader line (`Placed.leader`); the others are left out.

    Returns
    -------
    list of Placed
        The names placed, in ``anchors`` order; no two boxes intersect, none meets an obstacle.
    """
    blocked = list(obstacles)
    placed: list[Placed] = []
    done: set[str] = set()
    others = dict(centres or {})

    def own(box: Box, site_id: str, x: float, y: float) -> bool:
        near = min((box_distance(box, *c) for i, c in others.items() if i != site_id), default=math.inf)
        return box_distance(box, x, y) + OWN_MARGIN_PX < near

    for at, (site_id, x, y, radius) in enumerate(anchors):
        if site_id not in sizes or site_id in done:
            continue
        mine = marker_box(x, y, radius - 1)
        tries = [(g, s, None) for g in gaps for s in sides]
        if centres is not None and sum(p.leader is not None for p in placed) < leaders:
            tries += [(g, s, (x, y, radius)) for g in leader_gaps for s in sides]
        for gap, side, leader in tries:
            box = candidate_box(x, y, radius, sizes[site_id], side, gap)
            if frame is not None and not inside(box, frame):
                continue
            if any(boxes_intersect(box, other) for other in blocked):
                continue
            if centres is not None and leader is None and not own(box, site_id, x, y):
                continue
            if leader is not None:
                # The line runs clear of every other marker and name, so it ties the name to one marker only.
                start, end = leader_ends(box, x, y, radius + 1)
                if any(segment_meets(start, end, other) for other in blocked if not boxes_intersect(other, mine)):
                    continue
            placed.append(Placed(site_id, box, side, at, leader))
            blocked.append(box)
            done.add(site_id)
            break
    return placed


def segment_meets(start: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    """Whether the segment from ``start`` to ``end`` passes through the inside of ``box`` (Liang–Barsky).

    >>> segment_meets((0, 5), (20, 5), (8, 0, 12, 10)), segment_meets((0, 5), (20, 5), (8, 6, 12, 10))
    (True, False)
    """
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - box[0]), (x1 - x0, box[2] - x0), (y0 - y1, y0 - box[1]), (y1 - y0, box[3] - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low >= high:
            return False
    return True


def leader_ends(box: Box, x: float, y: float, radius: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The leader line from the edge of a marker at (x, y) to the nearest point of its name's ``box``."""
    ex, ey = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    length = math.hypot(ex - x, ey - y) or 1.0
    return (x + (ex - x) * radius / length, y + (ey - y) * radius / length), (ex, ey)


def box_distance(box: Box, x: float, y: float) -> float:
    """How far the point (x, y) is from ``box`` (0 inside it)."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def nearer_other(placed: Iterable[Placed], centres: Mapping[str, tuple[float, float]]) -> list[str]:
    """The names whose box lies nearer another marker's centre than their own, without a leader line.

    A reader takes a name for the marker nearest to it: these names would be read as another
    site's. ``centres`` gives every marker drawn (named or not), id → (x, y) in the boxes' pixels.
    """
    out = []
    for p in placed:
        if p.leader is not None or p.id not in centres:
            continue
        own = box_distance(p.box, *centres[p.id])
        if any(box_distance(p.box, x, y) <= own for i, (x, y) in centres.items() if i != p.id):
            out.append(p.id)
    return out


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
