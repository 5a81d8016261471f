"""The map page's GeoPackage and workbook, downloaded in Chromium and read back."""

from __future__ import annotations

import openpyxl
import pyogrio

from geo.catalogue import load_catalogue
from geo.paths import DEFAULT_DATA_DIR
from tests.browser.conftest import map_frame, rerun_done

VIEW = "?f_region=jeonnam&choro=budget_confirmed"


def download(page, label: str, folder):
    """Click the download button named ``label``; the saved file."""
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).get_by_role("button")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as event:
        button.click()
    target = folder / event.value.suggested_filename
    event.value.save_as(target)
    return target


def test_map_page_gpkg_and_xlsx_read_back_as_the_view(page, dashboard_url, tmp_path):
    """Jeonnam's view: the GeoPackage has every layer with Jeonnam's sites, styled; the workbook every sheet."""
    page.goto(dashboard_url + "/" + VIEW)
    map_frame(page)
    rerun_done(page)
    jeonnam = load_catalogue(DEFAULT_DATA_DIR).sites.query("region == 'jeonnam'")

    gpkg = download(page, "QGIS용 GeoPackage", tmp_path)
    assert gpkg.name.startswith("honam-ax-belt-view-jeonnam-") and gpkg.suffix == ".gpkg"
    layers = [name for name, _ in pyogrio.list_layers(gpkg)]
    assert layers == ["sites", "links", "districts", "programs", "targets", "sources", "layer_styles"]
    sites = pyogrio.read_dataframe(gpkg, layer="sites")
    assert sorted(sites["id"]) == sorted(jeonnam["id"]) and sites.crs.to_string() == "EPSG:4326"
    districts = pyogrio.read_dataframe(gpkg, layer="districts")
    assert set(districts["metric"]) == {"budget_confirmed"} and districts["colour"].str.startswith("#").all()
    assert pyogrio.read_info(gpkg, layer="layer_styles")["features"] == 6

    xlsx = download(page, "엑셀 통합문서", tmp_path)
    assert xlsx.name.startswith("honam-ax-belt-view-jeonnam-") and xlsx.suffix == ".xlsx"
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["보기 설명", "거점", "사업", "연계", "시군구", "목표", "출처"]
    assert book["거점"].max_row == len(jeonnam) + 1
    about = {row[0].value: row[1].value for row in book["보기 설명"].iter_rows() if row[0].value}
    assert about["권역"] == "전라남도" and "f_region=jeonnam" in about["이 보기의 링크"]
