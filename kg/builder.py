"""The build: articles in, one RDF graph out (graph.ttl, graph.html).

article → document (spaCy) → mentions → entities → statements → graph.
Outputs are written to temporary files and moved into place, so a build
that fails or is killed never leaves a half-written graph behind.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph

from .errors import KgError, NothingToBuild, OutputNotWritable
from .extract import Extraction, Extractor
from .gazetteer import Gazetteer, load_gazetteer
from .graph import Triples, add_article, add_entities, add_statements, new_graph, surface_names
from .ingest import Skipped, read_articles
from .memory import release_free_memory
from .model import Article
from .nlp import Pipelines
from .settings import Settings
from .store import MERGE_BATCH, ArticleStore, article_graph_name, fingerprint, forget_inherited_locks, locked

log = logging.getLogger(__name__)

GRAPH_FILE = "graph.ttl"
PUT_BATCH = 16  # articles written to the store per transaction, at the least (see _put_batch)
WORKER_ARTICLES = 1500  # articles a worker reads before a fresh one takes over
RELEASE_ARTICLES = 256  # articles read between returns of freed memory to the system
VIEW_FILE = "graph.html"


@dataclass
class BuildReport:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    relations: int = 0  # distinct direct triples
    statements: int = 0  # statement nodes (one per source sentence)
    unchanged: int = 0  # articles already in the store, read with the same extractor
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)


class Builder:
    """Holds what is costly to load (models, gazetteer) across builds."""

    def __init__(self, settings: Settings | None = None, gazetteer: Gazetteer | None = None):
        self.settings = settings or Settings.from_env()
        self.gazetteer = gazetteer or load_gazetteer()
        self.pipelines = Pipelines(self.settings)
        self._extractors: dict[str, Extractor] = {}
        self._unreleased = 0  # articles read since freed memory last went back to the system

    def extractor(self, lang: str) -> Extractor:
        if lang not in self._extractors:
            self._extractors[lang] = Extractor.build(self.pipelines[lang], lang, self.gazetteer)
        return self._extractors[lang]

    def extract(self, articles: Iterable[Article],
                on_article: Callable[[Article], None] | None = None) -> Iterator[Extraction]:
        """Extractions one article at a time, as the parser streams documents."""
        for article, doc in self.pipelines.parse(articles):
            yield self.extractor(article.lang)(article, doc)
            if on_article:
                on_article(article)

    def read(self, articles: list[Article]) -> Iterator[tuple[Article, bytes]]:
        """Each article's graph as N-Triples, read by ``workers`` processes.

        Articles go to the workers in batches of one language, each parsed
        with nlp.pipe; a worker sends back N-Triples, which the store loads
        without rdflib, so the parent only writes. The models are loaded
        before the workers fork, so the workers share them.
        """
        workers = self.settings.worker_count()
        articles = _by_language(articles)
        if self.settings.dask:
            yield from _read_on_dask(self.settings, list(_batches(articles, self.settings.batch_size, workers)))
            return
        if workers <= 1 or len(articles) < 2:
            for batch in _batches(articles, self.settings.batch_size, 1):
                yield from self.read_batch(batch)
            return
        for lang in sorted({a.lang for a in articles}):
            self.extractor(lang)
        context = multiprocessing.get_context("fork")
        try:
            per_part = WORKER_ARTICLES * workers
            for start in range(0, len(articles), per_part):
                part = list(_batches(articles[start:start + per_part], self.settings.batch_size, workers))
                # Objects the workers inherit stay out of their garbage collections,
                # which would otherwise write to (and so copy) every page holding them.
                gc.freeze()
                # Fresh workers for each part: a worker slowly copies the pages it
                # shares with the build as it touches them, so a long-lived one
                # grows with the corpus.
                with context.Pool(min(workers, len(part)), initializer=_adopt, initargs=(self,)) as pool:
                    for results in pool.imap_unordered(_read_in_worker, part):
                        yield from results
        finally:
            gc.unfreeze()  # a program that builds again (a notebook) collects as before

    def read_batch(self, batch: list[Article]) -> list[tuple[Article, bytes]]:
        """A batch of articles of one language: parsed together, each one's graph as N-Triples."""
        nlp, extractor = self.pipelines[batch[0].lang], self.extractor(batch[0].lang)
        read = []
        # The strings and lexemes a batch adds to the vocabulary are dropped
        # after it: otherwise a long build's workers grow with every new word.
        with nlp.memory_zone():
            docs = nlp.pipe((a.text for a in batch), batch_size=self.settings.batch_size)
            for article, doc in zip(batch, docs):
                read.append((article, self.to_graph([extractor(article, doc)], Triples()).ntriples()))
        # Not after every batch: the next one faults the pages given back in
        # again (7 % of a worker's time), and its peak is the same either way.
        self._unreleased += len(batch)
        if self._unreleased >= RELEASE_ARTICLES:
            release_free_memory()
            self._unreleased = 0
        return read

    def to_graph(self, extractions: list[Extraction], graph: Graph | Triples | None = None) -> Graph | Triples:
        """The extractions' triples, into ``graph`` (a new rdflib Graph by default)."""
        graph = new_graph() if graph is None else graph
        articles = {e.article.id: add_article(graph, e.article) for e in extractions}
        mentions = [m for e in extractions for m in e.mentions]
        add_entities(graph, mentions, surface_names(mentions))
        kept = [s for e in extractions for s in e.statements
                if s.provenance.confidence >= self.settings.min_confidence]
        add_statements(graph, kept, articles)
        return graph

    def build(self, inputs: Iterable[str | Path], out_dir: str | Path,
              on_start: Callable[[int], None] | None = None,
              on_article: Callable[[Article], None] | None = None,
              html: bool = True) -> BuildReport:
        started = time.perf_counter()
        report = BuildReport()
        for item in read_articles(inputs, self.settings, processes=self.settings.worker_count()):
            if isinstance(item, Skipped):
                log.warning("skipped %s: %s", item.source, item.reason)
                report.skipped.append(item)
            else:
                report.articles.append(item)
        report.articles = _unique(report.articles, report.skipped)
        out = _output_folder(Path(out_dir))
        if not report.articles:
            # Writing now would replace a good graph with an empty one.
            reasons = "; ".join(f"{s.source}: {s.reason}" for s in report.skipped[:3])
            raise NothingToBuild(f"no article could be read ({reasons or 'no .txt, .html, .jsonl or .json file'});"
                                 f" {out} was left as it was")
        with locked(out):
            built_with = fingerprint(self.settings)
            store = ArticleStore.open(out, self.settings.store, self.settings)
            merged_before = store.view_is_current() or not store.article_ids()
            todo = [a for a in report.articles if not store.is_current(a, built_with)]
            report.unchanged = len(report.articles) - len(todo)
            del store  # no database open while the workers fork
            if on_start:
                on_start(len(todo))
            read = self.read(todo)
            store = ArticleStore.open(out, self.settings.store, self.settings)
            # Graphs whose triples are in the view, their entities' labels not yet chosen.
            pending, waiting, replaced = [], [], False
            put_batch = _put_batch(len(todo))
            for article, triples in read:
                waiting.append((article, triples))
                if len(waiting) >= put_batch:
                    # Whole articles per transaction: a build killed here leaves whole articles only.
                    replaced |= store.put_many(waiting, built_with, into_view=merged_before and not replaced)
                    pending.extend(article_graph_name(a) for a, _ in waiting)
                    waiting = []
                    if merged_before and not replaced:
                        # Labels chosen at once, while the workers read on (a server
                        # reading the store meanwhile sees every entity named); the
                        # view stays marked stale until the end.
                        store.merge_part(pending)
                        pending = []
                if on_article:
                    on_article(article)
            if waiting:
                replaced |= store.put_many(waiting, built_with, into_view=merged_before and not replaced)
                pending.extend(article_graph_name(a) for a, _ in waiting)
            store.flush()
            if not store.view_is_current():
                store.merge(in_view=pending if merged_before and not replaced else None)
            self._write(store, out, report, html)
            held = store.counts()
        report.entities, report.statements, report.relations = held["entities"], held["statements"], held["relations"]
        report.seconds = time.perf_counter() - started
        return report

    @staticmethod
    def _write(store: ArticleStore, out: Path, report: BuildReport, html: bool) -> None:
        """graph.ttl (and graph.html): exports of the store, each renamed into place."""
        store.export(out / GRAPH_FILE)
        report.outputs.append(out / GRAPH_FILE)
        if html:
            from .view import render_html

            graph = store.view()
            write_atomically(out / VIEW_FILE, render_html(graph).encode("utf-8"))
            report.outputs.append(out / VIEW_FILE)


