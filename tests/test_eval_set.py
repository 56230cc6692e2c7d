"""Our own evaluation set (tests/eval) is well formed, and make eval's report scores subsets honestly."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.extract import RELATIONS
from kg.vocab import KG, SCHEMA

EVAL = Path(__file__).parent / "eval"
GOLD = sorted((EVAL / "gold").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_sixteen_articles_eight_per_language():
    languages = [load(p)["language"] for p in GOLD]
    assert languages.count("fr") >= 8 and languages.count("en") >= 8
    for path in GOLD:
        assert (EVAL / "articles" / load(path)["article"]).is_file(), path.name


def test_every_relation_type_is_required_somewhere():
    required = {r["p"] for p in GOLD for r in load(p)["relations"] if not r.get("optional")}
    assert required == set(RELATIONS)


def _flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_gold_file_is_consistent_with_its_article(path):
    gold = load(path)
    text = _flat((EVAL / "articles" / gold["article"]).read_text(encoding="utf-8"))
    entities = gold["entities"]
    for key, entity in entities.items():
        assert entity["type"] in {"Person", "Country", "Organization", "Place"}, key
        assert entity["names"], key
        if entity.get("qid"):
            assert re.fullmatch(r"Q[1-9]\d*", entity["qid"]), key
    for relation in gold["relations"]:
        assert relation["p"] in RELATIONS
        for side in ("s", "o"):
            keys = relation[side] if isinstance(relation[side], list) else [relation[side]]
            assert all(k in entities for k in keys), (relation, side)
        # Evidence is quoted from the article; "..." joins excerpts.
        for piece in re.split(r"\s*(?:\.\.\.|…)\s*", relation.get("evidence", "")):
            assert _flat(piece) in text, (path.name, piece)


def test_report_scores_a_subset_on_its_own_statements():
    """A relation only another article supports does not count for this one."""
    from tests.eval.report import subgraph

    class Scorer:  # the two attributes of the shared scorer the report reads
        NAME_PREDICATES = [RDFS.label]
        SAME_AS = []

    graph = Graph()
    a, b, x, y = (URIRef(f"https://example.org/{n}") for n in "abxy")
    for article, name in ((a, "one.txt"), (b, "two.txt")):
        graph.add((article, SCHEMA.identifier, Literal(name)))
    for node, label in ((x, "X"), (y, "Y")):
        graph.add((node, RDFS.label, Literal(label)))
    for statement, article, relation in ((URIRef("https://example.org/s1"), a, KG.met),
                                         (URIRef("https://example.org/s2"), b, KG.attacked)):
        graph.add((statement, RDF.type, RDF.Statement))
        graph.add((statement, RDF.subject, x))
        graph.add((statement, RDF.predicate, relation))
        graph.add((statement, RDF.object, y))
        graph.add((statement, PROV.wasDerivedFrom, article))
        graph.add((x, relation, y))
    part = subgraph(graph, {"one.txt"}, Scorer)
    assert (x, KG.met, y) in part and (x, KG.attacked, y) not in part
    assert (y, RDFS.label, Literal("Y")) in part
