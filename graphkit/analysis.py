"""Network analysis of the actor network (networkx).

Pure functions, graph first, options keyword-only, one return type each. They take the
:class:`networkx.MultiDiGraph` that :func:`graphkit.projection.project` returns (actors as
nodes with ``label``, ``kind``, ``country`` and ``title``; one edge per interaction with
``predicate``, ``date``, ``article_title`` …) and give plain values, so the CLI, the map
and notebooks share them.

Centralities are computed on the *interaction graph* (:func:`interaction_graph`): one
undirected link per pair of actors that dealt with each other, weighted by how many
interactions they had. These are the only centralities and communities graphkit computes:
the map (``graphkit.viz``) sizes and colours its nodes with these functions, so its
community numbers are ``analyze``'s.

>>> g = nx.MultiDiGraph()
>>> g.add_edges_from([("a", "b"), ("a", "b"), ("b", "c")])
[0, 1, 0]
>>> degree(g), weighted_degree(g)
({'a': 1, 'b': 2, 'c': 1}, {'a': 2, 'b': 3, 'c': 1})
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from graphkit.errors import QueryError

#: Above this many actors betweenness is estimated from a sample of source actors: as many
#: as fit a budget of about 5 million node and link visits (32 to 256 sources).
EXACT_BETWEENNESS_LIMIT = 2000
BETWEENNESS_BUDGET = 5_000_000


def _sample_size(simple: nx.Graph) -> int | None:
    n = simple.number_of_nodes()
    if n <= EXACT_BETWEENNESS_LIMIT:
        return None
    return max(32, min(256, BETWEENNESS_BUDGET // (n + simple.number_of_edges())))


def interaction_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected, weighted actor graph behind the centralities.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        One edge per interaction.

    Returns
    -------
    networkx.Graph
        The same nodes with their attributes (added in sorted order, so seeded algorithms
        repeat), one edge per pair of distinct actors with ``weight`` = the number of
        interactions between them in either direction.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edges_from([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    [0, 0, 0, 0]
    >>> sorted(interaction_graph(g).edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    weights = _pair_weights(graph)
    simple = nx.Graph()
    simple.add_nodes_from(sorted((n, graph.nodes[n]) for n in graph.nodes))
    simple.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    return simple


def _pair_weights(graph: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    """Interactions per pair of distinct actors (the pair in sorted order)."""
    weights: dict[tuple[str, str], int] = {}
    for u, v in graph.edges():
        if u == v:
            continue
        pair = (u, v) if u < v else (v, u)
        weights[pair] = weights.get(pair, 0) + 1
    return weights


def degree(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Distinct actors each actor dealt with.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a")])
    >>> degree(g)
    {'a': 2, 'b': 1, 'c': 1}
    """
    # Counted from the pairs with plain dicts: the map asks for it on networks of 100,000
    # interactions, where building the networkx graph would take most of its time.
    found = dict.fromkeys(sorted(graph.nodes), 0)
    for u, v in _pair_weights(graph):
        found[u] += 1
        found[v] += 1
    return found


