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

The tables are written as the catalogue's own CSV, one row a line; what every row shares
(the source, public funding, a link's evidence) is added in ``tables()``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geo.cells import split_ids
from tests.catalogue_fixture import BIBLIOGRAPHY, SOURCE, TABLES, _site, write_catalogue


def rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV table written in the source, header first."""
    return list(csv.DictReader(io.StringIO(text.strip())))


SECTORS = rows("""
id,name_ko,name_en,colour,order
mobility,미래차 모빌리티,Future mobility,#0072B2,1
energy,RE100 에너지,RE100 energy,#E69F00,2
food,K-푸드 농생명,K-food & agri-life,#009E73,3
ai_infra,AI 공통 인프라,Common AI infrastructure,#3B3B3B,4
""")

STAGES = rows("""
id,name_ko,name_en,order,in_chain
energy,에너지 공급,Energy supply,1,true
compute,컴퓨팅·데이터,Compute & data,2,true
rnd,R&D·인재,R&D & talent,3,true
testbed,실증,Demonstration,4,true
application,산업 적용,Industrial application,5,true
hub,거버넌스·지원,Governance & support,6,false
""")

# The points are representative points of the real 시군구 polygons.
SITES = rows("""
id,region,sigungu_code,lon,lat,sectors,stage,kind
gj-dc,gwangju,29170,126.9101,35.1897,ai_infra,compute,data_center
gj-lab,gwangju,29170,126.9101,35.1897,ai_infra;mobility,rnd,institute
gj-cluster,gwangju,29200,126.7394,35.1637,mobility;energy,testbed,testbed
gj-agency,gwangju,29170,126.9101,35.1897,ai_infra,hub,agency
jn-wind,jeonnam,46910,126.1239,34.7362,energy,energy,energy
jn-grid,jeonnam,46170,126.7421,34.9910,energy,energy,energy
jn-plant,jeonnam,46830,126.7047,34.8062,energy;mobility,application,plant
jb-food,jeonbuk,52140,127.0053,36.0191,food,testbed,testbed
jb-farm,jeonbuk,52210,126.9182,35.7925,food,application,plant
jb-car,jeonbuk,52130,126.7623,35.9715,mobility,application,plant
""")

LINKS = rows("""
id,from_id,to_id,kind
l1,jn-wind,gj-dc,energy
l2,jn-grid,gj-dc,energy
l3,gj-dc,gj-lab,compute
l4,gj-dc,jb-food,data
l5,gj-lab,gj-cluster,technology
l6,gj-cluster,jn-plant,demonstration
l7,jb-food,jb-farm,demonstration
l8,gj-dc,gj-lab,data
""")

PROGRAMS = rows("""
id,name_ko,name_en,sector,stage,region,budget_krw_100m,start_year,end_year,status,site_ids,lead_org
p-dc,데이터센터 고도화,Data centre upgrade,ai_infra,compute,gwangju,6000,2026,2030,confirmed,gj-dc,과학기술정보통신부
p-valley,AX 실증밸리,AX demonstration valley,mobility,testbed,gwangju,3000,2026,2030,in_progress,gj-cluster,광주광역시
p-grid,분산형 전력망,Distributed grid,energy,energy,jeonnam,1196,2026,2026,confirmed,jn-grid,전라남도
p-wind,해상풍력,Offshore wind,energy,energy,belt,1000,2021,2030,proposed,jn-wind,
p-food,푸드테크 실증,Food-tech demonstration,food,testbed,jeonbuk,,2025,2027,unverified,jb-food,익산시
p-car,전기차 전환,EV conversion,mobility,application,jeonbuk,500,,,proposed,jb-car,
""")

# The map page shows each region's role in the belt.
ROLES = rows("""
id,role_ko,role_en
gwangju,AI 두뇌,AI brain
jeonnam,RE100 에너지,RE100 energy
jeonbuk,피지컬 AI 실증,Physical-AI demonstration
""")

TARGETS = rows("""
id,name_ko,name_en,region,target_year,value,unit_ko,unit_en,status
t-output,광주 2030 비전: 생산액,Gwangju 2030 vision: output,gwangju,2030,101,조원,KRW trillion,verified
t-wind,해상풍력 설비,Offshore wind capacity,jeonnam,2030,8.2,GW,GW,verified
t-firms,AI 기업,AI firms,belt,2030,1000,개사,firms,proposed
""")

# Every link is one the tests derived, of middling strength.
LINK_FIELDS = {"strength": "2", "evidence": "derived", "source": SOURCE["source"], "reasoning": "test link"}


def tables() -> dict[str, list[dict]]:
    """The catalogue tables (and ``targets.csv``) as rows."""
    roles = {row["id"]: row for row in ROLES}
    return {
        "sectors.csv": [{**row, **SOURCE} for row in SECTORS],
        "stages.csv": [{**row, **SOURCE} for row in STAGES],
        "regions.csv": [{**row, **roles[row["id"]]} for row in TABLES["regions.csv"]],
        "programs.csv": [
            {
                **row,
                "funding": "public",
                **SOURCE,
                "lead_site_id": split_ids(row["site_ids"])[0],
                # docs/data-rules.md: a budget names its plan year; a decided status its decision.
                "budget_basis": "2025 계획" if row["budget_krw_100m"] else "",
                "status_basis": f"2025-12-02: 예산 의결 [{SOURCE['source']}]"
                if row["status"] in ("confirmed", "in_progress")
                else "",
            }
            for row in PROGRAMS
        ],
        "links.csv": [{**row, **LINK_FIELDS, "as_of": SOURCE["as_of"]} for row in LINKS],
        "targets.csv": [{**row, **SOURCE} for row in TARGETS],
        "sources.csv": BIBLIOGRAPHY,
    }


def sites() -> dict:
    """The sites as a GeoJSON FeatureCollection."""
    features = [
        _site(
            row["id"],
            f"거점 {row['id']}",
            row["region"],
            row["sigungu_code"],
            float(row["lon"]),
            float(row["lat"]),
            split_ids(row["sectors"]),
            row["stage"],
            kind=row["kind"],
        )
        for row in SITES
    ]
    return {"type": "FeatureCollection", "features": features}


def write_analysis_catalogue(folder: Path) -> Path:
    """Write the analysis fixture as catalogue files (plus ``targets.csv``) into ``folder``."""
    return write_catalogue(folder, tables(), sites())
