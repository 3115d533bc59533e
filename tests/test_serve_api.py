"""The workbench's JSON API (``graphkit serve``), route by route, on the fixture graph."""
from __future__ import annotations

from datetime import date

import pytest
from graph_fixtures import call_and_summit_graph, call_extraction
from starlette.testclient import TestClient
from typer.testing import CliRunner

from graphkit.graph import KnowledgeGraph
from graphkit.records import Article, Entity, Extraction, Interaction
from graphkit.server import CSP, Memo, ServeOptions, create_app
from graphkit.workbench import Filters, highlights

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

A = "https://w3id.org/graphkit/id/actor/"
CALL = "9896e1ea6e110094"  # the article id of call_extraction()
CALL_ARTICLE = {"id": CALL, "title": "Austin calls Gallant", "url": "https://news.example.org/2024/austin-call"}
SPOKE = "https://w3id.org/graphkit/id/interaction/ba500afaabf9f315"
VISITED = "https://w3id.org/graphkit/id/interaction/0086fbcdbdc40d9d"
PLANNED = "https://w3id.org/graphkit/id/interaction/f967400543511511"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)></script>'


def stub(slug: str, label: str) -> dict:
    return {"id": slug, "iri": A + slug, "label": label}


@pytest.fixture(scope="module")
def graph():
    yield from call_and_summit_graph()


@pytest.fixture(scope="module")
def client(graph):
    return TestClient(create_app(graph))


def node_ids(data: dict) -> list[str]:
    return [n["actor"] for n in data["nodes"]]


def pairs(data: dict, *, hidden: bool = False) -> set[tuple[str, str]]:
    """The actor pairs linked on the map when it opens (``hidden``: also those carried
    hidden behind the status checkboxes)."""
    ids = node_ids(data)
    shown = {data["statuses"].index(s) for s in data["shown_statuses"]}
    return {tuple(sorted((ids[e["from"]], ids[e["to"]]))) for e in data["edges"]
            if hidden or e.get("s", [0])[0] in shown}


# -- /api/map ---------------------------------------------------------------------------------------

def test_map_default_view_is_what_occurred(client):
    data = client.get("/api/map").json()
    # Egypt comes along for Austin's planned visit, carried hidden (see the next test).
    assert node_ids(data) == ["antony-blinken", "egypt", "enrique-manalo", "jordan", "lloyd-austin", "wang-yi",
                              "yoav-gallant"]
    assert pairs(data) == {("lloyd-austin", "yoav-gallant"), ("jordan", "lloyd-austin"),
                           ("antony-blinken", "wang-yi"), ("enrique-manalo", "wang-yi"),
                           ("antony-blinken", "enrique-manalo")}
    assert data["months"] == ["2024-03", "2024-07"]  # the time slider's steps
    assert data["scope"].startswith("6 actors, 5 links (5 interactions selected)")


def test_map_carries_planned_interactions_hidden_and_counts_them(client):
    data = client.get("/api/map").json()
    assert ("egypt", "lloyd-austin") not in pairs(data)
    assert ("egypt", "lloyd-austin") in pairs(data, hidden=True)
    assert data["shown_statuses"] == ["occurred"] and data["status_counts"]["planned"] == 1
    egypt = data["nodes"][node_ids(data).index("egypt")]["id"]
    edge = next(e for e in data["edges"] if egypt in (e["from"], e["to"]))
    assert edge["s"] == [data["statuses"].index("planned")] and edge["d"] == ["2024-03-20"]
    only_occurred = client.get("/api/map", params={"statuses": "occurred"}).json()
    assert ("egypt", "lloyd-austin") not in pairs(only_occurred, hidden=True)


def test_map_top_n_keeps_the_best_connected(client):
    data = client.get("/api/map", params={"top": 3}).json()
    # Blinken, Manalo, Wang and Austin have two links each; the tie goes by label, and
    # Austin, left without a link among the three kept, is dropped.
    assert node_ids(data) == ["antony-blinken", "enrique-manalo"]
    assert pairs(client.get("/api/map", params={"top": 4}).json()) == {
        ("antony-blinken", "enrique-manalo"), ("antony-blinken", "wang-yi"), ("enrique-manalo", "wang-yi")}


