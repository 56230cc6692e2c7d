"""The package's own functions: kg.build and kg.query."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_the_functions_survive_the_imports_of_the_modules_behind_them():
    import kg
    import kg.builder  # noqa: F401
    import kg.sparql  # noqa: F401

    assert callable(kg.build) and callable(kg.query)


@pytest.mark.slow
def test_build_then_query_from_python(tmp_path):
    import kg

    articles = tmp_path / "in"
    articles.mkdir()
    shutil.copy(SEEDS / "01_en_finland_nato.txt", articles)
    report = kg.build([articles], tmp_path / "out")
    assert report.statements > 0 and not report.skipped
    report = kg.build([articles], tmp_path / "out")  # a second call, after the modules are imported
    assert report.unchanged == 1
    variables, rows = kg.query(tmp_path / "out", "SELECT ?who WHERE { ?p kg:member_of ?o . ?p rdfs:label ?who }")
    assert variables == ["who"] and ["Finland"] in rows
