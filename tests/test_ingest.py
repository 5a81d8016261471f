"""The upload reader and overlay, on a corpus of files the tests write themselves."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from geo.i18n import md_escape
from geo.planner import ingest
from geo.planner.ingest import UploadError, read_upload
from tests.places_fixture import NAMES, PLACES, csv_bytes, places, zip_folder, zipped_shapefile

HONAM = (125.0, 33.9, 127.9, 36.3)


def geojson_bytes(frame: gpd.GeoDataFrame, crs_member: str | None = None) -> bytes:
    """A frame as GeoJSON text, with a pre-2016 ``crs`` member when given."""
    document = json.loads(frame.to_json(drop_id=True))
    document.pop("crs", None)
    if crs_member:
        document["crs"] = {"type": "name", "properties": {"name": crs_member}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def xlsx_bytes() -> bytes:
    """A workbook whose second sheet holds the places below a title, as Korean offices write them."""
    buffer = io.BytesIO()
    table = pd.DataFrame({"시설명": NAMES, "위도": [lat for *_, lat in PLACES], "경도": [lon for _, lon, _ in PLACES]})
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame([["표지"]]).to_excel(writer, sheet_name="표지", header=False, index=False)
        pd.DataFrame([["2025년 거점 현황"]]).to_excel(writer, sheet_name="거점", header=False, index=False)
        table.to_excel(writer, sheet_name="거점", index=False, startrow=2)
    return buffer.getvalue()


def gdal_file(tmp_path: Path, frame: gpd.GeoDataFrame, name: str, driver: str, **options) -> bytes:
    """A frame written by GDAL (GeoPackage, KML) and read back as bytes."""
    path = tmp_path / name
    frame.to_file(path, driver=driver, **options)
    return path.read_bytes()


def assert_places(upload: ingest.Upload, column: str = "name") -> None:
    """The upload holds the three places, in EPSG:4326, inside Honam, with their Hangul names intact."""
    gdf = upload.gdf
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == 3
    west, south, east, north = gdf.total_bounds
    assert HONAM[0] <= west and east <= HONAM[2] and HONAM[1] <= south and north <= HONAM[3]
    assert list(gdf[column]) == NAMES
    for (_, lon, lat), point in zip(PLACES, gdf.geometry, strict=True):
        assert point.x == pytest.approx(lon, abs=1e-6) and point.y == pytest.approx(lat, abs=1e-6)


def message(data: bytes, filename: str, **options) -> UploadError:
    """The UploadError that reading ``data`` raises (in English)."""
    with pytest.raises(UploadError) as caught:
        read_upload(data, filename, lang="en", **options)
    return caught.value


# ---------------------------------------------------------------- good files


def test_zipped_shapefile_5179_cp949(tmp_path):
    """A CP949 Shapefile in EPSG:5179 is reprojected, its Hangul decoded from the .cpg, and both are noted."""
    upload = read_upload(zipped_shapefile(tmp_path / "shp"), "places.zip", lang="en")
    assert_places(upload)
    assert upload.crs == "EPSG:5179"
    assert "Text encoding CP949 (from the .cpg)." in upload.notes
    assert any("EPSG:5179" in note and ".prj" in note for note in upload.notes)
    assert any(note.startswith("Reprojected from EPSG:5179") for note in upload.notes)
    assert not upload.needs_review  # everything came from the file itself


def test_shapefile_without_cpg_detects_cp949(tmp_path):
    """With no .cpg the DBF's CP949 text is detected, so Hangul is not garbled as Latin-1."""
    upload = read_upload(zipped_shapefile(tmp_path / "shp", drop=(".cpg",)), "places.zip", lang="en")
    assert_places(upload)
    assert "Text encoding CP949 (detected)." in upload.notes


def test_shapefile_whose_cpg_is_wrong_is_still_decoded(tmp_path):
    """A .cpg that says UTF-8 over CP949 text is overruled by detection, and the note says so."""
    upload = read_upload(zipped_shapefile(tmp_path / "shp", cpg="UTF-8"), "places.zip", lang="en")
    assert_places(upload)
    assert any("the .cpg says UTF-8" in note for note in upload.notes)


def test_utf8_shapefile_in_5186_inside_a_folder(tmp_path):
    """A UTF-8 Shapefile in EPSG:5186 zipped inside a folder (with macOS litter) is found and read."""
    folder = tmp_path / "shp"
    zipped_shapefile(folder, crs=5186, encoding="utf-8")
    (folder / "._places.shp").write_bytes(b"\x00resource fork")
    data = zip_folder(folder, {p.name: f"layer/{p.name}" for p in folder.iterdir()})
    upload = read_upload(data, "places.zip")
    assert_places(upload)
    assert upload.crs == "EPSG:5186"


