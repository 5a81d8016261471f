"""Name placement: no two names collide, none covers a marker, all stay in the frame; the real belt at every zoom."""

import itertools
import random

import pytest

from geo import labels, maps


def overlapping(boxes):
    return [(a, b) for a, b in itertools.combinations(boxes, 2) if labels.boxes_intersect(a, b)]


def test_boxes_intersect_only_when_they_share_area():
    """Touching edges do not count as a collision; any shared area does."""
    assert labels.boxes_intersect((0, 0, 10, 10), (5, 5, 15, 15))
    assert not labels.boxes_intersect((0, 0, 10, 10), (10, 0, 20, 10))
    assert not labels.boxes_intersect((0, 0, 10, 10), (0, 11, 10, 20))


def test_a_name_goes_right_of_its_marker_when_free_and_elsewhere_when_not():
    """The first free spot is taken: right of the marker, else left when a marker sits on the right."""
    sizes = {"a": (40, 12)}
    alone = labels.place_labels([("a", 100, 100, 10)], sizes, [labels.marker_box(100, 100, 10)])
    assert alone[0].side == "right" and alone[0].box[0] > 110
    blocked = labels.place_labels(
        [("a", 100, 100, 10)], sizes, [labels.marker_box(100, 100, 10), labels.marker_box(130, 100, 10)]
    )
    assert blocked[0].side == "left"


def test_random_crowds_never_collide_cover_a_marker_or_leave_the_frame():
    """In 30 random crowds of 40 markers, placed names meet no other name, no marker and stay in the frame."""
    rng = random.Random(7)
    frame = (0, 0, 600, 400)
    for _ in range(30):
        points = [(f"s{i}", rng.uniform(0, 600), rng.uniform(0, 400), 11) for i in range(40)]
        markers = [labels.marker_box(x, y, r) for _, x, y, r in points]
        sizes = {i: (rng.uniform(30, 140), 16) for i, *_ in points}
        placed = labels.place_labels(points, sizes, markers, frame)
        boxes = [p.box for p in placed]
        assert not overlapping(boxes)
        assert not [(p.id, m) for p in placed for m in markers if labels.boxes_intersect(p.box, m)]
        assert all(labels.inside(b, frame) for b in boxes)
        assert placed  # a crowd of 40 still gets names


def test_an_id_with_several_points_is_placed_once():
    """Alternative points for one label (along a flow's line) give at most one placed box."""
    placed = labels.place_labels([("f", 50, 50, 2), ("f", 80, 50, 2)], {"f": (20, 10)}, sides=labels.CENTRED)
    assert [(p.id, p.side, p.at) for p in placed] == [("f", "centre", 0)]


def test_priority_puts_highlights_first_then_the_most_linked():
    """Highlighted sites lead; the rest follow by number of links, hubs first on a tie."""
    import pandas as pd

    sites = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "stage": ["rnd", "hub", "rnd", "rnd"], "name_ko": ["가", "나", "다", "라"]}
    )
    links = pd.DataFrame({"from_id": ["c", "c", "b"], "to_id": ["a", "d", "d"]})
    assert labels.label_priority(sites, links, highlight=["a"]) == ["a", "c", "d", "b"]


def test_text_size_grows_with_text_and_lines():
    """A longer name is wider; two lines are twice as tall."""
    short, long = labels.text_size("광주", 13), labels.text_size("광주 인공지능 집적단지", 13)
    assert long[0] > short[0] and labels.text_size("a\nb", 13)[1] == 2 * labels.text_size("a", 13)[1]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_belt_names_never_collide_at_any_zoom(shipped, lang):
    """On the real belt, at every zoom level, names meet no other name and no marker, and more show as one zooms in."""
    texts, placed = maps.plan_names(shipped.sites, shipped.links, lang)
    counts = []
    for zoom, names in placed.items():
        points = maps.marker_points(shipped.sites, zoom)
        markers = [labels.marker_box(p.x, p.y, p.radius) for p in points.itertuples()]
        boxes = [p.box for p in names]
        assert not overlapping(boxes), zoom
        assert not [p.id for p in names for m in markers if labels.boxes_intersect(p.box, m)], zoom
        counts.append(len(names))
    # At 7.5 the Gwangju markers, spread apart to be clickable, leave room for two names.
    assert counts[0] >= 2 and counts[1] >= 5 and counts[-1] > 2 * counts[1]


