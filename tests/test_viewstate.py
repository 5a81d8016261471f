"""The view state: a tolerant parse from the URL, a minimal serialise, and their round trip."""

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.catalogue import LINK_KINDS, PROGRAM_STATUSES, SITE_STATUSES
from geo.filters import Filters
from geo.maps import CHORO_METRICS, flow_layer_id
from geo.viewstate import VC_MODES, Choices, ViewState, parse, share_link, to_query

REGIONS = ("gwangju", "jeonnam", "jeonbuk")
SECTORS = ("mobility", "energy", "bio", "food", "heavy", "culture", "ai_infra")
SITES = ("gj-dc", "jn-kepco", "jb-saemangeum-nic", "gj_ai-hub2")
PLACES = ("46830", "46830253", "4683025329", "52111")
CHOICES = Choices(
    regions=frozenset(REGIONS),
    sectors=frozenset(SECTORS),
    sites=frozenset(SITES),
    years=(2020, 2030),
    steps=7,
    places=frozenset(PLACES),
)
LAYERS = (*SECTORS, *(flow_layer_id(k) for k in LINK_KINDS))


def subset(values, ordered=False):
    """Distinct values in any order (or in the given order when ``ordered``), as a tuple."""
    drawn = st.lists(st.sampled_from(values), unique=True)
    if ordered:
        return drawn.map(lambda chosen: tuple(v for v in values if v in chosen))
    return drawn.map(tuple)


def year_ranges():
    """A proper sub-range of 2020–2030, or None (the whole range)."""
    pairs = st.tuples(st.integers(2020, 2030), st.integers(2020, 2030)).map(sorted).map(tuple)
    return st.one_of(st.none(), pairs.filter(lambda p: p != (2020, 2030)))


views = st.builds(
    ViewState,
    lang=st.sampled_from(("ko", "en")),
    filters=st.builds(
        Filters,
        regions=subset(REGIONS),
        sectors=subset(SECTORS),
        site_statuses=subset(SITE_STATUSES, ordered=True),
        program_statuses=subset(PROGRAM_STATUSES, ordered=True),
        years=year_ranges(),
        sourced_only=st.booleans(),
    ),
    site=st.one_of(st.none(), st.sampled_from(SITES)),
    step=st.integers(1, 7),
    metric=st.sampled_from(CHORO_METRICS),
    hidden=subset(LAYERS),
    vc_mode=st.sampled_from(VC_MODES),
    search=st.text(min_size=0, max_size=40).map(str.strip),
    layer=st.one_of(st.none(), st.text("0123456789abcdef", min_size=32, max_size=32)),
    place=st.one_of(st.none(), st.sampled_from(PLACES)),
    year=st.one_of(st.none(), st.integers(2019, 2031)),
)


@given(views)
def test_round_trip(view):
    """Every view survives the trip to the URL and back, with nothing reported."""
    assert parse(to_query(view), CHOICES) == (view, [])


@given(views)
def test_round_trip_through_an_address(view):
    """…and through a real address: encoded, then decoded as a browser sends it back."""
    link = share_link("http://127.0.0.1:8501/map", to_query(view))
    assert parse(parse_qs(urlsplit(link).query, keep_blank_values=True), CHOICES)[0] == view


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "lang",
                "f_region",
                "f_years",
                "site",
                "step",
                "choro",
                "hide",
                "layer",
                "pg_search",
                "vc_sankey_mode",
                "year",
                "other",
            ]
        ),
        st.lists(st.text(max_size=80), max_size=4),
    )
)
def test_parse_never_raises_and_always_gives_a_valid_view(query):
    """Any text at all gives a view whose every part is one the catalogue allows."""
    view, _ = parse(query, CHOICES)
    assert view.lang in ("ko", "en") and view.metric in CHORO_METRICS and 1 <= view.step <= 7
    assert set(view.filters.regions) <= set(REGIONS) and set(view.hidden) <= set(LAYERS)
    assert view.site in (None, *SITES)
    assert view.year is None or 2019 <= view.year <= 2031
    assert view.filters.years is None or 2020 <= view.filters.years[0] <= view.filters.years[1] <= 2030
    assert parse(to_query(view), CHOICES) == (view, [])


def test_defaults_are_left_out():
    """The default view has an empty query, so a plain address is the default view."""
    assert to_query(ViewState()) == {}
    assert to_query(ViewState(lang="en", step=3)) == {"lang": ["en"], "step": ["3"]}


