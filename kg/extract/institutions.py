"""A state's institutions as entities: "l'armée thaïlandaise", "Russia's defence ministry".

An army or a ministry is an Organization of its own in the graph (with its
names, so a user can find it), but it acts for its state: its mentions
stand for the country, as a capital does, so relations stay on the state.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Entity, EntityType, Mention
from ..nlp import doc_words
from .syntax import phrase


def institution_entity(kind: str, country: Entity) -> Entity:
    tail = country.qid or country.key
    return Entity(f"institution:{kind.replace(' ', '_')}:{tail}", f"{country.label} {kind}", EntityType.ORGANIZATION)


def with_institutions(doc: Doc, mentions: list[Mention], kinds: dict[str, dict[str, list[str]]]) -> list[Mention]:
    """Mentions with "<institution> <state>" phrases as institution mentions.

    ``kinds`` maps an institution kind ("armed forces") to its ``heads``
    (nouns that name it) and, optionally, ``needs`` (words one of which the
    phrase must hold: "défense" for a ministry).
    """
    at = {i: m for m in mentions for i in range(m.start, m.end)}
    replaced: set[int] = set()
    extra: list[Mention] = []
    heads = {head for spec in kinds.values() for head in spec["heads"]}
    text = doc_words(doc)
    for i in range(len(doc)):
        if i in at or (text.lower[i] not in heads and text.lemma[i] not in heads):
            continue
        token = doc[i]
        kind = _kind(token, kinds)
        if kind is None:
            continue
        words = sorted(phrase(token), key=lambda t: t.i)
        countries = [at[t.i] for t in words if t.i in at and at[t.i].actor.type is EntityType.COUNTRY]
        if not countries or any(t.i in at and at[t.i].entity.type is EntityType.PERSON for t in words):
            continue
        country = countries[0]
        start = min(token.i, country.start)
        end = max(token.i + 1, country.end)
        if any(i in at and at[i] is not country for i in range(start, end)) or end - start > 8:
            continue
        replaced.add(country.start)
        entity = institution_entity(kind, country.actor)
        extra.append(Mention(start, end, doc[start:end].text, entity, stands_for=country.actor))
    kept = [m for m in mentions if m.start not in replaced]
    return sorted(kept + extra, key=lambda m: m.start)


def _kind(token: Token, kinds: dict[str, dict[str, list[str]]]) -> str | None:
    lemma, lower = token.lemma_.lower(), token.lower_
    for kind, spec in kinds.items():
        if lemma in spec["heads"] or lower in spec["heads"]:
            needs = spec.get("needs")
            if needs and not any(t.lower_ in needs or t.lemma_.lower() in needs for t in phrase(token)):
                continue
            return kind
    return None
