"""A synthetic news graph of any size, shaped like a kg build, for the view's
benchmark (``bench/view_first_frame.py``) and its scale test.

How it is made:

- **Entities** (default 10 000): 40 % people, 30 % organisations, 20 % places,
  10 % countries, named from random syllables and numbered so no two share
  a name ("Kavorin Talebu 12", "Union of Meralia 40", "Port Osuna 7"); a fifth carry a Wikidata QID (their IRI is
  ``entity/Q…``, as for gazetteer entities), a quarter two or three other
  names (``skos:altLabel``: initials, the first word with the type, a
  respelling).
- **Relations** (default 30 000): preferential attachment. Entities arrive
  one by one and each new one links to ``relations / entities`` (rounded)
  earlier ones picked with probability proportional to their degree
  (Barabási–Albert; topped up to the exact count the same way), so the degree distribution has the heavy tail news has — a few actors in
  hundreds of relations, most in three or four. Each link gets a relation
  the ontology allows between the two types (``SIGNATURES``, either way
  round), weighted towards the common ones (met, condemned, supports...).
- **Statements**: one per relation, plus a second or third for a quarter of
  them, each from one of ``entities // 5`` articles, with a sentence naming
  both sides, a confidence, a rule, and a date between 2015 and 2025 at day
  (70 %), month (20 %) or year (10 %) precision; a tenth of the statements
  take the article's date (``kg:dateFromArticle``).

The graph goes through kg's own writers (``kg.graph.add_article``,
``add_entities``, ``add_statements``), so IRIs, literals and datatypes are
those of a real build. Same seed, same graph.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from rdflib import Graph

from kg.extract.lexicon import SIGNATURES
from kg.graph import add_article, add_entities, add_statements, new_graph
from kg.model import Article, Entity, EntityType, Mention, Provenance, Statement

TYPE_SHARE = {EntityType.PERSON: 0.4, EntityType.ORGANIZATION: 0.3, EntityType.PLACE: 0.2,
              EntityType.COUNTRY: 0.1}
RELATION_WEIGHT = {  # a guess at how often news reports each: meetings and condemnations most
    "met": 8, "condemned": 5, "supports": 5, "visited": 4, "leader_of": 3, "official_of": 3, "member_of": 3,
    "signed_agreement_with": 3, "sanctioned": 2, "threatened": 2, "attacked": 2, "provided_aid_to": 2,
    "allied_with": 2, "located_in": 2, "deployed_forces_to": 1, "invaded": 1,
}
PHRASE = {  # how a sentence says each relation
    "leader_of": "{s}, the head of {o}, spoke on {d}",
    "official_of": "{s}, a senior official of {o}, said on {d}",
    "member_of": "{s}, a member of {o}, voted on {d}",
    "allied_with": "{s} and {o} renewed their alliance on {d}",
    "located_in": "{s}, in {o}, was quiet on {d}",
    "met": "{s} met {o} on {d}",
    "visited": "{s} visited {o} on {d}",
    "signed_agreement_with": "{s} signed an agreement with {o} on {d}",
    "supports": "{s} said on {d} that it backs {o}",
    "provided_aid_to": "{s} sent aid to {o} on {d}",
    "deployed_forces_to": "{s} deployed troops to {o} on {d}",
    "attacked": "{s} attacked {o} on {d}",
    "invaded": "{s} invaded {o} on {d}",
    "threatened": "{s} threatened {o} on {d}",
    "sanctioned": "{s} imposed sanctions on {o} on {d}",
    "condemned": "{s} condemned {o} on {d}",
}
SYLLABLES = ("ka", "vo", "rin", "ta", "le", "bu", "me", "ra", "li", "os", "un", "za", "dor", "mi", "ne", "fa",
             "gul", "she", "tro", "ya", "ben", "qi", "so", "lu", "har", "ie", "po", "ven", "ash", "ko")
FIRST_DAY, DAYS = date(2015, 1, 1), 11 * 365


@dataclass(frozen=True)
class SyntheticNews:
    """The graph, and what the tests need to know about it without reading it back."""

    graph: Graph
    entities: list[Entity]
    relations: list[tuple[Entity, str, Entity]]  # one per direct triple


def synthetic_graph(entities: int = 10_000, relations: int = 30_000, seed: int = 1) -> SyntheticNews:
    rng = random.Random(seed)
    people = _entities(entities, rng)
    links = _preferential_attachment(len(people), relations, rng)
    triples = [_relation(people[a], people[b], rng) for a, b in links]
    articles = [_article(i, rng) for i in range(max(1, entities // 5))]

    graph = new_graph()
    article_nodes = {article.id: add_article(graph, article) for article in articles}
    add_entities(graph, (Mention(0, 1, e.label, e) for e in people), _other_names(people, rng))
    add_statements(graph, _statements(triples, articles, rng), article_nodes)
    return SyntheticNews(graph, people, triples)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _entities(count: int, rng: random.Random) -> list[Entity]:
    kinds = rng.choices(list(TYPE_SHARE), weights=list(TYPE_SHARE.values()), k=count)
    made = []
    for number, kind in enumerate(kinds):
        label = {
            EntityType.PERSON: lambda: f"{_name(rng, 2)} {_name(rng, 3)}",
            EntityType.ORGANIZATION: lambda: rng.choice(("Union of {}", "{} Front", "{} Council", "Bank of {}"))
                                                .format(_name(rng, 3)),
            EntityType.PLACE: lambda: rng.choice(("Port {}", "{}", "{} Valley", "San {}")).format(_name(rng, 3)),
            EntityType.COUNTRY: lambda: rng.choice(("{}", "Republic of {}", "{}ia")).format(_name(rng, 2)),
        }[kind]() + f" {number}"  # the number keeps labels unique, so a search finds one entity
        qid = f"Q{100_000 + number}" if rng.random() < 0.2 else None
        made.append(Entity(key=f"wd:{qid}" if qid else f"{kind.value.lower()}:{label.lower()}", label=label,
                           type=kind, qid=qid))
    return made


def _other_names(entities: list[Entity], rng: random.Random) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for entity in entities:
        if rng.random() < 0.25:
            words = entity.label.split()
            names[entity.key] = {"".join(w[0] for w in words).upper(), f"{words[0]} ({entity.type.value})"}
            if rng.random() < 0.5:
                names[entity.key].add(entity.label.replace("k", "c").replace("y", "i"))
    return names


def _preferential_attachment(nodes: int, edges: int, rng: random.Random) -> list[tuple[int, int]]:
    """Barabási–Albert: each new node links to ``m`` earlier ones chosen in
    proportion to their degree (sampling from the list of edge ends)."""
    m = max(1, round(edges / nodes))
    ends: list[int] = list(range(m))  # the first m nodes start with one end each
    links: list[tuple[int, int]] = []
    for new in range(m, nodes):
        targets: set[int] = set()
        while len(targets) < m:
            targets.add(rng.choice(ends))
        for target in sorted(targets):
            links.append((new, target))
            ends.extend((new, target))
    seen = set(links)
    while len(links) < edges:  # top up to the exact count, still by degree
        a, b = rng.choice(ends), rng.choice(ends)
        if a != b and (a, b) not in seen and (b, a) not in seen:
            seen.add((a, b))
            links.append((a, b))
            ends.extend((a, b))
    return links[:edges]


def _relation(a: Entity, b: Entity, rng: random.Random) -> tuple[Entity, str, Entity]:
    fits = [(s, r, o) for r in RELATION_WEIGHT for s, o in ((a, b), (b, a))
            if s.type.value in SIGNATURES[r][0] and o.type.value in SIGNATURES[r][1]]
    return rng.choices(fits, weights=[RELATION_WEIGHT[r] for _, r, _ in fits])[0]


def _article(number: int, rng: random.Random) -> Article:
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    return Article(id=f"synthetic-{number:05d}.txt", source="synthetic", title=f"Synthetic article {number}",
                   text="", lang="en", date=day.isoformat(), content_hash=f"{number:016x}")


def _date(rng: random.Random) -> str:
    day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
    return rng.choices((day, day[:7], day[:4]), weights=(7, 2, 1))[0]


def _statements(triples: list[tuple[Entity, str, Entity]], articles: list[Article], rng: random.Random):
    for subject, relation, obj in triples:
        for _ in range(rng.choices((1, 2, 3), weights=(75, 18, 7))[0]):
            article = rng.choice(articles)
            from_article = rng.random() < 0.1
            when = article.date if from_article else _date(rng)
            sentence = PHRASE[relation].format(s=subject.label, o=obj.label, d=when) + "."
            start = rng.randrange(5000)
            yield Statement(subject, relation, obj, Provenance(
                article_id=article.id, sentence=sentence, char_start=start, char_end=start + len(sentence),
                date=when, confidence=round(rng.uniform(0.5, 0.9), 2), rule=f"synthetic:{relation}",
                date_from_article=from_article))

