"""What the workbench (``graphkit serve``) shows, as JSON-ready dicts: no web framework here.

Each view reads the store through SPARQL ``SELECT`` only (anything with a
``select(sparql) -> list[dict]``, as :mod:`graphkit.projection`), so the same views serve
the embedded store and a remote endpoint, and tests call them without a server.

Actors and articles are addressed by short ids: an actor by the slug of its IRI
(``lloyd-austin``), an article by the hash of its IRI. Ids from a request are checked
against the IRI scheme before they reach a query (:func:`actor_ref`, :func:`article_ref`),
so no text from a URL is ever spliced into SPARQL.

Texts (names, titles, evidence, headlines) stay raw: the pages escape them where they
show them.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError
from graphkit.names import KnownActor
from graphkit.projection import EVENT_DETAILS, SelectSource, as_confidence, as_date
from graphkit.projection import PREFIXES as _PROJECTION_PREFIXES
from graphkit.rdf import ACTOR_BASE, ACTOR_KINDS, ARTICLE_BASE, actor_slug, dip_name, fallback_label
from graphkit.rdf import PREFIXES as NAMESPACES
from graphkit.records import STATUSES

if TYPE_CHECKING:
    import difflib

    import networkx as nx

    from graphkit.viz import MapOptions

PREFIXES = _PROJECTION_PREFIXES + f"PREFIX skos: <{NAMESPACES['skos']}>\n"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
DEFAULT_TOP = 100  # actors on the map's first view: readable, and quick to lay out
MAX_TOP = 2000
PAGE_SIZE = 20  # evidence sentences per page of an actor


class NotFound(QueryError):
    """An id that names nothing in the store (the server answers 404)."""


@dataclass(frozen=True)
class Filters:
    """Which interactions a view counts.

    ``statuses`` are the statuses kept (occurred only by default: planned and negated
    interactions did not happen, and are shown only on request). ``focus`` is an actor
    IRI (a country or organisation): only interactions with that actor or someone
    affiliated with it.
    """

    since: date | None = None
    until: date | None = None
    predicates: tuple[str, ...] | None = None
    min_confidence: float = 0.0
    statuses: tuple[str, ...] = ("occurred",)
    focus: str | None = None

    def __post_init__(self) -> None:
        unknown = [s for s in self.statuses if s not in STATUSES]
        if unknown:
            raise QueryError(f"unknown status {unknown[0]!r}; use {', '.join(STATUSES)}")
        if isinstance(self.min_confidence, bool) or not 0.0 <= self.min_confidence <= 1.0:
            raise QueryError(f"min_confidence must be a number from 0 to 1, not {self.min_confidence!r}")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"the date window is empty: since {self.since} is after until {self.until}")


def actor_ref(actor_id: str) -> str:
    """The IRI of the actor whose id (IRI slug) is ``actor_id``; a malformed id is refused.

    >>> actor_ref("lloyd-austin")
    'https://w3id.org/graphkit/id/actor/lloyd-austin'
    >>> actor_ref("x> } DROP ALL")
    Traceback (most recent call last):
    ...
    graphkit.workbench.NotFound: no actor has the id 'x> } DROP ALL'
    """
    if not _SLUG.fullmatch(actor_id):
        raise NotFound(f"no actor has the id {actor_id!r}")
    return ACTOR_BASE + actor_id


def article_ref(article_id: str) -> str:
    """The IRI of the article whose id is ``article_id`` (16 hex digits), else :class:`NotFound`."""
    if not _ARTICLE_ID.fullmatch(article_id):
        raise NotFound(f"no article has the id {article_id!r}")
    return ARTICLE_BASE + article_id


def actor_id(iri: str) -> str | None:
    """The id of an actor IRI (its slug), or None for an IRI outside graphkit's scheme."""
    slug = actor_slug(iri)
    return slug if slug and _SLUG.fullmatch(slug) else None


