"""The ontology, the closed dip:/org:/schema: namespaces, the predicate table against the
ontology, and the SHACL shapes."""
from __future__ import annotations

import pytest
from graph_fixtures import call_extraction, summit_extraction
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.collection import Collection

from graphkit.graph import KnowledgeGraph
from graphkit.namespace import DIP, DIP_IRI, ORG, SCHEMA
from graphkit.predicates import predicate_table
from graphkit.rdf import EVENT_CLASSES, STATUS_INDIVIDUALS
from graphkit.records import DIRECTED_PREDICATES, PREDICATES, SYMMETRIC_PREDICATES
from graphkit.ontology import ontology_graph, shapes_graph
from graphkit.validate import validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _dip_terms(graph: Graph) -> set[str]:
    return {str(s)[len(DIP_IRI):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(DIP_IRI)}


def test_ontology_declares_itself(onto: Graph) -> None:
    assert (URIRef("https://w3id.org/graphkit/diplomacy"), ns.RDF.type, ns.OWL.Ontology) in onto


def test_every_term_is_labelled_and_defined(onto: Graph) -> None:
    terms = _dip_terms(onto)
    assert len(terms) > 50
    for term in sorted(terms):
        iri = DIP[term]
        assert onto.value(iri, ns.RDFS.label), f"dip:{term} has no rdfs:label"
        assert onto.value(iri, ns.SKOS.definition), f"dip:{term} has no skos:definition"


def test_namespace_lists_exactly_the_ontology_terms(onto: Graph) -> None:
    declared = set(DIP.__annotations__)
    assert declared == _dip_terms(onto)


@pytest.mark.parametrize(("namespace", "typo"), [(DIP, "spokewith"), (ORG, "hold"), (SCHEMA, "headLine")])
def test_namespaces_are_closed(namespace, typo: str) -> None:
    with pytest.raises(AttributeError):
        getattr(namespace, typo)  # a typo must raise, not mint an IRI


def test_namespaces_are_the_declared_prefixes() -> None:
    from graphkit.rdf import PREFIXES

    assert (str(DIP), str(ORG), str(SCHEMA)) == (PREFIXES["dip"], PREFIXES["org"], PREFIXES["schema"])


def test_predicate_table_matches_the_ontology(onto: Graph) -> None:
    # The table is the source; the ontology must say the same of every predicate.
    table = predicate_table()
    classes = {str(c)[len(DIP_IRI):] for c in onto.subjects(ns.RDFS.subClassOf, DIP.Interaction)}
    assert classes == {p.event_class for p in table}
    properties = {str(p)[len(DIP_IRI):] for p in onto.subjects(ns.RDF.type, ns.OWL.ObjectProperty)
                  if str(p).startswith(DIP_IRI) and (p, ns.RDFS.range, ns.PROV.Agent) in onto
                  and (p, ns.RDFS.domain, ns.PROV.Agent) in onto
                  and str(p)[len(DIP_IRI):] != "affiliation"}
    assert properties == set(table.names)
    for p in table:
        cls = DIP[p.event_class]
        notations = {(str(n), n.datatype) for n in onto.objects(cls, ns.SKOS.notation)}
        assert notations == {(p.cameo, DIP.cameoCode), (p.plover, DIP.ploverCategory)}, p.name
        assert str(onto.value(DIP[p.name], ns.RDFS.label)) == p.label, p.name
        assert ((DIP[p.name], ns.RDF.type, ns.OWL.SymmetricProperty) in onto) == p.symmetric, p.name


def test_shapes_accept_exactly_the_table_predicates() -> None:
    shapes = shapes_graph()
    lists = [Collection(shapes, o) for s in shapes.subjects(SH.path, DIP.predicate)
             for o in shapes.objects(s, SH["in"])]
    assert [[str(t)[len(DIP_IRI):] for t in c] for c in lists] == [list(predicate_table().names)]
    actor_shape = next(shapes.subjects(SH.targetClass, DIP.Person))
    for direction in (SH.targetSubjectsOf, SH.targetObjectsOf):
        targets = {str(t)[len(DIP_IRI):] for t in shapes.objects(actor_shape, direction)}
        assert targets == set(predicate_table().names) | {"affiliation"}


def test_the_ttl_files_hold_no_fact_of_the_predicate_table() -> None:
    # The table is the one source: the static files may only add prose about a predicate.
    from graphkit.namespace import FIXED_TERMS
    from graphkit.ontology import static_graph

    table = predicate_table()
    static = static_graph("diplomacy.ttl")
    for term in _dip_terms(static) - set(FIXED_TERMS):
        assert term in table or term in table.event_classes.values(), f"dip:{term} is in no row of the table"
        assert set(static.predicates(DIP[term])) <= {ns.SKOS.definition, ns.SKOS.scopeNote}, term
    shapes = static_graph("shapes.ttl")
    used = {str(t)[len(DIP_IRI):] for t in shapes.all_nodes() if isinstance(t, URIRef) and str(t).startswith(DIP_IRI)}
    assert not used & (set(table.names) | set(table.event_classes.values()))
    assert not any(shapes.subjects(SH.path, DIP.predicate))


def test_generated_prose_joins_the_files_words_and_the_tables_facts(onto: Graph) -> None:
    assert str(onto.value(DIP.PhoneCall, ns.SKOS.scopeNote)) == "CAMEO 041: Discuss by telephone. PLOVER: CONSULT."
    assert str(onto.value(DIP.spokeWith, ns.SKOS.definition)) == (
        "The actors spoke by telephone or video link. Symmetric: the order of the two actors carries no meaning.")
    assert str(onto.value(DIP.PhoneCall, ns.RDFS.label)) == "phone call"
    assert len(list(onto.objects(DIP.hosted, ns.SKOS.definition))) == 1


def test_direct_properties_follow_the_contract(onto: Graph) -> None:
    for predicate in PREDICATES:
        assert (DIP[predicate], ns.RDF.type, ns.OWL.ObjectProperty) in onto
    for predicate in SYMMETRIC_PREDICATES:
        assert (DIP[predicate], ns.RDF.type, ns.OWL.SymmetricProperty) in onto
    for predicate in DIRECTED_PREDICATES:
        assert (DIP[predicate], ns.RDF.type, ns.OWL.SymmetricProperty) not in onto


def test_one_event_class_per_predicate_with_cameo_and_plover(onto: Graph) -> None:
    assert set(EVENT_CLASSES) == set(PREDICATES)
    assert len(set(EVENT_CLASSES.values())) == len(PREDICATES)
    for name in EVENT_CLASSES.values():
        cls = DIP[name]
        assert (cls, ns.RDFS.subClassOf, DIP.Interaction) in onto
        assert (cls, ns.SKOS.inScheme, DIP.InteractionTypes) in onto
        datatypes = {n.datatype for n in onto.objects(cls, ns.SKOS.notation) if isinstance(n, Literal)}
        assert datatypes == {DIP.cameoCode, DIP.ploverCategory}, name
    calls = {str(n) for n in onto.objects(DIP.PhoneCall, ns.SKOS.notation)}
    assert calls == {"041", "CONSULT"}


def test_actors_are_agents_and_statuses_are_closed(onto: Graph) -> None:
    for kind in ("Person", "Organization", "Country"):
        assert (DIP[kind], ns.RDFS.subClassOf, ns.PROV.Agent) in onto
    for name in STATUS_INDIVIDUALS.values():
        assert (DIP[name], ns.RDF.type, DIP.Status) in onto


def test_shapes_parse_and_only_use_ontology_terms(onto: Graph) -> None:
    shapes = shapes_graph()
    assert len(list(shapes.subjects(ns.RDF.type, SH.NodeShape))) == 4
    used = {str(t)[len(DIP_IRI):] for t in shapes.all_nodes() if isinstance(t, URIRef) and str(t).startswith(DIP_IRI)}
    assert used <= _dip_terms(onto)


# -- SHACL ---------------------------------------------------------------------------------

@pytest.fixture()
def good() -> Graph:
    with KnowledgeGraph.open("memory") as kg:
        union = Graph()
        for extraction in (call_extraction(), summit_extraction()):
            union += kg.to_rdf(extraction)
    return union


def _an_event(graph: Graph) -> URIRef:
    return next(iter(graph.subjects(DIP.predicate, DIP.spokeWith)))


def test_a_good_graph_conforms(good: Graph) -> None:
    report = validate_graph(good)
    assert report.conforms, report.text
    assert report.violations == 0


def test_event_without_actor_or_article_is_reported(good: Graph) -> None:
    event = _an_event(good)
    good.remove((event, DIP.actor, None))
    good.remove((event, ns.PROV.wasDerivedFrom, None))
    report = validate_graph(good)
    assert not report.conforms
    assert report.violations == 2
    assert "exactly one actor" in report.text and "source article" in report.text


def test_untyped_event_bad_date_and_missing_evidence_are_reported(good: Graph) -> None:
    event = _an_event(good)
    good.remove((event, ns.RDF.type, None))
    good.set((event, DIP.date, Literal("last Monday")))
    good.remove((event, DIP.evidence, None))
    report = validate_graph(good)
    assert report.violations == 3, report.text


def test_actor_without_label_is_reported(good: Graph) -> None:
    austin = URIRef("https://w3id.org/graphkit/id/actor/lloyd-austin")
    good.remove((austin, ns.RDFS.label, None))
    report = validate_graph(good)
    assert report.violations == 1
    assert "rdfs:label" in report.text


def test_post_without_title_is_reported(good: Graph) -> None:
    post = BNode()
    good.add((URIRef("https://w3id.org/graphkit/id/actor/wang-yi"), URIRef("http://www.w3.org/ns/org#holds"), post))
    good.add((post, ns.PROV.wasDerivedFrom, next(iter(good.subjects(DIP.contentHash, None)))))
    assert validate_graph(good).violations == 1


def test_ill_typed_confidence_is_reported(good: Graph) -> None:
    good.set((_an_event(good), DIP.confidence, Literal("high", datatype=ns.XSD.string)))
    report = validate_graph(good)
    assert not report.conforms
    assert "xsd:decimal" in report.text
