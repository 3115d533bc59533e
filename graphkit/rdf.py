"""Extraction records → RDF under the diplomacy ontology. The only module that mints IRIs.

Every IRI graphkit writes comes from a function here:

* actors        ``https://w3id.org/graphkit/id/actor/{slug}``  (readable: ``lloyd-austin``)
* articles      ``https://w3id.org/graphkit/id/article/{hash of the article key}``
* interactions  ``https://w3id.org/graphkit/id/interaction/{hash}``

and every namespace string is in :data:`PREFIXES`. Going the other way, :func:`dip_name`,
:func:`actor_slug` and :func:`fallback_label` read IRIs back, so no other module takes
IRIs apart with string surgery.

An article's statements go into one named graph whose IRI is the article IRI, so a
changed article replaces exactly what it said before.

>>> from graphkit.records import Article
>>> str(article_iri(Article(id="h1", name="a.txt", text="", url="https://example.org/n/1")))
'https://w3id.org/graphkit/id/article/494efaca3f4e044d'
>>> slugify("Lloyd J. Austin III")
'lloyd-j-austin-iii'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from graphkit.errors import InputError
from graphkit.predicates import predicate_table
from graphkit.records import PREDICATES, STATUSES, Article, Extraction, Interaction

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

ID_BASE = "https://w3id.org/graphkit/id/"
ACTOR_BASE = ID_BASE + "actor/"
ARTICLE_BASE = ID_BASE + "article/"
INTERACTION_BASE = ID_BASE + "interaction/"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

#: Prefixes bound in every graph and predeclared in every query.
PREFIXES: dict[str, str] = {
    "dip": "https://w3id.org/graphkit/diplomacy#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

DIP_IRI = PREFIXES["dip"]
#: The namespace of the SHACL node shapes (``dips:`` in ``ontologies/shapes.ttl``).
SHAPES_IRI = "https://w3id.org/graphkit/shapes#"

#: Interaction predicate (records.PREDICATES) → event class local name in the ontology,
#: from the predicate table.
EVENT_CLASSES: dict[str, str] = predicate_table().event_classes
STATUS_INDIVIDUALS: dict[str, str] = {"occurred": "Occurred", "planned": "Planned", "negated": "Negated"}
ACTOR_KINDS = ("Person", "Organization", "Country")


@dataclass(frozen=True)
class Actor:
    """One resolved real-world actor as an article describes it (made by ``graphkit.resolve``).

    ``names`` are the names this article uses for the actor (written as ``skos:altLabel``
    unless equal to ``label``); ``affiliation`` is an actor IRI; ``same_as`` a full IRI
    (a Wikidata entity) or None.
    """

    iri: str
    kind: str
    label: str
    names: tuple[str, ...] = ()
    title: str | None = None
    affiliation: str | None = None
    same_as: str | None = None


@dataclass(frozen=True)
class Resolution:
    """The identities of one extraction: entity id (:attr:`~graphkit.records.Entity.ref`,
    what interactions name) → actor IRI, and the actors."""

    iris: Mapping[str, str]
    actors: tuple[Actor, ...]


def _hash(*parts: object, length: int = 16) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def slugify(text: str) -> str:
    """A readable IRI segment: lower case ASCII words joined by hyphens.

    >>> slugify("Côte d'Ivoire")
    'cote-divoire'
    >>> slugify("  ")
    'actor'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "actor"


def article_key(article: Article) -> str:
    """What makes two readings "the same article": its URL, else its path, else its name."""
    return article.url or article.path or article.name


def article_iri(article: Article) -> URIRef:
    """The article's IRI, which is also the IRI of its named graph."""
    from rdflib import URIRef

    return URIRef(ARTICLE_BASE + _hash(article_key(article)))


def actor_iri(slug: str) -> URIRef:
    """The IRI of the actor with this slug (see :func:`slugify`)."""
    from rdflib import URIRef

    return URIRef(ACTOR_BASE + slug)


def actor_slug(iri: str) -> str | None:
    """The slug of an actor IRI, or None when ``iri`` is not a graphkit actor IRI.

    >>> actor_slug("https://w3id.org/graphkit/id/actor/lloyd-austin"), actor_slug("https://example.org/x")
    ('lloyd-austin', None)
    """
    return iri[len(ACTOR_BASE):] if iri.startswith(ACTOR_BASE) else None


def fallback_label(iri: str) -> str:
    """What to call an actor whose graph gives no label: its slug in words, else its IRI.

    >>> fallback_label("https://w3id.org/graphkit/id/actor/lloyd-austin")
    'lloyd austin'
    """
    slug = actor_slug(iri)
    return slug.replace("-", " ") if slug else iri


def dip_name(term: str) -> str | None:
    """The local name of a ``dip:`` term given as an IRI or a ``dip:`` CURIE, else None.

    Only the IRI form of the ontology's namespace counts: whether the name is a known term
    is for the caller (or the closed :data:`graphkit.namespace.DIP`) to say.

    >>> dip_name("https://w3id.org/graphkit/diplomacy#spokeWith"), dip_name("dip:Occurred")
    ('spokeWith', 'Occurred')
    >>> dip_name("http://www.w3.org/ns/org#Post") is None
    True
    """
    for prefix in (DIP_IRI, "dip:"):
        if term.startswith(prefix):
            return term[len(prefix):]
    return None


def interaction_iri(article: Article, *parts: object) -> URIRef:
    """A stable event IRI: the same article and parts give the same IRI on every build."""
    from rdflib import URIRef

    return URIRef(INTERACTION_BASE + _hash(article_key(article), *parts))


