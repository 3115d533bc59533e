"""The ontology and the SHACL shapes as graphs: the static ``.ttl`` files plus what the
predicate table says of each predicate.

``ontologies/diplomacy.ttl`` and ``ontologies/shapes.ttl`` hold what does not depend on the
predicates (actors, event properties, statuses, the shapes of events, actors, posts and
articles) and, optionally, hand-written prose about a predicate (``skos:definition``,
``skos:scopeNote``). Every fact the predicate table holds is generated here from the table:
each predicate's ``owl:ObjectProperty`` (symmetric or not, labelled, ``prov:Agent`` to
``prov:Agent``), its event class (a ``skos:Concept`` of ``dip:InteractionTypes`` with its
CAMEO and PLOVER notations), the shapes' ``sh:in`` list of predicates and the actor shape's
targets. A predicate the ``.ttl`` files say nothing about gets a definition made from its
label, so a 16th predicate is one row of the table.

Everything that needs the ontology or the shapes (validation, tests, ``graphkit ontology``,
which writes the complete files for people and other tools) calls :func:`ontology_graph` and
:func:`shapes_graph`.

>>> from rdflib.namespace import OWL, RDF
>>> from graphkit.namespace import DIP
>>> (DIP.spokeWith, RDF.type, OWL.SymmetricProperty) in ontology_graph()
True
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.predicates import Predicate, PredicateTable, predicate_table

if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY_FILE = "diplomacy.ttl"
SHAPES_FILE = "shapes.ttl"


def static_graph(name: str) -> Graph:
    """One of the package's ``.ttl`` files as it is written (no generated triples)."""
    from rdflib import Graph

    from graphkit.rdf import bind_prefixes

    text = resources.files("graphkit.ontologies").joinpath(name).read_text(encoding="utf-8")
    return bind_prefixes(Graph()).parse(data=text, format="turtle")


def class_label(event_class: str) -> str:
    """The reading of an event class's local name: ``PhoneCall`` → ``phone call``.

    >>> class_label("PhoneCall"), class_label("Summons")
    ('phone call', 'summons')
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", event_class).lower()


def ontology_graph(table: PredicateTable | None = None) -> Graph:
    """The whole ontology: ``diplomacy.ttl`` plus the terms of every predicate of ``table``
    (default: the package's predicate table)."""
    graph = static_graph(ONTOLOGY_FILE)
    for predicate in table or predicate_table():
        _add_predicate_terms(graph, predicate)
    return graph


def _add_predicate_terms(graph: Graph, p: Predicate) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

    # The IRIs come from the namespace string, not the closed DIP class: a table given
    # here (a 16th row under test) may have terms the package's DIP does not.
    from graphkit.rdf import DIP_IRI

    def dip(name: str) -> URIRef:
        return URIRef(DIP_IRI + name)

    def en(text: str) -> Literal:
        return Literal(text, lang="en")

    prop, cls = dip(p.name), dip(p.event_class)
    add = graph.add
    add((prop, RDF.type, OWL.ObjectProperty))
    if p.symmetric:
        add((prop, RDF.type, OWL.SymmetricProperty))
    add((prop, RDFS.label, en(p.label)))
    add((prop, RDFS.domain, PROV.Agent))
    add((prop, RDFS.range, PROV.Agent))
    # The prose is the .ttl file's; what the direction means comes from the table.
    meaning = _take(graph, prop, SKOS.definition) or (
        f"The actors {p.label} each other." if p.symmetric else f"The subject {p.label} the object.")
    add((prop, SKOS.definition, en(meaning + (
        " Symmetric: the order of the two actors carries no meaning." if p.symmetric
        else " Directed: subject and object keep their roles."))))

    label = class_label(p.event_class)
    for kind in (OWL.Class, SKOS.Concept):
        add((cls, RDF.type, kind))
    add((cls, RDFS.subClassOf, dip("Interaction")))
    add((cls, RDFS.label, en(label)))
    add((cls, SKOS.prefLabel, en(label)))
    add((cls, SKOS.inScheme, dip("InteractionTypes")))
    add((cls, SKOS.topConceptOf, dip("InteractionTypes")))
    add((cls, SKOS.notation, Literal(p.cameo, datatype=dip("cameoCode"))))
    add((cls, SKOS.notation, Literal(p.plover, datatype=dip("ploverCategory"))))
    if graph.value(cls, SKOS.definition) is None:
        add((cls, SKOS.definition, en(f"An interaction in which the actor {p.label} the target.")))
    # The .ttl file may say what the CAMEO code means; the code and category are the table's.
    cameo = _take(graph, cls, SKOS.scopeNote)
    add((cls, SKOS.scopeNote, en(f"CAMEO {p.cameo}{': ' + cameo if cameo else '.'} PLOVER: {p.plover}.")))


def _take(graph: Graph, subject: object, predicate: object) -> str | None:
    """Remove and return the one literal ``subject predicate ?`` of the static file, if any."""
    value = graph.value(subject, predicate)
    if value is None:
        return None
    graph.remove((subject, predicate, None))
    return str(value)


def shapes_graph(table: PredicateTable | None = None) -> Graph:
    """The whole SHACL shapes graph: ``shapes.ttl`` plus, from ``table`` (default: the
    package's), the list of predicates an event may have and the direct properties whose
    subjects and objects must be actors."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    from graphkit.rdf import DIP_IRI, SHAPES_IRI

    table = table or predicate_table()
    graph = static_graph(SHAPES_FILE)
    graph.bind("dips", SHAPES_IRI)
    interaction, actor = URIRef(SHAPES_IRI + "InteractionShape"), URIRef(SHAPES_IRI + "ActorShape")
    predicates = [URIRef(DIP_IRI + name) for name in table.names]

    shape, members = BNode(), BNode()
    graph.add((interaction, SH.property, shape))
    graph.add((shape, SH.path, URIRef(DIP_IRI + "predicate")))
    graph.add((shape, SH.minCount, Literal(1)))
    graph.add((shape, SH.maxCount, Literal(1)))
    graph.add((shape, SH["in"], members))
    Collection(graph, members, predicates)
    for predicate in predicates:
        graph.add((actor, SH.targetSubjectsOf, predicate))
        graph.add((actor, SH.targetObjectsOf, predicate))
    return graph


def write_ontology(folder: Path, table: PredicateTable | None = None) -> list[Path]:
    """Write the complete ``diplomacy.ttl`` and ``shapes.ttl`` (static part plus generated
    triples) into ``folder``, atomically; returns the paths written."""
    from graphkit.files import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, graph in ((ONTOLOGY_FILE, ontology_graph(table)), (SHAPES_FILE, shapes_graph(table))):
        path = folder / name
        with atomic_write(path) as out:
            out.write(graph.serialize(format="turtle"))
        written.append(path)
    return written
