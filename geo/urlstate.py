"""Parsing of view state that arrives in the URL (query parameters are untrusted text)."""

from __future__ import annotations

import re


def parse_years(value: str | None, bounds: tuple[int, int]) -> tuple[int, int]:
    """A ``YYYY-YYYY`` range clipped to ``bounds``; anything else gives ``bounds``."""
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", value or "")
    if not match:
        return bounds
    low, high = sorted(int(g) for g in match.groups())
    low, high = max(low, bounds[0]), min(high, bounds[1])
    return (low, high) if low <= high else bounds