def test_geojson_in_5186_with_crs_member():
    """A GeoJSON whose ``crs`` member names EPSG:5186 is reprojected from it."""
    data = geojson_bytes(places(5186), "urn:ogc:def:crs:EPSG::5186")
    upload = read_upload(data, "places.geojson", lang="en")
    assert_places(upload)
    assert "CRS EPSG:5186 (KGD2002 / Central Belt 2010), from the GeoJSON 'crs' member." in upload.notes


def test_geojson_in_5186_without_crs_is_guessed():
    """Projected GeoJSON coordinates without a CRS are recognised as EPSG:5186 and the guess is noted."""
    upload = read_upload(geojson_bytes(places(5186)), "places.json", lang="en")
    assert_places(upload)
    assert upload.crs == "EPSG:5186"
    assert any("guessed from the coordinate ranges" in note for note in upload.notes)
    assert upload.needs_review


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_csv_with_위도_경도(encoding):
    """A CSV with 위도/경도 columns, in UTF-8 (with or without BOM) or CP949, keeps its Hangul."""
    upload = read_upload(csv_bytes(encoding), "places.csv", lang="en")
    assert_places(upload, column="이름")
    assert ("Text encoding CP949 (detected)." in upload.notes) == (encoding == "cp949")


@pytest.mark.parametrize(
    ("header", "separator"),
    [("name,lat,lon", ","), ("name;Latitude;Longitude", ";"), ("name\tY\tX", "\t"), ("name,위도(Y),경도(X)", ",")],
)
def test_csv_coordinate_names_and_separators(header, separator):
    """lat/lon, Latitude/Longitude, X/Y and 위도(Y)/경도(X) columns are found, with any common separator."""
    text = header + "\n" + "\n".join(separator.join((name, str(lat), str(lon))) for name, lon, lat in PLACES)
    assert_places(read_upload(text.encode(), "places.csv"))


@pytest.mark.parametrize("crs", [5179, 5186])
def test_csv_with_projected_xy_is_guessed(crs):
    """x/y in EPSG:5179 or 5186 without a CRS are placed back where they belong."""
    frame = places(crs)
    text = "name,x,y\n" + "\n".join(f"{n},{p.x:.3f},{p.y:.3f}" for n, p in zip(NAMES, frame.geometry, strict=True))
    upload = read_upload(text.encode(), "places.csv", lang="en")
    assert_places(upload)
    assert upload.crs == f"EPSG:{crs}"


def test_chosen_crs_overrides_the_guess():
    """Coordinates in the West Belt (EPSG:5185) are read right when that CRS is chosen."""
    frame = places(5185)
    text = "name,x,y\n" + "\n".join(f"{n},{p.x},{p.y}" for n, p in zip(NAMES, frame.geometry, strict=True))
    upload = read_upload(text.encode(), "places.csv", crs="EPSG:5185", lang="en")
    assert_places(upload)
    assert upload.crs == "EPSG:5185"
    assert any(note.startswith("CRS EPSG:5185") and "as chosen" in note for note in upload.notes)


def test_xlsx_with_title_rows_on_second_sheet():
    """An XLSX whose table sits below a title on its second sheet is found, and where is noted."""
    upload = read_upload(xlsx_bytes(), "places.xlsx", lang="en")
    assert_places(upload, column="시설명")
    assert "Read the sheet '거점' (of 2 sheets)." in upload.notes
    assert "The table's header is on row 3." in upload.notes


def test_geopackage_in_5186_with_an_invalid_polygon(tmp_path):
    """A GeoPackage's CRS is read, and a self-intersecting polygon is repaired and noted."""
    bow_tie = Polygon([(126.85, 35.15), (126.95, 35.25), (126.95, 35.15), (126.85, 35.25), (126.85, 35.15)])
    frame = gpd.GeoDataFrame({"name": ["광주광역시 북구"]}, geometry=[bow_tie], crs=4326).to_crs(5186)
    upload = read_upload(gdal_file(tmp_path, frame, "zones.gpkg", "GPKG"), "zones.gpkg", lang="en")
    assert upload.crs == "EPSG:5186"
    assert upload.gdf.is_valid.all()
    assert upload.gdf.loc[0, "name"] == "광주광역시 북구"
    assert "Invalid geometries repaired (shapely make_valid): 1." in upload.notes


def test_geopackage_points(tmp_path):
    """The places written to a GeoPackage in EPSG:5179 come back whole."""
    assert_places(read_upload(gdal_file(tmp_path, places(5179), "places.gpkg", "GPKG"), "places.gpkg"))


