"""Properties of the upload reader: whatever the bytes, an Upload inside Korea or an UploadError naming the file."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from geo.extent import KOREA
from geo.planner.ingest import Upload, UploadError, read_upload

# No example database: the suite writes nothing into the repository.
SETTINGS = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
NAME = st.text(st.one_of(HANGUL, st.sampled_from("abcXYZ0123 -·(),;")), min_size=1, max_size=12)
NAME = NAME.map(str.strip).filter(bool)
# Never a number: letters only, so "nan", "inf" or "1e5" cannot appear.
NOT_A_NUMBER = st.one_of(st.just(""), st.text(st.sampled_from("abc북위"), min_size=1, max_size=4))
LAT = st.floats(33.9, 36.3)
LON = st.floats(125.0, 127.9)


def outcome(data: bytes, filename: str) -> Upload | UploadError:
    """The Upload, or the UploadError; any other exception fails the test."""
    try:
        return read_upload(data, filename, lang="en")
    except UploadError as error:
        return error


def assert_sound(result: Upload | UploadError, filename: str) -> None:
    """An Upload is in EPSG:4326 with every feature touching Korea; an UploadError names the file."""
    if isinstance(result, UploadError):
        assert result.message.startswith(f"{filename}: ")
        return
    assert result.gdf.crs.to_epsg() == 4326
    assert len(result.gdf) > 0
    assert result.gdf.geometry.intersects(box(*KOREA)).all()


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["any.csv", "any.geojson", "any.json", "any.zip", "any.xlsx"]))
def test_any_bytes_give_an_upload_or_an_upload_error(data, filename):
    """Arbitrary bytes under any text or archive name never escape as another exception."""
    assert_sound(outcome(data, filename), filename)


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["utf-8", "cp949"]))
def test_any_csv_text_gives_an_upload_or_an_upload_error(text, encoding):
    """Arbitrary text, prefixed by a coordinate header so the row parsing is exercised, is handled."""
    try:
        data = ("이름,위도,경도\n" + text).encode(encoding)
    except UnicodeEncodeError:
        data = ("이름,위도,경도\n" + text).encode("utf-8")
    assert_sound(outcome(data, "any.csv"), "any.csv")


ROW = st.one_of(
    st.tuples(NAME, LAT.map(str), LON.map(str)),
    st.tuples(NAME, NOT_A_NUMBER, NOT_A_NUMBER),
)


@SETTINGS
@given(st.lists(ROW, max_size=15), st.sampled_from(["utf-8", "cp949"]), st.sampled_from([",", ";", "\t"]))
def test_generated_csv_keeps_every_row_with_coordinates(rows, encoding, separator):
    """Exactly the rows with numeric 위도/경도 become features, with their Hangul names intact, in order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(["이름", "위도", "경도"])
    writer.writerows(rows)
    result = outcome(buffer.getvalue().encode(encoding), "gen.csv")
    expected = [name for name, lat, _ in rows if lat and lat[0].isdigit()]
    if not expected:
        assert isinstance(result, UploadError) and result.message.startswith("gen.csv: ")
        return
    assert isinstance(result, Upload), result
    assert list(result.gdf["이름"]) == expected


GEOMETRY = st.one_of(
    st.none(),
    st.builds(
        lambda x, y: {"type": "Point", "coordinates": [x, y]},
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(allow_nan=True, allow_infinity=True),
    ),
    st.builds(lambda x, y: {"type": "Point", "coordinates": [x, y]}, LON, LAT),
    st.builds(
        lambda coords: {"type": "Polygon", "coordinates": [coords]}, st.lists(st.tuples(LON, LAT).map(list), max_size=6)
    ),
    st.builds(
        lambda coords: {"type": "LineString", "coordinates": coords},
        st.lists(st.tuples(LON, LAT).map(list), max_size=4),
    ),
    st.dictionaries(st.sampled_from(["type", "coordinates"]), st.one_of(st.text(max_size=3), st.integers())),
)
PROPERTIES = st.one_of(
    st.none(),
    st.dictionaries(
        st.text(max_size=5),
        st.one_of(
            st.none(),
            st.text(max_size=8),
            st.integers(),
            st.floats(allow_nan=False),
            st.lists(st.integers(), max_size=2),
        ),
    ),
)
FEATURE = st.builds(lambda g, p: {"type": "Feature", "geometry": g, "properties": p}, GEOMETRY, PROPERTIES)


CRS_NAMES = ["EPSG:4326", "urn:ogc:def:crs:EPSG::5186", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:999999", "mine"]


@SETTINGS
@given(st.lists(FEATURE, max_size=8), st.one_of(st.none(), st.sampled_from(CRS_NAMES)))
def test_generated_geojson_gives_an_upload_or_an_upload_error(features, crs_name):
    """GeoJSON with any mix of missing, malformed, infinite and valid geometries and odd properties is handled."""
    document = {"type": "FeatureCollection", "features": features}
    if crs_name:
        document["crs"] = {"type": "name", "properties": {"name": crs_name}}
    data = json.dumps(document, allow_nan=True).encode()
    assert_sound(outcome(data, "gen.geojson"), "gen.geojson")