def test_presenter_names_stay_inside_the_slide(shipped):
    """Framed on a step's view, every name lies inside the map and off its controls."""
    levels, avoid = maps.framed_level((34.85, 126.75), 8.5, (800, 590), [(0, 0, 52, 92)])
    _, placed = maps.plan_names(shipped.sites, shipped.links, "en", highlight=["jn-nacc"], levels=levels, avoid=avoid)
    (frame,), names = levels.values(), placed[8.5]
    assert names and all(labels.inside(p.box, frame) for p in names)
    assert not [p for p in names if labels.boxes_intersect(p.box, avoid[8.5][0])]


def test_a_name_never_sits_nearer_another_marker_than_its_own():
    """With the markers' centres given, a spot nearer a neighbour's centre is refused: the name goes where
    it reads as its own marker's, or further out on a leader line clear of other markers, or not at all."""
    sizes = {"a": (40, 12)}
    # b sits just under the spot right of a, c below-left: a name on the right would read as b's.
    centres = {"a": (100, 100), "b": (140, 117), "c": (60, 130)}
    obstacles = [labels.marker_box(x, y, 9) for x, y in centres.values()]
    plain = labels.place_labels([("a", 100, 100, 9)], sizes, obstacles)
    assert plain[0].side == "right" and labels.nearer_other(plain, centres) == ["a"]
    own = labels.place_labels([("a", 100, 100, 9)], sizes, obstacles, centres=centres)
    assert own[0].side != "right" and own[0].leader is None
    assert labels.nearer_other(own, centres) == []
    # Boxed in on every side: only a leader line ties the name, and only while leaders are allowed.
    ring = {"a": (100, 100), "e": (124, 100), "w": (76, 100), "n": (100, 76), "s": (100, 124)}
    walls = [labels.marker_box(x, y, 9) for x, y in ring.values()]
    assert labels.place_labels([("a", 100, 100, 9)], {"a": (30, 12)}, walls, centres=ring) == []
    tied = labels.place_labels([("a", 100, 100, 9)], {"a": (30, 12)}, walls, centres=ring, leaders=1)
    assert tied and tied[0].leader == (100, 100, 9)
    start, end = labels.leader_ends(tied[0].box, 100, 100, 10)
    assert not [w for w in walls[1:] if labels.segment_meets(start, end, w)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_presenter_name_is_nearer_another_marker_than_its_own(shipped, lang):
    """On every presenter step (its own frame and controls) each name is nearer its own marker's centre than
    any other marker's, or tied to its marker by a leader line. Before: 23 of 57 names (ko), 18 of 48 (en)."""
    from geo.flows import flow_mode
    from geo.maps.flows import flow_count_labels, region_flow_curves
    from geo.maps.names import marker_points, plan_names
    from geo.story import STEP_MAP_PX, step_view
    from tests.helpers import STEPS

    controls = [(0, 0, 52, 92), (0, 92, 190, 250), (0, 550, 110, 590), (680, 562, 800, 590)]  # views/presenter.py
    cat, named = shipped, 0
    for step in STEPS:
        view = step_view(cat, step)
        levels, avoid = maps.framed_level(step.center, step.zoom, STEP_MAP_PX, controls)
        curves = region_flow_curves(view.links, view.sites, {}) if flow_mode(view.sites, step.regions) == "belt" else []
        _, placed = plan_names(
            view.sites, view.links, lang, step.highlight, levels, avoid, 16, flow_count_labels(curves)
        )
        points = marker_points(view.sites, step.zoom, step.highlight)
        centres = {p.id: (p.x, p.y) for p in points.itertuples()}
        names = [p for p in placed[step.zoom] if p.id in centres]
        assert labels.nearer_other(names, centres) == [], step.number
        assert len(names) >= 4, step.number  # the rule does not empty the slide
        named += len(names)
    assert named >= 50


def test_a_selected_sites_names_stay_inside_the_map_page(shipped):
    """With a site selected the map opens on it at zoom 10: every name there lies inside the 560×550 map,
    clear of its controls (unframed, names of 새만금's and Gwangju's sites ran over the top edge)."""
    from geo.maps.names import NAME_LEVELS, plan_names, selected_site_levels

    frame_px, outside = (560, 550), 0
    for site in shipped.sites.itertuples():
        levels, avoid = selected_site_levels((site.geometry.y, site.geometry.x), 10, frame_px)
        assert set(levels) == set(NAME_LEVELS) and [z for z, f in levels.items() if f] == [10]
        frame = levels[10]
        _, placed = plan_names(shipped.sites, shipped.links, "ko", [site.id], {10: frame}, avoid)
        assert placed[10] and all(labels.inside(p.box, frame) for p in placed[10]), site.id
        _, loose = plan_names(shipped.sites, shipped.links, "ko", [site.id], {10: None})
        outside += sum(not labels.inside(p.box, frame) for p in loose[10])
    assert outside  # the same names, unframed, do leave the map
