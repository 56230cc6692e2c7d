"""The graph as an interactive HTML network (pyvis / vis-network), offline.

networkx holds the network read from the RDF graph; pyvis turns it into
vis-network nodes and edges; a jinja2 template (autoescaped, data through
``|tojson``) writes one self-contained page with vis-network inlined.
Tooltips are plain text: vis-network shows a string title as text, so a
``<script>`` in an article stays text.
"""
from __future__ import annotations

from importlib import resources

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL, PROV, SKOS

from .extract.lexicon import RELATIONS, SYMMETRIC
from .graph import statements_by_triple
from .vocab import KG, SCHEMA

TYPE_STYLE = {  # class -> (legend label, colour)
    KG.Person: ("Person", "#e4572e"),
    KG.Country: ("Country", "#2e86ab"),
    KG.Organization: ("Organization", "#76b041"),
    KG.Place: ("Place", "#a06cd5"),
}
MAX_SENTENCES = 3  # per edge tooltip


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes, each relation triple as an edge with its sources."""
    network = nx.MultiDiGraph()
    for cls, (type_label, _) in TYPE_STYLE.items():
        for node in graph.subjects(RDF.type, cls):
            network.add_node(
                str(node), label=str(graph.value(node, RDFS.label) or node), type=type_label,
                names=sorted(str(n) for n in graph.objects(node, SKOS.altLabel)),
                wikidata=[str(o) for o in graph.objects(node, OWL.sameAs)],
            )
    statements = statements_by_triple(graph)  # one pass, not one scan per edge
    for relation in RELATIONS:
        predicate = KG[relation]
        for s, o in graph.subject_objects(predicate):
            sources = []
            for statement in statements.get((s, predicate, o), ()):
                article = graph.value(statement, PROV.wasDerivedFrom)
                sources.append((str(graph.value(article, SCHEMA.identifier) or article),
                                str(graph.value(statement, KG.sentence) or "")))
            network.add_edge(str(s), str(o), key=relation, relation=relation, sources=sorted(sources))
    return network


def _node_title(data: dict) -> str:
    lines = [f"{data['label']} ({data['type']})"]
    if data["names"]:
        lines.append("Also: " + ", ".join(data["names"]))
    lines.extend(f"Wikidata: {q.rsplit('/', 1)[-1]}" for q in data["wikidata"])
    return "\n".join(lines)


def _edge_title(source: str, target: str, data: dict, network: nx.MultiDiGraph) -> str:
    head = f"{network.nodes[source]['label']} {data['relation']} {network.nodes[target]['label']}"
    lines = [head, f"{len(data['sources'])} source(s)"]
    for article, sentence in data["sources"][:MAX_SENTENCES]:
        lines.append(f"[{article}] {sentence}")
    return "\n".join(lines)


def to_pyvis(network: nx.MultiDiGraph) -> Network:
    net = Network(directed=True, cdn_resources="in_line")
    colours = dict(TYPE_STYLE.values())
    for node, data in network.nodes(data=True):
        net.add_node(node, label=data["label"], title=_node_title(data), color=colours[data["type"]],
                     value=1 + network.degree(node))
    for source, target, data in network.edges(data=True):
        if source not in network.nodes or target not in network.nodes:
            continue
        net.add_edge(source, target, label=data["relation"], title=_edge_title(source, target, data, network),
                     arrows="" if data["relation"] in SYMMETRIC else "to", width=len(data["sources"]))
    return net


def _environment() -> Environment:
    return Environment(loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(["html", "j2"]))


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def render_html(graph: Graph, title: str = "kg — news knowledge graph") -> str:
    network = to_networkx(graph)
    net = to_pyvis(network)
    nodes, edges, _, _, _, _ = net.get_network_data()
    vis_js, vis_css = _vis_assets()
    options = {
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 30}, "font": {"size": 14}},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "dynamic"}, "color": {"inherit": False}},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},
        "interaction": {"hover": True, "tooltipDelay": 100},
    }
    summary = f"{network.number_of_nodes()} entities, {network.number_of_edges()} relations"
    legend = [{"label": label, "color": colour} for label, colour in TYPE_STYLE.values()]
    return _environment().get_template("graph.html.j2").render(
        title=title, nodes=nodes, edges=edges, options=options, vis_js=vis_js, vis_css=vis_css,
        legend=legend, summary=summary,
    )