def wikidata_iri(qid: str) -> str:
    """``Q42`` → ``http://www.wikidata.org/entity/Q42``."""
    return WIKIDATA_ENTITY + qid.strip().upper()


def bind_prefixes(graph: Graph) -> Graph:
    """Bind graphkit's prefixes on ``graph`` (no ``ns1:`` in any output) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _date(text: str | None) -> date | None:
    # Only full calendar days become dip:date (xsd:date); a partial "2024-03" is not a day.
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def extraction_graph(extraction: Extraction, resolution: Resolution) -> Graph:
    """The named graph of one article: article metadata, actors, posts, events, direct triples.

    Each interaction becomes an event node; interactions sharing a non-empty ``group``
    become ONE event with every participant. Occurred interactions also give the direct
    triple ``subject dip:P object`` (pairwise for a group).

    Raises :class:`~graphkit.errors.InputError` when an interaction names an entity the
    extraction does not have, or uses an unknown predicate or status.
    """
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

    from graphkit.namespace import DIP
    from graphkit.namespace import ORG as org
    from graphkit.namespace import SCHEMA as schema

    article = extraction.article
    here = article_iri(article)
    graph = bind_prefixes(Graph(identifier=here))
    add = graph.add

    add((here, RDF.type, schema.NewsArticle))
    add((here, RDF.type, PROV.Entity))
    add((here, DIP.contentHash, Literal(article.id)))
    add((here, DIP.sourceName, Literal(article.name)))
    if article.title:
        add((here, schema.headline, Literal(article.title)))
    if article.published:
        add((here, schema.datePublished, Literal(article.published, datatype=XSD.date)))
    if article.source:
        add((here, schema.publisher, Literal(article.source)))
    if article.url:
        add((here, schema.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.text:
        # The text the evidence offsets point into: the workbench's article page shows it
        # with the evidence sentences and names highlighted.
        add((here, schema.articleBody, Literal(article.text)))

    for actor in resolution.actors:
        node = URIRef(actor.iri)
        add((node, RDF.type, DIP[actor.kind]))
        add((node, RDFS.label, Literal(actor.label)))
        add((node, SKOS.prefLabel, Literal(actor.label)))
        for name in actor.names:
            if name and name != actor.label:
                add((node, SKOS.altLabel, Literal(name)))
        if actor.same_as:
            add((node, OWL.sameAs, URIRef(actor.same_as)))
        if actor.affiliation and actor.affiliation != actor.iri:
            add((node, DIP.affiliation, URIRef(actor.affiliation)))
        if actor.title:
            post = BNode()
            add((node, org.holds, post))
            add((post, RDF.type, org.Post))
            add((post, DIP.title, Literal(actor.title)))
            if actor.affiliation and actor.affiliation != actor.iri:
                add((post, org.postIn, URIRef(actor.affiliation)))
            add((post, PROV.wasDerivedFrom, here))

    def iri_of(ref: str) -> URIRef:
        try:
            return URIRef(resolution.iris[ref])
        except KeyError:
            raise InputError(article.name, f"an interaction names {ref!r}, which is not one of its entities") from None

    for members in _events(extraction.interactions):
        first = members[0]
        if first.predicate not in PREDICATES:
            raise InputError(article.name, f"unknown predicate {first.predicate!r}")
        if first.status not in STATUSES:
            raise InputError(article.name, f"unknown status {first.status!r}")
        pairs = [(iri_of(i.subject), iri_of(i.object)) for i in members]
        pairs = [(s, o) for s, o in pairs if s != o]  # two names resolved to one actor
        if not pairs:
            continue
        actor = pairs[0][0]
        targets = list(dict.fromkeys(o for s, o in pairs if o != actor) or [pairs[0][1]])
        participants = list(dict.fromkeys(x for pair in pairs for x in pair))
        if first.group:
            event = interaction_iri(article, "group", first.group, first.predicate, first.status)
        else:
            event = interaction_iri(article, first.predicate, actor, pairs[0][1], first.status,
                                    first.start, first.end, first.date)
        prop = DIP[first.predicate]
        add((event, RDF.type, DIP[EVENT_CLASSES[first.predicate]]))
        add((event, DIP.predicate, prop))
        add((event, DIP.actor, actor))
        for target in targets:
            add((event, DIP.target, target))
        for participant in participants:
            add((event, DIP.participant, participant))
        add((event, DIP.status, DIP[STATUS_INDIVIDUALS[first.status]]))
        when = _date(first.date)
        if when is not None:
            add((event, DIP.date, Literal(when, datatype=XSD.date)))
        add((event, DIP.evidence, Literal(first.evidence)))
        add((event, DIP.evidenceStart, Literal(int(first.start), datatype=XSD.integer)))
        add((event, DIP.evidenceEnd, Literal(int(first.end), datatype=XSD.integer)))
        confidence = Decimal(str(round(float(first.confidence), 4)))
        add((event, DIP.confidence, Literal(confidence, datatype=XSD.decimal)))
        if first.trigger:
            add((event, DIP.trigger, Literal(first.trigger)))
        add((event, PROV.wasDerivedFrom, here))
        if first.status == "occurred":
            for subject, obj in pairs:
                add((subject, prop, obj))
    return graph


def _events(interactions: Iterable[Interaction]) -> list[list[Interaction]]:
    """Interactions grouped into events, in document order: one list per event node.

    A non-empty ``group`` ties the pairwise records of one multilateral event; records of
    a group that differ in predicate or status are different events.
    """
    events: dict[object, list[Interaction]] = {}
    for index, interaction in enumerate(interactions):
        key: object = ((interaction.group, interaction.predicate, interaction.status)
                       if interaction.group else index)
        events.setdefault(key, []).append(interaction)
    return list(events.values())
