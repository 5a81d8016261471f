"""The limits on uploads and stored layers, read from the environment, and how sizes are shown."""

from __future__ import annotations

import pytest

from geo.planner import limits


@pytest.mark.parametrize(("value", "expected"), [(None, 200), ("50", 50), ("0", 200), ("lots", 200), ("0.5", 200)])
def test_max_upload_mb(monkeypatch, value, expected):
    """The limit comes from AXBELT_MAX_UPLOAD_MB, and falls back to 200 MB when unset or nonsense."""
    if value is None:
        monkeypatch.delenv("AXBELT_MAX_UPLOAD_MB", raising=False)
    else:
        monkeypatch.setenv("AXBELT_MAX_UPLOAD_MB", value)
    assert limits.max_upload_mb() == expected


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("2.9", 2), ("0.5", 1_000_000), ("-4", 1_000_000)])
def test_max_features_is_a_whole_positive_number(monkeypatch, value, expected):
    """AXBELT_MAX_FEATURES is cut to a whole number; one below 1 means the default, never zero."""
    monkeypatch.setenv("AXBELT_MAX_FEATURES", value)
    assert limits.max_features() == expected


def test_limits_and_expiry_come_from_the_environment(monkeypatch):
    """The store's limits accept fractions of a MB and fall back to their defaults when nonsense."""
    monkeypatch.setenv("AXBELT_MAX_LAYER_MB", "0.5")
    monkeypatch.setenv("AXBELT_MAX_STORE_MB", "3")
    monkeypatch.setenv("AXBELT_LAYER_DAYS", "7")
    assert (limits.max_layer_bytes(), limits.max_store_bytes(), limits.layer_days()) == (
        512 * 1024,
        3 * 1024 * 1024,
        7,
    )
    for bad in ("", "-1", "lots"):
        monkeypatch.setenv("AXBELT_MAX_LAYER_MB", bad)
        assert limits.max_layer_bytes() == 100 * 1024 * 1024
    monkeypatch.delenv("AXBELT_LAYER_DAYS")
    assert limits.layer_days() == 90


@pytest.mark.parametrize(
    ("size", "shown"),
    [(2 * 1024**3, "2048"), (999.6 * 1024**2, "1000"), (63.24 * 1024**2, "63.2"), (1024**2, "1"), (50, "0.000048")],
)
def test_megabytes_shows_three_significant_digits_without_exponents(size, shown):
    """Sizes read as plain numbers, large or tiny: no ``1e+03`` in a message."""
    assert limits.megabytes(int(size)) == shown


def test_a_launcher_reads_the_environment_it_passes_to_its_workers(monkeypatch):
    monkeypatch.setenv("AXBELT_MAX_UPLOAD_MB", "7")
    assert limits.max_upload_mb({"AXBELT_MAX_UPLOAD_MB": "50"}) == 50
    assert limits.max_upload_mb({}) == 200  # the given environment, not this process's
    assert limits.max_upload_mb() == 7


def test_streamlits_uploader_lets_every_file_up_to_the_limit_through():
    """Streamlit's uploader counts 10^6 bytes to the MB: its limit covers the dashboard's MiB with room past it."""
    for mb in (1, 50, 200, 500):
        given = limits.streamlit_upload_mb({"AXBELT_MAX_UPLOAD_MB": str(mb)})
        assert given * 1_000_000 >= mb * limits.MB + 1_000_000 > (given - 2) * 1_000_000
    assert limits.streamlit_upload_mb({"AXBELT_MAX_UPLOAD_MB": "50"}) * 1_000_000 > int(50.5 * limits.MB)
