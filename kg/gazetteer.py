"""Known actors and places with their Wikidata QIDs, by surface name.

Country names come from pycountry (ISO names) and babel (the names French
and English writers use); ``kg/data/gazetteer/*.jsonl`` adds what those
packages lack: QIDs, capitals, seats of government, demonyms, aliases,
international organisations, armed groups and people.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .model import Entity, EntityType

log = logging.getLogger(__name__)

DATA = resources.files("kg") / "data" / "gazetteer"


class Kind:
    """What a gazetteer name is: it decides how a mention of it resolves."""

    COUNTRY = "country"
    CAPITAL = "capital"  # a place that stands for its country's government
    SEAT = "seat"  # Kremlin, Maison Blanche: stands for the government
    DEMONYM = "demonym"  # "russe", "North Korean": the state as an adjective
    ORGANIZATION = "organization"
    PERSON = "person"
    SURNAME = "surname"  # only a person's surname: needs care before use


@dataclass(frozen=True)
class Entry:
    kind: str
    entity: Entity
    stands_for: Entity | None = None


@dataclass(frozen=True)
class Role:
    """An office a gazetteer person holds or held (``people.jsonl`` ``roles``)."""

    role: str  # head_of_state, head_of_government, foreign_minister, defence_minister, minister, leader, official
    of: str  # ISO code of a state, or the key of an organisation
    until: int | None = None  # last year in office; None while in office


@dataclass
class Gazetteer:
    """Names in each language mapped to entries.

    ``exact`` names match case-sensitively (proper nouns, abbreviations such
    as "US" that are ordinary words in lower case); ``folded`` names match
    whatever the case (French demonyms, which are lower case in running text
    but capitalised at a sentence start).
    """

    exact: dict[str, dict[str, Entry]] = field(default_factory=lambda: defaultdict(dict))
    folded: dict[str, dict[str, Entry]] = field(default_factory=lambda: defaultdict(dict))
    accentless: dict[str, dict[str, Entry]] = field(default_factory=lambda: defaultdict(dict))
    by_iso: dict[str, Entity] = field(default_factory=dict)
    person_country: dict[str, str] = field(default_factory=dict)  # person key -> iso
    person_roles: dict[str, tuple[Role, ...]] = field(default_factory=dict)  # person key -> offices
    by_org_key: dict[str, Entity] = field(default_factory=dict)  # organisation key -> entity
    by_person_key: dict[str, Entity] = field(default_factory=dict)  # person key -> entity
    vessel_prefixes: dict[str, str] = field(default_factory=dict)  # "USS" -> "US": a warship's flag

    def add(self, lang: str | None, name: str, entry: Entry, *, fold: bool = False, replace: bool = False) -> None:
        name = " ".join(name.split())
        if not name:
            return
        for language in ([lang] if lang else ["fr", "en"]):
            table = self.folded if fold else self.exact
            key = name.casefold() if fold else name
            # First come, first served: curated aliases are loaded before
            # package names, and a country before a city of the same name.
            # An organisation's seat replaces a capital ("Bruxelles" is the EU).
            if replace:
                table[language][key] = entry
            else:
                table[language].setdefault(key, entry)
            self.accentless[language].setdefault(_without_accents(key), entry)

    def names(self, lang: str) -> dict[str, dict[str, Entry]]:
        return {"exact": self.exact[lang], "folded": self.folded[lang]}

    def lookup(self, lang: str, name: str) -> Entry | None:
        """The entry for a name, matched exactly, then case-blind, then accent-blind ("Bogotá")."""
        name = " ".join(name.split())
        return self.exact[lang].get(name) or self.folded[lang].get(name.casefold()) \
            or self.accentless[lang].get(_without_accents(name)) \
            or self.accentless[lang].get(_without_accents(name.casefold()))

    def country(self, iso: str) -> Entity | None:
        return self.by_iso.get(iso)

    def organization(self, key: str) -> Entity | None:
        return self.by_org_key.get(key)

    def holders(self, of: Entity, roles: frozenset[str]) -> list[Entity]:
        """The people in office now (no end year) holding one of ``roles`` of a state or organisation."""
        codes = {iso for iso, e in self.by_iso.items() if e.key == of.key} \
            | {key for key, e in self.by_org_key.items() if e.key == of.key}
        return [self.by_person_key[person] for person, offices in self.person_roles.items()
                if any(r.role in roles and r.of in codes and r.until is None for r in offices)]


def _without_accents(name: str) -> str:
    """"Bogotá" -> "Bogota", case kept (an abbreviation stays one)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-blind form of a name, for keys."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text.replace("’", "'")).split())


def entity_key(type_: EntityType, name: str, qid: str | None = None) -> str:
    return f"wd:{qid}" if qid else f"{type_.value.lower()}:{normalise(name)}"


def _lines(path: Path):
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{number}: {e}") from e


def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    folder = Path(folder or DATA)
    gazetteer = Gazetteer()
    _load_countries(gazetteer, folder / "countries.jsonl")
    _load_organizations(gazetteer, folder / "organizations.jsonl")
    _load_people(gazetteer, folder / "people.jsonl")
    if (folder / "vessel_prefixes.jsonl").exists():
        gazetteer.vessel_prefixes = {r["prefix"]: r["country"] for r in _lines(folder / "vessel_prefixes.jsonl")}
    return gazetteer


