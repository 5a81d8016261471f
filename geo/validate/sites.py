"""The sites' and links' checks: coordinate precision, site lists, place within its 시군구 and region, links."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.catalogue import (
    SITES_FILE,
    Problem,
)
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
