"""Validation of the whole catalogue: every problem at once, with file, row, field and value.

Run ``python -m geo.validate [DATA_DIR]`` to check a copy of the catalogue; it prints the
problems and exits 1 when there are any. ``--report`` prints the data-quality table too
(``geo.quality.quality_report``, the same the data page shows).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import industry
from geo.boundaries import load_sigungu
from geo.catalogue import (
    COLUMNS,
    DECIDED_STATUSES,
    ENUMS,
    HISTORY_FILE,
    SITE_YEAR_COLUMNS,
    SITE_YEAR_RANGE,
    SITES_FILE,
    STATUS_BASIS,
    Catalogue,
    CatalogueError,
    Problem,
    budget,
    load_catalogue,
    read_table,
    row_label,
    site_year,
    years_basis_entries,
)
from geo.cells import is_hex_colour, runs_as_formula, split_ids
from geo.citations import SOURCES_FILE, citation_gaps, split_source_ids
from geo.paths import DEFAULT_DATA_DIR, data_dir
from geo.quality import quality_report, report_text
from geo.story import STORY_FILE, check_story

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


def check_precision(sites: gpd.GeoDataFrame) -> list[Problem]:
    """``coord_precision`` means what it says.

    ``address`` needs the cited street address it was placed from; ``estimated`` needs its
    error in metres (the panel says "위치: 추정 (오차 약 1.7 km)" and the map draws it).
    """
    problems = []
    for label, row in _rows(sites):
        precision = row["coord_precision"]
        if precision == "address" and not str(row.get("street_address", "")).strip():
            problems.append(
                Problem(
                    SITES_FILE,
                    label,
                    "street_address",
                    "",
                    "coord_precision is address but no street address is given; use estimated with coord_error_m",
                )
            )
        if precision == "estimated":
            raw = str(row.get("coord_error_m", "")).replace(",", "")
            try:
                ok = float(raw) > 0
            except ValueError:
                ok = False
            if not ok:
                problems.append(
                    Problem(
                        SITES_FILE,
                        label,
                        "coord_error_m",
                        raw,
                        "an estimated point needs its error in metres (a positive number)",
                    )
                )
    return problems


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


def check_site_years(sites: gpd.GeoDataFrame, source_ids: Iterable[str]) -> list[Problem]:
    """A site's years are four-digit years in order, agree with its status and each has its source.

    Announced ≤ construction started ≤ opened (and ≤ the planned opening). An operating site
    cannot have opened after its ``as_of`` date, nor only be planned to open after it; a site
    not yet operating cannot have opened by its ``as_of`` date. Every year filled has an entry
    ``YYYY[-MM[-DD]]: event [source ids]`` of that year in ``years_basis``, citing ids the row's
    ``source`` lists and the bibliography has; an entry of no filled year is reported too.
    """
    known = set(source_ids)
    low, high = SITE_YEAR_RANGE
    problems = []
    for label, row in _rows(sites):

        def problem(field: str, value: object, message: str, label: str = label) -> None:
            problems.append(Problem(SITES_FILE, label, field, str(value), message))

        years: dict[str, int] = {}
        unreadable = False
        for column in SITE_YEAR_COLUMNS:
            cell = str(row.get(column, "") or "").strip()
            year = site_year(cell)
            if cell and (year is None or not low <= year <= high):
                problem(column, cell, f"must be a four-digit year from {low} to {high}, or empty")
                unreadable = True
            elif year is not None:
                years[column] = year
        order = ("announced_year", "construction_year", "opened_year")
        for i, earlier in enumerate(order):
            for later in (*order[i + 1 :], "planned_year"):
                if earlier in years and later in years and years[earlier] > years[later]:
                    problem(later, years[later], f"is before its {earlier} ({years[earlier]})")
        as_of = site_year(str(row.get("as_of", ""))[:4])
        opened, planned = years.get("opened_year"), years.get("planned_year")
        if as_of is not None and row.get("status") == "operating":
            if opened is not None and opened > as_of:
                problem("opened_year", opened, f"an operating site cannot open after its as_of year ({as_of})")
            if opened is None and planned is not None and planned > as_of:
                message = (
                    f"an operating site cannot be planned to open after its as_of year ({as_of}); give opened_year"
                )
                problem("planned_year", planned, message)
        elif as_of is not None and opened is not None and opened <= as_of:
            message = f"a {row.get('status')} site cannot have opened by its as_of year ({as_of}); check status"
            problem("opened_year", opened, message)
        basis = str(row.get("years_basis", "") or "").strip()
        entries = years_basis_entries(basis)
        if entries is None:
            problem("years_basis", basis, "must read 'YYYY[-MM[-DD]]: the event [source id]; …' (docs/data-rules.md)")
            continue
        cited = set(split_source_ids(row.get("source", "")))
        dated = {int(d[:4]) for d, _, _ in entries}
        for column, year in years.items():
            if year not in dated:
                problem(column, year, "has no entry of its year in years_basis: 'YYYY: the event [source id]'")
        for entry_date, _, ids in entries:
            if not unreadable and int(entry_date[:4]) not in years.values():
                problem("years_basis", entry_date, "an entry of a year none of the site's year columns has")
            for source_id in ids:
                if source_id not in cited or source_id not in known:
                    message = "the years basis cites a source the row's source column or sources.csv does not list"
                    problem("years_basis", source_id, message)
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
    """History rows belong to a programme, have a date, a known status and a numeric or empty amount."""
    problems = []
    known = set(program_ids)
    for label, row in _rows(history):
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


def check_site_lists(sites: gpd.GeoDataFrame) -> list[Problem]:
    """Each site has at least one sector and a point geometry."""
    problems = []
    for label, row in _rows(sites):
        if not row["sectors"]:
            problems.append(Problem(SITES_FILE, label, "sectors", "", "a site needs at least one sector"))
        if row.geometry is None or row.geometry.geom_type != "Point" or row.geometry.is_empty:
            problems.append(Problem(SITES_FILE, label, "geometry", "", "a site needs a Point geometry [lon, lat]"))
    return problems


def check_site_places(sites: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, regions: pd.DataFrame) -> list[Problem]:
    """Each point lies in its declared 시군구 (or is offshore and within 30 km of it).

    The region must also match the 시군구 code's 시도 prefix.
    """
    problems = []
    polygons = sigungu.set_index("code")
    metric = polygons.to_crs(METRIC_CRS).geometry
    region_code = dict(zip(regions["id"], regions["sido_code"]))
    for label, row in _rows(sites):
        code, point = row["sigungu_code"], row.geometry
        if code not in polygons.index:
            problems.append(Problem(SITES_FILE, label, "sigungu_code", code, "not a current 시군구 code of the belt"))
            continue
        if region_code.get(row["region"]) != code[:2]:
            problems.append(Problem(SITES_FILE, label, "region", row["region"], f"does not match 시군구 code {code}"))
        if point is None or point.geom_type != "Point":
            continue
        inside = polygons.geometry[code].covers(point)
        # Reclaimed land (Saemangeum) postdates the boundary data: like the sea, it lies outside it.
        offshore = row["offshore"].lower() == "true" or str(row.get("reclaimed", "")).lower() == "true"
        where = f"({point.y:.4f}, {point.x:.4f})"
        name = polygons["name_ko"][code]
        if offshore and inside:
            message = f"{where} is on land in {name}; set offshore (and reclaimed) to false"
            problems.append(Problem(SITES_FILE, label, "offshore", "true", message))
        elif offshore:
            distance = gpd.GeoSeries([point], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0].distance(metric[code])
            if distance > OFFSHORE_LIMIT_M:
                message = f"offshore point is {distance / 1000:.1f} km from {name}; the limit is 30 km"
                problems.append(Problem(SITES_FILE, label, "geometry", where, message))
        elif not inside:
            problems.append(
                Problem(
                    SITES_FILE,
                    label,
                    "geometry",
                    where,
                    f"point is outside its 시군구 {name} ({code}); fix the point or the code, or mark it offshore",
                )
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


def check_links(links: pd.DataFrame) -> list[Problem]:
    """A link joins two different sites once; a derived link says why it exists."""
    problems = []
    seen: set[tuple[str, str, str]] = set()
    for label, row in _rows(links):
        pair = (row["from_id"], row["to_id"], row["kind"])
        if row["from_id"] == row["to_id"]:
            problems.append(Problem("links.csv", label, "to_id", row["to_id"], "a link cannot join a site to itself"))
        if pair in seen:
            message = "the same link (from, to, kind) appears twice"
            problems.append(Problem("links.csv", label, "to_id", row["to_id"], message))
        seen.add(pair)
        if row.get("evidence") == "derived" and not row["reasoning"]:
            problems.append(Problem("links.csv", label, "reasoning", "", "a derived link must say why it exists"))
    return problems


def validate_catalogue(cat: Catalogue, sigungu: gpd.GeoDataFrame, today: date | None = None) -> list[Problem]:
    """Every problem in a loaded catalogue, in file order.

    Parameters
    ----------
    cat : Catalogue
        The loaded catalogue.
    sigungu : GeoDataFrame
        Current 시군구 polygons (``code``, ``name_ko``, geometry) in EPSG:4326.
    today : date, optional
        The date as-of dates may not pass; defaults to today.
    """
    today = today or date.today()
    tables = {
        "sectors.csv": cat.sectors,
        "stages.csv": cat.stages,
        "regions.csv": cat.regions,
        SITES_FILE: cat.sites,
        "programs.csv": cat.programs,
        "links.csv": cat.links,
    }
    problems: list[Problem] = []
    source_ids = set(cat.sources["id"])
    for name, frame in tables.items():
        problems += check_unique_ids(name, frame)
        problems += check_enums(name, frame)
        problems += check_provenance(name, frame, today)
        problems += check_citations(name, frame, source_ids)
        problems += check_formula_cells(name, frame)
    problems += check_citations("regions.csv", cat.regions, source_ids, "key_figures_source", required=False)
    problems += check_unique_ids(SOURCES_FILE, cat.sources)
    problems += check_enums(SOURCES_FILE, cat.sources)
    problems += check_sources_table(cat.sources)
    problems += check_formula_cells(SOURCES_FILE, cat.sources)
    if not cat.history.empty:
        problems += check_enums(HISTORY_FILE, cat.history)
        problems += check_provenance(HISTORY_FILE, cat.history, today)
        problems += check_citations(HISTORY_FILE, cat.history, source_ids)
        problems += check_history(cat.history, cat.programs["id"])
        problems += check_formula_cells(HISTORY_FILE, cat.history)
    sector_ids, stage_ids, site_ids = cat.sectors["id"], cat.stages["id"], cat.sites["id"]
    regions = cat.regions["id"]
    problems += check_sectors_table(cat.sectors)
    problems += check_site_lists(cat.sites)
    problems += check_reference(SITES_FILE, cat.sites, "sectors", sector_ids, many=True, target="sectors.csv")
    problems += check_reference(SITES_FILE, cat.sites, "stage", stage_ids, target="stages.csv")
    problems += check_reference(SITES_FILE, cat.sites, "region", regions, target="regions.csv")
    problems += check_site_places(cat.sites, sigungu, cat.regions)
    problems += check_precision(cat.sites)
    problems += check_site_years(cat.sites, source_ids)
    problems += check_reference("programs.csv", cat.programs, "sector", sector_ids, target="sectors.csv")
    problems += check_reference("programs.csv", cat.programs, "stage", stage_ids, target="stages.csv")
    problems += check_reference(
        "programs.csv", cat.programs, "region", [*regions, "belt"], target="regions.csv or 'belt'"
    )
    problems += check_reference("programs.csv", cat.programs, "site_ids", site_ids, many=True, target=SITES_FILE)
    problems += check_programs(cat.programs)
    problems += check_program_links(cat.programs)
    problems += check_status_basis(cat.programs, today)
    problems += check_budget_basis(cat.programs)
    problems += check_parts(cat.programs)
    problems += check_reference("links.csv", cat.links, "from_id", site_ids, target=SITES_FILE)
    problems += check_reference("links.csv", cat.links, "to_id", site_ids, target=SITES_FILE)
    problems += check_links(cat.links)
    order = [*COLUMNS, HISTORY_FILE]
    return sorted(problems, key=lambda p: order.index(p.file) if p.file in order else len(order))


def check_data_dir(path: Path) -> tuple[Catalogue | None, list[Problem]]:
    """Load and validate a catalogue folder: the catalogue (None if unreadable) and its problems.

    The presenter's ``story.csv`` is optional; when present it is checked against the catalogue.
    """
    try:
        cat = load_catalogue(path)
    except CatalogueError as exc:
        return None, exc.problems
    problems = validate_catalogue(cat, load_sigungu(DEFAULT_DATA_DIR))
    if (path / STORY_FILE).exists():
        try:
            problems += check_story(read_table(path / STORY_FILE), cat)
        except CatalogueError as exc:
            problems += exc.problems
    problems += check_citing_files(path, set(cat.sources["id"]))
    problems += industry.check_files(path)
    return cat, problems


def check_citing_files(path: Path, source_ids: set[str]) -> list[Problem]:
    """The story, targets and code changes beside the catalogue cite sources that resolve too."""
    problems = []
    for name in CITING_FILES:
        if not (path / name).exists():
            continue
        try:
            table = read_table(path / name)
            problems += check_citations(name, table, source_ids) + check_formula_cells(name, table)
        except CatalogueError as exc:
            problems += exc.problems
    return problems


def main(argv: list[str]) -> int:
    """CLI: print the problems of a catalogue folder (and with ``--report`` its quality); exit 1 on any problem."""
    report = "--report" in argv
    folders = [arg for arg in argv if arg != "--report"]
    path = Path(folders[0]).resolve() if folders else data_dir()
    _, problems = check_data_dir(path)
    for problem in problems:
        print(problem)
    print(f"{path}: {len(problems)} problem(s)" if problems else f"{path}: catalogue is valid")
    if report:
        print()
        print(report_text(quality_report(path)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
