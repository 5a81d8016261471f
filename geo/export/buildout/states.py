"""What each year of the build-out shows (phases, running totals, what is new) and how each phase looks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.catalogue import Catalogue
from geo.export.panels import site_frame
from geo.export.style import (
    FALLBACK_COLOUR,
    INK,
)
from geo.i18n import format_krw_100m, t
from geo.joins import confirmed_split

# The slide: 1280×720 pixels, the projector's size, at 100 dpi (type sizes are in points on it).
SLIDE_IN = (12.8, 7.2)
SLIDE_DPI = 100
# Each year shows this long; the last one longer, so a looping GIF pauses on where the belt ends up.
FRAME_MS = 1100
LAST_FRAME_MS = 3000
# The GIF's palette: this many of the colours most pixels have kept exactly, the rest cut from the frames.
EXACT_COLOURS = 96
# The years the print page compares.
MULTIPLE_YEARS = (2020, 2024, 2027, 2030)

# The states a site can have in a year, in the legend's order; ``not_announced`` is never drawn.
PHASES = ("operating", "planned_open", "under_construction", "planned", "proposed", "unknown")
HIDDEN_PHASES = ("not_announced",)
RUNNING_PHASES = ("operating", "planned_open")
RING_COLOUR = INK
UNKNOWN_FACE, UNKNOWN_EDGE = "#dcdde0", FALLBACK_COLOUR


@dataclass(frozen=True)
class PhaseStyle:
    """How markers of one phase are drawn: the face (sector colour, white or grey) and its opacity, the edge."""

    face: str = "colour"  # "colour", "white" or "grey"
    face_alpha: float = 1.0
    edge: str = "white"  # "white", "colour" or "grey"
    dashes: tuple | None = None  # an edge's on/off pattern in points; None: solid
    hatch: str | None = None
    alpha: float = 1.0


PHASE_STYLE: dict[str, PhaseStyle] = {
    "operating": PhaseStyle(),
    "planned_open": PhaseStyle(face_alpha=0.3, edge="colour", dashes=(1.0, 1.3)),
    "under_construction": PhaseStyle(face="white", edge="colour", hatch="//////"),
    "planned": PhaseStyle(face="white", edge="colour", dashes=(2.4, 1.5), alpha=0.7),
    "proposed": PhaseStyle(face="white", edge="colour", dashes=(2.4, 1.5), alpha=0.7),
    "unknown": PhaseStyle(face="grey", edge="grey", alpha=0.6),
}
# The legend's rows: planned and proposed look alike (as on the map), so they share one.
LEGEND_PHASES = ("operating", "planned_open", "under_construction", "planned", "unknown")


def timeline():
    """The year rules (`geo.timeline`): ``sites_in_year``, ``programs_in_year``, ``YEARS``.

    The one place this package reaches them, so that their names are read in one spot.
    """
    from geo import timeline as rules

    return rules


@dataclass(frozen=True)
class YearState:
    """What one year shows: the drawable sites with their ``phase``, and the running totals.

    ``sites`` is `geo.export.panels.site_frame` plus ``phase``; ``confirmed`` is 억원 decided by
    then; ``new`` the names of the sites that started running that year; ``plan`` marks a year
    after today (what it shows is the plan).
    """

    year: int
    sites: pd.DataFrame
    confirmed: float
    new: tuple[str, ...] = ()
    plan: bool = False

    def count(self, *phases: str) -> int:
        """How many sites are in any of ``phases`` that year."""
        return int(self.sites["phase"].isin(phases).sum())

    @property
    def running(self) -> int:
        """Sites running that year (by the plan, for a year after today: see `planned_open`)."""
        return self.count("operating")

    @property
    def planned_open(self) -> int:
        """Sites not running today that the plan says are open by that year."""
        return self.count("planned_open")


def year_states(
    view_sites: gpd.GeoDataFrame,
    programs: pd.DataFrame,
    cat: Catalogue,
    lang: str,
    today_year: int,
    years: Sequence[int] | None = None,
) -> list[YearState]:
    """Each year's state of the view: its sites' phases (`geo.timeline`) and money by the KPI's rule.

    ``years`` defaults to every year of ``geo.timeline.YEARS``. A site's phase comes from
    ``sites_in_year`` (with the ``not_announced`` ones, which are not drawn); the confirmed money
    of a year is `geo.joins.confirmed_split` of ``programs_in_year`` — the programmes confirmed
    by then, every amount once, national ones and proposals never.
    """
    rules = timeline()
    if years is None:
        first, last = rules.YEARS
        years = range(first, last + 1)
    drawable = site_frame(view_sites, cat, lang)
    history = getattr(cat, "history", None)
    states, before = [], None
    for year in years:
        phased = rules.sites_in_year(view_sites, int(year), today_year, ghosts=True)
        phase = dict(zip(phased["id"].astype(str), phased["phase"]))
        sites = drawable.assign(phase=drawable["id"].map(phase).fillna("unknown"))
        then = rules.programs_in_year(programs, int(year), today_year, history)
        money = confirmed_split(then, int(year), rules.site_status_in_year(phased))["total"]
        # New that year: running (or, in a plan year, due to be running) and known not to be the
        # year before; a site of unknown year before is not new, only newly known.
        running = sites["phase"].isin(RUNNING_PHASES)
        if before is not None:
            was = sites["id"].map(before)
            running_before = was.isin(RUNNING_PHASES) | was.isin(("unknown",)) | was.isna()
            new = tuple(sites.loc[running & ~running_before, "name"])
        else:
            new = ()
        states.append(YearState(int(year), sites, float(money), new, int(year) > today_year))
        before = dict(zip(sites["id"], sites["phase"]))
    return states


def totals_lines(state: YearState, lang: str, short: bool = False) -> list[str]:
    """The running totals of a year in words: sites running (and due by plan), money decided by then.

    ``short`` words the money for a narrow panel (the footer says the rule).
    """
    running = t("bo_running", lang).format(n=state.running)
    if state.planned_open:
        running += " " + t("bo_planned_open", lang).format(n=state.planned_open)
    building = state.count("under_construction")
    money = t("bo_confirmed_short" if short else "bo_confirmed", lang).format(
        amount=format_krw_100m(state.confirmed, lang)
    )
    lines = [running, money]
    extra = [t("bo_building", lang).format(n=building)] if building else []
    if state.count("unknown"):
        extra.append(t("year_unknown_sites", lang).format(n=state.count("unknown")))
    return [lines[0], " · ".join(extra), lines[1]] if extra else lines


def new_line(state: YearState, lang: str, keep: int = 4) -> str:
    """The sites new that year by name (a few, then how many more), as a plan in a plan year; empty when none is."""
    if not state.new:
        return ""
    named = ", ".join(state.new[:keep])
    if len(state.new) > keep:
        named += " " + t("export_more", lang).format(n=len(state.new) - keep)
    return t("bo_new_plan" if state.plan else "bo_new", lang).format(names=named)
