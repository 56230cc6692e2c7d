"""The data that flows between stages: articles, mentions, entities, statements.

All frozen: a stage takes these in and hands new ones on, never edits them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class EntityType(str, Enum):
    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"

    @property
    def is_actor(self) -> bool:
        return self is not EntityType.PLACE


@dataclass(frozen=True)
class Article:
    """One news article as read from disk, before any NLP."""

    id: str  # stable: file name, plus line number for JSON lines
    source: str  # the path it came from
    title: str
    text: str  # paragraphs separated by blank lines
    lang: str  # "fr" or "en"
    date: str | None = None  # ISO 8601 date when known
    url: str | None = None
    content_hash: str = ""


@dataclass(frozen=True)
class Entity:
    """A real-world actor or place, the unit the graph has a node for.

    ``key`` identifies it across articles: ``wd:Q…`` when the gazetteer knows
    it, else the entity type and normalised name.
    """

    key: str
    label: str
    type: EntityType
    qid: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names an entity."""

    start: int  # token offsets in the spaCy Doc
    end: int
    text: str
    entity: Entity
    # The actor a place-like mention stands for (a capital or seat for its
    # country: "Moscou a condamné"); None when the mention is an actor itself.
    stands_for: Entity | None = None
    demonym: bool = False  # "russe", "North Korean": the state as an adjective
    anaphor: bool = False  # "the country", a quoted "we": refers, does not name

    @property
    def actor(self) -> Entity:
        return self.stands_for or self.entity


@dataclass(frozen=True)
class Provenance:
    article_id: str
    sentence: str
    char_start: int  # offsets of the sentence in the article text
    char_end: int
    date: str | None  # ISO 8601: the event's date as the text gives it, else the article's
    confidence: float
    rule: str  # the rule that produced the statement, for `explain`
    date_from_article: bool = False  # the text gave no date; ``date`` is the article's
    place: Entity | None = None  # where the event took place, when the sentence says


@dataclass(frozen=True)
class Statement:
    subject: Entity
    relation: str
    object: Entity
    provenance: Provenance = field(compare=False)
