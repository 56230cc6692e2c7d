"""Verbal and nominal trigger rules: a lexicon word and its arguments.

For each token whose lemma is a rule's verb or noun, the rule's roles say
where its subject and object are (see the header of lexicons/fr.toml);
each role yields tokens, and the mentions inside those tokens' phrases are
the arguments.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..model import EntityType, Mention
from ..nlp import doc_words
from .lexicon import Lexicon, Rule
from .syntax import (
    GENITIVES,
    RELATIVE_PRONOUNS,
    case_of,
    conjuncts,
    governing_verb,
    objects_of,
    phrase,
    prep_args,
    same_preposition,
    subject_of,
)

# Which mentions win inside one phrase: "le président colombien Gustavo Petro"
# is Petro, not Colombia; "soldats nord-coréens" is North Korea.
RANK = {EntityType.PERSON: 0, EntityType.ORGANIZATION: 1, EntityType.COUNTRY: 2, EntityType.PLACE: 2}


@dataclass(frozen=True)
class Match:
    """A rule fired on a trigger: the arguments it found, and how."""

    rule: Rule
    trigger: Token
    subjects: tuple[Mention, ...]
    objects: tuple[Mention, ...]
    via: str  # which roles supplied the arguments, for explain and confidence

    @property
    def coordinated_subjects(self) -> tuple[Mention, ...]:
        """The subjects that are coordinated or in apposition ("X et Y ont signé",
        "Rubio, qui a reçu X, et Y"), not those nested in a complement
        ("Azerbaijan, an ally of Turkey, welcomed…")."""
        roots: dict[int, list[Mention]] = {}
        for mention in self.subjects:
            token = _mention_head(self.trigger.doc, mention)
            while token.dep_ in {"conj", "appos", "flat", "flat:name", "nummod"} and token.head is not token:
                token = token.head
            roots.setdefault(token.i, []).append(mention)
        best = max(roots.values(), key=len, default=[])
        return tuple(best) if len(best) > 1 else ()


class MentionIndex:
    """Mentions of one document, by token."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions
        self.at: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.at[i] = mention
        self._starts = sorted(m.start for m in mentions)
        self._ends = sorted(m.end for m in mentions)

    def count_in(self, start: int, end: int) -> int:
        """How many mentions overlap the tokens start..end (end excluded, end > start)."""
        return bisect_left(self._starts, end) - bisect_right(self._ends, start)

    def in_tokens(self, tokens) -> list[Mention]:
        seen: dict[int, Mention] = {}
        for token in tokens:
            mention = self.at.get(token.i)
            if mention is not None:
                seen.setdefault(mention.start, mention)
        return [seen[k] for k in sorted(seen)]


TRIGGER_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})  # what a trigger word can be


