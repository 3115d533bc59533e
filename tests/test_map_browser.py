"""The map in a real headless Chromium: offline, complete, and its controls work.

Needs Debian's ``chromium`` at /usr/bin/chromium and the ``playwright`` Python package
(never ``playwright install``: the system browser is used). Skipped when either is missing,
except under CI (``CI`` set), where a missing browser is a failure.
"""
from __future__ import annotations

import itertools
import json
import os
from datetime import date
from pathlib import Path

import pytest

from graphkit.projection import project
from graphkit.viz import STATUS_DASHES, MapOptions, edge_family, map_data, write_map
from map_fixtures import EVENTS, Event, FixtureGraph, actor_iri, build_dataset

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


HIDDEN_LINKS = 2  # the fixture's planned Duval-Richter meeting and negated Haddad-Duval one


def test_map_opens_offline_complete_and_without_errors(page, projected, tmp_path):
    assert page.js("graphkitMap.nodes.length") == projected.number_of_nodes()
    assert page.js("graphkitMap.edges.length") == expected_links(projected) + HIDDEN_LINKS
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


def test_date_fields_take_iso_dates_whatever_the_locale(page):
    for end in ("from", "to"):
        attrs = page.js(f"""(() => {{ const i = document.getElementById("gk-{end}");
            return [i.type, i.pattern, i.placeholder]; }})()""")
        assert attrs == ["text", r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"]


@pytest.mark.parametrize("bad", ["12/03/2024", "2024-02-30", "2024-3-1x"])
def test_a_date_not_written_yyyy_mm_dd_is_refused_and_not_applied(page, projected, bad):
    total = expected_links(projected)
    page.page.fill("#gk-from", bad)
    page.page.press("#gk-from", "Enter")
    assert page.visible_edges() == total  # nothing filtered by a date that is not one
    message = page.page.inner_text("#gk-date-msg")
    assert bad in message and "YYYY-MM-DD" in message and "not applied" in message
    assert page.js('document.getElementById("gk-from").validity.valid') is False
    assert page.js('document.getElementById("gk-from").validationMessage')
    page.page.fill("#gk-from", "2024-09-01")  # a good date clears the message and applies
    assert page.page.inner_text("#gk-date-msg") == ""
    assert page.js('document.getElementById("gk-from").validity.valid') is True
    assert page.visible_edges() == expected_links(projected, lambda d: d["date"] and d["date"] >= date(2024, 9, 1))
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


def _edge_of(page, a: str, b: str, status: str):
    """The id of the link between two fixture actors made of interactions of ``status``."""
    ia, ib = page.node_id(actor_iri(a)), page.node_id(actor_iri(b))
    return page.js(f"""(() => {{
        const d = graphkitMap.data, k = d.statuses.indexOf({status!r});
        return d.edges.find(e => [e.from, e.to].sort().join() === [{ia}, {ib}].sort().join() &&
                                 (e.s ? e.s[0] : 0) === k).id;
    }})()""")


def test_planned_and_negated_links_are_hidden_then_shown_dashed_and_dotted(page, projected):
    occurred = expected_links(projected)
    planned = _edge_of(page, "claire-duval", "jonas-richter", "planned")
    negated = _edge_of(page, "samir-haddad", "claire-duval", "negated")
    hidden = "hidden: 1 planned and 1 negated interactions, which did not take place (show them below)"
    assert page.page.inner_text("#gk-hidden") == hidden == page.js("graphkitMap.data.hidden")
    assert not page.page.is_checked("#gk-status-planned") and not page.page.is_checked("#gk-status-negated")
    assert page.js(f"graphkitMap.edges.get({planned}).hidden") is True
    assert page.js(f"graphkitMap.edges.get({negated}).hidden") is True
    assert page.visible_edges() == occurred

    page.page.check("#gk-status-planned")
    assert page.visible_edges() == occurred + 1
    assert page.js(f"graphkitMap.edges.get({planned}).hidden") is False
    # What vis draws: a dashed line for the planned meeting (the occurred one stays solid).
    assert page.js(f"graphkitMap.network.body.edges[{planned}].options.dashes") == STATUS_DASHES["planned"]
    occurred_pair = _edge_of(page, "claire-duval", "jonas-richter", "occurred")
    assert page.js(f"graphkitMap.network.body.edges[{occurred_pair}].options.dashes") is False
    assert page.page.inner_text("#gk-hidden") == \
        "hidden: 1 negated interaction, which did not take place (show it below)"
    tip = page.js(f"""(() => {{ const box = document.createElement("div");
        box.innerHTML = graphkitMap.edgeTip({planned}); return box.innerText; }})()""")
    assert "planned" in tip and "Duval will meet Richter next week." in tip

    page.page.check("#gk-status-negated")
    assert page.visible_edges() == occurred + 2
    assert page.js(f"graphkitMap.network.body.edges[{negated}].options.dashes") == STATUS_DASHES["negated"]
    assert page.page.inner_text("#gk-hidden") == ""
    # Filters still apply to them: the negated meeting is in May.
    page.page.fill("#gk-from", "2024-06-01")
    assert page.js(f"graphkitMap.edges.get({negated}).hidden") is True
    page.page.fill("#gk-from", "")
    page.page.uncheck("#gk-status-planned")
    page.page.uncheck("#gk-status-negated")
    assert page.visible_edges() == occurred
    assert page.page.inner_text("#gk-hidden") == hidden
    assert page.errors == []


def test_a_map_with_planned_included_shows_them_from_the_start(browser, tmp_path):
    out = tmp_path / "planned.html"
    write_map(FixtureGraph(), out, options=MapOptions(include_planned=True))
    opened = OpenMap(browser, out)
    try:
        assert opened.page.is_checked("#gk-status-planned")
        assert not opened.page.is_checked("#gk-status-negated")
        assert opened.page.inner_text("#gk-hidden") == \
            "hidden: 1 negated interaction, which did not take place (show it below)"
        assert opened.errors == []
    finally:
        opened.page.close()


def _zoom(page, scale: float) -> None:
    page.js(f"graphkitMap.network.moveTo({{scale: {scale}}})")
    page.page.wait_for_timeout(60)


WATCH_UPDATES = """(() => {
    // Count every change the page makes to vis: DataSet updates and option changes.
    window.updates = 0;
    for (const target of [graphkitMap.nodes, graphkitMap.edges, graphkitMap.network]) {
        const name = target === graphkitMap.network ? "setOptions" : "update";
        const real = target[name].bind(target);
        target[name] = (...args) => { window.updates++; return real(...args); };
    }
})()"""


def test_links_name_their_interactions_when_zoomed_in_only(page):
    page.page.wait_for_function("() => graphkitMap.settled", timeout=30_000)
    marsh_duval = _edge_of(page, "helena-marsh", "claire-duval", "occurred")
    threshold = page.js("graphkitMap.data.edge_label_scale")
    assert page.js("graphkitMap.network.getScale()") < threshold
    assert page.js("graphkitMap.edges.get().filter(e => e.label).length") == 0
    assert page.js(f"graphkitMap.edgeLabel({marsh_duval})") == "met \u00d72, spoke with, agreed with"
    page.js(WATCH_UPDATES)
    # Zooming about below the threshold changes nothing (a big map stays fast) ...
    for scale in (1.1, 1.2, 1.3, 1.2):
        _zoom(page, scale)
    assert page.js("window.updates") == 0
    # ... crossing it labels the links, each with what its interactions are.
    _zoom(page, 1.6)
    page.page.wait_for_function("() => graphkitMap.edges.get().some(e => e.label)", timeout=5_000)
    labelled = page.js("graphkitMap.edges.get().filter(e => e.label && !e.hidden).map(e => [e.id, e.label])")
    assert len(labelled) >= 10
    assert all(label == page.js(f"graphkitMap.edgeLabel({i})") for i, label in labelled)
    assert all(page.js(f"graphkitMap.network.body.edges[{i}].labelModule.elementOptions.label") == label
               for i, label in labelled)
    settled = page.js("window.updates")
    for scale in (1.7, 1.9, 1.8):
        _zoom(page, scale)
    assert page.js("window.updates") == settled
    # The labels follow the filters and the statuses shown.
    page.page.uncheck("#gk-pred-met")
    assert page.js(f"graphkitMap.edgeLabel({marsh_duval})") == "spoke with, agreed with"
    assert "met" not in " ".join(page.js("graphkitMap.edges.get().filter(e => !e.hidden).map(e => e.label)")).split(", ")
    page.page.check("#gk-pred-met")
    page.page.check("#gk-status-planned")
    planned = _edge_of(page, "claire-duval", "jonas-richter", "planned")
    assert page.js(f"graphkitMap.edgeLabel({planned})") == "met (planned)"
    _zoom(page, 1.0)
    page.page.wait_for_function("() => !graphkitMap.edges.get().some(e => e.label)", timeout=5_000)
    assert page.errors == []


def test_mouse_wheel_zoom_shows_the_link_labels(page):
    box = page.js("""(() => { const b = document.getElementById("gk-network").getBoundingClientRect();
        return [b.left + b.width / 2, b.top + b.height / 2]; })()""")
    page.page.mouse.move(*box)
    for _ in range(30):
        page.page.mouse.wheel(0, -120)
        page.page.wait_for_timeout(20)
        if page.js("graphkitMap.network.getScale()") >= page.js("graphkitMap.data.edge_label_scale"):
            break
    page.page.wait_for_function("() => graphkitMap.edges.get().some(e => e.label)", timeout=5_000)
    assert page.errors == []


LABEL_BOXES = """(() => {
    // Every label in view, where vis drew it (its label module's box, from the last
    // drawing: vis does not draw what is out of view), and every node's box. vis draws no
    // node label under drawThreshold screen pixels.
    const net = graphkitMap.network, scale = net.getScale();
    net.redraw();
    const canvas = document.querySelector("#gk-network canvas");
    const corner = net.DOMtoCanvas({x: 0, y: 0}), far = net.DOMtoCanvas({x: canvas.clientWidth, y: canvas.clientHeight});
    const inView = (b) => b.left >= corner.x && b.right <= far.x && b.top >= corner.y && b.bottom <= far.y;
    const threshold = graphkitMap.data.vis.nodes.scaling.label.drawThreshold;
    const ctx = document.createElement("canvas").getContext("2d");
    const labels = [], nodes = [], widths = [];
    for (const n of graphkitMap.nodes.get()) {
        if (n.hidden) continue;
        const body = net.body.nodes[n.id], size = n.font.size;
        const node = {id: n.id, size: n.size, left: body.x - n.size, right: body.x + n.size,
                      top: body.y - n.size, bottom: body.y + n.size};
        if (!inView(node)) continue;
        nodes.push(node);
        if (!n.label || !size || size * scale < threshold - 1) continue;
        const box = body.labelModule.size;
        labels.push({id: n.id, size: n.size, label: n.label, left: box.left, right: box.left + box.width,
                     top: box.top, bottom: box.top + box.height});
        ctx.font = size + "px " + n.font.face;
        widths.push([box.width, ctx.measureText(n.label).width]);
    }
    for (const e of graphkitMap.edges.get()) {
        if (e.hidden || !e.label) continue;
        const box = net.body.edges[e.id].labelModule.size;
        const ends = net.getPositions([e.from, e.to]);
        if (!inView({left: Math.min(ends[e.from].x, ends[e.to].x), right: Math.max(ends[e.from].x, ends[e.to].x),
                     top: Math.min(ends[e.from].y, ends[e.to].y), bottom: Math.max(ends[e.from].y, ends[e.to].y)})) continue;
        labels.push({id: "e" + e.id, size: 0, label: e.label, left: box.left, right: box.left + box.width,
                     top: box.top, bottom: box.top + box.height});
    }
    return {labels, nodes, widths};
})()"""


def _overlaps(boxes: dict, over_smaller_nodes: bool = False) -> list:
    """Labels drawn over one another, or over another actor's node (one at least as big
    only, with ``over_smaller_nodes``: a big actor's name may cross a small node)."""
    def cross(a, b):
        return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]

    # The boxes are vis's own: its measured text width is the canvas's.
    assert all(abs(a - b) < 1 for a, b in boxes["widths"]), [w for w in boxes["widths"] if abs(w[0] - w[1]) >= 1]
    found = [(a["label"], b["label"]) for a, b in itertools.combinations(boxes["labels"], 2) if cross(a, b)]
    found += [(a["label"], b["id"]) for a in boxes["labels"] for b in boxes["nodes"]
              if a["id"] != b["id"] and cross(a, b) and not (over_smaller_nodes and b["size"] < a["size"])]
    return found


