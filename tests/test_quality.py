"""The data-quality report: rows, full citations, estimated points, statuses and source age per file."""

from datetime import date

import pandas as pd

from geo import citations, quality, validate
from tests.catalogue_fixture import SIGUNGU, write_catalogue

TODAY = date(2026, 11, 21)


def test_report_counts_rows_citations_points_statuses_and_age(tmp_path):
    """Each file gets its rows, the share fully cited, the estimated points and errors, statuses and newest source."""
    report = quality.quality_report(write_catalogue(tmp_path), today=TODAY).set_index("file")
    programs = report.loc["programs.csv"]
    assert programs["rows"] == 2
    # Both programmes cite test-source, which has publisher, headline, date and address.
    assert programs["cited_share"] == 1.0
    assert programs["statuses"] == "confirmed 1 · proposed 1"
    assert programs["newest_source"] == "2025-04-08"
    assert programs["newest_age_days"] == (TODAY - date(2025, 4, 8)).days
    sites = report.loc["sites.geojson"]
    assert (sites["rows"], sites["estimated"], sites["error_median_m"], sites["error_max_m"]) == (4, 4, 1700, 1700)
    # One of the two links cites other-source, which has no headline: half are fully cited.
    assert report.loc["links.csv", "cited_share"] == 0.5
    assert report.loc["links.csv", "statuses"] == "derived 1 · sourced 1"
    # The bibliography's own share: one of its two entries is complete.
    assert report.loc["sources.csv", "cited_share"] == 0.5
    assert pd.isna(report.loc["programs.csv", "estimated"])


def test_missing_files_are_left_out_and_partial_dates_are_not_newest(tmp_path):
    """A file the folder lacks has no row; a source dated only by year never counts as the newest date."""
    folder = write_catalogue(tmp_path)
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    sources.loc[0, "date"] = "2026"
    sources.to_csv(folder / "sources.csv", index=False)
    report = quality.quality_report(folder, today=TODAY).set_index("file")
    assert "story.csv" not in report.index and "targets.csv" not in report.index
    assert report.loc["programs.csv", "newest_source"] == ""
    assert report.loc["links.csv", "newest_source"] == "2021-11-22"


def test_an_undated_page_dated_by_the_day_it_was_read_is_not_the_newest_source(tmp_path):
    """A page whose date is only its ``accessed`` day does not make a file look freshly sourced."""
    folder = write_catalogue(tmp_path)
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    sources.loc[0, ["date", "accessed"]] = "2026-11-20"
    sources.to_csv(folder / "sources.csv", index=False)
    report = quality.quality_report(folder, today=TODAY).set_index("file")
    assert report.loc["programs.csv", "newest_source"] == ""
    # It is still a complete citation (the day it was read is its date), as geo.citations counts it.
    assert report.loc["programs.csv", "cited_share"] == 1.0
    sources.loc[0, "accessed"] = "2026-11-21"
    sources.to_csv(folder / "sources.csv", index=False)
    assert (
        quality.quality_report(folder, today=TODAY).set_index("file").loc["programs.csv", "newest_source"]
        == "2026-11-20"
    )


def test_report_on_the_shipped_catalogue_covers_every_file():
    """Every catalogue file of data/ is in the report, with its rows."""
    report = quality.quality_report(validate.DEFAULT_DATA_DIR).set_index("file")
    assert set(quality.FILES) <= set(report.index)
    assert (report["rows"] > 0).all()
    assert report.loc["sites.geojson", "estimated"] <= report.loc["sites.geojson", "rows"]
    # One rule for a complete entry: the report's share is the one the data tests hold to a floor.
    sources = pd.read_csv(validate.DEFAULT_DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    assert report.loc["sources.csv", "cited_share"] == citations.complete_share(sources)


def test_cli_report_prints_the_same_table(tmp_path, capsys, monkeypatch):
    """``python -m geo.validate DIR --report`` prints the checks, then the quality table of the same folder."""
    monkeypatch.setattr(validate, "load_sigungu", lambda _dir: SIGUNGU)
    folder = write_catalogue(tmp_path)
    assert validate.main([str(folder), "--report"]) == 0
    out = capsys.readouterr().out
    assert "catalogue is valid" in out
    assert quality.report_text(quality.quality_report(folder)) in out
    assert "50%" in out and "confirmed 1 · proposed 1" in out
