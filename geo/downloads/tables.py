"""The tables of a view, as the GeoPackage and the workbook both carry them.

One place decides what a download of the view holds: the sites (every attribute in both
languages, sources as citations), the links, the 시군구 with the values of the view's district
colouring, the programmes (joined by lead site), the stated targets and the sources they cite.
The filters of the view apply; the catalogue's working notes (``location_note_internal``) never
leave it. Amounts stay numbers (억원); every text cell is made safe by the writers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString

from geo.analysis import MONEY_UNITS, region_names, search_programs, targets_for
from geo.catalogue import budget, is_counted
from geo.citations import cite, newest_date, source_index, split_source_ids
from geo.detail import coord_error_m, location_text
from geo.filters import View, shown_links
from geo.i18n import LANGS, display_names, names, section, t
from geo.joins import is_cross_region, lead_site, sigungu_summary
from geo.maps.choropleth import choropleth_data
from geo.maps.flows import curve

# Columns of the catalogue that are its own working notes: never in a download.
INTERNAL_COLUMNS = ("location_note_internal",)
# The district colouring's budget columns, one per programme status, then their sum.
BUDGET_COLUMNS = ("budget_confirmed", "budget_in_progress", "budget_proposed", "budget_unverified")
# The tables of a view, in the order the workbook's sheets and the GeoPackage's layers follow.
TABLES = ("sites", "programs", "links", "districts", "targets", "sources")
# Columns that hold 억원: numbers, given the workbook's 억원 number format.
KRW_100M_COLUMNS = ("budget_krw_100m", *BUDGET_COLUMNS, "budget_all", "value_krw_100m")


@dataclass(frozen=True)
class ViewTables:
    """Every table of one view. ``sites``, ``links`` and ``districts`` are GeoDataFrames in EPSG:4326."""

    sites: gpd.GeoDataFrame
    programs: pd.DataFrame
    links: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    targets: pd.DataFrame
    sources: pd.DataFrame
    metric: str = "none"
    # The legend of the district colouring in each language: (colour, class label) rows, in order.
    district_legend: Mapping[str, list[tuple[str, str]]] = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by name (``TABLES``), in order."""
        return {name: getattr(self, name) for name in TABLES}

    def as_of(self) -> str:
        """The newest as-of date among the rows of the view ('' when none has one)."""
        return newest_date(v for frame in self.frames().values() if "as_of" in frame for v in frame["as_of"])


def _labels(ids: pd.Series, table: pd.DataFrame | Mapping[str, str], lang: str) -> pd.Series:
    """Each id's name in ``lang`` (``table`` a catalogue table or an id → name mapping); the id when unknown."""
    known = table if isinstance(table, Mapping) else names(table, lang)
    return ids.map(lambda i: known.get(i, i) if i else "")


def _numbers(values: pd.Series) -> pd.Series:
    """Text cells as numbers (``1,234`` → 1234.0); empty or unreadable cells NaN."""
    return pd.to_numeric(values.astype(str).str.replace(",", ""), errors="coerce")


def _both(frame: pd.DataFrame, column: str, ids: pd.Series, table, lang_table=None) -> None:
    """Add ``<column>_ko`` and ``<column>_en`` beside ``ids``: their names in each language."""
    for lg in LANGS:
        frame[f"{column}_{lg}"] = _labels(ids, lang_table(lg) if lang_table else table, lg)


def _status_labels(frame: pd.DataFrame, column: str, prefix: str) -> None:
    for lg in LANGS:
        frame[f"{column}_{lg}"] = frame[column].map(lambda s, lg=lg: t(f"{prefix}{s}", lg) if s else "")


