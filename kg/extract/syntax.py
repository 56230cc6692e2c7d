"""Dependency-tree questions both languages' parses can answer.

French models use Universal Dependencies labels (nsubj, obj, obl, nmod,
case); English ones ClearNLP labels (nsubj, dobj, prep, pobj, agent). These
helpers hide the difference from the rules.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECTS = {"nsubj", "csubj", "nsubj:pass", "nsubjpass", "expl:subj"}
PASSIVE_SUBJECTS = {"nsubj:pass", "nsubjpass"}
OBJECTS = {"obj", "dobj", "attr"}
# Clauses that start a new proposition: their words are not the argument's.
CLAUSES = {"acl:relcl", "relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "acl", "punct", "mark", "cc"}
# Verbs that pass their subject on: control, purpose, coordination.
SUBJECT_SHARING = {"xcomp", "advcl", "conj", "acl", "ccomp", "advcl:cleft"}
RELATIVE_PRONOUNS = {"qui", "que", "lequel", "laquelle", "who", "which", "that", "whom"}


# French verbs whose compound past takes "être": "est arrivé" is not a passive.
ETRE_VERBS = {"arriver", "venir", "revenir", "partir", "repartir", "aller", "entrer", "rentrer", "rester", "devenir",
              "tomber", "retourner", "descendre", "monter", "passer", "sortir", "parvenir", "intervenir", "survenir"}


def is_passive(verb: Token) -> bool:
    if verb.lemma_.lower() in ETRE_VERBS and not any(c.dep_ == "obl:agent" for c in verb.children):
        return False
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ in {"aux:pass", "auxpass"} for c in verb.children)


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("X, Y et Z"), whichever
    of them the parser made the head."""
    return [token, *[t for t in token.conjuncts if t.i != token.i]]


def case_of(token: Token) -> str | None:
    """The preposition introducing a UD nominal ("à" in "à Pyongyang")."""
    cases = [c for c in token.children if c.dep_ in {"case", "mark"} and c.i < token.i]
    if not cases:
        return None
    first = cases[0]
    words = [first.lower_] + [f.lower_ for f in first.children if f.dep_ == "fixed"]
    return " ".join(words).replace("’", "'")


# French contractions: "du" is "de le", "au" is "à le".
CONTRACTIONS = {"du": "de", "des": "de", "d'": "de", "d’": "de", "au": "à", "aux": "à"}


def same_preposition(found: str, wanted: str) -> bool:
    """ "du président" answers a rule asking for "de"; "au Niger" one asking for "à"."""
    return found == wanted or CONTRACTIONS.get(found, found) == CONTRACTIONS.get(wanted, wanted)


def prep_args(head: Token) -> Iterator[tuple[str, Token]]:
    """(preposition, nominal) pairs hanging from ``head`` in either scheme."""
    for child in head.children:
        if child.dep_ in {"prep", "agent"}:  # English: head -prep-> with -pobj-> X
            prep = "by" if child.dep_ == "agent" else child.lower_
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    yield prep, obj
        elif child.dep_.split(":")[0] in {"obl", "nmod", "iobj", "conj", "appos", "dep"}:
            prep = case_of(child)
            if prep:
                yield prep, child
        if child.dep_ == "dative":
            yield "iobj", child


def subject_of(verb: Token, depth: int = 0) -> list[Token]:
    """The agent of a verb: its subject, or in the passive its "par/by" phrase.

    A verb without one borrows it from the verb it depends on ("a accepté de
    signer", "met X to sign"), and a relative pronoun stands for its noun.
    """
    if is_passive(verb):
        agents = [t for p, t in prep_args(verb) if p in {"par", "by"}]
        return agents
    for child in verb.children:
        if child.dep_ in SUBJECTS - PASSIVE_SUBJECTS or (child.dep_ in PASSIVE_SUBJECTS and not is_passive(verb)):
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ in {"acl:relcl", "relcl"}:
                return [verb.head]
            return [child]
    if _gerund(verb):
        # "…, tout en consolidant son alliance": the subject of the clause it modifies.
        clause = governing_verb(verb)
        return subject_of(clause, depth + 1) if clause is not None and depth < 4 else []
    if verb.dep_ in {"acl", "acl:relcl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        return [verb.head]  # a participle's noun is its subject: "the troops sent to…"
    if depth < 4 and verb.dep_ in SUBJECT_SHARING | {"pcomp", "obl", "obl:mod", "nmod"} and verb.head is not verb:
        head = verb.head
        if head.pos_ == "ADP" and head.head is not head:  # "after unveiling": the verb above "after"
            head = head.head
        if head.pos_ in {"NOUN", "PROPN"} and verb.dep_ == "pcomp":
            # "on a surprise visit after unveiling…": the clause the noun is in.
            head = governing_verb(head) or head
        # "était présent et a rencontré M. Trump": a predicate adjective or noun has the subject.
        if head.pos_ in {"VERB", "AUX"} or any(c.dep_ in SUBJECTS for c in head.children):
            return subject_of(head, depth + 1)
    return []


def _gerund(verb: Token) -> bool:
    """French "en + participe présent", which shares the main clause's subject."""
    return "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense") \
        and any(c.lower_ == "en" and c.i < verb.i for c in verb.children)


def objects_of(verb: Token) -> list[Token]:
    if is_passive(verb):
        return [c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS]
    return [c for c in verb.children if c.dep_ in OBJECTS]


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a noun: the clause the noun is part of."""
    node = token
    for _ in range(8):
        if node.head is node:
            return node if node.pos_ in {"VERB", "AUX"} else None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


# Prepositions that keep a complement inside the noun phrase's reference:
# "la région de Koursk", "the capital of Kyiv", "les dirigeants du Niger".
GENITIVES = {"de", "du", "des", "d'", "of"}


def phrase(token: Token) -> Iterator[Token]:
    """The words of a noun phrase: its modifiers, names and genitives, not
    clauses or other prepositional phrases hanging from it ("the country
    locked in conflict with Russia" is the country, not Russia)."""
    yield token
    for child in token.children:
        if child.dep_ in CLAUSES:
            continue
        if child.dep_ == "prep" and child.lower_ not in GENITIVES:
            continue
        if child.dep_.split(":")[0] in {"nmod", "obl"}:
            case = case_of(child)
            if case is not None and case not in GENITIVES:
                continue
        yield from phrase(child)


def event_nouns(trigger: Token, verbal: bool) -> list[Token]:
    """The nouns a trigger is about: a verb's objects, a noun's "de/of" complements."""
    if verbal:
        heads = objects_of(trigger) + [t for p, t in prep_args(trigger) if p in {"contre", "against", "à"}]
    else:
        heads = [t for p, t in prep_args(trigger) if same_preposition(p, "de") or p == "of"]
    return [c for h in heads for c in conjuncts(h)]


LOCATIVES = {"in", "at", "à", "dans", "en", "au", "aux"}


def locations(trigger: Token) -> list[tuple[str, Token]]:
    """Where an event happened: "in/at/à/dans" phrases on the trigger or, for a
    noun, on the verb it depends on ("lors d'une rencontre à Wonsan")."""
    heads = [trigger]
    if trigger.pos_ in {"NOUN", "PROPN"}:
        verb = governing_verb(trigger)
        if verb is not None:
            heads.append(verb)
    return [(p, t) for h in heads for p, t in prep_args(h) if p in LOCATIVES]