def test_no_label_is_drawn_over_another_at_the_first_view(page, projected):
    page.page.wait_for_function("() => graphkitMap.settled", timeout=30_000)
    boxes = page.js(LABEL_BOXES)
    # The fixture's layout leaves room for every actor's name, none over another or a node.
    assert len(boxes["labels"]) == projected.number_of_nodes()
    assert _overlaps(boxes) == []
    assert page.errors == []


def test_zoomed_in_link_labels_are_not_drawn_over_other_labels(page):
    page.page.wait_for_function("() => graphkitMap.settled", timeout=30_000)
    page.page.check("#gk-status-planned")
    page.page.check("#gk-status-negated")
    marsh, richter = page.node_id(actor_iri("helena-marsh")), page.node_id(actor_iri("jonas-richter"))
    for scale, least in ((1.6, 8), (2.5, 3), (5.0, 0)):
        page.js(f"""(() => {{ const p = graphkitMap.network.getPositions([{marsh}, {richter}]);
            graphkitMap.network.moveTo({{scale: {scale}, position: {{x: (p[{marsh}].x + p[{richter}].x) / 2,
                                                                   y: (p[{marsh}].y + p[{richter}].y) / 2}}}}); }})()""")
        page.page.wait_for_function("() => graphkitMap.edges.get().some(e => e.label)", timeout=5_000)
        page.page.wait_for_timeout(100)
        boxes = page.js(LABEL_BOXES)
        assert sum(1 for b in boxes["labels"] if str(b["id"]).startswith("e")) >= least, scale
        assert _overlaps(boxes, over_smaller_nodes=True) == [], scale
    assert page.errors == []


