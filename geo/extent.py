"""The belt's extents, each written once, as ``(lon_min, lat_min, lon_max, lat_max)``.

Leaflet wants corners as ``[[south, west], [north, east]]``: `corners` turns one into the other,
so no module keeps a second copy in the other axis order.
"""

from __future__ import annotations

Bounds = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max

# South Korea with all its islands: a layer's features must mostly land here.
KOREA: Bounds = (124.0, 33.0, 132.0, 39.0)
# The three belt regions with their western islands (Sinan reaches 125.1° E): a guessed CRS
# is the one that puts the most features here.
REGIONS: Bounds = (125.0, 33.9, 127.9, 36.3)
# The belt as the presenter's map and a printed map frame it: the mainland and near islands.
BELT: Bounds = (125.9, 33.95, 127.95, 36.2)
# What the map opens on: the belt's sites with a small margin, not the far islands, so that a
# 550-px-high map opens one half zoom level closer (8.5 rather than 8) and the names fit.
MAP_FIT: Bounds = (125.85, 34.45, 127.85, 36.05)


def corners(bounds: Bounds) -> list[list[float]]:
    """``bounds`` as Leaflet's ``[[south, west], [north, east]]``.

    >>> corners((125.9, 33.95, 127.95, 36.2))
    [[33.95, 125.9], [36.2, 127.95]]
    """
    west, south, east, north = bounds
    return [[south, west], [north, east]]


def union(a: Bounds, b: Bounds) -> Bounds:
    """The smallest extent holding both ``a`` and ``b``.

    >>> union((0, 0, 1, 1), (2, -1, 3, 0.5))
    (0, -1, 3, 1)
    """
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def overlaps(a: Bounds, b: Bounds) -> bool:
    """Whether the extents ``a`` and ``b`` meet (touching counts): a cheap test before drawing a shape.

    >>> overlaps((0, 0, 1, 1), (1, 0.5, 2, 2)), overlaps((0, 0, 1, 1), (1.5, 0, 2, 1))
    (True, False)
    """
    return a[0] <= b[2] and a[2] >= b[0] and a[1] <= b[3] and a[3] >= b[1]