class TriggerRules:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.event_nouns = lexicon.event_nouns
        # Verbs that speak of an act rather than do it: their subject is not its agent.
        self.judging_verbs = frozenset(v for rule in lexicon.rules if rule.relation == "condemned"
                                       for v in rule.verbs)
        self.by_verb: dict[str, list[Rule]] = {}
        self.by_noun: dict[str, list[Rule]] = {}
        for rule in lexicon.rules:
            for verb in rule.verbs:
                self.by_verb.setdefault(verb, []).append(rule)
            for noun in rule.nouns:
                self.by_noun.setdefault(noun, []).append(rule)

    def __call__(self, sentence: Span, index: MentionIndex) -> Iterator[Match]:
        # Arguments are mentions found through the sentence's own parse tree.
        mentions_in = index.count_in(sentence.start, sentence.end)
        if not mentions_in:
            return
        doc, text = sentence.doc, doc_words(sentence.doc)
        for i in range(sentence.start, sentence.end):
            pos = text.pos[i]
            if pos not in TRIGGER_POS:
                continue
            lemma = text.lemma[i]
            if pos in {"VERB", "AUX"} or (pos == "NOUN" and lemma in self.by_verb and lemma not in self.by_noun):
                rules = self.by_verb.get(lemma, [])
                verbal = True
            else:  # a noun or a proper noun
                rules = self.by_noun.get(lemma, []) or self.by_noun.get(text.lower[i], [])
                verbal = False
            token = doc[i] if rules else None
            for rule in rules:
                if rule.needs and not self._has_needed(token, rule, verbal):
                    continue
                if rule.clause_needs and not _clause_has(token, rule.clause_needs):
                    continue
                subjects, s_via = self._role(token, rule.subject, verbal, index)
                # A mention that is the subject is not also the object ("le soutien de Paris").
                objects, o_via = self._role(token, rule.object, verbal, index, {m.start for m in subjects}) \
                    if len(subjects) < mentions_in else ([], "-")
                if subjects or objects:
                    yield Match(rule, token, tuple(subjects), tuple(objects), f"{s_via}>{o_via}")

    def _has_needed(self, token: Token, rule: Rule, verbal: bool) -> bool:
        heads = objects_of(token) if verbal else [token]
        if verbal and not heads and token.dep_ in {"acl", "acl:relcl", "relcl"}:
            heads = [token.head]  # "le groupe paramilitaire Wagner, déployé au Mali"
        words = {t.lemma_.lower() for h in heads for t in phrase(h)} | {t.lower_ for h in heads for t in phrase(h)}
        return bool(words & rule.needs)

    def _role(self, token: Token, roles: tuple[str, ...], verbal: bool, index: MentionIndex,
              taken: set[int] = frozenset()) -> tuple[list[Mention], str]:
        """The first role in ``roles`` that yields mentions (other than ``taken`` ones), and its name."""
        for role in roles:
            if role == "obj_nationality":  # "soldats nord-coréens envoyés": the troops' state sent them
                heads = [h for o in objects_of(token) for h in conjuncts(o)]
                found = [m for m in self._mentions_plain(heads, index)
                         if m.actor.type is EntityType.COUNTRY]
            elif role == "subj" and verbal and _relative_subject(token):
                # "…, le général Tiani et le capitaine Traoré, qui dirige le Burkina Faso":
                # the relative clause is about its own noun, not the whole list.
                found = _best(self._mentions_plain(subject_of(token), index))
            else:
                found = self._mentions(self._role_tokens(token, role, verbal), index)
            if role == "appos_head":  # the head's own words, not the apposition the trigger is in
                own = {t.i for t in token.subtree}
                found = [m for m in found if m.start not in own]
            found = [m for m in found if m.start not in taken]
            if found:
                return found, role
        return [], "-"

    def _role_tokens(self, token: Token, role: str, verbal: bool) -> list[Token]:
        if role == "subj":
            return subject_of(token) if verbal else []
        if role == "obj":
            return objects_of(token) if verbal else []
        if role == "iobj":
            return [t for p, t in prep_args(token) if p == "iobj"] + [c for c in token.children if c.dep_ == "iobj"]
        if role == "obj_with":  # "provide Ukraine with drones": the recipient is the object
            return objects_of(token) if any(p == "with" for p, _ in prep_args(token)) else []
        if role.startswith("prep:"):
            wanted = role[5:]
            # "sanctions imposed on X": the participle carries the complement.
            heads = [token] + [c for c in token.children if c.dep_ in {"acl", "acl:relcl", "relcl"} and c.pos_ == "VERB"]
            if not verbal:
                heads += _attachment_neighbours(token, wanted)
            else:
                # "launched missiles at Al Udeid": "at" hangs from the object.
                heads += objects_of(token)
            if verbal:
                # Parsers hang "à Moscou" under a bare time noun ("s'est rendu lundi à Moscou").
                heads += [c for c in token.children if c.pos_ == "NOUN" and c.dep_ in {"xcomp", "obl:mod", "npadvmod", "obl"}
                          and case_of(c) is None]
                # "s'est entretenu au téléphone avec M. Hun Manet": "avec" hangs from "téléphone".
                heads += [c for c in token.children if c.pos_ == "NOUN" and c.dep_.startswith("obl") and case_of(c) is not None]
            found = [t for h in heads for p, t in prep_args(h) if same_preposition(p, wanted)]
            # "struck near the palace in Damascus", "strikes on sites across Syria": where it happened.
            found += [a for t in found for p, a in prep_args(t) if p in LOCATIVE_PREPOSITIONS]
            return found
        if role == "agent":
            return self._noun_agent(token) if not verbal else []
        if role == "governor":
            if verbal:
                return []
            verb = governing_verb(token)
            if verb is None or verb.lemma_.lower() in self.judging_verbs:
                # "Sharif denounced the strikes": who denounces an act did not commit it.
                return []
            if token.dep_ in {"oprd", "xcomp"} and objects_of(verb):
                # "Blinken declared Finland the 31st member": the object is the member.
                return objects_of(verb)
            return subject_of(verb)
        if role == "resister":  # "Ukraine fought to repel a Russian invasion"
            verb = None if verbal else governing_verb(token)
            if verb is not None and verb.lemma_.lower() in self.lexicon.resist_verbs:
                return subject_of(verb)
            return []
        if role == "ccomp":  # "warned that the corridor would become a graveyard for Trump's mercenaries"
            return [t for c in token.children if c.dep_ == "ccomp" for t in c.subtree]
        if role == "appos_head":  # "Moscou, principal soutien de la junte"; "la Turquie, alliée de Bakou"
            if verbal:
                return []
            # "Britain and France, two of Kyiv's closest allies": up through "two of".
            node = token
            for _ in range(3):
                # (The parser often reads "X, principal allié de Y" as a coordination.)
                if node.dep_ == "appos" or (node.dep_ == "conj" and node.head.pos_ == "PROPN"
                                            and node.i > 0 and node.doc[node.head.i + 1].text == ","):
                    return [node.head]
                if node.dep_ not in {"pobj", "prep", "nmod", "case"} or node.head is node:
                    break
                node = node.head
            # "L'Azerbaïdjan, principal allié de la Turquie, a salué…" parsed with the
            # trigger as the subject: the name just before its comma.
            doc, i = token.doc, token.i - 1
            while i > 0 and doc[i].pos_ in {"DET", "ADJ", "ADV", "NUM"}:
                i -= 1
            if i >= 1 and doc[i].text == "," and doc[i - 1].pos_ == "PROPN":
                return [doc[i - 1]]
            return []
        if role == "governor_obj":  # "a assuré M. Maduro de son soutien"
            verb = None if verbal else governing_verb(token)
            return [o for o in objects_of(verb) if o.i != token.i] if verb is not None else []
        if role == "relative":
            # "the Gulf Cooperation Council, of which Qatar is a member"; "dont … sont membres".
            verb = token if verbal else governing_verb(token)
            if verb is not None and verb.dep_ in {"acl:relcl", "relcl"} \
                    and any(t.lower_ in {"dont", "which", "whose", "duquel", "desquels", "auquel"} for t in verb.subtree):
                return [verb.head]
            return []
        if role == "xcomp":
            return [t for c in token.children if c.dep_ in {"xcomp", "ccomp"}
                    for t in objects_of(c) + [a for _, a in prep_args(c)]]
        if role == "parties":
            # "the UK-Ukraine Agreement", "l'accord russo-ukrainien": names modifying the accord.
            return [m for o in objects_of(token) for m in o.children if m.dep_ in {"compound", "amod"}]
        return []

    def _noun_agent(self, noun: Token) -> list[Token]:
        """Who does what a noun names: "son soutien", "l'offensive russe",
        "Russia's invasion", "l'invasion de l'Ukraine par la Russie"."""
        agents = [t for p, t in prep_args(noun) if p in {"par", "by"}]
        # "l'attaque menée par la Russie": the agent hangs from the participle;
        # "l'invasion du Panama par les États-Unis": from the noun's complement.
        agents += [t for c in noun.children if c.dep_ in {"acl", "acl:relcl", "relcl"} and c.pos_ == "VERB"
                   for p, t in prep_args(c) if p in {"par", "by"}]
        # "des frappes attribuées aux FSR", "attacks blamed on the RSF".
        agents += [t for c in noun.children if c.dep_ in {"acl", "acl:relcl", "relcl"}
                   and c.lemma_.lower() in ATTRIBUTING for p, t in prep_args(c)
                   if same_preposition(p, "à") or p in {"to", "on"}]
        agents += [t for c in noun.children if c.dep_.split(":")[0] in {"nmod", "prep"}
                   and (case_of(c) in GENITIVES or c.lower_ == "of")
                   for p, t in prep_args(c) if p in {"par", "by"}]
        if agents:
            return agents
        modifiers = [c for c in noun.children if c.dep_ in {"poss", "nmod:poss", "amod", "compound"}
                     and c.pos_ in {"PROPN", "ADJ", "NOUN", "PRON"} and not _possessive_pronoun(c)]
        if any(_possessive_pronoun(c) for c in noun.children):
            # "tout en consolidant son alliance avec Moscou", "son « ferme soutien »":
            # "son" is the clause's subject (a plain adjective beside it names no one).
            verb = governing_verb(noun)
            modifiers += subject_of(verb) if verb is not None else []
        return modifiers

    def _mentions(self, tokens: list[Token], index: MentionIndex) -> list[Mention]:
        found: list[Mention] = []
        for token in tokens:
            for head in conjuncts(token):
                if head.lemma_.lower() in self.event_nouns and head.i not in index.at:
                    # "soutien à l'invasion de l'Ukraine par la Russie": the agent of the event.
                    agents = self._mentions_plain(self._noun_agent(head), index)
                    if agents:
                        found.extend(agents)
                        continue
                plain = self._mentions_plain([head], index)
                if not plain and head.lemma_.lower() in self.lexicon.government_words:
                    # "the new authorities in Damascus", "le régime de Caracas": the state.
                    plain = [m for _, t in prep_args(head) for m in self._mentions_plain([t], index)
                             if m.actor.type is EntityType.COUNTRY]
                found.extend(plain)
        return _best(found)

    def _mentions_plain(self, tokens: list[Token], index: MentionIndex) -> list[Mention]:
        return index.in_tokens(t for token in tokens for t in phrase(token))