@pytest.mark.parametrize(
    ("query", "param", "value"),
    [
        ({"f_region": ["seoul"]}, "f_region", "seoul"),
        ({"site": ["<script>alert(1)</script>"]}, "site", "<script>alert(1)</script>"),
        ({"site": ["' OR 1=1 --"]}, "site", "' OR 1=1 --"),
        ({"layer": ["../../etc/passwd"]}, "layer", "../../etc/passwd"),
        ({"layer": ["ABCDEF0123456789ABCDEF0123456789"]}, "layer", "ABCDEF0123456789ABCDEF0123456789"),
        ({"choro": ["budget; drop"]}, "choro", "budget; drop"),
        ({"hide": ["flow-teleport"]}, "hide", "flow-teleport"),
        ({"step": ["2.5"]}, "step", "2.5"),
        ({"f_years": ["junk"]}, "f_years", "junk"),
        ({"f_years": ["1990-2019"]}, "f_years", "1990-2019"),
        ({"lang": ["fr"]}, "lang", "fr"),
        ({"f_status": ["demolished"]}, "f_status", "demolished"),
        ({"f_sourced": ["yes"]}, "f_sourced", "yes"),
        ({"place": ["4683025399"]}, "place", "4683025399"),
        ({"place": ["용당리"]}, "place", "용당리"),
        ({"place": ["468302532"]}, "place", "468302532"),
        ({"year": ["2018"]}, "year", "2018"),
        ({"year": ["2032"]}, "year", "2032"),
        ({"year": ["twenty"]}, "year", "twenty"),
        ({"year": ["2027.5"]}, "year", "2027.5"),
        ({"year": ["-2027"]}, "year", "-2027"),
    ],
)
def test_bad_values_fall_back_and_are_reported(query, param, value):
    """A hostile or malformed value gives the default for its part and a problem naming it."""
    view, problems = parse(query, CHOICES)
    assert view == ViewState()
    assert [(p.param, p.value) for p in problems] == [(param, value)]


def test_good_values_beside_bad_ones_are_kept():
    """One bad region does not cost the good one; a repeated single value keeps the first."""
    view, problems = parse({"f_region": ["jeonbuk", "mars"], "site": ["gj-dc", "jn-kepco"]}, CHOICES)
    assert view.filters.regions == ("jeonbuk",) and view.site == "gj-dc"
    assert {p.param for p in problems} == {"f_region", "site"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-2025", (2022, 2025)),
        ("2025-2022", (2022, 2025)),
        ("1990-2025", (2020, 2025)),
        ("1990-2050", None),
        ("2020-2030", None),
    ],
)
def test_years_are_clipped_to_the_catalogue(value, expected):
    """A year range is clipped to the programmes' years; the whole range means no year filter."""
    assert parse({"f_years": [value]}, CHOICES)[0].filters.years == expected


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("0", 1), ("99", 7), ("x", 1)])
def test_steps_are_clamped_to_the_story(value, expected):
    """A step past either end of the story opens its first or last step; junk opens step 1."""
    assert parse({"step": [value]}, CHOICES)[0].step == expected


def test_without_a_catalogue_any_well_formed_id_is_kept():
    """When the catalogue cannot be read, ids are kept if they look like ids (the page says why)."""
    view, problems = parse({"f_region": ["anywhere"], "site": ["a b"]})
    assert view.filters.regions == ("anywhere",) and view.site is None and len(problems) == 1


def test_with_changes_filters_and_view_fields_together():
    """``with_`` takes filter fields directly, so one call changes a region and the site."""
    view = ViewState(site="gj-dc").with_(regions=("jeonbuk",), site=None)
    assert view == ViewState(filters=Filters(regions=("jeonbuk",)))


def test_share_link_is_the_page_address_with_the_view():
    """A shared link keeps the page path, drops the old query and encodes Korean text."""
    link = share_link(
        "http://10.0.0.5:8501/programs?old=1", {"f_region": ["jeonbuk", "jeonnam"], "pg_search": ["새만금 AI"]}
    )
    assert link == (
        "http://10.0.0.5:8501/programs?f_region=jeonbuk&f_region=jeonnam&pg_search=%EC%83%88%EB%A7%8C%EA%B8%88+AI"
    )
    assert share_link("http://10.0.0.5:8501", {"lang": ["en"]}) == "http://10.0.0.5:8501/?lang=en"


def test_a_found_place_is_in_the_link():
    """The place found on the map is ``place=<code>``; a well-formed code is kept without a catalogue."""
    view = ViewState(place="4683025329")
    assert to_query(view) == {"place": ["4683025329"]}
    assert parse(to_query(view), CHOICES)[0] == view
    assert parse({"place": ["1111010100"]})[0].place == "1111010100"


def test_an_industry_metric_is_part_of_the_link():
    view, problems = parse({"choro": "lq_manufacturing"})
    assert view.metric == "lq_manufacturing" and not problems
    assert to_query(view) == {"choro": ["lq_manufacturing"]}
    assert parse({"choro": "grdp_change"})[0].metric == "grdp_change"
    assert parse({"choro": "lq_nothing"})[0].metric == "none"


def test_a_year_is_in_the_link_and_today_is_not():
    """year=2027 reopens the belt in 2027; no year is today and leaves the link short."""
    assert to_query(ViewState(year=2027)) == {"year": ["2027"]}
    assert parse({"year": "2027"}, CHOICES) == (ViewState(year=2027), [])
    assert parse({"year": ["2019"]})[0].year == 2019 and parse({"year": ["2031"]})[0].year == 2031
    assert "year" not in to_query(ViewState(year=None))