def test_map_ego_network(client):
    data = client.get("/api/map", params={"ego": "lloyd-austin"}).json()
    assert node_ids(data) == ["jordan", "lloyd-austin", "yoav-gallant"]


def test_map_time_window_and_predicates(client):
    july = client.get("/api/map", params={"since": "2024-07-01", "until": "2024-07-31"}).json()
    assert node_ids(july) == ["antony-blinken", "enrique-manalo", "wang-yi"]
    calls = client.get("/api/map", params={"predicates": "spokeWith"}).json()
    assert pairs(calls) == {("lloyd-austin", "yoav-gallant")}


def test_map_focus_on_a_country_keeps_its_people(client):
    data = client.get("/api/map", params={"focus": "united-states"}).json()
    # Austin and Blinken are affiliated with the United States; Wang meeting Manalo is not.
    assert pairs(data) == {("lloyd-austin", "yoav-gallant"), ("jordan", "lloyd-austin"),
                           ("antony-blinken", "wang-yi"), ("antony-blinken", "enrique-manalo")}


def test_map_min_confidence(client):
    data = client.get("/api/map", params={"min_confidence": "0.85"}).json()
    assert ("jordan", "lloyd-austin") not in pairs(data)  # 0.8
    assert ("lloyd-austin", "yoav-gallant") in pairs(data)  # 0.9


