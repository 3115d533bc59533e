"""The facade against a real SPARQL 1.1 endpoint: an `oxigraph serve` started for the test."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from graph_fixtures import austin_again, call_extraction, summit_extraction

from graphkit.errors import QueryError
from graphkit.graph import KnowledgeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph==0.5.13)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    server = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            if server.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {server.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 15 s")
                time.sleep(0.05)
        yield f"{base}/query"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            server.kill()
            server.wait()


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
