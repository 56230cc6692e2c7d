"""The graph as an interactive HTML network (vis-network), offline.

networkx holds the network read from the RDF graph; vis-network (inlined
from pyvis's wheel) draws it; a jinja2 template (autoescaped, data through
``|tojson``) writes one self-contained page with filters by relation, entity
type and date, a search box and a legend.

Small graphs (the seeds) are laid out in the browser by vis-network's
physics. Above ``PHYSICS_UP_TO`` nodes the positions are computed here
(``layout``: Fruchterman–Reingold with a grid for the far-away repulsion,
about 2 s for 10 000 nodes) and physics is off, so a big graph draws at
once instead of simulating for minutes.

Tooltips are plain text: vis-network shows a string title as text, so a
``<script>`` in an article stays text; the page builds its own elements
with ``textContent`` only.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from importlib import resources
from urllib.parse import quote, urlsplit

import networkx as nx
import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL, PROV, SKOS
from scipy.signal import fftconvolve
from scipy.spatial import cKDTree

from .extract.lexicon import RELATIONS, SYMMETRIC
from .graph import statements_by_triple
from .vocab import ID, KG, SCHEMA

TYPE_STYLE = {  # class -> (legend label, colour)
    KG.Person: ("Person", "#e4572e"),
    KG.Country: ("Country", "#2e86ab"),
    KG.Organization: ("Organization", "#76b041"),
    KG.Place: ("Place", "#a06cd5"),
}
# Relations grouped for the legend and coloured by group: standing ties (no
# PLOVER event), cooperation (PLOVER's consult, agree, cooperate, support, aid)
# and conflict (mobilize, assault, threaten, sanction, accuse).
RELATION_GROUPS = {  # group -> (colour, relations)
    "Ties": ("#8d99ae", ("leader_of", "official_of", "member_of", "located_in")),
    "Cooperation": ("#2a9d8f", ("met", "visited", "signed_agreement_with", "allied_with", "supports",
                                "provided_aid_to")),
    "Conflict": ("#d62828", ("deployed_forces_to", "attacked", "invaded", "threatened", "sanctioned", "condemned")),
}
RELATION_COLOUR = {relation: colour for colour, relations in RELATION_GROUPS.values() for relation in relations}
assert set(RELATION_COLOUR) == set(RELATIONS), "every relation needs a group in the legend"
ENTITY_NAMESPACE = str(ID["entity/"])  # a node's entity page is named by what follows this
MAX_SENTENCES = 3  # per edge tooltip
PHYSICS_UP_TO = 300  # nodes; above, positions come from ``layout`` and physics is off
PIXELS_PER_UNIT = 100  # layout's ideal edge length, in vis-network's canvas units
GRID = 128  # cells a side for the layout's far repulsion
NEAR = 8  # nearest neighbours that repel exactly in the layout
GRAVITY = 0.3  # the layout's pull to the centre: keeps small components near the big one


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes, each relation triple as an edge with its sources.

    Edges carry ``sources`` (article, sentence) and ``statements`` (article,
    date, sentence), both sorted, and ``dates``, the distinct dates of their
    statements. Each property is read in one pass over the graph, not one
    lookup per statement: a 30 000-relation graph reads in about 2 s.
    """
    network = nx.MultiDiGraph()
    labels = dict(graph.subject_objects(RDFS.label))
    other_names: dict = defaultdict(list)
    for node, name in graph.subject_objects(SKOS.altLabel):
        other_names[node].append(str(name))
    same_as: dict = defaultdict(list)
    for node, item in graph.subject_objects(OWL.sameAs):
        same_as[node].append(str(item))
    for cls, (type_label, _) in TYPE_STYLE.items():
        for node in sorted(graph.subjects(RDF.type, cls)):
            network.add_node(
                str(node), label=str(labels.get(node, node)), type=type_label,
                names=sorted(other_names[node]), wikidata=sorted(same_as[node]),
            )

    article_of = dict(graph.subject_objects(PROV.wasDerivedFrom))
    article_id = dict(graph.subject_objects(SCHEMA.identifier))
    sentence_of = dict(graph.subject_objects(KG.sentence))
    date_of = dict(graph.subject_objects(KG.date))
    statements = statements_by_triple(graph)  # one pass, not one scan per edge
    for relation in RELATIONS:
        predicate = KG[relation]
        for s, o in sorted(graph.subject_objects(predicate)):
            found = []
            for statement in statements.get((s, predicate, o), ()):
                article = article_of.get(statement)
                found.append((str(article_id.get(article, article or "")), str(date_of.get(statement, "")),
                              str(sentence_of.get(statement, ""))))
            found.sort()
            network.add_edge(str(s), str(o), key=relation, relation=relation, statements=found,
                             sources=[(article, sentence) for article, _, sentence in found],
                             dates=sorted({date for _, date, _ in found if date}))
    return network


