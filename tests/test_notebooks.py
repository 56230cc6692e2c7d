"""The notebooks of notebooks/ run top to bottom on the seeds and show what they promise.

Each notebook runs once, in a copy of notebooks/ and seeds/ laid out as in
the repository, with notebooks/ as the working directory (the notebooks find
the articles at ../seeds) and matplotlib on the Agg backend. The kernel is
this very Python, through a kernelspec written for the test and put first on
JUPYTER_PATH: a user's own "python3" kernel (another Python, without kg)
cannot be picked instead.
"""
from __future__ import annotations

import base64
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from ipykernel.kernelspec import write_kernel_spec
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "kg-notebook-test"
CELL_TIMEOUT = 120  # seconds; a whole notebook takes about ten
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass
class Run:
    notebook: nbformat.NotebookNode
    copy: Path  # the folder holding the copied notebooks/ and seeds/
    copied: set[Path]  # the files in it before the run
    out: Path | None  # KG_NOTEBOOK_OUT, when the run set it
    tmp: Path  # the kernel's TMPDIR


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def _execute(name: str, base: Path, out: Path | None) -> Run:
    copy = base / "copy"
    shutil.copytree(ROOT / "notebooks", copy / "notebooks")
    shutil.copytree(ROOT / "seeds", copy / "seeds")
    copied = _files(copy)
    jupyter = base / "jupyter"
    write_kernel_spec(jupyter / "kernels" / KERNEL, overrides={"display_name": "kg notebook test"})
    tmp = base / "tmp"
    tmp.mkdir()
    env = {"JUPYTER_PATH": str(jupyter), "MPLBACKEND": "Agg", "TMPDIR": str(tmp)}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        if out is None:
            patch.delenv("KG_NOTEBOOK_OUT", raising=False)
        else:
            patch.setenv("KG_NOTEBOOK_OUT", str(out))
        notebook = nbformat.read(copy / "notebooks" / f"{name}.ipynb", as_version=4)
        NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT,
                       resources={"metadata": {"path": str(copy / "notebooks")}}).execute()
    return Run(notebook, copy, copied, out, tmp)


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory) -> Run:
    """The quickstart with no KG_NOTEBOOK_OUT: it builds into a temporary folder."""
    return _execute("quickstart", tmp_path_factory.mktemp("quickstart"), out=None)


@pytest.fixture(scope="module")
def analysis(tmp_path_factory) -> Run:
    """The analysis with KG_NOTEBOOK_OUT set."""
    base = tmp_path_factory.mktemp("analysis")
    return _execute("analysis", base, out=base / "out")


def outputs(run: Run, tag: str) -> list:
    cells = [c for c in run.notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected, found {len(cells)}"
    return cells[0].outputs


def frame(run: Run, tag: str) -> pd.DataFrame:
    """The DataFrame the tagged cell displays, read back from its HTML."""
    shown = [o.data["text/html"] for o in outputs(run, tag)
             if 'class="dataframe"' in o.get("data", {}).get("text/html", "")]
    assert len(shown) == 1, f"cell {tag!r} shows {len(shown)} DataFrames"
    table = pd.read_html(StringIO(shown[0]))[0]
    if isinstance(table.columns, pd.MultiIndex):  # a named index: its name sits on a second header row
        table.columns = [table.columns[0][-1], *(column[0] for column in table.columns[1:])]
    elif table.columns[0].startswith("Unnamed"):  # the row numbers
        table = table.drop(columns=table.columns[0])
    return table


def text(run: Run, tag: str) -> str:
    return "".join(o.text for o in outputs(run, tag) if o.output_type == "stream" and o.name == "stdout")


def images(run: Run, tag: str) -> list[str]:
    return [o.data["image/png"] for o in outputs(run, tag) if "image/png" in o.get("data", {})]


class _Iframes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcdocs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.srcdocs.append(dict(attrs).get("srcdoc") or "")


@pytest.mark.parametrize("name", ["quickstart", "analysis"])
def test_committed_without_outputs(name):
    notebook = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["quickstart", "analysis"])