def test_kml_and_kmz(tmp_path):
    """KML, and KML zipped as KMZ, are read in WGS84 without LIBKML's empty styling columns."""
    kml = gdal_file(tmp_path, places().rename(columns={"name": "Name"}), "places.kml", "KML")
    upload = read_upload(kml, "places.kml")
    assert_places(upload, column="Name")
    assert "tessellate" not in upload.gdf.columns
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", kml)
    assert_places(read_upload(buffer.getvalue(), "places.kmz"), column="Name")


def test_csv_with_a_wkt_column():
    """A CSV with a WKT column yields its geometries; an unreadable WKT row is dropped with its line number."""
    text = 'name,WKT\n광주,POINT (126.9 35.17)\n나쁨,not wkt\n선,"LINESTRING (126.8 35.1, 127 35.2)"\n'
    upload = read_upload(text.encode(), "wkt.csv", lang="en")
    assert list(upload.gdf.geom_type) == ["Point", "LineString"]
    assert "Rows without a readable WKT geometry, dropped: 1 (row 3)." in upload.notes


def test_rows_without_coordinates_are_dropped_with_their_line_numbers():
    """Rows with blank or text coordinates are dropped and named by spreadsheet line."""
    text = csv_bytes().decode() + "빈칸,,\n글자,북위35,동경126\n"
    upload = read_upload(text.encode(), "places.csv", lang="en")
    assert_places(upload, column="이름")
    assert "Rows without numeric coordinates, dropped: 2 (rows 5, 6)." in upload.notes


def test_features_outside_korea_are_dropped_with_a_note():
    """A stray point (0, 0) among good ones is dropped and the note names it."""
    text = csv_bytes().decode() + "영점,0,0\n"
    upload = read_upload(text.encode(), "places.csv", lang="en")
    assert len(upload.gdf) == 3
    assert "Features outside Korea, dropped: 1 (row 5)." in upload.notes
    assert upload.needs_review


def test_swapped_columns_are_offered_then_read_with_swap():
    """Latitude and longitude given the wrong way round raise with swap_offered; swap=True reads them."""
    text = "name,lat,lon\n" + "\n".join(f"{name},{lon},{lat}" for name, lon, lat in PLACES)
    error = message(text.encode(), "swapped.csv")
    assert error.swap_offered and not error.crs_needed
    assert error.message.startswith("swapped.csv: latitude and longitude look swapped")
    upload = read_upload(text.encode(), "swapped.csv", swap=True, lang="en")
    assert_places(upload)
    assert "Latitude and longitude swapped, as asked." in upload.notes


def test_z_coordinates_are_dropped():
    """3-D geometries come back 2-D, as the map and joins expect."""
    frame = gpd.GeoDataFrame({"name": NAMES}, geometry=[Point(lon, lat, 10) for _, lon, lat in PLACES], crs=4326)
    upload = read_upload(geojson_bytes(frame), "z.geojson")
    assert not upload.gdf.has_z.any()


def test_korean_is_the_default_language():
    """Notes and messages are Korean unless English is asked for."""
    assert read_upload(csv_bytes("cp949"), "places.csv").notes[0] == "CSV 파일에서 객체 3개를 읽었습니다."
    with pytest.raises(UploadError, match=r"^빈\.csv: 빈 파일입니다"):
        read_upload(b"", "빈.csv")


# ---------------------------------------------------------------- bad files, each with its own message


