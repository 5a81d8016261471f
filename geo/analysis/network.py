"""The site network: sites joined by their links, hubs ranked by their connections, isolated sites."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from geo.i18n import name_column, names, t
from geo.joins import is_cross_region

# --- site network ---------------------------------------------------------------------------


def site_graph(sites: pd.DataFrame, links: pd.DataFrame) -> nx.Graph:
    """Sites as nodes (isolated ones included), links as edges with a ``links`` count.

    Two links between the same pair (say energy and data) make one edge with ``links=2``,
    so degree weighted by ``links`` is the number of links and plain degree the neighbours.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sites["id"])
    for start, end in links[["from_id", "to_id"]].itertuples(index=False):
        if start not in graph or end not in graph or start == end:
            continue
        if graph.has_edge(start, end):
            graph[start][end]["links"] += 1
        else:
            graph.add_edge(start, end, links=1)
    return graph


def hub_ranking(sites: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Each site's links, linked sites, betweenness and cross-region links, hubs first.

    Parameters
    ----------
    sites, links : DataFrame
        The sites and links shown; links with an end outside ``sites`` are ignored.

    Returns
    -------
    DataFrame
        ``id``, ``links``, ``neighbours``, ``betweenness`` (normalised, 0–1, over hop
        counts), ``cross_links``; sorted by links, then betweenness, then id.
    """
    graph = site_graph(sites, links)
    inside = links[links["from_id"].isin(graph) & links["to_id"].isin(graph)]
    cross = inside[is_cross_region(inside, sites).to_numpy()]
    cross_count = pd.concat([cross["from_id"], cross["to_id"]]).value_counts()
    betweenness = nx.betweenness_centrality(graph)
    ranking = pd.DataFrame(
        {
            "id": list(graph.nodes),
            "links": [graph.degree(n, weight="links") for n in graph.nodes],
            "neighbours": [graph.degree(n) for n in graph.nodes],
            "betweenness": [betweenness[n] for n in graph.nodes],
        }
    )
    ranking["cross_links"] = ranking["id"].map(cross_count).fillna(0).astype(int)
    ranking = ranking.sort_values(["links", "betweenness", "id"], ascending=[False, False, True])
    return ranking.reset_index(drop=True)


def isolated_sites(ranking: pd.DataFrame) -> list[str]:
    """The ids of sites with no link, from a ``hub_ranking`` table."""
    return ranking.loc[ranking["links"] == 0, "id"].tolist()


def hub_table(
    ranking: pd.DataFrame,
    sites: pd.DataFrame,
    regions: pd.DataFrame,
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    lang: str,
) -> pd.DataFrame:
    """The ranking with names, for display: ``id`` plus labelled columns in ``lang``."""
    site = sites.set_index("id")
    main_sector = site["sectors"].map(lambda values: values[0] if values else "")
    sector, stage, region = names(sectors, lang), names(stages, lang), names(regions, lang)
    ids = ranking["id"]
    return pd.DataFrame(
        {
            "id": ids,
            t("col_rank", lang): range(1, len(ids) + 1),
            t("col_site", lang): ids.map(site[name_column(lang)]),
            t("region", lang): ids.map(site["region"]).map(region),
            t("sector", lang): ids.map(main_sector).map(sector),
            t("stage", lang): ids.map(site["stage"]).map(stage),
            t("col_links", lang): ranking["links"],
            t("col_neighbours", lang): ranking["neighbours"],
            t("col_betweenness", lang): ranking["betweenness"].round(3),
            t("col_cross_links", lang): ranking["cross_links"],
        }
    )
