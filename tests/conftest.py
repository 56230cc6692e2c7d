"""Shared fixtures: the spaCy pipelines load once per session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def builder():
    from kg.builder import Builder
    from kg.settings import Settings

    return Builder(Settings())


@pytest.fixture(scope="session")
def seeds_out(builder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    report = builder.build([SEEDS], out)
    assert not report.skipped, report.skipped
    return out


@pytest.fixture(scope="module")
def server(seeds_out):
    """`kg serve` on the seeds' build, for the module's tests."""
    from kgserver import Server

    running = Server(seeds_out)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def seeds_graph(seeds_out):
    from rdflib import Graph

    return Graph().parse(seeds_out / "graph.ttl", format="turtle")


@pytest.fixture()
def extract(builder):
    """Statements of one hand-written article, as (subject label, relation, object label)."""
    from kg.ingest import read_articles

    def run(text: str, tmp_name: str = "sample.txt", tmp_dir: Path | None = None):
        import tempfile

        folder = Path(tmp_dir or tempfile.mkdtemp())
        path = folder / tmp_name
        path.write_text("Headline\n" + text, encoding="utf-8")
        articles = list(read_articles([path], builder.settings))
        extractions = list(builder.extract(articles))
        shutil.rmtree(folder, ignore_errors=True)
        return {(s.subject.label, s.relation, s.object.label) for e in extractions for s in e.statements}

    return run