def zip_of(members: dict[str, bytes]) -> bytes:
    """A ZIP of the given members, names taken as they are (even unsafe ones)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name), content)
    return buffer.getvalue()


BAD_FILES = [
    (b"", "empty.csv", "empty.csv: the file is empty. Export it again"),
    (b"  \n\r\n", "blank.geojson", "blank.geojson: the file is empty."),
    (
        b'{"type": "FeatureCollection", "features": [',
        "broken.geojson",
        "broken.geojson: is not valid JSON (line 1, column 44: Expecting value). Export the GeoJSON again",
    ),
    (b'{"rows": []}', "table.json", "table.json: is JSON but not GeoJSON"),
    (
        zip_of({"readme.txt": b"hi", "map.pdf": b"%PDF"}),
        "noshp.zip",
        "noshp.zip: the ZIP contains no .shp file (found: readme.txt, map.pdf).",
    ),
    (
        zip_of({"a.shp": b"x", "a.shx": b"x"}),
        "nodbf.zip",
        "nodbf.zip: the ZIP holds a.shp but not a.dbf. Zip all parts of the Shapefile",
    ),
    (
        zip_of({"../../etc/a.shp": b"x"}),
        "escape.zip",
        "escape.zip: the ZIP holds a path outside its folder (../../etc/a.shp) and was refused.",
    ),
    (
        zip_of({"/tmp/a.shp": b"x"}),
        "absolute.zip",
        "absolute.zip: the ZIP holds a path outside its folder (/tmp/a.shp)",
    ),
    (zip_of({"C:/a.shp": b"x"}), "drive.zip", "drive.zip: the ZIP holds a path outside its folder (C:/a.shp)"),
    (b"PK\x03\x04 not really", "fake.zip", "fake.zip: is not a valid ZIP archive."),
    (b"just text", "fake.xlsx", "fake.xlsx: is not an Excel workbook (.xlsx)."),
    (zip_of({"image.png": b"x"}), "empty.kmz", "empty.kmz: the KMZ contains no .kml document."),
    (
        b"SQLite format 3\x00 broken",
        "broken.gpkg",
        "broken.gpkg: could not be read as GeoPackage: broken.gpkg not recognized as being in a supported file format. "
        "Open it in QGIS",
    ),
    (b"<kml><Document><Placemark>", "broken.kml", "broken.kml: could not be read as KML: "),
    (b"\x00\x01", "report.docx", "report.docx: the format '.docx' is not supported."),
    (b"\x00\x01", "places.shp", "places.shp: a Shapefile is several files. Put the .shp, .shx, .dbf"),
    (b"\x00\x01", "places.xls", "places.xls: old Excel files (.xls) are not read."),
    (
        "이름,주소\n북구청,우치로 77\n".encode(),
        "nocoords.csv",
        "nocoords.csv: no coordinate columns found (columns: 이름, 주소). Name them 위도/경도",
    ),
    (
        "이름,위도,경도\n북구청,,\n".encode(),
        "blankcoords.csv",
        "blankcoords.csv: no row has numbers in '위도' and '경도'.",
    ),
    (b"name,lat,lon\n\xff\xfe,35,126\n", "latin.csv", "latin.csv: the text is neither UTF-8 nor CP949/EUC-KR."),
    (b"name,lat,lon\nParis,48.85,2.35\n", "paris.csv", "paris.csv: every feature lies outside Korea (longitude 2.35"),
    (
        b"name,x,y\nA,99999999,99999999\n",
        "far.csv",
        "far.csv: the coordinates (x 99,999,999 to 99,999,999, y 99,999,999 to 99,999,999) are not "
        "longitude/latitude, and no CRS places them in Korea. Choose the file's CRS below",
    ),
    (
        geojson_bytes(places(), "urn:ogc:def:crs:LOCAL::mine"),
        "local.geojson",
        "local.geojson: the CRS 'urn:ogc:def:crs:LOCAL::mine' given in the file is not recognised.",
    ),
    (
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}',
        "nogeom.geojson",
        "nogeom.geojson: contains no features with a geometry.",
    ),
]


@pytest.mark.parametrize(("data", "filename", "expected"), BAD_FILES, ids=[name for _, name, _ in BAD_FILES])
def test_bad_file_has_its_own_message(data, filename, expected):
    """Each bad file raises UploadError whose message names the file and says what is wrong."""
    assert message(data, filename).message.startswith(expected)


def test_projected_coordinates_without_crs_ask_for_one():
    """When no CRS can be inferred the error sets crs_needed, and choosing the CRS reads the file."""
    frame = places(5174)
    # Shifted far east, so no Korean CRS puts these numbers in Korea; only a chosen CRS can.
    text = "name,x,y\n" + "\n".join(f"{n},{p.x + 9e6},{p.y}" for n, p in zip(NAMES, frame.geometry, strict=True))
    error = message(text.encode(), "mystery.csv")
    assert error.crs_needed and not error.swap_offered
    custom = (
        "+proj=tmerc +lat_0=38 +lon_0=127.0028902777778 +k=1 +x_0=9200000 +y_0=500000 +ellps=bessel "
        "+towgs84=-115.8,474.99,674.11,1.16,-2.31,-1.63,6.43 +units=m +no_defs"
    )
    assert len(read_upload(text.encode(), "mystery.csv", crs=custom).gdf) == 3


def test_unknown_chosen_crs():
    """A chosen CRS that PROJ does not know is reported as such, with crs_needed set."""
    error = message(csv_bytes(), "places.csv", crs="EPSG:abc")
    assert error.crs_needed and error.message.startswith("places.csv: the CRS 'EPSG:abc' is not recognised.")


def test_file_over_the_size_limit(monkeypatch):
    """A file over the limit is refused with its size and the limit, from the argument or the environment."""
    data = csv_bytes() + b"#" * (2 * 1024 * 1024)
    assert message(data, "big.csv", max_bytes=1024 * 1024).message.startswith(
        "big.csv: the file is 2 MB; the limit is 1 MB."
    )
    monkeypatch.setenv("AXBELT_MAX_UPLOAD_MB", "1")
    assert "the limit is 1 MB" in message(data, "big.csv").message
    assert ingest.max_upload_mb() == 1


def test_zip_that_unpacks_too_far_is_refused(monkeypatch, tmp_path):
    """An archive that would unpack past the cap is refused before anything is extracted."""
    monkeypatch.setattr(ingest.archives, "MAX_UNZIPPED_BYTES", 1000)
    error = message(zipped_shapefile(tmp_path / "shp"), "bomb.zip")
    assert error.message.startswith("bomb.zip: the ZIP unpacks to more than 0 MB or 1000 files and was refused.")


def test_zip_with_too_many_members_is_refused():
    """An archive of more members than the cap is refused."""
    data = zip_of({f"f{i}.txt": b"" for i in range(ingest.archives.MAX_ZIP_MEMBERS + 1)})
    assert "unpacks to more than" in message(data, "many.zip").message


def test_unexpected_reader_failure_becomes_an_upload_error(monkeypatch):
    """Whatever a reader raises reaches the caller as UploadError naming the file and the format."""

    def explode(data, reading):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(ingest.READERS, "CSV", explode)
    assert message(b"a,b\n", "x.csv").message.startswith("x.csv: could not be read as CSV: boom. Open it in QGIS")


def test_a_reader_error_names_the_file_not_the_servers_temporary_folder(monkeypatch):
    """GDAL's message about the temporary copy reaches the planner with the file's own name in the path's place."""

    def explode(data, reading):
        with ingest.archives.upload_folder() as folder:
            raise OSError(f"'{folder}/upload.gpkg' not recognized as a supported file format.")

    monkeypatch.setitem(ingest.READERS, "CSV", explode)
    assert message(b"a,b\n", "x.csv").message.startswith(
        "x.csv: could not be read as CSV: x.csv not recognized as a supported file format. Open it in QGIS"
    )


