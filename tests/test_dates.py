"""Dates in text, resolved against the article's date."""
import pytest

from kg.dates import dateline_date, find_dates, nearest


def values(text, lang, base):
    return [(d.text, d.value) for d in find_dates(text, lang, base)]


@pytest.mark.parametrize("lang, text, base, expected", [
    ("fr", "Ils se sont vus le 13 juillet à Wonsan.", "2025-07-28", [("13 juillet", "2025-07-13")]),
    ("fr", "Le sommet s'est tenu mercredi 23 juillet 2025.", None, [("mercredi 23 juillet 2025", "2025-07-23")]),
    ("fr", "Kyiv a été frappée mardi.", "2025-08-29", [("mardi", "2025-08-26")]),
    ("fr", "Le pacte date de la semaine dernière.", "2025-08-29", [("la semaine dernière", "2025-08-22")]),
    ("fr", "Un accord signé en 2023.", "2025-08-29", [("en 2023", "2023")]),
    ("fr", "La guerre dure depuis juin 2024.", "2025-08-29", [("depuis juin 2024", "2024-06")]),
    ("en", "The ministers met on Tuesday.", "2025-11-27", [("Tuesday", "2025-11-25")]),
    ("en", "The ministers met on Thursday.", "2025-11-27", [("Thursday", "2025-11-27")]),
    ("en", "Talks were held last week.", "2025-11-25", [("last week", "2025-11-18")]),
    ("en", "Finland joined on 4 April 2023.", None, [("4 April 2023", "2023-04-04")]),
    ("en", "Strikes began on March 15.", "2025-03-20", [("March 15", "2025-03-15")]),
    ("en", "The coup of July 26 was condemned.", "2025-02-01", [("July 26", "2024-07-26")]),
])
def test_dates_resolve_against_the_article(lang, text, base, expected):
    assert values(text, lang, base) == expected


def test_relative_dates_need_a_base():
    assert find_dates("Ils se sont vus mardi, le 13 juillet.", "fr", None) == []


def test_the_nearest_date_is_the_event_date():
    text = "Le 2 mai, Israël a frappé Damas ; le 14 mai, Trump a rencontré al-Charaa."
    dates = find_dates(text, "fr", "2025-05-20")
    assert nearest(dates, text.index("rencontré")).value == "2025-05-14"
    assert nearest(dates, text.index("frappé")).value == "2025-05-02"


@pytest.mark.parametrize("text, lang, expected", [
    ("Titre\n\nWashington, 25 octobre 2025 —\n\nLes États-Unis ont annoncé…", "fr", "2025-10-25"),
    ("Finland joins NATO\n\nBRUSSELS, 4 April 2023 — Finland became…", "en", "2023-04-04"),
    ("Titre\n\nDans une démonstration de force, mercredi 23 juillet 2025, Kim a…", "fr", None),
    ("Headline\n\nDOHA, June 24, 2025 — Iran fired…", "en", "2025-06-24"),
    ("Titre\n\nCHARM EL-CHEIKH (Égypte), 13 octobre 2025 – Le sommet…", "fr", "2025-10-13"),
])
def test_the_dateline_dates_the_article(text, lang, expected):
    assert dateline_date(text, lang) == expected



def test_an_earlier_full_date_anchors_relative_ones_when_the_article_has_none():
    text = "Mercredi 23 juillet 2025, Kim a inspecté ses troupes. Il avait reçu Lavrov le 13 juillet."
    assert values(text, "fr", None) == [("Mercredi 23 juillet 2025", "2025-07-23"), ("13 juillet", "2025-07-13")]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_full_dates_read_directly_agree_with_dateparser(lang):
    """The fast path for "4 April 2023" and the like gives what dateparser gives."""
    import random

    from kg.dates import MONTH_WORDS, _calendar_date, _dateparser

    rng = random.Random(7)
    for _ in range(150):
        year, month, day = rng.randint(1990, 2030), rng.choice(list(MONTH_WORDS[lang])), rng.randint(1, 28)
        forms = [f"{day} {month} {year}", f"{month} {year}"]
        if lang == "en":
            forms += [f"{month.capitalize()} {day} {year}", f"{month}. {day}th {year}" if len(month) <= 4 else f"{month} {day}"]
        for form in forms:
            parsed = _dateparser(form, lang, "2025-06-01")
            expected = (parsed.day, parsed.month, parsed.year) if parsed else None
            fast = _calendar_date(form, lang)
            assert fast is None or fast == expected, form
    assert _calendar_date("31 février 2024", "fr") is None
    assert _calendar_date("il y a 3 jours", "fr") is None
