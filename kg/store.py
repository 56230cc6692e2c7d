"""The persistent store: OUTDIR/store/, a pyoxigraph database on disk.

Each article is one named graph holding its node, the entities it mentions,
its statements and the direct triples they support. The default graph is
the merged view everyone reads: the union of the articles' graphs with one
preferred label per entity, which ``kg query`` runs on and graph.ttl
exports; it carries the state of the articles it was merged from, so a
stale view (a build killed before merging) is noticed and redone. An
article goes in with one transaction, so
a build killed at any point leaves whole articles only, and an article
already stored with the same extractor is not read again: re-running a
build is a no-op and adding one article costs one article. A lock file
keeps a second build on the same folder out with a clear message.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from . import __version__
from .errors import KgError
from .memory import release_free_memory
from .model import Article
from .settings import Settings
from .vocab import ID, KG, SCHEMA

STORE_DIR = "store"
LOCK_FILE = ".kg-build.lock"
MERGE_BATCH = 256  # article graphs merged per transaction
BULK_BYTES = 1 << 20  # N-Quads written at once from which pyoxigraph's bulk loader is used
# A graph of the store's own: which state of the articles the view was merged from.
STORE_GRAPH = ID["store"]


class StoreLocked(KgError):
    code = "E008"
    exit_code = 2


_held_locks: set = set()  # open lock files, which a forked worker must not keep


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the folder's build lock, or fail at once naming the folder."""
    handle = open(out / LOCK_FILE, "w")
    _held_locks.add(handle)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreLocked(f"another kg build is writing {out}; run this one when it has finished") from None
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        _held_locks.discard(handle)
        handle.close()


def forget_inherited_locks() -> None:
    """In a forked worker: close the parent's lock files. A lock lives as long
    as any process holds its file open, and a worker outliving a killed
    build must not keep the folder locked."""
    for handle in list(_held_locks):
        handle.close()
    _held_locks.clear()


def fingerprint(settings: Settings) -> str:
    """What the extraction of an article depends on: kg's code and data, the
    models and the confidence threshold. A stored article read with another
    fingerprint is read again."""
    digest = hashlib.sha256(f"{__version__}|{settings.model_fr}|{settings.model_en}|{settings.min_confidence}".encode())
    package = resources.files("kg")
    for path in sorted(Path(str(package)).rglob("*")):
        if path.suffix in {".py", ".toml", ".jsonl", ".txt", ".rq"} and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def article_graph_name(article: Article) -> URIRef:
    from .graph import article_iri

    return ID[f"graph/{str(article_iri(article)).rsplit('/', 1)[-1]}"]