def article_id(iri: str | None) -> str | None:
    """The id of an article IRI, or None."""
    if iri and iri.startswith(ARTICLE_BASE) and _ARTICLE_ID.fullmatch(iri[len(ARTICLE_BASE):]):
        return iri[len(ARTICLE_BASE):]
    return None


# -- the map -------------------------------------------------------------------------------------

def map_view(source: SelectSource, filters: Filters = Filters(), *, top: int = DEFAULT_TOP,
             ego: str | None = None, radius: int = 1, network: Network | None = None,
             options: MapOptions | None = None) -> dict[str, Any]:
    """The map's data (:func:`graphkit.viz.map_data`) for these filters: the ``top`` actors
    by weighted degree, or the ego network of ``ego`` (an actor IRI), plus ``months``
    (every month with a dated interaction, for the time slider) and each node's actor id
    (``nodes[i]["actor"]``, for links to the actor page).

    With "occurred" among the filters' statuses, the map is drawn from what occurred and
    carries the planned and negated interactions asked for hidden, behind the page's
    status checkboxes (as ``graphkit map``); without it, the statuses asked for make the
    map. ``network`` is :func:`map_network` of ``filters`` when the caller already has it
    (the server keeps it: the projection is most of the cost).
    """
    from graphkit.viz import MapOptions, map_data

    if not 1 <= top <= MAX_TOP:
        raise QueryError(f"top must be from 1 to {MAX_TOP}, not {top}")
    network = network if network is not None else map_network(source, filters)
    graph, others = network.shown, network.hidden
    base = options or MapOptions()
    options = replace(base, max_nodes=top, ego=ego, radius=radius, since=filters.since,
                      until=filters.until, predicates=filters.predicates, statuses=filters.statuses,
                      include_planned="planned" in network.counted,
                      min_confidence=filters.min_confidence)
    if ego is not None and ego not in graph:
        # A valid actor with no interaction under these filters: an empty map that says so.
        import networkx as nx

        label = actor_labels(source, [ego]).get(ego, fallback_label(ego))
        data = map_data(nx.MultiDiGraph(), options=replace(options, ego=None))
        data["scope"] = f"{label}: no interactions under these filters"
    else:
        data = map_data(graph, options=options, source=source if ego else None, others=others)
        if ego is not None:  # the scope line names the ego as people read it, not by IRI
            data["scope"] = data["scope"].replace(ego, graph.nodes[ego]["label"])
    for node in data["nodes"]:
        node["actor"] = actor_id(node["iri"])
    data["months"] = list(network.months)
    return data


@dataclass(frozen=True)
class Network:
    """The projection a map view is drawn from: ``shown`` (the statuses ``counted``),
    ``hidden`` (the other statuses asked for, carried behind the page's checkboxes) and
    every month with a dated interaction in either."""

    shown: nx.MultiDiGraph
    hidden: nx.MultiDiGraph
    counted: frozenset[str]
    months: tuple[str, ...]


def map_network(source: SelectSource, filters: Filters) -> Network:
    """The projection of ``filters`` split for the map (see :func:`map_view`)."""
    from graphkit.viz import split_statuses

    counted = frozenset({"occurred"} if "occurred" in filters.statuses else filters.statuses)
    shown, hidden = split_statuses(project_filtered(source, filters), counted)
    months = {d.isoformat()[:7] for g in (shown, hidden) for _, _, d in g.edges(data="date") if d}
    return Network(shown, hidden, counted, tuple(sorted(months)))


