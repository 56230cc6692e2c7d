"""The gazetteer data: well-formed QIDs, coverage, metonymy and demonyms."""
from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

import pytest

from kg.gazetteer import Kind, Role, load_gazetteer
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


# --- coverage of the analyst's list ------------------------------------------

UN_MEMBERS = set("""
AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG CH CI
CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR
GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR
LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA
PE PG PH PK PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH
TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA ZM ZW
""".split())


def test_every_un_member_state_by_code():
    assert len(UN_MEMBERS) == 193
    isos = {r["iso"] for r in records("countries.jsonl")}
    assert UN_MEMBERS | {"PS", "VA", "TW", "XK", "EH"} <= isos


def test_french_demonyms_have_feminine_and_plural_forms():
    """Each French demonym list covers gender and number: a masculine form
    (singular = plural for -s/-x/-z endings), a feminine, and their plurals."""
    for r in records("countries.jsonl"):
        forms = set(r["demonyms"]["fr"])
        assert forms == {f.lower() for f in forms}, r["iso"]
        assert any(f.endswith(("s", "x", "z")) for f in forms), (r["iso"], forms)  # a plural
        assert any(f.endswith("e") for f in forms), (r["iso"], forms)  # a feminine (or epicene) form
        for f in forms:
            if f.endswith("e") and not f.endswith("ée"):
                assert f + "s" in forms, (r["iso"], f)  # every feminine/epicene form has its plural


ORGANIZATIONS = [
    # (language, name, key)
    ("en", "European Union", "eu"), ("fr", "Bruxelles", None), ("fr", "UE", "eu"),
    ("en", "NATO", "nato"), ("fr", "OTAN", "nato"),
    ("en", "UN", "un"), ("fr", "ONU", "un"), ("fr", "Nations unies", "un"),
    ("en", "Security Council", "un_security_council"), ("fr", "Assemblée générale", "un_general_assembly"),
    ("en", "UN Secretariat", "un_secretariat"), ("fr", "HCR", "unhcr"), ("en", "UNICEF", "unicef"),
    ("fr", "Programme alimentaire mondial", "wfp"), ("en", "WFP", "wfp"), ("en", "WHO", "who"), ("fr", "OMS", "who"),
    ("en", "UNRWA", "unrwa"), ("en", "OCHA", "ocha"), ("fr", "Conseil des droits de l'homme", "un_human_rights_council"),
    ("en", "ICJ", "icj"), ("fr", "CIJ", "icj"),
    ("en", "AU", "african_union"), ("fr", "UA", "african_union"),
    ("en", "ECOWAS", "ecowas"), ("fr", "CEDEAO", "ecowas"),
    ("en", "Alliance of Sahel States", "aes"), ("fr", "Alliance des États du Sahel", "aes"), ("fr", "AES", "aes"),
    ("en", "ASEAN", "asean"), ("en", "BRICS", "brics"), ("en", "G7", "g7"), ("fr", "G20", "g20"),
    ("en", "IAEA", "iaea"), ("fr", "AIEA", "iaea"), ("en", "ICC", "icc"), ("fr", "CPI", "icc"),
    ("en", "SCO", "sco"), ("fr", "OCS", "sco"), ("en", "OPEC", "opec"), ("fr", "OPEP", "opec"),
    ("en", "Arab League", "arab_league"), ("fr", "Ligue arabe", "arab_league"), ("en", "GCC", "gcc"),
    ("en", "OSCE", "osce"), ("fr", "Conseil de l'Europe", "council_of_europe"),
    ("en", "IMF", "imf"), ("fr", "FMI", "imf"), ("en", "World Bank", "world_bank"), ("fr", "OMC", "wto"),
    ("en", "SADC", "sadc"), ("en", "EAC", "eac"), ("en", "Commonwealth", "commonwealth"),
    # armed groups
    ("en", "Hamas", "hamas"), ("fr", "Hezbollah", "hezbollah"), ("en", "Ansar Allah", "houthis"),
    ("fr", "Houthis", "houthis"), ("fr", "Jihad islamique", "islamic_jihad"), ("en", "Wagner", "wagner_group"),
    ("en", "Africa Corps", "africa_corps"), ("en", "M23", "m23"), ("fr", "AFC", "afc"),
    ("en", "RSF", "rsf"), ("fr", "FSR", "rsf"), ("fr", "Forces de soutien rapide", "rsf"),
    ("en", "Sudanese Armed Forces", "sudanese_armed_forces"), ("en", "ISIS", "islamic_state"),
    ("fr", "État islamique", "islamic_state"), ("fr", "EI", "islamic_state"), ("en", "ISWAP", "iswap"),
    ("en", "al-Shabaab", "al_shabaab"), ("fr", "shebab", "al_shabaab"), ("en", "JNIM", "jnim"), ("fr", "GSIM", "jnim"),
    ("en", "Taliban", "taliban"), ("fr", "talibans", "taliban"), ("en", "HTS", "hts"),
    ("fr", "Hayat Tahrir al-Cham", "hts"), ("en", "PKK", "pkk"), ("en", "SDF", "sdf"),
    ("fr", "Forces démocratiques syriennes", "sdf"), ("en", "Tatmadaw", "tatmadaw"),
    ("en", "Arakan Army", "arakan_army"), ("en", "ELN", "eln"), ("fr", "dissidents des FARC", "farc_dissidents"),
    ("en", "Tren de Aragua", "tren_de_aragua"), ("en", "Cartel de los Soles", "cartel_de_los_soles"),
    ("fr", "Tsahal", "idf"),
]


