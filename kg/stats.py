"""A built graph in figures: what it holds, who is central, which groups, which days.

Counts come from the RDF graph; centrality and communities from networkx on
the actors' network (relations between actors, places left out): PageRank,
betweenness (sampled on big networks) and Louvain communities.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
from rdflib import RDF, Graph

from .extract.lexicon import RELATIONS
from .graph import counts
from .vocab import KG

EXACT_BETWEENNESS_UP_TO = 2000  # nodes; above, betweenness is estimated from a sample
SAMPLE = 500
TOP = 10


@dataclass
class Stats:
    entities: dict[str, int] = field(default_factory=dict)  # per type
    relations: dict[str, int] = field(default_factory=dict)  # direct triples per relation
    statements: int = 0
    articles: int = 0
    pagerank: list[tuple[str, float]] = field(default_factory=list)
    betweenness: list[tuple[str, float]] = field(default_factory=list)
    betweenness_sampled: bool = False
    communities: list[list[str]] = field(default_factory=list)
    busiest_dates: list[tuple[str, int]] = field(default_factory=list)


def actor_network(graph: Graph) -> nx.Graph:
    """Actors as nodes (labelled), an edge for every relation between two of them."""
    from .view import to_networkx

    full = to_networkx(graph)
    actors = [n for n, d in full.nodes(data=True) if d["type"] != "Place"]
    network = nx.Graph()
    for node in actors:
        network.add_node(node, label=full.nodes[node]["label"])
    for s, o, data in full.edges(data=True):
        if s in network and o in network and s != o:
            weight = network.get_edge_data(s, o, {}).get("weight", 0) + len(data["sources"])
            network.add_edge(s, o, weight=weight)
    return network


def compute(graph: Graph, seed: int = 7) -> Stats:
    stats = Stats()
    for cls in (KG.Person, KG.Country, KG.Organization, KG.Place):
        stats.entities[str(cls).split("#")[-1]] = len(set(graph.subjects(RDF.type, cls)))
    for relation in RELATIONS:
        count = len(set(graph.subject_objects(KG[relation])))
        if count:
            stats.relations[relation] = count
    held = counts(graph)
    stats.statements, stats.articles = held["statements"], held["articles"]

    network = actor_network(graph)
    network.remove_nodes_from([n for n in list(network) if network.degree(n) == 0])
    label = nx.get_node_attributes(network, "label")
    if network.number_of_edges():
        rank = nx.pagerank(network, weight="weight")
        stats.pagerank = [(label[n], v) for n, v in sorted(rank.items(), key=lambda x: -x[1])[:TOP]]
        sampled = network.number_of_nodes() > EXACT_BETWEENNESS_UP_TO
        between = nx.betweenness_centrality(network, k=SAMPLE if sampled else None, seed=seed)
        stats.betweenness_sampled = sampled
        stats.betweenness = [(label[n], v) for n, v in sorted(between.items(), key=lambda x: -x[1])[:TOP] if v > 0]
        groups = nx.community.louvain_communities(network, weight="weight", seed=seed)
        stats.communities = [sorted(label[n] for n in group) for group in
                             sorted(groups, key=len, reverse=True) if len(group) > 1][:TOP]
    dates = Counter(str(d)[:10] for s in graph.subjects(RDF.type, RDF.Statement)
                    for d in graph.objects(s, KG.date)
                    if len(str(d)) >= 10 and (s, KG.dateFromArticle, None) not in graph)
    stats.busiest_dates = dates.most_common(TOP)
    return stats
