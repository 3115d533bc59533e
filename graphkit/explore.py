"""The answers of ``graphkit analyze --path A B`` and ``--ego NAME``, as plain dicts.

Names are resolved here, not in the command line: a name is matched against the labels
of the analysed network (:func:`graphkit.analysis.find_actor`), else against every name
the store knows (aliases too, :func:`graphkit.query.resolve_actor`) when that actor is in
the network. Both compare names with :func:`graphkit.names.normalize_name`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.projection import SelectSource


def network_node(source: SelectSource | None, network: nx.MultiDiGraph, name: str) -> str:
    """The node of ``network`` that ``name`` designates.

    Raises :class:`graphkit.query.ActorNotFound` (no actor or several) or
    :class:`~graphkit.errors.QueryError` (an actor of the store outside this network).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("x/hakan-fidan", label="Hakan Fidan", kind="Person")
    >>> network_node(None, g, "fidan")
    'x/hakan-fidan'
    """
    from graphkit.analysis import find_actor
    from graphkit.query import ActorNotFound, resolve_actor

    try:
        return find_actor(network, name)
    except ActorNotFound as exc:
        if exc.ambiguous or source is None:
            raise
        try:
            iri = resolve_actor(source, name)
        except ActorNotFound:
            raise exc from None
        if iri in network:
            return iri
        view = " (--by-country: name a country)" if network.graph.get("view") == "countries" else ""
        raise QueryError(f"{name!r} is in the graph but not in the analysed network{view}") from None


def path_answer(source: SelectSource | None, network: nx.MultiDiGraph, start: str, end: str) -> dict[str, Any]:
    """The shortest chain of contacts from ``start`` to ``end`` (names): its ends' labels,
    length, the actors on it and each link's interactions."""
    from graphkit import analysis

    ends = [network_node(source, network, name) for name in (start, end)]
    chain = analysis.shortest_chain(network, *ends)
    return {"from": analysis.labels(network, [ends[0]])[0], "to": analysis.labels(network, [ends[1]])[0],
            "length": len(chain) - 1, "actors": [network.nodes[n]["label"] for n in chain],
            "links": analysis.chain_links(network, chain)}


def ego_answer(source: SelectSource | None, network: nx.MultiDiGraph, name: str,
               *, radius: int = 1) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The ego network of ``name`` within ``radius`` contacts, and its description (centre
    label and IRI, radius, the other actors' labels)."""
    from graphkit import analysis

    center = network_node(source, network, name)
    ego = analysis.ego_network(network, center, radius=radius)
    return ego, {"center": ego.nodes[center]["label"], "iri": center, "radius": radius,
                 "actors": analysis.labels(ego, [n for n in ego if n != center])}


__all__ = ["ego_answer", "network_node", "path_answer"]
