"""Dates written in news text, normalised to ISO 8601.

News gives dates relative to the day it is published ("mardi", "last
week", "le 13 juillet"), so every expression is resolved against the
article's date. Expressions are found with per-language patterns and
normalised by dateparser; weekdays are resolved here, because a report
says "on Tuesday" of the most recent Tuesday, the day itself included.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

MONTH_NUMBERS = {
    "fr": {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
           "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12},
    "en": {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12},
}
MONTH_ABBREVIATIONS = {"en": {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                              "sept": 9, "oct": 10, "nov": 11, "dec": 12}}  # each with or without its full stop
# The month names as a pattern: full names, then abbreviations ("Sept.").
MONTHS = {lang: "|".join([*names, *(rf"{short}\.?" for short in MONTH_ABBREVIATIONS.get(lang, ()))])
          for lang, names in MONTH_NUMBERS.items()}
MONTH_WORDS = {lang: {**names, **MONTH_ABBREVIATIONS.get(lang, {})} for lang, names in MONTH_NUMBERS.items()}
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
}
# A dateline opening a paragraph: "ABUJA, Nigeria —", "Kinshasa (AFP) –",
# "Washington-SANA/", "GOMA, 28 janvier 2025 –".
DATELINE = re.compile(
    r"[A-ZÀ-Ý][\w'’.]*(?:[ -][A-ZÀ-Ý][\w'’.]*){0,3}"      # the place
    r"(?:\s*\([^()\n]{1,30}\))?"                          # "(Égypte)", "(AFP)"
    r"(?:,\s*[\w.]+(?:,?\s+[\w.]+){0,4})?"                 # ", Nigeria", ", 4 April 2023", ", June 24, 2025"
    r"\s*(?:\([^()\n]{1,30}\))?"                          # "(Reuters)"
    r"\s*(?:[-–—]\s*[A-Z]{2,}\w*\s*)?"                    # "-SANA"
    r"(?:\s*[–—:]|\s+-|/)(?=\s|[A-ZÀ-Ý]|$)")                 # the separator, never a word's hyphen

RELATIVE = {
    "fr": r"avant-hier|hier|aujourd'hui|aujourd’hui|la semaine dernière|la semaine passée|le mois dernier"
          r"|le mois passé|l'an dernier|l’an dernier|l'année dernière|l’année dernière|il y a \d+ jours",
    "en": r"the day before yesterday|yesterday|today|last week|last month|last year|\d+ days ago",
}


def _patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    months, weekdays = MONTHS[lang], "|".join(WEEKDAYS[lang])
    if lang == "fr":
        day_month = rf"\b(?:(?:{weekdays})\s+)?(\d{{1,2}}|1er)\s+(?:{months})(?:\s+(\d{{4}}))?\b"
        month_year = rf"\b(?:en|de|d'|d’|depuis)\s+(?:{months})\s+\d{{4}}\b"
        year = r"\b(?:en|depuis|dès)\s+(\d{4})\b"
    else:
        day_month = (rf"\b(?:(?:{weekdays}),?\s+)?(?:\d{{1,2}}\s+(?:{months})|(?:{months})\s+\d{{1,2}}(?:st|nd|rd|th)?)"
                     rf"(?:,?\s+\d{{4}})?\b")
        month_year = rf"\b(?:in|since)\s+(?:{months})\s+\d{{4}}\b"
        year = r"\b(?:in|since)\s+(\d{4})\b"
    return [
        ("day", re.compile(day_month, re.IGNORECASE)),
        ("relative", re.compile(rf"\b(?:{RELATIVE[lang]})\b", re.IGNORECASE)),
        ("weekday", re.compile(rf"\b(?:{weekdays})\b", re.IGNORECASE)),
        ("month", re.compile(month_year, re.IGNORECASE)),
        ("year", re.compile(year, re.IGNORECASE)),
    ]


PATTERNS = {lang: _patterns(lang) for lang in MONTHS}


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    text: str
    value: str  # ISO 8601: YYYY-MM-DD, or YYYY-MM / YYYY when the text says no more
    precision: str  # "day", "month" or "year"


def find_dates(text: str, lang: str, base: str | None) -> list[DateMention]:
    """Date expressions in ``text``, resolved against the ISO date ``base``.

    Expressions that need a base (weekdays, "hier", a day without a year)
    are skipped when there is none.
    """
    if lang not in PATTERNS:
        return []
    base_day = parse_iso(base)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    # Without an article date, a full date written earlier ("mercredi 23 juillet
    # 2025") anchors the relative ones after it ("le 13 juillet").
    anchors = [] if base_day else sorted(
        (m.start(), parse_iso(_resolve("day", m.group(0), lang, None)))
        for m in PATTERNS[lang][0][1].finditer(text) if re.search(r"\d{4}", m.group(0)))
    for kind, pattern in PATTERNS[lang]:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            anchor = base_day or next((day for start, day in reversed(anchors) if start < match.start() and day), None)
            value = _resolve(kind, match.group(0), lang, anchor)
            if value is None:
                continue
            precision = {"month": "month", "year": "year"}.get(kind, "day")
            found.append(DateMention(match.start(), match.end(), match.group(0), value, precision))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # news repeats its dates; dateparser is slow
def _resolve(kind: str, text: str, lang: str, base: date | None) -> str | None:
    if kind == "year":
        return re.search(r"\d{4}", text).group(0)
    if kind == "weekday":
        if base is None:
            return None
        wanted = WEEKDAYS[lang].index(text.lower())
        return (base - timedelta(days=(base.weekday() - wanted) % 7)).isoformat()
    has_year = re.search(r"\d{4}", text) is not None
    if base is None and not has_year:
        return None
    words = _strip_weekday(text, lang)
    if kind == "month":  # "depuis juin 2024": the month and year only
        words = " ".join(words.split()[-2:])
    calendar = _calendar_date(words, lang)
    if calendar is not None:
        day, month, year = calendar
        return f"{year:04d}-{month:02d}" if kind == "month" else f"{year:04d}-{month:02d}-{day:02d}"
    parsed = _dateparser(words, lang, base.isoformat() if base else None)
    if parsed is None:
        return None
    if kind == "month":
        return parsed.strftime("%Y-%m")
    if kind == "day" and not has_year and base is not None and parsed.date() > base + timedelta(days=7):
        # "le 13 juillet" in a November article is this year's July, not next year's.
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed.date().isoformat()


CALENDAR_WORD = re.compile(r"(?:(\d{4})|(\d{1,2})(?:st|nd|rd|th|er)?|([^\W\d]+)\.?)", re.IGNORECASE)


def _calendar_date(words: str, lang: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a date written in full ("4 April 2023", "June 24
    2025", "1er mai 2024"; a month and year give day 1), read directly: most
    dates in news are these, and dateparser takes a millisecond each. None
    for anything else, which dateparser then reads."""
    months = MONTH_WORDS[lang]
    day = month = year = None
    for word in words.split():
        match = CALENDAR_WORD.fullmatch(word)
        if match is None:
            return None
        if match.group(1) and year is None:
            year = int(match.group(1))
        elif match.group(2) and day is None:
            day = int(match.group(2))
        elif match.group(3) and month is None and match.group(3).lower() in months:
            month = months[match.group(3).lower()]
        else:
            return None
    if year is None or month is None:
        return None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return day or 1, month, year


