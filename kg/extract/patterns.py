"""Token patterns (spaCy Matcher) over mention kinds: located_in and the like.

The patterns live in the lexicon files; the first and last mentions a match
covers are the relation's arguments, in the order the pattern states.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ..model import EntityType, Mention
from .lexicon import Lexicon
from .triggers import MentionIndex

# The lexicons' patterns name a mention's kind as {"_": {"kg_kind": …}}. The
# kinds are kept in the tokens' ENT_ID instead (our pipelines set no entity
# IDs: they have no entity ruler), which the matcher reads natively; a custom
# attribute costs a Python call per token and pattern, a third of the
# patterns' time.
KIND_PREFIX = "kg_kind:"


def kind_id(kind: str) -> str:
    return KIND_PREFIX + kind if kind else ""


def mark_kinds(doc: Doc, mentions: list[Mention]) -> None:
    """Label each token of a mention with its kind, for the patterns."""
    # Tokens start unmarked; only those marked by an earlier call need clearing.
    for i in doc.user_data.get("kg_marked", ()):
        doc[i].ent_id = 0
    doc.user_data["kg_marked"] = [i for m in mentions for i in range(m.start, m.end)]
    strings = doc.vocab.strings
    for m in mentions:
        if m.demonym:
            kind = "DEMONYM"
        elif m.entity.type is EntityType.PLACE:
            kind = "PLACE"
        elif m.entity.type is EntityType.COUNTRY:
            kind = "COUNTRY"
        elif m.entity.type is EntityType.ORGANIZATION:
            kind = "ORG"
        else:
            kind = "PERSON"
        value = strings[kind_id(kind)]
        for token in doc[m.start:m.end]:
            token.ent_id = value


def _native(token_spec: dict) -> dict:
    """A pattern token with its kind test on ENT_ID."""
    spec = dict(token_spec)
    custom = spec.pop("_", None)
    if custom is None:
        return spec
    if set(custom) != {"kg_kind"}:
        raise ValueError(f"patterns test no custom attribute but kg_kind: {custom}")
    wanted = custom["kg_kind"]
    if isinstance(wanted, dict):
        spec["ENT_ID"] = {op: [kind_id(k) for k in kinds] for op, kinds in wanted.items()}
    else:
        spec["ENT_ID"] = kind_id(wanted)
    return spec


@dataclass(frozen=True)
class PatternMatch:
    relation: str
    subject: Mention
    object: Mention
    name: str


class PatternRules:
    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.matcher = Matcher(nlp.vocab)
        self.specs: dict[str, dict] = {}
        for number, spec in enumerate(lexicon.patterns):
            name = f"{spec['relation']}/pattern{number}"
            self.specs[name] = spec
            # Not greedy: "près de Tinzaouatène, dans la région de Kidal, au nord du Mali"
            # holds two overlapping matches of one pattern, and both are true.
            self.matcher.add(name, [[_native(token) for token in spec["tokens"]]])
        for kind in ("DEMONYM", "PLACE", "COUNTRY", "ORG", "PERSON"):
            nlp.vocab.strings.add(kind_id(kind))  # before any memory zone, so they last

    def __call__(self, sentence: Span, index: MentionIndex) -> Iterator[PatternMatch]:
        if index.count_in(sentence.start, sentence.end) < 2:
            return  # every pattern joins two mentions; the matcher is costly
        seen: set[tuple[str, int, int]] = set()
        for found in self._matches(sentence, index):
            key = (found.name, found.subject.start, found.object.start)
            if key not in seen:
                seen.add(key)
                yield found

    def _matches(self, sentence: Span, index: MentionIndex) -> Iterator[PatternMatch]:
        for match_id, start, end in self.matcher(sentence):  # offsets within the sentence
            name = sentence.doc.vocab.strings[match_id]
            spec = self.specs[name]
            mentions = index.in_tokens(sentence[start:end])
            if len(mentions) < 2:
                continue
            first, last = mentions[0], mentions[-1]
            if spec.get("all_subjects"):
                # "Malta, Greece and Cyprus, EU members": every state listed before the object.
                for subject in mentions[:-1]:
                    yield PatternMatch(spec["relation"], subject, last, name)
                continue
            subject, obj = (first, last) if spec["order"] == "subject_first" else (last, first)
            yield PatternMatch(spec["relation"], subject, obj, name)
