"""The gazetteer data: well-formed QIDs, coverage, metonymy and demonyms."""
from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

import pytest

from kg.gazetteer import Kind, load_gazetteer
from kg.model import EntityType

QID = re.compile(r"^Q[1-9][0-9]*$")
DATA = resources.files("kg") / "data" / "gazetteer"


def records(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("name", ["countries.jsonl", "organizations.jsonl", "people.jsonl"])
def test_every_qid_is_well_formed_and_unique(name):
    qids = [r["qid"] for r in records(name) if r.get("qid")]
    assert all(QID.match(q) for q in qids), [q for q in qids if not QID.match(q)]
    assert [q for q, n in Counter(qids).items() if n > 1] == []


def test_every_un_member_and_observer_is_there():
    isos = {r["iso"] for r in records("countries.jsonl")}
    assert len(isos) >= 197
    assert {"PS", "VA", "TW", "XK", "KP", "CD", "US", "RU", "UA"} <= isos


def test_capital_stands_for_its_country(gazetteer):
    entry = gazetteer.lookup("fr", "Moscou")
    assert entry.kind == Kind.CAPITAL
    assert entry.entity.type is EntityType.PLACE
    assert entry.stands_for.qid == "Q159"


def test_seat_of_government_stands_for_its_country(gazetteer):
    entry = gazetteer.lookup("en", "Kremlin")
    assert entry.kind == Kind.SEAT and entry.stands_for.qid == "Q159"


@pytest.mark.parametrize("word", ["nord-coréen", "nord-coréenne", "nord-coréens", "Nord-Coréens"])
def test_french_demonyms_in_every_form(gazetteer, word):
    entry = gazetteer.lookup("fr", word)
    assert entry.kind == Kind.DEMONYM and entry.entity.qid == "Q423"


def test_country_names_in_both_languages_from_packages_and_aliases(gazetteer):
    assert gazetteer.lookup("fr", "Corée du Nord").entity.qid == "Q423"
    assert gazetteer.lookup("en", "North Korea").entity.qid == "Q423"
    assert gazetteer.lookup("fr", "RPDC").entity.qid == "Q423"
    assert gazetteer.lookup("en", "United Kingdom").entity.qid == "Q145"


def test_abbreviations_match_only_in_capitals(gazetteer):
    assert gazetteer.lookup("en", "US").entity.qid == "Q30"
    assert gazetteer.lookup("en", "us") is None


def test_organisations_and_people(gazetteer):
    assert gazetteer.lookup("fr", "OTAN").entity.qid == "Q7184"
    assert gazetteer.lookup("en", "Vladimir Putin").entity.qid == "Q7747"
    assert gazetteer.lookup("fr", "Vladimir Poutine").entity.qid == "Q7747"
