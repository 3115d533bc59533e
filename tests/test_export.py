"""Every export format: RDF ones round-trip, network ones load with networkx / csv."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import call_extraction, summit_extraction
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from graphkit.errors import GraphkitError
from graphkit.graph import KnowledgeGraph
from graphkit.rdf import article_iri

AUSTIN = "https://w3id.org/graphkit/id/actor/lloyd-austin"
GALLANT = "https://w3id.org/graphkit/id/actor/yoav-gallant"
# rdflib's own parsers use its deprecated ConjunctiveGraph API internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
RDF_PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def kg():
    graph = KnowledgeGraph.open("memory")
    graph.add(call_extraction())
    graph.add(summit_extraction())
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def reference(kg: KnowledgeGraph) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=kg.export("nq").decode("utf-8"), format="nquads")
    return dataset


def _named_graphs(dataset: Dataset) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graphs.setdefault(str(g), Graph()).add((s, p, o))
    return graphs


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def test_nquads_hold_one_graph_per_article(reference: Dataset) -> None:
    graphs = _named_graphs(reference)
    expected = {str(article_iri(call_extraction().article)), str(article_iri(summit_extraction().article))}
    assert set(graphs) == expected


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_triple_formats_round_trip_to_the_union(kg: KnowledgeGraph, reference: Dataset, fmt: str) -> None:
    data = kg.export(fmt)
    parsed = Graph().parse(data=data.decode("utf-8"), format=RDF_PARSERS[fmt])
    assert isomorphic(parsed, _union(reference))


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_dataset_formats_round_trip_graph_by_graph(kg: KnowledgeGraph, reference: Dataset, fmt: str) -> None:
    parsed = Dataset()
    parsed.parse(data=kg.export(fmt).decode("utf-8"), format=RDF_PARSERS[fmt])
    got, want = _named_graphs(parsed), _named_graphs(reference)
    assert set(got) == set(want)
    for name in want:
        assert isomorphic(got[name], want[name]), name


def test_turtle_and_jsonld_use_the_prefixes(kg: KnowledgeGraph) -> None:
    turtle = kg.export("ttl").decode("utf-8")
    assert "@prefix dip: <https://w3id.org/graphkit/diplomacy#>" in turtle
    assert "dip:spokeWith" in turtle and "ns1:" not in turtle
    document = json.loads(kg.export("jsonld"))
    assert document["@context"]["dip"] == "https://w3id.org/graphkit/diplomacy#"


def test_graphml_and_gexf_load_with_networkx(kg: KnowledgeGraph, tmp_path: Path) -> None:
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"graph.{fmt}"
        assert kg.export(fmt, path) is None
        network = reader(path)
        assert network.nodes[AUSTIN]["label"] == "Lloyd Austin"
        assert network.has_edge(AUSTIN, GALLANT)
        # call + visit (the planned visit is left out) + three pairs of the meeting
        assert network.number_of_edges() == 5, fmt


def test_csv_is_an_edge_list(kg: KnowledgeGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(kg.export("csv").decode("utf-8"))))
    assert len(rows) == 5
    call = next(r for r in rows if r["predicate"] == "spokeWith")
    assert (call["source_label"], call["target_label"], call["date"]) == ("Lloyd Austin", "Yoav Gallant", "2024-03-04")
    assert call["article_url"] == "https://news.example.org/2024/austin-call"
    assert {r["predicate"] for r in rows} == {"spokeWith", "visited", "met"}


def test_files_are_written_whole(kg: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "graph.ttl"
    assert kg.export("ttl", out) is None
    assert out.read_bytes() == kg.export("ttl")
    assert [p.name for p in out.parent.iterdir()] == ["graph.ttl"]  # no temporary left behind


def test_empty_store_exports_parse(tmp_path: Path) -> None:
    with KnowledgeGraph.open("memory") as empty:
        assert len(Graph().parse(data=empty.export("ttl").decode("utf-8"), format="turtle")) == 0
        assert next(csv.reader(io.StringIO(empty.export("csv").decode("utf-8"))))[0] == "source"


def test_unknown_format_is_an_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(GraphkitError, match="xlsx"):
        kg.export("xlsx")


def test_exported_turtle_validates(kg: KnowledgeGraph) -> None:
    from graphkit.validate import validate_graph

    graph = Graph().parse(data=kg.export("ttl").decode("utf-8"), format="turtle")
    assert validate_graph(graph).conforms
    assert kg.validate().violations == 0
    assert URIRef(AUSTIN) in set(graph.subjects())
