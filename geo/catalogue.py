"""The belt's data catalogue: the plain files in ``data/`` read into frames.

Reading is strict about form (a file that cannot be parsed raises ``CatalogueError`` naming
the file) and lenient about content: what the rows say is checked by ``geo.validate``, which
reports every problem at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from geo.cells import split_ids
from geo.citations import SOURCE_COLUMNS, SOURCE_KINDS, SOURCES_FILE, source_index, with_citations

SITES_FILE = "sites.geojson"
HISTORY_FILE = "program_history.csv"

# Columns each table must have. Extra columns are allowed (a planner may add notes).
COLUMNS: dict[str, tuple[str, ...]] = {
    "sectors.csv": ("id", "name_ko", "name_en", "colour", "order", "source", "as_of"),
    "stages.csv": ("id", "name_ko", "name_en", "order", "in_chain", "source", "as_of"),
    "regions.csv": ("id", "sido_code", "name_ko", "name_en", "role_ko", "role_en", "source", "as_of"),
    SITES_FILE: (
        "id",
        "name_ko",
        "name_en",
        "region",
        "sigungu_code",
        "sectors",
        "stage",
        "kind",
        "status",
        "coord_precision",
        "offshore",
        "source",
        "as_of",
        "announced_year",
        "construction_year",
        "opened_year",
        "planned_year",
        "years_basis",
    ),
    "programs.csv": (
        "id",
        "name_ko",
        "name_en",
        "sector",
        "stage",
        "region",
        "budget_krw_100m",
        "start_year",
        "end_year",
        "status",
        "site_ids",
        "lead_org",
        "source",
        "as_of",
    ),
    "links.csv": ("id", "from_id", "to_id", "kind", "strength", "evidence", "source", "reasoning", "as_of"),
    SOURCES_FILE: SOURCE_COLUMNS,
}
# Optional columns and the value a file without them is read with.
OPTIONAL_DEFAULTS: dict[str, dict[str, str]] = {
    "programs.csv": {"lead_site_id": "", "overlaps": "", "scope": "regional", "budget_basis": "", "status_basis": ""},
    SITES_FILE: {"street_address": "", "coord_error_m": "", "reclaimed": "false", "location_note_internal": ""},
    "regions.csv": {"key_figures_ko": "", "key_figures_en": "", "key_figures_source": ""},
    # Why an entry lacks a part of its citation (geo.citations.citation_gaps).
    SOURCES_FILE: {"note": ""},
}
HISTORY_COLUMNS = ("program_id", "date", "step_ko", "step_en", "budget_krw_100m", "status", "source", "as_of")

# The values an enumerated field may take.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    (SITES_FILE, "status"): ("operating", "under_construction", "planned", "proposed"),
    (SITES_FILE, "coord_precision"): ("surveyed", "address", "estimated"),
    (SITES_FILE, "kind"): (
        "campus",
        "institute",
        "agency",
        "data_center",
        "industrial_complex",
        "plant",
        "testbed",
        "energy",
        "port",
        "culture",
        "hospital",
        "district",
    ),
    ("programs.csv", "status"): ("confirmed", "in_progress", "proposed", "unverified"),
    ("programs.csv", "funding"): ("public", "private", "mixed"),
    # national: a group-wide or nationwide amount (e.g. HD Hyundai's 15조) credited to no region or district.
    ("programs.csv", "scope"): ("regional", "national"),
    (HISTORY_FILE, "status"): ("confirmed", "in_progress", "proposed", "unverified"),
    ("links.csv", "kind"): (
        "energy",
        "compute",
        "data",
        "talent",
        "technology",
        "supply",
        "demonstration",
    ),
    ("links.csv", "strength"): ("1", "2", "3"),
    # sourced: a cited document states the relationship; derived: the catalogue infers it (see reasoning).
    ("links.csv", "evidence"): ("sourced", "derived"),
    (SOURCES_FILE, "kind"): SOURCE_KINDS,
}

SITE_STATUSES = ENUMS[(SITES_FILE, "status")]
PROGRAM_STATUSES = ENUMS[("programs.csv", "status")]
# The statuses that claim a decision: each needs its ``status_basis`` (docs/data-rules.md).
DECIDED_STATUSES = ("confirmed", "in_progress")
# A programme's status basis: "YYYY-MM-DD: the decision [source-id; source-id]" (docs/data-rules.md).
STATUS_BASIS = re.compile(r"^(?P<date>(19|20)\d\d(-\d\d(-\d\d)?)?): (?P<decision>.+\S) \[(?P<ids>[^\[\]]+)\]$")
LINK_KINDS = ENUMS[("links.csv", "kind")]
# A site's years, in the order they happen (docs/data-rules.md): announced, construction started,
# opened; a site not yet operating may say the year it is planned to open. Empty when no source says.
SITE_YEAR_COLUMNS = ("announced_year", "construction_year", "opened_year", "planned_year")
# The years a site's year may take: old universities and plants opened long before the belt.
SITE_YEAR_RANGE = (1900, 2040)
# One entry of a site's years basis: "YYYY[-MM[-DD]]: the event [source-id; …]"; entries are joined by "; ".
YEARS_BASIS_ENTRY = re.compile(r"(?P<date>\d{4}(-\d\d(-\d\d)?)?): (?P<event>[^\[\]]*\S) \[(?P<ids>[^\[\]]+)\]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the catalogue, located precisely enough to fix it."""

    file: str
    row: str
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.row, self.field) if part)
        shown = f" = {self.value!r}" if self.value != "" else ""
        return f"{where}{shown}: {self.message}"


