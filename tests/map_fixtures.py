"""A small hand-written diplomacy graph in the agreed vocabulary, for the map tests.

The people are invented; the countries and organisations are real. Every article is a
named graph holding its metadata, its events and the actor triples it needs, exactly as
the graph builder writes them. ``FixtureGraph.select`` answers SPARQL SELECT with plain
Python values, like ``graphkit.graph.KnowledgeGraph.select``.
"""
from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rdflib import RDF, RDFS, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SKOS

DIP = Namespace("https://w3id.org/graphkit/diplomacy#")
SCHEMA = Namespace("https://schema.org/")
ID = "https://w3id.org/graphkit/id/"

CLASS_OF = {
    "met": "Meeting", "spokeWith": "PhoneCall", "negotiatedWith": "Negotiation",
    "agreedWith": "Agreement", "visited": "Visit", "hosted": "Hosting", "briefed": "Briefing",
    "urged": "Appeal", "criticized": "Criticism", "supported": "Support",
    "threatened": "Threat", "sanctioned": "Sanction", "aided": "Aid", "summoned": "Summons",
    "invited": "Invitation",
}

# slug: (label, kind, title, affiliation slug)
ACTORS = {
    "united-states": ("United States", "Country", None, None),
    "france": ("France", "Country", None, None),
    "germany": ("Germany", "Country", None, None),
    "japan": ("Japan", "Country", None, None),
    "ukraine": ("Ukraine", "Country", None, None),
    "russia": ("Russia", "Country", None, None),
    "egypt": ("Egypt", "Country", None, None),
    "nato": ("NATO", "Organization", None, None),
    "united-nations": ("United Nations", "Organization", None, None),
    "helena-marsh": ("Helena Marsh", "Person", "Secretary of State", "united-states"),
    "paul-okafor": ("Paul Okafor", "Person", "Secretary of Defense", "united-states"),
    "claire-duval": ("Claire Duval", "Person", "Foreign Minister", "france"),
    "jonas-richter": ("Jonas Richter", "Person", "Foreign Minister", "germany"),
    "aiko-tanabe": ("Aiko Tanabe", "Person", "Foreign Minister", "japan"),
    "oleh-marchenko": ("Oleh Marchenko", "Person", "Foreign Minister", "ukraine"),
    "samir-haddad": ("Samir Haddad", "Person", "Foreign Minister", "egypt"),
    "ingrid-solberg": ("Ingrid Solberg", "Person", "Secretary General", "nato"),
    "rafael-ortiz": ("Rafael Ortiz", "Person", "Under-Secretary-General", "united-nations"),
    # In no event of EVENTS: for tests of an actor known only from an interaction not held.
    "mira-kovac": ("Mira Kovac", "Person", None, None),
}


@dataclass(frozen=True)
class Event:
    """One interaction as the graph builder stores it."""

    article: str
    predicate: str
    actor: str
    target: str
    date: date | None
    evidence: str
    status: str = "Occurred"
    others: tuple[str, ...] = ()  # extra participants of a multilateral event


# key: (headline, published, url or None)
ARTICLES = {
    "a1": ("Marsh and Duval agree on a joint line before the summit", date(2024, 3, 4),
           "https://news.example.org/2024/03/marsh-duval"),
    "a2": ("Ministers meet in Brussels as NATO weighs new aid", date(2024, 4, 3),
           "https://news.example.org/2024/04/brussels-ministers"),
    "a3": ("Cairo talks: Haddad hosts Marsh", date(2024, 5, 20), None),
    "a4": ("Sanctions widen as Western capitals rebuke Moscow", date(2024, 9, 9),
           "https://news.example.org/2024/09/sanctions"),
    "a5": ("Tanabe's calls & visits ahead of the autumn session", date(2024, 10, 14),
           "https://news.example.org/2024/10/tanabe"),
}

