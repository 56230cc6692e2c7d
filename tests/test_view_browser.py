"""The HTML view in a real headless Chromium (Debian's), with the network off.

Pages are waited on by polling ``page.evaluate``: the page's CSP forbids
eval, which ``wait_for_function`` needs.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BENCH = Path(__file__).resolve().parent.parent / "bench"

# Article text that would run if the page ever used it as HTML. Each payload
# sets its own window.xss_* flag or opens a dialog; all of them end up in the
# graph as sentences, names or the article's id (test_hostile_graph_keeps_the_payloads).
HOSTILE_FILE_NAME = "<img src=x onerror=window.xss_file=1>'\"><svg onload=alert('file')>.txt"
HOSTILE_ARTICLE = """Headline <script>window.xss_title=1</script>
The <img src=x onerror="window.pwned=1"> Front condemned Russia. Russia invaded Ukraine in 2022 <script>window.pwned=2</script>.
Emmanuel Macron met Olaf Scholz on 3 March 2023 <img src=x onerror=window.xss_img=1>.
Russia attacked Ukraine on 4 March 2023 "><svg onload=window.xss_svg=1>.
France sanctioned Iran on 5 March 2023 '><body onload=window.xss_body=1>.
Germany condemned Belarus on 6 March 2023 <a href="javascript:window.xss_href=1">read more</a>.
China supports Russia, its foreign ministry said on 7 March 2023 </script><script>window.xss_endscript=1</script>.
Japan signed an agreement with India on 8 March 2023 <iframe src="javascript:parent.xss_iframe=1"></iframe>.
Turkey threatened Greece on 9 March 2023 <details open ontoggle=window.xss_details=1>.
Poland provided aid to Ukraine on 10 March 2023 <input autofocus onfocus=window.xss_focus=1>.
Israel attacked Iran on 11 March 2023 &lt;script&gt;window.xss_entities=1&lt;/script&gt;.
Canada sanctioned Russia on 12 March 2023 <IMG SRC=JaVaScRiPt:window.xss_case=1> <ScRiPt>alert('case')</sCrIpT>.
Sweden condemned Iran on 13 March 2023 <math><mtext><table><mglyph><style><img src=x onerror=window.xss_mutation=1>.
Spain condemned Venezuela on 14 March 2023 {{constructor.constructor('window.xss_template=1')()}} ${window.xss_literal=1}.
Italy met Egypt on 15 March 2023 <!--<script>window.xss_comment=1</script>-->.
Norway condemned Russia on 16 March 2023 <object data="javascript:window.xss_object=1"></object><embed src="javascript:window.xss_embed=1">.
Mexico condemned Cuba on 22 March 2023 <marquee onstart=window.xss_marquee=1>news</marquee> <video><source onerror=alert('video')>.
Said al-Amin&#60;script&#62;window.xss_name=1&#60;/script&#62; met Keir Starmer on 18 March 2023.
Sean O'Brien met Emmanuel Macron on 19 March 2023.
Yusuf al-Hakim&quot;onmouseover=window.xss_quot=1 met Xi Jinping on 20 March 2023.
Omar al-Rashid&lt;img/src=x/onerror=window.xss_named_img=1&gt; met Vladimir Putin on 21 March 2023.
"""
KEPT_IN_SENTENCES = [
    "<script>window.pwned=2</script>", "<img src=x onerror=window.xss_img=1>", '"><svg onload=window.xss_svg=1>',
    "'><body onload=window.xss_body=1>", '<a href="javascript:window.xss_href=1">',
    "</script><script>window.xss_endscript=1</script>", '<iframe src="javascript:parent.xss_iframe=1">',
    "<details open ontoggle=window.xss_details=1>", "<input autofocus onfocus=window.xss_focus=1>",
    "&lt;script&gt;window.xss_entities=1&lt;/script&gt;", "<ScRiPt>alert('case')</sCrIpT>",
    "<mglyph><style><img src=x onerror=window.xss_mutation=1>", "${window.xss_literal=1}",
    "<!--<script>window.xss_comment=1</script>-->", '<embed src="javascript:window.xss_embed=1">',
    "<video><source onerror=alert('video')>",
]
KEPT_IN_NAMES = ["Said al-Amin&#60;script&#62;window.xss_name=1&#60;/script&#62", "Sean O'Brien",
                 "Yusuf al-Hakim&quot;onmouseover", "Omar al-Rashid&lt;img"]


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
    (folder / "in" / HOSTILE_FILE_NAME).write_text(HOSTILE_ARTICLE, encoding="utf-8")
    builder.build([folder / "in"], folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def synthetic():
    """bench/synthetic.py, the benchmark's generator (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("kg_bench_synthetic", BENCH / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_news(synthetic):
    return synthetic.synthetic_graph(entities=10_000, relations=30_000)


