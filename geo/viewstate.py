"""The state of a view as one value, and its pure round trip through the URL.

Everything a view consists of — language, filters, the selected site, the presenter's step, the
choropleth metric, the map layers switched off, the value-chain weighting, the programme search,
the planner's stored layer, the place found on the map, the scenario and the year it stands in —
is one frozen ``ViewState``. ``parse`` reads it from query parameters (untrusted text: anything
unknown or malformed falls back to the default and is reported, never raised) and ``to_query``
writes it back, leaving defaults out so links stay short. ``parse(to_query(v), choices) == v`` for
every valid ``v``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

from geo.catalogue import LINK_KINDS, PROGRAM_STATUSES, SITE_STATUSES
from geo.filters import Filters
from geo.i18n import DEFAULT_LANG, LANGS
from geo.places import is_place_code
from geo.planner.store import is_layer_id
from geo.timeline import YEARS as YEAR_RANGE
from geo.vocabulary import CHORO_METRICS, flow_layer_id

VC_MODES = ("sites", "links")
MAX_SEARCH = 100
YEARS = re.compile(r"(\d{4})-(\d{4})")

# Query parameter names, kept as they were so that links shared earlier still open.
P_LANG, P_SITE, P_STEP, P_METRIC, P_HIDE, P_LAYER = "lang", "site", "step", "choro", "hide", "layer"
P_REGION, P_SECTOR, P_STATUS, P_PSTATUS, P_YEARS = "f_region", "f_sector", "f_status", "f_pstatus", "f_years"
P_SOURCED = "f_sourced"
P_VC, P_SEARCH = "vc_sankey_mode", "pg_search"
P_PLACE = "place"
P_SCENARIO, SCENARIOS = "scenario", ("proposals",)  # a what-if: "proposals" adds every proposed programme and site
P_YEAR = "year"


@dataclass(frozen=True)
class ViewState:
    """One view of the dashboard: what a link reopens."""

    lang: str = DEFAULT_LANG
    filters: Filters = field(default_factory=Filters)
    site: str | None = None
    step: int = 1
    metric: str = "none"
    hidden: tuple[str, ...] = ()
    vc_mode: str = "sites"
    search: str = ""
    layer: str | None = None
    place: str | None = None
    scenario: str | None = None
    # The year the view stands in (geo.timeline); None is today, the catalogue as it is.
    year: int | None = None

    def with_(self, **changes) -> ViewState:
        """A copy with ``changes``; filter fields (``regions``, ``years`` …) may be given directly."""
        filter_fields = {k: changes.pop(k) for k in list(changes) if k in Filters.__dataclass_fields__}
        if filter_fields:
            changes["filters"] = replace(changes.get("filters", self.filters), **filter_fields)
        return replace(self, **changes)


@dataclass(frozen=True)
class Choices:
    """What the catalogue allows: values outside these are dropped by ``parse``.

    ``None`` for a set means "any well-formed value" (used when the catalogue cannot be read).
    """

    regions: frozenset[str] | None = None
    sectors: frozenset[str] | None = None
    sites: frozenset[str] | None = None
    years: tuple[int, int] | None = None
    steps: int | None = None
    places: frozenset[str] | None = None

    @property
    def layers(self) -> frozenset[str] | None:
        """The map layers a user can switch off: one per sector and one per flow kind."""
        if self.sectors is None:
            return None
        return frozenset(self.sectors) | {flow_layer_id(kind) for kind in LINK_KINDS}


@dataclass(frozen=True)
class Problem:
    """A query parameter that was ignored, and why."""

    param: str
    value: str
    reason: str


def parse(query: Mapping[str, Iterable[str] | str], choices: Choices = Choices()) -> tuple[ViewState, list[Problem]]:
    """The view a URL's query parameters describe, and the parameters that were ignored.

    Parameters
    ----------
    query : mapping
        Parameter name → its values (a repeated parameter has several); a plain string counts
        as one value. Unknown names are ignored silently: they may belong to someone else.
    choices : Choices
        The ids the catalogue knows; an unknown id is dropped and reported.

    Returns
    -------
    (ViewState, list of Problem)
    """
    values = {key: [v] if isinstance(v, str) else list(v) for key, v in query.items()}
    problems: list[Problem] = []

    def one(param: str) -> str | None:
        found = [v for v in values.get(param, []) if v != ""]
        if len(found) > 1:
            problems.append(Problem(param, ";".join(found), "repeated; the first is used"))
        return found[0] if found else None

    def pick(param: str, allowed: Iterable[str], default: str) -> str:
        value = one(param)
        if value is None:
            return default
        if value not in allowed:
            problems.append(Problem(param, value, "unknown value"))
            return default
        return value

    def ids(param: str, allowed: frozenset[str] | None, order: Iterable[str] | None = None) -> tuple[str, ...]:
        kept = []
        for value in values.get(param, []):
            if value == "" or value in kept:
                continue
            if not _is_slug(value) or (allowed is not None and value not in allowed):
                problems.append(Problem(param, value, "unknown id"))
                continue
            kept.append(value)
        return _canonical(kept, order)

    lang = pick(P_LANG, LANGS, DEFAULT_LANG)
    filters = Filters(
        regions=ids(P_REGION, choices.regions),
        sectors=ids(P_SECTOR, choices.sectors),
        site_statuses=ids(P_STATUS, frozenset(SITE_STATUSES), SITE_STATUSES),
        program_statuses=ids(P_PSTATUS, frozenset(PROGRAM_STATUSES), PROGRAM_STATUSES),
        years=_years(one(P_YEARS), choices.years, problems),
        sourced_only=pick(P_SOURCED, ("0", "1"), "0") == "1",
    )
    site = one(P_SITE)
    if site is not None and (not _is_slug(site) or (choices.sites is not None and site not in choices.sites)):
        problems.append(Problem(P_SITE, site, "unknown site"))
        site = None
    layer = one(P_LAYER)
    if layer is not None and not is_layer_id(layer):
        problems.append(Problem(P_LAYER, layer, "not a layer id"))
        layer = None
    place = one(P_PLACE)
    if place is not None and (not is_place_code(place) or (choices.places is not None and place not in choices.places)):
        problems.append(Problem(P_PLACE, place, "unknown place"))
        place = None
    search = (one(P_SEARCH) or "").strip()
    if len(search) > MAX_SEARCH:
        problems.append(Problem(P_SEARCH, search[:20] + "…", f"longer than {MAX_SEARCH} characters; cut"))
        search = search[:MAX_SEARCH]
    state = ViewState(
        lang=lang,
        filters=filters,
        site=site,
        step=_step(one(P_STEP), choices.steps, problems),
        metric=pick(P_METRIC, CHORO_METRICS, "none"),
        hidden=ids(P_HIDE, choices.layers),
        vc_mode=pick(P_VC, VC_MODES, "sites"),
        search=search,
        layer=layer,
        place=place,
        scenario=_scenario(one(P_SCENARIO), problems),
        year=_year(one(P_YEAR), problems),
    )
    return state, problems


def to_query(state: ViewState) -> dict[str, list[str]]:
    """The query parameters of ``state``: only what differs from the default view, in a fixed order."""
    f = state.filters
    pairs = {
        P_LANG: [state.lang] if state.lang != DEFAULT_LANG else [],
        P_REGION: list(f.regions),
        P_SECTOR: list(f.sectors),
        P_STATUS: list(f.site_statuses),
        P_PSTATUS: list(f.program_statuses),
        P_YEARS: ["{}-{}".format(*f.years)] if f.years else [],
        P_SOURCED: ["1"] if f.sourced_only else [],
        P_SITE: [state.site] if state.site else [],
        P_STEP: [str(state.step)] if state.step != 1 else [],
        P_METRIC: [state.metric] if state.metric != "none" else [],
        P_HIDE: list(state.hidden),
        P_VC: [state.vc_mode] if state.vc_mode != "sites" else [],
        P_SEARCH: [state.search] if state.search else [],
        P_LAYER: [state.layer] if state.layer else [],
        P_PLACE: [state.place] if state.place else [],
        P_SCENARIO: [state.scenario] if state.scenario else [],
        P_YEAR: [str(state.year)] if state.year is not None else [],
    }
    return {key: value for key, value in pairs.items() if value}


def share_link(page_url: str, query: Mapping[str, list[str]]) -> str:
    """The link that reopens a view: the page's address (its own query dropped) and ``query``.

    Encoded as Streamlit writes the address bar, so the link and the address bar agree to the letter.
    """
    base = urlsplit(page_url)
    pairs = [(key, value) for key, values in query.items() for value in values if value != ""]
    # A browser shows the root of a site as "/", which Streamlit's page address leaves out.
    return urlunsplit((base.scheme, base.netloc, base.path or "/", urlencode(pairs), ""))


def choices_for(
    regions: Iterable[str],
    sectors: Iterable[str],
    sites: Iterable[str],
    years: tuple[int, int] | None,
    steps: int | None = None,
    places: Iterable[str] | None = None,
) -> Choices:
    """The ``Choices`` of a catalogue, from its ids (and the codes of the places a search can find)."""
    return Choices(
        regions=frozenset(regions),
        sectors=frozenset(sectors),
        sites=frozenset(sites),
        years=years,
        steps=steps,
        places=frozenset(places) if places is not None else None,
    )


def _is_slug(value: str) -> bool:
    """Whether ``value`` looks like a catalogue id (letters, digits, ``-`` and ``_``, at most 64)."""
    return bool(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value))


def _canonical(kept: list[str], order: Iterable[str] | None) -> tuple[str, ...]:
    """Ids in a fixed order (the given one, else as chosen), so one view has one URL."""
    if order is None:
        return tuple(kept)
    order = list(order)
    return tuple(sorted(kept, key=order.index))


def _years(value: str | None, bounds: tuple[int, int] | None, problems: list[Problem]) -> tuple[int, int] | None:
    """A ``YYYY-YYYY`` range clipped to ``bounds``; the whole range or anything malformed is ``None``."""
    if value is None:
        return None
    match = YEARS.fullmatch(value.strip())
    if not match:
        problems.append(Problem(P_YEARS, value, "not YYYY-YYYY"))
        return None
    low, high = sorted(int(g) for g in match.groups())
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
        if low > high:
            problems.append(Problem(P_YEARS, value, "outside {}-{}".format(*bounds)))
            return None
        if (low, high) == tuple(bounds):
            return None
    return (low, high)


def _scenario(value: str | None, problems: list[Problem]) -> str | None:
    """A known scenario (``proposals``) or None: anything else is reported and the view stays as decided."""
    if value is None or value.strip().lower() in SCENARIOS:
        return value.strip().lower() if value else None
    problems.append(Problem(P_SCENARIO, value, "unknown scenario"))
    return None


def _step(value: str | None, count: int | None, problems: list[Problem]) -> int:
    """A presenter step from 1 to ``count``; a number past either end is clamped."""
    if value is None:
        return 1
    if not re.fullmatch(r"\d{1,4}", value.strip()):
        problems.append(Problem(P_STEP, value, "not a step number"))
        return 1
    step = max(int(value), 1)
    return min(step, count) if count else step


def _year(value: str | None, problems: list[Problem]) -> int | None:
    """The year a view stands in, within ``geo.timeline.YEARS``; anything else is today (None)."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}", value.strip()):
        problems.append(Problem(P_YEAR, value, "not a year"))
        return None
    year = int(value)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        problems.append(Problem(P_YEAR, value, "outside {}-{}".format(*YEAR_RANGE)))
        return None
    return year
