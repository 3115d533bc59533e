"""The workbench pages (``graphkit serve``) in a real headless Chromium, against the real app.

The app runs under uvicorn in a thread on a free loopback port, over an in-memory graph
whose names, titles, headlines and evidence carry markup. Every page must show those as
text: no dialog opens, no console error or page error (a CSP violation is a console
error), and no request leaves the server's origin.

Needs Debian's ``chromium`` at /usr/bin/chromium and the ``playwright`` Python package
(never ``playwright install``). Skipped when either is missing, except under CI.
"""
from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from datetime import date

import pytest

from graphkit.graph import KnowledgeGraph
from graphkit.records import Article, Entity, Extraction, Interaction
from test_map_browser import CHROMIUM_ARGS, CHROMIUM, _require_browser

pytestmark = pytest.mark.browser

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(2)</script>"
END_SCRIPT = '</script><script>alert("headline")</script>'
GROUP = f"{IMG} Group"  # an organisation whose name is markup
COUNCIL = f"{SCRIPT} Council"
TITLE = f'Envoy {SCRIPT}'
HEADLINE = f"Talks in Kyiv {END_SCRIPT}"
PUBLISHER = f"Wire {IMG}"

# Two paragraphs; characters outside the BMP before the evidence (Python counts them as
# one character each, JavaScript as two), and markup in the text itself.
SPECIAL_TEXT = (
    "😀 Kyiv, 🇺🇦 — Helena Marsh met Oleh Marchenko in Kyiv on Tuesday.\n\n"
    f"𝒳 Later, Marsh criticized the {GROUP} for {END_SCRIPT} threats."
)
MET_SENTENCE = "Helena Marsh met Oleh Marchenko in Kyiv on Tuesday."
CRITICIZED_SENTENCE = f"Marsh criticized the {GROUP} for {END_SCRIPT} threats."
ROUTINE = 21  # with the special article's two: 23 interactions, two pages of evidence
OTHERS = ["Oleh Marchenko", GROUP, "Ingrid Solberg", COUNCIL]
PREDICATES = ["met", "spokeWith", "criticized", "met"]


def _marsh(title: str | None = TITLE) -> Entity:
    return Entity("Helena Marsh", "Person", aliases=("Marsh",), title=title, affiliation="United States")


def _other(name: str) -> Entity:
    if name in (GROUP, COUNCIL):
        return Entity(name, "Organization")
    return Entity(name, "Person", affiliation="Ukraine" if name == "Oleh Marchenko" else "Norway")


def special_extraction() -> Extraction:
    text = SPECIAL_TEXT
    s1 = text.index(MET_SENTENCE)
    s2 = text.index(CRITICIZED_SENTENCE)
    article = Article(id="special", name="special.txt", text=text, title=HEADLINE, published=date(2024, 5, 22),
                      source=PUBLISHER, url="https://news.example.org/2024/kyiv-talks")
    entities = (_marsh(), _other("Oleh Marchenko"), _other(GROUP),
                Entity("United States", "Country", key="country:united-states"),
                Entity("Ukraine", "Country", key="country:ukraine"))
    interactions = (
        Interaction("Helena Marsh", "met", "Oleh Marchenko", date="2024-05-21", evidence=MET_SENTENCE,
                    start=s1, end=s1 + len(MET_SENTENCE), confidence=0.9),
        Interaction("Helena Marsh", "criticized", GROUP, date="2024-05-22", evidence=CRITICIZED_SENTENCE,
                    start=s2, end=s2 + len(CRITICIZED_SENTENCE), confidence=0.75),
    )
    return Extraction(article, entities, interactions)


