"""The facade against a real SPARQL 1.1 endpoint: an `oxigraph serve` started for the test.

The Graph Store tests also put a small stdlib HTTP server in front of it (:class:`Stub`),
which forwards every request to Oxigraph except the PUTs it is told to answer itself: a
server without the Graph Store Protocol, one that fails a write, one that says yes and
stores nothing.
"""
from __future__ import annotations

import logging
import shutil
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from graph_fixtures import austin_again, call_extraction, summit_extraction

from graphkit.errors import QueryError, StoreError
from graphkit.graph import KnowledgeGraph
from graphkit.records import Extraction
from graphkit.store import EndpointBackend, endpoint_services

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A fresh `oxigraph serve` on a free loopback port, storing in ``location``: its base URL
    (the bulk-load bench's launcher; a test skips when the binary is missing)."""
    from bench.bulk_load_bench import oxigraph_server as launch

    if _oxigraph_binary() is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph==0.5.13)")
    try:
        with launch(location) as base:
            yield base
    except RuntimeError as exc:  # the server did not start (or a test raised it: still a failure)
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as base:
        yield f"{base}/query"


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """An empty server of the test's own: its base URL."""
    with oxigraph_server(tmp_path / "oxigraph") as base:
        yield base


def test_build_query_and_rebuild_through_the_endpoint(endpoint: str) -> None:
    with KnowledgeGraph.open(endpoint=endpoint) as kg:
        assert kg.add(call_extraction()) == "added"
        assert kg.add(summit_extraction()) == "added"
        triples = kg.stats()["triples"]
        assert kg.add(call_extraction()) == "unchanged"
        assert kg.stats()["triples"] == triples

        rows = kg.select("""
            SELECT ?a ?b ?when ?source WHERE {
              ?e dip:predicate dip:spokeWith ; dip:actor/rdfs:label ?a ; dip:target/rdfs:label ?b ;
                 dip:date ?when ; prov:wasDerivedFrom/schema:url ?source .
            }""")
        assert [(r["a"], r["b"], r["when"].isoformat(), r["source"]) for r in rows] == [
            ("Lloyd Austin", "Yoav Gallant", "2024-03-04", "https://news.example.org/2024/austin-call")]
        assert kg.query("ASK { ?a dip:met ?b }").boolean is True

        figures = kg.stats()
        assert (figures["articles"], figures["interactions"]) == (2, 4)
        assert figures["store"].startswith("SPARQL endpoint http://127.0.0.1")


def test_identity_and_replacement_through_the_endpoint(endpoint: str) -> None:
    with KnowledgeGraph.open(endpoint=endpoint) as kg:
        kg.add(call_extraction())
        kg.add(austin_again("Secretary Austin", "endpoint-later", title="Secretary"))
        people = {r["p"] for r in kg.select("SELECT DISTINCT ?p WHERE { ?p a dip:Person }")}
        assert "https://w3id.org/graphkit/id/actor/lloyd-austin" in people
        assert not any(p.endswith("/austin") for p in people)

        edited = call_extraction("hash-call-edited")
        edited = replace(edited, interactions=edited.interactions[:1])
        assert kg.add(edited) == "replaced"
        assert kg.select("SELECT ?x WHERE { ?a dip:visited ?x }") == []
        assert kg.validate().conforms


def test_syntax_error_from_the_endpoint_names_the_line(endpoint: str) -> None:
    with KnowledgeGraph.open(endpoint=endpoint) as kg:
        with pytest.raises(QueryError, match="line 2"):
            kg.query("SELECT ?a WHERE {\n ?a dip:met }")


def test_exports_from_the_endpoint(endpoint: str) -> None:
    with KnowledgeGraph.open(endpoint=endpoint) as kg:
        kg.add(summit_extraction())
        assert b"dip:met" in kg.export("ttl")
        assert kg.export("nq").count(b"\n") == kg.stats()["triples"]


# -- Graph Store Protocol writes -----------------------------------------------------------

PutAnswer = Callable[[int, str], "int | None"]


class Stub(ThreadingHTTPServer):
    """A loopback HTTP server in front of ``target`` that records every request and forwards
    it, except the PUTs ``put_answer(n, path)`` (``n``: 1 for the first PUT) answers itself
    with a status (None: forward it)."""

    def __init__(self, target: str, put_answer: PutAnswer) -> None:
        self.target = target
        self.put_answer = put_answer
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _StubHandler)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, method: str) -> int:
        with self.lock:
            return sum(1 for m, _ in self.requests if m == method)