def test_crowded_labels_give_way_to_the_bigger_actors(browser, tmp_path):
    # Physics off: the precomputed layout of a dense map puts names on top of each other.
    out = tmp_path / "crowded.html"
    write_map(FixtureGraph(), out, options=MapOptions(physics_threshold=0))
    opened = OpenMap(browser, out)
    try:
        opened.page.wait_for_function("() => graphkitMap.settled", timeout=30_000)
        boxes = opened.js(LABEL_BOXES)
        assert _overlaps(boxes, over_smaller_nodes=True) == []
        shown = {b["label"] for b in boxes["labels"]}
        hidden = set(opened.js("graphkitMap.data.nodes.map(n => n.label)")) - shown
        assert hidden and "Helena Marsh" in shown  # the biggest actor keeps its name
        # Zoomed in, labels keep their screen size while the map grows: more names fit.
        _zoom(opened, 4.0)
        opened.page.wait_for_function(
            f"() => graphkitMap.nodes.get().filter(n => n.font.size > 0).length > {len(shown)}", timeout=5_000)
        assert _overlaps(opened.js(LABEL_BOXES), over_smaller_nodes=True) == []
        assert opened.errors == []
    finally:
        opened.page.close()


def test_render_replaces_the_map_cleanly(page, tmp_path):
    other = map_data(project(FixtureGraph(), predicates=["sanctioned", "threatened"]))
    first = page.js("graphkitMap.network")
    assert first is not None
    page.js("window.oldNetwork = graphkitMap.network")
    page.page.evaluate("data => graphkitMap.render(data)", other)
    page.page.wait_for_function("() => graphkitMap.ready", timeout=30_000)
    assert page.js("graphkitMap.nodes.length") == len(other["nodes"])
    assert page.js("graphkitMap.network !== window.oldNetwork") is True
    assert page.js("Object.keys(window.oldNetwork.body.nodes).length") == 0  # destroyed
    assert page.js("document.querySelectorAll('#gk-map canvas').length") == 1
    assert page.js("document.querySelectorAll('#gk-panel, #gk-tip, #gk-details, #gk-network').length") == 4
    assert page.js("[...document.querySelectorAll('#gk-predicates input')].map(i => i.value)") == \
        ["threatened", "sanctioned"]
    assert page.page.inner_text("#gk-count") == f"{len(other['edges'])} of {len(other['edges'])} links shown"
    # Back to the page's own data: everything works as when it opened.
    page.js("graphkitMap.render(JSON.parse(document.getElementById('gk-data').textContent))")
    page.page.wait_for_function("() => graphkitMap.ready", timeout=30_000)
    total = page.visible_edges()
    page.page.uncheck("#gk-pred-sanctioned")
    assert page.visible_edges() == total - 2
    page.page.check("#gk-status-negated")
    assert page.visible_edges() == total - 1
    assert page.errors == []
    assert all(u.startswith(("file://", "data:")) for u in page.requests), page.requests


