"""RDF graph → networkx projection: actors as nodes, one edge per interaction.

The projection reads the store only through SPARQL ``SELECT`` (anything with a
``select(sparql) -> list[dict]`` method), so it works on the embedded Oxigraph store, an
in-memory rdflib dataset or a remote endpoint alike. The map (``graphkit.viz``) and the
analysis functions build on the :class:`networkx.MultiDiGraph` it returns.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from graphkit.errors import QueryError
from graphkit.rdf import ACTOR_KINDS as KINDS
from graphkit.rdf import PREFIXES as NAMESPACES
from graphkit.rdf import dip_name, fallback_label
from graphkit.records import PREDICATES, STATUSES, SYMMETRIC_PREDICATES

if TYPE_CHECKING:
    import networkx as nx

# Spelt out in every query: a remote endpoint does not know graphkit's prefixes.
PREFIXES = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in ("dip", "prov", "org", "rdfs", "schema", "xsd"))

_ACTORS = PREFIXES + """
SELECT DISTINCT ?actor ?type ?label WHERE {
  GRAPH ?g {
    ?actor a ?type .
    VALUES ?type { dip:Person dip:Organization dip:Country }
    OPTIONAL { ?actor rdfs:label ?label }
  }
}"""

_AFFILIATIONS = PREFIXES + """
SELECT DISTINCT ?actor ?affiliation WHERE {
  GRAPH ?g { ?actor dip:affiliation ?affiliation }
}"""

_TITLES = PREFIXES + """
SELECT DISTINCT ?actor ?title ?published WHERE {
  GRAPH ?g {
    ?actor org:holds ?post .
    ?post dip:title ?title .
    OPTIONAL { ?g schema:datePublished ?published }
  }
}"""

#: What an event's row carries besides its ends, inside its article's graph ``?g``:
#: ``?status ?date ?evidence ?confidence``, the ``?article`` it came from (its graph when
#: it names none), and that article's ``?title`` and ``?url``. The map and the
#: workbench's pages read events through it.
EVENT_DETAILS = """OPTIONAL { ?event dip:status ?status }
    OPTIONAL { ?event dip:date ?date }
    OPTIONAL { ?event dip:evidence ?evidence }
    OPTIONAL { ?event dip:confidence ?confidence }
    OPTIONAL { ?event prov:wasDerivedFrom ?source }
    BIND (COALESCE(?source, ?g) AS ?article)
    OPTIONAL { ?article schema:headline ?title }
    OPTIONAL { ?article schema:url ?url }"""

_EVENTS = PREFIXES + """
SELECT ?event ?predicate ?actor ?target ?date ?status ?evidence ?confidence ?article ?title ?url WHERE {
  GRAPH ?g {
    ?event dip:predicate ?predicate ;
           dip:actor ?actor .
    %(values)s
    OPTIONAL { ?event dip:target ?target }
    %(details)s
  }
  %(filters)s
}"""

# Only events with more than two participants need their participant list: the others
# are fully described by dip:actor and dip:target.
_MULTILATERAL = PREFIXES + """
SELECT ?event ?participant WHERE {
  {
    SELECT ?event WHERE { GRAPH ?g1 { ?event dip:participant ?x } }
    GROUP BY ?event HAVING (COUNT(DISTINCT ?x) > 2)
  }
  GRAPH ?g2 { ?event dip:participant ?participant }
}"""


class SelectSource(Protocol):
    """Anything that answers SPARQL SELECT queries with rows of plain Python values."""

    def select(self, sparql: str) -> list[dict[str, object]]:  # pragma: no cover - protocol
        ...


def project(
    source: SelectSource,
    *,
    since: date | None = None,
    until: date | None = None,
    predicates: Collection[str] | None = None,
    include_planned: bool = False,
    min_confidence: float = 0.0,
    statuses: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """Project the interaction events of an RDF graph onto an actor network.

    Parameters
    ----------
    source : object with ``select(sparql) -> list[dict]``
        The graph, read through SPARQL SELECT only (e.g. ``graphkit.graph.KnowledgeGraph``).
    since, until : datetime.date, optional
        Keep only events dated inside ``[since, until]`` (both inclusive). When either is
        given, undated events are left out: they cannot be placed in the window.
    predicates : collection of str, optional
        Keep only these interaction types, as local names (``"met"``), ``dip:`` CURIEs
        or full IRIs. Default: all of them.
    include_planned : bool, default False
        Also keep announced but not yet held events (status ``dip:Planned``). Negated
        events are never kept: they did not happen.
    statuses : collection of str, optional
        Keep exactly the events of these statuses (``"occurred"``, ``"planned"``,
        ``"negated"``), instead of what ``include_planned`` says.
    min_confidence : float, default 0.0
        Keep only events whose ``dip:confidence`` is at least this (from 0 to 1). An
        event without a confidence counts as 1.0.

    Returns
    -------
    networkx.MultiDiGraph
        One node per actor that took part in a kept event, keyed by actor IRI, with
        ``label``, ``kind`` (``"Person"``, ``"Organization"``, ``"Country"`` or None),
        ``title``, ``country`` (the affiliation's label; a country's own label),
        ``first_contact`` and ``last_contact`` (dates or None). One edge per event from
        ``dip:actor`` to ``dip:target``, keyed by event IRI, with ``predicate``, ``date``,
        ``status``, ``evidence``, ``confidence`` (a float, None when the event has
        none), ``article``, ``article_title``, ``article_url`` and ``event``. An event
        with more than two participants gives one edge per pair: every pair for a
        symmetric predicate, actor → each other participant for a directed one.

    Raises
    ------
    QueryError
        An unknown predicate name, ``since`` after ``until``, or ``min_confidence``
        outside [0, 1].

    Examples
    --------
    >>> class Empty:
    ...     def select(self, sparql):
    ...         return []
    >>> g = project(Empty())
    >>> g.number_of_nodes(), g.number_of_edges()
    (0, 0)
    """
    import networkx as nx

    if since and until and since > until:
        raise QueryError(f"the date window is empty: since {since} is after until {until}")
    if isinstance(min_confidence, bool) or not 0.0 <= min_confidence <= 1.0:  # NaN fails too
        raise QueryError(f"min_confidence must be a number from 0 to 1, not {min_confidence!r}")
    wanted = normalise_predicates(predicates)
    actors = _actors(source)
    kept = _statuses(statuses, include_planned)
    events = _events(source, since=since, until=until, predicates=wanted, statuses=kept,
                     min_confidence=float(min_confidence))
    multilateral = _multilateral(source, events) if events else {}

    graph = nx.MultiDiGraph(since=since, until=until, include_planned="planned" in kept, statuses=kept,
                            predicates=tuple(sorted(wanted)) if wanted else None,
                            min_confidence=float(min_confidence))
    for row in events:
        event = row["event"]
        attrs = {
            "predicate": row["predicate"],
            "date": row["date"],
            "status": row["status"],
            "evidence": row["evidence"],
            "confidence": row["confidence"],
            "article": row["article"],
            "article_title": row["title"],
            "article_url": row["url"],
            "event": event,
        }
        for u, v in _pairs(row, multilateral.get(event)):
            for node in (u, v):
                if node not in graph:
                    graph.add_node(node, **actors.get(node, _unknown_actor(node)))
                _touch(graph.nodes[node], row["date"])
            graph.add_edge(u, v, key=event, **attrs)
    return graph


def _statuses(statuses: Collection[str] | None, include_planned: bool) -> tuple[str, ...]:
    if statuses is None:
        return ("occurred", "planned") if include_planned else ("occurred",)
    if isinstance(statuses, str) or not statuses or any(s not in STATUSES for s in statuses):
        raise QueryError(f"statuses must be some of {', '.join(STATUSES)}, not {statuses!r}")
    return tuple(s for s in STATUSES if s in statuses)


def normalise_predicates(predicates: Collection[str] | None) -> frozenset[str] | None:
    """Predicate names as local names (``"met"``) from local names, ``dip:`` CURIEs or
    IRIs; an unknown one raises :class:`QueryError` naming the known ones.

    >>> sorted(normalise_predicates(["dip:met", " spokeWith"]))
    ['met', 'spokeWith']
    """
    if predicates is None:
        return None
    names = set()
    for given in predicates:
        name = given.strip()
        name = dip_name(name) or name
        if name not in PREDICATES:
            raise QueryError(f"unknown predicate {given!r}; known: {', '.join(PREDICATES)}")
        names.add(name)
    return frozenset(names)


def _dip(iri: object) -> str:
    # A dip: term's local name; anything else (another vocabulary's term) as it is.
    return dip_name(str(iri)) or str(iri)


def as_date(value: object) -> date | None:
    """A date read from a query's value (a ``date``, or text starting with an ISO day), else None."""
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_confidence(value: object) -> float | None:
    """A confidence read from a query's value: a number from 0 to 1, else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number <= 1.0 else None


def _decimal(value: float) -> str:
    """``value`` as an xsd:decimal literal (never in exponent form)."""
    from decimal import Decimal

    return f'"{format(Decimal(repr(value)), "f")}"^^xsd:decimal'


def _unknown_actor(iri: str) -> dict[str, Any]:
    # A participant the graph never typed: show its slug rather than dropping the event.
    return {"label": fallback_label(iri), "kind": None, "title": None,
            "country": None, "first_contact": None, "last_contact": None}


def _touch(node: dict[str, Any], when: date | None) -> None:
    if when is None:
        return
    if node["first_contact"] is None or when < node["first_contact"]:
        node["first_contact"] = when
    if node["last_contact"] is None or when > node["last_contact"]:
        node["last_contact"] = when


def _actors(source: SelectSource) -> dict[str, dict[str, Any]]:
    actors: dict[str, dict[str, Any]] = {}
    for row in _rows(source, _ACTORS):
        iri = str(row["actor"])
        kind = _dip(row["type"])
        node = actors.setdefault(iri, _unknown_actor(iri))
        # An actor typed differently by two articles: the most specific reading wins,
        # Person over Organization over Country, so the choice does not depend on row order.
        if node["kind"] is None or KINDS.index(kind) < KINDS.index(node["kind"]):
            node["kind"] = kind
        if row.get("label"):
            label = str(row["label"])
            if node["label"] == fallback_label(iri) or label < node["label"]:
                node["label"] = label
    for node in actors.values():
        if node["kind"] == "Country":
            node["country"] = node["label"]
    affiliations: dict[str, list[str]] = {}
    for row in _rows(source, _AFFILIATIONS):
        affiliations.setdefault(str(row["actor"]), []).append(str(row["affiliation"]))
    for iri, found in affiliations.items():
        if iri in actors and actors[iri]["kind"] != "Country":
            target = min(found)
            actors[iri]["country"] = actors.get(target, _unknown_actor(target))["label"]
    titles: dict[str, tuple[date, str]] = {}
    for row in _rows(source, _TITLES):
        iri = str(row["actor"])
        # The post stated by the most recent article is the one the actor holds now.
        candidate = (as_date(row.get("published")) or date.min, str(row["title"]))
        if iri not in titles or candidate > titles[iri]:
            titles[iri] = candidate
    for iri, (_, title) in titles.items():
        if iri in actors:
            actors[iri]["title"] = title
    return actors


def _events(source: SelectSource, *, since: date | None, until: date | None,
            predicates: frozenset[str] | None, statuses: tuple[str, ...],
            min_confidence: float = 0.0) -> list[dict[str, Any]]:
    values = ""
    if predicates is not None:
        values = "VALUES ?predicate { " + " ".join(f"dip:{p}" for p in sorted(predicates)) + " }"
    # An event stated without a status occurred.
    unstated = "!BOUND(?status) || " if "occurred" in statuses else ""
    wanted = ", ".join(f"dip:{s.capitalize()}" for s in statuses)
    filters = [f"FILTER ({unstated}?status IN ({wanted}))"]
    if since is not None:
        filters.append(f'FILTER (BOUND(?date) && ?date >= "{since.isoformat()}"^^xsd:date)')
    if until is not None:
        filters.append(f'FILTER (BOUND(?date) && ?date <= "{until.isoformat()}"^^xsd:date)')
    if min_confidence > 0:
        # No confidence counts as 1.0; one that is not a number compares as an error: out.
        filters.append(f'FILTER (!BOUND(?confidence) || ?confidence >= {_decimal(min_confidence)})')
    query = _EVENTS % {"values": values, "details": EVENT_DETAILS, "filters": "\n  ".join(filters)}
    events: dict[str, dict[str, Any]] = {}
    for row in _rows(source, query):
        event = str(row["event"])
        if event in events:  # a repeated optional value: keep the first reading
            continue
        events[event] = {
            "event": event,
            "predicate": _dip(row["predicate"]),
            "actor": str(row["actor"]),
            "target": str(row["target"]) if row.get("target") else None,
            "date": as_date(row.get("date")),
            "status": _dip(row["status"]).lower() if row.get("status") else "occurred",
            "evidence": str(row["evidence"]) if row.get("evidence") is not None else "",
            "confidence": as_confidence(row.get("confidence")),
            "article": str(row["article"]) if row.get("article") else None,
            "title": str(row["title"]) if row.get("title") is not None else None,
            "url": str(row["url"]) if row.get("url") else None,
        }
    return sorted(events.values(), key=lambda e: (e["date"] or date.max, e["event"]))


def _multilateral(source: SelectSource, events: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    wanted = {e["event"] for e in events}
    found: dict[str, set[str]] = {}
    for row in _rows(source, _MULTILATERAL):
        event = str(row["event"])
        if event in wanted:
            found.setdefault(event, set()).add(str(row["participant"]))
    return {event: sorted(people) for event, people in found.items()}


def _pairs(event: Mapping[str, Any], participants: list[str] | None) -> list[tuple[str, str]]:
    actor, target = event["actor"], event["target"]
    if not participants:
        return [(actor, target)] if target and target != actor else []
    if event["predicate"] in SYMMETRIC_PREDICATES:
        # Actor first, then the others in IRI order: stable edge directions.
        ordered = [actor] + [p for p in participants if p != actor]
        return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]
    return [(actor, p) for p in participants if p != actor]


def _rows(source: SelectSource, query: str) -> list[dict[str, object]]:
    try:
        return source.select(query)
    except QueryError:
        raise
    except Exception as exc:  # the store's own error type varies by backend
        raise QueryError(f"projection query failed: {exc}") from exc
