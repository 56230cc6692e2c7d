"""Token patterns (spaCy Matcher) over mention kinds: located_in and the like.

The patterns live in the lexicon files; the first and last mentions a match
covers are the relation's arguments, in the order the pattern states.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..model import EntityType, Mention
from .lexicon import Lexicon
from .triggers import MentionIndex

if not Token.has_extension("kg_kind"):
    Token.set_extension("kg_kind", default="")


def mark_kinds(doc: Doc, mentions: list[Mention]) -> None:
    """Label each token of a mention with its kind, for the patterns."""
    # Tokens start unmarked; only those marked by an earlier call need clearing.
    for i in doc.user_data.get("kg_marked", ()):
        doc[i]._.kg_kind = ""
    doc.user_data["kg_marked"] = [i for m in mentions for i in range(m.start, m.end)]
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
        for token in doc[m.start:m.end]:
            token._.kg_kind = kind


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
            self.matcher.add(name, [spec["tokens"]])

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
