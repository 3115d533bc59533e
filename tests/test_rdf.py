"""Extraction → RDF mapping (graphkit.rdf): expected triples, direction, status, groups."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from graph_fixtures import call_extraction, summit_extraction
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graphkit.errors import InputError
from graphkit.graph import KnowledgeGraph
from graphkit.namespace import DIP
from graphkit.rdf import (INTERACTION_BASE, Actor, Resolution, article_iri, extraction_graph,
                          interaction_iri, slugify)
from graphkit.records import Article, Entity, Extraction, Interaction

ACTOR = "https://w3id.org/graphkit/id/actor/"
AUSTIN = URIRef(ACTOR + "lloyd-austin")
GALLANT = URIRef(ACTOR + "yoav-gallant")
JORDAN = URIRef(ACTOR + "jordan")
EGYPT = URIRef(ACTOR + "egypt")

SMALL_TEXT = "Austin spoke with Gallant on Monday."
EXPECTED_SMALL = """
@prefix dip: <https://w3id.org/graphkit/diplomacy#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix actor: <https://w3id.org/graphkit/id/actor/> .

<https://w3id.org/graphkit/id/article/ART> a schema:NewsArticle, prov:Entity ;
    dip:contentHash "h-small" ;
    dip:sourceName "small.txt" ;
    schema:headline "A call" ;
    schema:datePublished "2024-03-05"^^xsd:date ;
    schema:publisher "Example Wire" ;
    schema:url "https://news.example.org/small"^^xsd:anyURI ;
    schema:articleBody "Austin spoke with Gallant on Monday." .

actor:lloyd-austin a dip:Person ; rdfs:label "Lloyd Austin" ; skos:prefLabel "Lloyd Austin" ;
    skos:altLabel "Austin" ;
    dip:spokeWith actor:yoav-gallant .
actor:yoav-gallant a dip:Person ; rdfs:label "Yoav Gallant" ; skos:prefLabel "Yoav Gallant" .

[] a dip:PhoneCall ;
    dip:predicate dip:spokeWith ;
    dip:actor actor:lloyd-austin ;
    dip:target actor:yoav-gallant ;
    dip:participant actor:lloyd-austin, actor:yoav-gallant ;
    dip:status dip:Occurred ;
    dip:date "2024-03-04"^^xsd:date ;
    dip:evidence "Austin spoke with Gallant on Monday." ;
    dip:evidenceStart 0 ;
    dip:evidenceEnd 36 ;
    dip:confidence 0.75 ;
    dip:trigger "spoke with" ;
    prov:wasDerivedFrom <https://w3id.org/graphkit/id/article/ART> .