@pytest.fixture(scope="module")
def big_page(big_news, tmp_path_factory) -> Path:
    from kg.view import render_html

    page = tmp_path_factory.mktemp("big") / "graph.html"
    page.write_text(render_html(big_news.graph), encoding="utf-8")
    return page


def wait_until(page, expression: str, arg=None, timeout: float = 15.0):
    """Poll a JS function of ``arg`` until it returns something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def drawn(page, timeout: float = 15.0) -> None:
    """Wait for the network's first frame."""
    wait_until(page, "() => window.kgView !== undefined && window.kgView.firstFrame !== null", timeout=timeout)


def open_page(browser, path: Path, timeout: float = 15.0):
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    drawn(page, timeout)
    return context, page, requests, errors


def point_of_node(page, node_id: int) -> tuple[float, float]:
    return tuple(page.evaluate("""id => { const n = window.kgNetwork, box = n.body.container.getBoundingClientRect();
                                          const p = n.canvasToDOM(n.getPosition(id)); return [box.left + p.x, box.top + p.y]; }""",
                               node_id))


def point_on_edge(page, edge_id: int, along: float) -> tuple[float, float]:
    return tuple(page.evaluate("""([id, along]) => { const n = window.kgNetwork, box = n.body.container.getBoundingClientRect();
                                   const p = n.canvasToDOM(n.body.edges[id].edgeType.getPoint(along));
                                   return [box.left + p.x, box.top + p.y]; }""", [edge_id, along]))


def hover_tooltip(page, points, expected: str) -> str | None:
    """Move the mouse to each point in turn until the tooltip shows ``expected``; return its text."""
    for x, y in points:
        page.mouse.move(1, 1)
        page.mouse.move(x, y, steps=2)
        try:
            return wait_until(page, """wanted => { const tip = document.querySelector("div.vis-tooltip");
                                   return tip && tip.style.visibility === "visible" && tip.innerText.includes(wanted)
                                          && tip.innerText; }""", expected, timeout=1.5)
        except AssertionError:
            continue
    return None


def node_id_of(page, label: str) -> int:
    return page.evaluate("label => window.kgView.nodeView.getIds({ filter: n => n.label === label })[0]", label)


def clickable_point(page, node_id: int) -> tuple[float, float]:
    """Where a click lands on this node and no other (nodes may overlap)."""
    x, y = point_of_node(page, node_id)
    assert page.evaluate("""([x, y]) => { const n = window.kgNetwork, box = n.body.container.getBoundingClientRect();
                                          return n.getNodeAt({ x: x - box.left, y: y - box.top }); }""", [x, y]) == node_id
    return x, y


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


def test_hostile_graph_keeps_the_payloads(hostile_out):
    """The XSS test means something only if the payloads reach the page: as
    sentences, entity names and the article's id."""
    from rdflib import RDFS, Graph

    from kg.vocab import KG, SCHEMA

    graph = Graph().parse(hostile_out / "graph.ttl", format="turtle")
    sentences = " ".join(str(s) for s in graph.objects(None, KG.sentence))
    assert [p for p in KEPT_IN_SENTENCES if p not in sentences] == []
    assert set(KEPT_IN_NAMES) <= {str(label) for label in graph.objects(None, RDFS.label)}
    assert HOSTILE_FILE_NAME in {str(i) for i in graph.objects(None, SCHEMA.identifier)}