class _StubHandler(BaseHTTPRequestHandler):
    server: Stub

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with self.server.lock:
            self.server.requests.append((self.command, self.path))
            puts = sum(1 for m, _ in self.server.requests if m == "PUT")
        if self.command == "PUT":
            status = self.server.put_answer(puts, self.path)
            if status is not None:
                self._answer(status, f"stub answer {status}".encode(), "text/plain")
                return
        headers = {k: v for k in ("Content-Type", "Accept") if (v := self.headers.get(k))}
        request = urllib.request.Request(self.server.target + self.path, data=body, method=self.command,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                self._answer(answer.status, answer.read(), answer.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            self._answer(exc.code, exc.read(), exc.headers.get("Content-Type", ""))

    do_GET = do_POST = do_PUT = _handle

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def stub(target: str, put_answer: PutAnswer) -> Iterator[Stub]:
    server = Stub(target, put_answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _articles() -> list[Extraction]:
    """Four articles that share actors (so identity resolution across articles is exercised)."""
    return [call_extraction(), summit_extraction(),
            austin_again("Secretary Austin", "gsp-later", title="Secretary"),
            austin_again("Lloyd Austin", "gsp-brussels", affiliation="United States", other="Antony Blinken")]


def _canonical(nquads: bytes) -> set[str]:
    """The quads with blank nodes canonically named: equal sets mean isomorphic datasets."""
    import pyoxigraph

    dataset = pyoxigraph.Dataset(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def _embedded(extractions: list[Extraction]) -> set[str]:
    with KnowledgeGraph.open("memory") as kg:
        for extraction in extractions:
            kg.add(extraction)
        return _canonical(kg.export("nq"))


def _sent(backend: EndpointBackend) -> list[tuple[str, str]]:
    """Record (method, URL) of every request the backend sends from now on."""
    sent: list[tuple[str, str]] = []
    send = backend._send

    def recording(method: str, url: str, *args: object, **kwargs: object) -> tuple[bytes, str]:
        sent.append((method, url))
        return send(method, url, *args, **kwargs)

    backend._send = recording  # type: ignore[method-assign]
    return sent


def test_graph_store_urls_are_derived_or_given() -> None:
    assert endpoint_services("http://h:7878/query").store == "http://h:7878/store"
    assert endpoint_services("http://h:7878").store == "http://h:7878/store"
    assert endpoint_services("http://h:3030/ds/sparql").store == "http://h:3030/ds/data"
    assert endpoint_services("http://h:3030/ds/query?x=1").store == "http://h:3030/ds/data"
    assert endpoint_services("http://h/repositories/kg").store == "http://h/repositories/kg/rdf-graphs/service"
    assert endpoint_services("http://h/sparql").store is None  # no known layout: SPARQL UPDATE only
    # The two-part form keeps its meaning and gains a derived store; three parts name it.
    two = endpoint_services("http://h:7878/query|http://h:7878/update")
    assert (two.query, two.update, two.store, two.store_given) == (
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store", False)
    three = endpoint_services("http://a/q|http://b/u|http://c/gsp")
    assert (three.store, three.store_given) == ("http://c/gsp", True)
    assert endpoint_services("http://h:7878/query|http://h:7878/update|").store is None
    with pytest.raises(StoreError, match="Graph Store URL must be an http"):
        endpoint_services("http://a/q|http://b/u|ftp://c/gsp")
    with pytest.raises(StoreError, match="4 parts"):
        endpoint_services("http://a/q|http://b/u|http://c/s|http://d/x")


def test_a_build_through_the_endpoint_puts_each_new_article(server: str) -> None:
    articles = _articles()
    with KnowledgeGraph.open(endpoint=f"{server}/query") as kg:
        backend = kg.backend
        assert isinstance(backend, EndpointBackend) and backend.store_url == f"{server}/store"
        sent = _sent(backend)
        assert [kg.add(x) for x in articles] == ["added"] * 4
        puts = [url for method, url in sent if method == "PUT"]
        assert len(puts) == 4 and all(url.startswith(f"{server}/store?graph=https%3A%2F%2Fw3id.org") for url in puts)
        assert not any(url.endswith("/update") for _, url in sent)  # no SPARQL update at all
        assert (backend.graph_store, backend.stats) == (True, {"put": 4, "update": 0, "put_failed": 0})
        assert kg.add(articles[0]) == "unchanged"
        assert _canonical(kg.export("nq")) == _embedded(articles)
    # What the server holds, read straight from its Graph Store, is the same dataset.
    with urllib.request.urlopen(urllib.request.Request(f"{server}/store", headers={"Accept": "application/n-quads"})) as r:
        assert _canonical(r.read()) == _embedded(articles)


def test_a_changed_article_replaces_its_old_graph_through_the_endpoint(server: str) -> None:
    edited = call_extraction("hash-call-edited")
    edited = replace(edited, interactions=edited.interactions[:1])
    with KnowledgeGraph.open(endpoint=f"{server}/query") as kg:
        assert kg.add(call_extraction()) == "added"
        assert kg.add(summit_extraction()) == "added"
        assert kg.add(edited) == "replaced"
        assert kg.select("SELECT ?x WHERE { ?a dip:visited ?x }") == []
        # The new article went by PUT; the replacement by the one atomic SPARQL update.
        assert kg.backend.stats == {"put": 2, "update": 1, "put_failed": 0}
        assert _canonical(kg.export("nq")) == _embedded([call_extraction(), summit_extraction(), edited])
        assert kg.stats()["articles"] == 2


@pytest.mark.parametrize("status", [404, 405, 415, 501])
def test_a_server_without_graph_store_gets_sparql_updates(server: str, status: int,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    articles = _articles()
    with stub(server, lambda n, path: status) as proxy, \
            caplog.at_level(logging.DEBUG, logger="graphkit.store"), \
            KnowledgeGraph.open(endpoint=f"{proxy.base}/query") as kg:
        assert [kg.add(x) for x in articles] == ["added"] * 4
        assert proxy.count("PUT") == 1  # found out once, then never tried again
        backend = kg.backend
        assert backend.graph_store is False and f"answered HTTP {status}" in backend.graph_store_note
        assert backend.stats == {"put": 0, "update": 4, "put_failed": 0}
        assert _canonical(kg.export("nq")) == _embedded(articles)
    said = [r for r in caplog.records if "writing with SPARQL UPDATE" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.DEBUG


def test_a_store_url_given_that_does_not_exist_falls_back_with_a_warning(server: str,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    articles = _articles()
    with caplog.at_level(logging.DEBUG, logger="graphkit.store"), \
            KnowledgeGraph.open(endpoint=f"{server}/query|{server}/update|{server}/no-such-store") as kg:
        assert [kg.add(x) for x in articles] == ["added"] * 4
        assert kg.backend.stats == {"put": 0, "update": 4, "put_failed": 0}
        assert _canonical(kg.export("nq")) == _embedded(articles)
    said = [r for r in caplog.records if "writing with SPARQL UPDATE" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.WARNING
    assert f"PUT {server}/no-such-store answered HTTP 404" in said[0].getMessage()


def test_an_empty_store_part_turns_the_graph_store_off(server: str) -> None:
    with KnowledgeGraph.open(endpoint=f"{server}/query|{server}/update|") as kg:
        sent = _sent(kg.backend)
        kg.add(call_extraction())
        assert [m for m, _ in sent if m == "PUT"] == [] and kg.backend.stats["update"] == 1


def test_a_put_that_says_yes_but_stores_elsewhere_is_caught(server: str) -> None:
    # 204 without forwarding: the graph never reaches the dataset the queries read.
    with stub(server, lambda n, path: 204) as proxy, KnowledgeGraph.open(endpoint=f"{proxy.base}/query") as kg:
        assert [kg.add(x) for x in _articles()[:2]] == ["added", "added"]
        assert proxy.count("PUT") == 1
        assert kg.backend.graph_store is False and "did not show" in kg.backend.graph_store_note
        assert kg.stats()["articles"] == 2


def test_a_put_answered_500_fails_that_article_and_the_build_goes_on(server: str, tmp_path: Path) -> None:
    from test_confidence import FakeExtractor

    from graphkit.pipeline import build

    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(4):
        (folder / f"a{n}.txt").write_text(f"Austin called Gallant, take {n}.", encoding="utf-8")
    with stub(server, lambda n, path: 500 if n == 2 else None) as proxy, \
            KnowledgeGraph.open(endpoint=f"{proxy.base}/query") as kg:
        report = build([str(folder)], kg, extractor=FakeExtractor(), min_confidence=0.0)
        assert (report.articles, len(report.failures)) == (3, 1)
        reason = report.failures[0].reason
        assert reason.startswith(f"could not be stored: Graph Store PUT {proxy.base}/store?graph=")
        assert "answered HTTP 500: stub answer 500" in reason
        assert kg.backend.stats == {"put": 3, "update": 0, "put_failed": 1}
        assert kg.backend.graph_store is True  # a failed write is not a missing Graph Store
        assert kg.stats()["articles"] == 3
        # Nothing of the failed article was stored, so a re-run writes it (by PUT again).
        again = build([str(folder)], kg, extractor=FakeExtractor(), min_confidence=0.0)
        assert (again.skipped, again.articles, again.failures) == (3, 1, [])
        assert kg.stats()["articles"] == 4 and kg.backend.stats["put"] == 4


def test_a_first_put_answered_400_is_settled_by_the_update(server: str) -> None:
    # Before any PUT has worked, a 400 may come from the service rather than the data.
    with stub(server, lambda n, path: 400) as proxy, KnowledgeGraph.open(endpoint=f"{proxy.base}/query") as kg:
        assert [kg.add(x) for x in _articles()] == ["added"] * 4
        assert proxy.count("PUT") == 1
        assert kg.backend.graph_store is False and "HTTP 400" in kg.backend.graph_store_note
        assert kg.backend.stats == {"put": 0, "update": 4, "put_failed": 1}
        assert kg.stats()["articles"] == 4


def test_once_puts_work_a_400_fails_that_article_only(server: str) -> None:
    with stub(server, lambda n, path: 400 if n == 2 else None) as proxy, \
            KnowledgeGraph.open(endpoint=f"{proxy.base}/query") as kg:
        articles = _articles()
        assert kg.add(articles[0]) == "added"
        with pytest.raises(QueryError, match=r"Graph Store PUT .*/store\?graph=.* rejected the graph \(HTTP 400\)"):
            kg.add(articles[1])
        assert kg.status(articles[1].article) == "new"
        assert [kg.add(x) for x in articles[1:]] == ["added"] * 3
        assert kg.backend.stats == {"put": 4, "update": 0, "put_failed": 1}
