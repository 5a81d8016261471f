"""The belt in a given year: each site's phase, each programme's status then, and what changed.

Pure rules over the catalogue's frames (no Streamlit). A view has a ``year`` (``None`` is "today":
the catalogue as it is now). For a year, sites take a *phase* from their year columns
(``announced_year``, ``construction_year``, ``opened_year``, ``planned_year``; ints or empty,
a missing column counts as empty) and programmes a status as of that year from their decision
date (``status_basis``) and ``program_history.csv``. The rules are stated in ``site_phase`` and
``programs_in_year`` and in docs/data-rules.md ("6. The belt in a given year").

The one rule behind them: **a past year shows only what a source dates**. A site or programme
with no year known is never drawn as if it existed then; it is "연도 미상" (year unknown). A
future year shows today's catalogue, plus what the sources plan for it, drawn as a plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd

from geo.catalogue import DECIDED_STATUSES, SITE_STATUSES, STATUS_BASIS
from geo.filters import View, links_between
from geo.i18n import display_name, t

# The years the slider and the playback step through (both ends included).
YEARS = (2019, 2031)
# A site's year columns (sites.geojson properties).
YEAR_COLUMNS = ("announced_year", "construction_year", "opened_year", "planned_year")
# Every phase a site can have in a year, in the order the legend lists them.
SITE_PHASES = (*SITE_STATUSES, "planned_open", "unknown", "not_announced")
# Phases of a site that is on record in a year: counted in the KPIs, region cards and colouring.
ON_RECORD = (*SITE_STATUSES, "planned_open")
# Phases drawn faint (never as a fact): a plan for a future year, and a past year no source dates.
GHOST_PHASES = ("planned_open", "unknown")
PROGRAM_PHASES = ("not_started", "running", "finished", "undated")
_YEAR = re.compile(r"^\s*((19|20)\d\d)(\.0+)?\s*$")


def current_year(today: date | None = None) -> int:
    """The year the default view ("today") stands in: ``today``'s, or this machine's date's.

    >>> current_year(date(2026, 12, 1))
    2026
    """
    return (today or date.today()).year


def year_of(value: object) -> int | None:
    """A year cell as an int: ``2021``, ``"2021"``, ``2021.0``, ``"2021-03-04"``; empty or malformed → None.

    A malformed cell is the validator's to report; here it counts as unknown, never as a guess.

    >>> [year_of(v) for v in (2021, "2021", 2021.0, "2023-06-29", "", None, float("nan"), "soon")]
    [2021, 2021, 2021, 2023, None, None, None, None]
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    match = _YEAR.match(text) or re.match(r"^\s*((19|20)\d\d)-\d\d", text)
    return int(match.group(1)) if match else None


def site_years(row: Mapping) -> dict[str, int | None]:
    """A site's year columns as ints (None when empty, malformed or not in the row)."""
    return {column: year_of(row.get(column)) for column in YEAR_COLUMNS}