def _vis_files():
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    templates = Path(__file__).resolve().parent.parent / "graphkit" / "templates"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"),
            (templates / "map.js").read_text(encoding="utf-8"),
            (templates / "map.css").read_text(encoding="utf-8"))


def test_a_served_page_renders_api_json_into_its_own_box(browser):
    vis_js, vis_css, map_js, map_css = _vis_files()
    data = map_data(project(FixtureGraph()))
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors, requests = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.set_content(f"""<!DOCTYPE html><html><head><style>{vis_css}</style><style>{map_css}</style></head>
            <body><header style="height:60px">Workbench</header>
            <div id="box" style="position:relative;width:1000px;height:600px"></div>
            <script>{vis_js}</script><script>{map_js}</script></body></html>""")
        assert page.evaluate("window.graphkitMap.ready") is False  # no inline data: nothing drawn
        page.evaluate("data => graphkitMap.render(data, document.getElementById('box'))", data)
        page.wait_for_function("() => graphkitMap.ready", timeout=30_000)
        assert page.evaluate("document.querySelectorAll('#box canvas').length") == 1
        assert page.evaluate("graphkitMap.nodes.length") == len(data["nodes"])
        assert page.evaluate("document.getElementById('box').classList.contains('gk-map')") is True
        # A second render (new data from the API) replaces the first in the same box.
        page.evaluate("data => graphkitMap.render(data, document.getElementById('box'))", data)
        page.wait_for_function("() => graphkitMap.ready", timeout=30_000)
        assert page.evaluate("document.querySelectorAll('#box canvas, #gk-panel').length") == 2
        assert errors == [] and requests == []
    finally:
        page.close()


HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</script><img src=x onerror=alert(1)>']


def test_hostile_text_in_the_data_stays_text(browser, tmp_path):
    events = EVENTS + (
        Event("a3", "met", "samir-haddad", "rafael-ortiz", date(2024, 5, 24), HOSTILE[1], status="Negated"),
        Event("a3", "urged", "samir-haddad", "rafael-ortiz", date(2024, 5, 25), HOSTILE[2], status="Planned"),
    )
    out = tmp_path / "hostile.html"
    write_map(FixtureGraph(build_dataset(events)), out, options=MapOptions(title=HOSTILE[2]))
    opened = OpenMap(browser, out)
    dialogs = []
    opened.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        data = opened.js("graphkitMap.data")
        data["nodes"][0]["label"] = HOSTILE[1]
        data["nodes"][0]["title"] = HOSTILE[0]
        data["scope"] = HOSTILE[0]
        data["legend"]["groups"] = [{"name": HOSTILE[1], "color": "#4e79a7"}]
        opened.page.evaluate("data => graphkitMap.render(data)", data)
        opened.page.wait_for_function("() => graphkitMap.ready", timeout=30_000)
        opened.page.check("#gk-status-planned")
        opened.page.check("#gk-status-negated")
        # Every tooltip, pinned in the details box as a click does, and the panel's texts.
        for kind, count in (("nodeTip", len(data["nodes"])), ("edgeTip", len(data["edges"]))):
            for i in range(count):
                opened.js(f"""(() => {{ const d = document.getElementById("gk-details-body");
                    d.innerHTML = graphkitMap.{kind}({i}); }})()""")
                assert opened.js("document.querySelectorAll('#gk-map img, #gk-map script').length") == 0
        opened.page.fill("#gk-search", HOSTILE[1])
        opened.page.click("#gk-focus")
        assert opened.page.inner_text("#gk-title") == HOSTILE[2]
        assert opened.page.inner_text("#gk-scope-text") == HOSTILE[0]
        assert HOSTILE[1] in opened.page.inner_text("#gk-legend")
        assert HOSTILE[1] in opened.page.inner_text("#gk-search-msg")
        opened.js("graphkitMap.network.moveTo({scale: 3})")
        opened.page.wait_for_function("() => graphkitMap.edges.get().some(e => e.label)", timeout=5_000)
        opened.page.wait_for_timeout(300)
        assert opened.js("document.querySelectorAll('img').length") == 0
        assert dialogs == [] and opened.errors == []
        assert all(u.startswith(("file://", "data:")) for u in opened.requests), opened.requests
    finally:
        opened.page.close()