def layout(network: nx.Graph, iterations: int = 120, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Positions for a big network, in a few seconds at 10 000 nodes.

    Fruchterman–Reingold (attraction d²/k along edges, repulsion k²/d between
    all pairs, a temperature that caps each step and cools), with k = 1 and
    the all-pairs repulsion computed on a grid: nodes are counted into
    GRID × GRID cells and the counts convolved (FFT) with the 1/d force of
    one cell on another, so one step costs O(n + GRID² log GRID) instead of
    O(n²). Closer than a cell, where the grid sees no distance, the nearest
    neighbours repel exactly (a k-d tree finds them). A weak pull to the
    centre keeps separate components in view. Same network, same positions.
    networkx's own layouts take 20 s (spectral) to 45 s (spring, 10
    iterations) on 10 000 nodes and 30 000 edges; this takes about 2 s.

    Neighbours end up closer than strangers:

    >>> from math import dist
    >>> two_groups = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    >>> at = layout(two_groups)
    >>> max(dist(at[0], at[i]) for i in range(1, 5)) < min(dist(at[0], at[i]) for i in range(5, 10))
    True
    """
    nodes = list(network)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array(sorted({(index[a], index[b]) for a, b in network.edges() if a != b}), dtype=int).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = np.sqrt(n)
    position = rng.uniform(0, side, (n, 2))
    for step in range(iterations):
        temperature = side / 10 * (1 - step / iterations) + 0.01
        force = _repulsion(position)
        force += _attraction(position, pairs)
        force -= GRAVITY * (position - position.mean(axis=0))
        length = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-9)
        position += force * (np.minimum(length, temperature) / length)[:, None]
    position -= position.mean(axis=0)
    return {node: (round(float(x) * PIXELS_PER_UNIT, 1), round(float(y) * PIXELS_PER_UNIT, 1))
            for node, (x, y) in zip(nodes, position)}


def _repulsion(position: np.ndarray) -> np.ndarray:
    """k²/d repulsion from every other node: far through the grid, near exactly."""
    n = len(position)
    low = position.min(axis=0)
    cell = max(float(np.ptp(position, axis=0).max()), 1e-6) * 1.0001 / GRID
    at = np.minimum(((position - low) / cell).astype(int), GRID - 1)
    flat = at[:, 0] * GRID + at[:, 1]
    counts = np.bincount(flat, minlength=GRID * GRID).reshape(GRID, GRID).astype(float)
    offsets = np.arange(-(GRID - 1), GRID) * cell
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    squared = dx ** 2 + dy ** 2
    squared[GRID - 1, GRID - 1] = np.inf  # a cell does not push itself
    force = np.column_stack([fftconvolve(counts, dx / squared, mode="same").ravel()[flat],
                             fftconvolve(counts, dy / squared, mode="same").ravel()[flat]])

    # The 2nd to (NEAR+1)th nearest: the 1st is the node itself. Missing ones come back infinite.
    distance, neighbour = cKDTree(position).query(position, k=list(range(2, NEAR + 2)), distance_upper_bound=cell)
    found = np.isfinite(distance)
    i = np.broadcast_to(np.arange(n)[:, None], found.shape)[found]
    j = neighbour[found]
    apart = position[i] - position[j]
    push = apart / np.maximum((apart ** 2).sum(axis=1), 1e-4)[:, None]
    force[:, 0] += np.bincount(i, push[:, 0], n)
    force[:, 1] += np.bincount(i, push[:, 1], n)
    return force


def _attraction(position: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """d²/k pull along each edge, on both ends."""
    n = len(position)
    force = np.zeros((n, 2))
    if len(pairs) == 0:
        return force
    a, b = pairs[:, 0], pairs[:, 1]
    apart = position[b] - position[a]
    pull = apart * np.hypot(apart[:, 0], apart[:, 1])[:, None]
    for axis in (0, 1):
        force[:, axis] += np.bincount(a, pull[:, axis], n) - np.bincount(b, pull[:, axis], n)
    return force


def date_span(value: str) -> tuple[str, str] | None:
    """The first and last day an ``xsd:date``, ``gYearMonth`` or ``gYear`` covers.

    >>> date_span("2022-02")
    ('2022-02-01', '2022-02-28')
    >>> date_span("2023")
    ('2023-01-01', '2023-12-31')
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = int(value[:4]), int(value[5:])
        if 1 <= month <= 12:
            return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    return None