def routine_extraction(k: int) -> Extraction:
    other, predicate = OTHERS[k % len(OTHERS)], PREDICATES[k % len(PREDICATES)]
    day = date(2024, 1 + k % 10, 1 + k)
    verb = {"met": "met", "spokeWith": "spoke with", "criticized": "criticized"}[predicate]
    text = f"Helena Marsh {verb} {other} (routine {k})."
    article = Article(id=f"routine-{k}", name=f"routine-{k}.txt", text=text, title=f"Routine report {k}",
                      published=day, url=f"https://news.example.org/routine/{k}")
    entities = (_marsh(title=None), _other(other),
                Entity("United States", "Country", key="country:united-states"))
    interactions = (Interaction("Helena Marsh", predicate, other, date=day.isoformat(), evidence=text, end=len(text),
                                confidence=0.8),)
    return Extraction(article, entities, interactions)


def textless_extraction() -> Extraction:
    """An article stored without its text (as a store built before texts were kept)."""
    article = Article(id="textless", name="textless.txt", text="", title="No text kept", published=date(2024, 2, 2))
    sentence = "Ingrid Solberg met Oleh Marchenko in Oslo."
    interactions = (Interaction("Ingrid Solberg", "met", "Oleh Marchenko", date="2024-02-02", evidence=sentence,
                                end=len(sentence)),)
    return Extraction(article, (_other("Ingrid Solberg"), _other("Oleh Marchenko")), interactions)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Workbench:
    """The served app: its origin, and the ids of the fixture's articles."""

    def __init__(self, origin: str, kg: KnowledgeGraph) -> None:
        self.origin = origin
        rows = kg.select("SELECT ?g ?t WHERE { GRAPH ?g { ?g schema:headline ?t } }")
        self.article = {str(r["t"]): str(r["g"]).rsplit("/", 1)[1] for r in rows}


@pytest.fixture(scope="module")
def workbench():
    _require_browser()
    import uvicorn

    from graphkit.server import ServeOptions, create_app

    kg = KnowledgeGraph.open("memory")
    kg.add(special_extraction())
    for k in range(ROUTINE):
        kg.add(routine_extraction(k))
    kg.add(textless_extraction())
    port = _free_port()
    # A small row cap, so the query page's "truncated" note can be seen.
    app = create_app(kg, ServeOptions(max_rows=40))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the workbench server did not start")
            time.sleep(0.02)
        yield Workbench(f"http://127.0.0.1:{port}", kg)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        kg.close()