def _strip_weekday(text: str, lang: str) -> str:
    words = [w for w in text.replace(",", " ").split() if w.lower() not in WEEKDAYS[lang]]
    return " ".join(words)


@lru_cache(maxsize=4096)
def _dateparser(text: str, lang: str, base: str | None) -> datetime | None:
    import dateparser  # imported on first use: it takes a second to load its language data

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation noise
        return dateparser.parse(text.replace("1er", "1"), languages=[lang], settings=settings)


def dateline_date(text: str, lang: str) -> str | None:
    """The full date in an article's dateline ("BRUSSELS, 4 April 2023 —"), if any.

    The dateline opens the first paragraph after the headline, or stands
    on a short line of its own; a date further in is the event's, not the
    article's.
    """
    heads = []
    for paragraph in [p for p in text.split("\n") if p.strip()][:3]:
        match = DATELINE.match(paragraph.strip())
        if match:
            heads.append(match.group(0))
    for mention in (m for head in heads for m in find_dates(head, lang, None)):
        if mention.precision == "day" and re.search(r"\d{4}", mention.text):
            return mention.value
    return None


def nearest(dates: list[DateMention], position: int) -> DateMention | None:
    """The date expression closest to a character position (a trigger)."""
    if not dates:
        return None
    return min(dates, key=lambda d: (0 if d.start <= position < d.end else min(abs(d.start - position),
                                                                                  abs(d.end - position)),
                                     d.precision != "day"))
