"""The `kg` command: thin typer commands over the library; KgError → one line.

Exit codes: 0 success; 1 error; 2 bad usage or missing input/output;
3 a spaCy model is missing; 4 the build finished but skipped some input;
5 the graph does not conform to the shapes (kg validate).
"""
from __future__ import annotations

import logging
import sys
import webbrowser
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import InputNotFound, KgError

EXIT_SKIPPED = 4
EXIT_INVALID = 5  # kg validate: the graph breaks a shape
PROGRESS_FROM = 4  # articles: fewer finish before a bar would help


class ArticlesPerSecond(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} articles/s" if task.speed else "", style="progress.data.speed")

app = typer.Typer(
    name="kg",
    help=(
        "Build a knowledge graph from geopolitical news articles (French and English; "
        ".txt, .html, .jsonl, .json) and query or browse it.\n\n"
        "Examples:\n\n"
        "  kg build seeds/ -o out            # out/graph.ttl + out/graph.html\n\n"
        "  kg query out \"SELECT ?a ?b WHERE { ?a kg:met ?b }\"\n\n"
        "  kg query out -f who_met.rq --format csv\n\n"
        "  kg view out --open\n\n"
        "  kg validate out\n\n"
        "  kg export out --format graphml\n\n"
        "  kg stats out\n\n"
        "  kg remove out 02_fr_xi_moscou.html\n\n"
        "  kg explain seeds/00_fr_kim_lavrov.txt"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        console.print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


def _fail(error: KgError) -> None:
    errors.print(f"Error: {error.message}", markup=False, highlight=False)
    raise typer.Exit(error.exit_code)


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., metavar="INPUT", show_default=False,
                                        help="Article files or folders (.txt, .html, .jsonl, .json)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder for graph.ttl and graph.html."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0, metavar="0-1",
                                                   help="Leave out statements below this confidence."),
    html: bool = typer.Option(True, "--html/--no-html", help="Also write the HTML network view."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=0,
                                          help="Processes that read articles at once (default: one per core)."),
    store: Optional[str] = typer.Option(None, "--store", metavar="URL",
                                        help="A remote SPARQL store to build into instead of OUT/store/."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="SCHEDULER",
                                       help="Read the articles on a Dask cluster (scheduler address, tcp://host:8786)."),
) -> None:
    """Read articles into the store OUT/store/ and write OUT/graph.ttl (and OUT/graph.html).

    Articles already in the store (same text, same extractor) are not read
    again, so a second build is quick. Unreadable, empty, binary, non-UTF-8
    or unsupported-language articles are reported by name and skipped; the
    rest is built (exit code 4 then).

    Example: kg build seeds/ -o out
    """
    from .builder import Builder
    from .settings import Settings

    try:
        builder = Builder(Settings.from_env(min_confidence=min_confidence, workers=workers, store=store, dask=dask))
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), ArticlesPerSecond(),
                      TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                      console=errors, transient=True) as progress:
            task = None

            def start(total: int) -> None:
                nonlocal task
                if total >= PROGRESS_FROM:
                    task = progress.add_task("Reading articles", total=total)

            def advance(_article) -> None:
                if task is not None:
                    progress.advance(task)

            report = builder.build(inputs, out, on_start=start, on_article=advance, html=html)
    except KgError as e:
        _fail(e)
    for skipped in report.skipped:
        errors.print(f"Skipped {skipped.source}: {skipped.reason}", markup=False, highlight=False)
    summary = Table.grid(padding=(0, 2))
    summary.add_row("Articles read", str(len(report.articles) - report.unchanged))
    if report.unchanged:
        summary.add_row("Unchanged", f"{report.unchanged} (already in the store)")
    summary.add_row("Skipped", str(len(report.skipped)))
    summary.add_row("Entities", str(report.entities))
    summary.add_row("Relations", f"{report.relations} ({report.statements} statements with provenance)")
    summary.add_row("Time", f"{report.seconds:.1f} s")
    for path in report.outputs:
        summary.add_row("Wrote", str(path))
    console.print(summary)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def query(
    out: Optional[Path] = typer.Argument(None, help="A folder written by `kg build` (or its graph.ttl)."),
    sparql: Optional[str] = typer.Argument(None, help="The SPARQL query (or use --file or --name)."),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Read the query from this file."),
    name: Optional[str] = typer.Option(None, "--name", "-n", help="Run a named query (see --list)."),
    params: list[str] = typer.Option([], "--param", "-p", metavar="KEY=VALUE",
                                     help="A named query's parameter; repeat for several."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json (SPARQL 1.1 results)."),
    engine: str = typer.Option("oxigraph", "--engine",
                               help="oxigraph (the store, fast) or rdflib (graph.ttl in memory, for comparison)."),
    store: Optional[str] = typer.Option(None, "--store", metavar="URL",
                                        help="Query a remote SPARQL store (kg build --store) instead."),
) -> None:
    """Run a SPARQL query on a built graph, or one of the named analyst queries.

    With --store URL the folder can be left out: kg query --store URL "SELECT …".

    Runs on pyoxigraph over OUT/store (OUT/graph.ttl when there is no store).
    The prefixes kg:, kgid:, wd:, schema:, prov:, skos:, rdf:, rdfs:, owl:
    xsd: and dcterms: are predeclared. Named query parameters are bound as RDF terms:
    an entity by QID (Q423), IRI or exact name; a relation by its name.

    Examples:

      kg query out "SELECT ?who ?whom WHERE { ?a kg:met ?b . ?a rdfs:label ?who . ?b rdfs:label ?whom }"

      kg query --list

      kg query out --name allies --param actor=Q423
    """
    from .sparql import ENGINES, bindings, named_queries, open_graph, serialize, table

    if list_queries:
        for query in named_queries().values():
            console.print(f"{query.name}: {query.description}", markup=False, highlight=False)
            for p in query.parameters:
                optional = ", optional" if p.optional else ""
                console.print(f"    --param {p.name}=…  ({p.kind}{optional}) {p.doc}", markup=False, highlight=False)
        return
    if store and out is not None and sparql is None and not out.exists():
        out, sparql = None, str(out)  # kg query --store URL "SELECT …": no folder needed
    if out is None and not store:
        errors.print("Error: give the folder kg build wrote (or run kg query --list)")
        raise typer.Exit(2)
    if fmt not in {"table", "csv", "json"}:
        errors.print(f"Error: unknown format {fmt!r}; use table, csv or json")
        raise typer.Exit(2)
    if engine not in ENGINES:
        errors.print(f"Error: unknown engine {engine!r}; use {' or '.join(ENGINES)}")
        raise typer.Exit(2)
    given = [x for x in (sparql, file, name) if x is not None]
    if not given:
        errors.print("Error: no query: give it as an argument, in a file with --file FILE, or --name NAME")
        raise typer.Exit(2)
    if len(given) > 1:
        errors.print("Error: give one query: as an argument, with --file, or with --name")
        raise typer.Exit(2)
    values = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep:
            errors.print(f"Error: --param takes KEY=VALUE, not {param!r}")
            raise typer.Exit(2)
        values[key.strip()] = value.strip()
    try:
        text = sparql if file is None else file.read_text(encoding="utf-8")
    except OSError as e:
        errors.print(f"Error: cannot read {file}: {e.strerror}")
        raise typer.Exit(2) from None
    try:
        graph = open_graph(out, engine, store)
        bound = {}
        if name is not None:
            queries = named_queries()
            if name not in queries:
                errors.print(f"Error: no named query {name!r}; known: {', '.join(queries)}")
                raise typer.Exit(2)
            text = queries[name].text
            bound = bindings(graph, queries[name], values)
        elif values:
            errors.print("Error: --param goes with --name")
            raise typer.Exit(2)
        result = graph.run(text, bound)
        if fmt != "table":
            output = serialize(result, fmt)
            sys.stdout.write(output if output.endswith("\n") else output + "\n")
            return
        variables, rows = table(result)
        if name is not None:
            # A named query projects its parameters (for the engine to bind them);
            # the user gave them, so the table leaves those columns out.
            shown = [i for i, v in enumerate(variables) if v not in {p.name for p in queries[name].parameters}]
            variables, rows = [variables[i] for i in shown], [[row[i] for i in shown] for row in rows]
    except KgError as e:
        _fail(e)
    grid = Table(*variables, show_lines=False)
    for row in rows:
        grid.add_row(*row)
    console.print(grid)
    console.print(f"{len(rows)} row(s)", style="dim")


@app.command()
def serve(
    out: Optional[Path] = typer.Argument(None, help="A folder written by `kg build` (or its graph.ttl)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 opens it to the network."),
    port: int = typer.Option(7878, "--port", "-p", help="Port to listen on."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may run before it is stopped."),
    max_result_mb: float = typer.Option(50.0, "--max-result-mb", help="Largest answer, in megabytes."),
    workers: int = typer.Option(0, "--workers", help="Query processes (default: the number of cores, at most 4)."),
    store: Optional[str] = typer.Option(None, "--store", metavar="URL",
                                        help="Serve a remote SPARQL store (kg build --store) instead of a folder."),
) -> None:
    """Serve the graph: a SPARQL 1.1 endpoint at /sparql and a browser UI at /.

    Read-only: SPARQL Update and Graph Store writes get 403, and so does a
    query with SERVICE (the server never calls other hosts). A query past
    --timeout is stopped (503) and the server carries on; so is an answer
    larger than --max-result-mb.

    Examples:

      kg serve out                       # http://127.0.0.1:7878/

      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?a kg:met ?b }' http://127.0.0.1:7878/sparql
    """
    import os

    import uvicorn

    from .endpoint import Limits
    from .server import create_app
    from .sparql import graph_file
    from .store import STORE_DIR

    if out is None and not store:
        errors.print("Error: give the folder kg build wrote, or --store URL")
        raise typer.Exit(2)
    out = out if out is not None else Path(".")
    folder = out.parent if out.is_file() else out
    if not store and not (folder / STORE_DIR).is_dir():
        try:
            graph_file(out)
        except KgError as e:
            _fail(e)
    if timeout <= 0 or max_result_mb <= 0:
        errors.print("Error: --timeout and --max-result-mb must be positive")
        raise typer.Exit(2)
    size = workers or min(4, os.cpu_count() or 1)
    limits = Limits(seconds=timeout, max_bytes=int(max_result_mb * 1_000_000))
    app_ = create_app(folder if (folder / STORE_DIR).is_dir() else out, limits, size, store or "")
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Serving {store or folder} at http://{shown}:{port}/  (SPARQL endpoint: /sparql; Ctrl-C stops)",
                  markup=False, highlight=False)
    try:
        uvicorn.run(app_, host=host, port=port, log_level="warning")
    except OSError as e:
        errors.print(f"Error: cannot listen on {host}:{port}: {e.strerror or e}")
        raise typer.Exit(1) from None


@app.command()
def view(
    out: Path = typer.Argument(..., help="A folder written by `kg build`."),
    open_browser: bool = typer.Option(False, "--open", help="Open the page in the default browser."),
) -> None:
    """Write OUT/graph.html from OUT/graph.ttl: an offline interactive network.

    Example: kg view out --open
    """
    from .builder import VIEW_FILE, write_atomically
    from .sparql import load_graph
    from .view import render_html

    try:
        graph = load_graph(out)
    except KgError as e:
        _fail(e)
    page = out / VIEW_FILE
    write_atomically(page, render_html(graph).encode("utf-8"))
    console.print(f"Wrote {page}")
    if open_browser and not webbrowser.open(page.resolve().as_uri()):
        errors.print(f"No browser to open here; open {page.resolve().as_uri()} in one.", markup=False,
                     highlight=False)


@app.command()
def export(
    out: Path = typer.Argument(..., help="A folder written by `kg build` (or its graph.ttl)."),
    fmt: str = typer.Option("ttl", "--format", help="ttl, trig, nt, jsonld (RDF); graphml, gexf (Gephi, "
                                                     "Cytoscape); csv (one statement per row)."),
    to: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default OUT/graph.<format>)."),
) -> None:
    """Write the graph in another format for other tools.

    Examples:

      kg export out --format jsonld

      kg export out --format gexf -o network.gexf
    """
    from .builder import write_atomically
    from .export import EXTENSIONS, FORMATS
    from .export import export as run_export
    from .sparql import load_graph

    if fmt not in FORMATS:
        errors.print(f"Error: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        graph = load_graph(out)
    except KgError as e:
        _fail(e)
    folder = out.parent if out.is_file() else out
    target = to or folder / f"graph.{EXTENSIONS[fmt]}"
    if not target.parent.is_dir():
        errors.print(f"Error: no folder {target.parent} to write {target.name} into")
        raise typer.Exit(2)
    write_atomically(target, run_export(graph, fmt))
    console.print(f"Wrote {target}", markup=False, highlight=False)


@app.command()
def remove(
    out: Path = typer.Argument(..., help="A folder written by `kg build`."),
    article: str = typer.Argument(..., help="The article's id as the graph names it (its file name, "
                                             "or FILE#LINE for JSON lines), or its IRI."),
) -> None:
    """Retract a source: take an article out of OUT/graph.ttl with its statements
    and the relations no other article supports (graph.html is redrawn).

    Example: kg remove out 02_fr_xi_moscou.html
    """
    from .builder import GRAPH_FILE, VIEW_FILE, write_atomically
    from .sources import remove_article
    from .sparql import load_graph
    from .store import STORE_DIR, ArticleStore, locked
    from .view import render_html

    folder = out.parent if out.is_file() else out
    try:
        if (folder / STORE_DIR).is_dir():
            with locked(folder):
                store = ArticleStore(folder)
                before = load_graph(folder)
                removal = remove_article(before, article)  # what it takes with it, for the report
                if store.remove(article) is None:
                    raise InputNotFound(f"no article {article!r} in the store")
                store.merge()
                graph = store.view()
        else:
            graph = load_graph(out)
            removal = remove_article(graph, article)
    except KgError as e:
        _fail(e)
    write_atomically(folder / GRAPH_FILE, graph.serialize(format="turtle").encode("utf-8"))
    if (folder / VIEW_FILE).exists():
        write_atomically(folder / VIEW_FILE, render_html(graph).encode("utf-8"))
    console.print(f"Removed {removal.article}: {removal.statements} statement(s); "
                  f"{removal.triples} relation(s) had no other source.", markup=False, highlight=False)


@app.command()
def stats(
    out: Path = typer.Argument(..., help="A folder written by `kg build` (or its graph.ttl)."),
) -> None:
    """Report on the graph: entities per type, relations, the most central actors
    (PageRank, betweenness), communities and the busiest dates.

    Example: kg stats out
    """
    from .sparql import load_graph
    from .stats import compute

    try:
        report = compute(load_graph(out))
    except KgError as e:
        _fail(e)

    def show(title: str, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
        for row in rows:
            table.add_row(*row)
        console.print(table)
        console.print()

    show("Graph", [("Articles", str(report.articles)), ("Statements", str(report.statements))]
         + [(f"{kind} entities", str(n)) for kind, n in report.entities.items()])
    show("Relations", [(name, str(n)) for name, n in sorted(report.relations.items(), key=lambda x: -x[1])])
    show("Most central actors (PageRank)", [(name, f"{value:.3f}") for name, value in report.pagerank])
    sampled = ", estimated from a sample" if report.betweenness_sampled else ""
    show(f"Brokers (betweenness{sampled})", [(name, f"{value:.3f}") for name, value in report.betweenness])
    show("Communities (Louvain)", [(str(i + 1), ", ".join(group)) for i, group in enumerate(report.communities)])
    show("Busiest dates (statements dated by their text)", [(day, str(n)) for day, n in report.busiest_dates])


@app.command()
def validate(
    out: Path = typer.Argument(..., help="A folder written by `kg build` (or its graph.ttl)."),
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl): one label
    and a type per entity, a source, sentence and confidence in [0, 1] per
    statement, each relation within its domain and range.

    Exit code 0 when the graph conforms, 5 when it does not (violations listed).

    Example: kg validate out
    """
    from .sparql import load_graph
    from .validate import validate as run_validation

    try:
        report = run_validation(load_graph(out))
    except KgError as e:
        _fail(e)
    checked = ", ".join(f"{n} {what}" for what, n in report.checked.items())
    if report.conforms:
        console.print(f"Conforms: {checked} checked against ontology/shapes.ttl.", markup=False)
        return
    console.print(f"Does not conform: {len(report.violations)} violation(s) ({checked} checked).", markup=False)
    for violation in report.violations:
        console.print(f"  {violation}", markup=False, highlight=False, emoji=False)
    raise typer.Exit(EXIT_INVALID)


@app.command()
def explain(
    article: Path = typer.Argument(..., metavar="ARTICLE",
                                   help="An article file (.txt, .html, .jsonl, .json) or a folder of them."),
) -> None:
    """Show, sentence by sentence, the entities found, the statements and the
    rule behind each, and the clauses dropped with the reason.

    Example: kg explain seeds/00_fr_kim_lavrov.txt
    """
    from .builder import Builder
    from .explain import describe_mentions
    from .explain import explain as run_explain
    from .ingest import Skipped, read_articles

    try:
        builder = Builder()
        items = list(read_articles([article], builder.settings))
        skipped = 0
        for number, item in enumerate(items):
            if isinstance(item, Skipped):
                errors.print(f"Skipped {item.source}: {item.reason}", markup=False, highlight=False)
                skipped += 1
                continue
            if number:
                console.print()
            console.print(f"# {item.id} ({item.lang}, dated {item.date or 'unknown'})", markup=False, style="bold")
            for report in run_explain(builder, item):
                console.print(f"\n{report.text}", markup=False, highlight=False)
                for line in describe_mentions(report.mentions):
                    console.print(f"  entity    {line}", markup=False, highlight=False)
                for s in report.statements:
                    p = s.provenance
                    when = f"{p.date} from the article" if p.date_from_article else (p.date or "no date")
                    console.print(f"  statement {s.subject.label} {s.relation} {s.object.label}  "
                                  f"({p.confidence}, {p.rule}, {when})", markup=False, highlight=False)
                for d in report.dropped:
                    console.print(f"  dropped   {d.rule} on '{d.trigger}': {d.reason}", markup=False, highlight=False)
    except KgError as e:
        _fail(e)
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


def main() -> None:
    app()
