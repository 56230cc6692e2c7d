"""--store URL: building into, querying and serving a real remote SPARQL store (`oxigraph serve`)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from kgserver import Server, _free_port
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.builder import Builder
from kg.cli import app
from kg.settings import Settings
from kg.sparql import RemoteGraph, bindings, named_queries, open_graph

pytestmark = pytest.mark.slow
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = _free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def remote_out(builder, oxigraph_server, tmp_path_factory):
    out = tmp_path_factory.mktemp("remote-out")
    remote = Builder(Settings(store=oxigraph_server), gazetteer=builder.gazetteer)
    remote.pipelines = builder.pipelines  # the models already loaded
    report = remote.build([SEEDS], out, html=False)
    assert not report.skipped
    return out, remote


def test_a_build_into_the_remote_store_gives_the_embedded_graph(remote_out, seeds_graph):
    out, _ = remote_out
    assert not (out / "store").exists()
    assert isomorphic(Graph().parse(out / "graph.ttl"), seeds_graph)


def test_a_second_remote_build_reads_nothing_again(remote_out):
    out, remote = remote_out
    report = remote.build([SEEDS], out, html=False)
    assert report.unchanged == len(report.articles) > 0


def test_named_queries_agree_with_the_embedded_store(remote_out, oxigraph_server, seeds_out):
    here, there = open_graph(seeds_out), RemoteGraph(oxigraph_server)
    for name, params in (("who_met", {}), ("who_met", {"actor": "Q7747"}), ("allies", {"actor": "russia"}),
                         ("support", {"relation": "met"}), ("busiest", {})):
        query = named_queries()[name]
        bound = bindings(here, query, params)
        assert bindings(there, query, params) == bound
        ours = sorted(tuple(str(v) for v in row) for row in here.run(query.text, bound))
        theirs = sorted(tuple(str(v) for v in row) for row in there.run(query.text, bound))
        assert ours == theirs and ours, (name, params)


def test_query_from_the_command_line(remote_out, oxigraph_server):
    result = CliRunner().invoke(app, ["query", "--store", oxigraph_server, "--format", "csv",
                                      "SELECT ?who WHERE { ?p kg:met ?o . ?p rdfs:label ?who }"])
    assert result.exit_code == 0, result.output
    assert "Xi Jinping" in result.output


def test_serve_from_the_remote_store(remote_out, oxigraph_server):
    running = Server(Path("."), "--store", oxigraph_server)
    try:
        status, headers, body = running.query("SELECT ?a ?b WHERE { ?a kg:met ?b }", "text/csv")
        assert status == 200 and body.decode().startswith("a,b") and body.count(b"\n") > 2
        status, _, page = running.request("/entity/Q7747")
        assert status == 200 and b"Vladimir Putin" in page
    finally:
        running.stop()


def test_an_unreachable_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["build", str(SEEDS / "01_en_finland_nato.txt"), "-o", str(tmp_path),
                                      "--store", f"http://127.0.0.1:{_free_port()}"])
    assert result.exit_code == 1 and "cannot reach the store" in result.output