EVENTS = (
    Event("a1", "spokeWith", "helena-marsh", "claire-duval", date(2024, 3, 2),
          "Marsh spoke with Duval by phone on Saturday about the summit agenda."),
    Event("a1", "met", "helena-marsh", "claire-duval", date(2024, 3, 4),
          "Marsh and Duval met in Paris on Monday."),
    Event("a1", "agreedWith", "helena-marsh", "claire-duval", date(2024, 3, 4),
          "The two ministers agreed to coordinate their positions."),
    Event("a1", "invited", "claire-duval", "aiko-tanabe", None,
          "Duval said she had invited Tanabe to Paris later this year."),
    Event("a1", "met", "claire-duval", "jonas-richter", date(2024, 3, 12),
          "Duval will meet Richter next week.", status="Planned"),
    Event("a2", "met", "helena-marsh", "jonas-richter", date(2024, 4, 3),
          "Foreign ministers met in Brussels on Wednesday.",
          others=("claire-duval", "oleh-marchenko")),
    Event("a2", "briefed", "ingrid-solberg", "oleh-marchenko", date(2024, 4, 3),
          "Solberg briefed Marchenko on the alliance's air-defence plans."),
    Event("a2", "supported", "nato", "ukraine", date(2024, 4, 4),
          "NATO pledged continued support for Ukraine."),
    Event("a2", "aided", "germany", "ukraine", date(2024, 4, 4),
          "Germany sent a further air-defence system to Ukraine."),
    Event("a2", "spokeWith", "paul-okafor", "oleh-marchenko", date(2024, 4, 2),
          "Okafor spoke with Marchenko before the meeting."),
    Event("a2", "urged", "ingrid-solberg", "germany", date(2024, 4, 3),
          "Solberg urged Germany to speed up deliveries."),
    Event("a3", "visited", "helena-marsh", "egypt", date(2024, 5, 19),
          "Marsh arrived in Cairo on Sunday."),
    Event("a3", "hosted", "samir-haddad", "helena-marsh", date(2024, 5, 20),
          "Haddad hosted Marsh for talks on Gaza aid corridors."),
    Event("a3", "negotiatedWith", "samir-haddad", "helena-marsh", date(2024, 5, 20),
          "They negotiated the terms of a ceasefire proposal."),
    Event("a3", "spokeWith", "samir-haddad", "rafael-ortiz", date(2024, 5, 21),
          "Haddad later spoke with Ortiz about humanitarian access."),
    Event("a3", "met", "samir-haddad", "claire-duval", date(2024, 5, 22),
          "Haddad did not meet Duval, despite earlier reports.", status="Negated"),
    Event("a4", "sanctioned", "united-states", "russia", date(2024, 9, 6),
          "The United States sanctioned twelve Russian firms on Friday."),
    Event("a4", "sanctioned", "france", "russia", date(2024, 9, 6),
          "France sanctioned several Russian banks."),
    Event("a4", "criticized", "claire-duval", "russia", date(2024, 9, 8),
          'Duval said Moscow\'s strikes were "unacceptable <b>& reckless</b>".'),
    Event("a4", "threatened", "russia", "france", date(2024, 9, 8),
          "Moscow threatened retaliation against France."),
    Event("a4", "summoned", "russia", "france", date(2024, 9, 9),
          "Russia summoned the French ambassador."),
    Event("a4", "criticized", "helena-marsh", "russia", date(2024, 9, 7),
          "Marsh criticized the strikes on energy infrastructure."),
    Event("a5", "spokeWith", "aiko-tanabe", "helena-marsh", date(2024, 10, 10),
          "Tanabe spoke with Marsh on Thursday."),
    Event("a5", "spokeWith", "aiko-tanabe", "claire-duval", date(2024, 10, 11),
          "Tanabe also called Duval."),
    Event("a5", "visited", "aiko-tanabe", "ukraine", date(2024, 10, 13),
          "Tanabe visited Kyiv on Sunday."),
    Event("a5", "met", "aiko-tanabe", "oleh-marchenko", date(2024, 10, 13),
          "Tanabe met Marchenko in Kyiv."),
    Event("a5", "aided", "japan", "ukraine", date(2024, 10, 13),
          "Japan announced new reconstruction aid for Ukraine."),
    Event("a5", "met", "aiko-tanabe", "rafael-ortiz", date(2024, 10, 14),
          "Tanabe met Ortiz at the UN on Monday."),
)


def actor_iri(slug: str) -> str:
    return f"{ID}actor/{slug}"


def article_iri(key: str) -> str:
    return f"{ID}article/{key}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def event_iri(event: Event) -> str:
    digest = hashlib.sha1(repr(event).encode()).hexdigest()[:16]
    return f"{ID}interaction/{digest}"


