"""Which language an article is in, from lingua's model shipped in its wheel."""
from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Detect among more languages than we support, so that a Spanish or German
# article is named as such and skipped rather than forced into French.
_CANDIDATES = {
    Language.FRENCH: "fr", Language.ENGLISH: "en", Language.GERMAN: "de",
    Language.SPANISH: "es", Language.ITALIAN: "it", Language.PORTUGUESE: "pt",
    Language.DUTCH: "nl", Language.RUSSIAN: "ru", Language.UKRAINIAN: "uk",
    Language.ARABIC: "ar", Language.CHINESE: "zh", Language.JAPANESE: "ja",
    Language.KOREAN: "ko", Language.TURKISH: "tr", Language.POLISH: "pl",
}


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CANDIDATES).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when lingua cannot tell."""
    # The opening (a headline and a paragraph or two) is enough to tell, and
    # lingua's time grows with the text.
    language = _detector().detect_language_of(text[:800])
    return _CANDIDATES.get(language) if language else None
