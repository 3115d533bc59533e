"""The closed namespaces graphkit writes: ``dip:`` (its ontology), ``org:`` and ``schema:``.

Closed (``_fail = True``): a misspelt term raises instead of minting a stray IRI. ``dip:``
is exactly the terms of the ontology (:func:`graphkit.ontology.ontology_graph`): the fixed
ones listed here (``ontologies/diplomacy.ttl``) plus one property and one event class per
row of the predicate table (``graphkit.predicates``); ``tests/test_ontology.py`` checks
that this list and the ontology agree. ``org:`` is
rdflib's W3C ORG namespace (closed already); ``schema:`` is rdflib's schema.org
namespace, closed here.

>>> from graphkit.namespace import DIP, SCHEMA
>>> DIP.spokeWith
rdflib.term.URIRef('https://w3id.org/graphkit/diplomacy#spokeWith')
>>> SCHEMA.headline
rdflib.term.URIRef('https://schema.org/headline')
>>> SCHEMA.headlin
Traceback (most recent call last):
...
AttributeError: term 'headlin' not in namespace 'https://schema.org/'
"""
from __future__ import annotations

import types

import rdflib.namespace
from rdflib.namespace import ORG, Namespace
from rdflib.term import URIRef

from graphkit.predicates import PredicateTable, predicate_table
from graphkit.rdf import DIP_IRI

__all__ = ["DIP", "DIP_IRI", "ORG", "SCHEMA", "dip_namespace"]

#: The dip: terms that do not come from the predicate table.
FIXED_TERMS = (
    # Actors
    "Person", "Organization", "Country",
    # The superclass of the event classes (one per predicate, from the table)
    "Interaction",
    # Event properties
    "actor", "target", "participant", "predicate", "date", "status", "evidence",
    "evidenceStart", "evidenceEnd", "confidence", "trigger",
    # Status values
    "Status", "Occurred", "Planned", "Negated",
    # Posts, affiliations, articles
    "title", "affiliation", "contentHash", "sourceName",
    # Interaction-type scheme and its notations (CAMEO, PLOVER)
    "InteractionTypes", "cameoCode", "ploverCategory",
)


def dip_namespace(table: PredicateTable) -> type[rdflib.namespace.DefinedNamespace]:
    """The closed ``dip:`` namespace for a predicate table: the fixed terms, each
    predicate's direct property and each predicate's event class."""
    terms = (*FIXED_TERMS, *table.event_classes.values(), *table.names)
    body = {
        "__doc__": "graphkit diplomacy ontology (https://w3id.org/graphkit/diplomacy#); labels and "
                   "definitions of every term are in the ontology (``graphkit ontology`` writes it).",
        "__module__": __name__,
        "__annotations__": dict.fromkeys(terms, URIRef),
        "_NS": Namespace(DIP_IRI),
        "_fail": True,
    }
    return types.new_class("DIP", (rdflib.namespace.DefinedNamespace,), {}, lambda ns: ns.update(body))


DIP = dip_namespace(predicate_table())


# Open namespaces are reached by module path: the doctest collector probes module names and
# an open DefinedNamespace warns.
class SCHEMA(rdflib.namespace.SDO):
    """schema.org (https://schema.org/), closed: only its published terms."""

    _fail = True
