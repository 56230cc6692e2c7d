"""kg validate: the SHACL shapes accept what kg builds and name what breaks them."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import EXIT_INVALID, app
from kg.extract.lexicon import RELATIONS
from kg.validate import validate
from kg.vocab import ID, KG, SCHEMA

SHAPES = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


def test_every_relation_has_a_shape():
    shapes = Graph().parse(SHAPES, format="turtle")
    targeted = {str(o).split("#")[-1] for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetSubjectsOf"))}
    assert targeted == set(RELATIONS)


@pytest.mark.slow
def test_the_seeds_graph_conforms(seeds_graph):
    report = validate(seeds_graph)
    assert report.conforms, [str(v) for v in report.violations]
    assert report.checked["statements"] > 0 and report.checked["entities"] > 0


def _broken() -> Graph:
    graph = Graph()
    person, place, article = ID["entity/person-x"], ID["entity/place-y"], ID["article/a"]
    graph.add((person, RDF.type, KG.Person))
    graph.add((person, RDFS.label, Literal("X")))
    graph.add((person, RDFS.label, Literal("Ex")))  # two labels
    graph.add((place, RDF.type, KG.Place))
    graph.add((place, RDFS.label, Literal("Y")))
    graph.add((person, KG.leader_of, place))  # a place is no state or body
    graph.add((article, RDF.type, SCHEMA.NewsArticle))
    graph.add((article, SCHEMA.identifier, Literal("a.txt")))
    graph.add((article, SCHEMA.inLanguage, Literal("en")))
    statement = ID["statement/s"]
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, person), (RDF.predicate, KG.leader_of),
                 (RDF.object, place), (KG.sentence, Literal("X leads Y.")),
                 (KG.confidence, Literal("1.5", datatype=XSD.decimal))):
        graph.add((statement, p, o))  # no source, confidence above 1
    return graph


def test_violations_are_named_readably():
    report = validate(_broken())
    assert not report.conforms
    lines = [str(v) for v in report.violations]
    assert any("kg:leader_of" in line and "outside its range" in line for line in lines), lines
    assert any("rdfs:label" in line and "exactly one" in line for line in lines), lines
    assert any("prov:wasDerivedFrom" in line for line in lines), lines
    assert any("kg:confidence" in line and "between 0 and 1" in line for line in lines), lines


def test_validate_command_exit_codes(tmp_path):
    (tmp_path / "graph.ttl").write_text(_broken().serialize(format="turtle"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == EXIT_INVALID
    assert "Does not conform" in result.output and "kg:leader_of" in result.output