@pytest.mark.parametrize("params, message", [
    ({"top": "0"}, "top must be from 1"),
    ({"top": "many"}, "top must be a whole number"),
    ({"since": "03/05/2024"}, "since must be a date as YYYY-MM-DD"),
    ({"since": "2024-08-01", "until": "2024-07-01"}, "the date window is empty"),
    ({"predicates": "bogus"}, "unknown predicate 'bogus'"),
    ({"min_confidence": "2"}, "min_confidence must be a number from 0 to 1"),
    ({"min_confidence": "nan"}, "min_confidence must be a number"),
    ({"statuses": "rumoured"}, "unknown status 'rumoured'"),
])
def test_map_bad_parameters_are_400_with_the_reason(client, params, message):
    response = client.get("/api/map", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_map_reuses_the_projection_for_the_same_filters(graph):
    app = create_app(graph)
    client = TestClient(app)
    client.get("/api/map", params={"top": 2})
    cache = app.state.networks
    default = Filters(statuses=("occurred", "planned", "negated"))
    first = cache.get(default)
    client.get("/api/map", params={"top": 5, "ego": "lloyd-austin"})
    assert cache.get(default) is first


def test_memo_expires_and_evicts():
    built: list[Filters] = []
    now = [0.0]

    def build(f: Filters):
        built.append(f)
        return object()

    cache = Memo(build, seconds=60, entries=2, clock=lambda: now[0])
    one, two, three = Filters(), Filters(min_confidence=0.5), Filters(min_confidence=0.7)
    a = cache.get(one)
    assert cache.get(one) is a and len(built) == 1
    now[0] = 61.0
    assert cache.get(one) is not a and len(built) == 2  # expired: projected again
    cache.get(two)
    cache.get(three)  # evicts `one`, the least recently used
    cache.get(one)
    assert built[-1] == one and len(built) == 5


def test_memo_builds_a_key_once_for_concurrent_requests():
    import threading

    started, release = threading.Event(), threading.Event()
    calls = []

    def build(key):
        calls.append(key)
        started.set()
        release.wait(5)
        return [key]

    cache = Memo(build, seconds=None, entries=4)
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k"))) for _ in range(4)]
    threads[0].start()
    started.wait(5)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(5)
    assert calls == ["k"] and len(results) == 4 and all(r is results[0] for r in results)


def test_memo_passes_a_failed_build_to_the_waiters_and_retries_later():
    attempts = []

    def build(key):
        attempts.append(key)
        if len(attempts) == 1:
            raise ValueError("store down")
        return key

    cache = Memo(build, seconds=None, entries=4)
    with pytest.raises(ValueError):
        cache.get("k")
    assert cache.get("k") == "k" and len(attempts) == 2


def test_map_views_are_built_once_per_view(graph, monkeypatch):
    from graphkit import server

    calls = []
    real = server.map_view
    monkeypatch.setattr(server, "map_view", lambda *a, **k: calls.append(k["top"]) or real(*a, **k))
    client = TestClient(create_app(graph))
    first = client.get("/api/map", params={"top": 5}).content
    assert client.get("/api/map", params={"top": 5}).content == first
    client.get("/api/map", params={"top": 6})
    assert calls == [5, 6]


def test_warm_up_projects_the_default_view_and_indexes_names(graph, monkeypatch):
    from graphkit import server

    app = create_app(graph)
    app.state.warm_up()
    projected = []
    monkeypatch.setattr(server, "map_network", lambda *a: projected.append(a))
    monkeypatch.setattr(server.ActorIndex, "build", lambda source: pytest.fail("index built twice"))
    client = TestClient(app)
    assert client.get("/api/map").status_code == 200
    assert client.get("/api/search", params={"q": "wang"}).json()["results"][0]["id"] == "wang-yi"
    assert projected == []


# -- /api/link --------------------------------------------------------------------------------------

def test_link_lists_the_interactions_of_a_pair(client):
    data = client.get("/api/link", params={"from": "lloyd-austin", "to": "yoav-gallant"}).json()
    assert data == {
        "from": stub("lloyd-austin", "Lloyd Austin"),
        "to": stub("yoav-gallant", "Yoav Gallant"),
        "interactions": [{
            "event": SPOKE, "predicate": "spokeWith",
            "actor": {"iri": A + "lloyd-austin", "id": "lloyd-austin"},
            "date": "2024-03-04", "status": "occurred", "confidence": 0.9,
            "evidence": "Secretary of Defense Lloyd Austin spoke by phone with Israeli Defense Minister "
                        "Yoav Gallant on Monday. ",
            "article": CALL_ARTICLE, "targets": [A + "yoav-gallant"],
        }],
    }


def test_link_keeps_planned_only_on_request(client):
    plain = client.get("/api/link", params={"from": "lloyd-austin", "to": "egypt"}).json()
    assert plain["interactions"] == []
    planned = client.get("/api/link", params={"from": "egypt", "to": "lloyd-austin",
                                              "statuses": "planned"}).json()
    assert [i["event"] for i in planned["interactions"]] == [PLANNED]
    assert planned["interactions"][0]["status"] == "planned"


def test_link_needs_both_ends(client):
    response = client.get("/api/link", params={"from": "lloyd-austin"})
    assert response.status_code == 400 and "give both actors" in response.json()["error"]


# -- /api/actor -------------------------------------------------------------------------------------

def test_actor_page_data(client):
    data = client.get("/api/actor/lloyd-austin").json()
    spoke = {"event": SPOKE, "predicate": "spokeWith", "actor": {"iri": A + "lloyd-austin", "id": "lloyd-austin"},
             "date": "2024-03-04", "status": "occurred", "confidence": 0.9,
             "evidence": "Secretary of Defense Lloyd Austin spoke by phone with Israeli Defense Minister "
                         "Yoav Gallant on Monday. ",
             "article": CALL_ARTICLE, "with": [stub("yoav-gallant", "Yoav Gallant")]}
    visited = {"event": VISITED, "predicate": "visited", "actor": {"iri": A + "lloyd-austin", "id": "lloyd-austin"},
               "date": None, "status": "occurred", "confidence": 0.8, "evidence": "ustin later visited Jordan.",
               "article": CALL_ARTICLE, "with": [stub("jordan", "Jordan")]}
    assert data == {
        "id": "lloyd-austin", "iri": A + "lloyd-austin", "label": "Lloyd Austin", "kind": "Person",
        "aliases": ["Austin"],
        "titles": [{"title": "Secretary of Defense", "affiliation": A + "united-states", "reported": ["2024-03-05"]}],
        "affiliations": [{**stub("united-states", "United States"), "reported": ["2024-03-05"]}],
        "counterparts": [{**stub("jordan", "Jordan"), "count": 1, "predicates": {"visited": 1}},
                         {**stub("yoav-gallant", "Yoav Gallant"), "count": 1, "predicates": {"spokeWith": 1}}],
        "timeline": [{"month": "2024-03", "predicates": {"spokeWith": 1}}],
        "interactions": 2,
        # Newest first; the undated visit last.
        "evidence": {"page": 1, "page_size": 20, "total": 2, "items": [spoke, visited]},
    }


def test_actor_evidence_is_paged(client):
    second = client.get("/api/actor/lloyd-austin", params={"page": 2, "page_size": 1}).json()["evidence"]
    assert (second["page"], second["total"], [i["event"] for i in second["items"]]) == (2, 2, [VISITED])


def test_actor_counts_planned_on_request(client):
    data = client.get("/api/actor/lloyd-austin", params={"statuses": "occurred,planned"}).json()
    assert data["interactions"] == 3
    assert [c["id"] for c in data["counterparts"]] == ["egypt", "jordan", "yoav-gallant"]


def test_actor_in_a_multilateral_meeting_counts_each_counterpart(client):
    data = client.get("/api/actor/wang-yi").json()
    assert [(c["id"], c["count"]) for c in data["counterparts"]] == [("antony-blinken", 1), ("enrique-manalo", 1)]
    assert data["interactions"] == 1  # one meeting, not one per pair


@pytest.mark.parametrize("path", ["/api/actor/nobody", "/api/actor/Lloyd%20Austin", "/api/actor/x%3E%20%7D"])
def test_unknown_or_malformed_actor_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"].startswith("no actor has the id")


# -- /api/article -----------------------------------------------------------------------------------

def test_article_page_data(client):
    data = client.get(f"/api/article/{CALL}").json()
    text = call_extraction().article.text
    assert {k: data[k] for k in ("id", "title", "published", "publisher", "url", "file", "text")} == {
        "id": CALL, "title": "Austin calls Gallant", "published": "2024-03-05", "publisher": "Example Wire",
        "url": "https://news.example.org/2024/austin-call", "file": "austin-call.txt", "text": text}
    assert [(a["id"], a["names"]) for a in data["actors"]] == [
        ("egypt", ["Egypt"]), ("israel", ["Israel"]), ("jordan", ["Jordan"]),
        ("lloyd-austin", ["Austin", "Lloyd Austin"]), ("united-states", ["US", "United States"]),
        ("yoav-gallant", ["Gallant", "Yoav Gallant"])]
    assert [(i["event"], i["start"], i["end"], i["status"]) for i in data["interactions"]] == [
        (SPOKE, 0, 103, "occurred"), (PLANNED, 0, 10, "planned"), (VISITED, 104, 131, "occurred")]
    assert all(i["article"] == CALL_ARTICLE for i in data["interactions"])
    marked = [(text[s:e], kind) for s, e, kind in data["highlights"]]
    assert ("Lloyd Austin", "mention") in marked and ("Yoav Gallant", "mention") in marked
    assert ("Jordan", "mention") in marked and ("Austin", "mention") in marked
    assert (" spoke by phone with Israeli Defense Minister ", "evidence") in marked


def test_unknown_article_is_404(client):
    assert client.get("/api/article/0000000000000000").status_code == 404
    assert client.get("/api/article/not-an-id").status_code == 404


def test_highlights_split_evidence_around_names():
    text = "Ana met Bo. Bo left. Anabel stayed."
    spans = highlights(text, [(0, 11)], ["Ana", "Bo"])
    assert [(text[s:e], k) for s, e, k in spans] == [
        ("Ana", "mention"), (" met ", "evidence"), ("Bo", "mention"), (".", "evidence"), ("Bo", "mention")]


# -- /api/search, /api/queries ------------------------------------------------------------------------

def test_search_ranks_the_named_actor_first(client):
    results = client.get("/api/search", params={"q": "gallant"}).json()["results"]
    assert results[0] == {"id": "yoav-gallant", "iri": A + "yoav-gallant", "label": "Yoav Gallant",
                          "kind": "Person", "aliases": ["Gallant"]}


def test_search_suggests_by_prefix_and_forgives_misspelling(client):
    assert [r["id"] for r in client.get("/api/search", params={"q": "wa"}).json()["results"]] == ["wang-yi"]
    assert [r["id"] for r in client.get("/api/search", params={"q": "Blinkin"}).json()["results"]] == [
        "antony-blinken"]
    assert client.get("/api/search", params={"q": "  "}).json() == {"query": "  ", "results": []}


def test_queries_lists_the_packaged_examples_and_prefixes(client):
    data = client.get("/api/queries").json()
    assert "contacts" in [e["name"] for e in data["examples"]]
    assert data["prefixes"]["dip"] == "https://w3id.org/graphkit/diplomacy#"


# -- pages, assets, headers --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/map", "/api/actor/nobody", "/nowhere", "/static/vis-network.min.js"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "connect-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/static/..%2Fserver.py", "/static/.hidden", "/static/map.html",
                                  "/static/nothing.js"])