def test_xss_payloads_stay_text_in_tooltips_search_and_filters(browser, hostile_out):
    context, page, requests, errors = open_page(browser, hostile_out / "graph.html")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.evaluate("window.kgNetwork.stopSimulation()")  # hold still while the mouse hovers
        page.wait_for_timeout(300)
        nodes = page.evaluate("window.kgView.nodeView.get().map(n => [n.id, n.title])")
        edges = page.evaluate("window.kgView.edgeView.get().map(e => [e.id, e.title])")
        hostile = ("<", "&", "'", '"', "${")
        # Every tooltip that carries a payload is shown by a real hover, as the very text of the graph.
        for node_id, title in nodes:
            if any(mark in title for mark in hostile):
                shown = hover_tooltip(page, [point_of_node(page, node_id)], title.splitlines()[0])
                assert shown and title.splitlines()[0] in shown, title
        hovered = 0
        for edge_id, title in edges:
            if any(mark in title for mark in hostile):
                points = [point_on_edge(page, edge_id, along) for along in (0.5, 0.35, 0.65, 0.2, 0.8)]
                shown = hover_tooltip(page, points, title.splitlines()[-1][-40:])
                assert shown, f"no tooltip for {title!r}"
                hovered += 1
        assert hovered >= 10

        # Search for names with payloads: the matches list shows them as text.
        for query in ("al-Amin&#60;script", "O'Brien", "al-Hakim&quot;", "&lt;img"):
            page.fill("#search-box", query)
            assert query in page.locator("#matches").inner_text()
            page.press("#search-box", "Enter")
            assert query in page.locator("#status").inner_text()
        page.locator("#matches button").first.click()

        # Filters: by type, by relation, by date, and back.
        page.get_by_label("Person", exact=True).uncheck()
        page.get_by_label("met", exact=True).uncheck()
        page.fill("#date-from", "2023-03-05")
        page.fill("#date-to", "2023-03-15")
        shown, total = page.evaluate("[window.kgView.edgeView.length, window.kgView.edgeView.getDataSet().length]")
        assert 0 < shown < total
        page.get_by_label("Person", exact=True).check()
        page.get_by_label("met", exact=True).check()
        page.fill("#date-from", "")
        page.fill("#date-to", "")
        assert page.evaluate("window.kgView.edgeView.length") == total

        assert page.evaluate("Object.keys(window).filter(k => k.startsWith('xss') || k === 'pwned')") == []
        assert dialogs == []
        assert errors == []
        assert [u for u in requests if not u.startswith("file:")] == []
        # Nothing of the article became an element: only vis-network's canvas and our own controls.
        assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed, video, details, "
                             "marquee, math, a[href], body input[autofocus]').length") == 0
        assert page.evaluate("document.scripts.length") == 2

        # The payloads would run if they were HTML: the absence of flags above means something.
        page.evaluate("""() => document.body.insertAdjacentHTML("beforeend",
                         '<img src=x onerror="window.xss_control=1">')""")
        assert wait_until(page, "() => window.xss_control === 1", timeout=5)
    finally:
        context.close()


def test_clicking_a_node_opens_its_entity_page_when_served(browser, seeds_graph):
    from kg.view import render_html

    html = render_html(seeds_graph, entity_url="/entity/")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    asked: list[str] = []

    def serve(route):  # kg serve, played by the test: the page and entity pages, nothing else
        asked.append(route.request.url)
        if route.request.url == "http://kg.test/":
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif route.request.url.startswith("http://kg.test/entity/"):
            route.fulfill(body="<!DOCTYPE html><title>entity</title>", content_type="text/html")
        else:
            route.abort()

    context.route("**/*", serve)
    page = context.new_page()
    try:
        page.goto("http://kg.test/")
        drawn(page)
        page.evaluate("window.kgNetwork.stopSimulation()")
        assert asked == ["http://kg.test/"]
        page.mouse.click(*clickable_point(page, node_id_of(page, "Russia")))
        page.wait_for_url("http://kg.test/entity/Q159")
        page.go_back()
        drawn(page)
        page.evaluate("window.kgNetwork.stopSimulation()")
        # An entity without a Wikidata item: its page is named by its type and slug.
        person, href = page.evaluate("""() => window.kgView.nodeView.get().map(n => [n.id, n.href])
                                               .find(([, href]) => href.startsWith('/entity/person-'))""")
        page.mouse.click(*clickable_point(page, person))
        page.wait_for_url("http://kg.test" + href)
    finally:
        context.close()