# Verbs that carry an event noun without adding a meaning of their own.
LIGHT_VERBS = {"réaffirmer", "réitérer", "exprimer", "apporter", "offrir", "assurer", "renouveler", "témoigner",
               "confirmer", "annoncer", "accorder", "promettre", "imposer", "infliger", "mener", "lancer", "proposer",
               "reaffirm", "reiterate", "express", "offer", "pledge", "voice", "give", "lend", "impose", "announce",
               "launch", "extend", "renew", "confirm"}
ATTRIBUTING = {"attribuer", "imputer", "attribute", "blame", "ascribe"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "à", "dans", "en", "près", "across"}


def _clause_has(token: Token, words: frozenset[str]) -> bool:
    """One of ``words`` (lemma or form) in the trigger's clause, quotes included."""
    clause = token if token.pos_ in {"VERB", "AUX"} else (governing_verb(token) or token)
    return any(t.lemma_.lower() in words or t.lower_ in words for t in clause.subtree)


def _relative_subject(verb: Token) -> bool:
    return verb.dep_ in {"acl:relcl", "relcl"} and any(
        c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and c.lower_ in RELATIVE_PRONOUNS for c in verb.children)


def _mention_head(doc, mention: Mention) -> Token:
    """The word of a mention whose head lies outside it."""
    span = doc[mention.start:mention.end]
    return next((t for t in span if not mention.start <= t.head.i < mention.end or t.head.i == t.i), span[0])


