"""Network analysis over the projected interaction graph (networkx).

Pure functions, graph first: they take the ``MultiDiGraph`` that
:func:`graphkit.projection.project` returns and give plain rows.
"""
from __future__ import annotations

from typing import Any

import networkx as nx


def actor_table(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per actor with its degree, weighted degree and betweenness, busiest first.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Actors as nodes (``label``, ``kind``, ``country`` attributes), one edge per interaction.

    Returns
    -------
    list of dict
        Keys ``name``, ``iri``, ``type``, ``country``, ``degree`` (distinct neighbours),
        ``weighted_degree`` (interactions), ``betweenness``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b"); g.add_edge("a", "b"); g.add_edge("b", "c")
    0
    1
    0
    >>> [(r["iri"], r["degree"], r["weighted_degree"]) for r in actor_table(g)]
    [('b', 2, 3), ('a', 1, 2), ('c', 1, 1)]
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    betweenness = nx.betweenness_centrality(simple) if simple.number_of_nodes() > 2 else {n: 0.0 for n in simple}
    rows = []
    for node, data in graph.nodes(data=True):
        rows.append({
            "name": data.get("label", node),
            "iri": node,
            "type": data.get("kind"),
            "country": data.get("country"),
            "degree": simple.degree(node),
            "weighted_degree": graph.degree(node),
            "betweenness": round(betweenness.get(node, 0.0), 4),
        })
    rows.sort(key=lambda r: (-r["weighted_degree"], -r["degree"], str(r["name"])))
    return rows