@pytest.fixture(scope="module")
def browser(workbench):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page of the workbench with everything it logged, requested and tried to open."""

    def __init__(self, browser, workbench: Workbench, path: str) -> None:
        self.origin = workbench.origin
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        # Each console error with the URL it is about (a failed request names its URL there).
        self.page.on("console", lambda m: m.type == "error"
                     and self.errors.append(f"{m.text} @ {m.location.get('url')}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.goto(path)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path: str) -> None:
        self.page.goto(self.origin + path)

    def expect_failed_request(self, path: str) -> None:
        """The console error a browser logs for an error response to ``path``, and no other."""
        failed = [e for e in self.errors if e.endswith(f"@ {self.origin}{path}")]
        assert len(failed) == 1, self.errors
        self.errors.remove(failed[0])

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        outside = [u for u in self.requests
                   if not u.startswith((self.origin + "/", "blob:" + self.origin + "/", "data:"))]
        assert outside == []
        # Markup from the data never became elements.
        assert self.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert self.js("[...document.scripts].every(s => s.src.startsWith(location.origin + '/static/'))")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser, workbench):
    pages: list[Opened] = []

    def open_page(path: str, ready: str | None = None) -> Opened:
        page = Opened(browser, workbench, path)
        if ready:
            page.page.wait_for_function(f"() => window.{ready} && window.{ready}.ready")
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


# -- the actor page ------------------------------------------------------------------------------

def test_actor_page_shows_the_actor_counterparts_timeline_and_network(opened):
    page = opened("/actor/helena-marsh", "graphkitActor")
    assert page.text("#wb-name") == "Helena Marsh"
    assert page.page.text_content("#wb-kind") == "Person"
    assert "Marsh" in page.text("#wb-aliases")
    titles = page.text("#wb-titles")
    assert TITLE in titles and "United States" in titles and "2024-05-22" in titles
    assert "United States" in page.text("#wb-affiliations")
    # Counterparts, ranked, as links to their pages; the markup names shown as text.
    rows = page.page.locator("tr.wb-counterpart")
    assert rows.count() == 4
    assert rows.nth(0).inner_text().startswith("1\tOleh Marchenko\t7")
    counterparts = page.text("#wb-counterparts")
    assert GROUP in counterparts and COUNCIL in counterparts
    hrefs = page.js("[...document.querySelectorAll('#wb-counterparts a')].map(a => a.getAttribute('href'))")
    assert "/actor/oleh-marchenko" in hrefs and all(h.startswith("/actor/") for h in hrefs)
    # The timeline: one bar group per month from the first to the last, stacked by predicate.
    months = page.js("[...document.querySelectorAll('#wb-timeline g.wb-bar')].map(g => g.dataset.month)")
    assert months == [f"2024-{m:02d}" for m in range(1, 11)]
    may = page.js("""Object.fromEntries([...document.querySelectorAll('#wb-timeline g[data-month="2024-05"] rect')]
                     .map(r => [r.dataset.predicate, Number(r.dataset.count)]))""")
    assert may == {"criticized": 2, "met": 2}  # two routine reports and the special article
    assert set(page.text("#wb-timeline-legend").split()) >= {"met", "spoke", "with", "criticized"}
    # The ego network: drawn by vis-network on a canvas, centred on the actor.
    page.page.wait_for_function("() => window.graphkitActor.networkReady")
    assert page.js("document.querySelectorAll('#wb-ego canvas').length") == 1
    labels = page.js("graphkitActor.map.nodes.map(n => n.label)")
    assert {"Helena Marsh", "Oleh Marchenko", GROUP, COUNCIL} <= set(labels)
    page.assert_clean()


def test_actor_evidence_is_paged(opened):
    page = opened("/actor/helena-marsh", "graphkitActor")
    items = page.page.locator("li.wb-evidence-item")
    assert items.count() == 20
    assert "Page 1 of 2 (23 sentences)" in page.text("#wb-page")
    assert page.page.is_disabled("#wb-prev")
    first = items.nth(0).inner_text()  # newest first
    assert "2024-10" in first
    links = page.js("[...document.querySelectorAll('#wb-evidence a.wb-article-link')].map(a => a.getAttribute('href'))")
    assert len(links) == 20 and all(h.startswith("/article/") for h in links)
    page.page.click("#wb-next")
    page.page.wait_for_function("() => document.querySelectorAll('li.wb-evidence-item').length === 3")
    assert "Page 2 of 2" in page.text("#wb-page")
    assert page.page.is_disabled("#wb-next")
    assert page.js("location.search") == "?page=2"
    # Ranks continue across pages.
    assert page.js("document.getElementById('wb-evidence').start") == 21
    page.page.click("#wb-prev")
    page.page.wait_for_function("() => document.querySelectorAll('li.wb-evidence-item').length === 20")
    # The special article's evidence shows its markup as text, and links its article.
    evidence = page.text("#wb-evidence")
    assert CRITICIZED_SENTENCE in evidence and HEADLINE in evidence
    page.assert_clean()


def test_actor_filters_narrow_the_page_and_its_network(opened):
    page = opened("/actor/helena-marsh?predicates=criticized", "graphkitActor")
    assert page.page.input_value("#wb-predicates") == "criticized"
    names = page.js("[...document.querySelectorAll('tr.wb-counterpart a')].map(a => a.textContent)")
    assert names == ["Ingrid Solberg", GROUP]  # five criticisms of Solberg, one of the group
    assert "(6 sentences)" in page.text("#wb-page")
    page.page.wait_for_function("() => window.graphkitActor.networkReady")
    assert sorted(page.js("graphkitActor.map.nodes.map(n => n.actor)")) == \
        ["helena-marsh", "img-src-x-onerror-alert-1-group", "ingrid-solberg"]
    # The form changes the address, and the page follows it.
    page.page.fill("#wb-since", "2024-05-01")
    with page.page.expect_navigation():
        page.page.click("#wb-filters button[type=submit]")
    page.page.wait_for_function("() => window.graphkitActor && window.graphkitActor.ready")
    assert "since=2024-05-01" in page.page.url and "predicates=criticized" in page.page.url
    assert "(4 sentences)" in page.text("#wb-page")  # May, July, September and the special article
    page.assert_clean()


def test_clicking_a_node_of_the_ego_network_opens_its_actor(opened):
    page = opened("/actor/helena-marsh", "graphkitActor")
    page.page.wait_for_function("() => window.graphkitActor.networkReady")
    x, y = page.js("""(() => {
        const net = graphkitActor.network;
        const node = graphkitActor.map.nodes.find(n => n.actor === "oleh-marchenko");
        net.stopSimulation();
        document.getElementById("wb-ego").scrollIntoView({block: "center"});
        const p = net.getPositions([node.id])[node.id], dom = net.canvasToDOM(p);
        const box = document.getElementById("wb-ego").getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y];
    })()""")
    with page.page.expect_navigation():
        page.page.mouse.click(x, y)
    assert page.page.url == page.origin + "/actor/oleh-marchenko"
    page.page.wait_for_function("() => window.graphkitActor && window.graphkitActor.ready")
    assert page.text("#wb-name") == "Oleh Marchenko"
    page.assert_clean()


def test_an_unknown_actor_shows_the_apis_message(opened):
    page = opened("/actor/nobody-here", "graphkitActor")
    assert "no actor has the id 'nobody-here'" in page.text("#wb-message")
    assert page.page.is_hidden("#wb-actor")
    page.expect_failed_request("/api/actor/nobody-here?page=1&page_size=20")
    page.assert_clean()


def test_an_unknown_article_shows_the_apis_message(opened):
    page = opened("/article/0123456789abcdef", "graphkitArticle")
    assert "no article has the id '0123456789abcdef'" in page.text("#wb-message")
    assert page.page.is_hidden("#wb-article")
    page.expect_failed_request("/api/article/0123456789abcdef")
    page.assert_clean()


def test_an_actor_without_interactions_says_so(opened):
    page = opened("/actor/norway", "graphkitActor")
    assert page.text("#wb-name") == "Norway"
    assert "No interactions match." in page.text("#wb-counterparts")
    assert "No dated interactions." in page.text("#wb-timeline")
    assert page.text("#wb-ego-note") == "No contacts to draw."
    assert page.text("#wb-page") == "No evidence"
    page.assert_clean()


def test_the_hostile_counterpart_page_shows_its_name_as_text(opened):
    page = opened("/actor/img-src-x-onerror-alert-1-group", "graphkitActor")
    assert page.text("#wb-name") == GROUP
    assert page.js("document.title") == GROUP + " · graphkit"
    assert CRITICIZED_SENTENCE in page.text("#wb-evidence")
    page.page.wait_for_function("() => window.graphkitActor.networkReady")
    page.assert_clean()


# -- the article page ------------------------------------------------------------------------------

def test_article_page_highlights_the_evidence_over_the_right_text(opened, workbench):
    article = workbench.article[HEADLINE]
    page = opened(f"/article/{article}", "graphkitArticle")
    assert page.text("#wb-title") == HEADLINE
    assert page.text("#wb-published") == "2024-05-22"
    assert page.text("#wb-publisher") == PUBLISHER
    link = page.page.locator("#wb-original")
    assert link.get_attribute("href") == "https://news.example.org/2024/kyiv-talks"
    assert link.get_attribute("rel") == "noopener noreferrer"
    # Paragraphs at the blank line; the whole text shown as it is, markup included.
    assert page.js("document.querySelectorAll('#wb-text p').length") == 2
    shown = page.js("[...document.querySelectorAll('#wb-text p')].map(p => p.textContent).join('\\n\\n')")
    assert shown == SPECIAL_TEXT
    # Marks cover the evidence sentences exactly, despite the emoji and flag before them.
    marks = page.js("[...document.querySelectorAll('#wb-text mark')].map(m => [m.className, m.textContent])")
    kinds = {c for c, _ in marks}
    assert kinds == {"evidence", "mention"}
    mentions = [t for c, t in marks if c == "mention"]
    assert {"Helena Marsh", "Oleh Marchenko", "Marsh", GROUP} <= set(mentions)
    by_paragraph = page.js("""[...document.querySelectorAll('#wb-text p')].map(p =>
        [...p.querySelectorAll('mark')].map(m => m.textContent).join(''))""")
    assert by_paragraph == [MET_SENTENCE, CRITICIZED_SENTENCE]
    assert "Kyiv" not in [t for c, t in marks if c == "mention"]  # a place, not an actor
    # The interactions, with links to the actors; pointing at one marks its evidence.
    items = page.page.locator("li.wb-interaction")
    assert items.count() == 2
    assert "Helena Marsh" in items.nth(1).inner_text() and GROUP in items.nth(1).inner_text()
    assert "criticized" in items.nth(1).inner_text() and "0.75" in items.nth(1).inner_text()
    hrefs = page.js("[...document.querySelectorAll('#wb-interactions a')].map(a => a.getAttribute('href'))")
    assert "/actor/helena-marsh" in hrefs and "/actor/img-src-x-onerror-alert-1-group" in hrefs
    items.nth(1).hover()
    active = page.js("[...document.querySelectorAll('#wb-text mark.wb-active')].map(m => m.textContent).join('')")
    assert active == CRITICIZED_SENTENCE
    page.page.mouse.move(1, 1)
    assert page.js("document.querySelectorAll('#wb-text mark.wb-active').length") == 0
    page.page.set_viewport_size({"width": 1280, "height": 300})
    page.js("window.scrollTo(0, 0)")
    items.nth(1).locator("button.wb-show").click()
    page.page.wait_for_function("""() => {
        const m = [...document.querySelectorAll('#wb-text mark.wb-active')].pop();
        const r = m && m.getBoundingClientRect();
        return r && r.top >= 0 && r.bottom <= innerHeight; }""")
    assert "Helena Marsh" in page.text("#wb-actors") and GROUP in page.text("#wb-actors")
    page.assert_clean()


def test_an_article_without_text_shows_its_evidence_sentences(opened, workbench):
    page = opened(f"/article/{workbench.article['No text kept']}", "graphkitArticle")
    assert "keeps no text" in page.text("#wb-text")
    assert page.text("#wb-text blockquote") == "Ingrid Solberg met Oleh Marchenko in Oslo."
    assert "no link kept" in page.text("#wb-url")
    page.page.locator("li.wb-interaction").first.hover()
    assert page.js("document.querySelectorAll('#wb-text mark.wb-active').length") == 1
    page.assert_clean()


# -- search ------------------------------------------------------------------------------------------

def test_search_suggests_actors_and_enter_opens_one(opened):
    page = opened("/query", "graphkitQuery")
    box = page.page.locator("#wb-search")
    box.click()
    box.press_sequentially("onerror", delay=20)
    page.page.wait_for_selector("#wb-suggestions li.wb-suggestion[data-id]")
    assert GROUP in page.text("#wb-suggestions")  # a name of markup, as text
    box.fill("")
    box.press_sequentially("mar", delay=20)
    page.page.wait_for_function(
        "() => [...document.querySelectorAll('#wb-suggestions li')].some(li => li.dataset.id === 'helena-marsh')")
    ids = page.js("[...document.querySelectorAll('#wb-suggestions li')].map(li => li.dataset.id)")
    assert set(ids) == {"helena-marsh", "oleh-marchenko"}
    # The first suggestion is active; the arrows move through the list and wrap round.
    target = ids.index("helena-marsh")
    for _ in range(target + len(ids)):
        box.press("ArrowDown")
    box.press("ArrowUp")
    box.press("ArrowDown")
    assert page.js("document.querySelector('#wb-suggestions li.wb-active').dataset.id") == "helena-marsh"
    with page.page.expect_navigation():
        box.press("Enter")
    assert page.page.url == page.origin + "/actor/helena-marsh"
    page.page.wait_for_function("() => window.graphkitActor && window.graphkitActor.ready")
    page.assert_clean()


def test_enter_before_the_suggestions_opens_the_best_match(opened):
    page = opened("/actor/helena-marsh", "graphkitActor")
    page.page.fill("#wb-search", "Solberg")
    with page.page.expect_navigation():
        page.page.press("#wb-search", "Enter")
    assert page.page.url == page.origin + "/actor/ingrid-solberg"
    page.page.wait_for_function("() => window.graphkitActor && window.graphkitActor.ready")
    page.assert_clean()


# -- the query page ------------------------------------------------------------------------------------

def _run(page, text: str) -> None:
    page.page.fill("#wb-query-text", text)
    runs = page.js("graphkitQuery.runs")
    page.page.click("#wb-run")
    page.page.wait_for_function(f"() => graphkitQuery.runs > {runs}")


def test_query_page_runs_select_ask_and_construct(opened):
    page = opened("/query", "graphkitQuery")
    assert "dip:" in page.text("#wb-prefixes") and "schema:" in page.text("#wb-prefixes")
    _run(page, "SELECT DISTINCT ?actor ?label WHERE { GRAPH ?g { ?actor rdfs:label ?label } } ORDER BY ?label")
    rows = page.page.locator("#wb-results-table tbody tr")
    assert rows.count() == 8  # five people and organisations, three countries
    table = page.text("#wb-results-table")
    assert GROUP in table and COUNCIL in table
    assert page.page.get_attribute("a[href='/actor/helena-marsh']", "title") == \
        "https://w3id.org/graphkit/id/actor/helena-marsh"
    assert page.page.is_hidden("#wb-truncated")
    assert "8 rows" in page.text("#wb-status")
    # Article IRIs link to article pages; other IRIs are shortened with the prefixes.
    _run(page, "SELECT ?g ?p WHERE { GRAPH ?g { ?g ?p ?o } FILTER(?p = schema:headline) } LIMIT 1")
    assert page.js("document.querySelector('#wb-results-table a').getAttribute('href')").startswith("/article/")
    assert "schema:headline" in page.text("#wb-results-table")
    _run(page, "ASK { ?a dip:criticized ?b }")
    assert page.text("#wb-boolean") == "true"
    _run(page, "# a comment\nPREFIX ex: <http://example.org/>\nCONSTRUCT { ?a ex:knows ?b } WHERE { ?a dip:met ?b }")
    turtle = page.text("#wb-turtle")
    assert "knows" in turtle and "/actor/helena-marsh>" in turtle
    assert page.page.is_disabled("#wb-download-csv") and page.page.is_enabled("#wb-download-turtle")
    # More rows than the server's cap: the note says so.
    _run(page, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert page.page.locator("#wb-results-table tbody tr").count() == 40
    assert "first 40 rows" in page.text("#wb-truncated")
    page.assert_clean()


def test_query_page_shows_a_syntax_error_with_its_line(opened):
    page = opened("/query", "graphkitQuery")
    _run(page, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    error = page.text("#wb-error")
    assert "Line 3, column" in error and "syntax error" in error
    caret = page.js("document.getElementById('wb-query-text').selectionStart")
    assert caret >= len("SELECT ?s WHERE {\n  ?s ?p ?o .\n")  # the editor's caret is on the line
    page.expect_failed_request("/sparql")
    page.assert_clean()


def test_query_editor_keys_and_examples(opened):
    page = opened("/query", "graphkitQuery")
    editor = page.page.locator("#wb-query-text")
    editor.fill("ASK {")
    editor.press("End")
    editor.press("Enter")
    editor.press("Tab")
    editor.press_sequentially("?s ?p ?o")
    editor.press("Enter")
    editor.press_sequentially("}")
    assert editor.input_value() == "ASK {\n  ?s ?p ?o\n}"
    runs = page.js("graphkitQuery.runs")
    editor.press("Control+Enter")
    page.page.wait_for_function(f"() => graphkitQuery.runs > {runs}")
    assert page.text("#wb-boolean") == "true"
    # The canned examples fill the editor.
    examples = page.js("graphkitQuery.examples.map(e => e.name)")
    assert "busiest-actors" in examples
    page.page.select_option("#wb-examples", label="busiest-actors")
    assert editor.input_value() == page.js("graphkitQuery.examples.find(e => e.name === 'busiest-actors').text")
    page.assert_clean()


def test_query_results_download_as_csv_and_json(opened):
    page = opened("/query", "graphkitQuery")
    page.page.fill("#wb-query-text",
                   "SELECT DISTINCT ?label WHERE { GRAPH ?g { ?a rdfs:label ?label } } ORDER BY ?label")
    with page.page.expect_download() as caught:
        page.page.click("#wb-download-csv")
    download = caught.value
    assert download.suggested_filename == "query-results.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0] == ["label"] and [GROUP] in rows and len(rows) == 9
    with page.page.expect_download() as caught:
        page.page.click("#wb-download-json")
    data = json.loads(open(caught.value.path(), encoding="utf-8").read())
    assert data["head"]["vars"] == ["label"] and len(data["results"]["bindings"]) == 8
    page.assert_clean()


# -- the map page ----------------------------------------------------------------------------------

def _open_map(opened, path: str = "/") -> Opened:
    page = opened(path)
    page.page.wait_for_function("() => window.graphkitMap && window.graphkitMap.ready")
    return page


def _slide(page: Opened, position: int) -> None:
    page.page.locator("#wb-month").fill(str(position))  # a range input: fill sets it and fires input


def _click_link(page: Opened, a: str, b: str) -> None:
    """A real mouse click on the drawn link between actors ``a`` and ``b`` (labels)."""
    point = page.page.evaluate("""([a, b]) => {
        const net = graphkitMap.network, nodes = graphkitMap.data.nodes;
        const ids = [a, b].map(label => nodes.find(n => n.label === label).id);
        const edge = graphkitMap.edges.get({filter: e => !e.hidden &&
            ids.includes(e.from) && ids.includes(e.to)})[0];
        // Points of the link as vis draws it (links bend), off any node or other link.
        const drawn = net.body.edges[edge.id].edgeType;
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
            const dom = net.canvasToDOM(drawn.getPoint(t));
            if (net.getEdgeAt(dom) === edge.id && net.getNodeAt(dom) === undefined) return dom;
        }
        return null;
    }""", [a, b])
    assert point is not None, f"no clickable point on the link {a} - {b}"
    box = page.page.locator("#gk-network canvas").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_map_page_draws_the_servers_view(opened):
    page = _open_map(opened)
    labels = page.js("graphkitMap.data.nodes.map(n => n.label)")
    assert {"Helena Marsh", "Oleh Marchenko", GROUP} <= set(labels)
    assert page.js("graphkitMap.data.months") == [f"2024-{m:02d}" for m in range(1, 11)]
    assert page.text("#wb-month-label") == "all time"
    page.assert_clean()


def test_time_slider_replays_the_network_month_by_month(opened):
    page = _open_map(opened)
    everything = page.js("graphkitMap.visibleEdgeCount()")
    _slide(page, 0)  # January
    assert page.text("#wb-month-label") == "up to 2024-01"
    assert page.page.input_value("#gk-from") == "" and page.page.input_value("#gk-to") == "2024-01-31"
    january = page.js("graphkitMap.visibleEdgeCount()")
    assert 0 < january < everything
    page.page.check("#wb-month-only")
    _slide(page, 4)  # May alone: the Kyiv talks and a routine report
    assert page.text("#wb-month-label") == "2024-05"
    assert (page.page.input_value("#gk-from"), page.page.input_value("#gk-to")) == ("2024-05-01", "2024-05-31")
    _slide(page, 10)  # the last position: all time again
    assert page.page.input_value("#gk-to") == "" and page.js("graphkitMap.visibleEdgeCount()") == everything
    page.page.click("#wb-play")  # replays from January
    page.page.wait_for_function("() => document.getElementById('wb-month').value === '1'", timeout=5_000)
    page.page.click("#wb-play")  # pauses
    assert page.page.inner_text("#wb-play") == "\u25b6"
    page.assert_clean()


def test_clicking_a_link_lists_its_interactions_with_their_evidence(opened, workbench):
    page = _open_map(opened)
    page.page.wait_for_function("() => graphkitMap.settled", timeout=30_000)
    _click_link(page, "Helena Marsh", GROUP)
    page.page.wait_for_selector("#wb-link-items li.wb-link-item")
    panel = page.text("#wb-link")
    assert f"Helena Marsh \u2013 {GROUP}" in panel
    assert CRITICIZED_SENTENCE in panel  # the evidence, markup shown as text
    assert "criticized" in panel and "confidence 0.75" in panel
    link = page.page.locator("#wb-link-items a", has_text=HEADLINE)
    assert link.get_attribute("href") == f"/article/{workbench.article[HEADLINE]}"
    with page.page.expect_navigation():
        link.click()
    page.page.wait_for_selector("mark.evidence")
    page.assert_clean()


def test_view_form_asks_the_server_for_another_view_and_keeps_it_in_the_address(opened):
    page = _open_map(opened)
    page.page.fill("#wb-top", "2")
    page.page.click("#wb-apply")
    page.page.wait_for_function("() => graphkitMap.ready && graphkitMap.data.nodes.length <= 3")
    assert "top=2" in page.page.url
    # A node's panel offers its ego network, drawn by the server.
    page.page.wait_for_function("() => graphkitMap.settled", timeout=30_000)
    point = page.js("""(() => { const net = graphkitMap.network;
        const n = graphkitMap.data.nodes.find(n => n.label === 'Helena Marsh');
        return net.canvasToDOM(net.getPositions([n.id])[n.id]); })()""")
    box = page.page.locator("#gk-network canvas").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.page.click("text=Draw the map around Helena Marsh")
    page.page.wait_for_function("() => graphkitMap.ready && graphkitMap.data.scope.includes('around')")
    assert "ego=helena-marsh" in page.page.url
    assert page.text("#wb-ego-link") == "Helena Marsh"
    assert "around Helena Marsh" in page.js("graphkitMap.data.scope")
    page.assert_clean()


def test_an_analysts_journey_through_the_workbench(opened):
    """Map, time slider, search, actor page, a link's evidence, a SPARQL query: one visit."""
    page = _open_map(opened)
    _slide(page, 4)
    assert page.text("#wb-month-label") == "up to 2024-05"
    box = page.page.locator("#wb-search")
    box.click()
    box.press_sequentially("marchenko", delay=20)
    page.page.wait_for_selector("#wb-suggestions li[data-id='oleh-marchenko']")
    with page.page.expect_navigation():
        box.press("Enter")
    page.page.wait_for_function("() => window.graphkitActor && window.graphkitActor.ready")
    assert page.text("#wb-name") == "Oleh Marchenko"
    page.goto("/")
    page.page.wait_for_function("() => window.graphkitMap && window.graphkitMap.settled", timeout=30_000)
    _click_link(page, "Helena Marsh", "Oleh Marchenko")
    page.page.wait_for_selector("#wb-link-items li.wb-link-item")
    assert MET_SENTENCE in page.text("#wb-link")
    page.goto("/query")
    page.page.wait_for_function("() => window.graphkitQuery && window.graphkitQuery.ready")
    _run(page, "SELECT ?who WHERE { ?who dip:met ?other } ORDER BY ?who LIMIT 3")
    assert page.page.locator("#wb-results-table tbody tr").count() >= 1
    page.assert_clean()
