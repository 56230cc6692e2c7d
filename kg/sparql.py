"""SPARQL over a built graph: run a query, format its results.

Queries run on pyoxigraph: on the store's merged view when the folder has a
store, else on graph.ttl loaded into an in-memory pyoxigraph store. rdflib
is the second engine (``--engine rdflib``), which the tests hold to the same
answers. Results come back as rdflib ``Result`` objects either way, so they
are formatted by one code path.

Prefixes for the kg ontology, Wikidata, schema.org, PROV, SKOS, RDF(S), Dublin Core and
OWL are predeclared, so a query can use ``kg:met`` without a PREFIX line.

Named queries take parameters as RDF terms, never as text: an entity is
resolved to its IRI (a QID, a checked IRI, or a name looked up in the
graph), a relation to the ontology's property, anything else to a literal.
rdflib binds them with initBindings; for pyoxigraph and remote stores the
terms, written by rdflib (``n3()``, which escapes), open the WHERE clause as
a VALUES block — SPARQL's own way to give variables values, and 40 to 70
times faster on a large store than pyoxigraph's substitutions, which it
applies after matching. A named query projects its parameters and tests an
optional one as ``COALESCE(?x = ?param, true)`` (true when it is unbound).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from .builder import GRAPH_FILE
from .errors import OutputMissing, QueryError
from .graph import PREFIXES as OUTPUT_PREFIXES
from .settings import Settings
from .store import STORE_DIR, ArticleStore, RdflibTerms
from .vocab import ID, KG

PREFIXES = {**OUTPUT_PREFIXES, "rdf": RDF}  # what our outputs declare, and rdf:
PREFIX_IRIS = {name: str(iri) for name, iri in PREFIXES.items()}  # as pyoxigraph takes them
ENGINES = ("oxigraph", "rdflib")


def load_graph(out_dir: str | Path) -> Graph:
    """The graph of a build folder, or of a Turtle file given directly."""
    return Graph().parse(graph_file(out_dir), format="turtle")


def graph_file(out_dir: str | Path) -> Path:
    given = Path(out_dir)
    path = given if given.is_file() and given.suffix == ".ttl" else given / GRAPH_FILE
    if not path.is_file():
        raise OutputMissing(f"No graph at {path}: run `kg build INPUT -o {given}` first, "
                            f"or give the folder it wrote (or its {GRAPH_FILE})")
    return path


class RdflibGraph:
    """graph.ttl in an rdflib Graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def run(self, sparql: str, bound: dict[str, Node] | None = None) -> Result:
        try:
            query = prepareQuery(sparql, initNs=PREFIXES)
        except Exception as e:  # pyparsing raises its own types; all mean a bad query
            raise QueryError(f"SPARQL syntax error: {e}") from e
        return self.graph.query(query, initBindings=bound or {})


class OxigraphGraph:
    """The store's merged view (its default graph), or graph.ttl loaded into memory."""

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def open(cls, out_dir: str | Path) -> OxigraphGraph:
        folder = Path(out_dir)
        if (folder / STORE_DIR).is_dir():
            store = ArticleStore.read_only(folder)
            if not store.view_is_current():
                raise QueryError(f"the store in {folder} was left mid-build (a build was stopped before merging): "
                                 f"run kg build again on the same input to finish it")
            return cls(store.store)
        memory = ox.Store()
        memory.load(path=str(graph_file(out_dir)), format=ox.RdfFormat.TURTLE)
        return cls(memory)

    def run(self, sparql: str, bound: dict[str, Node] | None = None) -> Result:
        # pyoxigraph's own substitutions are applied after the pattern is
        # matched (40 to 70 times slower on a large graph), so the terms go
        # in as a VALUES block that opens the WHERE clause instead.
        try:
            answer = self.store.query(with_values(sparql, bound or {}), prefixes=PREFIX_IRIS)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except (OSError, ValueError, RuntimeError) as e:
            raise QueryError(f"SPARQL query failed: {e}") from e
        return _as_rdflib_result(answer)


class RemoteGraph:
    """A remote SPARQL 1.1 store (kg build --store URL): queries go to its endpoint.

    The protocol has no way to send bindings apart from the query, so a
    named query's parameters go in as a VALUES block at the start of its
    WHERE clause, each value written by rdflib as an RDF term (an IRI we
    resolved, or an escaped literal) — the same binding, in the query's own
    words."""

    def __init__(self, url: str, settings: Settings | None = None):
        from .remote import RemoteBackend

        self.backend = RemoteBackend.connect(url, settings or Settings.from_env())

    def run(self, sparql: str, bound: dict[str, Node] | None = None) -> Result:
        text = with_values(with_prefix_lines(sparql), bound or {})
        response = self.backend.query_raw(text, "application/sparql-results+json, text/turtle;q=0.9")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind in {"text/turtle", "application/n-triples"}:
            from .graph import new_graph

            result = Result("CONSTRUCT")
            result.graph = new_graph().parse(data=response.content, format="turtle")
            return result
        return Result.parse(io.BytesIO(response.content), format="json")


def with_values(sparql: str, bound: dict[str, Node]) -> str:
    """The query with ``bound`` as a VALUES block opening its (first) WHERE clause."""
    if not bound:
        return sparql
    names = list(bound)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bound[n].n3() for n in names)}) }}"
    where = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if where is None:
        raise QueryError("a query with parameters needs a WHERE clause")
    return sparql[:where.end()] + " " + block + " " + sparql[where.end():]