def build_dataset(events: tuple[Event, ...] = EVENTS) -> Dataset:
    """The fixture as an rdflib Dataset: one named graph per article."""
    # A closed namespace as a module global makes pytest's doctest collection warn.
    from rdflib.namespace import XSD

    ds = Dataset()
    for prefix, ns in (("dip", DIP), ("prov", PROV), ("org", ORG), ("skos", SKOS),
                       ("schema", SCHEMA)):
        ds.bind(prefix, ns)
    graphs = {}
    for key, (headline, published, url) in ARTICLES.items():
        art = URIRef(article_iri(key))
        g = ds.graph(art)
        graphs[key] = g
        g.add((art, RDF.type, SCHEMA.NewsArticle))
        g.add((art, RDF.type, PROV.Entity))
        g.add((art, SCHEMA.headline, Literal(headline)))
        g.add((art, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
        g.add((art, SCHEMA.publisher, Literal("Example Wire")))
        if url:
            g.add((art, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
    for ev in events:
        g = graphs[ev.article]
        art = URIRef(article_iri(ev.article))
        node = URIRef(event_iri(ev))
        g.add((node, RDF.type, DIP[CLASS_OF[ev.predicate]]))
        g.add((node, RDF.type, DIP.Interaction))
        g.add((node, DIP.predicate, DIP[ev.predicate]))
        g.add((node, DIP.actor, URIRef(actor_iri(ev.actor))))
        g.add((node, DIP.target, URIRef(actor_iri(ev.target))))
        for slug in (ev.actor, ev.target, *ev.others):
            g.add((node, DIP.participant, URIRef(actor_iri(slug))))
            _add_actor(g, slug, art)
        if ev.date:
            g.add((node, DIP.date, Literal(ev.date, datatype=XSD.date)))
        g.add((node, DIP.status, DIP[ev.status]))
        g.add((node, DIP.evidence, Literal(ev.evidence, datatype=XSD.string)))
        g.add((node, DIP.confidence, Literal(Decimal("0.9"), datatype=XSD.decimal)))
        g.add((node, PROV.wasDerivedFrom, art))
        if ev.status == "Occurred":
            g.add((URIRef(actor_iri(ev.actor)), DIP[ev.predicate], URIRef(actor_iri(ev.target))))
    return ds


def _add_actor(g, slug: str, article: URIRef) -> None:
    label, kind, title, affiliation = ACTORS[slug]
    iri = URIRef(actor_iri(slug))
    g.add((iri, RDF.type, DIP[kind]))
    g.add((iri, RDFS.label, Literal(label)))
    g.add((iri, SKOS.prefLabel, Literal(label)))
    if affiliation:
        g.add((iri, DIP.affiliation, URIRef(actor_iri(affiliation))))
        _add_actor(g, affiliation, article)
    if title:
        post = URIRef(f"{iri}/post/{slug}-{hashlib.sha1(str(article).encode()).hexdigest()[:6]}")
        g.add((iri, ORG.holds, post))
        g.add((post, RDF.type, ORG.Post))
        g.add((post, DIP.title, Literal(title)))
        g.add((post, ORG.postIn, URIRef(actor_iri(affiliation))))
        g.add((post, PROV.wasDerivedFrom, article))


class FixtureGraph:
    """``select()`` over an rdflib Dataset, returning plain Python values."""

    def __init__(self, dataset: Dataset | None = None) -> None:
        self.dataset = dataset if dataset is not None else build_dataset()

    def select(self, sparql: str) -> list[dict[str, object]]:
        with warnings.catch_warnings():
            # rdflib's SPARQL engine calls its own deprecated Dataset methods.
            warnings.simplefilter("ignore", DeprecationWarning)
            result = self.dataset.query(sparql)
            bindings = list(result)
        rows = []
        for row in bindings:
            out: dict[str, object] = {}
            for var in result.vars:
                value = row[var]
                if value is None:
                    out[str(var)] = None
                elif isinstance(value, Literal):
                    py = value.toPython()
                    out[str(var)] = float(py) if isinstance(py, Decimal) else (
                        py if isinstance(py, (date, int, float)) else str(value))
                else:
                    out[str(var)] = str(value)
            rows.append(out)
        return rows
