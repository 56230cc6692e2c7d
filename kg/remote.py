"""A remote SPARQL 1.1 store as kg's store: Query, Update and the Graph Store Protocol over HTTP.

``kg build --store URL`` writes each article's graph with one Graph Store
PUT (atomic on the server) and merges with SPARQL Update, exactly as the
embedded store does; ``kg query --store URL`` and ``kg serve --store URL``
read from it. The endpoints under the URL follow Oxigraph's layout —
``URL/query``, ``URL/update``, ``URL/store`` — and each path is a setting for
other servers (README: Fuseki, Virtuoso, GraphDB).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import httpx
from rdflib import BNode, Graph, Literal, URIRef

from .errors import KgError
from .settings import Settings


class StoreUnreachable(KgError):
    code = "E009"
    exit_code = 1


class RemoteEndpoints:
    def __init__(self, url: str, settings: Settings):
        base = url.rstrip("/") + "/"
        self.base = url
        self.query = urljoin(base, settings.store_query_path)
        self.update = urljoin(base, settings.store_update_path)
        self.data = urljoin(base, settings.store_data_path)


class RemoteBackend:
    """The store operations kg needs, as HTTP requests to one SPARQL server."""

    def __init__(self, endpoints: RemoteEndpoints, client: httpx.Client):
        self.endpoints = endpoints
        self.client = client

    @classmethod
    def connect(cls, url: str, settings: Settings) -> RemoteBackend:
        if not url.startswith(("http://", "https://")):
            raise StoreUnreachable(f"--store takes an http(s) URL, not {url!r}")
        backend = cls(RemoteEndpoints(url, settings), httpx.Client(timeout=settings.store_timeout))
        backend.ask("ASK { }")  # fail now, clearly, if it cannot be reached
        return backend

    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.HTTPError as e:
            raise StoreUnreachable(f"cannot reach the store at {self.endpoints.base}: {e}") from None
        if response.status_code >= 400:
            raise StoreUnreachable(f"the store at {url} answered {response.status_code}: {response.text[:300]}")
        return response

    def query_raw(self, sparql: str, accept: str) -> httpx.Response:
        return self._send("POST", self.endpoints.query, content=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query", "Accept": accept})

    def select(self, sparql: str) -> list[dict]:
        data = json.loads(self.query_raw(sparql, "application/sparql-results+json").content)
        return [{name: _term(value) for name, value in row.items()} for row in data["results"]["bindings"]]

    def ask(self, sparql: str) -> bool:
        return bool(json.loads(self.query_raw(sparql, "application/sparql-results+json").content)["boolean"])

    def update(self, sparql: str) -> None:
        self._send("POST", self.endpoints.update, content=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    def has_graph(self, name: URIRef) -> bool:
        return self.ask(f"ASK {{ GRAPH {name.n3()} {{ ?s ?p ?o }} }}")

    def put_graph(self, name: URIRef, ntriples: bytes) -> None:
        """One Graph Store PUT: the server replaces the graph in one go."""
        self._send("PUT", self.endpoints.data, params={"graph": str(name)}, content=ntriples,
                   headers={"Content-Type": "application/n-triples"})

    def put_graphs(self, graphs: list[tuple[URIRef, bytes]], view: bytes = b"") -> None:
        """A PUT per graph (the protocol writes one graph per request), then
        ``view`` added to the default graph with a POST."""
        for name, ntriples in graphs:
            self.put_graph(name, ntriples)
        if view:
            self._send("POST", self.endpoints.data, params={"default": ""}, content=view,
                       headers={"Content-Type": "application/n-triples"})

    def drop_graph(self, name: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {name.n3()}")

    def clear_default(self) -> None:
        self.update("DROP SILENT DEFAULT")

    def dump_default(self, path: Path, prefixes: dict[str, str]) -> None:
        with self.client.stream("GET", self.endpoints.data, params={"default": ""},
                                headers={"Accept": "text/turtle"}) as response:
            if response.status_code >= 400:
                raise StoreUnreachable(f"the store at {self.endpoints.data} answered {response.status_code}")
            with open(path, "wb") as stream:
                for chunk in response.iter_bytes():
                    stream.write(chunk)

    def get_graph(self, name: str | None, accept: str) -> httpx.Response:
        """One graph (the default graph when ``name`` is None) by a Graph Store GET."""
        return self._send("GET", self.endpoints.data, params={"graph": name} if name else {"default": ""},
                          headers={"Accept": accept})

    def default_graph(self, graph: Graph) -> Graph:
        return graph.parse(data=self.get_graph(None, "application/n-triples").content, format="nt")

    def flush(self) -> None:
        pass  # each request is durable on the server

    def reopen(self) -> None:
        pass  # nothing held here between requests

    def size(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(rows[0]["n"])


def _term(value: dict):
    """A term of the SPARQL 1.1 JSON results format as an rdflib term."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=value.get("xml:lang"),
                   datatype=URIRef(value["datatype"]) if "datatype" in value and "xml:lang" not in value else None)