def _node_title(data: dict, degree: int) -> str:
    lines = [f"{data['label']} ({data['type']})"]
    if data["names"]:
        lines.append("Also: " + ", ".join(data["names"]))
    lines.extend(f"Wikidata: {q.rsplit('/', 1)[-1]}" for q in data["wikidata"])
    lines.append(f"{degree} relation(s)")
    return "\n".join(lines)


def _edge_title(source: str, target: str, data: dict, network: nx.MultiDiGraph) -> str:
    head = f"{network.nodes[source]['label']} {data['relation']} {network.nodes[target]['label']}"
    lines = [head, f"{len(data['statements'])} source(s)" + (f" · {', '.join(data['dates'])}" if data["dates"] else "")]
    for article, date, sentence in data["statements"][:MAX_SENTENCES]:
        lines.append(f"[{article}{', ' + date if date else ''}] {sentence}")
    return "\n".join(lines)


def entity_page(iri: str, entity_url: str) -> str | None:
    """Where a node's entity page is: ``entity_url`` and the IRI's local name, quoted.

    >>> entity_page("https://w3id.org/kg-news/id/entity/Q159", "/entity/")
    '/entity/Q159'
    >>> entity_page("https://example.org/other", "/entity/") is None
    True
    """
    if not iri.startswith(ENTITY_NAMESPACE) or len(iri) == len(ENTITY_NAMESPACE):
        return None
    return entity_url + quote(iri[len(ENTITY_NAMESPACE):], safe="")


def to_vis(network: nx.MultiDiGraph, positions: dict[str, tuple[float, float]] | None = None,
           entity_url: str | None = None, edge_labels: bool = True) -> tuple[list[dict], list[dict]]:
    """vis-network's nodes and edges; node ids are small integers to keep the page small.

    Without ``edge_labels`` the relation is in the colour and the tooltip
    only: vis-network measures and draws every edge label on every frame,
    seen or not, which at 30 000 edges takes seconds a frame.
    """
    ids = {node: i for i, node in enumerate(network)}
    nodes = []
    for node, data in network.nodes(data=True):
        degree = network.degree(node)
        item = {"id": ids[node], "label": data["label"], "group": data["type"], "names": data["names"],
                "value": 1 + degree, "title": _node_title(data, degree)}
        if positions:
            item["x"], item["y"] = positions[node]
        if entity_url is not None and (page := entity_page(node, entity_url)):
            item["href"] = page
        nodes.append(item)
    edges = []
    for source, target, data in network.edges(data=True):
        relation = data["relation"]
        edge = {
            "id": len(edges), "from": ids[source], "to": ids[target], "relation": relation,
            "title": _edge_title(source, target, data, network), "color": RELATION_COLOUR[relation],
            "arrows": "" if relation in SYMMETRIC else "to", "width": min(len(data["statements"]), 6),
            "dates": [span for date in data["dates"] if (span := date_span(date))],
        }
        if edge_labels:
            edge["label"] = relation
        edges.append(edge)
    return nodes, edges


