"""End to end: seeds/ to graph.ttl and graph.html, and the output contract."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import OWL, PROV

from kg import __version__
from kg.extract import RELATIONS
from kg.vocab import KG, SCHEMA, WD

pytestmark = pytest.mark.slow
ENTITY_TYPES = {KG.Person, KG.Country, KG.Organization, KG.Place}


def relation_triples(graph):
    return [(s, p, o) for r in RELATIONS for p in [KG[r]] for s, o in graph.subject_objects(p)]


def test_seeds_give_relations_of_many_kinds(seeds_graph):
    kinds = {p for _, p, _ in relation_triples(seeds_graph)}
    assert len(kinds) >= 10


def test_every_relation_has_a_statement_with_provenance(seeds_graph):
    for s, p, o in relation_triples(seeds_graph):
        statements = [st for st in seeds_graph.subjects(RDF.subject, s)
                      if seeds_graph.value(st, RDF.predicate) == p and seeds_graph.value(st, RDF.object) == o]
        assert statements, (s, p, o)
        for st in statements:
            article = seeds_graph.value(st, PROV.wasDerivedFrom)
            assert (article, RDF.type, SCHEMA.NewsArticle) in seeds_graph
            assert seeds_graph.value(article, SCHEMA.inLanguage) in {Literal("fr"), Literal("en")}
            assert str(seeds_graph.value(st, KG.sentence))
            assert 0 < float(seeds_graph.value(st, KG.confidence)) <= 1


def test_same_facts_through_sparql(seeds_graph):
    rows = list(seeds_graph.query("""
        SELECT ?s ?p ?o WHERE {
          ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN (kg:sentence, kg:confidence, kg:rule,
                                                                        kg:charStart, kg:charEnd, kg:date,
                                                                        kg:dateFromArticle, kg:place,
                                                                        kg:extractorVersion))
          FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?a }
        }""", initNs={"kg": KG._NS, "rdf": RDF, "prov": PROV}))
    assert rows == []


def test_every_entity_has_one_label_and_a_type(seeds_graph):
    for s, _, o in relation_triples(seeds_graph):
        for node in (s, o):
            assert len(list(seeds_graph.objects(node, RDFS.label))) == 1, node
            assert set(seeds_graph.objects(node, RDF.type)) & ENTITY_TYPES, node


def test_known_entities_link_to_wikidata(seeds_graph):
    linked = {str(o) for o in seeds_graph.objects(None, OWL.sameAs)}
    assert "http://www.wikidata.org/entity/Q159" in linked  # Russia
    assert "http://www.wikidata.org/entity/Q56226" in linked  # Kim Jong-un


@pytest.mark.skipif(not shutil.which("rapper"), reason="raptor2-utils (rapper) not installed")
def test_rapper_parses_the_turtle(seeds_out):
    run = subprocess.run(["rapper", "-i", "turtle", "-c", str(seeds_out / "graph.ttl")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "returned" in run.stderr


def test_html_has_no_remote_script_or_stylesheet(seeds_out):
    page = (seeds_out / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", page)
    assert "vis.Network" in page


def test_bad_input_is_skipped_and_the_rest_is_built(builder, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "in" / "latin1.txt").write_bytes("Titre\nLe président a été reçu à Paris.".encode("latin-1"))
    (tmp_path / "in" / "good.txt").write_text(
        "Hostile <script>window.pwned=1</script> \"quotes\" & > signs\n"
        "Russia invaded Ukraine in February 2022, and the <b>Evil \"Corp\"</b> condemned Russia.",
        encoding="utf-8")
    report = builder.build([tmp_path / "in"], tmp_path / "out")
    assert {s.source.rsplit("/", 1)[-1] for s in report.skipped} == {"empty.txt", "binary.txt", "latin1.txt"}
    assert [a.id for a in report.articles] == ["good.txt"]
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert any(True for _ in graph.subject_objects(KG.invaded))
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page


def test_statements_carry_the_place_and_the_extractor_version(seeds_graph):
    rows = list(seeds_graph.query("""
        SELECT ?where WHERE {
          ?s rdf:predicate kg:met ; kg:place ?p ; rdf:subject|rdf:object ?kim .
          ?kim owl:sameAs wd:Q56226 . ?p rdfs:label ?where }""",
        initNs={"kg": KG._NS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "wd": WD}))
    assert [str(r.where) for r in rows] == ["Wonsan"]
    versions = {str(v) for v in seeds_graph.objects(None, KG.extractorVersion)}
    assert versions == {f"kg {__version__}"}


def test_batches_are_of_one_language_and_shrink_towards_the_end():
    """Workers take one batch at a time: batches keep to one language (one
    nlp.pipe each), and the last ones are small, so no worker is left
    parsing a full batch while the others wait."""
    from kg.builder import _batches, _by_language
    from kg.model import Article

    articles = _by_language([Article(f"a{i}", f"a{i}.txt", "", "text", "fr" if i % 3 else "en") for i in range(300)])
    assert [a.lang for a in articles] == ["en"] * 100 + ["fr"] * 200  # one language after the other
    batches = list(_batches(articles, 32, 2))
    assert [a for batch in batches for a in batch] == articles
    assert all(len({a.lang for a in batch}) == 1 and len(batch) <= 32 for batch in batches)
    assert max(map(len, batches)) == 32 and [len(b) for b in batches[-3:]] == [1, 1, 1]
    assert [len(b) for b in _batches(articles, 32, 1)] == [32, 32, 32, 4] + [32] * 6 + [8]  # one process: full batches