def site_table(sites: gpd.GeoDataFrame, cat, sigungu: gpd.GeoDataFrame, index: Mapping) -> gpd.GeoDataFrame:
    """The shown sites with every attribute, names of every id in both languages, and their citations."""
    out = pd.DataFrame({"id": sites["id"].to_numpy()}, index=sites.index)
    for column in ("name_ko", "name_en", "region"):
        out[column] = sites[column]
    _both(out, "region", sites["region"], cat.regions)
    out["sigungu_code"] = sites["sigungu_code"]
    out["sigungu_ko"] = sites["sigungu_code"].map(dict(zip(sigungu["code"], sigungu["name_ko"]))).fillna("")
    out["main_sector"] = sites["sectors"].map(lambda values: values[0] if values else "")
    _both(out, "main_sector", out["main_sector"], cat.sectors)
    out["sectors"] = sites["sectors"].map(";".join)
    for lg in LANGS:
        sector_names = names(cat.sectors, lg)
        out[f"sectors_{lg}"] = sites["sectors"].map(
            lambda values, n=sector_names: "; ".join(n.get(v, v) for v in values)
        )
    out["stage"] = sites["stage"]
    _both(out, "stage", sites["stage"], cat.stages)
    out["kind"] = sites["kind"]
    out["status"] = sites["status"]
    _status_labels(out, "status", "status_")
    out["coord_precision"] = sites["coord_precision"]
    out["coord_error_m"] = [coord_error_m(site) for _, site in sites.iterrows()]
    for lg in LANGS:
        out[f"location_{lg}"] = [location_text(site, lg) for _, site in sites.iterrows()]
    taken = {*out.columns, *INTERNAL_COLUMNS, "citation", "source", "as_of", sites.geometry.name}
    for column in sites.columns:  # every other attribute the catalogue gives (roles, figures, addresses …)
        if column not in taken:
            out[column] = sites[column].map(lambda v: ";".join(map(str, v)) if isinstance(v, list) else v)
    out["source"] = sites["source"]
    out["citation"] = [cite(cell, index) for cell in sites["source"]]
    out["as_of"] = sites["as_of"]
    out["lon"] = sites.geometry.x.round(6)
    out["lat"] = sites.geometry.y.round(6)
    return gpd.GeoDataFrame(out.reset_index(drop=True), geometry=sites.geometry.to_numpy(), crs=sites.crs)


def program_table(programs: pd.DataFrame, cat, sites: gpd.GeoDataFrame, sigungu: pd.DataFrame, index) -> pd.DataFrame:
    """The shown programmes with names in both languages, 억원 as numbers, and their lead site joined."""
    out = pd.DataFrame({"id": programs["id"]})
    for column in ("name_ko", "name_en", "sector"):
        out[column] = programs[column]
    _both(out, "sector", programs["sector"], cat.sectors)
    out["stage"] = programs["stage"]
    _both(out, "stage", programs["stage"], cat.stages)
    out["region"] = programs["region"]
    _both(out, "region", programs["region"], None, lambda lg: region_names(cat.regions, lg))
    out["budget_krw_100m"] = budget(programs)
    # A proposal is never confirmed money, and an overlapping or national amount is never added.
    out["counted"] = is_counted(programs)
    for column in ("budget_basis", "overlaps", "scope", "start_year", "end_year", "status"):
        out[column] = programs[column] if column in programs else ""
    out["start_year"] = _numbers(out["start_year"]).astype("Int64")
    out["end_year"] = _numbers(out["end_year"]).astype("Int64")
    _status_labels(out, "status", "status_")
    for column in ("funding", "site_ids", "lead_org"):
        out[column] = programs[column] if column in programs else ""
    lead = lead_site(programs)
    out["lead_site_id"] = lead
    for lg in LANGS:
        out[f"lead_site_{lg}"] = lead.map(dict(zip(cat.sites["id"], display_names(cat.sites, lg)))).fillna("")
    out["lead_sigungu_code"] = lead.map(dict(zip(cat.sites["id"], cat.sites["sigungu_code"]))).fillna("")
    out["lead_sigungu_ko"] = out["lead_sigungu_code"].map(dict(zip(sigungu["code"], sigungu["name_ko"]))).fillna("")
    out["lead_site_shown"] = lead.isin(set(sites["id"]))
    out["source"] = programs["source"]
    out["citation"] = [cite(cell, index) for cell in programs["source"]]
    out["as_of"] = programs["as_of"]
    return out.reset_index(drop=True)