def test_nothing_is_written_to_the_catalogue(tmp_path):
    """Reading an archive leaves the data folder untouched (unpacking happens in a temporary folder)."""
    from geo.paths import DEFAULT_DATA_DIR

    before = sorted((p.name, p.stat().st_mtime_ns) for p in DEFAULT_DATA_DIR.iterdir())
    read_upload(zipped_shapefile(tmp_path / "shp"), "places.zip")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in DEFAULT_DATA_DIR.iterdir()) == before


# ---------------------------------------------------------------- helpers


def test_markdown_escape_neutralises_links_and_images():
    """A file name that is Markdown renders as its text, not as an image or a link."""
    escaped = md_escape("![x](http://evil.example/x.png) :red[광주]")
    assert "![" not in escaped and "](" not in escaped
    assert escaped.replace("\\", "") == "![x](http://evil.example/x.png) :red[광주]"


# ---------------------------------------------------------------- limits


def test_too_many_features_names_the_count_and_the_limit(monkeypatch):
    monkeypatch.setenv("AXBELT_MAX_FEATURES", "3")
    text = "위도,경도,이름\n" + "\n".join(f"35.1{i},126.9{i},곳{i}" for i in range(5))
    with pytest.raises(ingest.UploadError) as caught:
        ingest.read_upload(text.encode(), "firms.csv")
    assert "firms.csv" in caught.value.message and "5개" in caught.value.message and "3개" in caught.value.message
    assert "AXBELT_MAX_FEATURES" in caught.value.message


def test_too_many_features_in_a_geopackage_is_refused_before_reading(monkeypatch, tmp_path):
    import pyogrio

    monkeypatch.setenv("AXBELT_MAX_FEATURES", "1,000")  # nonsense: the default, a million, applies
    assert ingest.max_features() == ingest.DEFAULT_MAX_FEATURES
    monkeypatch.setenv("AXBELT_MAX_FEATURES", "2")
    frame = gpd.GeoDataFrame({"n": [1, 2, 3]}, geometry=[Point(126.9, 35.2)] * 3, crs=4326)
    pyogrio.write_dataframe(frame, tmp_path / "x.gpkg")
    with pytest.raises(ingest.UploadError) as caught:
        ingest.read_upload((tmp_path / "x.gpkg").read_bytes(), "x.gpkg", lang="en")
    assert "3 features" in caught.value.message and "at most 2" in caught.value.message
