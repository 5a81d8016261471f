"""Places of the belt as test files: three points with Hangul names, as CSV, GeoDataFrame or zipped Shapefile.

Shared by the reader's unit tests and the data page's AppTest and browser tests.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

# Three places of the belt, with the Hangul that must survive every encoding.
PLACES = [("광주광역시 북구", 126.912, 35.174), ("전주시 완산구", 127.148, 35.812), ("목포시", 126.392, 34.812)]
NAMES = [name for name, _, _ in PLACES]


def places(crs: str | int = 4326) -> gpd.GeoDataFrame:
    """The three places as points in ``crs``, with a Hangul ``name`` and a number."""
    frame = gpd.GeoDataFrame(
        {"name": NAMES, "rank": [1, 2, 3]}, geometry=[Point(lon, lat) for _, lon, lat in PLACES], crs=4326
    )
    return frame.to_crs(crs)


def zip_folder(folder: Path, names: dict[str, str] | None = None) -> bytes:
    """The files of ``folder`` in a ZIP, renamed inside it by ``names`` where given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, (names or {}).get(path.name, path.name))
    return buffer.getvalue()


def zipped_shapefile(
    folder: Path, crs: int = 5179, encoding: str = "cp949", drop: tuple[str, ...] = (), cpg: str | None = None
) -> bytes:
    """The places as a zipped Shapefile in ``crs`` with ``encoding`` attributes (parts in ``drop`` left out)."""
    folder.mkdir(parents=True, exist_ok=True)
    places(crs).to_file(folder / "places.shp", driver="ESRI Shapefile", encoding=encoding)
    if cpg is not None:
        (folder / "places.cpg").write_text(cpg)
    for suffix in drop:
        (folder / f"places{suffix}").unlink()
    return zip_folder(folder)


def csv_bytes(encoding: str = "utf-8", header: str = "이름,위도,경도") -> bytes:
    """The places as a CSV with 위도/경도 columns."""
    rows = [header] + [f"{name},{lat},{lon}" for name, lon, lat in PLACES]
    return ("\n".join(rows) + "\n").encode(encoding)