def with_prefix_lines(sparql: str) -> str:
    """The query with a PREFIX line for each predeclared prefix it uses and
    does not declare itself (for a remote store, or an editor, that knows none)."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*):", sparql, re.IGNORECASE)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIX_IRIS.items()
             if name not in declared and re.search(rf"\b{name}:", sparql)]
    return "\n".join(lines + [sparql])


def open_graph(out_dir: str | Path | None, engine: str = "oxigraph",
               store: str | None = None) -> RdflibGraph | OxigraphGraph | RemoteGraph:
    """A queryable graph of a build folder (or a graph.ttl), or of a remote store, on the chosen engine."""
    store = store if store is not None else Settings.from_env().store
    if store:
        return RemoteGraph(store)
    if out_dir is None:
        raise QueryError("give the folder kg build wrote, or --store URL")
    if engine == "rdflib":
        return RdflibGraph(load_graph(out_dir))
    if engine == "oxigraph":
        return OxigraphGraph.open(out_dir)
    raise QueryError(f"unknown engine {engine!r}; one of: {', '.join(ENGINES)}")


def _as_rdflib_result(answer) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
    elif isinstance(answer, ox.QueryTriples):
        from .graph import new_graph

        result = Result("CONSTRUCT")
        result.graph = new_graph()
        term = RdflibTerms()
        for triple in answer:
            result.graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    else:
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in answer.variables]
        term = RdflibTerms()
        result.bindings = [{name: term(value) for name, value in zip(result.vars, solution) if value is not None}
                           for solution in answer]
    return result


def run_query(out_dir: str | Path, sparql: str) -> tuple[list[str], list[list[str]]]:
    return table(open_graph(out_dir).run(sparql))


def table(result: Result) -> tuple[list[str], list[list[str]]]:
    """Variables and rows of strings (empty for unbound); ASK gives one cell."""
    if result.type == "ASK":
        return ["ask"], [[str(bool(result.askAnswer)).lower()]]
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return ["subject", "predicate", "object"], [[str(t) for t in triple] for triple in result.graph]
    variables = [str(v) for v in result.vars]
    rows = [["" if value is None else str(value) for value in row] for row in result]
    return variables, rows


def to_csv(variables: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return buffer.getvalue()


def serialize(result: Result, fmt: str) -> str:
    """``csv`` or ``json``: the SPARQL 1.1 results formats for SELECT and ASK;
    CONSTRUCT and DESCRIBE results come out as Turtle either way."""
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return result.graph.serialize(format="turtle")
    if fmt == "csv" and result.type == "ASK":
        return to_csv(*table(result))
    data = result.serialize(format=fmt)
    return data.decode("utf-8") if isinstance(data, bytes) else data


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "entity", "relation", "date" or "text"
    optional: bool
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    """An analyst's query shipped in kg/queries/NAME.rq; its header comments
    give the description and the parameters ("# param: actor entity — …")."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str


# An entity by one of its names, any case; its rdfs:label first.
ENTITY_NAMED = """SELECT ?wanted ?entity WHERE {
  { ?entity rdfs:label ?name BIND (0 AS ?rank) } UNION { ?entity skos:altLabel ?name BIND (1 AS ?rank) }
  FILTER (LCASE(STR(?name)) = ?wanted)
} ORDER BY ?rank STR(?entity) LIMIT 1"""

PARAM_LINE = re.compile(r"#\s*param:\s*(\w+)\s+(\w+)\s*(\(optional\))?\s*[—-]+\s*(.*)")


def named_queries() -> dict[str, NamedQuery]:
    found = {}
    for entry in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        parameters = tuple(Parameter(m.group(1), m.group(2), bool(m.group(3)), m.group(4).strip())
                           for m in map(PARAM_LINE.match, comments) if m)
        name = entry.name[:-3]
        found[name] = NamedQuery(name, comments[0].lstrip("# ").strip() if comments else "", parameters, text)
    return found


def bindings(graph: RdflibGraph | OxigraphGraph | RemoteGraph, query: NamedQuery, values: dict[str, str]) -> dict[str, Node]:
    """The query's parameters as RDF terms: never pasted into the query text."""
    known = {p.name: p for p in query.parameters}
    unknown = set(values) - set(known)
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(sorted(unknown))}; "
                         f"it takes: {', '.join(known) or 'none'}")
    missing = [p.name for p in query.parameters if not p.optional and p.name not in values]
    if missing:
        raise QueryError(f"query {query.name!r} needs --param {missing[0]}=… ({known[missing[0]].doc})")
    return {name: _term(graph, known[name], value) for name, value in values.items()}


def _term(graph: RdflibGraph | OxigraphGraph | RemoteGraph, parameter: Parameter, value: str) -> Node:
    from .extract.lexicon import RELATIONS

    if parameter.kind == "relation":
        if value not in RELATIONS:
            raise QueryError(f"unknown relation {value!r}; one of: {', '.join(RELATIONS)}")
        return KG[value]
    if parameter.kind == "date":
        return Literal(value, datatype=XSD.date)
    if parameter.kind != "entity":
        return Literal(value)
    if re.fullmatch(r"Q[1-9]\d*", value):
        return ID[f"entity/{value}"]
    if re.match(r"https?://", value.strip("<>")):
        iri = value.strip("<>")
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", iri):
            raise QueryError(f"not a valid IRI: {iri!r}")
        return URIRef(iri)
    found = graph.run(ENTITY_NAMED, {"wanted": Literal(value.strip().lower())})
    for row in found:
        return row.entity
    raise QueryError(f"no entity named {value!r} in the graph; give its QID, IRI or exact name")
