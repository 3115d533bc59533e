"""The RDF → networkx projection, on the hand-written fixture graph."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from graphkit.errors import QueryError
from graphkit.projection import project
from map_fixtures import DIP, EVENTS, FixtureGraph, actor_iri, article_iri, build_dataset, event_iri

# Okafor's only contact (his call to Marchenko) and one of Tanabe's meetings.
OKAFOR_CALL = next(e for e in EVENTS if e.actor == "paul-okafor")
TANABE_ORTIZ = next(e for e in EVENTS if e.actor == "aiko-tanabe" and e.target == "rafael-ortiz")


def with_confidences(changes) -> FixtureGraph:
    """The fixture (every event at confidence 0.9) with some events' confidence changed,
    or removed where the new value is None."""
    from rdflib.namespace import XSD  # not at module level: pytest's collection probes it

    dataset = build_dataset()
    for event, value in changes.items():
        node, graph = URIRef(event_iri(event)), dataset.graph(URIRef(article_iri(event.article)))
        graph.remove((node, DIP.confidence, None))
        if value is not None:
            graph.add((node, DIP.confidence, Literal(Decimal(value), datatype=XSD.decimal)))
    return FixtureGraph(dataset)


@pytest.fixture(scope="module")
def source() -> FixtureGraph:
    return FixtureGraph()


@pytest.fixture(scope="module")
def graph(source):
    return project(source)


def test_one_edge_per_occurred_event_and_pairwise_edges_for_multilateral(graph):
    occurred = [e for e in EVENTS if e.status == "Occurred"]
    bilateral = [e for e in occurred if not e.others]
    multilateral = [e for e in occurred if e.others]
    assert len(multilateral) == 1
    people = 2 + len(multilateral[0].others)
    assert graph.number_of_edges() == len(bilateral) + people * (people - 1) // 2


def test_multilateral_meeting_links_every_pair(graph):
    meeting = next(e for e in EVENTS if e.others)
    members = {actor_iri(s) for s in (meeting.actor, meeting.target, *meeting.others)}
    pairs = {frozenset((u, v)) for u, v, k in graph.edges(keys=True) if k == event_iri(meeting)}
    assert pairs == {frozenset((a, b)) for a in members for b in members if a < b}


def test_edge_attributes_come_from_the_event_and_its_article(graph):
    ev = next(e for e in EVENTS if e.predicate == "hosted")
    attrs = graph.edges[actor_iri("samir-haddad"), actor_iri("helena-marsh"), event_iri(ev)]
    assert attrs["predicate"] == "hosted"
    assert attrs["date"] == date(2024, 5, 20)
    assert attrs["status"] == "occurred"
    assert attrs["evidence"] == ev.evidence
    assert attrs["article_title"] == "Cairo talks: Haddad hosts Marsh"
    assert attrs["article_url"] is None
    assert attrs["event"] == event_iri(ev)


def test_directed_edges_run_from_actor_to_target(graph):
    assert graph.has_edge(actor_iri("united-states"), actor_iri("russia"))
    assert not graph.has_edge(actor_iri("russia"), actor_iri("united-states"))


def test_nodes_carry_label_kind_title_affiliation_and_contact_dates(graph):
    marsh = graph.nodes[actor_iri("helena-marsh")]
    assert marsh["label"] == "Helena Marsh"
    assert marsh["kind"] == "Person"
    assert marsh["title"] == "Secretary of State"
    assert marsh["country"] == "United States"
    assert marsh["first_contact"] == date(2024, 3, 2)
    assert marsh["last_contact"] == date(2024, 10, 10)
    assert graph.nodes[actor_iri("nato")]["kind"] == "Organization"
    assert graph.nodes[actor_iri("russia")]["country"] == "Russia"


def test_only_actors_in_kept_events_are_nodes(graph):
    # The UN appears only as an affiliation, never in an interaction.
    assert actor_iri("united-nations") not in graph
    assert actor_iri("rafael-ortiz") in graph


def test_planned_and_negated_events_are_left_out_by_default(graph, source):
    planned = next(e for e in EVENTS if e.status == "Planned")
    negated = next(e for e in EVENTS if e.status == "Negated")
    keys = {k for _, _, k in graph.edges(keys=True)}
    assert event_iri(planned) not in keys and event_iri(negated) not in keys
    with_planned = project(source, include_planned=True)
    keys = {k: d for _, _, k, d in with_planned.edges(keys=True, data=True)}
    assert keys[event_iri(planned)]["status"] == "planned"
    assert event_iri(negated) not in keys


def test_statuses_keep_exactly_the_events_asked_for(source):
    planned = next(e for e in EVENTS if e.status == "Planned")
    negated = next(e for e in EVENTS if e.status == "Negated")
    only = project(source, statuses=("negated",))
    assert {d["status"] for _, _, d in only.edges(data=True)} == {"negated"}
    assert event_iri(negated) in {k for _, _, k in only.edges(keys=True)}
    every = project(source, statuses=("occurred", "planned", "negated"))
    keys = {k for _, _, k in every.edges(keys=True)}
    assert {event_iri(planned), event_iri(negated)} <= keys
    assert every.graph["statuses"] == ("occurred", "planned", "negated")
    with pytest.raises(QueryError, match="statuses must be some of"):
        project(source, statuses=("rumoured",))


def test_date_window_keeps_dated_events_inside_it_only(source):
    g = project(source, since=date(2024, 4, 3), until=date(2024, 5, 20))
    dates = [d["date"] for _, _, d in g.edges(data=True)]
    assert dates and all(date(2024, 4, 3) <= d <= date(2024, 5, 20) for d in dates)
    expected = {event_iri(e) for e in EVENTS if e.status == "Occurred" and e.date
                and date(2024, 4, 3) <= e.date <= date(2024, 5, 20)}
    assert {k for _, _, k in g.edges(keys=True)} == expected


def test_undated_events_are_kept_without_a_window_and_dropped_with_one(graph, source):
    undated = event_iri(next(e for e in EVENTS if e.date is None))
    assert undated in {k for _, _, k in graph.edges(keys=True)}
    since = project(source, since=date(2000, 1, 1))
    assert undated not in {k for _, _, k in since.edges(keys=True)}


def test_predicate_filter_accepts_local_names_curies_and_iris(source):
    g = project(source, predicates=["sanctioned", "dip:criticized",
                                    "https://w3id.org/graphkit/diplomacy#aided"])
    assert {d["predicate"] for _, _, d in g.edges(data=True)} == {"sanctioned", "criticized", "aided"}


def test_unknown_predicate_and_empty_window_raise_query_error(source):
    with pytest.raises(QueryError, match="unknown predicate 'shookHands'"):
        project(source, predicates=["shookHands"])
    with pytest.raises(QueryError, match="since"):
        project(source, since=date(2024, 2, 1), until=date(2024, 1, 1))


def test_store_failures_become_query_errors():
    class Broken:
        def select(self, sparql):
            raise RuntimeError("connection refused")

    with pytest.raises(QueryError, match="connection refused"):
        project(Broken())


def test_empty_graph_gives_empty_projection():
    from map_fixtures import build_dataset

    g = project(FixtureGraph(build_dataset(events=())))
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0


def test_edges_carry_the_event_confidence(graph):
    attrs = graph.edges[actor_iri("paul-okafor"), actor_iri("oleh-marchenko"), event_iri(OKAFOR_CALL)]
    assert attrs["confidence"] == 0.9
    unknown = project(with_confidences({OKAFOR_CALL: None}))
    assert unknown.edges[actor_iri("paul-okafor"), actor_iri("oleh-marchenko"), event_iri(OKAFOR_CALL)][
        "confidence"] is None


def test_min_confidence_keeps_events_at_or_above_the_bar():
    source = with_confidences({OKAFOR_CALL: "0.3", TANABE_ORTIZ: "0.55"})
    everything = project(source)
    kept = project(source, min_confidence=0.5)
    assert kept.graph["min_confidence"] == 0.5
    assert everything.number_of_edges() - kept.number_of_edges() == 1
    assert actor_iri("paul-okafor") in everything and actor_iri("paul-okafor") not in kept
    assert kept.has_edge(actor_iri("aiko-tanabe"), actor_iri("rafael-ortiz"))
    assert project(source, min_confidence=0.55).has_edge(actor_iri("aiko-tanabe"), actor_iri("rafael-ortiz"))
    assert not project(source, min_confidence=0.56).has_edge(actor_iri("aiko-tanabe"), actor_iri("rafael-ortiz"))


def test_an_event_without_confidence_counts_as_certain():
    source = with_confidences({OKAFOR_CALL: None})
    kept = project(source, min_confidence=1.0)  # every other event is at 0.9
    assert [(u, v) for u, v in kept.edges()] == [(actor_iri("paul-okafor"), actor_iri("oleh-marchenko"))]


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan")])
def test_min_confidence_outside_zero_to_one_raises_query_error(source, bad):
    with pytest.raises(QueryError, match="min_confidence must be a number from 0 to 1"):
        project(source, min_confidence=bad)
