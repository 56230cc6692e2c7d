"""The HTML view in a real headless Chromium (Debian's), with the network off."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def hostile_out(builder, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "a.txt").write_text(
        "Headline\nThe <img src=x onerror=\"window.pwned=1\"> Front condemned Russia. "
        "Russia invaded Ukraine in 2022 <script>window.pwned=2</script>.", encoding="utf-8")
    builder.build([folder / "in"], folder / "out")
    return folder / "out"


def open_page(browser, path: Path):
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgNetwork !== undefined", timeout=15000)
    return context, page, requests, errors


def test_seeds_view_draws_the_network_offline(browser, seeds_out):
    context, page, requests, errors = open_page(browser, seeds_out / "graph.html")
    try:
        assert errors == []
        assert [u for u in requests if not u.startswith("file:")] == []
        nodes = page.evaluate("window.kgNetwork.body.data.nodes.length")
        edges = page.evaluate("window.kgNetwork.body.data.edges.get().map(e => e.label)")
        assert nodes > 10 and "met" in edges
        assert page.locator("#legend").inner_text().split() == ["Person", "Country", "Organization", "Place"]
        assert page.locator("canvas").count() == 1
    finally:
        context.close()


def test_article_text_never_runs_in_the_page(browser, hostile_out):
    context, page, requests, errors = open_page(browser, hostile_out / "graph.html")
    try:
        page.wait_for_timeout(500)
        assert page.evaluate("window.pwned") is None
        titles = page.evaluate("window.kgNetwork.body.data.edges.get().map(e => e.title).join(' ')")
        assert "<script>window.pwned=2</script>" in titles  # kept as text, shown as text
        # Hover an edge's tooltip: vis-network shows a string title as text, not HTML.
        page.evaluate("""() => { const n = window.kgNetwork; const e = n.body.data.edges.get()[0];
                         n.body.emitter.emit('showPopup', e.id); }""")
        assert page.locator("img[src=x]").count() == 0
        assert [u for u in requests if not u.startswith("file:")] == []
    finally:
        context.close()
