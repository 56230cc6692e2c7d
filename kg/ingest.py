"""Read articles from .txt, .html and .jsonl/.json files; no NLP here.

``read_articles`` yields an ``Article`` for each readable article and a
``Skipped`` (source and reason) for each one it cannot use, so one bad file
never stops a build.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .dates import dateline_date
from .errors import InputNotFound
from .language import detect_language
from .model import Article
from .settings import SUPPORTED_LANGUAGES, Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".jsonl", ".json", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


@dataclass(frozen=True)
class Skipped:
    """An article, file or line that was not used, and why."""

    source: str
    reason: str


class _Unusable(Exception):
    """Raised inside this module for a file or record that must be skipped."""


def find_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Every article file named by ``inputs``, folders walked in sorted order.

    A path that does not exist raises ``InputNotFound``: a typo in the
    command line is not an article to skip silently.
    """
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                and p.name.lower() != "readme.md"
            )
        elif path.exists():
            files.append(path)
        else:
            raise InputNotFound(f"No such file or folder: {raw}")
    return files


FILES_PER_TASK = 32  # files a reading process takes at a time


def read_articles(inputs: Iterable[str | Path], settings: Settings | None = None,
                  processes: int = 1) -> Iterator[Article | Skipped]:
    """Articles (and what was skipped) from the files ``inputs`` name, in their order.

    With ``processes`` > 1 and many files, that many processes read them:
    telling the language, most of the cost, takes lingua a millisecond per
    article, and a build would otherwise wait on one core for it."""
    settings = settings or Settings()
    files = find_files(inputs)
    if processes <= 1 or len(files) < 2 * FILES_PER_TASK:
        for path in files:
            yield from read_file(path, settings)
        return
    # The first file here: lingua loads its models on first use (two
    # seconds), before the fork, and the readers share them.
    yield from read_file(files[0], settings)
    tasks = [files[start:start + FILES_PER_TASK] for start in range(1, len(files), FILES_PER_TASK)]
    with multiprocessing.get_context("fork").Pool(min(processes, len(tasks)), initializer=_ignore_interrupts) as pool:
        for read in pool.imap(partial(_read_files, settings=settings), tasks):
            yield from read


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build, which stops its readers


def _read_files(paths: list[Path], settings: Settings) -> list[Article | Skipped]:
    return [item for path in paths for item in read_file(path, settings)]


def read_file(path: Path, settings: Settings) -> Iterator[Article | Skipped]:
    source = str(path)
    try:
        data = _read_bytes(path, settings)
        suffix = path.suffix.lower()
        if suffix in JSON_SUFFIXES:
            yield from _read_json(path, _decode(data), settings)
            return
        if suffix in HTML_SUFFIXES:
            title, text, date, url = _from_html(_decode(data))
        elif suffix in TEXT_SUFFIXES:
            title, text = _from_text(_decode(data))
            date = url = None
        else:
            raise _Unusable(f"unsupported file type {suffix or '(none)'}; use .txt, .html, .jsonl or .json")
        yield _article(path.name, source, title, text, date, url, None, settings)
    except _Unusable as e:
        yield Skipped(source, str(e))


def _read_bytes(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_article_bytes:
            raise _Unusable(f"too large ({size:,} bytes; the limit is {settings.max_article_bytes:,})")
        data = path.read_bytes()
    except OSError as e:
        raise _Unusable(f"cannot be read: {e.strerror or e}") from e
    if not data.strip():
        raise _Unusable("empty file")
    if b"\x00" in data[:8192]:
        raise _Unusable("binary file, not text")
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _Unusable(f"not valid UTF-8 (byte {e.start}); re-save the file as UTF-8") from e


def _paragraphs(lines: Iterable[str]) -> str:
    """Non-empty lines as paragraphs: one blank line between each."""
    return "\n\n".join(" ".join(line.split()) for line in lines if line.strip())


def _from_text(content: str) -> tuple[str, str]:
    lines = content.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    title = " ".join(lines[0].split()) if lines else ""
    # The first line is the title, and often a lede: it stays in the text too.
    return _shorten(title), _paragraphs(lines)


def _shorten(title: str, limit: int = 140) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def _from_html(content: str) -> tuple[str, str, str | None, str | None]:
    import trafilatura  # heavy import, only when there is HTML to read

    document = trafilatura.bare_extraction(
        content, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    if document is None or not (document.text or "").strip():
        raise _Unusable("no article text found in the HTML")
    text = _paragraphs(document.text.splitlines())
    return (document.title or "").strip(), text, document.date, document.url


def _read_json(path: Path, content: str, settings: Settings) -> Iterator[Article | Skipped]:
    records: list[tuple[int, object]]
    try:
        whole = json.loads(content)
        records = list(enumerate(whole if isinstance(whole, list) else [whole], start=1))
    except json.JSONDecodeError:
        records = []
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as e:
                yield Skipped(f"{path}:{number}", f"malformed JSON line ({e.msg} at column {e.colno})")
    for number, record in records:
        where = f"{path}:{number}"
        try:
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise _Unusable('not an article: expected an object with a "text" string')
            text = _paragraphs(record["text"].splitlines())
            yield _article(
                f"{path.name}#{number}", where, str(record.get("title") or ""), text,
                _optional(record, "date"), _optional(record, "url"), _optional(record, "lang"), settings,
            )
        except _Unusable as e:
            yield Skipped(where, str(e))


def _optional(record: dict, key: str) -> str | None:
    value = record.get(key)
    return str(value) if value not in (None, "") else None


def _article(article_id: str, source: str, title: str, text: str, date: str | None,
             url: str | None, lang: str | None, settings: Settings) -> Article:
    title = " ".join(title.split())
    if title and not text.startswith(title.rstrip("…")):
        text = f"{title}\n\n{text}"  # headlines state facts too
    if len(text.strip()) < settings.min_article_chars:
        raise _Unusable("empty article: no text to read")
    lang = (lang or detect_language(f"{title}\n{text}") or "unknown").lower()[:2]
    if lang not in SUPPORTED_LANGUAGES:
        raise _Unusable(f"language {lang!r} is not supported (supported: {', '.join(SUPPORTED_LANGUAGES)})")
    digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    # Without metadata, the dateline ("BRUSSELS, 4 April 2023 —") dates the article.
    date = date or dateline_date(text, lang)
    return Article(article_id, source, title, text, lang, date, url, digest)