def project_filtered(source: SelectSource, filters: Filters) -> nx.MultiDiGraph:
    """The actor network of the interactions ``filters`` keeps (see :func:`graphkit.projection.project`)."""
    from graphkit.projection import project

    graph = project(source, since=filters.since, until=filters.until, predicates=filters.predicates,
                    statuses=filters.statuses, min_confidence=filters.min_confidence)
    if filters.focus is not None:
        graph = _focused(graph, filters.focus, actor_labels(source, [filters.focus]).get(filters.focus))
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def _focused(graph: nx.MultiDiGraph, focus: str, label: str | None) -> nx.MultiDiGraph:
    """Only the interactions with ``focus`` or an actor affiliated with it (the projection
    names an actor's affiliation by its label)."""
    inside = {n for n, d in graph.nodes(data=True) if n == focus or (label and d.get("country") == label)}
    drop = [(u, v, k) for u, v, k in graph.edges(keys=True) if u not in inside and v not in inside]
    graph = graph.copy()
    graph.remove_edges_from(drop)
    return graph


# -- one link: the interactions between two actors -------------------------------------------------

_BETWEEN = PREFIXES + """
SELECT ?event ?predicate ?actor ?date ?status ?evidence ?confidence ?article ?title ?url WHERE {
  GRAPH ?g {
    ?event dip:participant <%(a)s>, <%(b)s> ;
           dip:predicate ?predicate ;
           dip:actor ?actor .
    """ + EVENT_DETAILS + """
  }
}"""

_TARGETS = PREFIXES + """
SELECT ?event ?target WHERE { GRAPH ?g { ?event dip:participant <%(a)s> ; dip:target ?target } }"""


def link_view(source: SelectSource, a: str, b: str, filters: Filters = Filters()) -> dict[str, Any]:
    """Every interaction between actors ``a`` and ``b`` (IRIs) that ``filters`` keeps,
    oldest first (undated last), with its evidence and article."""
    labels = actor_labels(source, [a, b])
    rows = _dedupe(source.select(_BETWEEN % {"a": a, "b": b}), "event")
    targets: dict[str, list[str]] = defaultdict(list)
    for row in source.select(_TARGETS % {"a": a}):
        targets[str(row["event"])].append(str(row["target"]))
    items = [_interaction(row, targets.get(str(row["event"]), [])) for row in rows]
    items = [i for i in items if _kept(i, filters)]
    items.sort(key=lambda i: (i["date"] or "9999", i["event"]))
    return {"from": _actor_stub(a, labels), "to": _actor_stub(b, labels), "interactions": items}


# -- an actor ------------------------------------------------------------------------------------

_ACTOR = PREFIXES + """
SELECT DISTINCT ?type ?label ?alias WHERE {
  GRAPH ?g {
    { <%(a)s> a ?type } UNION { <%(a)s> rdfs:label ?label }
    UNION { <%(a)s> skos:altLabel ?alias }
  }
}"""

_POSTS = PREFIXES + """
SELECT ?title ?affiliation ?published ?g WHERE {
  GRAPH ?g {
    { <%(a)s> org:holds ?post . ?post dip:title ?title . OPTIONAL { ?post org:postIn ?affiliation } }
    UNION { <%(a)s> dip:affiliation ?affiliation }
    OPTIONAL { ?g schema:datePublished ?published }
  }
}"""

_EVENTS_OF = PREFIXES + """
SELECT ?event ?predicate ?actor ?participant ?date ?status ?evidence ?confidence ?article ?title ?url WHERE {
  GRAPH ?g {
    ?event dip:participant <%(a)s> ;
           dip:participant ?participant ;
           dip:predicate ?predicate ;
           dip:actor ?actor .
    """ + EVENT_DETAILS + """
  }
}"""

_LABELS = PREFIXES + """
SELECT ?actor ?label WHERE { GRAPH ?g { ?actor rdfs:label ?label } VALUES ?actor { %(actors)s } }"""


