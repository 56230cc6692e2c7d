"""What the extractor saw in one article, sentence by sentence.

For each sentence: the mentions (with the entity and QID each resolved to),
the statements with the rule that produced each, and the clauses dropped
with the reason. What an analyst reads to trust or dispute a statement.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .builder import Builder
from .extract import Dropped, Extraction
from .model import Mention, Statement
from .nlp import sentences


@dataclass
class SentenceReport:
    text: str
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def explain(builder: Builder, article) -> Iterator[SentenceReport]:
    for _, doc in builder.pipelines.parse([article]):
        extraction: Extraction = builder.extractor(article.lang)(article, doc)
        for sentence in sentences(doc):
            text = sentence.text.strip()
            if not text:
                continue
            yield SentenceReport(
                text,
                [m for m in extraction.mentions if sentence.start <= m.start < sentence.end],
                [s for s in extraction.statements if s.provenance.char_start == sentence.start_char],
                [d for d in extraction.dropped if d.sentence == text],
            )


def describe(mention: Mention) -> str:
    entity = mention.actor if mention.demonym else mention.entity
    qid = f" {entity.qid}" if entity.qid else ""
    via = f" → {mention.stands_for.label}" if mention.stands_for else ""
    kind = " (demonym)" if mention.demonym else " (anaphor)" if mention.anaphor else ""
    return f"{mention.text} = {entity.label} [{entity.type.value}{qid}]{via}{kind}"


def describe_mentions(mentions: list[Mention]) -> list[str]:
    """One line per mention; "les deux pays", read as two anaphors on two words,
    is one line naming both."""
    lines, i = [], 0
    while i < len(mentions):
        mention = mentions[i]
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and mention.anaphor and following.anaphor and following.start == mention.end \
                and mention.entity.key != following.entity.key:
            lines.append(f"{mention.text} {following.text} = {mention.entity.label} and {following.entity.label} "
                         "(anaphor)")
            i += 2
            continue
        lines.append(describe(mention))
        i += 1
    return lines
