"""A generated news corpus for timing kg, in French and English.

How it is made: each article is a headline, a dateline and four short
paragraphs of sentences built from templates we wrote in the shapes news
reports take — meetings, visits, condemnations, sanctions, agreements, aid,
deployments, strikes, threats, membership — plus sentences that carry no
relation (markets, weather, quotes). The slots are filled from kg's own
gazetteer (heads of state and government with their countries, the
countries' French and English names and capitals, international
organisations) and from invented people with generated names, so the
parser and the entity finder see many different actors. Dates are random
days of 2024 and 2025. A fixed seed makes the corpus the same on every run;
the article number in each headline makes every text unique.

    python bench/corpus.py OUT_FOLDER COUNT
"""
from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]}

# {p1} {p2}: people; {c1} {c2}: countries; {o}: an organisation; {city}: a capital;
# {date}: a day; {day}: a weekday; {x}: an invented official.
SENTENCES = {
    "en": [
        "{p1} met {p2} in {city} on {date} to discuss security and trade.",
        "{p1} visited {c2} on {day}, his first trip abroad since the elections.",
        "{c1} condemned the missile strikes launched by {c2} against civilian areas.",
        "The {o} imposed new sanctions on {c2} on {date}, targeting banks and oil exports.",
        "{c1} and {c2} signed a defence cooperation agreement in {city} on {day}.",
        "{c1} sent humanitarian aid to {c2} after the floods, the foreign ministry said.",
        "{c1} deployed troops to {c2} under a bilateral security pact.",
        "Forces of {c1} attacked military positions in {c2} overnight, officials said.",
        "{p1} threatened {c2} with retaliation if the blockade continued.",
        "{c2} is a member of the {o}, which will meet again in {city} next month.",
        "{x}, the foreign minister of {c1}, said the talks had been frank and useful.",
        "{c1} said it fully supports {c2} in its dispute with its neighbours.",
        "Markets in {city} were calm on {day}, and the currency barely moved.",
        "Heavy rain fell across the region for most of the week.",
        "\"We will not accept threats,\" {x} told reporters in {city}.",
        "Diplomats expect a further round of negotiations before the end of the year.",
    ],
    "fr": [
        "{p1} a rencontré {p2} à {city} le {date} pour parler de sécurité et de commerce.",
        "{p1} s'est rendu en visite officielle à {city} {day}, son premier voyage depuis les élections.",
        "{c1} a condamné les frappes de missiles menées par {c2} contre des zones civiles.",
        "L'organisation {o} a imposé de nouvelles sanctions à {c2} le {date}, visant les banques et le pétrole.",
        "{c1} et {c2} ont signé un accord de coopération militaire à {city} {day}.",
        "{c1} a envoyé une aide humanitaire à {c2} après les inondations, selon le ministère.",
        "{c1} a déployé des troupes dans {c2} dans le cadre d'un pacte de sécurité.",
        "Les forces de {c1} ont attaqué des positions militaires dans {c2} pendant la nuit.",
        "{p1} a menacé {c2} de représailles si le blocus se poursuivait.",
        "{c2} est membre de l'organisation {o}, qui se réunira de nouveau à {city} le mois prochain.",
        "{x}, ministre des Affaires étrangères de {c1}, a jugé les discussions franches et utiles.",
        "{c1} a affirmé soutenir pleinement {c2} dans son différend avec ses voisins.",
        "Les marchés de {city} sont restés calmes {day}, et la monnaie a peu bougé.",
        "De fortes pluies sont tombées sur la région pendant presque toute la semaine.",
        "« Nous n'accepterons pas les menaces », a déclaré {x} à la presse à {city}.",
        "Les diplomates attendent un nouveau cycle de négociations avant la fin de l'année.",
    ],
}
HEADLINES = {
    "en": ["{c1} and {c2} trade accusations as talks stall ({n})", "{p1} meets {p2} in {city} ({n})",
           "New sanctions as the crisis between {c1} and {c2} deepens ({n})"],
    "fr": ["{c1} et {c2} s'accusent mutuellement ({n})", "{p1} reçoit {p2} à {city} ({n})",
           "Nouvelles sanctions alors que la crise entre {c1} et {c2} s'aggrave ({n})"],
}
FIRST = ["Arvo", "Lena", "Tomas", "Irena", "Karim", "Sofia", "Milan", "Aya", "Jonas", "Nadia", "Viktor", "Elif"]
LAST = ["Kelland", "Moravec", "Haddad", "Lindqvist", "Okafor", "Petrescu", "Varga", "Sato", "Dumont", "Rahimi"]


@dataclass
class Names:
    people: list[tuple[str, str]]  # (name, ISO code of their country)
    countries: dict[str, dict]  # ISO code -> {"en": name, "fr": name, "capital_en": …, "capital_fr": …}
    organizations: list[dict]  # {"en": name, "fr": name}


def load_names() -> Names:
    folder = resources.files("kg") / "data" / "gazetteer"

    def rows(name: str) -> list[dict]:
        return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]

    countries = {}
    for row in rows("countries.jsonl"):
        capital = row.get("capital") or {}
        if row["aliases"].get("en") and row["aliases"].get("fr") and capital.get("en") and capital.get("fr"):
            countries[row["iso"]] = {"en": row["aliases"]["en"][0], "fr": row["aliases"]["fr"][0],
                                     "capital_en": capital["en"], "capital_fr": capital["fr"]}
    people = [(row["names"][0], row.get("country")) for row in rows("people.jsonl")
              if row.get("country") in countries]
    organizations = [{"en": row["names"]["en"][0], "fr": row["names"]["fr"][0]} for row in rows("organizations.jsonl")
                     if row.get("category") == "intergovernmental" and row["names"].get("en") and row["names"].get("fr")]
    return Names(people, countries, organizations)


def article(number: int, names: Names, rng: random.Random) -> tuple[str, str]:
    """(file name, text) of article ``number``."""
    lang = "fr" if number % 2 else "en"
    iso1, iso2 = rng.sample(sorted(names.countries), 2)
    (p1, _), (p2, _) = rng.sample(names.people, 2)
    year, month, day = rng.choice([2024, 2025]), rng.randrange(12), rng.randint(1, 28)
    if lang == "en":
        date = f"{MONTHS['en'][month]} {day}, {year}"
    else:
        date = f"{day} {MONTHS['fr'][month]} {year}"
    slots = {
        "p1": p1, "p2": p2, "c1": names.countries[iso1][lang], "c2": names.countries[iso2][lang],
        "city": names.countries[rng.choice([iso1, iso2])][f"capital_{lang}"],
        "o": rng.choice(names.organizations)[lang], "date": date, "day": rng.choice(WEEKDAYS[lang]),
        "x": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "n": number,
    }
    headline = rng.choice(HEADLINES[lang]).format(**slots)
    dateline = f"{slots['city'].upper()}, {date} —"
    paragraphs = []
    for _ in range(4):
        sentences = [s.format(**slots) for s in rng.sample(SENTENCES[lang], rng.randint(3, 4))]
        paragraphs.append(" ".join(sentences))
    paragraphs[0] = f"{dateline} {paragraphs[0]}"
    return f"{number:06d}_{lang}.txt", headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 2026, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names, rng = load_names(), random.Random(seed + start)
    paths = []
    for number in range(start, start + count):
        name, text = article(number, names, rng)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{len(written)} articles in {sys.argv[1]}")