def link_table(links: pd.DataFrame, cat, sites: gpd.GeoDataFrame, index) -> gpd.GeoDataFrame:
    """The links drawn on the map (both ends shown, not a site to itself) as curved lines, supplier to user."""
    drawn = shown_links(links, sites["id"])
    where = dict(zip(sites["id"], zip(sites.geometry.y, sites.geometry.x)))
    out = pd.DataFrame({"id": drawn["id"], "from_id": drawn["from_id"], "to_id": drawn["to_id"]})
    for end in ("from", "to"):
        for lg in LANGS:
            out[f"{end}_{lg}"] = drawn[f"{end}_id"].map(dict(zip(cat.sites["id"], display_names(cat.sites, lg))))
    out["kind"] = drawn["kind"]
    _status_labels(out, "kind", "flow_")
    out["strength"] = _numbers(drawn["strength"]).astype("Int64")
    out["evidence"] = drawn["evidence"] if "evidence" in drawn else "sourced"
    _status_labels(out, "evidence", "evidence_")
    for column in ("description_ko", "description_en", "reasoning"):
        out[column] = drawn[column] if column in drawn else ""
    out["cross_region"] = is_cross_region(drawn, cat.sites)
    out["source"] = drawn["source"]
    out["citation"] = [cite(cell, index) for cell in drawn["source"]]
    out["as_of"] = drawn["as_of"]
    lines = [
        LineString([(lon, lat) for lat, lon in curve(where[a], where[b])])
        for a, b in zip(drawn["from_id"], drawn["to_id"], strict=True)
    ]
    return gpd.GeoDataFrame(out.reset_index(drop=True), geometry=lines, crs="EPSG:4326")


def district_table(
    shown: View, cat, sigungu: gpd.GeoDataFrame, metric: str, uploaded: pd.DataFrame | None = None
) -> tuple[gpd.GeoDataFrame, dict]:
    """The belt's 시군구 with every value the map can colour them by, and the view's colouring.

    ``metric`` is the view's (``none`` when the districts are not coloured); ``uploaded`` the
    planner's layer counted per 시군구 (``code``, ``count``), for the ``uploaded`` metric.
    Returns the table (``value``, ``class_ko``, ``class_en`` and ``colour`` of ``metric``) and
    its legend in each language.
    """
    summary = sigungu_summary(shown.sites, shown.programs, sigungu)
    summary["budget_all"] = summary[list(BUDGET_COLUMNS)].sum(axis=1)
    if uploaded is not None:
        counts = dict(zip(uploaded["code"], uploaded["count"]))
        summary["uploaded"] = summary["code"].map(counts).fillna(0).astype(int)
    out = summary[["code", "name_ko", "region"]].copy()
    _both(out, "region", summary["region"], cat.regions)
    for column in ("sites", "sectors", *BUDGET_COLUMNS, "budget_all", "uploaded"):
        if column in summary:
            out[column] = summary[column]
    out["metric"] = metric
    for lg in LANGS:
        out[f"metric_{lg}"] = t(f"choro_{metric}", lg) if metric != "none" else ""
    legend: dict[str, list[tuple[str, str]]] = {}
    colour = pd.Series("", index=out.index)
    if metric != "none" and metric in summary:
        out["value"] = summary[metric].astype(float)
        for lg in LANGS:
            data = _colouring(summary, metric, uploaded, lg)
            colour = summary["code"].map(data["colours"]).fillna("")
            rows = [(c, label) for c, label in data["legend"] if c != "transparent"]
            out[f"class_{lg}"] = colour.map(dict(rows)).fillna("")
            legend[lg] = rows
    else:
        out["value"] = np.nan
        for lg in LANGS:
            out[f"class_{lg}"] = ""
    out["colour"] = colour
    shapes = sigungu.set_index("code").geometry
    return gpd.GeoDataFrame(out, geometry=out["code"].map(shapes).to_numpy(), crs=sigungu.crs), legend


def _colouring(summary: pd.DataFrame, metric: str, uploaded: pd.DataFrame | None, lang: str) -> dict:
    """The colours per 시군구 and the legend rows of ``metric``, exactly as the map draws them."""
    if metric == "uploaded":
        from geo.planner.aggregate import AreaCounts
        from geo.planner.overlay import choropleth_values

        data = choropleth_values(AreaCounts("sigungu", uploaded, 0), lang)
        zero = {code: "#ffffff" for code in summary.loc[summary["uploaded"] <= 0, "code"]}
        return {"colours": zero | data["colours"], "legend": [["#ffffff", "0"], *data["legend"]]}
    return choropleth_data(summary, lang)[metric]


def target_table(targets: pd.DataFrame, cat, index) -> pd.DataFrame:
    """The stated targets of the view's regions, values as numbers (money also in 억원)."""
    out = targets.drop(columns=[c for c in ("citation",) if c in targets]).copy()
    _both(out, "region", targets["region"], None, lambda lg: region_names(cat.regions, lg))
    out["target_year"] = _numbers(targets["target_year"]).astype("Int64")
    out["value"] = _numbers(targets["value"])
    out["value_krw_100m"] = out["value"] * targets["unit_ko"].map(MONEY_UNITS)
    _status_labels(out, "status", "target_status_")
    out["citation"] = [cite(cell, index) for cell in targets["source"]]
    front = ["id", "name_ko", "name_en", "region", "region_ko", "region_en", "target_year", "value"]
    order = [*front, *[c for c in out.columns if c not in (*front, "source", "citation", "as_of")]]
    return out[[*order, "source", "citation", "as_of"]].reset_index(drop=True)