def test_clicking_a_node_offline_only_selects_it(browser, seeds_out):
    context, page, requests, errors = open_page(browser, seeds_out / "graph.html")
    try:
        page.evaluate("window.kgNetwork.stopSimulation()")
        assert page.evaluate("window.kgView.nodeView.get().filter(n => n.href).length") == 0
        russia = node_id_of(page, "Russia")
        url = page.url
        page.mouse.click(*clickable_point(page, russia))
        page.wait_for_timeout(300)
        assert page.url == url
        assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [russia]
        assert [u for u in requests if not u.startswith("file:")] == []
    finally:
        context.close()


def test_ten_thousand_nodes_draw_and_filter(browser, big_page, big_news):
    """The synthetic news graph of the benchmark: all 10 000 nodes laid out and in
    view in the first frame; search by another name; a relation and a date filter."""
    from kg.view import date_span

    context, page, requests, errors = open_page(browser, big_page, timeout=60)
    try:
        assert errors == []
        counts = page.evaluate("""() => { const n = window.kgNetwork;
            return [n.body.nodeIndices.length, n.body.edgeIndices.length, n.physics.physicsEnabled]; }""")
        assert counts == [10_000, 30_000, False]
        # Every node has a position inside the canvas at the first frame's zoom.
        outside = page.evaluate("""() => { const n = window.kgNetwork, box = n.body.container.getBoundingClientRect();
            return Object.values(n.getPositions()).map(p => n.canvasToDOM(p))
                .filter(p => !(p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height)).length; }""")
        assert outside == 0

        # Search by another name (skos:altLabel) focuses the entity.
        from rdflib import RDFS
        from rdflib.namespace import SKOS

        named: dict[str, list] = {}
        for node, name in big_news.graph.subject_objects(SKOS.altLabel):
            named.setdefault(str(name), []).append(node)
        name, [wanted] = next((n, nodes) for n, nodes in sorted(named.items()) if len(nodes) == 1 and len(n) > 6)
        label = str(big_news.graph.value(wanted, RDFS.label))
        page.fill("#search-box", name.upper())
        page.press("#search-box", "Enter")
        wanted_id = node_id_of(page, label)
        assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [wanted_id]
        assert page.locator("#status").inner_text().startswith(label)
        wait_until(page, """id => { const n = window.kgNetwork, p = n.getPosition(id), v = n.getViewPosition();
                                    return Math.abs(p.x - v.x) < 1 && Math.abs(p.y - v.y) < 1; }""", wanted_id)

        # Relation filter: no "met" left, and only entities with a relation left.
        page.get_by_label("met", exact=True).uncheck()
        left = [(s, o) for s, relation, o in big_news.relations if relation != "met"]
        assert page.evaluate("window.kgView.edgeView.length") == len(left)
        assert page.evaluate("window.kgView.edgeView.get().filter(e => e.relation === 'met').length") == 0
        assert page.evaluate("window.kgView.nodeView.length") == len({e.key for pair in left for e in pair})
        assert page.evaluate("window.kgNetwork.body.edgeIndices.length") == len(left)
        page.get_by_label("met", exact=True).check()
        assert page.evaluate("window.kgView.edgeView.length") == 30_000

        # Date filter: a relation stays when one of its statements' dates meets the range.
        from kg.view import to_networkx

        first, last = "2020-03-01", "2020-04-15"
        expected = sum(1 for _, _, data in to_networkx(big_news.graph).edges(data=True)
                       if any(span and span[0] <= last and span[1] >= first for span in map(date_span, data["dates"])))
        page.fill("#date-from", first)
        page.fill("#date-to", last)
        assert page.evaluate("window.kgView.edgeView.length") == expected
        assert 0 < expected < 30_000
        assert errors == []
        assert [u for u in requests if not u.startswith("file:")] == []
    finally:
        context.close()
