"""Articles as sources: one named graph per article (TriG) and retracting one (kg remove)."""
from __future__ import annotations

import shutil

import pytest
from rdflib import RDF, Dataset, Graph
from rdflib.namespace import PROV
from typer.testing import CliRunner

from kg.cli import app
from kg.sources import article_graph_iri, by_article, remove_article
from kg.vocab import KG, SCHEMA

pytestmark = pytest.mark.slow

ARTICLE = "02_fr_xi_moscou.html"


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def _support(graph: Graph) -> dict:
    support = {}
    for statement in graph.subjects(RDF.type, RDF.Statement):
        triple = tuple(graph.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        support.setdefault(triple, set()).update(graph.objects(statement, PROV.wasDerivedFrom))
    return support


def test_removing_an_article_removes_its_support_only(seeds_graph):
    graph = _copy(seeds_graph)
    before = _support(graph)
    article = next(a for a in graph.subjects(RDF.type, SCHEMA.NewsArticle)
                   if str(graph.value(a, SCHEMA.identifier)) == ARTICLE)
    removal = remove_article(graph, ARTICLE)
    assert removal.statements > 0 and removal.triples > 0
    assert (article, None, None) not in graph
    assert not list(graph.subjects(PROV.wasDerivedFrom, article))
    for triple, sources in before.items():
        # A relation stays exactly when another article still supports it.
        assert (triple in graph) == bool(sources - {article}), triple
    # Every remaining relation still has a statement with a source.
    from kg.extract import RELATIONS

    remaining = {t for r in RELATIONS for t in graph.triples((None, KG[r], None))}
    assert remaining and remaining <= set(_support(graph))


def test_each_article_has_its_named_graph(seeds_graph):
    dataset = by_article(seeds_graph)
    articles = list(seeds_graph.subjects(RDF.type, SCHEMA.NewsArticle))
    for article in articles:
        named = dataset.graph(article_graph_iri(article))
        assert (article, RDF.type, SCHEMA.NewsArticle) in named
        assert set(named.subjects(PROV.wasDerivedFrom, article))
    # Nothing is lost or doubled in the split.
    assert len(set(dataset.quads((None, None, None, None)))) >= len(seeds_graph)
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(union) == len(seeds_graph)
    reread = Dataset()
    reread.parse(data=dataset.serialize(format="trig"), format="trig")
    assert len({c for c in reread.graphs() if str(c.identifier).startswith("https://w3id.org/kg-news/id/graph/")}) \
        == len(articles)


def test_remove_command(seeds_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_out, out)
    result = CliRunner().invoke(app, ["remove", str(out), ARTICLE])
    assert result.exit_code == 0, result.output
    assert f"Removed {ARTICLE}" in result.output
    assert ARTICLE not in (out / "graph.ttl").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["remove", str(out), "nope.txt"])
    assert result.exit_code == 2 and "no article" in result.output