def _put_batch(articles: int) -> int:
    """Articles written to the store per transaction, in a build of ``articles``.

    Large writes go through pyoxigraph's bulk loader, which costs less than
    half as much per article, so up to a merge's worth at once; yet at most
    a quarter of the build, so that a build stopped midway keeps most of
    what it read."""
    return max(PUT_BATCH, min(MERGE_BATCH, articles // 4))


def _by_language(articles: list[Article]) -> list[Article]:
    """The articles, one language after the other (in the order each first comes)."""
    by_lang: dict[str, list[Article]] = {}
    for article in articles:
        by_lang.setdefault(article.lang, []).append(article)
    return [article for group in by_lang.values() for article in group]


def _batches(articles: list[Article], size: int, workers: int) -> Iterator[list[Article]]:
    """Consecutive runs of at most ``size`` articles of one language, for
    ``workers`` processes taking one run at a time.

    With several workers, runs shrink as the end nears (a quarter of each
    worker's share of what is left), so that they finish together: the last
    run is the time one waits for the others."""
    start = 0
    while start < len(articles):
        share = -(-(len(articles) - start) // (workers * 4)) if workers > 1 else size
        run = articles[start:start + max(1, min(size, share))]
        lang = run[0].lang
        run = run[:next((i for i, a in enumerate(run) if a.lang != lang), len(run))]
        yield run
        start += len(run)


_worker_builder: Builder | None = None  # in a worker process: the parent's builder, inherited by fork


def _adopt(builder: Builder) -> None:
    global _worker_builder
    _worker_builder = builder
    forget_inherited_locks()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build, which stops its workers


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build that forked it dies (even by SIGKILL)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the worker ends when it next reads from the closed pool
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _read_in_worker(batch: list[Article]) -> list[tuple[Article, bytes]]:
    assert _worker_builder is not None
    return _worker_builder.read_batch(batch)


def _read_on_dask(settings: Settings, batches: list[list[Article]]) -> Iterator[tuple[Article, bytes]]:
    """The batches read on a Dask cluster's workers, each worker with its own
    models; graphs come back as N-Triples, in the order they finish."""
    from distributed import Client, as_completed

    try:
        client = Client(settings.dask, timeout=30)
    except OSError as e:
        raise DaskUnreachable(f"cannot reach the Dask scheduler at {settings.dask}: {e}") from None
    with client:
        futures = client.map(_read_on_dask_worker, batches, settings=settings, pure=False)
        for future in as_completed(futures):
            yield from future.result()
            future.release()


_dask_builders: dict[Settings, Builder] = {}  # on a Dask worker: one builder (models loaded once) per settings


def _read_on_dask_worker(batch: list[Article], settings: Settings) -> list[tuple[Article, bytes]]:
    if settings not in _dask_builders:
        _dask_builders[settings] = Builder(replace(settings, dask="", workers=1))
    return _dask_builders[settings].read_batch(batch)


class DaskUnreachable(KgError):
    code = "E010"
    exit_code = 1


def _unique(articles: list[Article], skipped: list[Skipped]) -> list[Article]:
    """The same article twice (same text) is read once."""
    seen: dict[str, Article] = {}
    for article in articles:
        if article.content_hash in seen:
            skipped.append(Skipped(article.source, f"same text as {seen[article.content_hash].source}"))
        else:
            seen[article.content_hash] = article
    return list(seen.values())


def _output_folder(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputNotWritable(f"{out} is not a folder: give -o a folder name (it is created if needed)") from None
    except PermissionError:
        raise OutputNotWritable(f"cannot create or write {out}: permission denied") from None
    if not os.access(out, os.W_OK):
        raise OutputNotWritable(f"cannot write into {out}: permission denied")
    return out


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file private (0600); outputs are ordinary files.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