class LocalBackend:
    """The embedded store: pyoxigraph on disk in OUTDIR/store/."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path, self.read_only = path, read_only
        self.store = self._open()

    def _open(self) -> ox.Store:
        if self.read_only:
            return ox.Store.read_only(str(self.path))
        store = ox.Store(str(self.path))  # holds the database's lock: no bulk load is under way
        for unfinished in self.path.glob("bulk-*.sst"):
            unfinished.unlink()  # files of a bulk load a killed build left behind, never added
        return store

    def select(self, sparql: str) -> list[dict]:
        result = self.store.query(sparql)
        names, term = [v.value for v in result.variables], RdflibTerms()
        return [{name: term(value) for name, value in zip(names, row) if value is not None} for row in result]

    def ask(self, sparql: str) -> bool:
        return bool(self.store.query(sparql))

    def update(self, sparql: str) -> None:
        self.store.update(sparql)

    def has_graph(self, name: URIRef) -> bool:
        return self.store.contains_named_graph(store_term(name))

    def put_graph(self, name: URIRef, ntriples: bytes) -> None:
        """Write (or overwrite) a named graph, in one transaction."""
        if not self.has_graph(name):
            self.put_graphs([(name, ntriples)])
        else:
            body = ntriples.decode("utf-8")
            self.store.update(f"DROP SILENT GRAPH {name.n3()} ; INSERT DATA {{ GRAPH {name.n3()} {{ {body} }} }}")

    def put_graphs(self, graphs: list[tuple[URIRef, bytes]], view: bytes = b"") -> None:
        """Write new named graphs, and ``view`` (N-Triples) into the default graph, all in one transaction."""
        # As N-Quads, parsed and written by pyoxigraph in one load (one
        # transaction): no Python object per triple. In N-Triples every line
        # ends with " .\n" and no literal holds a raw line break, so naming
        # the graph is a replacement at the line ends; a line left unnamed
        # goes to the default graph.
        quads = b"".join(ntriples.replace(b" .\n", b" %s .\n" % name.n3().encode()) for name, ntriples in graphs)
        quads += view
        if len(quads) >= BULK_BYTES:
            # The bulk loader writes the indexes' files itself and adds them
            # to the database at once (atomic since oxigraph 0.5.1): less than
            # half the time of inserting each quad through memory tables.
            self.store.bulk_load(quads, ox.RdfFormat.N_QUADS)
        else:
            # Each bulk load adds files to the database, which its compactions
            # then merge: for a few articles, the ordinary load costs less.
            self.store.load(quads, ox.RdfFormat.N_QUADS)

    def drop_graph(self, name: URIRef) -> None:
        if self.has_graph(name):
            self.store.remove_graph(store_term(name))

    def clear_default(self) -> None:
        self.store.clear_graph(ox.DefaultGraph())

    def dump_default(self, path: Path, prefixes: dict[str, str]) -> None:
        self.store.dump(str(path), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    def default_graph(self, graph: Graph) -> Graph:
        term = RdflibTerms()
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
        return graph

    def flush(self) -> None:
        self.store.flush()

    def reopen(self) -> None:
        """Close and open the database again, which frees what it caches."""
        self.store = None  # the last reference: pyoxigraph closes the database
        release_free_memory()
        self.store = self._open()

    def size(self) -> int:
        return len(self.store)


class ArticleStore:
    """One named graph per article, and the merged view, in a SPARQL store:
    the embedded pyoxigraph one (``LocalBackend``) or a remote endpoint
    (``kg.remote.RemoteBackend``). Everything here is SPARQL or a whole
    graph written at once, so both behave the same."""

    def __init__(self, out: Path, backend=None):
        self.backend = backend if backend is not None else LocalBackend(out / STORE_DIR)
        self._merged = 0  # graphs merged since the database was last reopened

    @classmethod
    def open(cls, out: Path, url: str | None = None, settings: Settings | None = None) -> ArticleStore:
        """The store of a build: embedded in ``out``, or the remote endpoint at ``url``."""
        if url:
            from .remote import RemoteBackend

            return cls(out, RemoteBackend.connect(url, settings or Settings()))
        return cls(out)

    @classmethod
    def read_only(cls, out: Path) -> ArticleStore:
        """The embedded store opened for reading, alongside a build that may be writing it."""
        return cls(out, LocalBackend(out / STORE_DIR, read_only=True))

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store itself (embedded stores only)."""
        return self.backend.store

    def is_current(self, article: Article, built_with: str) -> bool:
        name = article_graph_name(article)
        return self.backend.ask(f"ASK {{ GRAPH {name.n3()} {{ ?a {KG.builtWith.n3()} {Literal(built_with).n3()} }} }}")

    def put(self, article: Article, triples: bytes, built_with: str) -> bool:
        """Store (or replace) an article's graph, given as N-Triples, in one transaction;
        True if it replaced one."""
        return self.put_many([(article, triples)], built_with)

    def put_many(self, read: list[tuple[Article, bytes]], built_with: str, into_view: bool = False) -> bool:
        """Store articles' graphs; new ones together in one transaction (a
        commit per article costs more than the writing), replaced ones each in
        its own. Whole articles only, either way. True if any replaced one.

        ``into_view``: the new graphs' triples also go into the merged view,
        in the same transaction, for ``merge_part`` or ``merge(in_view=…)`` to
        choose their labels; the view is marked stale first."""
        from .graph import article_iri

        if into_view:
            self.backend.drop_graph(STORE_GRAPH)
        new, replaced = [], False
        for article, triples in read:
            name = article_graph_name(article)
            marker = f"{article_iri(article).n3()} {KG.builtWith.n3()} {Literal(built_with).n3()} .\n".encode()
            if self.backend.has_graph(name):
                self.backend.put_graph(name, triples + marker)
                replaced = True
            else:
                new.append((name, triples + marker))
        if new:
            self.backend.put_graphs(new, b"".join(view_lines(triples) for _, triples in new) if into_view else b"")
        return replaced

    def remove(self, article_id: str) -> URIRef | None:
        """Drop the graph of the article with this id (file name or FILE#LINE); None if absent."""
        rows = self.backend.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a {SCHEMA.identifier.n3()} "
                                   f"{Literal(article_id).n3()} }} FILTER (?g != {STORE_GRAPH.n3()}) }} LIMIT 1")
        if not rows:
            return None
        self.backend.drop_graph(rows[0]["g"])
        return rows[0]["g"]

    def article_ids(self) -> list[str]:
        rows = self.backend.select(f"SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ ?a {SCHEMA.identifier.n3()} ?id }} "
                                   f"FILTER (?g != {STORE_GRAPH.n3()}) }}")
        return sorted(str(row["id"]) for row in rows)

    def __len__(self) -> int:
        return self.backend.size()

    def _marks(self) -> list[tuple[URIRef, str]]:
        rows = self.backend.select(f"SELECT ?g ?b WHERE {{ GRAPH ?g {{ ?a {KG.builtWith.n3()} ?b }} }}")
        return sorted((row["g"], str(row["b"])) for row in rows if row["g"] != STORE_GRAPH)

    def state(self) -> str:
        """A digest of which articles the store holds, each with the extractor that read it."""
        marks = [f"{name} {built}" for name, built in self._marks()]
        return hashlib.sha256("\n".join(marks).encode()).hexdigest()[:16]

    def view_is_current(self) -> bool:
        return self.backend.ask(f"ASK {{ GRAPH {STORE_GRAPH.n3()} {{ ?m {KG.mergedFrom.n3()} "
                                f"{Literal(self.state()).n3()} }} }}")

    def merge(self, in_view: list[URIRef] | None = None) -> None:
        """Bring the merged view (the default graph) up to date.

        With ``in_view`` — the graphs ``put_many(into_view=True)`` wrote
        since the last merge, none replaced — only the labels of the entities
        they name are chosen again, so adding an article to a large store
        stays cheap; otherwise the view is cleared and every article's graph
        merged in. Each entity keeps one
        ``rdfs:label``: the least of the labels its articles give it (so the
        choice does not depend on the order articles came in), the others
        become ``skos:altLabel``.

        Graphs are merged MERGE_BATCH at a time, each batch one transaction,
        so memory stays bounded however many articles a build adds. The
        state marker goes in with the last batch: a merge cut short leaves
        the view marked stale, and the next build merges it again.
        """
        self.backend.drop_graph(STORE_GRAPH)
        copy = in_view is None
        graphs = [name for name, _ in self._marks()] if copy else in_view
        if copy:
            self.backend.clear_default()
        batches = [graphs[i:i + MERGE_BATCH] for i in range(0, len(graphs), MERGE_BATCH)] or [[]]
        for number, batch in enumerate(batches, 1):
            self.backend.update(_merge_update(batch, self.state() if number == len(batches) else None, copy))
        self.backend.flush()

    def merge_part(self, graphs: list[URIRef]) -> None:
        """Choose the labels of the entities in graphs put ``into_view``
        during a build, leaving the view marked stale until ``merge``."""
        self.backend.drop_graph(STORE_GRAPH)
        self.backend.update(_merge_update(graphs, None, copy=False))
        self._merged += len(graphs)
        if self._merged >= MERGE_BATCH:
            # RocksDB keeps recent writes in memory tables until they fill up
            # (hundreds of MB across the store's indexes), and per-file state
            # that grows with the store; writing the tables out and reopening
            # as we go keeps a long build's memory flat.
            self.backend.flush()
            self.backend.reopen()
            self._merged = 0

    def counts(self) -> dict[str, int]:
        """Entities, statements, articles and relation triples in the merged view."""
        from .extract.lexicon import RELATIONS
        from .graph import TYPE_CLASS

        def count(pattern: str) -> int:
            return int(self.backend.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])

        classes = " ".join(URIRef(c).n3() for c in TYPE_CLASS.values())
        relations = " ".join(KG[r].n3() for r in RELATIONS)
        return {
            "entities": count(f"SELECT DISTINCT ?e WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c }}"),
            "statements": count(f"?s a {RDF.Statement.n3()}"),
            "articles": count(f"?a a {SCHEMA.NewsArticle.n3()}"),
            "relations": count(f"VALUES ?p {{ {relations} }} ?s ?p ?o"),
        }

    def export(self, path: Path) -> None:
        """Write the merged view as Turtle to ``path`` (through a temporary file renamed into place)."""
        from .graph import PREFIXES

        temporary = path.with_name(f".{path.name}.tmp")
        try:
            self.backend.dump_default(temporary, {name: str(iri) for name, iri in PREFIXES.items()})
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def view(self) -> Graph:
        """The merged view as an rdflib graph (what graph.ttl holds)."""
        from .graph import new_graph

        return self.backend.default_graph(new_graph())

    def flush(self) -> None:
        self.backend.flush()