def weighted_degree(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Interactions each actor took part in (an event with three other parties counts three).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a")])
    >>> weighted_degree(g)
    {'a': 3, 'b': 2, 'c': 1}
    """
    found = dict.fromkeys(sorted(graph.nodes), 0)
    for (u, v), weight in _pair_weights(graph).items():
        found[u] += weight
        found[v] += weight
    return found


def betweenness(graph: nx.MultiDiGraph, *, sample: int | None = None, seed: int = 7) -> dict[str, float]:
    """Betweenness centrality: how often an actor lies on the shortest chains of contacts
    between two others (normalised to [0, 1]; links unweighted, since a busier link is
    not a longer one).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    sample : int, optional
        Estimate from this many source actors (seeded). Default: exact up to
        ``EXACT_BETWEENNESS_LIMIT`` actors, a sample sized by ``BETWEENNESS_BUDGET`` above.
    seed : int, default 7

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(g)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    simple = interaction_graph(graph)
    n = simple.number_of_nodes()
    if sample is None:
        sample = _sample_size(simple)
    k = sample if sample is not None and sample < n else None
    return nx.betweenness_centrality(simple, k=k, seed=seed if k else None)


def eigenvector(graph: nx.MultiDiGraph, *, max_iter: int = 1000, tol: float = 1e-8) -> dict[str, float]:
    """Eigenvector centrality on the weighted interaction graph: an actor is central when
    its contacts are central (Euclidean norm 1; 0.0 for every actor of an empty network).

    Raises
    ------
    QueryError
        The power iteration did not converge in ``max_iter`` steps.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> {n: round(x, 3) for n, x in eigenvector(g).items()}
    {'a': 0.5, 'b': 0.707, 'c': 0.5}
    """
    return _eigenvector(interaction_graph(graph), max_iter=max_iter, tol=tol)


def _eigenvector(simple: nx.Graph, *, max_iter: int = 1000, tol: float = 1e-8) -> dict[str, float]:
    if simple.number_of_edges() == 0:
        return {n: 0.0 for n in simple}
    try:
        return nx.eigenvector_centrality(simple, max_iter=max_iter, tol=tol, weight="weight")
    except nx.PowerIterationFailedConvergence as exc:
        raise QueryError(f"eigenvector centrality did not converge: {exc}") from None


def communities(graph: nx.MultiDiGraph, *, seed: int = 7, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities of the weighted interaction graph, seeded so runs repeat.

    Returns
    -------
    list of list of str
        Each community's actors (sorted), largest community first (ties: by first actor).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("c", "x")])
    >>> communities(g)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    return _communities(interaction_graph(graph), seed=seed, resolution=resolution)


def _communities(simple: nx.Graph, *, seed: int = 7, resolution: float = 1.0) -> list[list[str]]:
    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def find_actor(graph: nx.MultiDiGraph, name: str) -> str:
    """The node ``name`` designates: its IRI, or its label matched forgivingly (case,
    accents, surname alone when unique; see :func:`graphkit.query.match_actor`).

    Raises
    ------
    graphkit.query.ActorNotFound
        No node or several match; the message lists candidates.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id/jean-noel-barrot", label="Jean-Noël Barrot", kind="Person")
    >>> find_actor(g, "barrot")
    'id/jean-noel-barrot'
    """
    from graphkit.query import KnownActor, match_actor

    if name in graph:
        return name
    actors = [KnownActor(n, str(d.get("label") or n), d.get("kind"), frozenset({str(d.get("label") or n)}))
              for n, d in graph.nodes(data=True)]
    return match_actor(name, actors)


def ego_network(graph: nx.MultiDiGraph, center: str, *, radius: int = 1) -> nx.MultiDiGraph:
    """The actors at most ``radius`` contacts from ``center`` (in either direction) and
    every interaction among them.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("e", "a")])
    >>> sorted(ego_network(g, "b"))
    ['a', 'b', 'c']
    >>> sorted(ego_network(g, "b", radius=2))
    ['a', 'b', 'c', 'd', 'e']
    """
    if center not in graph:
        raise QueryError(f"{center!r} is not in the network")
    if radius < 0:
        raise QueryError(f"radius must be 0 or more, not {radius}")
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=radius)
    return graph.subgraph(reach).copy()


def shortest_chain(graph: nx.MultiDiGraph, source: str, target: str) -> list[str]:
    """The shortest chain of contacts from ``source`` to ``target`` (links in either
    direction), both ends included; among equally short chains the first in label order.

    Raises
    ------
    QueryError
        An end is not in the network, or no chain links them.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "c"), ("c", "d"), ("b", "a"), ("b", "d"), ("d", "e")])
    >>> shortest_chain(g, "a", "e")
    ['a', 'b', 'd', 'e']
    """
    for end in (source, target):
        if end not in graph:
            raise QueryError(f"{end!r} is not in the network")
    undirected = graph.to_undirected(as_view=True)
    try:
        chains = nx.all_shortest_paths(undirected, source, target)
        label = lambda n: (str(graph.nodes[n].get("label", n)), n)  # noqa: E731
        return min(chains, key=lambda chain: [label(n) for n in chain])
    except nx.NetworkXNoPath:
        raise QueryError(f"no chain of contacts links {_label(graph, source)} and "
                         f"{_label(graph, target)}") from None


def chain_links(graph: nx.MultiDiGraph, chain: list[str]) -> list[dict[str, Any]]:
    """What links each step of a chain: the interactions between consecutive actors.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", predicate="met", date=None, article_title="Talks")
    0
    >>> chain_links(g, ["a", "b"])[0]["interactions"]
    [{'predicate': 'met', 'from': 'a', 'to': 'b', 'date': None, 'source': 'Talks'}]
    """
    links = []
    for a, b in zip(chain, chain[1:]):
        found = [(u, v, d) for u, v in ((a, b), (b, a)) for d in graph.get_edge_data(u, v, default={}).values()]
        found.sort(key=lambda e: (e[2].get("date") or date.max, str(e[2].get("predicate"))))
        links.append({"from": _label(graph, a), "to": _label(graph, b), "interactions": [
            {"predicate": d.get("predicate"), "from": _label(graph, u), "to": _label(graph, v),
             "date": d.get("date"), "source": d.get("article_title")} for u, v, d in found]})
    return links


def window(graph: nx.MultiDiGraph, *, since: date | None = None, until: date | None = None) -> nx.MultiDiGraph:
    """The interactions dated inside ``[since, until]`` (undated ones are left out when a
    bound is given) and the actors they involve.

    Examples
    --------
    >>> from datetime import date
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", date=date(2024, 1, 5)); g.add_edge("b", "c", date=None)
    0
    0
    >>> sorted(window(g, since=date(2024, 1, 1)).edges())
    [('a', 'b')]
    """
    if since is None and until is None:
        return graph.copy()
    if since and until and since > until:
        raise QueryError(f"the date window is empty: since {since} is after until {until}")
    kept = [(u, v, k) for u, v, k, when in graph.edges(keys=True, data="date")
            if when is not None and (since is None or when >= since) and (until is None or when <= until)]
    return graph.edge_subgraph(kept).copy()


def by_country(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The country-level view: every person and organisation folded into the country (or
    organisation, such as NATO) it acts for, its ``country``; interactions inside one
    country dropped.

    A folded actor becomes the node of that country when the network has one (matched by
    label), else a new node keyed ``country:NAME``. Actors without a country stay as they
    are. Edges keep their keys (the event IRIs), so an event counts once per pair of
    countries however many of their people took part.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("fr", label="France", kind="Country", country="France")
    >>> g.add_node("p1", label="Ann", kind="Person", country="France")
    >>> g.add_node("p2", label="Bo", kind="Person", country="Kenya")
    >>> g.add_node("p3", label="Cy", kind="Person", country="France")
    >>> g.add_edges_from([("p1", "p2", "e1"), ("p1", "p3", "e2"), ("fr", "p2", "e3")])
    ['e1', 'e2', 'e3']
    >>> folded = by_country(g)
    >>> sorted(folded.edges()), folded.nodes["country:Kenya"]["label"]
    ([('fr', 'country:Kenya'), ('fr', 'country:Kenya')], 'Kenya')
    """
    # What a person can be folded into: a country, or an organisation it acts for (NATO).
    by_label = {str(d.get("label")): n for n, d in sorted(graph.nodes(data=True), key=lambda nd: nd[0])
                if d.get("kind") in ("Country", "Organization") and not (d.get("kind") == "Organization" and d.get("country"))}
    into: dict[str, str] = {}
    folded = nx.MultiDiGraph(**graph.graph, view="countries")
    for n, d in graph.nodes(data=True):
        country = d.get("country")
        if d.get("kind") == "Country" or not country:
            into[n] = n
            attrs = dict(d)
        else:
            into[n] = by_label.get(str(country), f"country:{country}")
            attrs = dict(graph.nodes[into[n]]) if into[n] in graph else {
                "label": str(country), "kind": None, "title": None, "country": str(country),
                "first_contact": None, "last_contact": None}
        if into[n] not in folded:
            folded.add_node(into[n], **attrs)
    for u, v, k, d in graph.edges(keys=True, data=True):
        a, b = into[u], into[v]
        if a != b:
            folded.add_edge(a, b, key=k, **d)
    folded.remove_nodes_from([n for n in list(folded) if folded.degree(n) == 0])
    return folded


def actor_table(graph: nx.MultiDiGraph, *, seed: int = 7, sample: int | None = None) -> list[dict[str, Any]]:
    """One row per actor with every figure, busiest first.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    seed : int, default 7
        Seeds the communities (and a sampled betweenness).
    sample : int, optional
        See :func:`betweenness`.

    Returns
    -------
    list of dict
        Keys ``name``, ``iri``, ``type``, ``country``, ``degree``, ``weighted_degree``,
        ``betweenness``, ``eigenvector`` (both rounded to 4 places) and ``community``
        (the index into :func:`communities`), ordered by weighted degree, degree, name.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edges_from([("a", "b"), ("a", "b"), ("b", "c")])
    [0, 1, 0]
    >>> [(r["iri"], r["degree"], r["weighted_degree"], r["betweenness"]) for r in actor_table(g)]
    [('b', 2, 3, 1.0), ('a', 1, 2, 0.0), ('c', 1, 1, 0.0)]
    """
    return _actor_rows(graph, interaction_graph(graph), seed=seed, sample=sample)[0]


def _actor_rows(graph: nx.MultiDiGraph, simple: nx.Graph, *, seed: int,
                sample: int | None) -> tuple[list[dict[str, Any]], list[list[str]]]:
    # The figures of actor_table() from one interaction graph, with the communities (the
    # slowest step with betweenness) handed back so summary() does not compute them twice.
    deg = {n: simple.degree(n) for n in simple}
    wdeg = {n: int(simple.degree(n, weight="weight")) for n in simple}
    k = sample if sample is not None else _sample_size(simple)
    k = k if k is not None and k < simple.number_of_nodes() else None
    between = nx.betweenness_centrality(simple, k=k, seed=seed if k else None)
    eigen = _eigenvector(simple)
    found = _communities(simple, seed=seed)
    community_of = {n: i for i, members in enumerate(found) for n in members}
    rows = []
    for node, data in graph.nodes(data=True):
        rows.append({
            "name": str(data.get("label") or node),
            "iri": node,
            "type": data.get("kind"),
            "country": data.get("country"),
            "degree": deg.get(node, 0),
            "weighted_degree": wdeg.get(node, 0),
            "betweenness": round(between.get(node, 0.0), 4),
            "eigenvector": round(eigen.get(node, 0.0), 4),
            "community": community_of.get(node),
        })
    rows.sort(key=lambda r: (-r["weighted_degree"], -r["degree"], r["name"], r["iri"]))
    return rows, found


def community_table(graph: nx.MultiDiGraph, *, seed: int = 7) -> list[dict[str, Any]]:
    """The communities for reading: ``id`` (as in :func:`actor_table`), ``size``, ``hub``
    (the member with the most interactions) and ``members`` (names, busiest first).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("c", "x")])
    >>> [(c["id"], c["size"], c["hub"]) for c in community_table(g)]
    [(0, 3, 'c'), (1, 2, 'x')]
    """
    return community_rows(graph, weighted_degree(graph), communities(graph, seed=seed))


def community_rows(graph: nx.MultiDiGraph, wdeg: dict[str, int], found: list[list[str]]) -> list[dict[str, Any]]:
    """:func:`community_table` from communities and weighted degrees already computed
    (:func:`communities`, :func:`weighted_degree`)."""
    table = []
    for i, members in enumerate(found):
        ranked = sorted(members, key=lambda n: (-wdeg[n], _label(graph, n), n))
        table.append({"id": i, "size": len(members), "hub": _label(graph, ranked[0]),
                      "members": [_label(graph, n) for n in ranked]})
    return table


def summary(graph: nx.MultiDiGraph, *, seed: int = 7, sample: int | None = None) -> dict[str, Any]:
    """The figures of ``graph`` as one JSON-ready object.

    Returns
    -------
    dict
        ``actors`` (:func:`actor_table`), ``communities`` (:func:`community_table`) and
        ``network``: ``actors``, ``links`` (actor pairs), ``interactions``, ``view``
        ("actors" or "countries"), ``since``/``until`` (ISO dates or None),
        ``min_confidence`` (the projection's confidence bar, 0.0 when none),
        ``betweenness_sample`` (None when exact) and ``seed``.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> s = summary(g)
    >>> sorted(s), s["network"]["links"], s["actors"][0]["name"]
    (['actors', 'communities', 'network'], 2, 'b')
    """
    simple = interaction_graph(graph)
    n = simple.number_of_nodes()
    used = sample if sample is not None else _sample_size(simple)
    rows, found = _actor_rows(graph, simple, seed=seed, sample=sample)
    return {
        "actors": rows,
        "communities": community_rows(graph, {r["iri"]: r["weighted_degree"] for r in rows}, found),
        "network": {
            "actors": n,
            "links": simple.number_of_edges(),
            "interactions": graph.number_of_edges(),
            "view": graph.graph.get("view", "actors"),
            "since": _iso(graph.graph.get("since")),
            "until": _iso(graph.graph.get("until")),
            "min_confidence": float(graph.graph.get("min_confidence") or 0.0),
            "betweenness_sample": used if used is not None and used < n else None,
            "seed": seed,
        },
    }


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label") or node) if node in graph else node


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def labels(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    """The labels of ``nodes`` (a node without one: its key), sorted.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x", label="Xi"); g.add_node("a")
    >>> labels(g, ["x", "a"])
    ['Xi', 'a']
    """
    return sorted(_label(graph, n) for n in nodes)