def _package_names(iso: str) -> dict[str, list[str]]:
    """Country names from babel (usual names) and pycountry (ISO names)."""
    import pycountry
    from babel import Locale

    names: dict[str, list[str]] = {"en": [], "fr": []}
    for lang in names:
        usual = Locale(lang).territories.get(iso)
        if usual and " - " not in usual:  # "Congo - Kinshasa" is a label, not a name
            names[lang].append(usual)
    country = pycountry.countries.get(alpha_2=iso)
    if country is not None:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:  # "Korea, Republic of" is an index form
                names["en"].append(value)
    return names


def _load_countries(gazetteer: Gazetteer, path: Path) -> None:
    records = list(_lines(path))
    countries = {}
    for record in records:
        iso = record["iso"]
        names = _package_names(iso)
        aliases = record.get("aliases", {})
        label = (names["en"] or aliases.get("en") or [iso])[0]
        country = Entity(entity_key(EntityType.COUNTRY, label, record.get("qid")), label,
                         EntityType.COUNTRY, record.get("qid"))
        countries[iso] = (record, country, names)
        gazetteer.by_iso[iso] = country
    # Countries first, so that a country's name wins over a capital of the same name.
    for record, country, names in countries.values():
        entry = Entry(Kind.COUNTRY, country)
        for lang in ("en", "fr"):
            for name in record.get("aliases", {}).get(lang, []) + names[lang]:
                gazetteer.add(lang, name, entry)
    for record, country, _ in countries.values():
        capital = record.get("capital") or {}
        if capital.get("en"):
            place = Entity(entity_key(EntityType.PLACE, capital["en"], capital.get("qid")),
                           capital["en"], EntityType.PLACE, capital.get("qid"))
            entry = Entry(Kind.CAPITAL, place, country)
            for lang in ("en", "fr"):
                if capital.get(lang):
                    gazetteer.add(lang, capital[lang], entry)
            for alias in record.get("capital_aliases", []):
                gazetteer.add(None, alias, entry)
        for lang, seats in (record.get("seats") or {}).items():
            for seat in seats:
                label = _seat_label(record, seat)
                place = Entity(entity_key(EntityType.PLACE, label), label, EntityType.PLACE)
                gazetteer.add(lang, seat, Entry(Kind.SEAT, place, country))
        for lang, demonyms in (record.get("demonyms") or {}).items():
            for demonym in demonyms:
                # French demonyms are lower case in running text; English ones capitalised.
                gazetteer.add(lang, demonym, Entry(Kind.DEMONYM, country), fold=lang == "fr")


def _seat_label(record: dict, name: str) -> str:
    """One seat, one entity, whatever the language: "Maison Blanche" is the White
    House. ``seat_groups`` lists a seat's names, English first; otherwise
    ``seats`` given in the same order in both languages pair up."""
    for group in record.get("seat_groups", ()):
        if name in group:
            return group[0]
    seats = record.get("seats") or {}
    english, french = seats.get("en", []), seats.get("fr", [])
    if len(english) == len(french) and name in french:
        return english[french.index(name)]
    return name


def _load_organizations(gazetteer: Gazetteer, path: Path) -> None:
    if not path.exists():
        return
    for record in _lines(path):
        names = record.get("names", {})
        label = (names.get("en") or names.get("fr") or [record["key"]])[0]
        org = Entity(entity_key(EntityType.ORGANIZATION, label, record.get("qid")), label,
                     EntityType.ORGANIZATION, record.get("qid"))
        gazetteer.by_org_key[record["key"]] = org
        for lang, values in names.items():
            for name in values:
                gazetteer.add(lang, name, Entry(Kind.ORGANIZATION, org))
        for lang, seats in (record.get("seats") or {}).items():
            for seat in seats:
                label = _seat_label(record, seat)
                place = Entity(entity_key(EntityType.PLACE, label), label, EntityType.PLACE)
                gazetteer.add(lang, seat, Entry(Kind.SEAT, place, org), replace=True)


def _load_people(gazetteer: Gazetteer, path: Path) -> None:
    if not path.exists():
        return
    for record in _lines(path):
        label = record["names"][0]
        person = Entity(entity_key(EntityType.PERSON, label, record.get("qid")), label,
                        EntityType.PERSON, record.get("qid"))
        gazetteer.by_person_key[person.key] = person
        if record.get("country"):
            gazetteer.person_country[person.key] = record["country"]
        if record.get("roles"):
            gazetteer.person_roles[person.key] = tuple(
                Role(r["role"], r["of"], r.get("until")) for r in record["roles"])
        for name in record["names"]:
            gazetteer.add(None, name, Entry(Kind.PERSON, person))
            if "-" in name:  # "Kim Jong-un" is also written "Kim Jong Un"
                gazetteer.add(None, name.replace("-", " "), Entry(Kind.PERSON, person))
        for surname in record.get("surnames", []):
            gazetteer.add(None, surname, Entry(Kind.SURNAME, person))