def _possessive_pronoun(token: Token) -> bool:
    """"son", "leur", "his", "its", "their": a possessive that names no one."""
    return token.pos_ in {"PRON", "DET"} and ("Yes" in token.morph.get("Poss") or token.tag_ == "PRP$")


def _attachment_neighbours(noun: Token, preposition: str) -> list[Token]:
    """Words a noun trigger's complement may be parsed under instead of it.

    Parsers attach a trailing phrase to the nearest noun ("la visite du
    président Poutine à Pyongyang": "à Pyongyang" under "président") or to
    the light verb taking the noun ("impose sanctions on Niger": "on"
    under "impose"); both still complete the trigger.
    """
    low = [c for c in noun.children if c.dep_.split(":")[0] in {"nmod", "prep"} and case_of(c) in GENITIVES]
    low += [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.children if t.dep_ == "pobj"]
    low += [a for t in low for a in t.children if a.dep_ in {"appos", "flat:name", "compound"}]
    # "à", "de", "to", "of" under the verb are mostly the verb's own complements,
    # except under a verb that only carries the noun ("réaffirmé son soutien à…").
    light_verb = noun.dep_ in {"obj", "dobj"} and noun.head.pos_ == "VERB" \
        and (noun.head.lemma_.lower() in LIGHT_VERBS
             or not any(same_preposition(preposition, p) for p in ("à", "de", "to", "of")))
    high = [noun.head] if light_verb else []
    return low + high


def _best(mentions: list[Mention]) -> list[Mention]:
    """Keep the highest-ranked kind of mention in a phrase, demonyms last."""
    if not mentions:
        return []
    def rank(m: Mention) -> int:
        return 3 if m.demonym else RANK[m.entity.type]
    top = min(rank(m) for m in mentions)
    unique: dict[str, Mention] = {}
    for m in mentions:
        if rank(m) == top:
            unique.setdefault(m.entity.key, m)
    return list(unique.values())
