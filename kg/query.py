"""SPARQL over a built graph: run a query, format its results.

Prefixes for the kg ontology, Wikidata, schema.org, PROV, SKOS, RDF(S) and
OWL are predeclared, so a query can use ``kg:met`` without a PREFIX line.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from .build import GRAPH_FILE
from .errors import OutputMissing, QueryError
from .vocab import ID, KG, SCHEMA, WD

PREFIXES = {"kg": KG._NS, "kgid": ID, "wd": WD, "schema": SCHEMA, "prov": PROV, "skos": SKOS,
            "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}


def load_graph(out_dir: str | Path) -> Graph:
    """The graph of a build folder, or of a Turtle file given directly."""
    given = Path(out_dir)
    path = given if given.is_file() and given.suffix == ".ttl" else given / GRAPH_FILE
    if not path.is_file():
        raise OutputMissing(f"No graph at {path}: run `kg build INPUT -o {given}` first, "
                            f"or give the folder it wrote (or its {GRAPH_FILE})")
    return Graph().parse(path, format="turtle")


def run(graph: Graph, sparql: str, bound: dict[str, Node] | None = None) -> Result:
    """Run a query; ``bound`` gives variables values as RDF terms (initBindings)."""
    try:
        query = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as e:  # pyparsing raises its own types; all mean a bad query
        raise QueryError(f"SPARQL syntax error: {e}") from e
    return graph.query(query, initBindings=bound or {})


def run_query(out_dir: str | Path, sparql: str) -> tuple[list[str], list[list[str]]]:
    result = run(load_graph(out_dir), sparql)
    return table(result)


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


def bindings(graph: Graph, query: NamedQuery, values: dict[str, str]) -> dict[str, Node]:
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


def _term(graph: Graph, parameter: Parameter, value: str) -> Node:
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
        return URIRef(value.strip("<>"))
    wanted = value.casefold()
    for predicate in (RDFS.label, SKOS.altLabel):
        for entity, name in graph.subject_objects(predicate):
            if str(name).casefold() == wanted:
                return entity
    raise QueryError(f"no entity named {value!r} in the graph; give its QID, IRI or exact name")
