"""The programmes' checks: links to sites, status basis, budget basis, parts within containers, history."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from geo.catalogue import (
    DECIDED_STATUSES,
    HISTORY_FILE,
    STATUS_BASIS,
    Problem,
    budget,
)
from geo.cells import split_ids
from geo.citations import split_source_ids
from geo.validate.rows import PARTIAL_DATE, PLAN_YEAR, _rows


def check_program_links(programs: pd.DataFrame) -> list[Problem]:
    """Lead sites are among the programme's sites; overlaps name another, non-overlapping programme."""
    problems = []
    ids = set(programs["id"])
    overlapped = {row["id"]: row.get("overlaps", "") for _, row in programs.iterrows()}
    for label, row in _rows(programs):
        lead = str(row.get("lead_site_id", "")).strip()
        if lead and lead not in split_ids(row["site_ids"]):
            problems.append(
                Problem("programs.csv", label, "lead_site_id", lead, "the lead site must be one of site_ids")
            )
        target = str(row.get("overlaps", "")).strip()
        if not target:
            continue
        if target == row["id"]:
            problems.append(Problem("programs.csv", label, "overlaps", target, "a programme cannot overlap itself"))
        elif target not in ids:
            problems.append(Problem("programs.csv", label, "overlaps", target, "unknown id: not in programs.csv"))
        elif overlapped.get(target):
            problems.append(
                Problem(
                    "programs.csv",
                    label,
                    "overlaps",
                    target,
                    f"{target} itself overlaps {overlapped[target]}; point at the programme whose amount is counted",
                )
            )
    return problems


def check_status_basis(programs: pd.DataFrame, today: date) -> list[Problem]:
    """Every confirmed or in-progress programme says which decision gives it that status.

    ``status_basis`` reads ``YYYY-MM-DD: the decision [source ids]`` (a month or a year alone
    when that is all the source gives); the date is not in the future and every id is one the
    row's ``source`` cites, so the citation carries the status. A proposed or unverified
    programme may have one too, in the same form.
    """
    problems = []
    for label, row in _rows(programs):
        basis = str(row.get("status_basis", "")).strip()
        if not basis:
            if row["status"] in DECIDED_STATUSES:
                message = (
                    f"a {row['status']} programme needs its status_basis: "
                    "'YYYY-MM-DD: the decision [source id]' (docs/data-rules.md)"
                )
                problems.append(Problem("programs.csv", label, "status_basis", "", message))
            continue
        match = STATUS_BASIS.match(basis)
        if not match:
            message = "must read 'YYYY-MM-DD: the decision [source id; …]' (docs/data-rules.md)"
            problems.append(Problem("programs.csv", label, "status_basis", basis, message))
            continue
        if match["date"] > today.isoformat()[: len(match["date"])]:
            problems.append(
                Problem("programs.csv", label, "status_basis", match["date"], "the decision is dated in the future")
            )
        cited = set(split_source_ids(row["source"]))
        for source_id in split_source_ids(match["ids"]):
            if source_id not in cited:
                message = "the status basis cites a source the row's source column does not list"
                problems.append(Problem("programs.csv", label, "status_basis", source_id, message))
    return problems


def check_budget_basis(programs: pd.DataFrame) -> list[Problem]:
    """A programme with a budget says which year's plan or budget the figure is (``budget_basis``)."""
    amounts = budget(programs)
    problems = []
    for (label, row), amount in zip(_rows(programs), amounts, strict=True):
        if pd.isna(amount):
            continue
        basis = str(row.get("budget_basis", "")).strip()
        if not PLAN_YEAR.search(basis):
            message = "a budget needs its budget_basis naming the year of the plan or budget it comes from"
            problems.append(Problem("programs.csv", label, "budget_basis", basis, message))
    return problems


def check_parts(programs: pd.DataFrame) -> list[Problem]:
    """Parts (``overlaps``) never add up to more than the programme that contains them."""
    amounts = dict(zip(programs["id"], budget(programs), strict=True))
    parts: dict[str, float] = {}
    for _, row in programs.iterrows():
        container = str(row.get("overlaps", "")).strip()
        amount = amounts.get(row["id"])
        if container and pd.notna(amount):
            parts[container] = parts.get(container, 0.0) + float(amount)
    problems = []
    for label, row in _rows(programs):
        if row["id"] not in parts:
            continue
        whole = amounts.get(row["id"])
        if pd.isna(whole):
            message = "its parts (overlaps) have amounts but it has none: give its total or clear the parts' overlaps"
            problems.append(Problem("programs.csv", label, "budget_krw_100m", "", message))
        elif parts[row["id"]] > whole:
            message = f"its parts (overlaps) add up to {parts[row['id']]:,.0f}억, more than its own amount"
            problems.append(Problem("programs.csv", label, "budget_krw_100m", row["budget_krw_100m"], message))
    return problems


def check_history(history: pd.DataFrame, program_ids: Iterable[str]) -> list[Problem]:
    """History rows belong to a programme, have a date, a known status and a numeric or empty amount.

    A row that repeats an earlier one (same programme, date, step and amount) is refused: the
    history would show the step twice.
    """
    problems = []
    known = set(program_ids)
    seen: dict[tuple[str, ...], str] = {}
    for label, row in _rows(history):
        key = tuple(str(row.get(column, "")) for column in ("program_id", "date", "step_ko", "budget_krw_100m"))
        if key in seen:
            problems.append(
                Problem(HISTORY_FILE, label, "step_ko", row["step_ko"], f"repeats {seen[key]}: keep one of the two")
            )
        seen.setdefault(key, label)
        if row["program_id"] not in known:
            problems.append(
                Problem(HISTORY_FILE, label, "program_id", row["program_id"], "unknown id: not in programs.csv")
            )
        if not PARTIAL_DATE.match(row["date"]):
            problems.append(Problem(HISTORY_FILE, label, "date", row["date"], "must be YYYY, YYYY-MM or YYYY-MM-DD"))
        raw = row["budget_krw_100m"].replace(",", "")
        if raw:
            try:
                float(raw)
            except ValueError:
                problems.append(
                    Problem(HISTORY_FILE, label, "budget_krw_100m", raw, "must be a number of 억원 or empty")
                )
    return problems


def check_programs(programs: pd.DataFrame) -> list[Problem]:
    """Budgets are non-negative numbers or empty; years are years; start ≤ end."""
    problems = []
    for label, row in _rows(programs):
        raw = row["budget_krw_100m"].replace(",", "")
        if raw:
            try:
                if float(raw) < 0:
                    raise ValueError
            except ValueError:
                problems.append(
                    Problem(
                        "programs.csv",
                        label,
                        "budget_krw_100m",
                        row["budget_krw_100m"],
                        "budget must be a non-negative number of 억원, or empty when unknown",
                    )
                )
        years = {}
        for field in ("start_year", "end_year"):
            if row[field] and not re.fullmatch(r"(19|20)\d\d", row[field]):
                problems.append(Problem("programs.csv", label, field, row[field], "must be a four-digit year or empty"))
            elif row[field]:
                years[field] = int(row[field])
        if len(years) == 2 and years["start_year"] > years["end_year"]:
            problems.append(Problem("programs.csv", label, "end_year", row["end_year"], "ends before it starts"))
    return problems
