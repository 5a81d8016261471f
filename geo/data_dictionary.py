"""What the catalogue holds: a data dictionary, the sources cited, and the files to download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.catalogue import COLUMNS, ENUMS, HISTORY_COLUMNS, HISTORY_FILE, OPTIONAL_DEFAULTS, SITES_FILE, Catalogue
from geo.citations import format_citation, split_source_ids
from geo.i18n import section

EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "programs.csv": ("funding", "budget_basis", *OPTIONAL_DEFAULTS["programs.csv"]),
    SITES_FILE: ("figures_ko", *OPTIONAL_DEFAULTS[SITES_FILE], "geometry"),
    "regions.csv": tuple(OPTIONAL_DEFAULTS["regions.csv"]),
    "sources.csv": tuple(OPTIONAL_DEFAULTS["sources.csv"]),
}
MIME_TYPES = {
    ".csv": "text/csv",
    ".geojson": "application/geo+json",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".md": "text/markdown",
}


def dictionary_table(lang: str = "ko") -> pd.DataFrame:
    """Every catalogue column with a one-line meaning and, for enumerated fields, the allowed values.

    Parameters
    ----------
    lang : str
        ``"ko"`` or ``"en"``: the language of the meanings and headers.
    """
    meanings, shared = section("column_meanings", lang), section("shared_column_meanings", lang)
    rows = []
    for file, columns in (*COLUMNS.items(), (HISTORY_FILE, HISTORY_COLUMNS)):
        for column in dict.fromkeys((*columns, *EXTRA_COLUMNS.get(file, ()))):
            meaning = meanings.get(file, {}).get(column) or shared.get(column) or ""
            rows.append((file, column, meaning, ", ".join(ENUMS.get((file, column), ()))))
    return pd.DataFrame(rows, columns=section("headers", lang)["dictionary"])


def sources_table(cat: Catalogue, lang: str = "ko") -> pd.DataFrame:
    """The bibliography as a reader sees it: each source's citation, kind, address and how often it is cited.

    Citations are "publisher, date, 「title」" (``geo.citations.format_citation``); source ids
    never appear. Most cited first.
    """
    cited = pd.concat(
        [
            frame[["source"]].assign(file=name)
            for name, frame in (
                ("sectors.csv", cat.sectors),
                ("stages.csv", cat.stages),
                ("regions.csv", cat.regions),
                (SITES_FILE, cat.sites),
                ("programs.csv", cat.programs),
                ("links.csv", cat.links),
                (HISTORY_FILE, cat.history),
            )
            if "source" in frame
        ],
        ignore_index=True,
    )
    cited["source"] = cited["source"].map(split_source_ids)
    cited = cited.explode("source").dropna(subset=["source"])
    files = cited.groupby("source")["file"].agg(lambda f: ", ".join(_file_label(x, lang) for x in dict.fromkeys(f)))
    rows = cited.groupby("source").size()
    kinds = section("source_kinds", lang)
    table = pd.DataFrame(
        {
            "citation": [format_citation(r) for r in cat.sources.to_dict("records")],
            "kind": [kinds.get(k, k) for k in cat.sources["kind"]],
            "url": cat.sources["url"],
            "files": cat.sources["id"].map(files).fillna(""),
            "rows": cat.sources["id"].map(rows).fillna(0).astype(int),
        }
    )
    table = table.sort_values(["rows", "citation"], ascending=[False, True], kind="stable")
    table.columns = section("headers", lang)["sources"]
    return table.reset_index(drop=True)


def _file_label(name: str, lang: str) -> str:
    """What a catalogue file holds, in words (a reader need not know the file names)."""
    return section("catalogue_files", lang).get(name, name)


def _date_range(dates: pd.Series) -> str:
    """One as-of date, or the earliest and latest of several (ISO dates sort as text)."""
    known = sorted({d for d in dates if d})
    if not known:
        return ""
    return known[0] if len(known) == 1 else f"{known[0]} – {known[-1]}"


def catalogue_files(folder: Path) -> list[tuple[str, Path | None]]:
    """The catalogue's files by name, with their path, or None for a required file that is missing.

    The required files (``COLUMNS``) come first in their order, then any other file in the
    folder (``admin_changes.csv``, the story …); hidden files are left out.
    """
    present = {p.name: p for p in sorted(folder.glob("*")) if p.is_file() and not p.name.startswith(".")}
    required = [(name, present.get(name)) for name in COLUMNS]
    return required + [(name, path) for name, path in present.items() if name not in COLUMNS]


def file_download(path: Path) -> bytes:
    """A catalogue file as the data page offers it: its own bytes, unless a CSV cell would run as a formula.

    Such a cell (``geo.cells.runs_as_formula``; the validator reports it too) is neutralised with
    ``geo.cells.safe_cell`` and the table written again (UTF-8 with BOM); every other file, and a
    CSV with no such cell, downloads exactly as it is on disk.
    """
    from geo.catalogue import CatalogueError, read_table
    from geo.cells import runs_as_formula, safe_frame

    data = path.read_bytes()
    if path.suffix.lower() != ".csv":
        return data
    try:
        table = read_table(path)
    except CatalogueError:
        return data
    cells = [*table.columns, *table.to_numpy().ravel()]
    if not any(runs_as_formula(cell) for cell in cells):
        return data
    return safe_frame(table).to_csv(index=False).encode("utf-8-sig")


def mime_type(name: str) -> str:
    """The MIME type a download of a catalogue file is sent with."""
    return MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
