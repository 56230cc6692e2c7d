"""Statements to an rdflib Graph; the only place IRIs are minted.

Each relation is a direct triple, and a ``rdf:Statement`` node carrying its
provenance: the article (``prov:wasDerivedFrom``), the sentence, offsets, a
date and a confidence. The same relation found twice is one direct triple
with two statement nodes.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from . import __version__
from .model import Article, Entity, EntityType, Mention, Statement
from .vocab import ID, KG, SCHEMA, WD

EXTRACTOR_VERSION = f"kg {__version__}"  # which extractor read the statement, for re-reading later

TYPE_CLASS = {
    EntityType.PERSON: KG.Person, EntityType.COUNTRY: KG.Country,
    EntityType.ORGANIZATION: KG.Organization, EntityType.PLACE: KG.Place,
}


def slug(text: str, limit: int = 60) -> str:
    """A safe IRI segment from any text: ASCII letters, digits and hyphens.

    Text that slugs to nothing, or is cut short, gets a hash so two names
    never share an IRI.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if words and len(words) <= limit and words == ascii_text.lower().replace(" ", "-"):
        return words
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{words[:limit].strip('-')}-{digest}" if words else digest


def entity_iri(entity: Entity) -> URIRef:
    """The entity's IRI: its QID, else its type and normalised name (its key),
    so that two spellings of one entity never get two IRIs."""
    if entity.qid:
        return ID[f"entity/{entity.qid}"]
    name = entity.key.split(":", 1)[-1] if ":" in entity.key else entity.label
    return ID[f"entity/{entity.type.value.lower()}-{slug(name)}"]


def article_iri(article: Article) -> URIRef:
    return ID[f"article/{slug(article.id)}-{article.content_hash[:8]}"]


def statement_iri(statement: Statement) -> URIRef:
    p = statement.provenance
    raw = "\x1f".join([statement.subject.key, statement.relation, statement.object.key,
                       p.article_id, str(p.char_start)])
    return ID[f"statement/{hashlib.sha1(raw.encode()).hexdigest()[:16]}"]


# The prefixes of our outputs.
PREFIXES = {"kg": KG._NS, "kgid": ID, "wd": WD, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "owl": OWL,
            "dcterms": DCTERMS, "rdfs": RDFS, "xsd": XSD}


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)  # rdflib's own "schema" is https; ours is http
    return graph


class Triples:
    """An article's triples, collected without an rdflib store: the build
    writes thousands of small graphs, and needs each only as N-Triples.
    Takes ``add`` and ``set`` as an rdflib Graph does; terms are rdflib's."""

    def __init__(self) -> None:
        self._objects: dict[tuple, dict] = {}  # (subject, predicate) -> objects, in order

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self._objects.setdefault((s, p), {})[o] = None

    def set(self, triple: tuple) -> None:
        s, p, o = triple
        self._objects[(s, p)] = {o: None}

    def __iter__(self):
        return ((s, p, o) for (s, p), objects in self._objects.items() for o in objects)

    def __len__(self) -> int:
        return sum(len(objects) for objects in self._objects.values())

    def ntriples(self) -> bytes:
        """One line per triple, whatever the literals hold."""
        return "".join(f"{s.n3()} {p.n3()} {_nt(o)} .\n" for s, p, o in self).encode("utf-8")


def _nt(term) -> str:
    """A term as N-Triples writes it: rdflib's n3() writes a literal with a
    line break in long quotes, which Turtle reads and N-Triples does not."""
    if isinstance(term, Literal) and ("\n" in term or "\r" in term):
        escaped = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r"))
        suffix = f"@{term.language}" if term.language else f"^^<{term.datatype}>" if term.datatype else ""
        return f'"{escaped}"{suffix}'
    return term.n3()


def add_article(graph: Graph | Triples, article: Article) -> URIRef:
    node = article_iri(article)
    graph.add((node, RDF.type, SCHEMA.NewsArticle))
    if article.title:
        graph.add((node, SCHEMA.headline, Literal(article.title, lang=article.lang)))
    graph.add((node, SCHEMA.inLanguage, Literal(article.lang)))
    graph.add((node, SCHEMA.identifier, Literal(article.id)))
    if article.url:
        graph.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.date:
        graph.add((node, SCHEMA.datePublished, _date(article.date)))
    return node


