"""References to people and states that do not name them.

News names an actor once and then refers back: "he", "elle", "the
Ukrainian president", "le chef de la diplomatie russe", "the two leaders",
"les deux pays". Each pass here adds anaphor mentions pointing at an entity
already named in the article, so the trigger rules see the actor.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from ..model import Entity, EntityType, Mention
from ..nlp import doc_words, sentences
from .syntax import phrase

SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass"}
# French verbs whose "il" is impersonal: "il faut", "il s'agit", "il semble".
IMPERSONAL = {"falloir", "agir", "sembler", "paraître", "rester", "exister", "suffire", "manquer", "pleuvoir", "valoir"}
LOOKBACK_SENTENCES = 3
HONORIFIC_HEADS = {"m.", "mme", "mr", "mrs", "ms", "dr"}


def _taken(mentions: Iterable[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def pronoun_mentions(doc: Doc, mentions: list[Mention], pronouns: frozenset[str]) -> list[Mention]:
    """A subject "he", "she", "il", "elle" is the person the text is about:
    the last one named earlier in the sentence, else the last subject that
    was a person in the sentences before, else the last person named."""
    taken = _taken(mentions)
    people = sorted((m for m in mentions if m.entity.type is EntityType.PERSON), key=lambda m: m.start)
    spans = sentences(doc)
    sentence_of = {i: n for n, s in enumerate(spans) for i in range(s.start, s.end)}
    extra = []
    for i, word in enumerate(doc_words(doc).lower):
        if word not in pronouns:
            continue
        token = doc[i]
        if token.dep_ not in SUBJECT_DEPS or token.i in taken or _impersonal(token):
            continue
        here = sentence_of[token.i]
        before = [m for m in people if m.start < token.i and sentence_of[m.start] >= here - LOOKBACK_SENTENCES]
        # "Arrivé d'Israël, où il avait été accueilli…, M. Trump s'est entretenu":
        # a pronoun in a clause set before the main one names the main clause's subject.
        main = _main_subject_after(doc, token, people, spans[here]) if _subordinate(token) else None
        if main is None and not before:
            continue
        same_sentence = [m for m in before if sentence_of[m.start] == here]
        subjects = [m for m in before if sentence_of[m.start] < here and _is_subject(doc, m)]
        antecedent = main or (same_sentence or subjects or before)[-1]
        extra.append(Mention(token.i, token.i + 1, token.text, antecedent.entity, anaphor=True))
    return sorted(mentions + extra, key=lambda m: m.start)


def _subordinate(token: Token) -> bool:
    node = token
    for _ in range(8):
        if node.dep_ in {"advcl", "acl", "acl:relcl", "relcl"}:
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _main_subject_after(doc: Doc, token: Token, people: list[Mention], sentence) -> Mention | None:
    root = sentence.root
    for mention in people:
        if not token.i < mention.start < sentence.end:
            continue
        for t in doc[mention.start:mention.end]:
            # "M. Trump s'est entretenu": the parser makes "M." the subject, the name its part.
            head = t.head if t.head.lower_ in HONORIFIC_HEADS else t
            if head.dep_ in SUBJECT_DEPS and head.head.i == root.i:
                return mention
    return None


def _impersonal(token: Token) -> bool:
    verb = token.head
    if verb.lemma_.lower() in IMPERSONAL:
        return True
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_ in {"y", "y'"}


def _is_subject(doc: Doc, mention: Mention) -> bool:
    return any(t.dep_ in SUBJECT_DEPS for t in doc[mention.start:mention.end])


def title_mentions(doc: Doc, mentions: list[Mention], titles: list[tuple[tuple[str, ...], str]],
                   offices: dict[tuple[str, str], list[tuple[str, Entity]]],
                   known_holder: Callable[[str, str, Entity], Entity | None] = lambda *_: None,
                   ) -> tuple[list[Mention], list[tuple[Mention, str, str, Entity]]]:
    """"le dirigeant nord-coréen", "the Ukrainian president": an office with
    its state but no name is the person the article gave that office to.

    ``titles`` are the lexicon's offices as word tuples with their relation;
    ``offices`` maps (relation, state or organisation key) to the (title,
    person) pairs found next to names in this article. Returns the mentions
    and, for each new one, the office it states (mention, relation, title,
    holder): "le dirigeant vénézuélien" says who leads Venezuela.
    """
    stated = []
    taken = _taken(mentions)
    index = {i: m for m in mentions for i in range(m.start, m.end)}
    extra = []
    covered: set[int] = set()  # words of a longer office already read ("Premier ministre")
    lowered = doc_words(doc).lower
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for office, relation in titles:  # longest first, kept so within each first word
        by_first.setdefault(office[0], []).append((office, relation))
    for start in range(len(doc)):
        found = _title_at(lowered, start, by_first) if start not in covered else None
        if found is None:
            continue
        office, relation = found
        span = range(start, start + len(office))
        covered.update(span)
        # The office's head word: the one whose head lies outside the office's words.
        token = next((doc[i] for i in span if doc[i].head.i not in span), doc[start])
        if token.i in taken or token.pos_ not in {"NOUN", "PROPN"} or "Plur" in token.morph.get("Number"):
            continue  # "ECOWAS leaders" are a group, not the one leader named before
        if _next_to_a_name(doc, token, index):
            continue
        holders = [index[t.i] for t in phrase(token) if t.i in index]
        if any(m.entity.type is EntityType.PERSON for m in holders):
            continue
        for holder in (m.actor for m in holders if m.actor.type in {EntityType.COUNTRY, EntityType.ORGANIZATION}):
            people = offices.get((relation, holder.key), [])
            exact = {p.key: p for t, p in people if t == " ".join(office)}
            candidates = exact or {p.key: p for _, p in people}
            person = next(iter(candidates.values())) if len(candidates) == 1 else None
            if person is None and not candidates:
                # Not named in this article: the office's holder in the gazetteer.
                person = known_holder(relation, " ".join(office), holder)
            if person is not None:
                mention = Mention(token.i, token.i + 1, token.text, person, anaphor=True)
                extra.append(mention)
                stated.append((mention, relation, " ".join(office), holder))
                break
    return sorted(mentions + extra, key=lambda m: m.start), stated


def _title_at(lowered: list[str], i: int, by_first: dict[str, list[tuple[tuple[str, ...], str]]],
              ) -> tuple[tuple[str, ...], str] | None:
    """The longest office whose words start at word ``i`` (offices indexed by their first word)."""
    for words, relation in by_first.get(lowered[i], ()):
        if tuple(lowered[i:i + len(words)]) == words:
            return words, relation
    return None


def _next_to_a_name(doc: Doc, token: Token, index: dict[int, Mention]) -> bool:
    """Is the title part of "le président ukrainien Volodymyr Zelensky", "la
    ministre de la RDC, Thérèse Kayikwamba Wagner" or "Zelensky, the
    Ukrainian president"? Then the name is its own mention."""
    words = [t.i for t in phrase(token)]
    start, end = min(words), max(words)
    while start > 0 and doc[start - 1].pos_ == "DET":
        start -= 1

    def named(j: int) -> bool:
        return 0 <= j < len(doc) and index.get(j) is not None and index[j].entity.type is EntityType.PERSON \
            and not index[j].anaphor

    after = end + 2 if end + 1 < len(doc) and doc[end + 1].text == "," else end + 1
    before = start - 2 if start > 0 and doc[start - 1].text == "," else start - 1
    # "le Premier ministre thaïlandais par intérim Phumtham": a short qualifier between.
    soon = range(after, min(after + 3, len(doc)))
    return named(before) or any(named(j) for j in range(start, end + 1)) \
        or any(named(j) and not any(doc[k].pos_ in {"VERB", "AUX"} or doc[k].is_punct for k in range(after, j))
               for j in soon)


