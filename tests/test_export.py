"""Every export opens in its reader: rdflib for RDF, networkx for GraphML and GEXF, csv for CSV."""
from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.export import CSV_COLUMNS, FORMATS, export

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("fmt, rdf_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_round_trip(seeds_graph, fmt, rdf_format):
    back = Graph().parse(data=export(seeds_graph, fmt), format=rdf_format)
    assert len(back) == len(seeds_graph)


def test_trig_export_opens_as_a_dataset(seeds_graph):
    dataset = Dataset()
    dataset.parse(data=export(seeds_graph, "trig"), format="trig")
    assert len(list(dataset.quads())) == len(seeds_graph)


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_exports_open_in_networkx(seeds_graph, fmt, reader):
    network = reader(io.BytesIO(export(seeds_graph, fmt)))
    assert network.number_of_nodes() > 10 and network.number_of_edges() > 10
    labels = {data.get("label") for _, data in network.nodes(data=True)}
    assert "North Korea" in labels
    relations = {data.get("relation") for *_, data in network.edges(data=True)}
    assert {"met", "leader_of"} <= relations


def test_csv_has_one_statement_per_row(seeds_graph):
    rows = list(csv.DictReader(io.StringIO(export(seeds_graph, "csv").decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert any(r["subject"] == "Kim Jong-un" and r["relation"] == "leader_of" and r["object"] == "North Korea"
               and r["object_wikidata"].endswith("Q423") and r["sentence"] for r in rows)


def test_export_command_writes_every_format(seeds_out, tmp_path):
    for fmt in FORMATS:
        target = tmp_path / f"g.{fmt}"
        result = CliRunner().invoke(app, ["export", str(seeds_out), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    result = CliRunner().invoke(app, ["export", str(seeds_out), "--format", "pdf"])
    assert result.exit_code == 2 and "unknown format" in result.output
