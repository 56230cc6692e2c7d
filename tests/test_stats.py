"""kg stats: counts, central actors, communities and dates of a built graph."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.stats import compute

pytestmark = pytest.mark.slow


def test_stats_of_the_seeds(seeds_graph):
    stats = compute(seeds_graph)
    assert stats.articles == 5 and stats.statements > 0
    assert stats.entities["Country"] > 5 and stats.relations["leader_of"] > 0
    central = [name for name, _ in stats.pagerank]
    assert "Russia" in central[:5]
    assert stats.communities and all(len(group) > 1 for group in stats.communities)
    assert all(len(day) == 10 for day, _ in stats.busiest_dates)


def test_stats_command_is_a_readable_report(seeds_out):
    result = CliRunner().invoke(app, ["stats", str(seeds_out)])
    assert result.exit_code == 0, result.output
    for heading in ("Graph", "Relations", "Most central actors (PageRank)", "Communities (Louvain)"):
        assert heading in result.output