def actor_view(source: SelectSource, iri: str, filters: Filters = Filters(), *, page: int = 1,
               page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """Everything the actor page shows of ``iri``: name, kind, aliases, titles and
    affiliations with the dates articles reported them, counterparts ranked by the
    number of interactions (with their predicates), interactions by month and predicate,
    and one page of evidence (newest first).

    Raises :class:`NotFound` when the store says nothing of ``iri``.
    """
    if page < 1 or not 1 <= page_size <= 200:
        raise QueryError(f"page must be 1 or more and page_size from 1 to 200, not {page}, {page_size}")
    facts = source.select(_ACTOR % {"a": iri})
    if not facts:
        raise NotFound(f"no actor has the id {actor_id(iri) or iri!r}")
    kinds = {dip_name(str(r["type"])) for r in facts if r.get("type")}
    labels = sorted({str(r["label"]) for r in facts if r.get("label")})
    label = labels[0] if labels else fallback_label(iri)
    aliases = sorted({str(r["alias"]) for r in facts if r.get("alias")} | set(labels[1:]))
    kind = next((k for k in ACTOR_KINDS if k in kinds), None)  # the most specific reading

    titles, affiliations = _posts(source, iri)
    events: dict[str, dict[str, Any]] = {}
    others: dict[str, set[str]] = defaultdict(set)
    for row in source.select(_EVENTS_OF % {"a": iri}):
        event = str(row["event"])
        participant = str(row["participant"])
        if participant != iri:
            others[event].add(participant)
        if event not in events:
            events[event] = _interaction(row, [])
    kept = {e: i for e, i in events.items() if _kept(i, filters)}
    names = actor_labels(source, {p for e in kept for p in others[e]} | set(affiliations))

    counterparts: dict[str, dict[str, Any]] = {}
    timeline: dict[str, Counter[str]] = defaultdict(Counter)
    for event, item in kept.items():
        item["with"] = [_actor_stub(p, names) for p in sorted(others[event])]
        for p in others[event]:
            entry = counterparts.setdefault(p, {**_actor_stub(p, names), "count": 0, "predicates": Counter()})
            entry["count"] += 1
            entry["predicates"][item["predicate"]] += 1
        if item["date"]:
            timeline[item["date"][:7]][item["predicate"]] += 1
    ranked = sorted(counterparts.values(), key=lambda c: (-c["count"], c["label"], c["iri"]))
    for entry in ranked:
        entry["predicates"] = dict(sorted(entry["predicates"].items(), key=lambda kv: (-kv[1], kv[0])))
    evidence = sorted(kept.values(), key=lambda i: (i["date"] or "", i["event"]), reverse=True)
    start = (page - 1) * page_size
    return {
        "id": actor_id(iri), "iri": iri, "label": label, "kind": kind, "aliases": aliases,
        "titles": titles,
        "affiliations": [{**_actor_stub(a, names), "reported": sorted(days)} for a, days in sorted(affiliations.items())],
        "counterparts": ranked,
        "timeline": [{"month": m, "predicates": dict(sorted(c.items()))} for m, c in sorted(timeline.items())],
        "interactions": len(kept),
        "evidence": {"page": page, "page_size": page_size, "total": len(evidence),
                     "items": evidence[start:start + page_size]},
    }


def _posts(source: SelectSource, iri: str) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """Titles (each with the days articles reported it, and its affiliation) and
    affiliations (IRI → days reported)."""
    titles: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    affiliations: dict[str, set[str]] = defaultdict(set)
    for row in source.select(_POSTS % {"a": iri}):
        day = _iso(row.get("published"))
        affiliation = str(row["affiliation"]) if row.get("affiliation") else None
        if affiliation is not None:
            affiliations[affiliation]
            if day:
                affiliations[affiliation].add(day)
        if row.get("title"):
            titles[(str(row["title"]), affiliation)]
            if day:
                titles[(str(row["title"]), affiliation)].add(day)
    # A title reported both with and without its affiliation is one post.
    merged: dict[str, dict[str, Any]] = {}
    for (title, affiliation), days in sorted(titles.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        entry = merged.setdefault(title, {"title": title, "affiliation": None, "reported": set()})
        entry["affiliation"] = entry["affiliation"] or affiliation
        entry["reported"] |= days
    out = [{**e, "reported": sorted(e["reported"])} for e in merged.values()]
    out.sort(key=lambda e: (e["reported"][-1] if e["reported"] else "", e["title"]), reverse=True)
    return out, affiliations


# -- an article ----------------------------------------------------------------------------------

_ARTICLE = PREFIXES + """
SELECT ?p ?o WHERE { GRAPH <%(g)s> { <%(g)s> ?p ?o } }"""

_ARTICLE_ACTORS = PREFIXES + """
SELECT ?actor ?type ?name WHERE {
  GRAPH <%(g)s> {
    ?actor a ?type . VALUES ?type { dip:Person dip:Organization dip:Country }
    OPTIONAL { { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } }
  }
}"""

_ARTICLE_EVENTS = PREFIXES + """
SELECT ?event ?predicate ?actor ?participant ?date ?status ?evidence ?confidence ?start ?end WHERE {
  GRAPH <%(g)s> {
    ?event dip:predicate ?predicate ; dip:actor ?actor ; dip:participant ?participant .
    OPTIONAL { ?event dip:status ?status }
    OPTIONAL { ?event dip:date ?date }
    OPTIONAL { ?event dip:evidence ?evidence }
    OPTIONAL { ?event dip:confidence ?confidence }
    OPTIONAL { ?event dip:evidenceStart ?start }
    OPTIONAL { ?event dip:evidenceEnd ?end }
  }
}"""

_SCHEMA = NAMESPACES["schema"]
_DIP = NAMESPACES["dip"]
_META = {_SCHEMA + "headline": "title", _SCHEMA + "datePublished": "published",
         _SCHEMA + "publisher": "publisher", _SCHEMA + "url": "url", _DIP + "sourceName": "file",
         _SCHEMA + "articleBody": "text"}


def article_view(source: SelectSource, iri: str) -> dict[str, Any]:
    """The article page: metadata, the actors it names (with the names it uses), the
    interactions extracted from it (with their evidence offsets), and its text with the
    spans to highlight (``text`` is None for a store built before texts were kept).

    ``highlights`` are ``[start, end, kind]`` character spans of ``text``, sorted and
    not overlapping: ``"evidence"`` for a sentence that gave an interaction,
    ``"mention"`` for a name of an actor (found in the text by the names the article
    gave the actor).
    """
    rows = source.select(_ARTICLE % {"g": iri})
    if not rows:
        raise NotFound(f"no article has the id {article_id(iri) or iri!r}")
    meta: dict[str, Any] = {"id": article_id(iri), "iri": iri, "title": None, "published": None,
                            "publisher": None, "url": None, "file": None, "text": None}
    for row in rows:
        key = _META.get(str(row["p"]))
        if key is not None and meta[key] is None:
            meta[key] = _iso(row["o"]) if key == "published" else str(row["o"])
    meta["url"] = _web_url(meta["url"])
    actors: dict[str, dict[str, Any]] = {}
    for row in source.select(_ARTICLE_ACTORS % {"g": iri}):
        a = str(row["actor"])
        entry = actors.setdefault(a, {"id": actor_id(a), "iri": a, "kind": None, "names": set()})
        kind = dip_name(str(row["type"]))
        if entry["kind"] is None or ACTOR_KINDS.index(kind) < ACTOR_KINDS.index(entry["kind"]):
            entry["kind"] = kind
        if row.get("name"):
            entry["names"].add(str(row["name"]))
    labels = actor_labels(source, actors)
    events: dict[str, dict[str, Any]] = {}
    others: dict[str, set[str]] = defaultdict(set)
    spans: list[tuple[int, int]] = []
    for row in source.select(_ARTICLE_EVENTS % {"g": iri}):
        event = str(row["event"])
        others[event].add(str(row["participant"]))
        if event not in events:
            item = _interaction(row, [])
            item["start"], item["end"] = _int(row.get("start")), _int(row.get("end"))
            events[event] = item
    items = sorted(events.values(), key=lambda i: (i["start"] if i["start"] is not None else 1 << 62, i["event"]))
    for item in items:
        item["article"] = {"id": meta["id"], "title": meta["title"], "url": meta["url"]}
        item["with"] = [_actor_stub(p, labels) for p in sorted(others[item["event"]] - {item["actor"]["iri"]})]
        if item["start"] is not None and item["end"] is not None:
            spans.append((item["start"], item["end"]))
    text = meta["text"]
    out_actors = sorted(({**a, "label": labels.get(a["iri"], fallback_label(a["iri"])),
                          "names": sorted(a["names"])} for a in actors.values()),
                        key=lambda a: (a["label"], a["iri"]))
    meta["actors"] = out_actors
    meta["interactions"] = items
    meta["highlights"] = highlights(text, spans, [n for a in out_actors for n in a["names"]]) if text else []
    return meta


def highlights(text: str, evidence: Collection[tuple[int, int]], names: Collection[str]) -> list[list[Any]]:
    """Spans of ``text`` to highlight: evidence sentences, and the names found in them and
    elsewhere (whole words, longest name first). Overlaps are resolved so the page can
    wrap each span in one element: a name inside an evidence sentence splits it.

    >>> highlights("Lee met Kim. Kim left.", [(0, 12)], ["Kim", "Lee"])
    [[0, 3, 'mention'], [3, 8, 'evidence'], [8, 11, 'mention'], [11, 12, 'evidence'], [13, 16, 'mention']]
    """
    n = len(text)
    marks = [""] * n
    for start, end in evidence:
        for k in range(max(0, start), min(n, end)):
            marks[k] = "evidence"
    for name in sorted({x for x in names if len(x) >= 2}, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if "mention" not in marks[m.start():m.end()]:
                marks[m.start():m.end()] = ["mention"] * (m.end() - m.start())
    out: list[list[Any]] = []
    k = 0
    while k < n:
        kind = marks[k]
        j = k
        while j < n and marks[j] == kind:
            j += 1
        if kind:
            out.append([k, j, kind])
        k = j
    return out


# -- search --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorIndex:
    """Every actor of the store with its names in matching form, for :func:`search_view`.

    Reading the names of every actor is most of a search's cost on a big store, so the
    server builds this once and reuses it (an embedded store is a snapshot).
    """

    actors: tuple[KnownActor, ...]
    names: tuple[tuple[str, ...], ...]  # parallel to ``actors``: normalised label and aliases

    @classmethod
    def build(cls, source: SelectSource) -> ActorIndex:
        from graphkit.graph import known_actors
        from graphkit.names import normalize_name

        actors = tuple(known_actors(source))
        return cls(actors, tuple(tuple(dict.fromkeys(normalize_name(n) for n in (a.label, *sorted(a.names))))
                                 for a in actors))


def search_view(source: SelectSource, text: str, *, limit: int = 10, index: ActorIndex | None = None
                ) -> dict[str, Any]:
    """Actors whose names match ``text``, best first, at most ``limit``: a name equal to it
    (or the IRI's slug), then a surname equal to it, then names with a word starting with
    it, names containing it, and names close to it (a misspelling). Matching ignores case,
    accents and punctuation (:func:`graphkit.names.normalize_name`, as ``ask``).
    ``index`` is the store's :class:`ActorIndex` when the caller keeps one.
    """
    import difflib

    from graphkit.names import normalize_name

    wanted = normalize_name(text)
    if not wanted:
        return {"query": text, "results": []}
    index = index or ActorIndex.build(source)
    slug = wanted.replace(" ", "-")
    ranked: list[tuple[int, str, str, KnownActor]] = []
    close: list[tuple[KnownActor, tuple[str, ...]]] = []
    for actor, names in zip(index.actors, index.names):
        if wanted in names or actor_slug(actor.iri) == slug:
            rank = 0
        elif " " not in wanted and any(n.rsplit(" ", 1)[-1] == wanted for n in names):
            rank = 1
        elif any(n.startswith(wanted) or f" {wanted}" in n for n in names):
            rank = 2
        elif any(wanted in n for n in names):
            rank = 3
        else:
            close.append((actor, names))
            continue
        ranked.append((rank, actor.label, actor.iri, actor))
    if len(ranked) < limit and len(wanted) >= 3:
        # A misspelling: close to a whole name or to one word of it. The cheap upper bounds
        # first; the exact ratio only for what passes them.
        matcher = difflib.SequenceMatcher(b=wanted)
        for actor, names in close:
            for n in names:
                if any(_close(matcher, x) for x in (n, *n.split())):
                    ranked.append((4, actor.label, actor.iri, actor))
                    break
    ranked.sort(key=lambda r: r[:3])
    return {"query": text, "results": [
        {"id": actor_id(a.iri), "iri": a.iri, "label": a.label, "kind": a.kind,
         "aliases": sorted(set(a.names) - {a.label})[:5]} for *_, a in ranked[:limit]]}


def _close(matcher: difflib.SequenceMatcher, text: str, cutoff: float = 0.8) -> bool:
    matcher.set_seq1(text)
    return matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff


# -- shared pieces -------------------------------------------------------------------------------

def actor_labels(source: SelectSource, iris: Collection[str]) -> dict[str, str]:
    """The display label of each actor IRI (the same choice as the map's: the smallest label)."""
    wanted = sorted(i for i in iris if i.startswith(("http://", "https://")) and ">" not in i)
    out: dict[str, str] = {}
    for k in range(0, len(wanted), 200):
        chunk = " ".join(f"<{i}>" for i in wanted[k:k + 200])
        for row in source.select(_LABELS % {"actors": chunk}):
            a, label = str(row["actor"]), str(row["label"])
            if a not in out or label < out[a]:
                out[a] = label
    return out


def _actor_stub(iri: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"id": actor_id(iri), "iri": iri, "label": labels.get(iri, fallback_label(iri))}


def _interaction(row: dict[str, Any], targets: list[str]) -> dict[str, Any]:
    status = dip_name(str(row["status"])) if row.get("status") else None
    article = str(row["article"]) if row.get("article") else None
    confidence = as_confidence(row.get("confidence"))
    item = {
        "event": str(row["event"]),
        "predicate": dip_name(str(row["predicate"])) or str(row["predicate"]),
        "actor": {"iri": str(row["actor"]), "id": actor_id(str(row["actor"]))},
        "date": _iso(row.get("date")),
        "status": status.lower() if status else "occurred",
        "confidence": round(confidence, 4) if confidence is not None else None,
        "evidence": str(row["evidence"]) if row.get("evidence") is not None else "",
        "article": {"id": article_id(article), "title": str(row["title"]) if row.get("title") else None,
                    "url": _web_url(row.get("url"))},
    }
    if targets:
        item["targets"] = sorted(set(targets))
    return item


def _kept(item: dict[str, Any], filters: Filters) -> bool:
    if item["status"] not in filters.statuses:
        return False
    if filters.predicates is not None and item["predicate"] not in filters.predicates:
        return False
    if filters.min_confidence and item["confidence"] is not None and item["confidence"] < filters.min_confidence:
        return False
    if filters.since or filters.until:
        if not item["date"]:
            return False
        day = date.fromisoformat(item["date"])
        if (filters.since and day < filters.since) or (filters.until and day > filters.until):
            return False
    return True


def _dedupe(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(str(row[key]), row)
    return list(seen.values())


def _iso(value: Any) -> str | None:
    day = as_date(value)
    return day.isoformat()[:10] if day is not None else None


def _web_url(value: Any) -> str | None:
    """``value`` when it is an http(s) URL: javascript: and the like never become links."""
    return str(value) if value and re.match(r"https?://", str(value), re.IGNORECASE) else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
