"""kg serve: a real server process answering real SPARQL clients."""
from __future__ import annotations

import concurrent.futures
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse

import pytest
from kgserver import Server
from rdflib import Graph

pytestmark = pytest.mark.slow

MET = "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?a ?b WHERE { ?a kg:met ?b }"


@pytest.fixture(scope="module")
def strict_server(seeds_out):
    running = Server(seeds_out, "--timeout", "1", "--max-result-mb", "0.02")
    yield running
    running.stop()


# --- The protocol ------------------------------------------------------------

def test_select_get_and_post_in_every_results_format(server):
    status, headers, body = server.query(MET)
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert rows and {"a", "b"} <= set(rows[0])
    form = urllib.parse.urlencode({"query": MET}).encode()
    for data, kind in ((form, "application/x-www-form-urlencoded"), (MET.encode(), "application/sparql-query")):
        status, _, posted = server.request("/sparql", data=data, headers={"Content-Type": kind})
        assert status == 200 and len(json.loads(posted)["results"]["bindings"]) == len(rows)
    for accept, marker in (("application/sparql-results+xml", b"<sparql"), ("text/csv", b"a,b"),
                           ("text/tab-separated-values", b"?a\t?b")):
        status, headers, body = server.query(MET, accept)
        assert status == 200 and headers["content-type"].startswith(accept) and marker in body, accept


