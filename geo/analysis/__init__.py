"""What connects, what is funded, what is missing: the tables behind the analysis pages.

Every function takes catalogue frames (usually the filtered ``View``) and plain values and
returns plain frames, lists or bytes; ``geo.charts`` turns them into figures. Counting rules
are stated once here:

- a site counts for **each** of its sectors at its one stage (site × sector pairs), in the
  Sankey and in the gap matrix alike, so the two always agree;
- a stage is *missing* for a sector with 0 sites, *thin* with 1, *present* with 2 or more;
- budgets are summed per programme status and never across statuses.

Modules, one concern each (``from geo.analysis import …`` finds every name):

- ``chains``: names, site × sector pairs, the gap matrix and its readings, the Sankey flows;
- ``network``: the site network and its hubs;
- ``programmes``: budgets, the timeline, the programme table, stated targets, downloads;
- ``opportunities``: the industrial base against the belt.
"""

from geo.analysis.chains import (
    BELT,
    GAP_LEVELS,
    SHARED_SECTOR,
    GapFinding,
    GapScope,
    chain_stages,
    gap_counts,
    gap_findings,
    gap_level,
    gap_levels,
    gap_reading,
    gap_scope,
    link_flows,
    ranked_gaps,
    region_names,
    scoped_gap_counts,
    shared_reading,
    site_flows,
    site_sector_pairs,
)
from geo.analysis.network import hub_ranking, hub_table, isolated_sites, site_graph
from geo.analysis.opportunities import (
    belt_opportunities,
    opportunities_csv,
    opportunity_groups,
    opportunity_readings,
    opportunity_table,
)
from geo.analysis.programmes import (
    MONEY_UNITS,
    TARGET_COLUMNS,
    TARGET_STATUSES,
    TARGETS_FILE,
    budget_by_group_status,
    count_unbudgeted,
    count_undated,
    format_target,
    program_table,
    programs_csv,
    read_targets,
    search_programs,
    sites_csv,
    sites_geojson,
    status_basis_text,
    target_groups,
    targets_for,
    timeline_rows,
)

# The id → name look-up the pages and charts use beside these tables (``analysis.names``).
from geo.i18n import names  # noqa: E402

__all__ = [
    "names",
    "BELT",
    "GAP_LEVELS",
    "GapFinding",
    "GapScope",
    "MONEY_UNITS",
    "SHARED_SECTOR",
    "TARGETS_FILE",
    "TARGET_COLUMNS",
    "TARGET_STATUSES",
    "belt_opportunities",
    "budget_by_group_status",
    "chain_stages",
    "count_unbudgeted",
    "count_undated",
    "format_target",
    "gap_counts",
    "gap_findings",
    "gap_level",
    "gap_levels",
    "gap_reading",
    "gap_scope",
    "hub_ranking",
    "hub_table",
    "isolated_sites",
    "link_flows",
    "opportunities_csv",
    "opportunity_groups",
    "opportunity_readings",
    "opportunity_table",
    "program_table",
    "programs_csv",
    "ranked_gaps",
    "read_targets",
    "region_names",
    "scoped_gap_counts",
    "search_programs",
    "shared_reading",
    "site_flows",
    "site_graph",
    "site_sector_pairs",
    "sites_csv",
    "sites_geojson",
    "status_basis_text",
    "target_groups",
    "targets_for",
    "timeline_rows",
]
