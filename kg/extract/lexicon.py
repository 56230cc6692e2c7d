"""Load a language's trigger lexicon (``lexicons/<lang>.toml``) into rules."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources

RELATIONS = (
    "leader_of", "official_of", "member_of", "allied_with", "located_in",
    "met", "visited", "signed_agreement_with", "supports", "provided_aid_to",
    "deployed_forces_to", "attacked", "invaded", "threatened", "sanctioned", "condemned",
)
SYMMETRIC = frozenset({"allied_with", "met", "signed_agreement_with"})
# Each relation's domain and range, as ontology/kg.ttl states them (a test
# checks the two agree); "Actor" is a person, a country or an organisation.
_ACTOR = frozenset({"Person", "Country", "Organization"})
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "leader_of": (frozenset({"Person"}), frozenset({"Country", "Organization"})),
    "official_of": (frozenset({"Person"}), frozenset({"Country", "Organization"})),
    "member_of": (_ACTOR, frozenset({"Organization"})),
    "allied_with": (_ACTOR, _ACTOR),
    "located_in": (frozenset({"Place"}), frozenset({"Place", "Country"})),
    "met": (_ACTOR, _ACTOR),
    "visited": (_ACTOR, frozenset({"Place", "Country"})),
    "signed_agreement_with": (_ACTOR, _ACTOR),
    "supports": (_ACTOR, _ACTOR),
    "provided_aid_to": (_ACTOR, _ACTOR),
    "deployed_forces_to": (_ACTOR, frozenset({"Place", "Country"})),
    "attacked": (_ACTOR, _ACTOR | {"Place"}),
    "invaded": (_ACTOR, frozenset({"Place", "Country"})),
    "threatened": (_ACTOR, _ACTOR),
    "sanctioned": (_ACTOR, _ACTOR),
    "condemned": (_ACTOR, _ACTOR),
}
# Relations whose object may be a place rather than an actor.
PLACE_OBJECTS = frozenset({"visited", "deployed_forces_to", "attacked", "invaded", "located_in"})


@dataclass(frozen=True)
class Rule:
    relation: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    clause_needs: frozenset[str] = frozenset()  # one must occur in the trigger's clause
    object_types: frozenset[str] = frozenset()
    subject_types: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        kind = "verb" if self.verbs else "noun"
        return f"{self.relation}/{kind}"


@dataclass(frozen=True)
class Lexicon:
    lang: str
    rules: tuple[Rule, ...]
    modal_heads: frozenset[str]
    negations: frozenset[str]
    conditionals: frozenset[str]
    leader_titles: tuple[str, ...]
    official_titles: tuple[str, ...]
    former: frozenset[str]
    country_anaphora: frozenset[str]
    org_anaphora: frozenset[str] = frozenset()
    patterns: tuple[dict, ...] = field(default=())
    resist_verbs: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    first_person: frozenset[str] = frozenset()
    junta_heads: frozenset[str] = frozenset()
    junta_ruling: frozenset[str] = frozenset()
    coup_words: frozenset[str] = frozenset()
    events: dict[str, str] = field(default_factory=dict)
    implied_titles: dict[str, str] = field(default_factory=dict)
    hedges: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    counterpart_titles: tuple[str, ...] = ()
    ranks: frozenset[str] = frozenset()
    body_leader_titles: frozenset[str] = frozenset()
    government_words: frozenset[str] = frozenset()
    title_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    institutions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    pair_numerals: frozenset[str] = frozenset()
    pair_people: frozenset[str] = frozenset()
    pair_states: frozenset[str] = frozenset()
    leader_nouns: frozenset[str] = frozenset()

    @property
    def event_nouns(self) -> frozenset[str]:
        return frozenset(n for rule in self.rules for n in rule.nouns)


def _multiword_rules(raw: dict, lang: str) -> list[Rule]:
    """"partenariat stratégique", "mettre en garde", "air campaign": a trigger
    of several words is its head word, with the others required in its
    phrase or clause. French heads come first; English compounds end with
    theirs ("air campaign"), phrases with "of" start with it."""
    rules = []
    for kind in ("verbs", "nouns"):
        for entry in raw.get(kind, ()):
            words = entry.replace("'", "' ").split()
            if len(words) < 2:
                continue
            if lang == "en" and kind == "nouns" and "of" not in words:
                words = [words[-1], *words[:-1]]
            head, *rest = words
            reflexive = head in {"se", "s'", "s’"}
            if head.endswith("'") or reflexive:  # "s'allier", "se rendre": the verb, with its "se"
                head, rest = rest[0], rest[1:]
            words = frozenset(w for w in rest if len(w) > 2)
            if reflexive and kind == "verbs":
                rules.append(_rule(raw, verbs=frozenset({head}), clause_needs=frozenset({"se", "s'", "s’"})))
                continue
            if not words and kind == "verbs":
                rules.append(_rule(raw, verbs=frozenset({head})))
            elif kind == "verbs":
                rules.append(_rule(raw, verbs=frozenset({head}), clause_needs=words))
            else:
                rules.append(_rule(raw, nouns=frozenset({head}), needs=words | frozenset(raw.get("needs", ()))))
    return rules


def _rule(raw: dict, **changes) -> Rule:
    base = {"relation": raw["relation"], "subject": tuple(raw["subject"]), "object": tuple(raw["object"]),
                "needs": frozenset(raw.get("needs", ())), "clause_needs": frozenset(raw.get("clause_needs", ())),
                "object_types": frozenset(raw.get("object_types", ())),
                "subject_types": frozenset(raw.get("subject_types", ()))}
    base.update(changes)
    return Rule(**base)


def load_lexicon(lang: str) -> Lexicon:
    path = resources.files("kg.extract") / "lexicons" / f"{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = []
    for raw in data["rule"]:
        if raw["relation"] not in RELATIONS:
            raise ValueError(f"{path}: unknown relation {raw['relation']!r}; known: {', '.join(RELATIONS)}")
        rules.extend(_multiword_rules(raw, lang))
        rules.append(_rule(raw, verbs=frozenset(raw.get("verbs", ())), nouns=frozenset(raw.get("nouns", ()))))
    modality, titles = data["modality"], data["titles"]
    return Lexicon(
        lang=lang, rules=tuple(rules),
        modal_heads=frozenset(modality["heads"]), negations=frozenset(modality["negations"]),
        conditionals=frozenset(modality["conditionals"]), hedges=frozenset(modality.get("hedges", ())),
        leader_titles=tuple(titles["leader"]), official_titles=tuple(titles["official"]),
        former=frozenset(titles["former"]), country_anaphora=frozenset(titles["country_anaphora"]),
        org_anaphora=frozenset(titles.get("org_anaphora", ())),
        patterns=tuple(data.get("pattern", ())),
        resist_verbs=frozenset(data["words"]["resist"]), speech_verbs=frozenset(data["words"]["speech"]),
        first_person=frozenset(data["words"]["first_person"]),
        junta_heads=frozenset(data["words"].get("junta", ())),
        junta_ruling=frozenset(data["words"].get("junta_ruling", ())),
        coup_words=frozenset(data["words"].get("coup", ())),
        events=dict(data.get("events", {})),
        pronouns=frozenset(data["words"].get("pronouns", ())),
        counterpart_titles=tuple(titles.get("counterpart", ())),
        ranks=frozenset(titles.get("ranks", ())), body_leader_titles=frozenset(titles.get("body_leader", ())),
        government_words=frozenset(titles.get("government", ())),
        title_roles={k: tuple(v) for k, v in titles.get("roles", {}).items()},
        institutions=dict(data.get("institutions", {})),
        pair_numerals=frozenset(data["words"].get("pair_numerals", ())),
        pair_people=frozenset(data["words"].get("pair_people", ())),
        pair_states=frozenset(data["words"].get("pair_states", ())),
        leader_nouns=frozenset(data["words"].get("leader_nouns", ())),
        implied_titles={k.lower(): v for k, v in titles.get("implied", {}).items()},
    )
