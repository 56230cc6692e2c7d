"""Offices named next to a person: leader_of and official_of.

"le ministre russe des Affaires étrangères Sergueï Lavrov", "Nigerian
President Bola Tinubu", "Marco Rubio, le secrétaire d'État américain",
"Niger's Prime Minister…": a title from the lexicon in the words just before
or after the name, and the state or organisation named in those words.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from ..gazetteer import Gazetteer
from ..model import Entity, EntityType, Mention
from .lexicon import Lexicon
from .triggers import MentionIndex

WINDOW = 12
AFTER_WINDOW = 18  # an apposition may name a long office
STOP_POS = {"VERB", "AUX"}
# Prepositions inside an office's name ("secretary of state", "ministre des Affaires
# étrangères", "secrétaire au Trésor"); any other ends the window ("after Mr Trump").
OFFICE_PREPOSITIONS = {"of", "for", "de", "du", "des", "d'", "d’", "au", "aux", "à", "par"}  # "par intérim"
HONORIFIC_WORDS = {"m.", "mme", "mr", "mrs", "ms", "cheikh", "sheikh", "dr", "general", "général", "le", "la"}
POSSESSIVES = {"its", "their", "son", "sa", "ses", "leur", "leurs"}


@dataclass(frozen=True)
class Office:
    person: Mention
    relation: str  # leader_of or official_of
    title: str
    of: Entity
    how: str  # "stated", "inherited", "gazetteer"


class TitleRules:
    def __init__(self, nlp: Language, lexicon: Lexicon, gazetteer: Gazetteer):
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.known_organisations = {e.key for e in gazetteer.by_org_key.values()}
        titles = [(t, "leader_of") for t in lexicon.leader_titles] + [(t, "official_of") for t in lexicon.official_titles] \
            + [(t, "counterpart") for t in lexicon.counterpart_titles]
        # "Presidents Tshisekedi of Congo and Kagame of Rwanda": one-word offices in the plural.
        self.plurals = {f"{t}s" for t, _ in titles if " " not in t and not t.endswith("s")}
        titles += [(f"{t}s", relation) for t, relation in titles if f"{t}s" in self.plurals]
        # Longest first, so "prime minister" is a leader before "minister" an official.
        self.titles = sorted(((tuple(w.lower_ for w in nlp.make_doc(t)), rel) for t, rel in titles),
                             key=lambda item: -len(item[0]))

    def __call__(self, sentence: Span, index: MentionIndex) -> Iterator[Office]:
        previous: tuple[str, Entity] | None = None  # the last office found: relation, holder
        for person in index.in_tokens(sentence):
            if person.entity.type is not EntityType.PERSON or person.anaphor:
                continue
            windows = [self._before(sentence, person, index), self._after(sentence, person, index)]
            found_titles = [self._title(w, closest_to_end=bool(w) and w[-1].i < person.start) for w in windows]
            offices_named = [f for f in found_titles if f and f[0] not in self.lexicon.ranks]
            for window, found in zip(windows, found_titles, strict=True):
                if not found:
                    continue
                title, relation = found
                if title in self.plurals and not _listed(sentence.doc, person):
                    continue  # "European officials Putin…": a plural office names a list, or no one
                if title in self.lexicon.ranks and offices_named:
                    continue  # "le général al-Burhan, chef de l'armée": the office, not the rank
                if any(t.lower_ in self.lexicon.former for t in window):
                    continue
                if relation == "counterpart":
                    # "son homologue azerbaïdjanais": the office of the person just named.
                    relation = previous[0] if previous else "official_of"
                of, how = self._holder(window + self._complement(sentence, person), index), "stated"
                if of is None:
                    of = self._dateline_state(sentence, index)  # "À Caracas, le ministre de la Défense…"
                if of is None:
                    iso = self.gazetteer.person_country.get(person.entity.key) or self._implied(window)
                    if iso and self.gazetteer.country(iso):
                        of, how = self.gazetteer.country(iso), "gazetteer"
                    elif previous is not None and relation == "official_of":
                        # "Foreign Minister X, Defence Minister Y": a list of one state's
                        # ministers; a head of state or government is never inferred so.
                        of, how = previous[1], "inherited"
                if relation == "leader_of" and title in self.lexicon.body_leader_titles \
                        and of is not None and of.type is EntityType.COUNTRY \
                        and not any(t.lemma_.lower() in self.lexicon.government_words for t in window):
                    relation = "official_of"  # "army chief", "head of the atomic agency": not the state's leader
                if of is not None and of.key != person.entity.key:
                    previous = (relation, of)
                    yield Office(person, relation, title, of, how)

    def _complement(self, sentence: Span, person: Mention) -> list[Token]:
        """"Presidents Félix Tshisekedi of Congo and Paul Kagame of Rwanda": the
        holder may follow the name, introduced by "of" or "de"."""
        doc = sentence.doc
        i = person.end
        if i + 1 < sentence.end and doc[i].lower_ in {"of", "de", "du", "d'", "d’"}:
            j = i + 1
            while j < sentence.end and doc[j].pos_ == "DET":
                j += 1
            return list(doc[i:j + 1])
        return []

    def _before(self, sentence: Span, person: Mention, index: MentionIndex) -> list[Token]:
        doc = sentence.doc
        words: list[Token] = []
        i = person.start - 1
        if i >= sentence.start and doc[i].text == ",":
            i -= 1  # "la ministre des Affaires étrangères de la RDC, Thérèse Kayikwamba Wagner"
        while i >= sentence.start and len(words) < WINDOW:
            token = doc[i]
            mention = index.at.get(i)
            rank = self._title(words)
            if token.text == "," and len(words) <= 2 and all(w.pos_ in {"DET", "NOUN"} for w in words) \
                    and (rank is None or rank[0] in self.lexicon.ranks):
                # "le ministre nigérien de la Défense, le général Salifou Mody": a rank
                # in apposition to the office; the office is before the comma.
                i -= 1
                continue
            if (token.pos_ in STOP_POS and not token.is_title and token.dep_ != "amod") \
                    or token.pos_ in {"CCONJ", "SCONJ", "PRON"} \
                    or (token.pos_ == "ADP" and token.lower_ not in OFFICE_PREPOSITIONS) \
                    or (token.is_punct and token.text not in {"'", "’", "-"}):
                break
            if mention is not None and mention.entity.type is EntityType.PERSON:
                break
            words.insert(0, token)
            i -= 1
        return words

    def _after(self, sentence: Span, person: Mention, index: MentionIndex) -> list[Token]:
        doc = sentence.doc
        i = person.end
        if i >= sentence.end or doc[i].text != ",":
            return []
        words: list[Token] = []
        i += 1
        while i < sentence.end and len(words) < AFTER_WINDOW:
            token = doc[i]
            if token.text == "," and self._person_follows(doc, i + 1, sentence.end, index):
                # "M. Sissi, l'émir du Qatar, cheikh Tamim": an office set before the
                # next name in a list is that name's.
                return []
            if token.is_punct or token.pos_ in STOP_POS:
                break
            # "chairman of the Authority of Heads of State and Government of ECOWAS":
            # "and" inside the office's name; before a verb it ends the apposition.
            if token.pos_ == "CCONJ" and (i + 1 >= sentence.end or doc[i + 1].pos_ in STOP_POS | {"PRON", "DET"}):
                break
            mention = index.at.get(i)
            if mention is not None and mention.entity.type is EntityType.PERSON:
                # "Macron, German Chancellor Friedrich Merz": the last office is the
                # next person's; what comes before it, if anything, is this one's.
                return self._before_last_title(words)
            words.append(token)
            i += 1
        return words

    @staticmethod
    def _dateline_state(sentence: Span, index: MentionIndex) -> Entity | None:
        """The state of a capital opening the sentence: "À Caracas, …", "In New Delhi, …"."""
        words = list(sentence[:5])
        if len(words) < 3 or words[0].lower_ not in {"à", "in", "at", "from", "depuis"}:
            return None
        mention = index.at.get(words[1].i)
        comma = next((t for t in words[2:] if t.text == ","), None)
        if mention is None or comma is None or mention.stands_for is None \
                or mention.stands_for.type is not EntityType.COUNTRY:
            return None
        return mention.stands_for

    def _known(self, organisation: Entity) -> bool:
        """In the gazetteer (not a name NER made up)."""
        return bool(organisation.qid) or organisation.key in self.known_organisations

    @staticmethod
    def _person_follows(doc, i: int, end: int, index: MentionIndex) -> bool:
        while i < end and (doc[i].lower_ in HONORIFIC_WORDS):
            i += 1
        mention = index.at.get(i) if i < end else None
        return mention is not None and mention.entity.type is EntityType.PERSON and not mention.anaphor

    def _before_last_title(self, words: list[Token]) -> list[Token]:
        lowered = [t.lower_ for t in words]
        starts = [start for start in range(len(lowered)) for title, _ in self.titles
                  if tuple(lowered[start:start + len(title)]) == title]
        if not starts:
            return []
        cut = max(starts)
        while cut > 0 and words[cut - 1].pos_ in {"DET", "ADJ"}:
            cut -= 1
        head = words[:cut]
        # "Velayati, conseiller du guide suprême iranien Khamenei": the adviser
        # serves the state named in the next person's office.
        return head + words[cut:] if self._title(head) else []

    def _implied(self, window: list[Token]) -> str | None:
        """The state an office belongs to by its very name ("Treasury Secretary": the US)."""
        text = " ".join(t.lower_ for t in window).replace("’", "'")
        for title, iso in self.lexicon.implied_titles.items():
            if f" {title} " in f" {text} ":
                return iso
        return None

    def _title(self, window: list[Token], closest_to_end: bool = False) -> tuple[str, str] | None:
        """The office in the window.

        Before a name, the office nearest the name is the person's ("conseiller
        du guide suprême Khamenei": Khamenei is the supreme leader), the longest
        ending there ("Deputy Prime Minister"); after a name, the first one
        ("Velayati, conseiller du guide suprême").
        """
        lowered = [t.lower_ for t in window]
        matches = [(start, start + len(words), words, relation)
                   for start in range(len(lowered)) for words, relation in self.titles
                   if tuple(lowered[start:start + len(words)]) == words]
        if not matches:
            return None
        offices = [m for m in matches if " ".join(m[2]) not in self.lexicon.ranks]
        matches = offices or matches  # "le chef des Gardiens, le général Salami": the office, not the rank
        if closest_to_end:
            _, _, words, relation = max(matches, key=lambda m: (m[1], m[1] - m[0]))
        else:
            _, _, words, relation = min(matches, key=lambda m: (m[0], -(m[1] - m[0])))
        return " ".join(words), relation

    def _holder(self, window: list[Token], index: MentionIndex) -> Entity | None:
        """The state or organisation in the title's words ("chairman of ...
        ECOWAS"); "the country's" is already a mention of the last state named."""
        mentions = index.in_tokens(window)
        # A one-word organisation with no QID after a title is a portfolio
        # ("ministre de l'Intérieur"), not the body the person serves.
        orgs = [m.actor for m in mentions if m.actor.type is EntityType.ORGANIZATION
                and (m.actor.qid or len(m.text.split()) > 1)]
        states = [m.actor for m in mentions if m.actor.type is EntityType.COUNTRY]
        if orgs and not states:
            return orgs[-1]
        if states:
            return states[-1]
        if window and any(t.lower_ in POSSESSIVES for t in window):
            # "Its director general, Rafael Grossi": the body or state named just before.
            before = [m for m in index.mentions if window[0].i - 60 <= m.start < window[0].i and m.actor.type in
                      {EntityType.COUNTRY, EntityType.PERSON, EntityType.ORGANIZATION}]
            # Only when the last actor named is a known body: "son ministre" after a
            # president's name is that president's state, which the titles resolve otherwise.
            if before and before[-1].actor.type is EntityType.ORGANIZATION and self._known(before[-1].actor):
                return before[-1].actor
        return None
        return None


def _listed(doc, person: Mention) -> bool:
    """Is the person one of a coordinated list ("Presidents Tshisekedi of Congo and Kagame")?"""
    return any(doc[i].conjuncts for i in range(person.start, person.end))
