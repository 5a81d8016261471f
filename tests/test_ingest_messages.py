"""What the upload reader tells the planner: notes in the planner's language, dropped rows named."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.planner.ingest.messages import KOREAN_CRS, PROJECTED_KOREAN_CRS, _Reading


def test_dropped_rows_are_counted_named_and_ask_for_review():
    """A note of dropped rows gives their number and the first five line numbers, and asks the planner to look."""
    reading = _Reading(file="places.csv", lang="en", table=True)
    reading.dropped("note_dropped_coords", pd.RangeIndex(2, 12), np.array([True] * 3 + [False] * 7))
    assert reading.review and len(reading.notes) == 1
    assert reading.notes == ["Rows without numeric coordinates, dropped: 7 (rows 5, 6, 7, 8, 9, …)."]


def test_a_plain_note_does_not_ask_for_review():
    """Notes that report what was read, not what was guessed or dropped, leave the upload unflagged."""
    reading = _Reading(file="places.csv", lang="ko")
    reading.note("note_crs_assumed")
    assert not reading.review and len(reading.notes) == 1 and "EPSG:4326" in reading.notes[0]


def test_the_crs_choices_offer_every_projected_korean_crs_and_wgs84():
    """The picker's table lists longitude/latitude too, but only projected CRSs are guessed."""
    assert set(KOREAN_CRS) == {*PROJECTED_KOREAN_CRS, "EPSG:4326"} and "EPSG:4326" not in PROJECTED_KOREAN_CRS
    assert PROJECTED_KOREAN_CRS[:2] == ("EPSG:5186", "EPSG:5179")  # current standards preferred