def pair_mentions(doc: Doc, mentions: list[Mention], numerals: frozenset[str],
                  person_nouns: frozenset[str], state_nouns: frozenset[str],
                  eligible: Callable[[Entity, str], bool] = lambda *_: True) -> list[Mention]:
    """"the two leaders", "les deux pays": the last two people or states named
    (people ``eligible`` for the noun: "both presidents" are two leaders)."""
    taken = _taken(mentions)
    extra = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, word in enumerate(doc_words(doc).lower):
        if word not in numerals or i + 1 >= len(doc):
            continue
        token, noun = doc[i], doc[i + 1]
        lemma = noun.lemma_.lower()
        if noun.i in taken or token.i in taken:
            continue
        alone = token.dep_ in SUBJECT_DEPS and token.i > 0 and doc[token.i - 1].lower_ in {"the", "les"}
        if alone:
            # "The two were then joined by…": the numeral is the noun phrase.
            noun, lemma = token, "leaders"
        if lemma in person_nouns or noun.lower_ in person_nouns or alone:
            wanted = {EntityType.PERSON}
        elif lemma in state_nouns or noun.lower_ in state_nouns:
            wanted = {EntityType.COUNTRY}
        else:
            continue
        before = [m for m in reversed(ordered) if m.start < token.i and m.actor.type in wanted
                  and (m.actor.type is not EntityType.PERSON or eligible(m.actor, lemma))]
        # The two people a text goes on about are the core of its clauses, not
        # those named in passing ("a meeting with Putin").
        last_two: list[Entity] = []
        for pool in ([m for m in before if _core(doc, m)], before):
            last_two = []
            for m in pool:
                if all(e.key != m.actor.key for e in last_two):
                    last_two.append(m.actor)
                if len(last_two) == 2:
                    break
            if len(last_two) == 2:
                break
        if len(last_two) == 2 and noun.i == token.i:
            # One token, two people: the determiner carries the second ("The two").
            determiner = doc[token.i - 1]
            extra.append(Mention(determiner.i, determiner.i + 1, determiner.text, last_two[1], anaphor=True))
            extra.append(Mention(token.i, token.i + 1, token.text, last_two[0], anaphor=True))
        elif len(last_two) == 2:
            extra.append(Mention(token.i, token.i + 1, token.text, last_two[1], anaphor=True))
            extra.append(Mention(noun.i, noun.i + 1, noun.text, last_two[0], anaphor=True))
    return sorted(mentions + extra, key=lambda m: m.start)


