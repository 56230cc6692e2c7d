"""Is a trigger asserted as fact? Negation, modality, conditions, denials.

"X a démenti avoir rencontré Y", "the EU could impose sanctions", "si Moscou
envahit…", "appelle Moscou à retirer ses troupes": each returns a reason,
and the statement is dropped.
"""
from __future__ import annotations

from spacy.tokens import Token

from .lexicon import Lexicon

NEGATION_DEPS = {"neg", "advmod", "advmod:neg", "det", "cc"}


def _negated(token: Token, lexicon: Lexicon) -> bool:
    for child in token.children:
        if child.dep_ in NEGATION_DEPS and child.lower_ in lexicon.negations:
            return True
        if child.lower_ in {"ne", "n'", "n’"} and child.dep_.startswith("advmod") and not _restrictive(token):
            return True
    return False


def _restrictive(verb: Token) -> bool:
    """"n'avoir visé que des bases": ne… que means "only", not "not"."""
    return any(t.lower_ in {"que", "qu'", "qu’"} and t.i > verb.i and t.dep_ in {"advmod", "mark", "cc", "fixed"}
               for t in verb.subtree)


def _conditional_mood(token: Token) -> bool:
    if "Cnd" in token.morph.get("Mood") or _french_conditional(token):
        return True
    return any("Cnd" in c.morph.get("Mood") or _french_conditional(c) for c in token.children if c.dep_.startswith("aux"))


# Conditional stems of irregular French verbs, by infinitive ending
# ("pouvoir" -> "pourrait", "maintenir" -> "maintiendrait").
IRREGULAR_CONDITIONAL = {"pouvoir": "pourr", "être": "ser", "avoir": "aur", "faire": "fer", "aller": "ir",
                         "vouloir": "voudr", "devoir": "devr", "venir": "viendr", "tenir": "tiendr", "voir": "verr",
                         "savoir": "saur", "falloir": "faudr", "valoir": "vaudr", "envoyer": "enverr",
                         "mourir": "mourr", "courir": "courr"}
CONDITIONAL_ENDINGS = ("rais", "rait", "raient", "rions", "riez")


def _french_conditional(token: Token) -> bool:
    """"envahirait", "attaquerait": the tagger often reads a French conditional
    as an imperfect. A conditional is the infinitive's stem plus -ait, -aient…
    ("tirerait"); an imperfect drops the -er ("tirait")."""
    if token.lang_ != "fr" or token.pos_ not in {"VERB", "AUX"}:
        return False
    form, lemma = token.lower_, token.lemma_.lower()
    if not form.endswith(CONDITIONAL_ENDINGS):
        return False
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    if len(form) > len(stem) and form.startswith(stem):
        return True
    for infinitive, conditional in IRREGULAR_CONDITIONAL.items():
        if lemma.endswith(infinitive):
            stem = lemma[:-len(infinitive)] + conditional
            return form.startswith(stem) and form[len(stem):] in {"ais", "ait", "aient", "ions", "iez"}
    return False


def why_not_asserted(trigger: Token, lexicon: Lexicon) -> str | None:
    """A short reason when the trigger's clause does not state a fact, else None."""
    node, below = trigger, None
    for _ in range(6):
        if _negated(node, lexicon):
            return f"negated ({node.text})"
        if _conditional_mood(node):
            return f"conditional mood ({node.text})"
        for child in node.children:
            if child.dep_ in {"aux", "aux:tense"} and child.lemma_.lower() in lexicon.modal_heads:
                return f"modal ({child.text})"
            if child.dep_ == "mark" and child.lower_ in lexicon.conditionals:
                return f"condition ({child.text})"
        # A head after the trigger is another clause's ("accused Islamabad…, a
        # charge Pakistan has denied"): the text still states the accusation.
        if node is not trigger and node.i < trigger.i and node.pos_ in {"VERB", "AUX", "ADJ"} \
                and _modal(node, below, lexicon):
            return f"under '{node.lemma_}'"
        if node.head is node or node.dep_ not in {"xcomp", "ccomp", "advcl", "conj", "acl", "obj", "dobj",
                                                  "obl", "obl:arg", "nmod", "pobj", "prep", "csubj", "attr", "oprd", "acomp",
                                                  "cop", "appos"}:
            break
        node, below = node.head, node
    return None


def _modal(head: Token, below: Token | None, lexicon: Lexicon) -> bool:
    """"pourrait", "a démenti"; "vise à", "tente de": some heads are modal only
    with the word that introduces the clause below them ("visé par" is not)."""
    lemma = head.lemma_.lower()
    if lemma in lexicon.modal_heads:
        return True
    marks = [c.lower_ for c in below.children if c.dep_ in {"mark", "case", "aux"}] if below is not None else []
    return any(f"{lemma} {mark}" in lexicon.modal_heads for mark in marks)
