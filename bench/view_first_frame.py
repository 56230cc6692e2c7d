"""How fast the HTML view comes up: at the seeds' size, and at 10 000 entities.

    .venv/bin/python bench/view_first_frame.py
    .venv/bin/python bench/view_first_frame.py --entities 20000 --relations 60000 --runs 5 --keep /tmp/pages

For each size, a synthetic news graph (``bench/synthetic.py``: entities of
the four types with names and other names, relations by preferential
attachment so a few actors have hundreds of links and most a handful,
relation names the ontology allows between the two types, one to three
dated statements each with a sentence and an article) goes through
``kg.view.render_html``; the time from the rdflib graph to the page's text
is the **render time** (and, timed apart, its two big stages: reading the
network and laying it out). The page is then opened ``--runs`` times in Debian's Chromium
(headless, Playwright, offline, a fresh context each time); the **first
frame** is ``performance.now()`` when vis-network's first ``afterDrawing``
fires — from navigation start to the first drawn network — as the page
records it in ``window.kgView.firstFrame``. Medians are printed, with the
ratio to the seeds' size (74 entities, 59 relations: what ``kg build
seeds`` makes).

The speed goals live here, not in the tests: at 10 000 entities and 30 000
relations on 2 cores, render under ``RENDER_GOAL`` and first frame under
``FIRST_FRAME_GOAL`` seconds. The exit status is 1 when one is missed.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import synthetic_graph

from kg.view import PHYSICS_UP_TO, layout, render_html, to_networkx

SEEDS_SIZE = (74, 59)  # entities, relations of the seeds' graph
RENDER_GOAL = 15.0  # seconds, at 10 000 entities
FIRST_FRAME_GOAL = 5.0
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Measure:
    entities: int
    relations: int
    generate: float
    render: float  # render_html as a whole
    read: float  # to_networkx, a part of render
    layout: float  # layout, a part of render (0 when vis-network's physics lays the graph out)
    page_mb: float
    first_frames: list[float]

    @property
    def first_frame(self) -> float:
        return statistics.median(self.first_frames)


def measure(entities: int, relations: int, runs: int, browser, folder: Path) -> Measure:
    started = time.perf_counter()
    graph = synthetic_graph(entities, relations).graph
    generate = time.perf_counter() - started

    started = time.perf_counter()
    html = render_html(graph)
    render = time.perf_counter() - started

    # Two of render_html's stages again, on their own, to see where the time goes.
    started = time.perf_counter()
    network = to_networkx(graph)
    read = time.perf_counter() - started
    laying = 0.0
    if network.number_of_nodes() > PHYSICS_UP_TO:
        started = time.perf_counter()
        layout(network)
        laying = time.perf_counter() - started
    page = folder / f"graph-{entities}.html"
    page.write_text(html, encoding="utf-8")
    return Measure(entities, relations, generate, render, read, laying, len(html.encode()) / 1e6,
                   [first_frame(browser, page) for _ in range(runs)])


def first_frame(browser, page: Path, timeout: float = 120.0) -> float:
    """Seconds from navigation start to vis-network's first drawing, as the page measured it."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(page.resolve().as_uri())
        deadline = time.monotonic() + timeout
        # Polled from outside: the page's CSP forbids the eval wait_for_function needs.
        while (drawn := tab.evaluate("window.kgView === undefined ? null : window.kgView.firstFrame")) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no first frame after {timeout} s: {page}")
            tab.wait_for_timeout(20)
        return drawn / 1000
    finally:
        context.close()


def report(baseline: Measure, big: Measure) -> bool:
    print(f"{'':28} {'generate':>9} {'render':>7} {'(read':>7} {'layout)':>8} {'page':>8} {'first frame':>12}")
    for m in (baseline, big):
        print(f"{m.entities:>6} entities {m.relations:>6} rel. {m.generate:>8.2f}s {m.render:>6.2f}s "
              f"{m.read:>6.2f}s {m.layout:>7.2f}s {m.page_mb:>6.1f}MB {m.first_frame:>11.2f}s   "
              f"(runs: {', '.join(f'{t:.2f}' for t in m.first_frames)})")
    print(f"ratio to the seeds' size: render x{big.render / baseline.render:.0f}, "
          f"first frame x{big.first_frame / baseline.first_frame:.1f}, "
          f"for x{big.entities / baseline.entities:.0f} entities and x{big.relations / baseline.relations:.0f} relations")
    met = True
    if big.entities >= 10_000:
        render_ok, frame_ok = big.render <= RENDER_GOAL, big.first_frame <= FIRST_FRAME_GOAL
        print(f"goals at {big.entities} entities: render <= {RENDER_GOAL:.0f} s {'met' if render_ok else 'MISSED'}; "
              f"first frame <= {FIRST_FRAME_GOAL:.0f} s {'met' if frame_ok else 'MISSED'}")
        met = render_ok and frame_ok
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--relations", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3, help="page openings per size (the median is reported)")
    parser.add_argument("--keep", type=Path, help="write the pages into this folder instead of a temporary one")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("Debian chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            baseline = measure(*SEEDS_SIZE, args.runs, browser, folder)
            big = measure(args.entities, args.relations, args.runs, browser, folder)
        finally:
            browser.close()
    return 0 if report(baseline, big) else 1


if __name__ == "__main__":
    sys.exit(main())