def test_ask_construct_describe_and_graph_formats(server):
    status, _, body = server.query("ASK { ?a <https://w3id.org/kg-news/ontology#met> ?b }")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT { ?a <https://w3id.org/kg-news/ontology#met> ?b } WHERE { ?a <https://w3id.org/kg-news/ontology#met> ?b }"
    sizes = set()
    for accept, rdf_format in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                               ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        status, headers, body = server.query(construct, accept)
        assert status == 200 and headers["content-type"].startswith(accept), accept
        sizes.add(len(Graph().parse(data=body, format=rdf_format)))
    assert len(sizes) == 1 and sizes.pop() > 0
    status, headers, body = server.query("DESCRIBE <https://w3id.org/kg-news/id/entity/Q159>")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and len(Graph().parse(data=body)) > 3


def test_errors_have_their_codes(server):
    assert server.query("SELECT ?x WHERE { ?x ")[0] == 400
    assert server.query(MET, "image/png")[0] == 406
    assert server.request("/sparql", data=b"{}", headers={"Content-Type": "application/json"})[0] == 415
    assert server.query(MET, **{"default-graph-uri": "not an iri"})[0] == 400
    assert server.request("/nowhere")[0] == 404
    assert server.request("/entity/Q0")[0] == 404


def test_the_service_describes_itself(server):
    status, headers, body = server.request("/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert "SPARQL11Query" in body.decode()


def test_writes_and_service_are_refused(server):
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    refused = [
        server.request("/sparql", data=urllib.parse.urlencode({"update": insert}).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"}),
        server.request("/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        server.request("/update", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        server.request("/store?default", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT",
                       headers={"Content-Type": "application/n-triples"}),
        server.request("/store?default", data=b"<urn:a> <urn:b> <urn:c> .", method="POST",
                       headers={"Content-Type": "application/n-triples"}),
        server.request("/store?graph=urn:g", method="DELETE"),
        server.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        server.query("SELECT * WHERE { service   silent <http://example.org/sparql> { ?s ?p ?o } }"),
    ]
    assert [status for status, _, _ in refused] == [403] * len(refused)
    assert server.query("ASK { <urn:a> <urn:b> <urn:c> }")[2].find(b"false") > 0
    # The word inside a string or an IRI is no keyword.
    assert server.query('SELECT * WHERE { ?s ?p "SERVICE" }')[0] == 200


def test_graph_store_reads(server):
    status, headers, body = server.request("/store?default", headers={"Accept": "application/n-triples"})
    assert status == 200 and len(Graph().parse(data=body, format="nt")) > 100
    status, _, body = server.query("SELECT ?g WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } } LIMIT 1",
                                   "text/csv")
    article_graph = body.decode().splitlines()[1]
    status, _, body = server.request("/store?" + urllib.parse.urlencode({"graph": article_graph}))
    assert status == 200 and len(Graph().parse(data=body, format="turtle")) > 10
    assert server.request("/store?graph=urn:none")[0] == 404


def test_cors_lets_browser_clients_in(server):
    status, headers, _ = server.request("/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert status == 200 and headers["access-control-allow-origin"] in {"*", "https://example.org"}
    _, headers, _ = server.request("/sparql?" + urllib.parse.urlencode({"query": MET}),
                                   headers={"Origin": "https://example.org"})
    assert headers["access-control-allow-origin"] == "*"


# --- Limits ------------------------------------------------------------------

def test_a_query_past_the_time_limit_is_stopped_and_the_server_goes_on(strict_server):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, body = strict_server.query(heavy)
    assert status == 503 and b"time limit" in body
    assert time.monotonic() - started < 10
    for _ in range(3):  # both workers, the replaced one included
        assert strict_server.query("ASK { ?s ?p ?o }")[0] == 200


def test_an_answer_past_the_size_limit_is_refused(strict_server):
    status, _, body = strict_server.query("SELECT * WHERE { ?s ?p ?o }")
    assert status == 503 and b"larger than the limit" in body
    assert strict_server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 5")[0] == 200


# --- Real clients ------------------------------------------------------------

def test_sparqlwrapper(server):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(MET)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert rows and rows[0]["a"]["type"] == "uri"
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("result")
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().startswith("a,b")
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery("ASK { ?a <https://w3id.org/kg-news/ontology#invaded> ?b }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?a <https://w3id.org/kg-news/ontology#met> ?b } "
                    "WHERE { ?a <https://w3id.org/kg-news/ontology#met> ?b }")
    client.setReturnFormat(TURTLE)
    assert len(Graph().parse(data=client.query().convert(), format="turtle")) == len(rows)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (Debian rasqal-utils) is not installed")
def test_roqet(server):
    run = subprocess.run(["roqet", "-p", f"{server.url}/sparql", "-e", MET, "-r", "csv"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0] == "a,b" and len(lines) > 1 and lines[1].startswith("https://w3id.org/kg-news/id/entity/")


def test_fifty_concurrent_clients(server):
    """50 clients query for a bounded time; every answer is right and none fails."""
    queries = [MET, "ASK { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?x rdfs:label ?l } LIMIT 20"]
    expected = {q: server.query(q, "text/csv")[2] for q in queries}
    stop_at = time.monotonic() + 8

    def client(number: int) -> tuple[int, list[str]]:
        done, failures = 0, []
        while time.monotonic() < stop_at:
            sparql = queries[(number + done) % len(queries)]
            status, _, body = server.query(sparql, "text/csv")
            if status != 200 or body != expected[sparql]:
                failures.append(f"{status} {body[:80]!r}")
            done += 1
        return done, failures

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(client, range(50)))
    answered = sum(done for done, _ in results)
    failures = [f for _, fs in results for f in fs]
    print(f"50 clients, 8 s: {answered} answers, {answered / 8:.0f}/s, {len(failures)} failures")
    assert failures == [] and all(done > 0 for done, _ in results)


def test_a_build_while_serving_is_seen_by_the_next_query(builder, tmp_path):
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    articles = tmp_path / "in"
    articles.mkdir()
    shutil.copy(seeds / "00_fr_kim_lavrov.txt", articles)
    builder.build([articles], tmp_path / "out", html=False)
    running = Server(tmp_path / "out")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }"
    try:
        assert running.query(count, "text/csv")[2].split() == [b"n", b"1"]
        shutil.copy(seeds / "01_en_finland_nato.txt", articles)
        builder.build([articles], tmp_path / "out", html=False)
        for _ in range(4):  # whichever worker answers
            assert running.query(count, "text/csv")[2].split() == [b"n", b"2"]
    finally:
        running.stop()
