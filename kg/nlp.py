"""spaCy pipelines for French and English, loaded once, streamed with nlp.pipe."""
from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, Token

from .dates import DATELINE
from .errors import ModelNotInstalled
from .model import Article
from .settings import Settings

log = logging.getLogger(__name__)


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after each blank line, so none runs across paragraphs;
    a paragraph's dateline is a sentence of its own."""
    for token in doc[:-1]:
        if token.i == 0 or (token.is_space and "\n" in token.text):
            first = token if token.i == 0 and not token.is_space else doc[token.i + 1]
            first.is_sent_start = True
            # With only the start preset, the parser tends to close the
            # sentence right after its first word; a paragraph's second word
            # never starts a sentence.
            if first.i + 1 < len(doc) and not doc[first.i + 1].is_space:
                doc[first.i + 1].is_sent_start = False
            dateline = DATELINE.match(doc.text, first.idx)
            if dateline:
                # The dateline is a sentence of its own; the story starts after it.
                for inner in doc[first.i + 1:]:
                    if inner.is_space:
                        break
                    if inner.idx >= dateline.end():
                        _one_sentence_from(inner)
                        break
                    inner.is_sent_start = False
    return doc


def _one_sentence_from(start: Token) -> None:
    """A lead sentence right after a dateline runs to its full stop: glued
    to the dateline ("SANA/La République…"), it would otherwise be cut."""
    start.is_sent_start = True
    for token in start.doc[start.i + 1:]:
        if token.is_space or token.text in {".", "!", "?"}:
            break
        token.is_sent_start = False


# A sentence never starts with these: the parser cut it where it should not.
CONTINUATIONS = {",", ";", ":", ".", ")", "»", "”", "!", "?", "…", "-"}  # "-major" of "état-major"


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, with the parser's stray cuts mended.

    The parser sometimes ends a sentence after an opening phrase ("À Paris" |
    ", le président…") or before the final stop; a piece that starts with
    punctuation or a lower-case word joins the sentence before it, within a
    paragraph.
    """
    cached = doc.user_data.get("kg_sentences")
    if cached is not None:
        return cached
    merged: list[Span] = []
    for sentence in doc.sents:
        first = sentence[0]
        previous = merged[-1] if merged else None
        continues = first.text in CONTINUATIONS or (first.is_lower and first.is_alpha)
        if previous is not None and continues and "\n" not in previous[-1].text + previous[-1].whitespace_:
            merged[-1] = doc[previous.start:sentence.end]
        else:
            merged.append(sentence)
    doc.user_data["kg_sentences"] = merged
    return merged


@dataclass(frozen=True)
class Words:
    """A document's tokens as strings, one list per attribute, read once.

    Passes that look for words across a whole document test these lists,
    and build a Token only where a word qualifies: each Token, and each of
    its string attributes, is a new Python object."""

    text: list[str]
    lower: list[str]
    lemma: list[str]  # lower-cased, as the lexicons list them
    pos: list[str]


def doc_words(doc: Doc) -> Words:
    cached = doc.user_data.get("kg_words")
    if cached is not None:
        return cached
    strings, decoded = doc.vocab.strings, {}

    def column(values) -> list[str]:
        out = []
        for value in values.tolist():
            string = decoded.get(value)
            if string is None:
                string = decoded[value] = strings[value]
            out.append(string)
        return out

    table = doc.to_array([ORTH, LOWER, LEMMA, POS]).reshape(len(doc), 4)
    found = Words(column(table[:, 0]), column(table[:, 1]), [w.lower() for w in column(table[:, 2])],
                  column(table[:, 3]))
    doc.user_data["kg_words"] = found
    return found


def tokenizer_exceptions() -> list[str]:
    text = (resources.files("kg") / "data" / "tokenizer_exceptions.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_pipeline(model: str) -> Language:
    """Load an installed spaCy pipeline package by name and adapt it to news text."""
    try:
        module = importlib.import_module(model)
    except ImportError as e:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed; install its package "
            f"(`make install` does) or set KG_MODEL_FR / KG_MODEL_EN to one that is"
        ) from e
    nlp = module.load()
    for name in tokenizer_exceptions():
        nlp.tokenizer.add_special_case(name, [{ORTH: name}])
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("kg_paragraphs", before=before) if before else nlp.add_pipe("kg_paragraphs", first=True)
    return nlp


class Pipelines:
    """One pipeline per language, loaded on first use and kept."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._loaded: dict[str, Language] = {}

    def __getitem__(self, lang: str) -> Language:
        if lang not in self._loaded:
            log.info("loading spaCy model %s", self.settings.model_for(lang))
            self._loaded[lang] = load_pipeline(self.settings.model_for(lang))
        return self._loaded[lang]

    def parse(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
        """Parse articles language by language, each stream through nlp.pipe."""
        by_lang: dict[str, list[Article]] = {}
        for article in articles:
            by_lang.setdefault(article.lang, []).append(article)
        for lang, group in by_lang.items():
            nlp = self[lang]
            stream = ((a.text, a) for a in group)
            for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=self.settings.batch_size):
                yield article, doc
