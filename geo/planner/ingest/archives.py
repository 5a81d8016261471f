"""ZIP archives (Shapefile, KMZ, XLSX) checked before anything is unpacked, and unpacked with a cap."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from geo.planner.ingest.messages import _Reading

# A ZIP (Shapefile, KMZ, XLSX) may unpack to no more than this, in this many members: a small
# archive that inflates to gigabytes would otherwise exhaust the server's disk or memory.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
# Every temporary folder of an upload starts so; messages replace such paths by the file's name.
UPLOAD_FOLDER_PREFIX = "axbelt-upload-"


def upload_folder() -> tempfile.TemporaryDirectory:
    """A temporary folder for one upload's files, removed when the ``with`` block ends (never the catalogue)."""
    return tempfile.TemporaryDirectory(prefix=UPLOAD_FOLDER_PREFIX)


def _open_zip(data: bytes, reading: _Reading, *, bad_key: str = "bad_zip") -> zipfile.ZipFile:
    """A checked ZIP: every member path stays inside the archive, and it unpacks to a bounded size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise reading.error(bad_key) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise reading.error("zip_too_big", limit=MAX_UNZIPPED_BYTES // 2**20, count=MAX_ZIP_MEMBERS)
    for member in members:
        if not is_safe_member(member.filename):
            raise reading.error("zip_unsafe", member=member.filename[:80])
    return archive


def is_safe_member(name: str) -> bool:
    """Whether a ZIP member's path stays inside the archive (no absolute path, drive or ``..``)."""
    path = name.replace("\\", "/")
    return not (path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"))


def _extract(archive: zipfile.ZipFile, member: str, target: Path) -> None:
    """Copy one member to ``target``, stopping at the size cap even if the member's header lies."""
    written = 0
    with archive.open(member) as source, target.open("wb") as sink:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > MAX_UNZIPPED_BYTES:
                raise OSError(f"{member} unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MB")
            sink.write(chunk)


def _is_payload(name: str) -> bool:
    """Whether a member is real content, not a folder or macOS's ``__MACOSX``/``._`` resource copies."""
    path = PurePosixPath(name)
    return not name.endswith("/") and "__MACOSX" not in path.parts and not path.name.startswith("._")