@pytest.mark.parametrize("lang, name, key", [o for o in ORGANIZATIONS if o[2]],
                         ids=[f"{o[0]}-{o[1]}" for o in ORGANIZATIONS if o[2]])
def test_listed_organisations_are_there(gazetteer, lang, name, key):
    entry = gazetteer.lookup(lang, name)
    assert entry is not None and entry.kind == Kind.ORGANIZATION
    assert entry.entity == gazetteer.organization(key)


@pytest.mark.parametrize("lang, seat, iso", [
    ("en", "Kremlin", "RU"), ("fr", "Kremlin", "RU"),
    ("en", "White House", "US"), ("fr", "Maison Blanche", "US"), ("fr", "Maison-Blanche", "US"),
    ("en", "Pentagon", "US"), ("fr", "Pentagone", "US"), ("en", "State Department", "US"),
    ("en", "Foggy Bottom", "US"), ("fr", "Département d'État", "US"),
    ("fr", "Élysée", "FR"), ("en", "Elysee", "FR"), ("fr", "Quai d'Orsay", "FR"), ("fr", "Matignon", "FR"),
    ("en", "Downing Street", "GB"), ("fr", "Downing Street", "GB"),
    ("en", "Zhongnanhai", "CN"), ("fr", "Zhongnanhai", "CN"),
    ("en", "Kanzleramt", "DE"), ("en", "Bankova", "UA"), ("en", "Casa Rosada", "AR"), ("en", "Miraflores", "VE"),
])
def test_seats_stand_for_their_state(gazetteer, lang, seat, iso):
    entry = gazetteer.lookup(lang, seat)
    assert entry.kind == Kind.SEAT and entry.stands_for == gazetteer.country(iso)


def test_every_seat_and_capital_stands_for_a_known_state(gazetteer):
    for lang in ("en", "fr"):
        for table in gazetteer.names(lang).values():
            for name, entry in table.items():
                if entry.kind in (Kind.SEAT, Kind.CAPITAL):
                    assert entry.stands_for is not None, name


# Heads of state or government in office (no "until") for each of these...
LEADERS_OF = ("US CN RU GB FR DE IT JP CA IN BR ZA AR AU ID KR MX SA TR UA IL IR KP AE QA KW BH OM EG SY "
              "LB PK ML BF NE TD CD RW SD ET NG VE CO CU TH KH MY PH TW PL HU SE NO DK FI IS EE LV LT").split()
