"""Check a built graph against the SHACL shapes (ontology/shapes.ttl) with pySHACL.

The ontology (ontology/kg.ttl) is mixed in, so that ``sh:class kg:Actor``
accepts a ``kg:Person``; each violation comes back as one readable line:
the node (with its label), the property and the shape's message.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SH

from .errors import OutputMissing
from .graph import counts, new_graph

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True)
class Violation:
    node: str  # the node's label, or its IRI
    path: str  # the property, as a prefixed name
    message: str
    value: str = ""

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.node} — {self.path}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    checked: dict[str, int] = field(default_factory=dict)  # what was checked: entities, statements…
    violations: list[Violation] = field(default_factory=list)


def load_shapes() -> tuple[Graph, Graph]:
    shapes, ontology = ONTOLOGY_DIR / "shapes.ttl", ONTOLOGY_DIR / "kg.ttl"
    for path in (shapes, ontology):
        if not path.is_file():
            raise OutputMissing(f"{path} is missing: kg validate reads the shapes and ontology of the source tree")
    return Graph().parse(shapes, format="turtle"), Graph().parse(ontology, format="turtle")


def validate(graph: Graph) -> ValidationReport:
    import pyshacl  # imported here: loading it takes a moment, and only this command needs it

    shapes, ontology = load_shapes()
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                            allow_warnings=True)
    held = counts(graph)
    report = ValidationReport(bool(conforms), {k: held[k] for k in ("entities", "statements", "articles")})
    names = new_graph().namespace_manager  # kg:, prov:, schema:… whatever the graph binds
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        label = graph.value(focus, RDFS.label)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        report.violations.append(Violation(
            str(label) if label is not None else names.normalizeUri(focus),
            names.normalizeUri(path) if path is not None else "-",
            str(results.value(result, SH.resultMessage) or "does not conform"),
            "" if value is None else str(graph.value(value, RDFS.label) or value),
        ))
    report.violations.sort(key=lambda v: (v.path, v.node))
    return report
