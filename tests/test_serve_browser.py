"""The served UI in a real headless Chromium (Debian's): the editor, the pages, and hostile text."""
from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from kgserver import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EDITOR = Path(__file__).resolve().parent.parent / "kg" / "static" / "vendor" / "yasgui" / "yasgui.min.js"

# Each would set window.pwned (or open a dialog) if it ever ran.
PAYLOADS = [
    "<script>window.pwned=1</script>",
    "<img src=x onerror=window.pwned=2>",
    "<svg/onload=window.pwned=3>",
    "\"><script>window.pwned=4</script>",
    "'><body onload=window.pwned=5>",
    "<a href=\"javascript:window.pwned=6\">Moscow</a>",
    "</script><script>window.pwned=7</script>",
    "<iframe srcdoc=\"<script>parent.pwned=8</script>\"></iframe>",
    "&lt;script&gt;window.pwned=9&lt;/script&gt;",
    "<details open ontoggle=window.pwned=10>",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def hostile_server(builder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-serve")
    (folder / "in").mkdir()
    lines = []
    for number, payload in enumerate(PAYLOADS):
        text = (f"Russia condemned the {payload} Front on Monday. Vladimir Putin met {payload} Smith in Moscow. "
                f"The army of Ukraine attacked Russia near {payload}.")
        lines.append(json.dumps({"title": f"Report {payload}", "text": text, "date": "2025-03-0%d" % (number % 9 + 1),
                                 "url": f"javascript:window.pwned={100 + number}"}))
    (folder / "in" / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    builder.build([folder / "in"], folder / "out", html=False)
    graph = (folder / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "<script>" in graph and "onerror" in graph, "the payloads should reach the graph"
    running = Server(folder / "out")
    yield running
    running.stop()


def _page(browser):
    context = browser.new_context()
    page = context.new_page()
    seen = {"errors": [], "dialogs": [], "foreign": []}
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:")) else seen["foreign"].append(r.url))
    return context, page, seen


@pytest.mark.skipif(not EDITOR.is_file(), reason="the editor's files are fetched by make install")
def test_the_editor_runs_a_named_query_and_draws_its_network(browser, server):
    context, page, seen = _page(browser)
    try:
        page.goto(server.url + "/")
        page.wait_for_function("() => window.kgYasgui !== undefined", timeout=20000)
        labels = [text.split("\n")[0].strip() for text in page.locator(".tabsList .tab").all_inner_texts()]
        assert {"who_met", "allies", "support"} <= set(labels)
        page.evaluate("() => { const y = window.kgYasgui;"
                      " y.selectTabId(y.persistentConfig.getTabs().find(id => y.getTab(id).getName() === 'who_met'));"
                      " y.getTab().getYasqe().query(); }")
        page.wait_for_function("() => document.querySelector('.dataTable tbody tr') !== null", timeout=20000)
        assert "Vladimir Putin" in page.locator(".dataTable").inner_text()
        page.evaluate("() => { window.kgYasgui.getTab().getYasr().selectPlugin('network'); }")
        page.wait_for_function("() => window.kgResultNetwork !== undefined", timeout=20000)
        assert page.evaluate("window.kgResultNetwork.body.data.nodes.length") >= 2
        assert seen["errors"] == [] and seen["foreign"] == []
    finally:
        context.close()


def test_entity_and_search_pages(browser, server):
    context, page, seen = _page(browser)
    try:
        page.goto(server.url + "/search?q=putin")
        page.click("text=Vladimir Putin")
        page.wait_for_url("**/entity/**")
        heading = page.locator("h1").inner_text()
        assert heading.startswith("Vladimir Putin") and "Person" in heading
        body = page.locator("main").inner_text()
        assert "met" in body and "Xi Jinping" in body
        assert page.locator("a[href^='https://www.wikidata.org/wiki/Q']").count() == 1
        page.locator("main a[href^='/article/']").first.click()
        page.wait_for_url("**/article/**")
        assert "statement" in page.locator("main").inner_text()
        assert seen["errors"] == [] and seen["foreign"] == []
    finally:
        context.close()


def test_hostile_text_never_runs_in_the_served_pages(browser, hostile_server):
    from kg.sparql import open_graph

    context, page, seen = _page(browser)
    try:
        graph = open_graph(hostile_server.folder)
        entities = [str(r.x) for r in graph.run("SELECT DISTINCT ?x WHERE { ?x a ?t FILTER(STRSTARTS(STR(?x), "
                                                "'https://w3id.org/kg-news/id/entity/')) }")]
        articles = [str(r.a) for r in graph.run("SELECT ?a WHERE { ?a a schema:NewsArticle }")]
        pages = ["/", "/search?q=" + urllib.parse.quote("<"), "/search?q=script", "/search?q=front"]
        pages += ["/entity/" + urllib.parse.quote(e.rsplit("/", 1)[-1]) for e in entities]
        pages += ["/article/" + urllib.parse.quote(a.rsplit("/", 1)[-1]) for a in articles]
        for path in pages:
            page.goto(hostile_server.url + path)
            page.wait_for_load_state("load")
            for link in page.locator("main a").all()[:20]:
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith(("javascript:", "data:")), (path, href)
                link.hover()
            assert page.evaluate("window.pwned") is None, path
        assert seen["dialogs"] == [] and seen["foreign"] == []
        # The payloads are shown, as text: headlines and sentences of the article pages.
        shown = ""
        for article in articles:
            page.goto(hostile_server.url + "/article/" + urllib.parse.quote(article.rsplit("/", 1)[-1]))
            shown += page.locator("main").inner_text()
        assert sum(payload in shown for payload in PAYLOADS) >= len(PAYLOADS) - 1
    finally:
        context.close()
