"""SPARQL over a built graph: run a query, format its results.

Prefixes for the kg ontology, Wikidata, schema.org, PROV, SKOS, RDF(S) and
OWL are predeclared, so a query can use ``kg:met`` without a PREFIX line.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

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


def run(graph: Graph, sparql: str) -> Result:
    try:
        query = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as e:  # pyparsing raises its own types; all mean a bad query
        raise QueryError(f"SPARQL syntax error: {e}") from e
    return graph.query(query)


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
