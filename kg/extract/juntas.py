"""A junta as an actor of its own: "Niger's military leaders", "la junte malienne".

After a coup the military rulers act, are sanctioned and are condemned as
a body distinct from the state they seized. Where an article speaks of a
coup, a junta word with a country attached ("the junta in Niger", "les
putschistes nigériens", "Niger's military leaders") becomes one
Organization per country; a bare "the junta" is the one named last.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..model import Entity, EntityType, Mention
from ..nlp import doc_words
from .syntax import case_of, phrase

# Prepositions that place a junta in its country: "in Niger", "au Mali", "à Niamey".
PLACING = {"in", "au", "à", "en", "of", "de", "du"}


def junta_entity(country: Entity) -> Entity:
    tail = country.qid or country.key
    return Entity(f"junta:{tail}", f"{country.label} junta", EntityType.ORGANIZATION)


def with_juntas(doc: Doc, mentions: list[Mention], heads: frozenset[str], ruling: frozenset[str],
                coup_words: frozenset[str]) -> list[Mention]:
    """The mentions, with junta phrases replacing the country words inside them.

    ``heads`` name a junta alone ("junta", "putschistes"); ``ruling`` nouns
    need a military modifier ("military leaders", "dirigeants militaires");
    ``coup_words`` must occur in the article for any of this to apply.
    """
    text = doc_words(doc)
    if coup_words.isdisjoint(text.lemma) and coup_words.isdisjoint(text.lower):
        return mentions
    at = {i: m for m in mentions for i in range(m.start, m.end)}
    replaced: set[int] = set()  # start offsets of mentions swallowed by a junta phrase
    extra: list[Mention] = []
    last: Entity | None = None
    states: dict[str, Entity] = {}
    either = heads | ruling
    for i in range(len(doc)):
        if text.lemma[i] not in either and text.lower[i] not in either:
            continue
        token = doc[i]
        if not _junta_word(token, heads, ruling):
            continue
        country = _country_of(token, at)
        if country is not None:
            last = junta_entity(country.actor)
            states[last.key] = country.actor
            tokens = [token.i, country.start, country.end - 1]
            tokens += [c.i for c in token.children if c.dep_ in {"amod", "compound"} and c.i < token.i]
            start, end = min(tokens), max(tokens) + 1
            if any(at.get(i) is not None and at[i] is not country for i in range(start, end)):
                start, end = token.i, token.i + 1  # another name lies between: keep the word alone
            else:
                replaced.add(country.start)
        elif last is not None and token.i not in at:
            start, end = token.i, token.i + 1
        else:
            continue
        # The junta acts for the state it holds ("la junte malienne a signé…");
        # where the text condemns the coup itself, the junta is the target.
        extra.append(Mention(start, end, doc[start:end].text, last, stands_for=states[last.key]))
    kept = [m for m in mentions if m.start not in replaced]
    spans = [(m.start, m.end) for m in extra]
    kept = [m for m in kept if not any(s <= m.start < e for s, e in spans)]
    return sorted(kept + extra, key=lambda m: m.start)


def _junta_word(token: Token, heads: frozenset[str], ruling: frozenset[str]) -> bool:
    lemma = token.lemma_.lower()
    if lemma in heads or token.lower_ in heads:
        return True
    if lemma in ruling or token.lower_ in ruling:
        return any(c.lemma_.lower() in {"military", "militaire", "coup"} for c in token.children
                   if c.dep_ in {"amod", "compound"})
    return False


def _country_of(token: Token, at: dict[int, Mention]) -> Mention | None:
    candidates: Iterable[Token] = list(phrase(token))
    candidates += [c for c in token.children if case_of(c) in PLACING
                   or (c.dep_ == "prep" and c.lower_ in PLACING)]
    candidates += [g for c in token.children if c.dep_ == "prep" and c.lower_ in PLACING for g in c.children]
    for candidate in candidates:
        mention = at.get(candidate.i)
        if mention is not None and mention.actor.type is EntityType.COUNTRY:
            return mention
    return None
