"""Checks any catalogue file gets: unique ids, allowed values, provenance, citations, references, formula cells."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

import pandas as pd

from geo.catalogue import (
    ENUMS,
    Problem,
    row_label,
)
from geo.cells import is_hex_colour, runs_as_formula, split_ids
from geo.citations import SOURCES_FILE, citation_gaps, split_source_ids

OFFSHORE_LIMIT_M = 30_000  # the messages below say "30 km"
# The metric CRS used for distances: Korea 2000 / Unified CS, the national standard.
METRIC_CRS = "EPSG:5179"
PARTIAL_DATE = re.compile(r"^(19|20)\d\d(-\d\d(-\d\d)?)?$")
# A budget's basis names the year of the plan or budget the figure comes from.
PLAN_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
# Files beside the catalogue whose rows cite sources too.
CITING_FILES = ("story.csv", "targets.csv", "admin_changes.csv", "kostat_codes.csv")


def _rows(frame: pd.DataFrame) -> Iterator[tuple[str, pd.Series]]:
    """Each row with the label a problem uses for it."""
    for position, (_, row) in enumerate(frame.iterrows()):
        yield row_label(position, row.get("id", "")), row


def check_unique_ids(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Every id is present and appears once."""
    problems = []
    seen: set[str] = set()
    for label, row in _rows(frame):
        value = row["id"]
        if not value:
            problems.append(Problem(name, label, "id", value, "id is empty"))
        elif value in seen:
            problems.append(Problem(name, label, "id", value, "id is used more than once"))
        seen.add(value)
    return problems


def check_enums(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Enumerated fields hold one of their known values."""
    problems = []
    for (file, field), allowed in ENUMS.items():
        if file != name or field not in frame:
            continue
        for label, row in _rows(frame):
            if row[field] not in allowed:
                problems.append(Problem(name, label, field, row[field], f"must be one of: {', '.join(allowed)}"))
    return problems


def check_provenance(name: str, frame: pd.DataFrame, today: date) -> list[Problem]:
    """Every row names a source and an as-of date that is a real, past ISO date."""
    problems = []
    for label, row in _rows(frame):
        if not row["source"]:
            problems.append(Problem(name, label, "source", "", "source is empty: say where this comes from"))
        try:
            as_of = date.fromisoformat(row["as_of"])
        except ValueError:
            problems.append(Problem(name, label, "as_of", row["as_of"], "as_of must be a date YYYY-MM-DD"))
            continue
        if as_of > today:
            problems.append(Problem(name, label, "as_of", row["as_of"], "as_of is in the future"))
    return problems


def check_citations(
    name: str, frame: pd.DataFrame, known: Iterable[str], field: str = "source", required: bool = True
) -> list[Problem]:
    """Every id in a ``source`` cell is a source of ``sources.csv`` (a reader sees citations, not ids)."""
    known = set(known)
    problems = []
    if field not in frame:
        return problems
    for label, row in _rows(frame):
        ids = split_source_ids(row[field])
        if not ids and required:
            problems.append(Problem(name, label, field, "", "cites no source: give ids of sources.csv"))
        for source_id in ids:
            if source_id not in known:
                problems.append(
                    Problem(name, label, field, source_id, "unknown source id: add it to sources.csv or fix the id")
                )
    return problems


def check_sources_table(sources: pd.DataFrame) -> list[Problem]:
    """Bibliography rows name a publisher; dates are ISO dates and addresses are http(s) when given.

    An entry without its outlet's name, headline, date or address says why in ``note``.
    """
    problems = []
    for label, row in _rows(sources):
        if not row["publisher"]:
            problems.append(Problem(SOURCES_FILE, label, "publisher", "", "publisher is empty"))
        for field in ("date", "accessed"):
            if row[field]:
                try:
                    date.fromisoformat(row[field])
                except ValueError:
                    problems.append(
                        Problem(SOURCES_FILE, label, field, row[field], "must be a date YYYY-MM-DD or empty")
                    )
        if row["url"] and not row["url"].startswith(("http://", "https://")):
            problems.append(Problem(SOURCES_FILE, label, "url", row["url"], "must start with http:// or https://"))
        gaps = citation_gaps(row)
        if gaps and not str(row.get("note", "")).strip():
            domain = " (the publisher must be the outlet's name, not a web domain)" if gaps[0] == "publisher" else ""
            problems.append(
                Problem(
                    SOURCES_FILE,
                    label,
                    gaps[0],
                    row[gaps[0]],
                    f"citation lacks {', '.join(gaps)}{domain}: fill it in from the source, "
                    "or say in note why it cannot be found",
                )
            )
    return problems


def check_reference(
    name: str,
    frame: pd.DataFrame,
    field: str,
    known: Iterable[str],
    *,
    many: bool = False,
    target: str = "",
) -> list[Problem]:
    """Every value of ``field`` (a list, or ``;``-separated when ``many``) is a known id."""
    known = set(known)
    problems = []
    for label, row in _rows(frame):
        value = row[field]
        values = value if isinstance(value, list) else (split_ids(value) if many else [value])
        if not many and not values[0]:
            problems.append(Problem(name, label, field, "", f"is empty; expected an id from {target}"))
            continue
        for item in values:
            if item not in known:
                problems.append(Problem(name, label, field, item, f"unknown id: not in {target}"))
    return problems


def check_formula_cells(name: str, frame: pd.DataFrame) -> list[Problem]:
    """No text cell that a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``, tab, CR).

    The downloads neutralise such a cell (``geo.cells.safe_cell``), but the catalogue's own files
    are opened in Excel as they are, so the file itself must not carry one.
    """
    columns = [c for c in frame.columns if c not in ("citation", getattr(frame, "_geometry_column_name", None))]
    return [
        Problem(
            name,
            label,
            column,
            row[column],
            "a spreadsheet would run this cell as a formula: start it with another character",
        )
        for label, row in _rows(frame)
        for column in columns
        if runs_as_formula(row[column])
    ]


def check_sectors_table(sectors: pd.DataFrame) -> list[Problem]:
    """Sector colours are hex colours (they are used as given in maps and charts)."""
    return [
        Problem("sectors.csv", label, "colour", row["colour"], "colour must look like #1A2B3C")
        for label, row in _rows(sectors)
        if not is_hex_colour(row["colour"])
    ]
