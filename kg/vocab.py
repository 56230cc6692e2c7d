"""The kg ontology's terms as a closed namespace: a typo is an AttributeError.

tests/test_vocab.py checks every term here is defined in ontology/kg.ttl.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
# Resources (entities, articles, statements) are minted under this base.
ID = Namespace("https://w3id.org/kg-news/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("http://schema.org/")


class KG(DefinedNamespace):
    """kg ontology terms."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # Classes
    Actor: URIRef  # A person, state or organization that acts in the news.
    Person: URIRef
    Country: URIRef  # A state or its government.
    Organization: URIRef
    Place: URIRef

    # Provenance of statements
    sentence: URIRef  # The sentence the statement was read from.
    confidence: URIRef  # How much the extractor trusts the statement, 0 to 1.
    rule: URIRef  # The extraction rule that produced the statement.
    charStart: URIRef
    charEnd: URIRef
    date: URIRef  # Event date, or the article's date when the text gives none.
    dateFromArticle: URIRef  # True when the text gave no date and ``date`` is the article's.
    place: URIRef  # Where the event took place, when the sentence says.
    extractorVersion: URIRef  # The kg version whose extractor read the statement.
    builtWith: URIRef  # In the store: the extractor fingerprint an article was read with.
    mergedFrom: URIRef  # In the store: the state of the articles its merged view was made from.
    cameoCode: URIRef
    ploverCode: URIRef  # PLOVER event category of an interaction (annotation).

    # Relations (the contract in relations.md)
    leader_of: URIRef
    official_of: URIRef
    member_of: URIRef
    allied_with: URIRef
    located_in: URIRef
    met: URIRef
    visited: URIRef
    signed_agreement_with: URIRef
    supports: URIRef
    provided_aid_to: URIRef
    deployed_forces_to: URIRef
    attacked: URIRef
    invaded: URIRef
    threatened: URIRef
    sanctioned: URIRef
    condemned: URIRef
