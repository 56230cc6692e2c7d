"""The command line: help, version, build, query formats and readable errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg import __version__
from kg.cli import EXIT_SKIPPED, app

runner = CliRunner()


def test_help_lists_commands_with_examples():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "query", "view", "explain"):
        assert command in result.output
    assert "kg build seeds/ -o out" in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.output.strip() == f"kg {__version__}"


def test_query_needs_a_built_graph(tmp_path):
    result = runner.invoke(app, ["query", str(tmp_path), "SELECT * WHERE { ?s ?p ?o }"])
    assert result.exit_code == 2
    assert "No graph at" in result.output and "kg build" in result.output


def test_build_of_a_missing_path_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "No such file or folder" in result.output


@pytest.mark.slow
def test_build_reports_skipped_files_and_exit_code(tmp_path, seeds_out):
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Talks\nSergei Lavrov met Wang Yi in Beijing on Monday.", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_SKIPPED
    assert "bad.txt" in result.output and "empty file" in result.output
    assert "Articles read" in result.output
    assert (tmp_path / "out" / "graph.ttl").is_file()


@pytest.mark.slow
def test_query_formats(seeds_out, tmp_path):
    sparql = "SELECT ?who WHERE { ?p kg:leader_of ?c . ?p rdfs:label ?who } ORDER BY ?who"
    table = runner.invoke(app, ["query", str(seeds_out), sparql])
    assert table.exit_code == 0 and "Kim Jong-un" in table.output
    as_csv = runner.invoke(app, ["query", str(seeds_out), sparql, "--format", "csv"])
    assert as_csv.output.splitlines()[0].strip() == "who"
    as_json = json.loads(runner.invoke(app, ["query", str(seeds_out), sparql, "--format", "json"]).output)
    assert as_json["head"]["vars"] == ["who"]
    assert any(b["who"]["value"] == "Kim Jong-un" for b in as_json["results"]["bindings"])
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?a kg:met ?b }", encoding="utf-8")
    asked = runner.invoke(app, ["query", str(seeds_out), "-f", str(query_file)])
    assert asked.exit_code == 0 and "true" in asked.output


@pytest.mark.slow
def test_bad_sparql_is_a_one_line_error(seeds_out):
    result = runner.invoke(app, ["query", str(seeds_out), "SELEC ?x"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: SPARQL syntax error")


@pytest.mark.slow
def test_view_rewrites_the_page(seeds_out):
    (seeds_out / "graph.html").unlink()
    result = runner.invoke(app, ["view", str(seeds_out)])
    assert result.exit_code == 0
    assert (seeds_out / "graph.html").is_file()


@pytest.mark.slow
def test_explain_shows_entities_statements_and_rules(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Titre\nLe président français Emmanuel Macron n'a pas rencontré Vladimir Poutine.", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 0
    assert "Vladimir Poutine = Vladimir Putin [Person Q7747]" in result.output
    assert "statement Emmanuel Macron leader_of France" in result.output
    assert "dropped" in result.output and "negated" in result.output
