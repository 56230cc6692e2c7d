"""Named analyst queries: documented, runnable on the seeds, parameters bound as RDF terms."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.sparql import RdflibGraph, bindings, named_queries
from kg.vocab import ID, KG

runner = CliRunner()


def test_every_named_query_documents_itself():
    queries = named_queries()
    assert {"who_met", "allies", "actions", "busiest", "sources", "entity", "support"} <= set(queries)
    for query in queries.values():
        assert query.description, query.name
        for parameter in query.parameters:
            assert parameter.kind in {"entity", "relation", "date", "text"} and parameter.doc, (query.name, parameter)
            assert f"?{parameter.name}" in query.text, (query.name, parameter.name)


def test_list_shows_names_and_parameters():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    assert "allies:" in result.output and "--param actor=" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("name, params", [
    ("who_met", {}), ("who_met", {"actor": "Q56226"}), ("allies", {"actor": "Q423"}),
    ("actions", {"actor": "Russia"}), ("busiest", {}), ("entity", {"entity": "Q159"}),
    ("sources", {"subject": "Q56226", "relation": "leader_of", "object": "Q423"}), ("support", {"relation": "met"}),
])
def test_named_queries_run_on_the_seeds(seeds_graph, name, params):
    query = named_queries()[name]
    graph = RdflibGraph(seeds_graph)
    rows = list(graph.run(query.text, bindings(graph, query, params)))
    assert rows, (name, params)


@pytest.mark.slow
def test_parameters_are_terms_not_text(seeds_graph):
    seeds_graph = RdflibGraph(seeds_graph)
    query = named_queries()["allies"]
    assert bindings(seeds_graph, query, {"actor": "Q423"}) == {"actor": ID["entity/Q423"]}
    assert bindings(seeds_graph, named_queries()["support"], {"relation": "met"}) == {"relation": KG.met}
    # A value that would break a pasted query is only ever a name to look up.
    with pytest.raises(QueryError, match="no entity named"):
        bindings(seeds_graph, query, {"actor": '" } } DELETE WHERE { ?s ?p ?o } #'})
    with pytest.raises(QueryError, match="needs --param actor"):
        bindings(seeds_graph, query, {})
    with pytest.raises(QueryError, match="unknown relation"):
        bindings(seeds_graph, named_queries()["support"], {"relation": "bombed"})


@pytest.mark.slow
def test_named_query_from_the_command_line(seeds_out):
    result = runner.invoke(app, ["query", str(seeds_out), "--name", "allies", "--param", "actor=Q423",
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output