def _core(doc: Doc, mention: Mention) -> bool:
    """A subject or object of its clause, not a prepositional complement; a
    demonym counts as the noun it qualifies ("le Premier ministre thaïlandais")."""
    head = max(doc[mention.start:mention.end], key=lambda t: t.head.i < mention.start or t.head.i >= mention.end)
    if mention.demonym and head.dep_ == "amod":
        head = head.head
    return head.dep_ in {"nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj", "iobj", "ROOT", "conj", "appos"}


POSSESSORS = {"his", "her", "their", "whose", "son", "sa", "leur", "dont"}


def possessive_country_mentions(doc: Doc, mentions: list[Mention], nouns: frozenset[str],
                                homes: dict[str, set[str]], countries: dict[str, Entity]) -> list[Mention]:
    """"Stubb, whose country joined NATO", "son pays", "dont le pays": the state of
    the person the possessive points to, when the article or gazetteer gives one."""
    taken = _taken(mentions)
    people = sorted((m for m in mentions if m.entity.type is EntityType.PERSON), key=lambda m: m.start)
    extra = []
    text = doc_words(doc)
    for i, lemma in enumerate(text.lemma):
        if i in taken or lemma not in nouns:
            continue
        token = doc[i]
        if "Plur" in token.morph.get("Number"):
            continue
        window = text.lower[max(0, i - 2):i]
        if not any(w in POSSESSORS for w in window):
            continue
        before = [m for m in people if m.start < token.i and token.i - m.start < 40]
        if not before:
            continue
        states = [countries[k] for k in homes.get(before[-1].entity.key, ()) if k in countries]
        if len(states) == 1:
            extra.append(Mention(token.i, token.i + 1, token.text, states[0], anaphor=True))
    return sorted(mentions + extra, key=lambda m: m.start)
