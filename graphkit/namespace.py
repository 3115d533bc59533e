"""The ``dip:`` namespace: exactly the terms of ``ontologies/diplomacy.ttl``.

Closed (``_fail = True``): a misspelt term raises instead of minting a stray IRI.
``tests/test_ontology.py`` checks that this list and the ontology agree.

>>> from graphkit.namespace import DIP
>>> DIP.spokeWith
rdflib.term.URIRef('https://w3id.org/graphkit/diplomacy#spokeWith')
"""
from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

DIP_IRI = "https://w3id.org/graphkit/diplomacy#"


class DIP(DefinedNamespace):
    """graphkit diplomacy ontology (https://w3id.org/graphkit/diplomacy#); labels and
    definitions of every term are in ``ontologies/diplomacy.ttl``."""

    _NS = Namespace(DIP_IRI)
    _fail = True

    # Actors
    Person: URIRef
    Organization: URIRef
    Country: URIRef

    # Interactions as events, one class per predicate
    Interaction: URIRef
    Meeting: URIRef
    PhoneCall: URIRef
    Negotiation: URIRef
    Agreement: URIRef
    Visit: URIRef
    Hosting: URIRef
    Briefing: URIRef
    Appeal: URIRef
    Criticism: URIRef
    Support: URIRef
    Threat: URIRef
    Sanction: URIRef
    Aid: URIRef
    Summons: URIRef
    Invitation: URIRef

    # Event properties
    actor: URIRef
    target: URIRef
    participant: URIRef
    predicate: URIRef
    date: URIRef
    status: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    confidence: URIRef
    trigger: URIRef

    # Status values
    Status: URIRef
    Occurred: URIRef
    Planned: URIRef
    Negated: URIRef

    # Direct actor-to-actor properties
    met: URIRef
    spokeWith: URIRef
    negotiatedWith: URIRef
    agreedWith: URIRef
    visited: URIRef
    hosted: URIRef
    briefed: URIRef
    urged: URIRef
    criticized: URIRef
    supported: URIRef
    threatened: URIRef
    sanctioned: URIRef
    aided: URIRef
    summoned: URIRef
    invited: URIRef

    # Posts, affiliations, articles
    title: URIRef
    affiliation: URIRef
    contentHash: URIRef
    sourceName: URIRef

    # Interaction-type scheme and its notations (CAMEO, PLOVER)
    InteractionTypes: URIRef
    cameoCode: URIRef
    ploverCategory: URIRef