# Predicates the merge writes itself (one label per entity) or keeps out of the view.
NOT_COPIED = (RDFS.label, SKOS.altLabel, KG.builtWith)
_NOT_COPIED_NT = frozenset(p.n3().encode() for p in NOT_COPIED)


def view_lines(ntriples: bytes) -> bytes:
    """The lines of an article's N-Triples that go into the merged view as they are.

    An N-Triples line is subject, space, predicate: our subjects are IRIs,
    which hold no space, so the predicate is the second field."""
    kept = []
    for line in ntriples.splitlines(keepends=True):
        fields = line.split(b" ", 2)
        if len(fields) == 3 and fields[1] not in _NOT_COPIED_NT:
            kept.append(line)
    return b"".join(kept)


def _merge_update(added: list[URIRef], state: str | None, copy: bool = True) -> str:
    """The SPARQL Update that merges article graphs into the default graph
    (and, given the ``state``, marks the view current); without ``copy``,
    the graphs' triples are there already (``put_many(into_view=True)``) and
    only their entities' labels are chosen.

    Every term in it is an IRI we minted or a literal, written with rdflib's
    ``n3()``; nothing read from an article is pasted in."""
    label, alt, merged = RDFS.label.n3(), SKOS.altLabel.n3(), KG.mergedFrom.n3()
    not_copied = ", ".join(p.n3() for p in NOT_COPIED)
    store_graph = STORE_GRAPH.n3()
    graphs = " ".join(g.n3() for g in added)
    sources = f"VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }}"
    touched = f"{{ SELECT DISTINCT ?e WHERE {{ VALUES ?t {{ {graphs} }} GRAPH ?t {{ ?e {label} ?any }} }} }}"
    mark = f"INSERT DATA {{ GRAPH {store_graph} {{ {store_graph} {merged} {Literal(state).n3()} }} }}" if state else ""

    def every_article(predicate: str) -> str:
        return f"GRAPH ?g {{ ?e {predicate} ?l }} FILTER (?g != {store_graph})"

    copied = f"INSERT {{ ?s ?p ?o }} WHERE {{ {sources} FILTER (?p NOT IN ({not_copied})) }} ;" if copy else ""
    return f"""
{copied}
DELETE {{ ?e {label} ?l }} WHERE {{ {touched} ?e {label} ?l }} ;
DELETE {{ ?e {alt} ?l }} WHERE {{ {touched} ?e {alt} ?l }} ;
INSERT {{ ?e {label} ?least }} WHERE {{
  {{ SELECT ?e (MIN(?l) AS ?least) WHERE {{ {touched} {every_article(label)} }} GROUP BY ?e }}
}} ;
INSERT {{ ?e {alt} ?l }} WHERE {{ {touched} {every_article(alt)} }} ;
INSERT {{ ?e {alt} ?l }} WHERE {{ {touched} {every_article(label)} FILTER NOT EXISTS {{ ?e {label} ?l }} }}
{";" if mark else ""} {mark}
"""


def store_term(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class RdflibTerms(dict):
    """pyoxigraph terms as rdflib terms, each distinct one converted once:
    answers and graphs repeat their terms (an actor on many rows), and
    building rdflib terms can cost as much as the query itself."""

    def __call__(self, term):
        converted = self.get(term)
        if converted is None:
            converted = self[term] = rdflib_term(term)
        return converted


def rdflib_term(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value if term.datatype else None
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype) if datatype else None)


