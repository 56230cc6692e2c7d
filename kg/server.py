"""``kg serve``: the SPARQL 1.1 endpoint and the browser UI over a build folder.

Routes:
- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form-encoded or
  ``application/sparql-query``), answers negotiated from ``Accept``; without
  a query, the service description. Updates are refused (403).
- ``/store``: the Graph Store Protocol, read-only: GET ``?default`` or
  ``?graph=IRI``; PUT, POST, DELETE and PATCH are refused (403).
- ``/``: the query editor (YASGUI) with the named queries; ``/entity/…``
  a page per entity; ``/article/…`` a page per article; ``/search?q=`` the
  labels; ``/graph`` the network.

Pages are Jinja2 templates with autoescape: text read from articles is
always data, never markup.
"""
from __future__ import annotations

import asyncio
import contextlib
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Literal, URIRef
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .endpoint import Limits, QueryRequest, Refused, WorkerPool, check_query
from .errors import KgError
from .vocab import ID, KG

ENTITY_PREFIX = str(ID["entity/"])
ARTICLE_PREFIX = str(ID["article/"])
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
LOCAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")
# Pages run only scripts served here; the editor talks to this server only.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
SEARCH_LIMIT = 50


def create_app(out_dir: Path, limits: Limits | None = None, workers: int = 2, store: str = "") -> Starlette:
    """The app over a build folder, or over a remote store when ``store`` is its URL."""
    pool = WorkerPool(Path(out_dir), workers, limits or Limits(), store)
    pages = Environment(loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(["html", "j2"]))
    pages.filters["entity_path"] = entity_path
    pages.filters["article_path"] = article_path
    pages.filters["web_link"] = web_link

    @contextlib.asynccontextmanager
    async def lifespan(app):
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    def page(template: str, status: int = 200, **context) -> HTMLResponse:
        html = pages.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_POLICY,
                                                                "X-Content-Type-Options": "nosniff"})

    async def rows(sparql: str, **bound) -> list[dict]:
        answer = await pool.run(QueryRequest(text=sparql, mode="rows", bound=bound))
        return answer.rows or []

    async def sparql(request: Request) -> Response:
        try:
            params = dict(request.query_params)
            if request.method == "POST":
                params.update(await _posted(request))
            if "update" in params:
                raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
            text = params.get("query")
            if text is None:
                if "text/html" in request.headers.get("accept", "") and request.method == "GET":
                    return RedirectResponse("/", status_code=303)
                return Response(_service_description(request), media_type="text/turtle")
            check_query(text)
            graphs = {key: tuple(request.query_params.getlist(key)) for key in ("default-graph-uri", "named-graph-uri")}
            for iri in (*graphs["default-graph-uri"], *graphs["named-graph-uri"]):
                if not ABSOLUTE_IRI.fullmatch(iri):
                    raise Refused(400, f"not an absolute IRI: {iri!r} (default-graph-uri, named-graph-uri)")
            answer = await pool.run(QueryRequest(
                text=text, accept=request.headers.get("accept"),
                format_name=params.get("format") or params.get("output"),
                default_graphs=graphs["default-graph-uri"], named_graphs=graphs["named-graph-uri"],
            ))
        except Refused as e:
            return PlainTextResponse(e.message + "\n", status_code=e.status)
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})

    async def update(request: Request) -> Response:
        return PlainTextResponse("this endpoint is read-only: SPARQL Update is not accepted\n", status_code=403)

    async def graph_store(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return PlainTextResponse("this store is read-only: Graph Store writes are not accepted\n", status_code=403)
        graph = request.query_params.get("graph")
        if graph is None and "default" not in request.query_params:
            return PlainTextResponse("say which graph: ?default or ?graph=IRI\n", status_code=400)
        if graph is not None and not ABSOLUTE_IRI.fullmatch(graph):
            return PlainTextResponse(f"not an absolute IRI: {graph!r}\n", status_code=400)
        try:
            answer = await pool.run(QueryRequest(mode="graph", graph=graph, accept=request.headers.get("accept"),
                                                 format_name=request.query_params.get("format")))
        except Refused as e:
            return PlainTextResponse(e.message + "\n", status_code=e.status)
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        from .sparql import named_queries

        queries = [{"name": q.name, "description": q.description, "query": _with_prefixes(q.text),
                    "parameters": [p.name for p in q.parameters]} for q in named_queries().values()]
        return page("ui.html.j2", queries=queries, editor=_editor_installed())

    async def described(request: Request, what: str, prefix: str, about_query: str, more_query: str,
                        render) -> Response:
        """A page about one node of ours (entity or article): 404 unless the graph knows it."""
        local = request.path_params["local"]
        if not LOCAL_NAME.fullmatch(local):
            return page("missing.html.j2", status=404, what=what, name=local)
        node = URIRef(prefix + local)
        try:
            about = await rows(about_query, **{what: node})
            if not about:
                return page("missing.html.j2", status=404, what=what, name=local)
            more = await rows(more_query, **{what: node})
        except Refused as e:
            return PlainTextResponse(e.message + "\n", status_code=e.status)
        return render(node, about, more)

    async def entity(request: Request) -> Response:
        return await described(request, "entity", ENTITY_PREFIX, ENTITY_FACTS, ENTITY_RELATIONS,
                               lambda node, facts, found: page("entity.html.j2", entity=_describe(node, facts),
                                                               groups=_group_relations(found)))

    async def article(request: Request) -> Response:
        return await described(request, "article", ARTICLE_PREFIX, ARTICLE_FACTS, ARTICLE_STATEMENTS,
                               lambda node, about, statements: page("article.html.j2", article=about[0],
                                                                    statements=statements))

    async def search(request: Request) -> Response:
        needle = request.query_params.get("q", "").strip()
        found: list[dict] = []
        if needle:
            try:
                found = await rows(SEARCH, needle=Literal(needle.lower()))
            except Refused as e:
                return PlainTextResponse(e.message + "\n", status_code=e.status)
        return page("search.html.j2", needle=needle, found=_unique_entities(found))

    network_cache: dict[str, object] = {}

    async def network(request: Request) -> Response:
        # The same page as graph.html, with nodes linking to their entity pages;
        # drawn again only when graph.ttl has changed.
        try:
            html = await asyncio.to_thread(_network_page, Path(out_dir), network_cache)
        except KgError as e:
            return PlainTextResponse(e.message + "\n", status_code=404)
        return HTMLResponse(html)

    async def vis_network(request: Request) -> Response:
        # vis-network as pyvis ships it, for the editor's network view.
        lib = resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js"
        return Response(lib.read_bytes(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", home),
        Route("/favicon.ico", no_icon),
        Route("/static/vis-network.min.js", vis_network),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/update", update, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/store", graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"]),
        Route("/entity/{local:path}", entity),
        Route("/article/{local:path}", article),
        Route("/search", search),
        Route("/graph", network),
        Mount("/static", StaticFiles(directory=str(resources.files("kg") / "static")), name="static"),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["Accept", "Content-Type"], max_age=3600)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    return app


async def _posted(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        form = await request.form()
        return {k: str(v) for k, v in form.items()}
    if kind == "application/sparql-query":
        return {"query": (await request.body()).decode("utf-8", errors="replace")}
    if kind == "application/sparql-update":
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    raise Refused(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded (query=…)")


def _network_page(out_dir: Path, cache: dict) -> str:
    from .sparql import graph_file, load_graph
    from .view import render_html

    path = graph_file(out_dir)
    version = (path.stat().st_mtime_ns, path.stat().st_size)
    if cache.get("version") != version:
        cache["html"] = render_html(load_graph(out_dir), entity_url="/entity/")
        cache["version"] = version
    return cache["html"]


def _service_description(request: Request) -> bytes:
    from rdflib import Graph, Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    graph = Graph()
    graph.bind("sd", sd)
    service = URIRef(str(request.url.replace(query="")))
    graph.add((service, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        graph.add((service, sd.resultFormat, formats[name]))
    graph.add((service, sd.feature, sd.UnionDefaultGraph))
    return graph.serialize(format="turtle").encode("utf-8")


def _editor_installed() -> bool:
    return (resources.files("kg") / "static" / "vendor" / "yasgui" / "yasgui.min.js").is_file()


def _with_prefixes(text: str) -> str:
    """A named query, its parameter lines left out, with the PREFIX lines it uses."""
    from .sparql import with_prefix_lines

    return with_prefix_lines("\n".join(line for line in text.splitlines() if not line.startswith("# param:")))


def entity_path(node) -> str | None:
    """/entity/… for a kg entity IRI; None for anything else."""
    value = str(node)
    if value.startswith(ENTITY_PREFIX) and LOCAL_NAME.fullmatch(value[len(ENTITY_PREFIX):]):
        return "/entity/" + quote(value[len(ENTITY_PREFIX):])
    return None


def article_path(node) -> str | None:
    value = str(node)
    if value.startswith(ARTICLE_PREFIX) and LOCAL_NAME.fullmatch(value[len(ARTICLE_PREFIX):]):
        return "/article/" + quote(value[len(ARTICLE_PREFIX):])
    return None


def web_link(value) -> str | None:
    """A link taken from an article only when it is plainly http(s): no javascript: or data: URLs."""
    text = str(value or "").strip()
    return text if re.match(r"https?://[^\s\"'<>]+\Z", text) else None


def _describe(node: URIRef, facts: list[dict]) -> dict:
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    described = {"iri": str(node), "label": None, "names": [], "types": [], "wikidata": []}
    for row in facts:
        p, v = row.get("p"), row.get("v")
        if p == RDFS.label:
            described["label"] = str(v)
        elif p == SKOS.altLabel:
            described["names"].append(str(v))
        elif p == RDF.type and str(v).startswith(str(KG._NS)):
            described["types"].append(str(v).rsplit("#", 1)[-1])
        elif p == OWL.sameAs:
            qid = str(v).rsplit("/", 1)[-1]
            if re.fullmatch(r"Q[1-9]\d*", qid):
                described["wikidata"].append({"qid": qid, "url": f"https://www.wikidata.org/wiki/{qid}"})
    described["names"] = sorted(set(described["names"]) - {described["label"]})
    described["label"] = described["label"] or str(node).rsplit("/", 1)[-1]
    return described


def _group_relations(found: list[dict]) -> list[dict]:
    """Relations in and out, by relation then partner; each with its dated sources, oldest first."""
    grouped: dict[tuple, dict] = {}
    for row in found:
        key = (row["direction"].value, str(row["relation"]))
        group = grouped.setdefault(key, {"direction": row["direction"].value,
                                         "relation": str(row["relation"]).rsplit("#", 1)[-1],
                                         "partners": defaultdict(list)})
        group["partners"][(str(row["other"]), str(row.get("otherLabel", row["other"])))].append({
            "date": str(row["date"]) if "date" in row else "",
            "sentence": str(row["sentence"]),
            "article": row["article"],
            "articleId": str(row.get("articleId", "")),
            "url": row.get("url"),
            "confidence": str(row.get("confidence", "")),
        })
    result = []
    for (direction, _), group in sorted(grouped.items(), key=lambda item: (item[0][0] != "out", item[1]["relation"])):
        partners = []
        for (iri, label), sources in sorted(group["partners"].items(), key=lambda item: item[0][1].casefold()):
            partners.append({"iri": iri, "label": label, "sources": sorted(sources, key=lambda s: s["date"])})
        result.append({"direction": direction, "relation": group["relation"], "partners": partners})
    return result


def _unique_entities(found: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for row in found:
        iri = str(row["entity"])
        entry = seen.setdefault(iri, {"iri": iri, "label": str(row["label"]), "type": "", "matched": set()})
        if "type" in row and str(row["type"]).startswith(str(KG._NS)):
            entry["type"] = str(row["type"]).rsplit("#", 1)[-1]
        entry["matched"].add(str(row["name"]))
    for entry in seen.values():
        entry["matched"] = sorted(entry["matched"] - {entry["label"]})
    return sorted(seen.values(), key=lambda e: (e["label"].casefold(), e["iri"]))


# Page queries: parameters are projected and bound by a VALUES block (kg.sparql.with_values).
ENTITY_FACTS = """SELECT ?entity ?p ?v WHERE {
  ?entity ?p ?v . FILTER (?p IN (rdfs:label, skos:altLabel, rdf:type, owl:sameAs))
}"""

ENTITY_RELATIONS = """SELECT ?entity ?direction ?relation ?other ?otherLabel ?date ?sentence ?article ?articleId ?url
       ?confidence WHERE {
  { ?s rdf:subject ?entity ; rdf:object ?other . BIND ("out" AS ?direction) }
  UNION
  { ?s rdf:object ?entity ; rdf:subject ?other . BIND ("in" AS ?direction) }
  ?s rdf:predicate ?relation ; kg:sentence ?sentence ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?s kg:date ?date }
  OPTIONAL { ?s kg:confidence ?confidence }
  OPTIONAL { ?other rdfs:label ?otherLabel }
  OPTIONAL { ?article schema:identifier ?articleId }
  OPTIONAL { ?article schema:url ?url }
}"""

ARTICLE_FACTS = """SELECT ?article ?id ?headline ?date ?language ?url WHERE {
  ?article schema:identifier ?id .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:inLanguage ?language }
  OPTIONAL { ?article schema:url ?url }
} LIMIT 1"""

ARTICLE_STATEMENTS = """SELECT ?article ?subject ?subjectLabel ?relation ?object ?objectLabel ?date ?sentence
       ?confidence WHERE {
  ?s prov:wasDerivedFrom ?article ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
     kg:sentence ?sentence .
  OPTIONAL { ?s kg:date ?date }
  OPTIONAL { ?s kg:confidence ?confidence }
  OPTIONAL { ?subject rdfs:label ?subjectLabel }
  OPTIONAL { ?object rdfs:label ?objectLabel }
} ORDER BY ?date ?subjectLabel"""

SEARCH = f"""SELECT ?needle ?entity ?label ?type ?name WHERE {{
  ?entity rdfs:label|skos:altLabel ?name .
  FILTER (CONTAINS(LCASE(STR(?name)), ?needle))
  ?entity rdfs:label ?label .
  OPTIONAL {{ ?entity a ?type }}
}} ORDER BY STRLEN(?name) ?label LIMIT {SEARCH_LIMIT * 4}"""
