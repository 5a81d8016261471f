"""The belt's extents: written once, nested as their comments say, and turned into Leaflet corners."""

from geo import extent
from geo.catalogue import load_catalogue
from geo.paths import DEFAULT_DATA_DIR


def inside(inner, outer) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def test_extents_are_ordered_lon_lat():
    for bounds in (extent.KOREA, extent.REGIONS, extent.BELT, extent.MAP_FIT):
        west, south, east, north = bounds
        assert 124 <= west < east <= 132 and 33 <= south < north <= 39


def test_each_extent_sits_inside_the_next_wider_one():
    assert inside(extent.REGIONS, extent.KOREA)
    assert inside(extent.MAP_FIT, extent.KOREA) and inside(extent.BELT, extent.KOREA)


def test_the_map_opens_on_every_mainland_site():
    sites = load_catalogue(DEFAULT_DATA_DIR).sites
    located = sites[sites.geometry.notna()]
    west, south, east, north = extent.BELT
    on_belt = located.geometry.x.between(west, east) & located.geometry.y.between(south, north)
    # The far islands (Sinan's wind farms) may lie outside the opening frame; most sites do not.
    assert on_belt.mean() > 0.9


def test_corners_put_latitude_first():
    assert extent.corners((126.0, 34.0, 127.0, 35.0)) == [[34.0, 126.0], [35.0, 127.0]]


def test_union_holds_both():
    assert extent.union(extent.BELT, (128.5, 35.0, 129.0, 37.0)) == (125.9, 33.95, 129.0, 37.0)
