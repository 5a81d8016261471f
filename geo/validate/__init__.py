"""Validation of the whole catalogue: every problem at once, with file, row, field and value.

Run ``python -m geo.validate [DATA_DIR]`` to check a copy of the catalogue; it prints the
problems and exits 1 when there are any. ``--report`` prints the data-quality table too
(``geo.quality.quality_report``, the same the data page shows).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd

from geo import industry
from geo.boundaries import load_sigungu
from geo.catalogue import (
    COLUMNS,
    HISTORY_FILE,
    SITES_FILE,
    Catalogue,
    CatalogueError,
    Problem,
    load_catalogue,
    read_table,
)
from geo.citations import SOURCES_FILE
from geo.paths import DEFAULT_DATA_DIR, data_dir
from geo.quality import quality_report, report_text
from geo.story import STORY_FILE, check_story

# The checks, by what they check (every name is importable from here, as before the split).
from geo.validate.programmes import (
    check_budget_basis,
    check_history,
    check_parts,
    check_program_links,
    check_programs,
    check_status_basis,
)
from geo.validate.rows import (
    CITING_FILES,
    METRIC_CRS,
    OFFSHORE_LIMIT_M,
    PARTIAL_DATE,
    PLAN_YEAR,
    _rows,
    check_citations,
    check_enums,
    check_formula_cells,
    check_provenance,
    check_reference,
    check_sectors_table,
    check_sources_table,
    check_unique_ids,
)
from geo.validate.sites import check_links, check_precision, check_site_lists, check_site_places, check_site_years


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


__all__ = [
    "CITING_FILES",
    "METRIC_CRS",
    "OFFSHORE_LIMIT_M",
    "PARTIAL_DATE",
    "PLAN_YEAR",
    "_rows",
    "check_budget_basis",
    "check_citations",
    "check_citing_files",
    "check_data_dir",
    "check_enums",
    "check_formula_cells",
    "check_history",
    "check_links",
    "check_parts",
    "check_precision",
    "check_site_years",
    "check_program_links",
    "check_programs",
    "check_provenance",
    "check_reference",
    "check_sectors_table",
    "check_site_lists",
    "check_site_places",
    "check_sources_table",
    "check_status_basis",
    "check_unique_ids",
    "load_sigungu",
    "main",
    "validate_catalogue",
]
