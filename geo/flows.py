"""How the three regions connect, at belt scale: the links between regions added up per direction.

Sixty curved links across the whole belt read as a tangle; "광주→전남 11" reads at once. The
map draws these few flows at belt zoom and the single links when the reader zooms in, picks
one region, or selects a site (``flow_mode``).
"""

from __future__ import annotations

import pandas as pd

from geo.catalogue import by_id
from geo.i18n import names, t

FLOW_COLUMNS = ["from_region", "to_region", "links", "sourced", "from_lat", "from_lon", "to_lat", "to_lon"]


def region_flows(links: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """The links between regions, counted per direction, largest first.

    Parameters
    ----------
    links : pandas.DataFrame
        With ``from_id``, ``to_id`` and, optionally, ``evidence`` (``sourced`` / ``derived``).
    sites : pandas.DataFrame
        With ``id`` and ``region``; links to a site it does not list are left out.

    Returns
    -------
    pandas.DataFrame
        ``from_region``, ``to_region``, ``links`` (how many) and ``sourced`` (how many of them a
        source states), one row per direction that has a link; links within a region are not in it.
        ``from_lat``/``from_lon`` and ``to_lat``/``to_lon`` are the mean points of the links' two
        ends, so a flow's arrow runs between the places its links join, not between map centres.
    """
    region = by_id(sites, "region")
    lat, lon = dict(zip(sites["id"], sites.geometry.y)), dict(zip(sites["id"], sites.geometry.x))
    ends = pd.DataFrame(
        {
            "from_region": links["from_id"].map(region),
            "to_region": links["to_id"].map(region),
            "from_lat": links["from_id"].map(lat),
            "from_lon": links["from_id"].map(lon),
            "to_lat": links["to_id"].map(lat),
            "to_lon": links["to_id"].map(lon),
        }
    )
    evidence = links["evidence"] if "evidence" in links else pd.Series("sourced", index=links.index)
    ends["sourced"] = evidence.eq("sourced").astype(int)
    ends = ends.dropna()
    ends = ends[ends["from_region"] != ends["to_region"]]
    if ends.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS).astype({"links": int, "sourced": int})
    out = ends.groupby(["from_region", "to_region"]).agg(
        links=("sourced", "size"),
        sourced=("sourced", "sum"),
        from_lat=("from_lat", "mean"),
        from_lon=("from_lon", "mean"),
        to_lat=("to_lat", "mean"),
        to_lon=("to_lon", "mean"),
    )
    out = out.reset_index().sort_values(["links", "from_region", "to_region"], ascending=[False, True, True])
    return out[FLOW_COLUMNS].reset_index(drop=True)


def within_region_counts(links: pd.DataFrame, sites: pd.DataFrame) -> dict[str, int]:
    """How many links stay inside each region (region id → count), for the note under the map."""
    region = by_id(sites, "region")
    start, end = links["from_id"].map(region), links["to_id"].map(region)
    return start[start.notna() & (start == end)].value_counts().to_dict()


def flow_mode(sites: pd.DataFrame, regions_filter: tuple[str, ...] = (), site: str | None = None) -> str:
    """``"belt"`` (region flows at belt zoom, single links from zoom 10) or ``"links"`` (single links always).

    Single links are drawn whenever the view is about one place: a site is selected, the
    filter keeps one region, or the sites shown lie in one region.
    """
    if site or len(regions_filter) == 1 or sites["region"].nunique() < 2:
        return "links"
    return "belt"


def flow_text(from_name: str, to_name: str, count: int) -> str:
    """The label of one region flow: ``광주→전남 11``."""
    return f"{from_name}→{to_name} {count}"


def short_region_name(name: str) -> str:
    """A 시도's name as officials shorten it: 광주광역시 → 광주, 전라남도 → 전남, 전북특별자치도 → 전북.

    English names lose their suffix: "Jeollanam-do" → "Jeollanam", "Jeonbuk State" → "Jeonbuk".
    """
    name = str(name).strip()
    for suffix in ("특별자치도", "특별자치시", "광역시", "특별시"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)][:2]
    if len(name) == 4 and name.endswith("도"):  # 전라남도 → 전남, 경상북도 → 경북
        return name[0] + name[2]
    for suffix in (" Special Self-Governing Province", " State", " Metropolitan City", " Province", "-do"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def short_region_names(regions: pd.DataFrame, lang: str) -> dict[str, str]:
    """Region id → short name in ``lang``, for flow labels."""
    return {r: short_region_name(n) for r, n in names(regions, lang).items()}


def belt_note(regions: pd.DataFrame, links: pd.DataFrame, sites: pd.DataFrame, lang: str) -> str:
    """The line under the map when region flows stand for the links: how many, and how to see each."""
    short = short_region_names(regions, lang)
    within = within_region_counts(links, sites)
    parts = [t("flows_within", lang).format(region=short[r], n=within.get(r, 0)) for r in regions["id"]]
    total = int(region_flows(links, sites)["links"].sum())
    return t("flows_belt_note", lang).format(n=total, within=" · ".join(parts))
