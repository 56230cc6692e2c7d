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


def test_a_build_that_reads_nothing_leaves_the_previous_graph(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# a graph built before\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["build", str(empty), "-o", str(out)])
    assert result.exit_code == EXIT_SKIPPED
    assert "no article could be read" in result.output and "empty" in result.output
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# a graph built before\n"


def test_an_output_that_is_a_file_is_a_clear_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titre\nLa Russie a attaqué l'Ukraine en février 2022, selon Kyiv.", encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["build", str(article), "-o", str(taken)])
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_query_names_what_is_missing():
    result = runner.invoke(app, ["query", "out"])
    assert result.exit_code == 2 and "no query" in result.output


@pytest.mark.slow
def test_outputs_are_readable_by_others_and_the_ttl_can_be_queried_directly(seeds_out):
    assert (seeds_out / "graph.ttl").stat().st_mode & 0o044 == 0o044
    result = runner.invoke(app, ["query", str(seeds_out / "graph.ttl"), "ASK { ?s kg:met ?o }", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["boolean"] is True
    assert result.output.endswith("\n")
