"""How a cell of the catalogue's tables and the store's records is read: lists and colours.

One home for each rule, so the CSV files, the validator, the map and the exports agree.
"""

from __future__ import annotations

import re

# A spreadsheet cell that holds several ids (``programs.site_ids``, ``source``) separates them so.
LIST_SEP = ";"
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def split_ids(cell: object) -> list[str]:
    """The ids in a ``;``-separated cell, in order, blanks dropped.

    >>> split_ids(" a; b;;c ")
    ['a', 'b', 'c']
    >>> split_ids(None)
    []
    """
    return [part.strip() for part in str(cell or "").split(LIST_SEP) if part.strip()]


def is_hex_colour(value: object) -> bool:
    """Whether ``value`` is a colour written ``#rrggbb``.

    >>> is_hex_colour("#1f77B4"), is_hex_colour("#fff"), is_hex_colour(None)
    (True, False, False)
    """
    return isinstance(value, str) and HEX_COLOUR.fullmatch(value) is not None


def hex_colour(value: object) -> str:
    """``value`` when it is a ``#rrggbb`` colour; a ValueError that names it otherwise.

    >>> hex_colour("#ff0000")
    '#ff0000'
    """
    if not is_hex_colour(value):
        raise ValueError(f"colour must be #RRGGBB, not {value!r}")
    return value
