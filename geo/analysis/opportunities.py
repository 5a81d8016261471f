"""The industrial base against the belt (``geo.industry``): the shown view's opportunities, as a table and in words."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import industry
from geo.i18n import names, t
from geo.joins import sites_with_sigungu

# --- the industrial base against the belt (geo.industry) ------------------------------------


def belt_opportunities(
    sites: gpd.GeoDataFrame,
    programs: pd.DataFrame,
    sigungu: gpd.GeoDataFrame,
    sector_ids: list[str],
    region_ids: list[str],
    regions: pd.DataFrame,
) -> pd.DataFrame:
    """``geo.industry.opportunities`` for the shown sites and programmes, sectors and regions.

    Every 시군구 of the chosen regions is a candidate (a strong base counts where the belt has
    nothing); ``sigungu`` are the map's polygons that sites are joined to.
    """
    table, codes = industry.belt_table(), industry.read_codes()
    base = industry.sector_lq(table, industry.national_grdp(), industry.read_sector_industries())
    sido = set(regions.loc[regions["id"].isin(region_ids), "sido_code"])
    base = base.loc[[code for code in base.index if code[:2] in sido], [s for s in base.columns if s in sector_ids]]
    joined = sites_with_sigungu(sites, sigungu) if len(sites) else sites.assign(joined_code=pd.Series(dtype=str))
    return industry.opportunities(base, joined, programs, industry.unit_of_polygon(codes))


def opportunity_table(opportunities: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The opportunities for display: reading, 시군구, sector, the industries it rests on, LQ, sites, programmes."""
    codes = industry.read_codes()
    place = dict(zip(codes["code"], codes["name_ko"]))
    mapping = industry.read_sector_industries()
    rests_on = {
        sector: " + ".join(t(f"industry_{industry.INDUSTRY_ID[name]}", lang) for name in group["industry"])
        for sector, group in mapping.groupby("sector")
    }
    sector_names = names(sectors, lang)
    return pd.DataFrame(
        {
            t("opp_col_kind", lang): [t(f"opp_kind_{k}", lang) for k in opportunities["kind"]],
            t("col_sigungu", lang): opportunities["code"].map(place).tolist(),
            t("sector", lang): opportunities["sector"].map(sector_names).tolist(),
            t("opp_col_industries", lang): opportunities["sector"].map(rests_on).tolist(),
            t("opp_col_lq", lang): opportunities["lq"].round(2).tolist(),
            t("opp_col_sites", lang): opportunities["sites"].tolist(),
            t("opp_col_programs", lang): opportunities["programs"].tolist(),
        }
    )


def opportunity_groups(table: pd.DataFrame, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """``opportunity_table`` split by reading (strong base without a site first), each without its reading column."""
    column = t("opp_col_kind", lang)
    kinds = (t(f"opp_kind_{kind}", lang) for kind in ("strong_base_no_site", "site_without_base"))
    return [(kind, table[table[column] == kind].drop(columns=column)) for kind in kinds]


def opportunity_readings(opportunities: pd.DataFrame, sectors: pd.DataFrame, lang: str, n: int = 1) -> list[str]:
    """The first ``n`` of each kind as sentences for the gap reading: strongest base first, weakest base first."""
    codes = industry.read_codes()
    place = dict(zip(codes["code"], codes["name_ko"]))
    sector_names = names(sectors, lang)
    lines = []
    for kind, key in (("strong_base_no_site", "opp_reading_strong"), ("site_without_base", "opp_reading_weak")):
        for row in opportunities[opportunities["kind"] == kind].head(n).itertuples(index=False):
            lines.append(
                t(key, lang).format(place=place[row.code], sector=sector_names.get(row.sector), lq=f"{row.lq:.2f}")
            )
    return lines


def opportunities_csv(table: pd.DataFrame) -> bytes:
    """The opportunity table as shown, UTF-8 with BOM so Excel reads Korean."""
    return table.to_csv(index=False).encode("utf-8-sig")
