"""The map in a real headless Chromium: offline, complete, and its controls work.

Needs Debian's ``chromium`` at /usr/bin/chromium and the ``playwright`` Python package
(never ``playwright install``: the system browser is used). Skipped when either is missing,
except under CI (``CI`` set), where a missing browser is a failure.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from graphkit.projection import project
from graphkit.viz import MapOptions, edge_family, write_map
from map_fixtures import FixtureGraph, actor_iri, build_dataset

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (Debian package 'chromium')")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the 'playwright' Python package")
    if missing:
        reason = "the browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI is set, so this is a failure, not a skip")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OpenMap:
    """A map page with everything it logged and requested."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => window.graphkitMap && window.graphkitMap.ready", timeout=30_000)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def visible_edges(self) -> int:
        return self.js("graphkitMap.visibleEdgeCount()")

    def node_id(self, iri: str) -> int:
        return self.js(f"graphkitMap.data.nodes.find(n => n.iri === {iri!r}).id")


@pytest.fixture(scope="module")
def fixture_map(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("map") / "map.html"
    write_map(FixtureGraph(), out)
    return out


@pytest.fixture(scope="module")
def projected():
    return project(FixtureGraph())


@pytest.fixture
def page(browser, fixture_map):
    opened = OpenMap(browser, fixture_map)
    yield opened
    opened.page.close()


def expected_links(graph, keep=lambda attrs: True) -> int:
    """Edges the page should show: distinct pair families with an interaction passing ``keep``."""
    return len({edge_family(d["predicate"], u, v) for u, v, d in graph.edges(data=True) if keep(d)})


def test_map_opens_offline_complete_and_without_errors(page, projected, tmp_path):
    assert page.js("graphkitMap.nodes.length") == projected.number_of_nodes()
    assert page.js("graphkitMap.edges.length") == expected_links(projected)
    assert page.visible_edges() == expected_links(projected)
    assert page.js("graphkitMap.drawnAt") > 0
    shot = tmp_path / "map.png"
    page.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.errors == []
    assert page.requests and all(u.startswith(("file://", "data:")) for u in page.requests), page.requests


def test_hovering_a_node_shows_its_tooltip(page):
    node = page.node_id(actor_iri("helena-marsh"))
    x, y = page.js(f"""(() => {{
        const net = graphkitMap.network, p = net.getPositions([{node}])[{node}];
        const dom = net.canvasToDOM(p), box = document.getElementById("gk-network").getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y];
    }})()""")
    page.page.mouse.move(5, 5)
    page.page.mouse.move(x, y, steps=4)
    tip = page.page.locator("#gk-tip")
    tip.wait_for(state="visible", timeout=5_000)
    text = tip.inner_text()
    assert "Helena Marsh" in text and "Secretary of State" in text and "United States" in text
    page.page.mouse.move(5, 5)
    tip.wait_for(state="hidden", timeout=5_000)
    assert page.errors == []


def test_predicate_filter_hides_links_made_only_of_that_predicate(page, projected):
    total = expected_links(projected)
    page.page.uncheck("#gk-pred-sanctioned")
    assert page.visible_edges() == expected_links(projected, lambda d: d["predicate"] != "sanctioned")
    assert page.visible_edges() < total
    page.page.click("#gk-none")
    assert page.visible_edges() == 0
    page.page.click("#gk-all")
    assert page.visible_edges() == total
    assert page.errors == []


def test_date_filter_hides_links_outside_the_range(page, projected):
    start, end = date(2024, 4, 1), date(2024, 5, 31)
    page.page.fill("#gk-from", start.isoformat())
    assert page.visible_edges() == expected_links(projected, lambda d: d["date"] and d["date"] >= start)
    page.page.fill("#gk-to", end.isoformat())
    inside = expected_links(projected, lambda d: d["date"] and start <= d["date"] <= end)
    assert 0 < page.visible_edges() == inside < expected_links(projected)
    # Actors left without a visible link are hidden with their links.
    shown_nodes = {x for u, v, d in projected.edges(data=True)
                   if d["date"] and start <= d["date"] <= end for x in (u, v)}
    assert page.js("graphkitMap.visibleNodeCount()") == len(shown_nodes)
    page.page.fill("#gk-from", "")
    page.page.fill("#gk-to", "")
    assert page.visible_edges() == expected_links(projected)
    assert page.errors == []


def test_search_focuses_an_actor_and_its_contacts(page):
    page.page.fill("#gk-search", "solberg")
    page.page.click("#gk-focus")
    assert "Ingrid Solberg" in page.page.inner_text("#gk-search-msg")
    faded = page.js("""graphkitMap.nodes.get().filter(n => n.color.background === "#e4e4e4").map(n => n.label)""")
    assert "Helena Marsh" in faded
    assert not {"Ingrid Solberg", "Oleh Marchenko", "Germany"} & set(faded)
    assert page.js("graphkitMap.network.getSelectedNodes()") == [page.node_id(actor_iri("ingrid-solberg"))]
    page.page.click("#gk-clear")
    assert page.js("""graphkitMap.nodes.get().filter(n => n.color.background === "#e4e4e4").length""") == 0
    assert page.errors == []


def test_edge_tooltip_shows_article_text_as_text_and_links_the_article(page):
    duval, russia = page.node_id(actor_iri("claire-duval")), page.node_id(actor_iri("russia"))
    text, links = page.js(f"""(() => {{
        const e = graphkitMap.data.edges.find(e => e.from === {duval} && e.to === {russia});
        const box = document.createElement("div");
        box.innerHTML = graphkitMap.edgeTip(e.id);
        return [box.innerText, [...box.querySelectorAll("a")].map(a => a.href)];
    }})()""")
    assert 'unacceptable <b>& reckless</b>' in text  # shown as typed, not as markup
    assert "Claire Duval → Russia" in text and "criticized" in text
    assert links == ["https://news.example.org/2024/09/sanctions"]
    assert page.errors == []


def test_edge_tooltip_shows_each_interactions_confidence_as_text(page):
    marsh, duval = page.node_id(actor_iri("helena-marsh")), page.node_id(actor_iri("claire-duval"))
    texts = page.js(f"""(() => {{
        const e = graphkitMap.data.edges.find(e => e.tone === "cooperative" &&
            [e.from, e.to].sort().join() === [{marsh}, {duval}].sort().join());
        const box = document.createElement("div");
        box.innerHTML = graphkitMap.edgeTip(e.id);
        const shown = box.innerText;
        // Only numbers are shown: anything else in the data is left out, never parsed as markup.
        const saved = e.c;
        e.c = ["<img src=x onerror=alert(1)>", 0.875, 1];
        box.innerHTML = graphkitMap.edgeTip(e.id);
        e.c = saved;
        return [shown, box.innerText, box.querySelectorAll("img").length];
    }})()""")
    shown, tampered, images = texts
    assert shown.count("confidence 0.90") == 4  # a call, two meetings, an agreement
    assert "confidence 0.875" in tampered and "confidence 1.00" in tampered
    assert "onerror" not in tampered and images == 0
    assert page.errors == []


def test_physics_toggle(page):
    assert page.page.is_checked("#gk-physics")
    page.page.uncheck("#gk-physics")
    assert page.js("graphkitMap.network.physics.options.enabled") is False
    assert page.errors == []


def test_empty_map_says_nothing_to_show(browser, tmp_path):
    out = tmp_path / "empty.html"
    write_map(FixtureGraph(build_dataset(events=())), out)
    opened = OpenMap(browser, out)
    try:
        assert opened.page.is_visible("#gk-empty")
        assert "Nothing to show" in opened.page.inner_text("#gk-empty")
        assert opened.js("graphkitMap.nodes.length") == 0
        assert opened.errors == []
    finally:
        opened.page.close()


def test_large_map_opens_with_physics_off(browser, tmp_path):
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(600):
        g.add_node(f"urn:a{i}", label=f"Actor {i}", kind="Person", title=None, country=None,
                   first_contact=None, last_contact=None)
    for k in range(1800):
        a, b = (k * 7919) % 600, (k * 104729 + 1) % 600
        if a != b:
            g.add_edge(f"urn:a{a}", f"urn:a{b}", key=f"e{k}", predicate="met", date=None,
                       status="occurred", evidence="", article=None, article_title=None,
                       article_url=None, event=f"e{k}")
    out = tmp_path / "big.html"
    summary = write_map(g, out, options=MapOptions(max_nodes=None))
    opened = OpenMap(browser, out)
    try:
        assert opened.js("graphkitMap.nodes.length") == summary.nodes
        assert opened.js("graphkitMap.network.physics.options.enabled") is False
        assert not opened.page.is_checked("#gk-physics")
        assert opened.errors == []
    finally:
        opened.page.close()
