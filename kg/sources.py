"""Articles as sources: one named graph per article, and retracting one.

Every statement node says which article it came from (prov:wasDerivedFrom),
so an article's share of the graph is known: its statements, and the direct
triples that no other article supports. ``by_article`` lays the graph out as
a dataset with one named graph per article (for TriG); ``remove_article``
takes an article out and the facts only it supported with it.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from .errors import InputNotFound
from .graph import statements_by_triple
from .vocab import ID, SCHEMA


@dataclass
class Removal:
    article: str
    statements: int
    triples: int  # direct triples that lost their last source


def _supports(graph: Graph) -> dict[tuple, set[URIRef]]:
    """Each direct triple with the articles whose statements support it."""
    return {triple: {a for st in statements for a in graph.objects(st, PROV.wasDerivedFrom)}
            for triple, statements in statements_by_triple(graph).items()}


def article_graph_iri(article: URIRef) -> URIRef:
    return ID[f"graph/{str(article).rsplit('/', 1)[-1]}"]


def by_article(graph: Graph) -> Dataset:
    """A dataset: per article, a named graph with the article, its statements and
    the triples only it supports; everything shared in the default graph."""
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, replace=True)
    placed: set[tuple] = set()
    articles = set(graph.subjects(RDF.type, SCHEMA.NewsArticle))
    for article in articles:
        named = dataset.graph(article_graph_iri(article))
        named += graph.triples((article, None, None))
        placed.update(graph.triples((article, None, None)))
        for statement in graph.subjects(PROV.wasDerivedFrom, article):
            for triple in graph.triples((statement, None, None)):
                named.add(triple)
                placed.add(triple)
    for triple, sources in _supports(graph).items():
        if len(sources) == 1:
            dataset.graph(article_graph_iri(next(iter(sources)))).add(triple)
            placed.add(triple)
    default = dataset.default_graph
    for triple in graph:
        if triple not in placed:
            default.add(triple)
    return dataset


def find_article(graph: Graph, wanted: str) -> URIRef:
    """The article node for an id ("00_fr_kim_lavrov.txt", "03_mixed.jsonl#2") or an IRI."""
    for article in graph.subjects(RDF.type, SCHEMA.NewsArticle):
        if str(article) == wanted or str(graph.value(article, SCHEMA.identifier)) == wanted:
            return article
    known = sorted(str(graph.value(a, SCHEMA.identifier)) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle))
    raise InputNotFound(f"no article {wanted!r} in the graph; it holds: {', '.join(known[:10])}"
                        + (" …" if len(known) > 10 else ""))


def remove_article(graph: Graph, wanted: str) -> Removal:
    """Take an article out: its node, its statements, and the direct triples no other article supports."""
    article = find_article(graph, wanted)
    name = str(graph.value(article, SCHEMA.identifier) or wanted)
    support = _supports(graph)
    statements = list(graph.subjects(PROV.wasDerivedFrom, article))
    lost = [triple for triple, sources in support.items() if sources == {article}]
    for statement in statements:
        graph.remove((statement, None, None))
    for triple in lost:
        graph.remove(triple)
    graph.remove((article, None, None))
    return Removal(name, len(statements), len(lost))
