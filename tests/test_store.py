"""The persistent store: incremental builds, retraction, the lock, and a build killed mid-way."""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.store import LOCK_FILE, STORE_DIR, ArticleStore, StoreLocked
from kg.vocab import KG, SCHEMA

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def test_a_second_build_changes_nothing(builder, tmp_path):
    first = builder.build([SEEDS], tmp_path, html=False)
    before = (tmp_path / "graph.ttl").read_bytes()
    quads = len(ArticleStore(tmp_path))
    second = builder.build([SEEDS], tmp_path, html=False)
    assert second.unchanged == len(second.articles) == len(first.articles)
    assert len(ArticleStore(tmp_path)) == quads
    assert (tmp_path / "graph.ttl").read_bytes() == before
    assert second.seconds < first.seconds


def test_adding_one_article_gives_the_graph_of_one_build(builder, tmp_path, seeds_graph):
    files = sorted(p for p in SEEDS.iterdir() if p.suffix in {".txt", ".html", ".jsonl"})
    builder.build(files[:-1], tmp_path, html=False)
    report = builder.build([files[-1]], tmp_path, html=False)
    assert report.unchanged == 0 and len(report.articles) >= 1
    assert isomorphic(Graph().parse(tmp_path / "graph.ttl"), seeds_graph)


def test_fresh_workers_and_a_reopened_store_give_the_same_graph(builder, tmp_path, seeds_graph, monkeypatch):
    """A long build replaces its workers every few articles and reopens the
    store after each merged part (both to bound memory): with both happening
    every couple of articles, the graph is the ordinary build's."""
    import kg.builder
    import kg.store

    monkeypatch.setattr(kg.builder, "WORKER_ARTICLES", 1)
    monkeypatch.setattr(kg.builder, "MERGE_BATCH", 2)
    monkeypatch.setattr(kg.store, "MERGE_BATCH", 2)
    monkeypatch.setattr(kg.builder, "PUT_BATCH", 1)
    report = builder.build([SEEDS], tmp_path, html=False)
    assert not report.unchanged
    assert isomorphic(Graph().parse(tmp_path / "graph.ttl"), seeds_graph)


def test_removing_from_the_store(builder, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    builder.build([SEEDS], tmp_path, html=False)
    result = CliRunner().invoke(app, ["remove", str(tmp_path), "02_fr_xi_moscou.html"])
    assert result.exit_code == 0, result.output
    assert "02_fr_xi_moscou.html" not in ArticleStore(tmp_path).article_ids()
    assert "02_fr_xi_moscou.html" not in (tmp_path / "graph.ttl").read_text(encoding="utf-8")


def test_a_second_build_on_the_same_folder_is_refused(builder, tmp_path):
    with open(tmp_path / LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(StoreLocked, match="another kg build is writing"):
            builder.build([SEEDS], tmp_path, html=False)


def _article_graphs(path: Path) -> dict[str, int]:
    """Named graphs of a store: article graph -> number of quads."""
    store = ox.Store.read_only(str(path))
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def test_a_killed_build_leaves_whole_articles_and_recovers(builder, tmp_path):
    # Enough articles that the kill lands mid-build: our sixteen, each in three versions.
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in sorted((ROOT / "tests" / "eval" / "articles").glob("*.txt")):
        for version in range(3):
            text = path.read_text(encoding="utf-8")
            (articles / f"{path.stem}-v{version}.txt").write_text(f"{text}\n\n(Version {version}.)\n", encoding="utf-8")
    total = len(list(articles.iterdir()))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kg", "build", str(articles), "-o", str(out), "--no-html"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if (out / STORE_DIR).is_dir():
                try:
                    if len(_article_graphs(out / STORE_DIR)) >= 1:
                        break
                except (OSError, RuntimeError, ValueError):
                    pass  # the store is being created or locked for writing: not readable yet
            time.sleep(0.05)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    store = ArticleStore(out)
    graphs = list(store.store.named_graphs())
    assert 0 < len(graphs) < total, "the kill should land mid-build"
    for name in graphs:
        # The marker goes in with the rest of the article, in one transaction.
        marker = list(store.store.quads_for_pattern(None, ox.NamedNode(str(KG.builtWith)), None, name))
        articles_in = list(store.store.quads_for_pattern(None, ox.NamedNode(str(SCHEMA.identifier)), None, name))
        assert len(marker) == 1 and len(articles_in) == 1, name
    del store
    report = builder.build([articles], out, html=False)
    assert report.unchanged == len(graphs)
    clean = tmp_path / "clean"
    builder.build([articles], clean, html=False)
    assert isomorphic(Graph().parse(out / "graph.ttl"), Graph().parse(clean / "graph.ttl"))


def test_files_of_an_unfinished_bulk_load_are_removed(tmp_path):
    """pyoxigraph's bulk loader writes its files into the database's folder
    before adding them; a build killed in between leaves them behind, and
    the next one to open the store for writing removes them."""
    ArticleStore(tmp_path)  # creates the store
    left = tmp_path / STORE_DIR / "bulk-1234.sst"
    left.write_bytes(b"half a file")
    store = ArticleStore(tmp_path)
    assert not left.exists() and len(store) == 0
