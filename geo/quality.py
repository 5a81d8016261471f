"""The catalogue's data quality, file by file: what an official checks before signing a figure.

``quality_report`` is the one function behind the data page's quality table and
``python -m geo.validate --report``: per file, its rows, the share of rows whose every source is
fully cited (publisher, headline, date and address in ``sources.csv``), the estimated coordinates
and their errors, the statuses, and the date and age of the newest source it cites.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from geo.catalogue import HISTORY_FILE, SITES_FILE, CatalogueError, read_sites, read_table
from geo.citations import SOURCES_FILE, citation_gaps, split_source_ids

# The files the report covers, in the order it lists them, and the column holding each one's status.
FILES: dict[str, str] = {
    SITES_FILE: "status",
    "programs.csv": "status",
    HISTORY_FILE: "status",
    "links.csv": "evidence",
    "targets.csv": "status",
    "story.csv": "",
    "regions.csv": "",
    "sectors.csv": "",
    "stages.csv": "",
    "admin_changes.csv": "",
    SOURCES_FILE: "kind",
}
REPORT_COLUMNS = (
    "file",
    "rows",
    "cited_share",
    "estimated",
    "error_median_m",
    "error_max_m",
    "statuses",
    "newest_source",
    "newest_age_days",
)


def complete_sources(sources: pd.DataFrame) -> set[str]:
    """The ids of bibliography entries that give the whole citation (``geo.citations.citation_gaps``)."""
    return {row["id"] for row in sources.to_dict("records") if not citation_gaps(row)}


def publication_dates(sources: pd.DataFrame) -> dict[str, str]:
    """Each entry's date of publication: blank when partial or malformed, and for an undated page,
    whose ``date`` is the day it was read (``accessed``) — that is not news."""
    news = sources["date"].where(sources["date"].astype(str).str.fullmatch(r"\d{4}-\d\d-\d\d"), "")
    if "accessed" in sources:
        news = news.where(news != sources["accessed"].astype(str), "")
    return dict(zip(sources["id"], news))


def _read(folder: Path, name: str) -> pd.DataFrame | None:
    """One file of the folder as text, or None when it is missing or cannot be read."""
    try:
        return read_sites(folder / name) if name == SITES_FILE else read_table(folder / name)
    except CatalogueError:
        return None


def _status_counts(frame: pd.DataFrame, column: str) -> str:
    """``confirmed 24 · proposed 20``: the values of a status column, most frequent first."""
    if not column or column not in frame:
        return ""
    counts = frame[column].replace("", "(empty)").value_counts()
    return " · ".join(f"{value} {count}" for value, count in counts.items())


def _errors(frame: pd.DataFrame) -> tuple[int, float | None, float | None]:
    """How many points are estimated, and the median and largest stated error (m)."""
    if "coord_precision" not in frame:
        return 0, None, None
    estimated = frame[frame["coord_precision"] == "estimated"]
    error_column = estimated.get("coord_error_m", pd.Series(dtype=str))
    errors = pd.to_numeric(error_column.astype(str).str.replace(",", ""), errors="coerce").dropna()
    if errors.empty:
        return len(estimated), None, None
    return len(estimated), float(errors.median()), float(errors.max())


def file_quality(name: str, frame: pd.DataFrame, complete: set[str], dates: dict[str, str], today: date) -> dict:
    """One row of the report for one file (see ``REPORT_COLUMNS``): ``complete`` the full citations'
    ids, ``dates`` each entry's publication date (blank when it has none)."""
    if name == SOURCES_FILE:
        cited = [[source_id] for source_id in frame["id"]]
    else:
        cells = frame["source"] if "source" in frame else pd.Series("", index=frame.index)
        cited = [split_source_ids(cell) for cell in cells]
    full = [bool(ids) and all(i in complete for i in ids) for ids in cited]
    cited_dates = [dates.get(i, "") for ids in cited for i in ids]
    newest = max((d for d in cited_dates if d), default="")
    estimated, median, largest = _errors(frame) if name == SITES_FILE else (None, None, None)
    age = (today - date.fromisoformat(newest)).days if newest else None
    return {
        "file": name,
        "rows": len(frame),
        "cited_share": sum(full) / len(full) if full else None,
        "estimated": estimated,
        "error_median_m": median,
        "error_max_m": largest,
        "statuses": _status_counts(frame, FILES.get(name, "")),
        "newest_source": newest,
        "newest_age_days": age,
    }


def quality_report(folder: Path, today: date | None = None) -> pd.DataFrame:
    """The quality of every catalogue file in ``folder`` that can be read, one row per file.

    ``cited_share`` is the share (0–1) of rows every one of whose sources is a full citation
    (``geo.citations.citation_gaps``); for ``sources.csv`` itself, the share of complete entries.
    ``estimated`` and the errors are for ``sites.geojson`` only. Bibliography dates that are
    partial or malformed are left out of ``newest_source``; ``geo.validate`` reports them; so is
    the date of an undated page, which is the day it was read (``date`` equal to ``accessed``).
    """
    today = today or date.today()
    sources = _read(folder, SOURCES_FILE)
    if sources is None:
        sources = pd.DataFrame(columns=["id", "date"])
    complete, dates = complete_sources(sources), publication_dates(sources)
    rows = []
    for name in FILES:
        frame = _read(folder, name)
        if frame is not None:
            rows.append(file_quality(name, frame, complete, dates, today))
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def report_text(report: pd.DataFrame) -> str:
    """The report as the command line prints it: one aligned line per file."""
    shown = report.copy()
    shown["cited_share"] = [f"{v:.0%}" if pd.notna(v) else "" for v in shown["cited_share"]]
    for column in ("estimated", "error_median_m", "error_max_m", "newest_age_days"):
        shown[column] = [f"{v:,.0f}" if pd.notna(v) else "" for v in shown[column]]
    return shown.to_string(index=False)
