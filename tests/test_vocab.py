"""vocab.py and ontology/kg.ttl agree; every relation of the contract is defined."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal

from kg.extract.lexicon import RELATIONS, SYMMETRIC
from kg.vocab import KG

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ONTOLOGY, format="turtle")


def test_every_vocab_term_is_defined(ontology):
    defined = set(ontology.subjects(RDF.type, None))
    missing = [name for name in KG.__annotations__ if KG[name] not in defined]
    assert missing == []


def test_unknown_term_fails():
    with pytest.raises(AttributeError):
        KG.meeted  # noqa: B018


@pytest.mark.parametrize("relation", RELATIONS)
def test_relation_has_labels_domain_range_and_symmetry(ontology, relation):
    prop = KG[relation]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    langs = {label.language for label in ontology.objects(prop, RDFS.label) if isinstance(label, Literal)}
    assert {"en", "fr"} <= langs
    assert ontology.value(prop, RDFS.domain) is not None
    assert ontology.value(prop, RDFS.range) is not None
    assert ((prop, RDF.type, OWL.SymmetricProperty) in ontology) == (relation in SYMMETRIC)


def test_extraction_signatures_match_the_ontology_domains_and_ranges():
    from rdflib.collection import Collection

    from kg.extract.lexicon import SIGNATURES

    ontology = Graph().parse(ONTOLOGY, format="turtle")

    def classes(node):
        union = ontology.value(node, OWL.unionOf)
        members = list(Collection(ontology, union)) if union is not None else [node]
        names = {str(c).split("#")[-1] for c in members}
        return {"Person", "Country", "Organization"} | (names - {"Actor"}) if "Actor" in names else names

    for relation, (domain, range_) in SIGNATURES.items():
        prop = KG[relation]
        assert classes(ontology.value(prop, RDFS.domain)) == set(domain), relation
        assert classes(ontology.value(prop, RDFS.range)) == set(range_), relation


INTERACTIONS = ["met", "visited", "signed_agreement_with", "allied_with", "supports", "provided_aid_to",
                "deployed_forces_to", "attacked", "invaded", "threatened", "sanctioned", "condemned"]


@pytest.mark.parametrize("relation", INTERACTIONS)
def test_interactions_carry_a_plover_category(ontology, relation):
    assert ontology.value(KG[relation], KG.ploverCode) is not None


def test_classes_align_with_schema_and_wikidata(ontology):
    from rdflib.namespace import SKOS

    for cls in (KG.Person, KG.Country, KG.Organization, KG.Place):
        assert any(str(o).startswith("http://schema.org/") for o in ontology.objects(cls, RDFS.subClassOf)), cls
        assert any("wikidata.org/entity/Q" in str(o) for o in ontology.objects(cls, SKOS.closeMatch)), cls
