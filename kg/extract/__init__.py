"""Statements from a parsed article: triggers, titles and token patterns.

``Extractor.build(nlp, lang, gazetteer)`` prepares one language;
``extractor(article, doc)`` returns the mentions, the statements with their
provenance, and the clauses dropped with the reason (for ``kg explain``).
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..dates import DateMention, find_dates, nearest
from ..entities import MentionFinder
from ..gazetteer import Gazetteer
from ..model import Article, Entity, EntityType, Mention, Provenance, Statement
from ..nlp import doc_words, sentences
from .coreference import pair_mentions, possessive_country_mentions, pronoun_mentions, title_mentions
from .institutions import with_institutions
from .juntas import with_juntas
from .lexicon import PLACE_OBJECTS, RELATIONS, SIGNATURES, SYMMETRIC, Lexicon, load_lexicon
from .modality import why_not_asserted
from .patterns import PatternRules, mark_kinds
from .syntax import event_nouns, governing_verb, is_passive, locations, phrase, subject_of
from .titles import TitleRules
from .triggers import Match, MentionIndex, TriggerRules

__all__ = ["Extractor", "Extraction", "Dropped", "RELATIONS", "SYMMETRIC"]

# Relations whose object may be an event standing for its author ("condemned the coup").
EVENT_OBJECT_RELATIONS = frozenset({"condemned", "supports"})
# Interactions between two sides; a person is never on both.
INTERACTIONS = frozenset({"met", "allied_with", "signed_agreement_with", "supports", "provided_aid_to", "attacked",
                          "invaded", "threatened", "sanctioned", "condemned"})
BETWEEN = (">prep:entre", ">prep:between")
# Verbs whose subject takes part in the meeting they arrange.
HOSTING_VERBS = frozenset({"organiser", "accueillir", "héberger", "présider", "réunir", "convoquer", "arbitrer",
                           "host", "organize", "organise", "convene", "chair", "mediate", "broker", "bring", "arrange"})
# Relations whose agent, left out of a passive, is the article's last one.
AGENTLESS_RELATIONS = frozenset({"sanctioned"})
# Events that put their participants in one place.
GATHERINGS = frozenset({"met", "signed_agreement_with"})
HEDGE_PENALTY = 0.1
DISTANCE_FREE = 6  # tokens between a trigger and its argument before confidence drops
CONFIDENCE = {"verb": 0.8, "noun": 0.7, "pattern": 0.75, "stated": 0.9, "gazetteer": 0.7, "inherited": 0.6, "inferred": 0.6}


@dataclass(frozen=True)
class Dropped:
    sentence: str
    rule: str
    trigger: str
    reason: str


@dataclass
class Extraction:
    article: Article
    mentions: list[Mention]
    statements: list[Statement] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


@dataclass
class Extractor:
    lang: str
    lexicon: Lexicon
    mentions: MentionFinder
    triggers: TriggerRules
    titles: TitleRules
    patterns: PatternRules

    @classmethod
    def build(cls, nlp: Language, lang: str, gazetteer: Gazetteer) -> "Extractor":
        lexicon = load_lexicon(lang)
        return cls(lang, lexicon, MentionFinder.build(nlp, gazetteer, lang), TriggerRules(lexicon),
                   TitleRules(nlp, lexicon, gazetteer), PatternRules(nlp, lexicon))

    def __call__(self, article: Article, doc: Doc) -> Extraction:
        lexicon = self.lexicon
        # "the country" first: a junta phrase swallows the country it names.
        mentions = self._with_country_anaphora(doc, self.mentions(doc))
        mentions = with_juntas(doc, mentions, lexicon.junta_heads, lexicon.junta_ruling, lexicon.coup_words)
        mentions = with_institutions(doc, mentions, lexicon.institutions)
        mentions = self._with_speakers(doc, mentions)
        offices = self._offices(doc, mentions)
        mentions, offices_named = title_mentions(doc, mentions, self.titles.titles, offices, self._known_holder)
        homes = self._homes(offices)
        mentions = possessive_country_mentions(doc, mentions, lexicon.country_anaphora, homes, self._countries)
        mentions = pronoun_mentions(doc, mentions, lexicon.pronouns)
        leaders = self._gazetteer_leaders | {p.key for (relation, _), people in offices.items()
                                             if relation == "leader_of" for _, p in people}

        def eligible(person: Entity, noun: str) -> bool:
            return noun not in lexicon.leader_nouns or person.key in leaders

        mentions = pair_mentions(doc, mentions, lexicon.pair_numerals, lexicon.pair_people, lexicon.pair_states, eligible)
        mark_kinds(doc, mentions)
        index = MentionIndex(mentions)
        result = Extraction(article, mentions)
        seen: set[tuple[str, str, str]] = set()

        dates: list[DateMention] | None = None  # found when the first statement needs them

        def emit(subject: Entity, relation: str, obj: Entity, sentence: Span, rule: str, confidence: float,
                 anchor: int | None = None, place: Entity | None = None) -> None:
            """Record a statement; ``anchor`` is the trigger's character offset, for its date."""
            domain, range_ = SIGNATURES[relation]
            if subject.key == obj.key or subject.type.value not in domain or obj.type.value not in range_:
                return  # outside the ontology's domain and range: a misread, not a fact
            if relation in SYMMETRIC and subject.key > obj.key:
                subject, obj = obj, subject  # one direction for symmetric relations
            key = (subject.key, relation, obj.key)
            if key in seen:
                return
            seen.add(key)
            nonlocal dates
            if dates is None:
                dates = find_dates(doc.text, self.lang, article.date)
            in_sentence = [d for d in dates if sentence.start_char <= d.start < sentence.end_char]
            stated = nearest(in_sentence, anchor) if anchor is not None else None
            if sentence_hedged(sentence, self.lexicon):
                confidence -= HEDGE_PENALTY
            provenance = Provenance(article.id, sentence.text.strip(), sentence.start_char, sentence.end_char,
                                    stated.value if stated else article.date, round(max(confidence, 0.05), 2), rule,
                                    date_from_article=stated is None and article.date is not None,
                                    place=place if place is not None and place.key not in (subject.key, obj.key) else None)
            result.statements.append(Statement(subject, relation, obj, provenance))

        for sentence in sentences(doc):
            for match in self.triggers(sentence, index):
                reason = why_not_asserted(match.trigger, self.lexicon)
                if reason:
                    result.dropped.append(Dropped(sentence.text.strip(), match.rule.name, match.trigger.text, reason))
                    continue
                penalty = 0.1 if "governor" in match.via else 0.0
                kind = "verb" if match.rule.verbs else "noun"
                pairs = _pairs(match)
                if not pairs and match.subjects and match.rule.relation in EVENT_OBJECT_RELATIONS:
                    pairs, via = self._event_pairs(match, result.statements, mentions)
                    penalty += 0.1
                elif not pairs and not match.subjects and match.rule.relation in AGENTLESS_RELATIONS \
                        and is_passive(match.trigger):
                    # "Nayara Energy was also sanctioned": by the article's sanctioner.
                    earlier = [s.subject for s in result.statements if s.relation == match.rule.relation]
                    objects = [o for o in (_object(match.rule.relation, m) for m in match.objects) if o is not None]
                    pairs, via = ([(earlier[-1], o) for o in objects], f"{match.via}:passive") if earlier else ([], match.via)
                    penalty += 0.1
                else:
                    via = match.via
                place = self._place(match, index)
                for subject, obj in pairs:
                    emit(subject, match.rule.relation, obj, sentence,
                         f"{match.rule.name}:{match.trigger.lemma_}[{via}]",
                         CONFIDENCE[kind] - penalty - distance_penalty(match), match.trigger.idx, place)
                if pairs and match.rule.relation in GATHERINGS:
                    for person, place in self._visitors(match, index, homes, result.statements):
                        emit(person, "visited", place, sentence, f"visited/inferred:{match.trigger.lemma_}[place]",
                             CONFIDENCE["inferred"], match.trigger.idx)
            for mention, relation, title, holder in offices_named:
                if sentence.start <= mention.start < sentence.end and relation in {"leader_of", "official_of"}:
                    emit(mention.entity, relation, holder, sentence, f"{relation}/title:{title}[unnamed]",
                         CONFIDENCE["inherited"], doc[mention.start].idx)
            for office in self.titles(sentence, index):
                emit(office.person.entity, office.relation, office.of, sentence,
                     f"{office.relation}/title:{office.title}[{office.how}]", CONFIDENCE[office.how])
            for found in self.patterns(sentence, index):
                pair = _pattern_pair(found.relation, found.subject, found.object)
                if pair:
                    emit(pair[0], found.relation, pair[1], sentence, found.name, CONFIDENCE["pattern"])
        everyone_homes = self._homes_of(result.statements, homes)
        result.statements = [s for s in result.statements if not _with_own_side(s, everyone_homes)]
        return result

    @staticmethod
    def _place(match: Match, index: MentionIndex) -> Entity | None:
        """Where an event happened, when the sentence says ("met Trump in the Oval Office")."""
        if match.rule.relation in PLACE_OBJECTS:
            return None  # the place is the object already
        places = [m.entity for m in index.in_tokens(t for _, t in locations(match.trigger) for t in phrase(t))
                  if m.entity.type is EntityType.PLACE or m.actor.type is EntityType.COUNTRY and not m.demonym]
        return places[0] if places else None

    def _homes(self, offices: dict[tuple[str, str], list[tuple[str, Entity]]]) -> dict[str, Collection[str]]:
        """Each person's own states and organisations: offices in the article, else the gazetteer."""
        stated: dict[str, set[str]] = {}
        for (_, holder), people in offices.items():
            for _, person in people:
                stated.setdefault(person.key, set()).add(holder)
        return {**self._gazetteer_homes, **stated}  # read only downstream: no copies

    @cached_property
    def _gazetteer_homes(self) -> dict[str, frozenset[str]]:
        gazetteer = self.mentions.gazetteer
        return {person: frozenset({gazetteer.country(iso).key}) for person, iso in gazetteer.person_country.items()
                if gazetteer.country(iso) is not None}

    @staticmethod
    def _homes_of(statements: list[Statement], homes: dict[str, set[str]]) -> dict[str, set[str]]:
        merged = dict(homes)  # the gazetteer's homes, shared; only those the article adds to are copied
        for s in statements:
            if s.relation in {"leader_of", "official_of", "member_of"}:
                merged[s.subject.key] = set(merged.get(s.subject.key, ())) | {s.object.key}
        return merged

    def _visitors(self, match: Match, index: MentionIndex, homes: dict[str, set[str]], earlier: list[Statement]):
        """People meeting or signing at a place abroad have travelled there:
        "Zelensky met Trump in the Oval Office", "ont signé à la Maison Blanche"."""
        places = index.in_tokens(t for _, t in locations(match.trigger) for t in phrase(t))
        located = {s.subject.key: s.object for s in earlier if s.relation == "located_in"}
        people = [m.entity for m in match.subjects + match.objects if m.entity.type is EntityType.PERSON]
        for place in places:
            if place.entity.type is EntityType.COUNTRY or place.demonym:
                country = place.actor
            elif place.entity.type is EntityType.PLACE:
                country = place.stands_for or located.get(place.entity.key)
            else:
                continue
            if country is None or country.type is not EntityType.COUNTRY:
                continue
            for person in people:
                home = homes.get(person.key, set())
                if home and country.key not in home:
                    yield person, place.entity

    @cached_property
    def _countries(self) -> dict[str, Entity]:
        return {e.key: e for e in self.mentions.gazetteer.by_iso.values()}

    @cached_property
    def _gazetteer_leaders(self) -> frozenset[str]:
        """People the gazetteer knows as heads of state, government or a body."""
        return frozenset(key for key, roles in self.mentions.gazetteer.person_roles.items()
                         if any(r.role in {"head_of_state", "head_of_government", "leader"} for r in roles))

    def _known_holder(self, relation: str, title: str, of: Entity) -> Entity | None:
        """The one person the gazetteer has in an office ("le dirigeant vénézuélien": Maduro)."""
        for words, roles in self.lexicon.title_roles.items():
            if words in title:
                holders = self.mentions.gazetteer.holders(of, frozenset(roles))
                return holders[0] if len(holders) == 1 else None
        return None

    def _offices(self, doc: Doc, mentions: list[Mention]) -> dict[tuple[str, str], list[tuple[str, Entity]]]:
        """Who holds which office in this article, from titles next to names."""
        index = MentionIndex(mentions)
        offices: dict[tuple[str, str], list[tuple[str, Entity]]] = {}
        for sentence in sentences(doc):
            for office in self.titles(sentence, index):
                offices.setdefault((office.relation, office.of.key), []).append((office.title, office.person.entity))
        return offices

    def _event_pairs(self, match: Match, earlier: list[Statement], mentions: list[Mention]):
        """"Petro a dénoncé des sanctions", "condemned the coup": an event noun
        with no agent in sight stands for the article's last actor of that
        kind of event (the last sanctioner, the junta)."""
        subjects = [m.actor for m in match.subjects if m.actor.type.is_actor]
        for noun in event_nouns(match.trigger, match.rule.verbs != frozenset()):
            target = self.lexicon.events.get(noun.lemma_.lower()) or self.lexicon.events.get(noun.lower_)
            candidates: list[Entity] = []
            if target == "junta":
                candidates = [m.entity for m in mentions if m.start < match.trigger.i and m.entity.key.startswith("junta:")]
            elif target:
                candidates = [s.subject for s in earlier if s.relation == target
                              and all(s.subject.key != x.key for x in subjects)]
            if candidates:
                return [(s, candidates[-1]) for s in subjects], f"{match.via}:event:{noun.lemma_}"
        return [], match.via

    def _with_speakers(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"« We will stand with Ukraine », said Sunak": we is the speaker."""
        index = MentionIndex(mentions)
        extra: list[Mention] = []
        text = doc_words(doc)
        for sentence in sentences(doc):
            inside = range(sentence.start, sentence.end)
            verbs = [doc[i] for i in inside if text.lemma[i] in self.lexicon.speech_verbs and text.pos[i] == "VERB"]
            speakers = [m for t in verbs for m in index.in_tokens(x for s in subject_of(t) for x in phrase(s))
                        if m.actor.type.is_actor]
            if not speakers:
                continue
            speaker = speakers[0]
            extra.extend(Mention(i, i + 1, text.text[i], speaker.entity, speaker.stands_for, anaphor=True)
                         for i in inside if text.lower[i] in self.lexicon.first_person and i not in index.at)
        return sorted(mentions + extra, key=lambda m: m.start)

    def _with_country_anaphora(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"the country's elected president", "le pays": the last state named
        before; "the bloc", "l'organisation": the last known organisation."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        extra: list[Mention] = []
        last: dict[EntityType, Entity] = {}
        ordered = sorted(mentions, key=lambda m: m.start)
        position = 0
        words = {EntityType.COUNTRY: self.lexicon.country_anaphora, EntityType.ORGANIZATION: self.lexicon.org_anaphora}
        anaphora = set().union(*words.values())
        for i, lemma in enumerate(doc_words(doc).lemma):
            if lemma not in anaphora or i in taken:
                continue
            token = doc[i]
            if "Plur" in token.morph.get("Number") \
                    or not any(c.dep_ == "det" and c.lower_ in {"the", "le", "la", "l'", "l’", "ce", "cette", "this"}
                               for c in token.children):
                continue
            while position < len(ordered) and ordered[position].start <= i:
                actor = ordered[position].actor
                if actor.type is EntityType.COUNTRY or (actor.type is EntityType.ORGANIZATION and self.titles._known(actor)):
                    last[actor.type] = actor
                position += 1
            for kind, lemmas in words.items():
                if lemma in lemmas and kind in last:
                    extra.append(Mention(token.i, token.i + 1, token.text, last[kind], anaphor=True))
                    break
        return sorted(mentions + extra, key=lambda m: m.start)

def _with_own_side(statement: Statement, homes: dict[str, set[str]]) -> bool:
    """"Ukraine met Zelensky", "Maduro allied with Venezuela": a person does not
    meet, ally with or fight the state or body they serve; a parse paired them."""
    if statement.relation not in INTERACTIONS:
        return False
    s, o = statement.subject, statement.object
    return o.key in homes.get(s.key, ()) or s.key in homes.get(o.key, ())


def distance_penalty(match: Match) -> float:
    """Arguments far from their trigger are more often a parse's mistake."""
    distances = [abs(m.start - match.trigger.i) for m in match.subjects + match.objects]
    far = max(distances, default=0) - DISTANCE_FREE
    return min(max(far, 0) * 0.01, 0.2)


def sentence_hedged(sentence: Span, lexicon: Lexicon) -> bool:
    """"selon Kyiv", "reportedly": the sentence reports a claim; it counts, with less confidence."""
    text = doc_words(sentence.doc)
    return any(text.lower[i] in lexicon.hedges or text.lemma[i] in lexicon.hedges
               for i in range(sentence.start, sentence.end))


def _pairs(match: Match):
    relation = match.rule.relation
    subjects = [m.actor for m in match.subjects if m.actor.type.is_actor]
    met_objects = match.objects
    if relation == "met":
        # "hosts 35,000 American troops": the troops' nationality is no one met.
        met_objects = tuple(m for m in match.objects if not (m.demonym and _names_a_force(match.trigger.doc, m)))
    objects = [_object(relation, m) for m in met_objects]
    objects = [o for o in objects if o is not None]
    if match.rule.object_types:
        objects = [o for o in objects if o.type.value in match.rule.object_types]
    if match.rule.subject_types:
        subjects = [s for s in subjects if s.type.value in match.rule.subject_types]
    if relation in SYMMETRIC and len({o.key for o in objects}) > 1 and match.via.startswith("governor>") \
            and match.via.endswith(BETWEEN) and not _hosted(match.trigger):
        # "préoccupé par les frappes en pleine négociation entre l'Iran et les États-Unis":
        # the two named are the parties; the speaker is not, unless hosting.
        return [(a, b) for a, b in combinations(objects, 2) if a.key != b.key]
    coordinated = [m.actor for m in match.coordinated_subjects if m.actor.type.is_actor]
    if relation in SYMMETRIC and not objects and len({a.key for a in coordinated}) > 1:
        # "X et Y ont signé", never "Azerbaijan, an ally of Turkey, welcomed…".
        return [(a, b) for a, b in combinations(coordinated, 2) if a.key != b.key]
    if relation in SYMMETRIC and not subjects and len(objects) > 1:
        return list(combinations(objects, 2))
    return [(s, o) for s in subjects for o in objects]


FORCE_NOUNS = {"troop", "troops", "soldier", "soldiers", "force", "forces", "base", "bases", "ship", "ships",
               "warship", "warships", "aircraft", "jet", "jets", "troupe", "troupes", "soldat", "soldats", "navire",
               "navires", "avion", "avions", "militaire", "militaires"}


def _hosted(trigger) -> bool:
    """Is the event the subject of a verb of hosting ("organisée par Anwar Ibrahim")?"""
    verb = governing_verb(trigger)
    return verb is not None and verb.lemma_.lower() in HOSTING_VERBS


def _names_a_force(doc: Doc, mention: Mention) -> bool:
    return doc[mention.start].head.lemma_.lower() in FORCE_NOUNS


def _object(relation: str, mention: Mention) -> Entity | None:
    if relation in {"visited", "deployed_forces_to"}:
        target = mention.entity if mention.entity.type is EntityType.PLACE else mention.actor
        return target if target.type in {EntityType.PLACE, EntityType.COUNTRY} else None
    if relation in PLACE_OBJECTS and mention.entity.type is EntityType.PLACE:
        return mention.entity
    return mention.actor if mention.actor.type.is_actor else None


def _pattern_pair(relation: str, subject: Mention, obj: Mention) -> tuple[Entity, Entity] | None:
    if relation == "located_in":
        if subject.entity.type is not EntityType.PLACE or subject.demonym:
            return None
        target = obj.entity if obj.entity.type is EntityType.PLACE else obj.actor
        if target.type not in {EntityType.PLACE, EntityType.COUNTRY}:
            return None
        # A capital lies in its own country, whatever the sentence's layout.
        if subject.stands_for is not None and subject.stands_for.type is EntityType.COUNTRY and target.type is EntityType.COUNTRY \
                and subject.stands_for.key != target.key:
            return None
        return subject.entity, target
    if not subject.actor.type.is_actor or not obj.actor.type.is_actor:
        return None
    return subject.actor, obj.actor