class CatalogueError(Exception):
    """The catalogue could not be read; ``problems`` says which file and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Catalogue:
    """Every table of the catalogue. ``sites`` is a GeoDataFrame in EPSG:4326."""

    sectors: pd.DataFrame
    stages: pd.DataFrame
    regions: pd.DataFrame
    sites: gpd.GeoDataFrame
    programs: pd.DataFrame
    links: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(SOURCE_COLUMNS)))
    history: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(HISTORY_COLUMNS)))


def row_label(index: int, record_id: object = "") -> str:
    """How a problem names a row: the spreadsheet line (header is line 1) and the id."""
    label = f"row {index + 2}"
    return f"{label} (id={record_id})" if record_id not in ("", None) else label


def read_table(path: Path) -> pd.DataFrame:
    """Read one CSV table as text (no type guessing), blanks as empty strings."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError([Problem(path.name, "", "", "", f"file not found in {path.parent}")]) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CatalogueError([Problem(path.name, "", "", "", f"cannot be read as UTF-8 CSV: {exc}")]) from None
    frame.columns = [c.strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def read_sources(folder: Path) -> pd.DataFrame:
    """The bibliography ``sources.csv`` of a catalogue folder; an empty table when it is missing or unreadable.

    Used where a file beside the catalogue (story, targets) is shown: its ids become citations.
    Whether the bibliography is valid is ``geo.validate``'s business.
    """
    try:
        return read_table(folder / SOURCES_FILE)
    except CatalogueError:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))


def site_year(value: object) -> int | None:
    """A site's year cell as a number, or None when it is empty or not a four-digit year.

    >>> site_year("2023"), site_year(""), site_year("2023-11"), site_year(None)
    (2023, None, None, None)
    """
    text = "" if value is None else str(value).strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def years_basis_entries(text: object) -> list[tuple[str, str, list[str]]] | None:
    """A site's ``years_basis`` as (date, event, source ids) entries; None when it is not of that form.

    >>> years_basis_entries("2021-11-22: 착공 [a]; 2023-11-15: 서비스 개시 [b; c]")
    [('2021-11-22', '착공', ['a']), ('2023-11-15', '서비스 개시', ['b', 'c'])]
    >>> years_basis_entries(""), years_basis_entries("2021 착공")
    ([], None)
    """
    text = "" if text is None else str(text).strip()
    entries = []
    for part in re.split(r"(?<=\])\s*;\s*", text) if text else []:
        match = YEARS_BASIS_ENTRY.fullmatch(part.strip())
        if not match:
            return None
        entries.append((match["date"], match["event"].strip(), split_ids(match["ids"])))
    return entries


def _year_cell(value: object) -> str:
    """A year as the GeoJSON writes it (an integer, or null) as text: ``2023``, never ``2023.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _site_sectors(value: object) -> list[str]:
    """A site's sectors: a JSON list, or a ``;``-separated string as a spreadsheet writes it."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return split_ids(value)


