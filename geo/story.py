"""The presenter's story: steps read from ``data/story.csv`` and the view each step shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.catalogue import LINK_KINDS, Catalogue, Problem, read_sources, read_table, row_label
from geo.cells import split_ids
from geo.citations import cite, source_index, split_source_ids
from geo.filters import Filters, View, apply_filters
from geo.i18n import LANGS, localised
from geo.vocabulary import CHORO_METRICS

STORY_FILE = "story.csv"
# The map as a 1280×720 projector shows a step (a wider screen shows more around it), in pixels:
# the presenter's frame, and the extent its exports and the briefing pack draw.
STEP_MAP_PX = (800, 590)
STORY_COLUMNS = (
    "step",
    "title_ko",
    "title_en",
    "caption_ko",
    "caption_en",
    "lat",
    "lon",
    "zoom",
    "regions",
    "sectors",
    "link_kinds",
    "highlight",
    "choropleth",
    "source",
    "as_of",
)
# Optional: the flows a step's caption asserts, "kind:from>to" (region ids, ';'-separated), each
# of which links.csv must show (``check_flow_claims``), e.g. "compute:jeonnam>gwangju".
FLOWS_COLUMN = "flows"
FLOW_CLAIM = re.compile(r"^(?P<kind>[a-z_]+):(?P<origin>[a-z_]+)>(?P<target>[a-z_]+)$")


@dataclass(frozen=True)
class Step:
    """One step of the story: what to say and what the map shows."""

    number: int
    title: dict[str, str]
    caption: dict[str, str]
    center: tuple[float, float]
    zoom: float
    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    link_kinds: tuple[str, ...]
    highlight: tuple[str, ...]
    choropleth: str
    source: str  # the step's citations as a reader sees them (never source ids)
    source_ids: tuple[str, ...] = ()  # the same sources' ids, for full citations (geo.citations.citations)
    flows: tuple[str, ...] = ()  # the flows the caption asserts, "kind:from>to"


def read_story(path: Path) -> list[Step]:
    """The steps of a story file, in order. Raises ``CatalogueError`` if it cannot be read."""
    table = read_table(path)
    index = source_index(read_sources(path.parent))
    steps = [
        Step(
            number=int(row["step"]),
            title={lang: row[localised("title", lang)] for lang in LANGS},
            caption={lang: row[localised("caption", lang)] for lang in LANGS},
            center=(float(row["lat"]), float(row["lon"])),
            zoom=float(row["zoom"]),
            regions=tuple(split_ids(row["regions"])),
            sectors=tuple(split_ids(row["sectors"])),
            link_kinds=tuple(LINK_KINDS if row["link_kinds"] == "all" else split_ids(row["link_kinds"])),
            highlight=tuple(split_ids(row["highlight"])),
            choropleth=row["choropleth"] or "none",
            source=cite(row["source"], index),
            source_ids=tuple(split_source_ids(row["source"])),
            flows=tuple(split_ids(row.get(FLOWS_COLUMN, ""))),
        )
        for _, row in table.iterrows()
    ]
    return sorted(steps, key=lambda s: s.number)


def check_story(table: pd.DataFrame, cat: Catalogue) -> list[Problem]:
    """Problems of a story table against the catalogue: numbers, view, and every id it names."""
    problems = []
    missing = [c for c in STORY_COLUMNS if c not in table.columns]
    if missing:
        return [Problem(STORY_FILE, "", c, "", "required column is missing") for c in missing]
    known = {
        "regions": set(cat.regions["id"]),
        "sectors": set(cat.sectors["id"]),
        "link_kinds": set(LINK_KINDS) | {"all"},
        "highlight": set(cat.sites["id"]),
    }
    for position, (_, row) in enumerate(table.iterrows()):
        label = row_label(position, row["step"])
        for field in ("step", "lat", "lon", "zoom"):
            try:
                float(row[field])
            except ValueError:
                problems.append(Problem(STORY_FILE, label, field, row[field], "must be a number"))
        for field, ids in known.items():
            values = ["all"] if row[field] == "all" else split_ids(row[field])
            problems += [Problem(STORY_FILE, label, field, v, "unknown id") for v in values if v not in ids]
        if row["choropleth"] and row["choropleth"] not in CHORO_METRICS:
            problems.append(
                Problem(
                    STORY_FILE, label, "choropleth", row["choropleth"], f"must be one of: {', '.join(CHORO_METRICS)}"
                )
            )
        if not row["source"]:
            problems.append(Problem(STORY_FILE, label, "source", "", "source is empty: say where this comes from"))
    return problems + check_flow_claims(table, cat)


def flow_links(cat: Catalogue, claim: str) -> pd.DataFrame:
    """The links of the catalogue that show one flow claim ``kind:from>to`` (empty when none do)."""
    match = FLOW_CLAIM.match(claim)
    if not match:
        return cat.links.iloc[0:0]
    region = dict(zip(cat.sites["id"], cat.sites["region"]))
    links = cat.links
    shown = (
        (links["kind"] == match["kind"])
        & (links["from_id"].map(region) == match["origin"])
        & (links["to_id"].map(region) == match["target"])
    )
    return links[shown]


def check_flow_claims(table: pd.DataFrame, cat: Catalogue) -> list[Problem]:
    """Every flow a step asserts (``flows``: kind, from region, to region) is shown by links.csv.

    A claim the links do not show is reported, so a caption cannot say energy flows from one
    region into another unless some link of that kind runs that way.
    """
    if FLOWS_COLUMN not in table.columns:
        return []
    problems = []
    regions, kinds = set(cat.regions["id"]), set(LINK_KINDS)
    for position, (_, row) in enumerate(table.iterrows()):
        label = row_label(position, row["step"])
        for claim in split_ids(row[FLOWS_COLUMN]):
            match = FLOW_CLAIM.match(claim)
            if not match or match["kind"] not in kinds or not {match["origin"], match["target"]} <= regions:
                message = "must read kind:from>to with a link kind and two region ids, e.g. compute:jeonnam>gwangju"
                problems.append(Problem(STORY_FILE, label, FLOWS_COLUMN, claim, message))
            elif flow_links(cat, claim).empty:
                message = (
                    f"links.csv has no {match['kind']} link from {match['origin']} to {match['target']}: "
                    "change the caption and its claim, or add the link with its source"
                )
                problems.append(Problem(STORY_FILE, label, FLOWS_COLUMN, claim, message))
    return problems


def step_view(cat: Catalogue, step: Step) -> View:
    """The catalogue as a step shows it: its regions and sectors, and only its link kinds."""
    view = apply_filters(cat, Filters(regions=step.regions, sectors=step.sectors))
    links = view.links[view.links["kind"].isin(step.link_kinds)]
    return View(sites=view.sites, programs=view.programs, links=links, filters=view.filters)


def step_bounds(step: Step) -> tuple[float, float, float, float]:
    """The (lon_min, lat_min, lon_max, lat_max) the presenter's map shows for ``step`` on a projector."""
    from geo.maps import view_bounds

    return view_bounds(step.center, step.zoom, STEP_MAP_PX)
