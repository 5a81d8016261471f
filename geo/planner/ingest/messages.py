"""What the upload reader tells the planner, in the planner's language.

The notes and errors are looked up here, and only here (``_Reading.text``): their Korean and
English texts are the ``ingest_*`` labels of ``geo.i18n``. ``KOREAN_CRS`` is the table of CRS
names the data page offers; its order is also the order a CRS guess prefers (``geo.planner.ingest.crs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from geo.i18n import t

# The CRSs Korean data comes in, in the order a guess prefers them when several fit equally:
# current standards first (5186 for local government, 5179 for national data), Bessel-era last.
KOREAN_CRS: dict[str, str] = {
    "EPSG:5186": "EPSG:5186 · 중부원점 GRS80 (Korea 2000 / Central Belt 2010)",
    "EPSG:5179": "EPSG:5179 · UTM-K GRS80 (Korea 2000 / Unified CS)",
    "EPSG:5181": "EPSG:5181 · 중부원점 GRS80, 가산 50만 (Korea 2000 / Central Belt)",
    "EPSG:5185": "EPSG:5185 · 서부원점 GRS80 (Korea 2000 / West Belt 2010)",
    "EPSG:5187": "EPSG:5187 · 동부원점 GRS80 (Korea 2000 / East Belt 2010)",
    "EPSG:5188": "EPSG:5188 · 동해원점 GRS80 (Korea 2000 / East Sea Belt 2010)",
    "EPSG:5174": "EPSG:5174 · 보정 중부원점 Bessel (Korean 1985 / Modified Central Belt)",
    "EPSG:2097": "EPSG:2097 · 중부원점 Bessel (Korean 1985 / Central Belt)",
    "EPSG:32652": "EPSG:32652 · UTM 52N (WGS 84)",
    "EPSG:4326": "EPSG:4326 · 경위도 WGS84 (longitude/latitude)",
}
PROJECTED_KOREAN_CRS = tuple(code for code in KOREAN_CRS if code != "EPSG:4326")

# Notes that ask the planner to look: something was guessed, dropped or changed.
REVIEW_NOTES = frozenset(
    {
        "note_crs_guessed",
        "note_dropped_empty",
        "note_dropped_coords",
        "note_dropped_wkt",
        "note_dropped_outside",
        "note_repaired",
        "note_encoding_unknown",
        "note_other_shp",
    }
)


class UploadError(ValueError):
    """An upload that cannot be shown: the message names the file and says what to do.

    ``crs_needed`` is set when choosing a CRS may help; ``swap_offered`` when the latitude and
    longitude look swapped and reading again with ``swap=True`` should fix it.
    """

    def __init__(self, message: str, *, crs_needed: bool = False, swap_offered: bool = False):
        super().__init__(message)
        self.message = message
        self.crs_needed = crs_needed
        self.swap_offered = swap_offered


@dataclass
class _Reading:
    """One call of ``read_upload``: the file's name, the language, and the notes so far."""

    file: str
    lang: str
    table: bool = False
    review: bool = False
    notes: list[str] = field(default_factory=list)

    def text(self, key: str, **values) -> str:
        return t(f"ingest_{key}", self.lang).format(file=self.file, **values)

    def note(self, key: str, **values) -> None:
        self.notes.append(self.text(key, **values))
        self.review = self.review or key in REVIEW_NOTES

    def error(self, key: str, *, crs_needed: bool = False, swap_offered: bool = False, **values) -> UploadError:
        return UploadError(self.text(key, **values), crs_needed=crs_needed, swap_offered=swap_offered)

    def where(self, labels) -> str:
        """Rows (tables) or features (other files) by number, the first few of them."""
        items = [str(label) for label in list(labels)[:5]]
        shown = ", ".join(items) + (", …" if len(labels) > 5 else "")
        key = ("where_row" if self.table else "where_feature") + ("s" if len(labels) > 1 else "")
        return self.text(key, items=shown)

    def dropped(self, key: str, labels, kept) -> None:
        """Note that the rows or features not ``kept`` were dropped: how many, and the first few by number."""
        self.note(key, n=int((~kept).sum()), where=self.where(labels[~kept]))


def _display_name(filename: str) -> str:
    """The file's own name, without folders or control characters, at most 120 characters."""
    name = PurePosixPath(str(filename).replace("\\", "/")).name or "upload"
    return "".join(ch for ch in name if ch.isprintable())[:120]


def _names_list(names: list[str]) -> str:
    """Column names for a message: the first ten, comma-separated."""
    shown = [n for n in names if n][:10]
    return ", ".join(shown) + (", …" if len(names) > 10 else "") if shown else "-"