def read_sites(path: Path) -> gpd.GeoDataFrame:
    """Read ``sites.geojson`` into a GeoDataFrame; a feature without a point gets None."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError([Problem(path.name, "", "", "", f"file not found in {path.parent}")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError([Problem(path.name, "", "", "", f"is not valid JSON: {exc}")]) from None
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise CatalogueError([Problem(path.name, "", "features", "", "is not a GeoJSON FeatureCollection")])
    records, geometries = [], []
    for feature in features:
        props = dict((feature or {}).get("properties") or {})
        props["sectors"] = _site_sectors(props.get("sectors"))
        for column in SITE_YEAR_COLUMNS:
            props[column] = _year_cell(props.get(column))
        records.append(props)
        geometries.append(_point_or_none((feature or {}).get("geometry")))
    frame = pd.DataFrame.from_records(records)
    for column in COLUMNS[SITES_FILE]:
        if column not in frame:
            frame[column] = ""
    text_columns = [c for c in frame.columns if c != "sectors"]
    frame[text_columns] = frame[text_columns].fillna("").astype(str).apply(lambda c: c.str.strip())
    return gpd.GeoDataFrame(frame, geometry=geometries, crs="EPSG:4326")


def _point_or_none(geometry: object):
    """The shapely geometry of a GeoJSON geometry, or None when it is missing or malformed."""
    try:
        return shape(geometry) if geometry else None
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def load_catalogue(data_dir: Path) -> Catalogue:
    """Read every catalogue file in ``data_dir``.

    Raises
    ------
    CatalogueError
        When a file is missing or cannot be parsed, or lacks a required column. All such
        problems are collected before raising.
    """
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for name in COLUMNS:
        try:
            table = read_sites(data_dir / name) if name == SITES_FILE else read_table(data_dir / name)
        except CatalogueError as exc:
            problems.extend(exc.problems)
            continue
        missing = [c for c in COLUMNS[name] if c not in table.columns]
        problems.extend(Problem(name, "", c, "", "required column is missing") for c in missing)
        tables[name] = table
    history = pd.DataFrame(columns=list(HISTORY_COLUMNS))
    if (data_dir / HISTORY_FILE).exists():
        try:
            history = read_table(data_dir / HISTORY_FILE)
        except CatalogueError as exc:
            problems.extend(exc.problems)
        else:
            missing = [c for c in HISTORY_COLUMNS if c not in history.columns]
            problems.extend(Problem(HISTORY_FILE, "", c, "", "required column is missing") for c in missing)
    if problems:
        raise CatalogueError(problems)
    for name, defaults in OPTIONAL_DEFAULTS.items():
        for column, value in defaults.items():
            if column not in tables[name]:
                tables[name][column] = value
    # Readers see citations, never source ids: every table gets a ``citation`` column.
    index = source_index(tables[SOURCES_FILE])
    cited = {name: with_citations(frame, index) for name, frame in tables.items()}
    return Catalogue(
        sectors=cited["sectors.csv"].sort_values("order", key=lambda s: pd.to_numeric(s, errors="coerce")),
        stages=cited["stages.csv"].sort_values("order", key=lambda s: pd.to_numeric(s, errors="coerce")),
        regions=cited["regions.csv"],
        sites=cited[SITES_FILE],
        programs=cited["programs.csv"],
        links=cited["links.csv"],
        sources=tables[SOURCES_FILE],
        history=with_citations(history, index),
    )


def by_id(table: pd.DataFrame, column: str) -> dict:
    """One column of a catalogue table keyed by ``id``: a site's region, a sector's colour.

    >>> by_id(pd.DataFrame({"id": ["ai", "energy"], "colour": ["#1f77b4", "#ff7f0e"]}), "colour")
    {'ai': '#1f77b4', 'energy': '#ff7f0e'}
    """
    return dict(zip(table["id"], table[column], strict=True))


def budget(programs: pd.DataFrame) -> pd.Series:
    """Programme budgets in 억원 as numbers; empty or unreadable cells are NaN."""
    return pd.to_numeric(programs["budget_krw_100m"].str.replace(",", ""), errors="coerce")


def is_counted(programs: pd.DataFrame) -> pd.Series:
    """Whether each programme's amount may be added into a total.

    A group-wide or nationwide amount (``scope = national``, e.g. HD Hyundai's domestic 15조)
    belongs to no region of the belt and is shown in its row but never added. A programme that
    is part of another (``overlaps`` names the container) is counted; the container counts only
    what its parts leave (``counted_budget``).
    """
    scope = programs["scope"] if "scope" in programs else pd.Series("regional", index=programs.index)
    return scope.fillna("") != "national"


def parts_of(programs: pd.DataFrame) -> pd.Series:
    """For each programme, the summed budget (억원) of the programmes that name it in ``overlaps``.

    >>> frame = pd.DataFrame({"id": ["all", "part"], "budget_krw_100m": ["9000", "5800"], "overlaps": ["", "all"]})
    >>> parts_of(frame).tolist()
    [5800.0, 0.0]
    """
    if "overlaps" not in programs or "id" not in programs:
        return pd.Series(0.0, index=programs.index)
    overlaps = programs["overlaps"].fillna("").str.strip()
    amounts = budget(programs).fillna(0.0)
    by_container = amounts[overlaps != ""].groupby(overlaps[overlaps != ""]).sum()
    return programs["id"].map(by_container).fillna(0.0).astype(float)


def counted_budget(programs: pd.DataFrame) -> pd.Series:
    """Budgets (억원) that totals may add, so that every amount is added once.

    A part (``overlaps`` names its container) keeps its own amount; a container counts its
    budget less its parts' (never below 0), so adding both — in any status, district or
    region — gives the container's amount once, and each part is counted where it is, with its
    own status. National amounts are NaN (``is_counted``).

    >>> frame = pd.DataFrame({"id": ["all", "part"], "budget_krw_100m": ["9000", "5800"], "overlaps": ["", "all"]})
    >>> counted_budget(frame).tolist()
    [3200.0, 5800.0]
    """
    amounts = budget(programs)
    remainder = (amounts - parts_of(programs)).clip(lower=0.0)
    return remainder.where(is_counted(programs))


def period_text(start: str, end: str) -> str:
    """A programme period as written in a table: ``2026–2030``, ``2026``, ``2026–`` or ``–2027``."""
    if start and end and start != end:
        return f"{start}–{end}"
    if start and not end:
        return f"{start}–"
    if end and not start:
        return f"–{end}"
    return start
