"""Mentions in a parsed article, resolved to entities.

Gazetteer names are matched first (they carry QIDs and metonymy: a capital
or a seat of government stands for its state); spaCy's NER adds the people,
organisations and places the gazetteer does not know. Within an article a
surname refers back to the full name it shortens.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .gazetteer import Entry, Gazetteer, Kind, entity_key, normalise
from .model import Entity, EntityType, Mention
from .nlp import doc_words
from .places import is_place

NER_TYPES = {
    "PER": EntityType.PERSON, "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "LOC": EntityType.PLACE, "GPE": EntityType.PLACE, "FAC": EntityType.PLACE,
}
# Capitalised words NER often takes into a person's name: "President Zelenskyy".
HONORIFICS = {
    "president", "président", "présidente", "prime", "minister", "ministre", "secretary",
    "general", "général", "king", "queen", "roi", "reine", "chancellor", "chancelier",
    "mr", "mrs", "ms", "dr", "m.", "mme", "sir", "lord", "sheikh", "cheikh", "prince",
    "emir", "émir", "premier", "spokesman", "spokeswoman", "leader", "dirigeant",
    "senator", "sénateur", "ambassador", "ambassadeur", "commander", "chairman", "pope", "pape",
}


def _not_names() -> frozenset[str]:
    text = (resources.files("kg") / "data" / "not_names.txt").read_text(encoding="utf-8")
    return frozenset(normalise(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


NOT_NAMES = _not_names()
# A portfolio ends the title before a name: "secrétaire au Trésor Scott Bessent".
PORTFOLIOS = NOT_NAMES | {"tresor", "treasury", "exchequer"}


@dataclass
class MentionFinder:
    """Finds and resolves mentions for one spaCy pipeline's vocabulary."""

    gazetteer: Gazetteer
    lang: str
    exact: PhraseMatcher
    folded: PhraseMatcher

    @classmethod
    def build(cls, nlp: Language, gazetteer: Gazetteer, lang: str) -> "MentionFinder":
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        tables = gazetteer.names(lang)
        for name in tables["exact"]:
            exact.add(name, [nlp.make_doc(name)])
        for name in tables["folded"]:
            folded.add(name, [nlp.make_doc(name)])
        return cls(gazetteer, lang, exact, folded)

    def __call__(self, doc: Doc) -> list[Mention]:
        candidates: list[tuple[int, int, Entry]] = []
        for matcher, table in ((self.exact, "exact"), (self.folded, "folded")):
            names = self.gazetteer.names(self.lang)[table]
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                candidates.append((start, end, names[key]))
        # Longest match first; a surname alone only where nothing longer matched.
        candidates.sort(key=lambda c: (c[2].kind == Kind.SURNAME, -(c[1] - c[0]), c[0]))
        # A one-word organisation or place inside a longer personal name is part
        # of the name: "Thérèse Kayikwamba Wagner" is no Wagner Group.
        people = [(span.start, span.end) for span in filter(None, (_trim(e, EntityType.PERSON) for e in doc.ents
                                                                    if NER_TYPES.get(e.label_) is EntityType.PERSON))
                  if span.end - span.start > 1]
        # Nor is a demonym inside an organisation's name: "the Russian Direct Investment Fund".
        bodies = [(e.start, e.end) for e in doc.ents if NER_TYPES.get(e.label_) is EntityType.ORGANIZATION
                  and e.end - e.start > 2 and any(t.lower_ in ORGANISATION_WORDS for t in e)
                  and all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in {"of", "de", "du", "des", "and", "et"}
                          for t in e)]
        candidates = [c for c in candidates if not (c[2].kind == Kind.DEMONYM
                                                    and any(s <= c[0] and c[1] <= e for s, e in bodies))]
        # Nor is a known surname inside someone else's full name: "Nicolás Petro" is not Gustavo.
        candidates = [c for c in candidates
                      if not (c[1] - c[0] == 1 and (c[2].entity.type is not EntityType.PERSON or c[2].kind == Kind.SURNAME)
                              and any(s <= c[0] and c[1] <= e and e - s > 1 for s, e in people))]
        taken: set[int] = set()
        mentions: list[Mention] = []
        for start, end, entry in candidates:
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            mentions.append(_from_entry(start, end, doc[start:end].text, entry))
        for mention in self._capitalised(doc, taken):
            taken.update(range(mention.start, mention.end))
            mentions.append(mention)
        guessed: list[Mention] = []
        for ent in doc.ents:
            if taken.issuperset(range(ent.start, ent.end)):
                continue  # already named whole: what NER keeps of it would overlap
            mention = self._from_ner(ent)
            if mention and not taken.intersection(range(mention.start, mention.end)):
                taken.update(range(mention.start, mention.end))
                guessed.append(mention)
        mentions.extend(same_type_for_same_name(guessed))
        mentions = self._vessels(doc, mentions)
        mentions.sort(key=lambda m: m.start)
        return resolve_surnames(add_missed_surnames(doc, mentions))

    def _vessels(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"l'USS Harry S. Truman", "HMS Prince of Wales": a warship, which acts for its flag state."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        replaced: set[int] = set()
        vessels = []
        for i, word in enumerate(doc_words(doc).text):
            iso = self.gazetteer.vessel_prefixes.get(word)
            state = self.gazetteer.country(iso) if iso else None
            if state is None or i + 1 >= len(doc):
                continue
            token = doc[i]
            end = token.i + 1
            while end < len(doc) and not doc[end].is_sent_start and (
                    doc[end].is_title or doc[end].is_upper or doc[end].text in {".", "-"}
                    or (doc[end].lower_ in {"of", "de", "du"} and end + 1 < len(doc) and doc[end + 1].is_title)):
                end += 1  # "HMS Prince of Wales", "USS Harry S. Truman"
            if end == token.i + 1:
                continue
            name = " ".join(doc[token.i:end].text.split())
            covered = {at[i].start for i in range(token.i, end) if i in at}
            if any(at[i].entity.qid for i in range(token.i, end) if i in at):
                continue
            replaced |= covered
            vessel = Entity(entity_key(EntityType.ORGANIZATION, name), name, EntityType.ORGANIZATION)
            vessels.append(Mention(token.i, end, name, vessel, stands_for=state))
        return [m for m in mentions if m.start not in replaced] + vessels

    def _capitalised(self, doc: Doc, taken: set[int]) -> list[Mention]:
        """Names set in capitals: datelines ("ABUJA, Nigeria —", "GOMA (RDC) –").

        A run of upper-case words is looked up in its title-case form; at the
        start of a paragraph, followed by a comma or a bracket, an unknown
        one is still a place: that is what a dateline names.
        """
        found = []
        i = 0
        while i < len(doc):
            if i in taken or not _shouting(doc[i]):
                i += 1
                continue
            end = i
            while end < len(doc) and end not in taken and (_shouting(doc[end]) or doc[end].text == "-"):
                end += 1
            span = doc[i:end]
            name = " ".join(w.capitalize() for w in span.text.split())
            entry = self.gazetteer.lookup(self.lang, name)
            if entry is not None and entry.kind is not Kind.SURNAME:
                found.append(_from_entry(i, end, span.text, entry))
            elif _dateline(span):
                found.append(Mention(i, end, span.text, Entity(entity_key(EntityType.PLACE, name), name,
                                                                 EntityType.PLACE)))
            i = end
        return found

    def _from_ner(self, ent: Span) -> Mention | None:
        type_ = NER_TYPES.get(ent.label_)
        if type_ is None:
            return None
        span = _trim(ent, type_)
        if span is None:
            return None
        text = span.text
        if normalise(text) in NOT_NAMES:
            return None
        entry = self.gazetteer.lookup(self.lang, text)
        if entry is not None:
            return _from_entry(span.start, span.end, text, entry)
        if type_ is EntityType.PERSON and len(span) == 1 and not span[0].is_title:
            return None
        if type_ is not EntityType.PLACE and (is_place(text) or _after_locative(span)):
            type_ = EntityType.PLACE  # "Goma" typed a person, "at Fordow" an organisation
        return Mention(span.start, span.end, text, Entity(entity_key(type_, text), text, type_))


# Words that make a capitalised name an organisation's: "Russian Direct Investment Fund".
ORGANISATION_WORDS = {
    "fund", "bank", "ministry", "council", "agency", "company", "corporation", "party", "front", "movement",
    "network", "organization", "organisation", "commission", "office", "committee", "group", "authority",
    "fonds", "banque", "ministère", "conseil", "agence", "compagnie", "société", "parti", "mouvement", "réseau",
    "bureau", "comité", "groupe", "autorité",
}

# Prepositions after which a one-word name NER could not type is a place.
LOCATIVES = {"in", "at", "near", "à", "dans", "près", "vers", "outside", "inside"}
NAME_PARTICLES = {"el", "al", "ad", "as", "an", "ar", "de", "la", "du", "des", "-"}


def _after_locative(span: Span) -> bool:
    doc = span.doc
    one_name = len(span) == 1 or all(t.text == "-" or t.is_title or t.lower_ in NAME_PARTICLES for t in span)
    return one_name and span.start > 0 and doc[span.start - 1].lower_ in LOCATIVES


def same_type_for_same_name(mentions: list[Mention]) -> list[Mention]:
    """One article, one type per name NER guessed: a name once known as a
    place ("à Goma") is a place everywhere in the article."""
    places = {m.text for m in mentions if m.entity.type is EntityType.PLACE}
    return [Mention(m.start, m.end, m.text, Entity(entity_key(EntityType.PLACE, m.text), m.text, EntityType.PLACE))
            if m.text in places and m.entity.type is not EntityType.PLACE and m.entity.qid is None
            and m.stands_for is None else m for m in mentions]


def _shouting(token) -> bool:
    return token.is_alpha and token.is_upper and len(token) > 2


def _dateline(span: Span) -> bool:
    doc = span.doc
    at_start = span.start == 0 or "\n" in doc[span.start - 1].whitespace_ + doc[span.start - 1].text
    return at_start and span.end < len(doc) and doc[span.end].text in {",", "(", "—", "–"}


def _from_entry(start: int, end: int, text: str, entry: Entry) -> Mention:
    return Mention(start, end, text, entry.entity, entry.stands_for, demonym=entry.kind == Kind.DEMONYM)


def _trim(span: Span, type_: EntityType) -> Span | None:
    """Drop what NER took in beyond the name: determiners, titles, "'s"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].pos_ == "DET" or doc[start].is_lower
                           or (type_ is EntityType.PERSON and (doc[start].lower_ in HONORIFICS
                                                               or normalise(doc[start].text) in PORTFOLIOS))):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in {"'s", "’s", "'"}
                           or doc[end - 1].pos_ in {"DET", "ADP", "CCONJ"}):
        end -= 1
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return doc[start:end]


def add_missed_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A surname NER missed ("Sunak met…") still names the person introduced
    with it in the same article."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    surnames: dict[str, Entity] = {}
    for m in mentions:
        words = m.text.split()
        if m.entity.type is EntityType.PERSON and len(words) > 1:
            surnames.setdefault(words[-1], m.entity)
    extra = [Mention(i, i + 1, word, surnames[word]) for i, word in enumerate(doc_words(doc).text)
             if i not in taken and word in surnames and doc[i].is_title]
    # NER's type for a lone word is a guess ("Tinubu" as a place); the
    # article's own full name is better evidence.
    kept = []
    for m in mentions:
        if (m.end - m.start == 1 and m.text in surnames and m.entity.type is not EntityType.PERSON
                and m.stands_for is None and not m.demonym):
            m = Mention(m.start, m.end, m.text, surnames[m.text])
        kept.append(m)
    return sorted(kept + extra, key=lambda m: m.start)


def resolve_surnames(mentions: list[Mention]) -> list[Mention]:
    """Point a one-word person mention at the article's full name ending in it.

    "Lavrov" after "Sergueï Lavrov" is the same person; so is "Petro" after
    "Gustavo Petro". Where two full names share the surname, the first one
    introduced wins: news writing shortens the main actor's name.
    """
    full_names: list[Mention] = [m for m in mentions if m.entity.type is EntityType.PERSON
                                 and len(m.text.split()) > 1]
    resolved = []
    for mention in mentions:
        if mention.entity.type is EntityType.PERSON and len(mention.text.split()) == 1:
            matches = [m for m in full_names if m.text.split()[-1] == mention.text]
            if matches:
                target = matches[0]
                mention = Mention(mention.start, mention.end, mention.text, target.entity)
        resolved.append(mention)
    return resolved