def site_phase(row: Mapping, year: int | None, today_year: int) -> str:
    """How a site stood in ``year``: one of ``SITE_PHASES``.

    The rules, in order (a year after ``today_year`` in a year column is a plan, not a fact):

    1. ``year`` is None or ``today_year``: the site's current ``status`` (the catalogue as it is).
    2. ``opened_year`` ≤ ``year`` (a fact): ``operating``.
    3. a future ``year``: ``planned_open`` when the site is not operating today and a plan
       (``planned_year``, or an ``opened_year`` after today) falls in or before ``year`` —
       "planned to be running by then", drawn as a plan; otherwise its current ``status``.
    4. ``construction_year`` ≤ ``year``: ``under_construction``.
    5. ``announced_year`` ≤ ``year``: ``planned`` (``proposed`` when the site is still only proposed).
    6. some year is known, all after ``year``: ``not_announced`` (hidden; ghosted on request).
       With ``announced_year`` empty this is "before the first step a source dates".
    7. no year known: ``unknown`` (연도 미상) — never drawn as if it existed then.

    >>> site_phase({"status": "operating", "opened_year": 2022}, 2021, 2026)
    'not_announced'
    >>> site_phase({"status": "operating"}, 2021, 2026), site_phase({"status": "operating"}, None, 2026)
    ('unknown', 'operating')
    >>> site_phase({"status": "planned", "planned_year": 2028}, 2030, 2026)
    'planned_open'
    """
    status = str(row.get("status", "") or "")
    if year is None or year == today_year:
        return status
    years = site_years(row)
    facts = {column: value for column, value in years.items() if value is not None and value <= today_year}
    facts.pop("planned_year", None)
    if facts.get("opened_year") is not None and facts["opened_year"] <= year:
        return "operating"
    if year > today_year:
        plans = [years["planned_year"], years["opened_year"] if "opened_year" not in facts else None]
        if status != "operating" and any(p is not None and p <= year for p in plans):
            return "planned_open"
        return status
    if facts.get("construction_year") is not None and facts["construction_year"] <= year:
        return "under_construction"
    if facts.get("announced_year") is not None and facts["announced_year"] <= year:
        return "proposed" if status == "proposed" else "planned"
    if any(value is not None for value in years.values()):
        return "not_announced"
    return "unknown"


def sites_in_year(sites: gpd.GeoDataFrame, year: int | None, today_year: int, ghosts: bool = False) -> gpd.GeoDataFrame:
    """The sites drawn in ``year``, each with its ``phase`` (``site_phase``).

    Every site but the ``not_announced`` ones, which stay only when ``ghosts`` asks to see them
    (drawn faint). A site with no year known in a past year stays, as ``unknown``: the map draws
    it faint and the KPIs leave it out (``on_record``).
    """
    phase = pd.Series([site_phase(row, year, today_year) for _, row in sites.iterrows()], index=sites.index)
    drawn = sites.assign(phase=phase.astype(str))
    return drawn if ghosts else drawn[drawn["phase"] != "not_announced"]


def on_record(sites: pd.DataFrame) -> pd.DataFrame:
    """The sites of a year that a source puts there (``ON_RECORD``): those the KPIs count."""
    if "phase" not in sites:
        return sites
    return sites[sites["phase"].isin(ON_RECORD)]


def decision_year(program: Mapping, history: pd.DataFrame | None = None) -> int | None:
    """The year a programme's current decided status was decided, or None.

    The date of its ``status_basis`` (``YYYY-MM-DD: decision [sources]``), or the first row of
    ``program_history.csv`` with a decided status (``confirmed``, ``in_progress``), whichever is
    earlier. Only for a programme whose current status is decided; a proposal has no decision.
    """
    if str(program.get("status", "")) not in DECIDED_STATUSES:
        return None
    found = []
    basis = STATUS_BASIS.match(str(program.get("status_basis", "") or ""))
    if basis:
        found.append(year_of(basis.group("date")))
    if history is not None and len(history):
        rows = history[(history["program_id"] == program.get("id")) & history["status"].isin(DECIDED_STATUSES)]
        found.extend(year_of(d) for d in rows["date"])
    found = [y for y in found if y is not None]
    return min(found) if found else None


def status_in_year(program: Mapping, year: int | None, today_year: int, history: pd.DataFrame | None = None):
    """A programme's status as of ``year``, or None when no source dates it by then.

    - ``year`` None or not before ``today_year``: its current status (today's decision stands).
    - decided by ``year`` (``decision_year``): its current status.
    - else the status of its latest ``program_history.csv`` row dated in or before ``year``;
    - else, for a decided programme that had started by ``year`` (``start_year``), ``unverified``:
      it ran, but no decision is dated yet, so its money is not counted as confirmed;
    - else None: not on record that year (a proposal with no dated step, a later decision).
    """
    status = str(program.get("status", ""))
    if year is None or year >= today_year:
        return status
    decided = decision_year(program, history)
    if decided is not None and decided <= year:
        return status
    if history is not None and len(history):
        rows = history[history["program_id"] == program.get("id")]
        dated = [(year_of(d), i) for i, d in zip(rows.index, rows["date"], strict=True)]
        earlier = [(y, i) for y, i in dated if y is not None and y <= year]
        if earlier:
            return str(rows.at[max(earlier)[1], "status"])
    start = year_of(program.get("start_year"))
    if status in DECIDED_STATUSES and start is not None and start <= year:
        return "unverified"
    return None


