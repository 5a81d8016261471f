"""A small valid catalogue with every stage, three regions and known gaps, for the analysis tests.

Points sit inside the real 시군구 polygons (the AppTests validate against them). What the
numbers below must give:

- site × sector pairs: 13 (gj-lab, gj-cluster and jn-plant have two sectors each);
- belt gap matrix: food has testbed and application only; mobility has no energy or compute
  site; energy has two energy sites (present), one testbed and one application site (thin);
- network: gj-dc is the hub (5 links, 4 linked sites, 3 cross-region); gj-agency and jb-car
  have no link; 4 of the 8 links cross a regional border;
- budgets (억원): ai_infra confirmed 6,000; mobility in progress 3,000 and proposed 500;
  energy confirmed 1,196 and proposed 1,000; the food programme states no budget and the
  jb-car programme no period.
"""

from __future__ import annotations

from pathlib import Path

from tests.catalogue_fixture import BIBLIOGRAPHY, SOURCE, TABLES, _site, write_catalogue

SECTORS = [
    {"id": "mobility", "name_ko": "미래차 모빌리티", "name_en": "Future mobility", "colour": "#0072B2", "order": "1"},
    {"id": "energy", "name_ko": "RE100 에너지", "name_en": "RE100 energy", "colour": "#E69F00", "order": "2"},
    {"id": "food", "name_ko": "K-푸드 농생명", "name_en": "K-food & agri-life", "colour": "#009E73", "order": "3"},
    {
        "id": "ai_infra",
        "name_ko": "AI 공통 인프라",
        "name_en": "Common AI infrastructure",
        "colour": "#3B3B3B",
        "order": "4",
    },
]

STAGES = [
    ("energy", "에너지 공급", "Energy supply", "true"),
    ("compute", "컴퓨팅·데이터", "Compute & data", "true"),
    ("rnd", "R&D·인재", "R&D & talent", "true"),
    ("testbed", "실증", "Demonstration", "true"),
    ("application", "산업 적용", "Industrial application", "true"),
    ("hub", "거버넌스·지원", "Governance & support", "false"),
]

# (id, region, 시군구 code, lon, lat, sectors, stage, kind); points are representative points
# of the real 시군구 polygons.
SITE_ROWS = [
    ("gj-dc", "gwangju", "29170", 126.9101, 35.1897, ["ai_infra"], "compute", "data_center"),
    ("gj-lab", "gwangju", "29170", 126.9101, 35.1897, ["ai_infra", "mobility"], "rnd", "institute"),
    ("gj-cluster", "gwangju", "29200", 126.7394, 35.1637, ["mobility", "energy"], "testbed", "testbed"),
    ("gj-agency", "gwangju", "29170", 126.9101, 35.1897, ["ai_infra"], "hub", "agency"),
    ("jn-wind", "jeonnam", "46910", 126.1239, 34.7362, ["energy"], "energy", "energy"),
    ("jn-grid", "jeonnam", "46170", 126.7421, 34.9910, ["energy"], "energy", "energy"),
    ("jn-plant", "jeonnam", "46830", 126.7047, 34.8062, ["energy", "mobility"], "application", "plant"),
    ("jb-food", "jeonbuk", "52140", 127.0053, 36.0191, ["food"], "testbed", "testbed"),
    ("jb-farm", "jeonbuk", "52210", 126.9182, 35.7925, ["food"], "application", "plant"),
    ("jb-car", "jeonbuk", "52130", 126.7623, 35.9715, ["mobility"], "application", "plant"),
]

LINK_ROWS = [
    ("l1", "jn-wind", "gj-dc", "energy"),
    ("l2", "jn-grid", "gj-dc", "energy"),
    ("l3", "gj-dc", "gj-lab", "compute"),
    ("l4", "gj-dc", "jb-food", "data"),
    ("l5", "gj-lab", "gj-cluster", "technology"),
    ("l6", "gj-cluster", "jn-plant", "demonstration"),
    ("l7", "jb-food", "jb-farm", "demonstration"),
    ("l8", "gj-dc", "gj-lab", "data"),
]