def test_static_serves_only_shipped_assets(client, path):
    assert client.get(path).status_code == 404


def test_static_serves_vis_network_from_the_package(client):
    response = client.get("/static/vis-network.min.js")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
    assert len(response.content) > 100_000


def test_api_escapes_nothing_into_html(graph):
    """Hostile article text reaches the API only as JSON strings, never as markup."""
    text = f"Marsh met {HOSTILE} in Oslo."
    article = Article(id="h-hostile", name="hostile.txt", text=text, title=HOSTILE, published=date(2024, 5, 1),
                      url="javascript:alert(3)")
    entities = (Entity("Helena Marsh", "Person"), Entity(HOSTILE, "Person"))
    extraction = Extraction(article, entities, (Interaction("Helena Marsh", "met", HOSTILE, date="2024-05-01",
                                                            evidence=text, end=len(text)),))
    with KnowledgeGraph.open("memory") as kg:
        kg.add(extraction)
        client = TestClient(create_app(kg))
        actor = client.get("/api/actor/helena-marsh")
        assert actor.headers["content-type"] == "application/json"
        item = actor.json()["evidence"]["items"][0]
        assert item["evidence"] == text and item["article"]["title"] == HOSTILE
        assert item["article"]["url"] is None  # never a javascript: link
        article_id = item["article"]["id"]
        assert client.get(f"/api/article/{article_id}").json()["url"] is None