def program_phase_in_year(program: Mapping, year: int) -> str:
    """``not_started`` (before ``start_year``), ``finished`` (after ``end_year``), ``running`` or ``undated``.

    A programme with no ``start_year`` is ``undated`` unless its ``end_year`` has passed.

    >>> [program_phase_in_year({"start_year": "2020", "end_year": "2024"}, y) for y in (2019, 2022, 2025)]
    ['not_started', 'running', 'finished']
    """
    start, end = year_of(program.get("start_year")), year_of(program.get("end_year"))
    if end is not None and year > end:
        return "finished"
    if start is None:
        return "undated"
    return "not_started" if year < start else "running"


def programs_in_year(
    programs: pd.DataFrame, year: int | None, today_year: int, history: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The programmes on record in ``year`` with their ``status`` then, ``status_now`` and ``phase``.

    ``status`` is ``status_in_year``, so every total that reads ``status`` follows the year: the
    KPI's "2027년 기준" confirmed money is the programmes confirmed by then — the current status is
    ``confirmed`` and its decision is dated in or before the year — each amount counted once
    (``geo.catalogue.counted_budget``, applied by ``geo.joins.confirmed_split``). With ``year`` None
    the frame is ``programs`` as it is, so today's confirmed figures are unchanged.
    """
    if year is None:
        return programs
    rows = programs.to_dict("records")
    # Each programme's own history rows, found once (a filter of the whole file per programme is slow).
    own = dict(tuple(history.groupby("program_id"))) if history is not None and len(history) else {}
    status = pd.Series([status_in_year(r, year, today_year, own.get(r.get("id"))) for r in rows], index=programs.index)
    phase = pd.Series([program_phase_in_year(r, year) for r in rows], index=programs.index, dtype=str)
    kept = status.notna()
    return programs[kept].assign(status_now=programs["status"][kept], status=status[kept], phase=phase[kept])


@dataclass(frozen=True)
class YearView:
    """A filtered view as it stood in ``year``.

    ``shown`` is what counts that year (sites on record, the links between them, programmes on
    record with their status then), for the KPIs, cards, colouring and analysis; ``drawn`` the
    sites the map draws (with ``unknown`` ones, and ``not_announced`` ones when ghosts are asked).
    """

    year: int | None
    shown: View
    drawn: gpd.GeoDataFrame
    unknown: int = 0
    hidden: int = 0
    today_year: int = field(default_factory=current_year)
    # What changed since the year before (the live summary's line); None for today.
    changes: Changes | None = None
    # The view the year was taken from (the filters applied, no year): what frames the map.
    base: View | None = None


def year_view(
    view: View, history: pd.DataFrame | None, year: int | None, today_year: int, ghosts: bool = False
) -> YearView:
    """``view`` (the filters applied) in ``year``: ``YearView``; with ``year`` None, ``view`` as it is."""
    if year is None:
        return YearView(None, view, view.sites, today_year=today_year, base=view)
    drawn = sites_in_year(view.sites, year, today_year, ghosts=True)
    counted = on_record(drawn)
    links = view.links[links_between(view.links, counted["id"])]
    shown = View(
        sites=counted,
        programs=programs_in_year(view.programs, year, today_year, history),
        links=links,
        filters=view.filters,
        year=year,
    )
    phase = drawn["phase"]
    return YearView(
        year,
        shown,
        drawn if ghosts else drawn[phase != "not_announced"],
        unknown=int((phase == "unknown").sum()),
        hidden=int((phase == "not_announced").sum()),
        today_year=today_year,
        changes=changes_between(view.sites, year - 1, year, today_year),
        base=view,
    )


def site_status_in_year(sites: pd.DataFrame) -> dict[str, str]:
    """Site id → a status for ``geo.joins.confirmed_split`` in a year: a plan counts as ``planned``."""
    if "phase" not in sites:
        return dict(zip(sites["id"], sites["status"], strict=True))
    status = sites["phase"].where(sites["phase"].isin(SITE_STATUSES), "planned")
    return dict(zip(sites["id"], status, strict=True))


@dataclass(frozen=True)
class Changes:
    """What changed between two years: sites that came on record, and sites that started operating."""

    year: int
    added: tuple[str, ...] = ()
    opened: tuple[str, ...] = ()


def changes_between(sites: gpd.GeoDataFrame, year_a: int | None, year_b: int | None, today_year: int) -> Changes:
    """The sites added (on record in ``year_b``, not in ``year_a``) and opened (operating in ``year_b`` only).

    >>> frame = pd.DataFrame({"id": ["a", "b"], "status": ["operating"] * 2, "opened_year": [2022, 2024]})
    >>> changes_between(frame, 2023, 2024, 2026)
    Changes(year=2024, added=('b',), opened=('b',))
    """
    before = [site_phase(row, year_a, today_year) for _, row in sites.iterrows()]
    after = [site_phase(row, year_b, today_year) for _, row in sites.iterrows()]
    ids = list(sites["id"])
    added = tuple(i for i, a, b in zip(ids, before, after, strict=True) if a not in ON_RECORD and b in ON_RECORD)
    opened = tuple(i for i, a, b in zip(ids, before, after, strict=True) if a != "operating" and b == "operating")
    return Changes(year_b if year_b is not None else today_year, added, opened)


MAX_NAMED = 3


def changes_text(changes: Changes, sites: pd.DataFrame, lang: str, most: int = MAX_NAMED) -> str:
    """The live summary's year line: "2024년: 거점 3곳 추가 — A, B, C · 1곳 운영 시작 — D".

    At most ``most`` names per part, then "외 N곳" / "and N more"; "변화 없음" when nothing changed.
    """
    by_id = sites.set_index("id")

    def named(ids: tuple[str, ...]) -> str:
        shown = [display_name(by_id.loc[i], lang) for i in ids[:most] if i in by_id.index]
        more = t("year_more", lang).format(n=len(ids) - most) if len(ids) > most else ""
        return ", ".join(shown) + more

    parts = []
    if changes.added:
        parts.append(t("year_added", lang).format(n=len(changes.added), names=named(changes.added)))
    if changes.opened:
        parts.append(t("year_started", lang).format(n=len(changes.opened), names=named(changes.opened)))
    body = " · ".join(parts) or t("year_no_change", lang)
    return t("year_summary", lang).format(year=changes.year, changes=body)


def year_label(year: int, lang: str) -> str:
    """ "2027년 기준" / "As of 2027": the label every figure of a year view carries."""
    return t("year_as_of", lang).format(year=year)


def years_ahead(year: int | None, today_year: int) -> list[int]:
    """Every year of ``YEARS`` but the shown one, in the order the map builds them ahead: the playback's next first.

    >>> years_ahead(2029, 2026)
    [2030, 2031, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028]
    >>> years_ahead(None, 2026)[:6]
    [2027, 2028, 2029, 2030, 2031, 2019]
    """
    first, last = YEARS
    start = min(max(year if year is not None else today_year, first - 1), last)
    return [y for y in [*range(start + 1, last + 1), *range(first, start + 1)] if y != year]


def play_start(year: int | None) -> int:
    """The year a playback starts from: the shown year, or the first when today or the last is shown.

    >>> play_start(None), play_start(2024), play_start(2031)
    (2019, 2024, 2019)
    """
    return YEARS[0] if year is None or year >= YEARS[1] or year < YEARS[0] else year


def next_year(year: int) -> int | None:
    """The playback's next year, or None once the last year (``YEARS[1]``) is shown.

    >>> next_year(2030), next_year(2031)
    (2031, None)
    """
    return year + 1 if year < YEARS[1] else None
