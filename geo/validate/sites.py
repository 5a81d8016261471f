"""The sites' and links' checks: coordinate precision, site lists, place within its 시군구 and region, links."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.catalogue import (
    SITE_YEAR_COLUMNS,
    SITE_YEAR_RANGE,
    SITES_FILE,
    Problem,
    site_year,
    years_basis_entries,
)
from geo.citations import split_source_ids
from geo.validate.rows import METRIC_CRS, OFFSHORE_LIMIT_M, _rows


def check_precision(sites: gpd.GeoDataFrame) -> list[Problem]:
    """``coord_precision`` means what it says.

    ``address`` needs the cited street address it was placed from; ``estimated`` needs its
    error in metres (the panel says "위치: 추정 (오차 약 1.7 km)" and the map draws it).
    """
    problems = []
    for label, row in _rows(sites):
        precision = row["coord_precision"]
        if precision == "address" and not str(row.get("street_address", "")).strip():
            problems.append(
                Problem(
                    SITES_FILE,
                    label,
                    "street_address",
                    "",
                    "coord_precision is address but no street address is given; use estimated with coord_error_m",
                )
            )
        if precision == "estimated":
            raw = str(row.get("coord_error_m", "")).replace(",", "")
            try:
                ok = float(raw) > 0
            except ValueError:
                ok = False
            if not ok:
                problems.append(
                    Problem(
                        SITES_FILE,
                        label,
                        "coord_error_m",
                        raw,
                        "an estimated point needs its error in metres (a positive number)",
                    )
                )
    return problems


def check_site_lists(sites: gpd.GeoDataFrame) -> list[Problem]:
    """Each site has at least one sector and a point geometry."""
    problems = []
    for label, row in _rows(sites):
        if not row["sectors"]:
            problems.append(Problem(SITES_FILE, label, "sectors", "", "a site needs at least one sector"))
        if row.geometry is None or row.geometry.geom_type != "Point" or row.geometry.is_empty:
            problems.append(Problem(SITES_FILE, label, "geometry", "", "a site needs a Point geometry [lon, lat]"))
    return problems


def check_site_places(sites: gpd.GeoDataFrame, sigungu: gpd.GeoDataFrame, regions: pd.DataFrame) -> list[Problem]:
    """Each point lies in its declared 시군구 (or is offshore and within 30 km of it).

    The region must also match the 시군구 code's 시도 prefix.
    """
    problems = []
    polygons = sigungu.set_index("code")
    metric = polygons.to_crs(METRIC_CRS).geometry
    region_code = dict(zip(regions["id"], regions["sido_code"]))
    for label, row in _rows(sites):
        code, point = row["sigungu_code"], row.geometry
        if code not in polygons.index:
            problems.append(Problem(SITES_FILE, label, "sigungu_code", code, "not a current 시군구 code of the belt"))
            continue
        if region_code.get(row["region"]) != code[:2]:
            problems.append(Problem(SITES_FILE, label, "region", row["region"], f"does not match 시군구 code {code}"))
        if point is None or point.geom_type != "Point":
            continue
        inside = polygons.geometry[code].covers(point)
        # Reclaimed land (Saemangeum) postdates the boundary data: like the sea, it lies outside it.
        offshore = row["offshore"].lower() == "true" or str(row.get("reclaimed", "")).lower() == "true"
        where = f"({point.y:.4f}, {point.x:.4f})"
        name = polygons["name_ko"][code]
        if offshore and inside:
            message = f"{where} is on land in {name}; set offshore (and reclaimed) to false"
            problems.append(Problem(SITES_FILE, label, "offshore", "true", message))
        elif offshore:
            distance = gpd.GeoSeries([point], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0].distance(metric[code])
            if distance > OFFSHORE_LIMIT_M:
                message = f"offshore point is {distance / 1000:.1f} km from {name}; the limit is 30 km"
                problems.append(Problem(SITES_FILE, label, "geometry", where, message))
        elif not inside:
            problems.append(
                Problem(
                    SITES_FILE,
                    label,
                    "geometry",
                    where,
                    f"point is outside its 시군구 {name} ({code}); fix the point or the code, or mark it offshore",
                )
            )
    return problems


def check_links(links: pd.DataFrame) -> list[Problem]:
    """A link joins two different sites once; a derived link says why it exists."""
    problems = []
    seen: set[tuple[str, str, str]] = set()
    for label, row in _rows(links):
        pair = (row["from_id"], row["to_id"], row["kind"])
        if row["from_id"] == row["to_id"]:
            problems.append(Problem("links.csv", label, "to_id", row["to_id"], "a link cannot join a site to itself"))
        if pair in seen:
            message = "the same link (from, to, kind) appears twice"
            problems.append(Problem("links.csv", label, "to_id", row["to_id"], message))
        seen.add(pair)
        if row.get("evidence") == "derived" and not row["reasoning"]:
            problems.append(Problem("links.csv", label, "reasoning", "", "a derived link must say why it exists"))
    return problems


def check_site_years(sites: gpd.GeoDataFrame, source_ids: Iterable[str]) -> list[Problem]:
    """A site's years are four-digit years in order, agree with its status and each has its source.

    Announced ≤ construction started ≤ opened (and ≤ the planned opening). An operating site
    cannot have opened after its ``as_of`` date, nor only be planned to open after it; a site
    not yet operating cannot have opened by its ``as_of`` date. Every year filled has an entry
    ``YYYY[-MM[-DD]]: event [source ids]`` of that year in ``years_basis``, citing ids the row's
    ``source`` lists and the bibliography has; an entry of no filled year is reported too.
    """
    known = set(source_ids)
    low, high = SITE_YEAR_RANGE
    problems = []
    for label, row in _rows(sites):

        def problem(field: str, value: object, message: str, label: str = label) -> None:
            problems.append(Problem(SITES_FILE, label, field, str(value), message))

        years: dict[str, int] = {}
        unreadable = False
        for column in SITE_YEAR_COLUMNS:
            cell = str(row.get(column, "") or "").strip()
            year = site_year(cell)
            if cell and (year is None or not low <= year <= high):
                problem(column, cell, f"must be a four-digit year from {low} to {high}, or empty")
                unreadable = True
            elif year is not None:
                years[column] = year
        order = ("announced_year", "construction_year", "opened_year")
        for i, earlier in enumerate(order):
            for later in (*order[i + 1 :], "planned_year"):
                if earlier in years and later in years and years[earlier] > years[later]:
                    problem(later, years[later], f"is before its {earlier} ({years[earlier]})")
        as_of = site_year(str(row.get("as_of", ""))[:4])
        opened, planned = years.get("opened_year"), years.get("planned_year")
        if as_of is not None and row.get("status") == "operating":
            if opened is not None and opened > as_of:
                problem("opened_year", opened, f"an operating site cannot open after its as_of year ({as_of})")
            if opened is None and planned is not None and planned > as_of:
                message = (
                    f"an operating site cannot be planned to open after its as_of year ({as_of}); give opened_year"
                )
                problem("planned_year", planned, message)
        elif as_of is not None and opened is not None and opened <= as_of:
            message = f"a {row.get('status')} site cannot have opened by its as_of year ({as_of}); check status"
            problem("opened_year", opened, message)
        basis = str(row.get("years_basis", "") or "").strip()
        entries = years_basis_entries(basis)
        if entries is None:
            problem("years_basis", basis, "must read 'YYYY[-MM[-DD]]: the event [source id]; …' (docs/data-rules.md)")
            continue
        cited = set(split_source_ids(row.get("source", "")))
        dated = {int(d[:4]) for d, _, _ in entries}
        for column, year in years.items():
            if year not in dated:
                problem(column, year, "has no entry of its year in years_basis: 'YYYY: the event [source id]'")
        for entry_date, _, ids in entries:
            if not unreadable and int(entry_date[:4]) not in years.values():
                problem("years_basis", entry_date, "an entry of a year none of the site's year columns has")
            for source_id in ids:
                if source_id not in cited or source_id not in known:
                    message = "the years basis cites a source the row's source column or sources.csv does not list"
                    problem("years_basis", source_id, message)
    return problems
