"""What the proposals would change: the "every proposal went ahead" scenario (``scenario=proposals``).

The scenario is a what-if, never a budget. Its rules, stated once here:

- it **adds** every programme and site whose status is ``proposed`` (``docs/data-rules.md``: put
  forward, no funding decision) that the region, sector and year filters keep — even when the
  status filters leave proposals out. Requests and pledges (``unverified``) are not proposals and
  are not added;
- it **never changes a confirmed figure**: the confirmed money is read from the view as decided
  (``Scenario.decided``), by the same rule as the KPI (``geo.joins.confirmed_split``), so the
  scenario cannot move it even where a proposal overlaps a confirmed programme;
- the proposals' money is added once (``geo.catalogue.counted_budget``: a proposed container
  counts what its parts leave; national amounts such as HD Hyundai's 15조 are never added);
- a gap of the value chain (``geo.analysis.gap_counts``: a stage with no site, or one) is
  *closed* when the proposed sites give it two or more, *narrowed* when a missing stage gets one,
  and stays *open* otherwise (``gaps_closed``);
- the district colouring's difference is the proposals' money per 시군구 (the ``budget_proposed``
  column of ``geo.joins.sigungu_summary``, placed by each programme's lead site).

Everything made in the scenario says so on its face: the page banner, the title of a printed map,
the cover of the briefing pack and the about sheet of a download (``label``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.catalogue import Catalogue, counted_budget
from geo.filters import Filters, View, filter_links, filter_programs, filter_sites
from geo.i18n import format_krw_100m, t
from geo.joins import confirmed_split

SCENARIO = "proposals"
PROPOSED = "proposed"
# What a gap becomes when the proposals are added (``gaps_closed``), most changed first.
OUTCOMES = ("closed", "narrowed", "open")


@dataclass(frozen=True)
class Scenario:
    """The view with every proposal added (``view``) beside the view as decided (``decided``)."""

    view: View
    decided: View
    added_sites: tuple[str, ...]
    added_programs: tuple[str, ...]


def is_proposed(frame: pd.DataFrame) -> pd.Series:
    """Whether each row (a site or a programme) is a proposal: status ``proposed``.

    >>> is_proposed(pd.DataFrame({"status": ["confirmed", "proposed", "unverified"]})).tolist()
    [False, True, False]
    """
    return frame["status"].fillna("") == PROPOSED


def scenario_view(cat: Catalogue, filters: Filters) -> Scenario:
    """The filtered view with every proposed site and programme the region, sector and year filters keep.

    Parameters
    ----------
    cat : Catalogue
        The whole catalogue.
    filters : Filters
        The view's filters. Their status choices apply to what is decided; proposals are added
        whatever those say, so the scenario always shows them.

    Returns
    -------
    Scenario
        ``decided`` is exactly ``geo.filters.apply_filters(cat, filters)``; ``view`` adds the
        proposals (in catalogue order) and the links between the sites now shown.
    """
    from geo.filters import apply_filters

    decided = apply_filters(cat, filters)
    wanted = filters.with_(site_statuses=(PROPOSED,), program_statuses=(PROPOSED,))
    extra_sites = filter_sites(cat.sites, wanted)
    site_ids = set(decided.sites["id"]) | set(extra_sites["id"])
    extra_programs = filter_programs(cat.programs, wanted, site_ids)
    program_ids = set(decided.programs["id"]) | set(extra_programs["id"])
    sites = cat.sites[cat.sites["id"].isin(site_ids)]
    programs = cat.programs[cat.programs["id"].isin(program_ids)]
    view = View(sites, programs, filter_links(cat.links, site_ids, filters.sourced_only), filters)
    added_sites = tuple(s for s in sites["id"] if s not in set(decided.sites["id"]))
    added_programs = tuple(p for p in programs["id"] if p not in set(decided.programs["id"]))
    return Scenario(view, decided, added_sites, added_programs)


def without_proposals(view: View) -> View:
    """``view`` with its proposed sites and programmes taken out: the belt as decided, for comparison."""
    sites = view.sites[~is_proposed(view.sites)]
    programs = view.programs[~is_proposed(view.programs)]
    ids = set(sites["id"])
    links = view.links[view.links["from_id"].isin(ids) & view.links["to_id"].isin(ids)]
    return View(sites, programs, links, view.filters)


def money(scenario: Scenario, year: int, site_status: dict | None = None) -> dict[str, float]:
    """The KPI's two figures (억원): confirmed money as decided, and the proposals' money added once.

    ``confirmed`` is ``geo.joins.confirmed_split(...)["total"]`` of the decided view, the KPI's own
    figure, so it is the same with the scenario on or off. ``proposed`` is the counted budget of
    the proposals in the scenario's view (national amounts left out, a container less its parts).
    """
    programs = scenario.view.programs
    proposed = counted_budget(programs)[is_proposed(programs)].fillna(0.0)
    confirmed = confirmed_split(scenario.decided.programs, year, site_status)["total"]
    return {"confirmed": float(confirmed), "proposed": float(proposed.sum())}


def kpi_text(figures: dict[str, float], lang: str) -> str:
    """The KPI's scenario line: "확정 5.31조원 + 제안 71.59조원" ("Confirmed … + proposed …").

    >>> kpi_text({"confirmed": 53109.0, "proposed": 715914.0}, "ko")
    '확정 5.31조원 + 제안 71.59조원'
    """
    return t("scn_kpi", lang).format(
        confirmed=format_krw_100m(figures["confirmed"], lang), proposed=format_krw_100m(figures["proposed"], lang)
    )


def gaps_closed(before: pd.DataFrame, after: pd.DataFrame, shared: str | None = None) -> pd.DataFrame:
    """Each gap of a ``gap_counts`` matrix and what the proposals make of it.

    Parameters
    ----------
    before, after : DataFrame
        ``geo.analysis.gap_counts`` of the view as decided and of the scenario's view (same
        sectors and stages).
    shared : str, optional
        A row not read as a sector's chain (``geo.analysis.SHARED_SECTOR``), left out.

    Returns
    -------
    DataFrame
        One row per gap — a stage with 0 or 1 site, in a sector with at least one site before
        (as ``geo.analysis.gap_findings`` reads a matrix) — with ``sector``, ``stage``,
        ``before``, ``after`` and ``outcome``: ``closed`` (two or more sites after), ``narrowed``
        (a missing stage gets one) or ``open``. Closed first, then narrowed, then open.

    >>> before = pd.DataFrame({"rnd": [0, 1], "compute": [1, 0]}, index=["bio", "food"])
    >>> after = pd.DataFrame({"rnd": [2, 1], "compute": [1, 1]}, index=["bio", "food"])
    >>> gaps_closed(before, after)[["sector", "stage", "outcome"]].values.tolist()
    [['bio', 'rnd', 'closed'], ['food', 'compute', 'narrowed'], ['bio', 'compute', 'open'], ['food', 'rnd', 'open']]
    """
    rows = []
    for sector, row in before.iterrows():
        if sector == shared or row.sum() == 0:
            continue
        for stage, count in row.items():
            if count >= 2:
                continue
            now = int(after.at[sector, stage]) if sector in after.index and stage in after.columns else int(count)
            outcome = "closed" if now >= 2 else "narrowed" if count == 0 and now == 1 else "open"
            rows.append({"sector": sector, "stage": stage, "before": int(count), "after": now, "outcome": outcome})
    table = pd.DataFrame(rows, columns=["sector", "stage", "before", "after", "outcome"])
    order = table["outcome"].map(OUTCOMES.index) if len(table) else table["outcome"]
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True) if len(table) else table


def outcome_counts(gaps: pd.DataFrame) -> dict[str, int]:
    """How many gaps each outcome has (every outcome named, 0 when none).

    >>> outcome_counts(pd.DataFrame({"outcome": ["open", "closed", "open"]}))
    {'closed': 1, 'narrowed': 0, 'open': 2}
    """
    return {o: int((gaps["outcome"] == o).sum()) for o in OUTCOMES}


def gap_change_table(
    gaps: dict[str, pd.DataFrame],
    scope_names: dict[str, str],
    sector_names: dict[str, str],
    stage_names: dict[str, str],
    lang: str,
) -> pd.DataFrame:
    """Every scope's gaps and their outcome as one table in words (a scope → ``gaps_closed`` result).

    Columns: scope, sector, stage, sites as decided, sites with the proposals, outcome.
    """
    columns = [t(f"scn_col_{c}", lang) for c in ("scope", "sector", "stage", "before", "after", "outcome")]
    rows = [
        [
            scope_names.get(scope, scope),
            sector_names.get(g.sector, g.sector),
            stage_names.get(g.stage, g.stage),
            g.before,
            g.after,
            t(f"scn_outcome_{g.outcome}", lang),
        ]
        for scope, table in gaps.items()
        for g in table.itertuples()
    ]
    return pd.DataFrame(rows, columns=columns)


def added_site_names(scenario: Scenario, lang: str) -> list[str]:
    """The names of the sites the scenario adds, in catalogue order (their language, else Korean)."""
    from geo.i18n import display_name

    sites = scenario.view.sites
    return [display_name(row, lang) for _, row in sites[sites["id"].isin(scenario.added_sites)].iterrows()]


def label(lang: str) -> str:
    """The scenario's name as every page and export made in it carries it.

    >>> label("en")
    'Scenario: if every proposal went ahead'
    """
    return t("scn_banner", lang)


def titled(title: str, scenario: str | None, lang: str) -> str:
    """An export's title, with the scenario's name after it when the view is in the scenario.

    >>> titled("호남권 AX혁신벨트", "proposals", "ko")
    '호남권 AX혁신벨트 — 시나리오: 제안 사업이 모두 추진될 경우'
    >>> titled("호남권 AX혁신벨트", None, "ko")
    '호남권 AX혁신벨트'
    """
    return f"{title} — {label(lang)}" if scenario == SCENARIO else title