def _date(value: str) -> Literal:
    """An ISO 8601 date at the precision the text gave: a day, a month or a year."""
    for pattern, datatype in ((r"\d{4}-\d{2}-\d{2}", XSD.date), (r"\d{4}-\d{2}", XSD.gYearMonth), (r"\d{4}", XSD.gYear)):
        match = re.match(pattern, value)
        if match:
            return Literal(match.group(0), datatype=datatype)
    return Literal(value)


def add_entities(graph: Graph | Triples, mentions: Iterable[Mention], labels: dict[str, set[str]]) -> None:
    """Entity nodes: type, preferred label, other names seen, Wikidata link."""
    entities: dict[str, Entity] = {}
    for mention in mentions:
        for entity in filter(None, (mention.entity, mention.stands_for)):
            entities.setdefault(entity.key, entity)
    for key in sorted(entities):
        entity = entities[key]
        node = entity_iri(entity)
        graph.add((node, RDF.type, TYPE_CLASS[entity.type]))
        graph.set((node, RDFS.label, Literal(" ".join(entity.label.split()))))
        for name in sorted(labels.get(key, ())):
            if name != entity.label:
                graph.add((node, SKOS.altLabel, Literal(name)))
        if entity.qid:
            graph.add((node, OWL.sameAs, WD[entity.qid]))


def add_statements(graph: Graph | Triples, statements: Iterable[Statement], articles: dict[str, URIRef]) -> None:
    for statement in statements:
        s, o = entity_iri(statement.subject), entity_iri(statement.object)
        p = KG[statement.relation]
        graph.add((s, p, o))
        node = statement_iri(statement)
        provenance = statement.provenance
        graph.add((node, RDF.type, RDF.Statement))
        graph.add((node, RDF.subject, s))
        graph.add((node, RDF.predicate, p))
        graph.add((node, RDF.object, o))
        graph.add((node, PROV.wasDerivedFrom, articles[provenance.article_id]))
        graph.add((node, KG.sentence, Literal(provenance.sentence)))
        graph.add((node, KG.confidence, Literal(str(provenance.confidence), datatype=XSD.decimal)))
        graph.add((node, KG.rule, Literal(provenance.rule)))
        graph.add((node, KG.charStart, Literal(provenance.char_start)))
        graph.add((node, KG.charEnd, Literal(provenance.char_end)))
        graph.add((node, KG.extractorVersion, Literal(EXTRACTOR_VERSION)))
        if provenance.place is not None:
            graph.add((node, KG.place, entity_iri(provenance.place)))
        if provenance.date:
            graph.add((node, KG.date, _date(provenance.date)))
            if provenance.date_from_article:
                graph.add((node, KG.dateFromArticle, Literal(True)))


def surface_names(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """Every name an entity was written with, for skos:altLabel.

    Demonyms ("russe") and anaphora ("the country", a quoted "we") are not names.
    """
    names: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.demonym or mention.anaphor:
            continue
        names[mention.entity.key].add(" ".join(mention.text.split()))
    return names


def statements_by_triple(graph: Graph) -> dict[tuple, list]:
    """Each direct triple with the statement nodes that reify it, read in one pass."""
    found: dict[tuple, list] = defaultdict(list)
    for statement in graph.subjects(RDF.type, RDF.Statement):
        triple = (graph.value(statement, RDF.subject), graph.value(statement, RDF.predicate),
                  graph.value(statement, RDF.object))
        found[triple].append(statement)
    return found


def counts(graph: Graph) -> dict[str, int]:
    """What a graph holds: entities (of the four types), statements, articles, relation triples."""
    from .extract.lexicon import RELATIONS

    return {
        "entities": len({s for cls in TYPE_CLASS.values() for s in graph.subjects(RDF.type, cls)}),
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "articles": len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))),
        "relations": sum(1 for r in RELATIONS for _ in graph.triples((None, KG[r], None))),
    }