"""


def _small() -> tuple[Extraction, Resolution]:
    article = Article(id="h-small", name="small.txt", text=SMALL_TEXT, title="A call", published=date(2024, 3, 5),
                      source="Example Wire", url="https://news.example.org/small")
    extraction = Extraction(
        article,
        (Entity("Lloyd Austin", "Person", aliases=("Austin",)), Entity("Yoav Gallant", "Person")),
        (Interaction("Austin", "spokeWith", "Yoav Gallant", date="2024-03-04", evidence=SMALL_TEXT,
                     start=0, end=36, confidence=0.75, trigger="spoke with"),),
    )
    resolution = Resolution(
        iris={"Lloyd Austin": str(AUSTIN), "Austin": str(AUSTIN), "Yoav Gallant": str(GALLANT)},
        actors=(Actor(str(AUSTIN), "Person", "Lloyd Austin", ("Lloyd Austin", "Austin")),
                Actor(str(GALLANT), "Person", "Yoav Gallant", ("Yoav Gallant",))),
    )
    return extraction, resolution


def _events_as_bnodes(graph: Graph) -> Graph:
    """The graph with every interaction IRI replaced by a blank node (they are hashes)."""
    nodes: dict[URIRef, BNode] = {}

    def swap(term):
        if isinstance(term, URIRef) and str(term).startswith(INTERACTION_BASE):
            return nodes.setdefault(term, BNode())
        return term

    out = Graph()
    for s, p, o in graph:
        out.add((swap(s), p, swap(o)))
    return out


def _kg_graph(extraction: Extraction) -> Graph:
    with KnowledgeGraph.open("memory") as kg:
        return kg.to_rdf(extraction)


def test_one_extraction_gives_the_expected_triples() -> None:
    extraction, resolution = _small()
    got = extraction_graph(extraction, resolution)
    expected = Graph().parse(data=EXPECTED_SMALL.replace("ART", str(article_iri(extraction.article)).rsplit("/", 1)[1]),
                             format="turtle")
    actual = _events_as_bnodes(got)
    if not isomorphic(actual, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail(f"unexpected:\n{only_got.serialize(format='nt')}\nmissing:\n{only_expected.serialize(format='nt')}")
    assert got.identifier == article_iri(extraction.article)


def test_iris_are_readable_and_stable() -> None:
    extraction, resolution = _small()
    first, second = extraction_graph(extraction, resolution), extraction_graph(extraction, resolution)
    assert set(first) == set(second)  # same event IRIs, not just the same shape
    event = next(first.subjects(ns.RDF.type, DIP.PhoneCall))
    assert str(event).startswith(INTERACTION_BASE)
    assert event == interaction_iri(extraction.article, "spokeWith", AUSTIN, GALLANT, "occurred", 0, 36, "2024-03-04")
    assert slugify("Sergey Lavrov") == "sergey-lavrov"


def test_article_iri_follows_url_then_path_then_name() -> None:
    by_url = Article(id="a", name="n", text="", url="https://x.example/1", path="p.txt")
    same_url_new_text = Article(id="b", name="other", text="changed", url="https://x.example/1")
    by_path = Article(id="a", name="n", text="", path="p.txt")
    by_name = Article(id="a", name="n", text="")
    assert article_iri(by_url) == article_iri(same_url_new_text)
    assert len({article_iri(by_url), article_iri(by_path), article_iri(by_name)}) == 3


def test_prefixes_are_bound_on_purpose() -> None:
    turtle = _kg_graph(call_extraction()).serialize(format="turtle")
    assert "@prefix dip: <https://w3id.org/graphkit/diplomacy#>" in turtle
    assert "@prefix org: <http://www.w3.org/ns/org#>" in turtle
    assert "ns1:" not in turtle


def test_directed_predicates_keep_their_direction_and_symmetric_are_written_once() -> None:
    graph = _kg_graph(call_extraction())
    assert (AUSTIN, DIP.visited, JORDAN) in graph
    assert (JORDAN, DIP.visited, AUSTIN) not in graph
    assert (AUSTIN, DIP.spokeWith, GALLANT) in graph
    assert (GALLANT, DIP.spokeWith, AUSTIN) not in graph  # symmetry is the ontology's job
    visit = next(graph.subjects(DIP.predicate, DIP.visited))
    assert graph.value(visit, DIP.actor) == AUSTIN and graph.value(visit, DIP.target) == JORDAN


def test_only_occurred_interactions_get_direct_triples() -> None:
    graph = _kg_graph(call_extraction())
    planned = [e for e in graph.subjects(DIP.status, DIP.Planned)]
    assert len(planned) == 1
    assert graph.value(planned[0], DIP.target) == EGYPT
    assert graph.value(planned[0], DIP.date) == Literal(date(2024, 3, 20))
    assert (AUSTIN, DIP.visited, EGYPT) not in graph
    negated = call_extraction()
    negated = Extraction(negated.article, negated.entities,
                         (Interaction("Lloyd Austin", "met", "Yoav Gallant", status="negated", evidence="x"),))
    graph = _kg_graph(negated)
    assert (AUSTIN, DIP.met, GALLANT) not in graph
    assert len(list(graph.subjects(DIP.status, DIP.Negated))) == 1


def test_multilateral_meeting_is_one_event_with_every_participant() -> None:
    graph = _kg_graph(summit_extraction())
    wang, manalo, blinken = (URIRef(ACTOR + s) for s in ("wang-yi", "enrique-manalo", "antony-blinken"))
    meetings = list(graph.subjects(ns.RDF.type, DIP.Meeting))
    assert len(meetings) == 1
    event = meetings[0]
    assert set(graph.objects(event, DIP.participant)) == {wang, manalo, blinken}
    assert list(graph.objects(event, DIP.actor)) == [wang]
    assert set(graph.objects(event, DIP.target)) == {manalo, blinken}
    assert {(s, o) for s, o in graph.subject_objects(DIP.met)} == {(wang, manalo), (wang, blinken), (manalo, blinken)}


def test_event_node_carries_evidence_offsets_confidence_and_source() -> None:
    extraction = call_extraction()
    graph = _kg_graph(extraction)
    call = next(graph.subjects(ns.RDF.type, DIP.PhoneCall))
    assert graph.value(call, DIP.evidence) == Literal(extraction.interactions[0].evidence)
    assert graph.value(call, DIP.evidenceEnd) == Literal(103)
    assert graph.value(call, DIP.confidence).toPython() == Decimal("0.9")
    assert graph.value(call, ns.PROV.wasDerivedFrom) == article_iri(extraction.article)
    assert graph.value(call, DIP.status) == DIP.Occurred


def test_posts_and_affiliations_are_written() -> None:
    graph = _kg_graph(call_extraction())
    org = ns.Namespace("http://www.w3.org/ns/org#")
    post = graph.value(AUSTIN, org.holds)
    assert graph.value(post, DIP.title) == Literal("Secretary of Defense")
    assert graph.value(post, org.postIn) == URIRef(ACTOR + "united-states")
    assert (post, ns.RDF.type, org.Post) in graph
    assert graph.value(AUSTIN, DIP.affiliation) == URIRef(ACTOR + "united-states")


def test_partial_dates_are_not_written_as_days() -> None:
    extraction = call_extraction()
    odd = Extraction(extraction.article, extraction.entities,
                     (Interaction("Lloyd Austin", "met", "Yoav Gallant", date="2024-03", evidence="x"),))
    graph = _kg_graph(odd)
    assert list(graph.objects(None, DIP.date)) == []


@pytest.mark.parametrize("interaction, message", [
    (Interaction("Lloyd Austin", "met", "Nobody Known", evidence="x"), "Nobody Known"),
    (Interaction("Lloyd Austin", "hugged", "Yoav Gallant", evidence="x"), "hugged"),
    (Interaction("Lloyd Austin", "met", "Yoav Gallant", status="maybe", evidence="x"), "maybe"),
])
def test_bad_records_raise_input_errors(interaction: Interaction, message: str) -> None:
    extraction = call_extraction()
    with pytest.raises(InputError, match=message):
        _kg_graph(Extraction(extraction.article, extraction.entities, (interaction,)))