# (id, name_ko, name_en, sector, stage, region, budget, start, end, status, site_ids, lead_org)
PROGRAM_ROWS = [
    (
        "p-dc",
        "데이터센터 고도화",
        "Data centre upgrade",
        "ai_infra",
        "compute",
        "gwangju",
        "6000",
        "2026",
        "2030",
        "confirmed",
        "gj-dc",
        "과학기술정보통신부",
    ),
    (
        "p-valley",
        "AX 실증밸리",
        "AX demonstration valley",
        "mobility",
        "testbed",
        "gwangju",
        "3000",
        "2026",
        "2030",
        "in_progress",
        "gj-cluster",
        "광주광역시",
    ),
    (
        "p-grid",
        "분산형 전력망",
        "Distributed grid",
        "energy",
        "energy",
        "jeonnam",
        "1196",
        "2026",
        "2026",
        "confirmed",
        "jn-grid",
        "전라남도",
    ),
    (
        "p-wind",
        "해상풍력",
        "Offshore wind",
        "energy",
        "energy",
        "belt",
        "1000",
        "2021",
        "2030",
        "proposed",
        "jn-wind",
        "",
    ),
    (
        "p-food",
        "푸드테크 실증",
        "Food-tech demonstration",
        "food",
        "testbed",
        "jeonbuk",
        "",
        "2025",
        "2027",
        "unverified",
        "jb-food",
        "익산시",
    ),
    (
        "p-car",
        "전기차 전환",
        "EV conversion",
        "mobility",
        "application",
        "jeonbuk",
        "500",
        "",
        "",
        "proposed",
        "jb-car",
        "",
    ),
]

# The map page shows each region's role in the belt.
ROLES = {
    "gwangju": {"role_ko": "AI 두뇌", "role_en": "AI brain"},
    "jeonnam": {"role_ko": "RE100 에너지", "role_en": "RE100 energy"},
    "jeonbuk": {"role_ko": "피지컬 AI 실증", "role_en": "Physical-AI demonstration"},
}

TARGETS = [
    {
        "id": "t-output",
        "name_ko": "광주 2030 비전: 생산액",
        "name_en": "Gwangju 2030 vision: output",
        "region": "gwangju",
        "target_year": "2030",
        "value": "101",
        "unit_ko": "조원",
        "unit_en": "KRW trillion",
        "status": "verified",
        **SOURCE,
    },
    {
        "id": "t-wind",
        "name_ko": "해상풍력 설비",
        "name_en": "Offshore wind capacity",
        "region": "jeonnam",
        "target_year": "2030",
        "value": "8.2",
        "unit_ko": "GW",
        "unit_en": "GW",
        "status": "verified",
        **SOURCE,
    },
    {
        "id": "t-firms",
        "name_ko": "AI 기업",
        "name_en": "AI firms",
        "region": "belt",
        "target_year": "2030",
        "value": "1000",
        "unit_ko": "개사",
        "unit_en": "firms",
        "status": "proposed",
        **SOURCE,
    },
]


def tables() -> dict[str, list[dict]]:
    """The catalogue tables (and ``targets.csv``) as rows."""
    programs = [
        {
            "id": i,
            "name_ko": ko,
            "name_en": en,
            "sector": sector,
            "stage": stage,
            "region": region,
            "budget_krw_100m": amount,
            "start_year": start,
            "end_year": end,
            "status": status,
            "funding": "public",
            "site_ids": sites,
            "lead_org": lead,
            **SOURCE,
            "lead_site_id": sites.split(";")[0],
        }
        for i, ko, en, sector, stage, region, amount, start, end, status, sites, lead in PROGRAM_ROWS
    ]
    links = [
        {
            "id": i,
            "from_id": a,
            "to_id": b,
            "kind": kind,
            "strength": "2",
            "evidence": "derived",
            "source": SOURCE["source"],
            "reasoning": "test link",
            "as_of": SOURCE["as_of"],
        }
        for i, a, b, kind in LINK_ROWS
    ]
    stages = [
        {"id": i, "name_ko": ko, "name_en": en, "order": str(n), "in_chain": chain, **SOURCE}
        for n, (i, ko, en, chain) in enumerate(STAGES, start=1)
    ]
    return {
        "sectors.csv": [{**row, **SOURCE} for row in SECTORS],
        "stages.csv": stages,
        "regions.csv": [{**row, **ROLES[row["id"]]} for row in TABLES["regions.csv"]],
        "programs.csv": programs,
        "links.csv": links,
        "targets.csv": TARGETS,
        "sources.csv": BIBLIOGRAPHY,
    }


def sites() -> dict:
    """The sites as a GeoJSON FeatureCollection."""
    features = [
        _site(i, f"거점 {i}", region, code, lon, lat, sectors, stage, kind=kind)
        for i, region, code, lon, lat, sectors, stage, kind in SITE_ROWS
    ]
    return {"type": "FeatureCollection", "features": features}


def write_analysis_catalogue(folder: Path) -> Path:
    """Write the analysis fixture as catalogue files (plus ``targets.csv``) into ``folder``."""
    return write_catalogue(folder, tables(), sites())