# ...and a foreign minister in office for each of these.
FOREIGN_MINISTERS_OF = ("US CN RU GB FR DE IT JP CA IN BR ZA AR AU ID KR SA TR UA IL IR KP AE QA KW BH OM EG SY "
                        "LB PK ML BF NE CD RW ET NG VE CO CU TH KH MY PH TW PL HU SE NO DK FI IS EE LV LT").split()


def _offices():
    current = {}
    for r in records("people.jsonl"):
        for role in r.get("roles", []):
            if not role.get("until"):
                current.setdefault(role["role"], set()).add(role["of"])
    return current


@pytest.mark.parametrize("iso", LEADERS_OF)
def test_leaders_of_listed_countries(iso):
    current = _offices()
    assert iso in current["head_of_state"] | current["head_of_government"]


@pytest.mark.parametrize("iso", FOREIGN_MINISTERS_OF)
def test_foreign_ministers_of_listed_countries(iso):
    assert iso in _offices()["foreign_minister"]


def test_heads_of_organisations_and_armed_groups():
    current = _offices()
    assert {"un", "nato", "european_commission", "african_union", "iaea", "who", "ecowas",
            "hezbollah", "houthis", "hamas", "taliban", "rsf", "m23", "jnim"} <= current["leader"]
    assert "icc" in current["official"] and "eu" in current["official"]  # prosecutor, High Representative


def test_roles_point_at_known_states_and_organisations(gazetteer):
    isos = {r["iso"] for r in records("countries.jsonl")}
    keys = {r["key"] for r in records("organizations.jsonl")}
    kinds = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "minister",
             "leader", "official"}
    for r in records("people.jsonl"):
        assert r["country"] is None or r["country"] in isos, r["names"][0]
        for role in r.get("roles", []):
            assert role["role"] in kinds and (role["of"] in isos or role["of"] in keys), (r["names"][0], role)
            assert role.get("until") is None or 2000 <= role["until"] <= 2025, (r["names"][0], role)


def test_roles_are_loaded(gazetteer):
    lavrov = gazetteer.lookup("fr", "Sergueï Lavrov").entity
    assert lavrov.qid == "Q58217"
    assert gazetteer.person_roles[lavrov.key] == (Role("foreign_minister", "RU"),)
    scholz = gazetteer.lookup("en", "Olaf Scholz").entity
    assert Role("head_of_government", "DE", 2025) in gazetteer.person_roles[scholz.key]
    assert gazetteer.organization("nato").qid == "Q7184"


@pytest.mark.parametrize("lang, name, qid", [
    ("fr", "Sergueï Lavrov", "Q58217"), ("en", "Sergei Lavrov", "Q58217"), ("en", "Lavrov", "Q58217"),
    ("fr", "Friedrich Merz", "Q566257"), ("en", "Keir Starmer", "Q6383803"), ("en", "Mark Carney", "Q192533"),
    ("fr", "Bachar al-Assad", "Q44329"), ("fr", "Ahmed al-Charaa", "Q7934206"), ("en", "Yoon Suk Yeol", "Q16090635"),
    ("en", "Lee Jae-myung", "Q12612463"), ("fr", "Mohammed ben Salmane", "Q6892571"), ("en", "Ibrahim Traoré", "Q114341246"),
    ("fr", "Assimi Goïta", "Q98497406"), ("fr", "Félix Tshisekedi", "Q29032770"), ("en", "Paul Kagame", "Q1231345"),
    ("fr", "Abdel Fattah al-Burhan", "Q63111184"), ("fr", "Mohamed Hamdan Dagalo", "Q63145660"),
    ("en", "Kaja Kallas", "Q11869065"), ("en", "Jens Stoltenberg", "Q57665"), ("fr", "Léon XIV", "Q6109517"),
])
def test_people_in_both_spellings(gazetteer, lang, name, qid):
    assert gazetteer.lookup(lang, name).entity.qid == qid


