"""kg: a knowledge-graph builder for geopolitical news.

Articles in (French and English; text, HTML or JSON lines), one RDF graph
out: actors, what they did to each other, and where each statement came from.

>>> from kg import __version__
>>> __version__.count(".")
2
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build", "query"]


def build(inputs, out_dir, **settings):
    """Build ``inputs`` (files or folders) into ``out_dir``; returns a BuildReport."""
    from .builder import Builder
    from .settings import Settings

    return Builder(Settings.from_env(**settings)).build(inputs, out_dir)


def query(out_dir, sparql: str):
    """Run a SPARQL query on a built graph; returns (variables, rows)."""
    from .sparql import run_query

    return run_query(out_dir, sparql)
