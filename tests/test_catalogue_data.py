"""The real catalogue keeps the promises of issue 15: places, money, evidence and the seeds."""

import math

import pandas as pd

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
    assert regions.loc["jeonnam", "budget_proposed"] == 485_000 + 150_000  # wind + Perhills, not HD Hyundai
    assert regions.loc["jeonbuk", "budget_proposed"] == 90_000 + 214  # the 5.8조 data centre is inside the 9조


def test_links_carry_their_evidence_and_weak_ones_are_gone(shipped):
    """Every link says sourced or derived; the weak inferences the audit named are dropped."""
    assert set(shipped.links["evidence"]) == {"sourced", "derived"}
    assert joins.link_evidence_counts(shipped.links) == {"sourced": 35, "derived": 12}
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
