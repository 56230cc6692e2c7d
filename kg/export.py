"""Exports of a built graph for other tools.

RDF formats (Turtle, TriG, N-Triples, JSON-LD) for Protégé, GraphDB, Jena
and Wikidata-aware pipelines; GraphML and GEXF (through networkx) for
Gephi and Cytoscape; CSV with one statement per row, for spreadsheets.
"""
from __future__ import annotations

import csv
import io

import networkx as nx
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL, PROV

from .vocab import KG, SCHEMA

RDF_FORMATS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "jsonld": "json-ld"}
FORMATS = (*RDF_FORMATS, "graphml", "gexf", "csv")
EXTENSIONS = {"ttl": "ttl", "trig": "trig", "nt": "nt", "jsonld": "jsonld", "graphml": "graphml",
              "gexf": "gexf", "csv": "csv"}
CSV_COLUMNS = ("subject", "subject_wikidata", "relation", "object", "object_wikidata", "date", "confidence",
               "article", "sentence", "rule")


def export(graph: Graph, fmt: str) -> bytes:
    if fmt == "trig":
        from .sources import by_article

        return by_article(graph).serialize(format="trig").encode("utf-8")  # one named graph per article
    if fmt in RDF_FORMATS:
        return graph.serialize(format=RDF_FORMATS[fmt]).encode("utf-8")
    if fmt == "csv":
        return statements_csv(graph).encode("utf-8")
    network = flat_network(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network, buffer)
    elif fmt == "gexf":
        nx.write_gexf(network, buffer)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buffer.getvalue()


def flat_network(graph: Graph) -> nx.MultiDiGraph:
    """The network of the HTML view with plain-text attributes, as GraphML and GEXF require."""
    from .view import to_networkx

    network = nx.MultiDiGraph()
    source = to_networkx(graph)
    for node, data in source.nodes(data=True):
        network.add_node(node, label=data["label"], type=data["type"], names="; ".join(data["names"]),
                         wikidata=data["wikidata"][0] if data["wikidata"] else "")
    for s, o, key, data in source.edges(keys=True, data=True):
        sources = data["sources"]
        network.add_edge(s, o, key=key, relation=data["relation"], label=data["relation"], weight=len(sources),
                         articles="; ".join(sorted({article for article, _ in sources})),
                         sentence=sources[0][1] if sources else "")
    return network


def statements_csv(graph: Graph) -> str:
    """One row per statement: the relation, its two sides (with Wikidata items), date, confidence, source."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = []
    for statement in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        article = graph.value(statement, PROV.wasDerivedFrom)
        rows.append((
            str(graph.value(s, RDFS.label) or s), str(graph.value(s, OWL.sameAs) or ""),
            str(p).split("#")[-1], str(graph.value(o, RDFS.label) or o), str(graph.value(o, OWL.sameAs) or ""),
            str(graph.value(statement, KG.date) or ""), str(graph.value(statement, KG.confidence) or ""),
            str(graph.value(article, SCHEMA.identifier) or article or ""),
            str(graph.value(statement, KG.sentence) or ""), str(graph.value(statement, KG.rule) or ""),
        ))
    writer.writerows(sorted(rows))
    return out.getvalue()
