"""Stores and the facade: idempotent builds, replacement, atomic writes, queries, stats."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from graph_fixtures import CALL_TEXT, call_extraction, summit_extraction

import graphkit.graph
from graphkit.errors import QueryError, StoreError
from graphkit.graph import KnowledgeGraph
from graphkit.rdf import article_iri
from graphkit.store import endpoint_urls, replace_graph_update

AUSTIN = "https://w3id.org/graphkit/id/actor/lloyd-austin"


def _count(kg: KnowledgeGraph) -> int:
    return kg.stats()["triples"]


def _graph_triples(kg: KnowledgeGraph, iri: str) -> set[tuple]:
    rows = kg.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], r["o"]) for r in rows if not str(r["s"]).startswith("_:")}


@pytest.fixture()
def disk(tmp_path: Path):
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        yield kg


def test_building_twice_keeps_the_triple_count(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert [kg.add(call_extraction()), kg.add(summit_extraction())] == ["added", "added"]
        first = _count(kg)
    with KnowledgeGraph.open(tmp_path / "store") as kg:  # a second build, a new process
        assert [kg.add(call_extraction()), kg.add(summit_extraction())] == ["unchanged", "unchanged"]
        assert _count(kg) == first > 100


def test_status_new_changed_unchanged(disk: KnowledgeGraph) -> None:
    article = call_extraction().article
    assert disk.status(article) == "new"
    disk.add(call_extraction())
    assert disk.status(article) == "unchanged"
    assert disk.status(replace(article, id="another-hash")) == "changed"


def test_status_reads_the_stored_hashes_once(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(call_extraction())
        kg.add(summit_extraction())
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        queries = []
        original = kg.backend.query
        kg.backend.query = lambda *a, **k: (queries.append(a) if "contentHash" in a[0] else None) or original(*a, **k)  # type: ignore[method-assign]
        assert kg.status(call_extraction().article) == "unchanged"
        assert kg.status(summit_extraction().article) == "unchanged"
        assert kg.status(replace(call_extraction().article, name="other.txt", path=None, url=None)) == "new"
        assert len(queries) == 1  # one query for every article, not one per article
        changed = replace(call_extraction(), article=replace(call_extraction().article, id="new-hash"))
        assert kg.add(changed) == "replaced"
        assert kg.status(changed.article) == "unchanged"  # the write keeps the hashes current
        assert len(queries) == 1


def test_a_changed_article_replaces_its_graph(disk: KnowledgeGraph) -> None:
    disk.add(call_extraction())
    disk.add(summit_extraction())
    iri = str(article_iri(call_extraction().article))
    shorter = call_extraction("hash-call-2")
    shorter = replace(shorter, interactions=shorter.interactions[:1])  # the visit was edited out
    assert disk.add(shorter) == "replaced"
    assert disk.select(f"SELECT ?x WHERE {{ <{AUSTIN}> dip:visited ?x }}") == []
    hashes = disk.select(f"SELECT ?h WHERE {{ <{iri}> dip:contentHash ?h }}")
    assert hashes == [{"h": "hash-call-2"}]
    with KnowledgeGraph.open("memory") as fresh:  # same content built from scratch
        fresh.add(summit_extraction())
        fresh.add(shorter)
        assert _count(fresh) == _count(disk)


def test_a_failure_inside_the_write_leaves_the_old_graph(disk: KnowledgeGraph, monkeypatch) -> None:
    disk.add(call_extraction())
    iri = str(article_iri(call_extraction().article))
    before = _graph_triples(disk, iri)
    total = _count(disk)

    def failing(graph_iri: str, ntriples: str) -> str:
        # The drop and the insert run, then the same transaction fails (no such file).
        return replace_graph_update(graph_iri, ntriples) + " ;\nLOAD <file:///nonexistent/graphkit.nt>"

    monkeypatch.setattr(graphkit.graph, "replace_graph_update", failing)
    with pytest.raises(StoreError, match="nothing was written"):
        disk.add(call_extraction("hash-call-2", text=CALL_TEXT + " Later edit."))
    assert _graph_triples(disk, iri) == before
    assert _count(disk) == total
    assert disk.status(call_extraction().article) == "unchanged"


def test_an_interrupt_before_the_store_call_writes_nothing(disk: KnowledgeGraph, monkeypatch) -> None:
    disk.add(call_extraction())
    total = _count(disk)

    def interrupted(graph_iri: str, ntriples: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(graphkit.graph, "replace_graph_update", interrupted)
    with pytest.raises(KeyboardInterrupt):
        disk.add(call_extraction("hash-call-2"))
    with pytest.raises(KeyboardInterrupt):
        disk.add(summit_extraction())
    assert _count(disk) == total
    assert disk.stats()["articles"] == 1


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(StoreError, match=str(missing)):
        KnowledgeGraph.open(missing, read_only=True)
    assert not missing.exists()
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.add(call_extraction())
    with KnowledgeGraph.open(tmp_path / "s", read_only=True) as kg:
        assert kg.stats()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            kg.add(summit_extraction())


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "file.txt"
    path.write_text("x")
    with pytest.raises(StoreError, match="file.txt"):
        KnowledgeGraph.open(path)


def test_select_gives_plain_python_values(disk: KnowledgeGraph) -> None:
    disk.add(call_extraction())
    rows = disk.select("""
        SELECT ?actor ?date ?start ?confidence ?nothing WHERE {
          ?e dip:predicate dip:spokeWith ; dip:actor ?actor ; dip:date ?date ;
             dip:evidenceStart ?start ; dip:confidence ?confidence .
          OPTIONAL { ?e dip:trigger ?nothing FILTER(false) }
        }""")
    assert rows == [{"actor": AUSTIN, "date": date(2024, 3, 4), "start": 0, "confidence": 0.9, "nothing": None}]
    with pytest.raises(QueryError, match="SELECT"):
        disk.select("ASK { ?s ?p ?o }")


def test_query_kinds_for_the_cli(disk: KnowledgeGraph) -> None:
    disk.add(call_extraction())
    result = disk.query("SELECT ?p ?who WHERE { ?e dip:predicate ?p ; dip:target ?who ; dip:status dip:Planned }")
    assert result.kind == "select"
    assert result.vars == ("p", "who")
    assert result.rows == [("dip:visited", "https://w3id.org/graphkit/id/actor/egypt")]
    assert result.to_json() == [{"p": "https://w3id.org/graphkit/diplomacy#visited",
                                 "who": "https://w3id.org/graphkit/id/actor/egypt"}]
    ask = disk.query("ASK { ?a dip:spokeWith ?b }")
    assert (ask.kind, ask.boolean) == ("ask", True)
    built = disk.query("CONSTRUCT { ?a dip:spokeWith ?b } WHERE { ?a dip:spokeWith ?b }")
    assert built.kind == "graph" and len(built.graph) == 1
    assert "dip:spokeWith" in built.graph.serialize(format="turtle")


def test_syntax_errors_name_line_and_column(disk: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        disk.query("SELECT ?a WHERE {\n  ?a dip:met }")


def test_stats(disk: KnowledgeGraph) -> None:
    disk.add(call_extraction())
    disk.add(summit_extraction())
    figures = disk.stats()
    assert figures["articles"] == 2
    assert figures["interactions"] == 4  # call, visit, planned visit, one three-way meeting
    assert figures["actors"] == 11
    assert figures["by_predicate"] == {"visited": 2, "spokeWith": 1, "met": 1}
    assert figures["busiest"][0] == {"name": "Lloyd Austin", "interactions": 3}
    assert "Oxigraph store at" in figures["store"]


def test_memory_store_is_empty_each_time() -> None:
    with KnowledgeGraph.open("memory") as kg:
        kg.add(call_extraction())
    with KnowledgeGraph.open("memory") as kg:
        assert kg.stats()["triples"] == 0


def test_endpoint_urls() -> None:
    assert endpoint_urls("http://h:7878/query") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoint_urls("http://h:7878") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoint_urls("http://h:3030/ds/sparql") == ("http://h:3030/ds/sparql", "http://h:3030/ds/update")
    assert endpoint_urls("http://h/repositories/kg") == ("http://h/repositories/kg", "http://h/repositories/kg/statements")
    assert endpoint_urls("http://a/q|http://b/u") == ("http://a/q", "http://b/u")
    with pytest.raises(StoreError):
        endpoint_urls("ftp://h/query")


def test_unreachable_endpoint_is_a_store_error() -> None:
    with KnowledgeGraph.open(endpoint="http://127.0.0.1:9/query") as kg:
        with pytest.raises(StoreError, match="cannot reach"):
            kg.stats()