# --- names: one entity each, unless deliberately ambiguous -------------------

# A name that stands for two entries on purpose; the first loaded wins.
DELIBERATELY_AMBIGUOUS = {
    "Brussels", "Bruxelles",  # Belgium's capital and the EU's seat (the seat wins)
    "Congo",  # in English news the DR Congo (listed first); pycountry's name for the other
    "Congolese", "congolais", "congolaise", "congolaises",  # both Congos; DR Congo first
    "Dominican", "Dominicans",  # Dominican Republic first, then Dominica
}


def _all_names():
    """(table, language, name) -> set of entries that claim the name, as the loader adds them."""
    from collections import defaultdict

    from kg.gazetteer import _package_names

    claims = defaultdict(set)

    def add(lang, name, who, fold=False):
        name = " ".join(name.split())
        for language in ([lang] if lang else ["fr", "en"]):
            claims[("folded" if fold else "exact", language, name.casefold() if fold else name)].add(who)

    for r in records("countries.jsonl"):
        iso = r["iso"]
        for lang, names in _package_names(iso).items():
            for name in names + r.get("aliases", {}).get(lang, []):
                add(lang, name, ("country", iso))
        capital = r.get("capital") or {}
        for lang in ("en", "fr"):
            if capital.get(lang):
                add(lang, capital[lang], ("capital", iso))
        for name in r.get("capital_aliases", []):
            add(None, name, ("capital", iso))
        for lang, seats in (r.get("seats") or {}).items():
            for seat in seats:
                add(lang, seat, ("seat", iso))
        for lang, demonyms in (r.get("demonyms") or {}).items():
            for demonym in demonyms:
                add(lang, demonym, ("country", iso), fold=lang == "fr")
    for r in records("organizations.jsonl"):
        for lang, names in r["names"].items():
            for name in names:
                add(lang, name, ("organization", r["key"]))
        for lang, seats in (r.get("seats") or {}).items():
            for seat in seats:
                add(lang, seat, ("organization seat", r["key"]))
    for r in records("people.jsonl"):
        for name in r["names"]:
            add(None, name, ("person", r["names"][0]))
            if "-" in name:
                add(None, name.replace("-", " "), ("person", r["names"][0]))
        for name in r.get("surnames", []):
            add(None, name, ("surname", r["names"][0]))
    return claims


def _harmless(claimants):
    kinds = {k for k, _ in claimants}
    owners = {o for _, o in claimants}
    # A city-state's capital shares its name; a person's name may also be listed as a surname.
    return len(owners) == 1 and (kinds <= {"country", "capital"} or kinds <= {"person", "surname"})


def test_every_name_is_unique_or_deliberately_ambiguous():
    claims = _all_names()
    clashes = {key: who for key, who in claims.items()
               if len(who) > 1 and not _harmless(who) and key[2] not in DELIBERATELY_AMBIGUOUS}
    # A case-sensitive name shadows a folded (French demonym) name of another entry.
    for (table, lang, name), who in claims.items():
        folded = claims.get(("folded", lang, name.casefold()))
        if table == "exact" and folded and not _harmless(who | folded) \
                and name not in DELIBERATELY_AMBIGUOUS and who != folded:
            clashes[(table, lang, name)] = who | folded
    assert clashes == {}


def test_seats_and_congo_resolve_as_the_news_means_them(gazetteer):
    assert gazetteer.lookup("fr", "Bruxelles").stands_for.qid == "Q458"
    assert gazetteer.lookup("en", "Congo").entity.qid == "Q974"
    assert gazetteer.lookup("en", "Republic of the Congo").entity.qid == "Q971"


def test_vessel_prefixes_name_a_state(gazetteer):
    assert gazetteer.vessel_prefixes["USS"] == "US" and gazetteer.vessel_prefixes["HMS"] == "GB"
    assert all(gazetteer.country(iso) is not None for iso in gazetteer.vessel_prefixes.values())