def source_table(sources: pd.DataFrame, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The sources the view's rows cite, with their citation and how many of those rows cite each."""
    counts: dict[str, int] = {}
    for frame in frames:
        for cell in frame["source"] if "source" in frame else ():
            for source_id in split_source_ids(cell):
                counts[source_id] = counts.get(source_id, 0) + 1
    cited = sources[sources["id"].isin(counts)].copy()
    kinds = {lg: section("source_kinds", lg) for lg in LANGS}
    for lg in LANGS:
        cited[f"kind_{lg}"] = cited["kind"].map(lambda k, lg=lg: kinds[lg].get(k, k))
    cited["citation"] = [cite(source_id, source_index(sources)) for source_id in cited["id"]]
    cited["cited_rows"] = cited["id"].map(counts).astype(int)
    return cited.reset_index(drop=True)


def view_tables(
    cat,
    shown: View,
    sigungu: gpd.GeoDataFrame,
    targets: pd.DataFrame,
    metric: str = "none",
    search: str = "",
    uploaded: pd.DataFrame | None = None,
) -> ViewTables:
    """Every table of a view.

    Parameters
    ----------
    cat : Catalogue
        The whole catalogue (names, sources).
    shown : View
        What the view's filters leave of it (``geo.filters.apply_filters``).
    sigungu : GeoDataFrame
        The belt's 시군구 (``code``, ``name_ko``, ``region``, geometry), EPSG:4326.
    targets : DataFrame
        ``targets.csv`` as ``geo.analysis.read_targets`` reads it; the view's regions are kept.
    metric : str
        The view's district colouring (``geo.maps.choropleth.CHORO_METRICS``).
    search : str
        The view's programme search; only programmes that match it are in the programme table
        (as on the programmes page), while the districts' budgets stay the map's.
    uploaded : DataFrame, optional
        The planner's layer counted per 시군구 (``code``, ``count``), when it is on.
    """
    index = source_index(cat.sources)
    programs = search_programs(shown.programs, search) if search else shown.programs
    # The districts carry the map's colouring, which the programme search does not change.
    districts, legend = district_table(shown, cat, sigungu, metric, uploaded)
    chosen = targets_for(targets, shown.filters.regions)
    tables = {
        "sites": site_table(shown.sites, cat, sigungu, index),
        "programs": program_table(programs, cat, shown.sites, sigungu, index),
        "links": link_table(shown.links, cat, shown.sites, index),
        "targets": target_table(chosen, cat, index),
    }
    sources = source_table(cat.sources, list(tables.values()))
    return ViewTables(**tables, districts=districts, sources=sources, metric=metric, district_legend=legend)


# Headers that mean something else in one table than the shared ones say (texts.toml labels).
HEADER_LABELS = {("districts", "sectors"): "choro_sectors", ("districts", "name_ko"): "col_sigungu"}


def headers(table: str, columns, lang: str) -> dict[str, str]:
    """Each column's header in ``lang`` (``[download_headers]`` of texts.toml); a column not listed keeps its name."""
    shared = section("download_headers", lang)
    return {
        c: t(HEADER_LABELS[(table, c)], lang) if (table, c) in HEADER_LABELS else shared.get(c, str(c)) for c in columns
    }


def file_name(filters, ext: str, today) -> str:
    """A download's file name that says what and when: ``honam-ax-belt-view-gwangju-ai_infra-2026-12-01.xlsx``.

    The chosen regions and sectors name the view (``all`` when none is chosen); the date is the download's.

    >>> from datetime import date
    >>> from geo.filters import Filters
    >>> file_name(Filters(regions=("gwangju",)), "gpkg", date(2026, 12, 1))
    'honam-ax-belt-view-gwangju-2026-12-01.gpkg'
    """
    chosen = "-".join(re.sub(r"[^0-9A-Za-z_]+", "", i) for i in (*filters.regions, *filters.sectors)) or "all"
    return f"honam-ax-belt-view-{chosen}-{today.isoformat()}.{ext}"