def _options(laid_out: bool) -> dict:
    options = {
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 30}, "font": {"size": 14}},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "dynamic"}},
        "groups": {label: {"color": colour} for label, colour in TYPE_STYLE.values()},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},
        "layout": {"randomSeed": 1},  # the same graph draws the same way each time
        "interaction": {"hover": True, "tooltipDelay": 100},
    }
    if laid_out:  # positions are given: no simulation, straight edges, no redrawing edges while moving
        # Level of detail: labels grow with degree, so the top actors are named in
        # the first, zoomed-out frame and the others as one zooms in.
        options["nodes"]["scaling"] = {"min": 6, "max": 60,
                                       "label": {"enabled": True, "min": 14, "max": 90, "maxVisible": 30,
                                                 "drawThreshold": 5}}
        options["physics"] = {"enabled": False}
        options["layout"]["improvedLayout"] = False
        options["edges"]["smooth"] = False
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
    return options


def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(["html", "j2"]))
    # Compact JSON: a 10 000-node page is megabytes of it. (Jinja still escapes <, >, & and ' in it.)
    environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return environment


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _checked_entity_url(entity_url: str | None) -> str | None:
    """Only a path or an http(s) URL: never a ``javascript:`` or ``data:`` one.

    >>> _checked_entity_url("javascript:alert(1)//")
    Traceback (most recent call last):
    ValueError: entity_url must be a path or an http(s) URL, not 'javascript:alert(1)//'
    """
    if entity_url is not None and urlsplit(entity_url).scheme not in ("", "http", "https"):
        raise ValueError(f"entity_url must be a path or an http(s) URL, not {entity_url!r}")
    return entity_url


def render_html(graph: Graph, title: str = "kg — news knowledge graph", entity_url: str | None = None) -> str:
    """The page for ``graph``. With ``entity_url`` (``kg serve`` passes
    ``"/entity/"``), clicking a node opens ``entity_url`` + the local name of
    its IRI (``/entity/Q159``); without, the page makes no request at all."""
    entity_url = _checked_entity_url(entity_url)
    network = to_networkx(graph)
    laid_out = network.number_of_nodes() > PHYSICS_UP_TO
    nodes, edges = to_vis(network, layout(network) if laid_out else None, entity_url, edge_labels=not laid_out)
    vis_js, vis_css = _vis_assets()
    relation_count = Counter(edge["relation"] for edge in edges)
    type_count = Counter(node["group"] for node in nodes)
    spans = [span for edge in edges for span in edge["dates"]]
    return _environment().get_template("graph.html.j2").render(
        title=title, vis_js=vis_js, vis_css=vis_css,
        data={"nodes": nodes, "edges": edges, "options": _options(laid_out)},
        types=[{"label": label, "color": colour, "count": type_count[label]} for label, colour in TYPE_STYLE.values()],
        relation_groups=[{"label": group, "color": colour,
                          "relations": [{"name": r, "count": relation_count[r]} for r in relations if relation_count[r]]}
                         for group, (colour, relations) in RELATION_GROUPS.items()],
        first_date=min((start for start, _ in spans), default=""), last_date=max((end for _, end in spans), default=""),
        summary=f"{network.number_of_nodes()} entities, {network.number_of_edges()} relations",
    )
