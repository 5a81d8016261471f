"""Parsing of view state that arrives in the URL (query parameters are untrusted text)."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit, urlunsplit


def parse_years(value: str | None, bounds: tuple[int, int]) -> tuple[int, int]:
    """A ``YYYY-YYYY`` range clipped to ``bounds``; anything else gives ``bounds``."""
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", value or "")
    if not match:
        return bounds
    low, high = sorted(int(g) for g in match.groups())
    low, high = max(low, bounds[0]), min(high, bounds[1])
    return (low, high) if low <= high else bounds


def share_link(page_url: str, params: dict[str, list[str]]) -> str:
    """The link that reopens a view: the page's address and its state as query parameters.

    Repeated parameters (several regions, say) are kept; empty ones are dropped.
    """
    base = urlsplit(page_url)
    pairs = [(key, value) for key, values in params.items() for value in values if value != ""]
    return urlunsplit((base.scheme, base.netloc, base.path, urlencode(pairs), ""))
