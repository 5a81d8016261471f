"""The limits on planners' files and stored layers, read from the environment, and how sizes are shown.

Every ``AXBELT_*`` number goes through ``env_number``: unset, unreadable, zero or negative means
the default, so a typo in a deployment never switches a limit off. The upload reader
(``geo.planner.ingest``) and the layer store (``geo.planner.store``) both read their limits here and both show
sizes with ``megabytes``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

MB = 1024 * 1024
# 200 MB holds a GeoPackage of a million points with a few attribute columns (about 100 MB).
DEFAULT_MAX_UPLOAD_MB = 200
# The most features a layer may have: a million points read, count and tile within the
# benchmark's 90 s on two cores (bench/layers.py); more would not, and say so.
DEFAULT_MAX_FEATURES = 1_000_000
DEFAULT_MAX_LAYER_MB = 100
DEFAULT_MAX_STORE_MB = 2000
DEFAULT_LAYER_DAYS = 90


def env_number(name: str, default: int, *, whole: bool = False, env: Mapping[str, str] | None = None) -> float:
    """A positive number from the environment variable ``name``, or ``default`` when unset or not a positive number.

    With ``whole``, the value is cut to an integer before the check, so ``"0.5"`` gives the
    default rather than zero (for counts and limits that must stay above zero). ``env`` is the
    process's environment unless given (a launcher reads the one it passes to its workers).

    >>> env_number("AXBELT_NOT_SET", 90), env_number("AXBELT_NOT_SET", 90, whole=True)
    (90.0, 90)
    """
    try:
        value = float((os.environ if env is None else env).get(name, default))
        if whole:
            value = int(value)
    except ValueError:
        return default
    return value if value > 0 else default


def megabytes(size: int) -> str:
    """Bytes as MB with three significant digits: 2000, 150, 12.5, 0.5, 0.000191.

    >>> [megabytes(n * MB) for n in (2000, 150, 12.5, 0.5)] + [megabytes(200)]
    ['2000', '150', '12.5', '0.5', '0.000191']
    """
    value = size / 1024 / 1024
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}" if value >= 1e-4 else f"{value:.6f}"


def max_upload_mb(env: Mapping[str, str] | None = None) -> int:
    """The upload size limit in MB: ``AXBELT_MAX_UPLOAD_MB``, or 200 when unset or not a positive number."""
    return int(env_number("AXBELT_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB, whole=True, env=env))


def streamlit_upload_mb(env: Mapping[str, str] | None = None) -> int:
    """The size to give Streamlit's uploader so that every file up to ``max_upload_mb`` reaches the dashboard's check.

    The dashboard's MB is 1,048,576 bytes (``MB``), and so is Streamlit's server's
    (``server.maxUploadSize``); its uploader in the browser counts 1,000,000 bytes to the MB, so
    ``max_upload_size=50`` would refuse a 49.9 MB file with Streamlit's own English message. One
    MB of margin past the dashboard's limit lets a file just over it get the dashboard's message,
    which names the limit in the setting's unit.

    >>> streamlit_upload_mb({"AXBELT_MAX_UPLOAD_MB": "50"}), streamlit_upload_mb({})
    (54, 211)
    """
    return math.ceil(max_upload_mb(env) * MB / 1_000_000) + 1


def max_features() -> int:
    """The most features a layer may have: ``AXBELT_MAX_FEATURES``, or a million when unset or not a positive number."""
    return int(env_number("AXBELT_MAX_FEATURES", DEFAULT_MAX_FEATURES, whole=True))


def max_layer_bytes() -> int:
    """``AXBELT_MAX_LAYER_MB`` (default 100) in bytes."""
    return int(env_number("AXBELT_MAX_LAYER_MB", DEFAULT_MAX_LAYER_MB) * MB)


def max_store_bytes() -> int:
    """``AXBELT_MAX_STORE_MB`` (default 2000) in bytes."""
    return int(env_number("AXBELT_MAX_STORE_MB", DEFAULT_MAX_STORE_MB) * MB)


def layer_days() -> int:
    """``AXBELT_LAYER_DAYS`` (default 90): layers unused this long are removed."""
    return int(env_number("AXBELT_LAYER_DAYS", DEFAULT_LAYER_DAYS))
