"""kg build --dask: the articles read on a real (local) Dask cluster give the embedded build's graph."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app

pytestmark = pytest.mark.slow
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as running:
        yield running.scheduler_address


def test_a_build_on_dask_gives_the_embedded_graph(cluster, seeds_graph, tmp_path):
    result = CliRunner().invoke(app, ["build", str(SEEDS), "-o", str(tmp_path), "--no-html", "--dask", cluster])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(tmp_path / "graph.ttl"), seeds_graph)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from kgserver import _free_port

    result = CliRunner().invoke(app, ["build", str(SEEDS / "01_en_finland_nato.txt"), "-o", str(tmp_path),
                                      "--dask", f"tcp://127.0.0.1:{_free_port()}"])
    assert result.exit_code == 1 and "Dask scheduler" in result.output