# -- the command --------------------------------------------------------------------------------------

def test_serve_warns_when_listening_beyond_loopback(monkeypatch, tmp_path):
    from graphkit import cli, server

    seen = {}
    monkeypatch.setattr(server, "serve", lambda graph, **kw: seen.update(kw))  # no real server
    result = CliRunner().invoke(cli.app, ["serve", "--store", "memory", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0" in result.output
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8123
    assert seen["options"] == ServeOptions(cache_seconds=None)

    seen.clear()
    result = CliRunner().invoke(cli.app, ["serve", "--store", "memory", "--timeout", "3"])
    assert result.exit_code == 0 and "warning" not in result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8700 and seen["options"].query_timeout == 3.0


def test_serve_names_a_missing_store(tmp_path):
    from graphkit import cli

    result = CliRunner().invoke(cli.app, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no store at" in result.output


# -- /sparql ------------------------------------------------------------------------------------------

def test_sparql_endpoint_answers_a_select(client):
    response = client.get("/sparql", params={"query": f"SELECT ?b WHERE {{ <{A}lloyd-austin> dip:spokeWith ?b }}"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["results"]["bindings"] == [{"b": {"type": "uri", "value": A + "yoav-gallant"}}]
    assert response.headers["content-security-policy"] == CSP


def test_sparql_endpoint_refuses_updates_and_writes_nothing(client, graph):
    before = graph.backend.dump_nquads()
    for response in (
        client.post("/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post("/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-query"}),
        client.put("/sparql", content=b"x"),
    ):
        assert response.status_code in (403, 405) and "error" in response.json()
    assert graph.backend.dump_nquads() == before


def test_sparql_endpoint_refuses_huge_bodies(client):
    response = client.post("/sparql", content=b"#" * (2 << 20), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_sparql_endpoint_is_busy_rather_than_piling_up(graph):
    import threading

    app = create_app(graph, ServeOptions(max_queries=1, queue_timeout=0.2))
    release = threading.Event()
    from graphkit import sparql_protocol

    real = sparql_protocol.respond

    def slow(*args, **kwargs):
        release.wait(5)
        return real(*args, **kwargs)

    with TestClient(app) as client:
        original, sparql_protocol.respond = sparql_protocol.respond, slow
        try:
            first = threading.Thread(target=lambda: client.get("/sparql", params={"query": "ASK {}"}))
            first.start()
            import time

            time.sleep(0.1)
            busy = client.get("/sparql", params={"query": "ASK {}"})
        finally:
            release.set()
            first.join()
            sparql_protocol.respond = original
    assert busy.status_code == 503 and "busy" in busy.json()["error"]
    assert busy.headers["retry-after"] == "5"


def test_search_limit_is_bounded(client):
    assert client.get("/api/search", params={"q": "a", "limit": "-1"}).status_code == 400
    assert len(client.get("/api/search", params={"q": "a", "limit": "1"}).json()["results"]) == 1


def test_map_of_an_ego_without_interactions_is_empty_and_says_so(client):
    response = client.get("/api/map", params={"ego": "israel"})  # named, but in no interaction
    assert response.status_code == 200
    data = response.json()
    assert data["nodes"] == [] and data["scope"] == "Israel: no interactions under these filters"


def test_map_scope_names_the_ego_by_label(client):
    assert "around Lloyd Austin (radius 1)" in client.get("/api/map", params={"ego": "lloyd-austin"}).json()["scope"]


def test_favicon_is_no_content(client):
    assert client.get("/favicon.ico").status_code == 204


def test_serve_warms_up_before_listening(graph, monkeypatch):
    import uvicorn

    from graphkit import server

    said: list[str] = []
    listened = {}

    def run(app, **kw):
        # By the time the server listens, the default view is projected.
        listened.update(kw, cached=len(app.state.networks._items))

    monkeypatch.setattr(uvicorn, "run", run)
    server.serve(graph, port=8123, on_progress=said.append)
    assert listened["cached"] == 1 and listened["host"] == "127.0.0.1" and listened["port"] == 8123
    assert said[0].startswith("reading the store") and said[1].startswith("ready in")
    assert said[2] == "graphkit workbench on http://127.0.0.1:8123/ (read-only); Ctrl-C stops it"


def test_negated_interactions_are_shown_only_on_request():
    text = "Marsh did not meet Okafor."
    article = Article(id="h-neg", name="neg.txt", text=text, published=date(2024, 6, 1))
    people = (Entity("Helena Marsh", "Person"), Entity("Paul Okafor", "Person"))
    denied = Interaction("Helena Marsh", "met", "Paul Okafor", status="negated", date="2024-06-01",
                         evidence=text, end=len(text))
    with KnowledgeGraph.open("memory") as kg:
        kg.add(Extraction(article, people, (denied,)))
        client = TestClient(create_app(kg))
        default = client.get("/api/map").json()
        assert pairs(default) == set() and pairs(default, hidden=True) == {("helena-marsh", "paul-okafor")}
        assert default["hidden"].startswith("hidden: 1 negated interaction")
        data = client.get("/api/map", params={"statuses": "negated"}).json()
        assert pairs(data) == {("helena-marsh", "paul-okafor")}
        assert data["edges"][0]["s"] == [data["statuses"].index("negated")]


@pytest.mark.parametrize("path", ["/", "/query", "/actor/lloyd-austin", "/article/9896e1ea6e110094"])
def test_pages_load_only_shipped_assets_and_hold_no_inline_code(client, path):
    import re

    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert text.startswith("<!DOCTYPE html>") and '<header id="wb-header"></header>' in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)  # the CSP refuses inline scripts
    assert not re.search(r"\sstyle=|<style|\son\w+=", text)
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', text)
    assert assets and all(client.get(a).status_code == 200 for a in assets)