def test_runs_without_errors_or_warnings(which, request):
    run: Run = request.getfixturevalue(which)
    errors = [o for c in run.notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    stderr = [o.text for c in run.notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr


@pytest.mark.slow
@pytest.mark.parametrize("which", ["quickstart", "analysis"])
def test_writes_nothing_next_to_the_notebooks(which, request):
    run: Run = request.getfixturevalue(which)
    assert _files(run.copy) == run.copied


@pytest.mark.slow
def test_quickstart_builds_into_a_temporary_folder_it_removes(quickstart):
    """Without KG_NOTEBOOK_OUT the build goes under TMPDIR, and goes away with the kernel."""
    assert f"5 articles (0 already in {quickstart.tmp}/kg-quickstart-" in text(quickstart, "build")
    assert not list(quickstart.tmp.iterdir())


@pytest.mark.slow
def test_analysis_builds_into_kg_notebook_out(analysis):
    assert "5 articles (0 already in " in text(analysis, "build")
    assert {"graph.ttl", "store", "timeline.png", "allies.png"} <= {p.name for p in analysis.out.iterdir()}


@pytest.mark.slow
def test_quickstart_sparql_into_a_dataframe(quickstart):
    statements = frame(quickstart, "statements")
    assert len(statements) == 10  # the notebook shows head(10)
    assert list(statements.columns) == ["subject", "relation", "object", "date", "confidence", "article", "sentence"]
    assert statements["confidence"].between(0, 1).all()
    per_relation = frame(quickstart, "per-relation")
    assert {"met", "leader_of", "signed_agreement_with"} <= set(per_relation["relation"])
    assert (per_relation["statements"] > 0).all()


@pytest.mark.slow
def test_quickstart_lists_the_named_queries(quickstart):
    listed = frame(quickstart, "named-queries")
    assert {"who_met", "allies", "sources"} <= set(listed["query"])


@pytest.mark.slow
def test_quickstart_named_query_with_a_parameter(quickstart):
    partners = frame(quickstart, "allies")
    assert "actor" not in partners.columns
    assert {("North Korea", "allied_with"), ("North Korea", "signed_agreement_with")} <= \
        set(zip(partners["partner"], partners["relation"], strict=True))


@pytest.mark.slow
def test_quickstart_shows_the_network_in_an_iframe(quickstart):
    shown = [o.data["text/html"] for o in outputs(quickstart, "network") if "text/html" in o.get("data", {})]
    assert len(shown) == 1
    parser = _Iframes()
    parser.feed(shown[0])
    assert len(parser.srcdocs) == 1
    page = parser.srcdocs[0]
    # The whole page sits in the attribute: an unescaped quote would have cut it short.
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "new vis.Network" in page
    assert "Kim Jong-un" in page and "Sergei Lavrov" in page


@pytest.mark.slow
def test_analysis_who_met_whom(analysis):
    meetings = frame(analysis, "who-met")
    assert ("Kim Jong-un", "Sergei Lavrov", "2025-07-13") in \
        set(zip(meetings["who"], meetings["whom"], meetings["first"], strict=True))
    assert list(meetings["first"]) == sorted(meetings["first"])
    sentences = frame(analysis, "met-sentences")
    lavrov = sentences[sentences["whom"] == "Sergei Lavrov"].iloc[0]
    assert (lavrov["date"], lavrov["datedBy"], lavrov["place"]) == ("2025-07-13", "sentence", "Wonsan")


@pytest.mark.slow
def test_analysis_allies_graph(analysis):
    alliances = frame(analysis, "allies")
    pairs = {frozenset(pair) for pair in zip(alliances["actor"], alliances["partner"], strict=True)}
    assert {frozenset({"Russia", "North Korea"}), frozenset({"Sweden", "Hungary"})} <= pairs
    assert "separate groups" in text(analysis, "allies")
    assert len(images(analysis, "allies-figure")) == 1


@pytest.mark.slow
def test_analysis_pagerank(analysis):
    central = frame(analysis, "pagerank")
    assert len(central) == 10
    assert central["pagerank"].is_monotonic_decreasing
    assert central["actor"].iloc[0] == "Russia"


@pytest.mark.slow
def test_analysis_timeline_plot(analysis):
    per_month = frame(analysis, "timeline-data")
    assert "met" in set(per_month["relation"])
    assert "leader_of" not in set(per_month["relation"])
    png = images(analysis, "timeline")
    assert len(png) == 1
    assert base64.b64decode(png[0]).startswith(PNG)
    assert (analysis.out / "timeline.png").read_bytes().startswith(PNG)
