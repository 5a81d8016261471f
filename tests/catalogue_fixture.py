"""A tiny, valid catalogue and 시군구 set built in memory, for tests to break one rule at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

# Three square 시군구, one per region, far enough apart that a point is in exactly one.
SIGUNGU = gpd.GeoDataFrame(
    {
        "code": ["29170", "46910", "52130"],
        "name_ko": ["북구", "신안군", "군산시"],
        "region": ["gwangju", "jeonnam", "jeonbuk"],
    },
    geometry=[box(126.8, 35.1, 127.0, 35.3), box(125.9, 34.7, 126.1, 34.9), box(126.5, 35.9, 126.7, 36.0)],
    crs="EPSG:4326",
)

SOURCE = {"source": "test-source", "as_of": "2025-12-24"}
# The bibliography the fixture cites, and how a reader sees it.
BIBLIOGRAPHY = [
    {
        "id": "test-source",
        "publisher": "광주일보",
        "title": "시험 기사",
        "date": "2025-04-08",
        "url": "https://example.org/a",
        "accessed": "",
        "kind": "press",
        "note": "",
    },
    {
        "id": "other-source",
        "publisher": "전자신문",
        "title": "",
        "date": "2021-11-22",
        "url": "",
        "accessed": "",
        "kind": "press",
        "note": "headline and address not in the copy read",
    },
]
TEST_CITATION = "광주일보, 2025-04-08, 「시험 기사」"

TABLES: dict[str, list[dict]] = {
    "sectors.csv": [
        {"id": "energy", "name_ko": "에너지", "name_en": "Energy", "colour": "#E69F00", "order": "1", **SOURCE},
        {
            "id": "ai_infra",
            "name_ko": "AI 인프라",
            "name_en": "AI infrastructure",
            "colour": "#3B3B3B",
            "order": "2",
            **SOURCE,
        },
    ],
    "stages.csv": [
        {
            "id": "energy",
            "name_ko": "에너지 공급",
            "name_en": "Energy supply",
            "order": "1",
            "in_chain": "true",
            **SOURCE,
        },
        {"id": "compute", "name_ko": "컴퓨팅", "name_en": "Compute", "order": "2", "in_chain": "true", **SOURCE},
    ],
    "regions.csv": [
        {
            "id": "gwangju",
            "sido_code": "29",
            "name_ko": "광주광역시",
            "name_en": "Gwangju",
            "role_ko": "AI",
            "role_en": "AI",
            **SOURCE,
        },
        {
            "id": "jeonnam",
            "sido_code": "46",
            "name_ko": "전라남도",
            "name_en": "Jeollanam-do",
            "role_ko": "에너지",
            "role_en": "Energy",
            **SOURCE,
        },
        {
            "id": "jeonbuk",
            "sido_code": "52",
            "name_ko": "전북특별자치도",
            "name_en": "Jeonbuk State",
            "role_ko": "실증",
            "role_en": "Demonstration",
            **SOURCE,
        },
    ],
    "programs.csv": [
        {
            "id": "p-dc",
            "name_ko": "데이터센터",
            "name_en": "Data centre",
            "sector": "ai_infra",
            "stage": "compute",
            "region": "gwangju",
            "budget_krw_100m": "6000",
            "start_year": "2026",
            "end_year": "2030",
            "status": "confirmed",
            "funding": "public",
            "site_ids": "gj-dc",
            "lead_org": "MSIT",
            **SOURCE,
            "lead_site_id": "gj-dc",
            "overlaps": "",
            "scope": "regional",
            "budget_basis": "2025-08 승인 총사업비",
            "status_basis": "2025-08-18: 국무회의 의결 (총사업비 승인, 2026 예산 반영) [test-source]",
        },
        {
            "id": "p-wind",
            "name_ko": "해상풍력",
            "name_en": "Offshore wind",
            "sector": "energy",
            "stage": "energy",
            "region": "belt",
            "budget_krw_100m": "1000",
            "start_year": "2021",
            "end_year": "2030",
            "status": "proposed",
            "funding": "mixed",
            "site_ids": "jn-wind;jb-plant",
            "lead_org": "",
            **SOURCE,
            "lead_site_id": "jn-wind",
            "overlaps": "",
            "scope": "regional",
            "budget_basis": "2021 협약 투자계획",
            "status_basis": "",
        },
    ],
    "links.csv": [
        {
            "id": "l1",
            "from_id": "jn-wind",
            "to_id": "gj-dc",
            "kind": "energy",
            "strength": "2",
            "evidence": "derived",
            "source": "other-source",
            "reasoning": "wind power feeds the data centre",
            "as_of": "2025-12-24",
        },
        {
            "id": "l2",
            "from_id": "gj-dc",
            "to_id": "gj-lab",
            "kind": "compute",
            "strength": "3",
            "evidence": "sourced",
            "source": "test-source",
            "reasoning": "",
            "as_of": "2025-12-24",
        },
    ],
    "sources.csv": BIBLIOGRAPHY,
}


def _site(site_id, name, region, code, lon, lat, sectors, stage, **extra):
    props = {
        "id": site_id,
        "name_ko": name,
        "name_en": name,
        "region": region,
        "sigungu_code": code,
        "sectors": sectors,
        "stage": stage,
        "kind": "data_center",
        "status": "operating",
        "coord_precision": "estimated",
        "coord_error_m": 1700,
        "offshore": False,
        **SOURCE,
        **extra,
    }
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


SITES = {
    "type": "FeatureCollection",
    "features": [
        _site("gj-dc", "데이터센터", "gwangju", "29170", 126.85, 35.2, ["ai_infra"], "compute"),
        _site(
            "gj-lab", "연구소", "gwangju", "29170", 126.9, 35.25, ["ai_infra", "energy"], "compute", status="planned"
        ),
        # 0.1° west of 신안군's square: about 9 km offshore.
        _site(
            "jn-wind", "해상풍력", "jeonnam", "46910", 125.8, 34.8, ["energy"], "energy", offshore=True, kind="energy"
        ),
        _site("jb-plant", "공장", "jeonbuk", "52130", 126.6, 35.95, ["energy"], "energy", kind="plant"),
    ],
}


def write_catalogue(folder: Path, tables: dict | None = None, sites: dict | None = None) -> Path:
    """Write the fixture (or a changed copy of it) as catalogue files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables or TABLES).items():
        pd.DataFrame(rows).to_csv(folder / name, index=False)
    (folder / "sites.geojson").write_text(json.dumps(sites or SITES, ensure_ascii=False), encoding="utf-8")
    return folder


def changed_tables(name: str, index: int, **fields) -> dict:
    """A deep copy of the fixture tables with some fields of one row changed."""
    tables = copy.deepcopy(TABLES)
    tables[name][index].update(fields)
    return tables


def changed_sites(index: int, geometry: list[float] | None = None, **fields) -> dict:
    """A deep copy of the fixture sites with one feature's properties (or point) changed."""
    sites = copy.deepcopy(SITES)
    sites["features"][index]["properties"].update(fields)
    if geometry is not None:
        sites["features"][index]["geometry"]["coordinates"] = geometry
    return sites
