"""Statements to RDF: safe IRIs, provenance, one triple for many sources."""
from __future__ import annotations

import shutil
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, PROV

from kg.graph import add_article, add_entities, add_statements, entity_iri, new_graph, slug, surface_names
from kg.model import Article, Entity, EntityType, Mention, Provenance, Statement
from kg.store import rdflib_term
from kg.vocab import KG

NASTY = 'Evil <script>alert("x")</script> "Name" > {} | ^ `\n new line'


def entity(label, type_=EntityType.PERSON, qid=None):
    return Entity(f"{type_.value}:{label}", label, type_, qid)


def statement(s, p, o, article="a.txt", start=0, sentence="They met."):
    return Statement(s, p, o, Provenance(article, sentence, start, start + len(sentence), "2024-03-01", 0.8, "test"))


@pytest.mark.parametrize("text", [NASTY, "", "   ", "Ünïcødé — 東京", "a" * 500, "../../etc/passwd"])
def test_slug_is_always_a_safe_iri_segment(text):
    value = slug(text)
    assert value and len(value) <= 70
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in value)


def test_different_names_never_share_an_iri():
    assert slug("Kim <b>") != slug("Kim >b<")
    assert entity_iri(entity("A/B")) != entity_iri(entity("A B?"))


def build(statements, articles, mentions=()):
    graph = new_graph()
    nodes = {a.id: add_article(graph, a) for a in articles}
    add_entities(graph, mentions, surface_names(mentions))
    add_statements(graph, statements, nodes)
    return graph


def test_one_direct_triple_two_statements_with_provenance():
    a, b = entity("Alice"), entity("Bob")
    articles = [Article("a.txt", "a.txt", "A", "x", "en", "2024-03-01", None, "aaaa"),
                Article("b.txt", "b.txt", "B", "y", "en", None, None, "bbbb")]
    graph = build([statement(a, "met", b, "a.txt"), statement(a, "met", b, "b.txt", sentence="Again.")], articles)
    assert len(list(graph.triples((entity_iri(a), KG.met, entity_iri(b))))) == 1
    statements = list(graph.subjects(RDF.predicate, KG.met))
    assert len(statements) == 2
    for node in statements:
        assert graph.value(node, RDF.subject) == entity_iri(a)
        assert graph.value(node, PROV.wasDerivedFrom) is not None
        assert graph.value(node, KG.sentence) is not None
        assert 0 <= float(graph.value(node, KG.confidence)) <= 1


def test_hostile_names_round_trip_through_turtle_and_rapper(tmp_path):
    evil = entity(NASTY, EntityType.ORGANIZATION)
    good = entity("Ukraine", EntityType.COUNTRY, "Q212")
    article = Article(NASTY, "x", NASTY, NASTY, "en", None, "https://example.org/?a=<b>", "cccc")
    mentions = [Mention(0, 1, NASTY, evil), Mention(1, 2, "Ukraine", good)]
    graph = build([statement(evil, "condemned", good, NASTY, sentence=NASTY)], [article], mentions)
    path = tmp_path / "g.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    back = Graph().parse(path, format="turtle")
    assert len(back) == len(graph)
    # A label is the name on one line; the sentence keeps the text as written.
    assert str(back.value(entity_iri(evil), RDFS.label)) == " ".join(NASTY.split())
    assert NASTY in {str(o) for o in back.objects(None, KG.sentence)}
    assert (entity_iri(good), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q212")) in back
    if shutil.which("rapper"):
        run = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr


def test_entities_have_one_label_a_type_and_alt_labels():
    lavrov = Entity("person:serguei lavrov", "Sergueï Lavrov", EntityType.PERSON)
    mentions = [Mention(0, 2, "Sergueï Lavrov", lavrov), Mention(5, 6, "Lavrov", lavrov),
                Mention(7, 8, "we", lavrov, anaphor=True)]
    graph = build([], [], mentions)
    node = entity_iri(lavrov)
    assert [str(x) for x in graph.objects(node, RDFS.label)] == ["Sergueï Lavrov"]
    assert (node, RDF.type, KG.Person) in graph
    assert {str(x) for x in graph.objects(node, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))} == {"Lavrov"}


def test_hostile_text_survives_the_stores_path(tmp_path):
    """Workers send N-Triples and the store loads them as N-Quads: a line
    break, a quote or a " ." in a sentence must stay inside its literal."""
    from rdflib.compare import isomorphic

    from kg.graph import Triples
    from kg.store import LocalBackend

    evil = entity(NASTY, EntityType.ORGANIZATION)
    good = entity("Ukraine", EntityType.COUNTRY, "Q212")
    sentence = 'He said "stop .\nnow" .\r\nThen \\ left .'
    article = Article(NASTY, "x", NASTY, NASTY, "en", None, "https://example.org/?a=<b>", "cccc")
    mentions = [Mention(0, 1, NASTY, evil), Mention(1, 2, "Ukraine", good)]
    statements = [statement(evil, "condemned", good, NASTY, sentence=sentence)]
    expected = build(statements, [article], mentions)
    triples = Triples()
    for triple in expected:
        triples.add(triple)
    data = triples.ntriples()
    assert data.count(b"\n") == len(expected)  # one line per triple
    backend = LocalBackend(tmp_path / "store")
    name = URIRef("https://example.org/graph/1")
    backend.put_graphs([(name, data)])
    stored = Graph()
    for quad in backend.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
        stored.add(tuple(rdflib_term(t) for t in (quad.subject, quad.predicate, quad.object)))
    assert isomorphic(stored, expected)
    assert sentence in {str(o) for o in stored.objects(None, KG.sentence)}
