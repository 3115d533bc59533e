"""The interactive relationship map: one self-contained, offline HTML file.

``write_map`` projects the graph (``graphkit.projection.project``), folds the interaction
edges into one edge per actor pair, predicate family and status, trims the network to a
size a browser opens quickly, and writes the page from the package's own template with the
vis-network files pyvis ships inlined: no CDN, no ``lib/`` folder, no request of any kind
when the file is opened from disk.

The page is drawn by ``templates/map.js`` from :func:`map_data`'s output alone
(``window.graphkitMap.render(data, root)``), so a served page draws the same map from the
same JSON.
"""
from __future__ import annotations

import gc
import html
import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from graphkit.errors import QueryError
from graphkit.files import atomic_write
from graphkit.predicates import PredicateTable, predicate_table
from graphkit.records import STATUSES

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.projection import SelectSource

ColorBy = Literal["kind", "country", "community"]
SizeBy = Literal["degree", "weighted_degree", "betweenness"]
Adjacency = dict[str, dict[str, int]]  # actor -> neighbour -> interactions between them
Group = tuple[str, bool, str, str]  # edge_family(): tone, directed, from, to

# The tone of each predicate (the predicate table's) colours its edges and names its family
# (with direction); one colour per tone of graphkit.predicates.TONES.
TONE_COLORS = {"cooperative": "#4a9e5c", "conflictual": "#d64545", "neutral": "#8c8c8c"}
KIND_STYLE = {  # kind: (shape, colour)
    "Person": ("dot", "#4e79a7"),
    "Organization": ("diamond", "#b07aa1"),
    "Country": ("square", "#e8a33d"),
    None: ("dot", "#9d9d9d"),
}
# Community and country colours, in order (the largest groups first): Tableau's ten without
# its grey (the "other" colour) plus a dark purple and a dark teal. Every two of them, and
# each with OTHER_COLOR, are at least 18 CIEDE2000 (30 CIE76) apart: tests/test_viz.py
# checks it, so a colour added later cannot be a near twin of another.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#6a3d9a", "#1b5e57")
OTHER_COLOR = "#bab0ac"
# How the page draws the interactions that did not take place (vis-network dash patterns).
STATUS_DASHES = {"planned": [10, 8], "negated": [2, 4]}
EDGE_LABEL_SCALE = 1.5  # zoom (vis scale) from which each link names its interactions
MAX_ITEMS_PER_EDGE = 50  # evidence kept per edge tooltip; counts and filters use them all
CORE_LAYOUT_NODES = 300  # nodes laid out by the force model; the rest hang off them


def predicate_styles(table: PredicateTable | None = None) -> dict[str, dict[str, Any]]:
    """How the map shows each predicate of ``table`` (default: the package's predicate
    table): its ``name``, ``label``, ``tone`` and whether it is ``directed``, in table order.

    >>> predicate_styles()["spokeWith"]
    {'name': 'spokeWith', 'label': 'spoke with', 'tone': 'cooperative', 'directed': False}
    """
    table = table if table is not None else predicate_table()
    return {p.name: {"name": p.name, "label": p.label, "tone": p.tone, "directed": p.directed}
            for p in (table[name] for name in table.names)}


_STYLES = predicate_styles()


def _style(predicate: str) -> dict[str, Any]:
    # A predicate the table does not know (a store written by another version) still shows.
    return _STYLES.get(predicate) or {"name": predicate, "label": predicate, "tone": "neutral",
                                      "directed": False}


@dataclass(frozen=True)
class MapOptions:
    """What the map shows and how.

    ``max_nodes`` keeps the most connected actors (``None``: all); above
    ``physics_threshold`` nodes the layout is computed here and physics starts off.
    ``min_confidence`` keeps the interactions whose confidence is at least that much
    (see :func:`graphkit.projection.project`).

    ``statuses`` are the interaction statuses the page's data carries. The interactions
    that occurred (and the planned ones with ``include_planned``) make the map: they are
    shown when the page opens and are all that sizes, communities, trimming and the
    scope count. Those of the other statuses carried (by default the planned and the
    negated ones) come along hidden, between actors already on the map, behind the
    page's "planned" and "negated" checkboxes; planned links are drawn dashed, negated
    ones dotted. ``statuses=("occurred",)`` leaves them out of the page.
    """

    color_by: ColorBy = "kind"
    size_by: SizeBy = "weighted_degree"
    ego: str | None = None
    radius: int = 1
    since: date | None = None
    until: date | None = None
    predicates: Collection[str] | None = None
    include_planned: bool = False
    statuses: Collection[str] = STATUSES
    min_confidence: float = 0.0
    min_weight: int = 1
    max_nodes: int | None = 300
    physics_threshold: int = 400
    title: str = "graphkit: who dealt with whom"
    seed: int = 7


@dataclass(frozen=True)
class MapSummary:
    """What ``write_map`` wrote."""

    nodes: int
    edges: int
    path: Path
    bytes: int


def edge_family(predicate: str, source: str, target: str) -> tuple[str, bool, str, str]:
    """The aggregation key of an interaction: (tone, directed, from, to).

    Symmetric predicates put the pair in a fixed order, so A–B and B–A fold together.

    >>> edge_family("met", "b", "a")
    ('cooperative', False, 'a', 'b')
    >>> edge_family("sanctioned", "b", "a")
    ('conflictual', True, 'b', 'a')
    """
    style = _style(predicate)
    directed = style["directed"]
    if not directed and target < source:
        source, target = target, source
    return style["tone"], directed, source, target


def write_map(source: SelectSource | nx.MultiDiGraph, out: Path, *,
              options: MapOptions = MapOptions()) -> MapSummary:
    """Write the interactive map of ``source`` to ``out`` (atomically).

    ``source`` is a graph with ``select(sparql)`` (projected by :func:`map_graphs` with the
    options' ``since``, ``until``, ``predicates``, ``include_planned``, ``statuses`` and
    ``min_confidence``) or a projection already made by
    :func:`graphkit.projection.project` (which carries no hidden interactions).
    The summary counts the actors and links shown when the page opens.

    >>> import tempfile, pathlib
    >>> class Empty:
    ...     def select(self, sparql):
    ...         return []
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> summary = write_map(Empty(), out)
    >>> summary.nodes, summary.edges, "nothing to show" in out.read_text()
    (0, 0, True)
    """
    page = render_map(source, options=options)
    out = Path(out)
    data = page.html.encode("utf-8")
    with atomic_write(out, "wb") as fh:
        fh.write(data)
    return MapSummary(nodes=page.nodes, edges=page.edges, path=out, bytes=len(data))


@dataclass(frozen=True)
class RenderedMap:
    """The page and what it holds (``nodes`` and ``edges``: shown when it opens)."""

    html: str
    nodes: int
    edges: int
    data: dict[str, Any]


def render_map(source: SelectSource | nx.MultiDiGraph, *,
               options: MapOptions = MapOptions()) -> RenderedMap:
    """Build the map page in memory (``write_map`` without the file)."""
    import networkx as nx

    _check(options)
    others = None
    if isinstance(source, nx.MultiDiGraph):
        graph = source
    else:
        graph, others = map_graphs(source, options=options)
    with _cycle_collector_paused():
        # The store (when given one) lets --ego name an actor by any alias it knows.
        data = map_data(graph, options=options, source=None if source is graph else source,
                        others=others)
        page = _page(data, options)
    shown = set(data["shown_statuses"])
    edges = [e for e in data["edges"] if data["statuses"][e["s"][0] if "s" in e else 0] in shown]
    ends = {x for e in edges for x in (e["from"], e["to"])}
    linked = {x for e in data["edges"] for x in (e["from"], e["to"])}
    nodes = sum(1 for n in data["nodes"] if n["id"] in ends or n["id"] not in linked)
    return RenderedMap(html=page, nodes=nodes, edges=len(edges), data=data)


def map_graphs(source: SelectSource, *, options: MapOptions = MapOptions()
               ) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """The two projections the map is drawn from, in one pass over the store.

    The first is :func:`graphkit.projection.project`'s with the options (the
    interactions that occurred, the planned ones too with ``include_planned``): the map.
    The second holds the interactions of the options' other ``statuses`` (planned,
    negated) within the same dates, predicates and confidence bar, with their actors:
    what the page carries hidden (``map_data(graph, others=...)``). Actor contact dates
    in the first are those of its own interactions only.

    >>> class Empty:
    ...     def select(self, sparql):
    ...         return []
    >>> graph, others = map_graphs(Empty())
    >>> graph.number_of_edges(), others.number_of_edges()
    (0, 0)
    """
    from graphkit.projection import project

    counted = {"occurred", "planned"} if options.include_planned else {"occurred"}
    graph = project(source, since=options.since, until=options.until, predicates=options.predicates,
                    statuses=[s for s in STATUSES if s in counted or s in options.statuses],
                    min_confidence=options.min_confidence)
    return split_statuses(graph, counted)


def split_statuses(graph: nx.MultiDiGraph, counted: Collection[str]
                   ) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """``graph`` (changed in place) keeps the interactions whose status is ``counted``;
    the others move to a second graph with their actors (see :func:`map_graphs`)."""
    import networkx as nx

    others = nx.MultiDiGraph()
    moved = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
             if d.get("status") not in counted]
    for u, v, k, d in moved:
        for n in (u, v):
            if n not in others:
                others.add_node(n, **graph.nodes[n])
        others.add_edge(u, v, key=k, **d)
        graph.remove_edge(u, v, key=k)
    for n in {x for u, v, _, _ in moved for x in (u, v)}:
        days = [d for _, _, d in graph.in_edges(n, data="date") if d] + \
            [d for _, _, d in graph.out_edges(n, data="date") if d]
        if graph.degree(n) == 0:
            graph.remove_node(n)  # project() keeps no actor without an interaction
            others.nodes[n].update(first_contact=None, last_contact=None)
        else:
            graph.nodes[n].update(first_contact=min(days, default=None),
                                  last_contact=max(days, default=None))
    return graph, others


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the page's data is built.

    A big map is hundreds of thousands of small dicts and lists, none in a cycle; with the
    collector on, the allocation bursts set off full passes over everything built so far
    and over the projected graph, a third of the write time of a 10,000-actor map.
    Reference counting still frees all of it; the collector is switched back on (if it
    was on) on the way out, errors included.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check(options: MapOptions) -> None:
    if options.color_by not in ("kind", "country", "community"):
        raise QueryError(f"color_by must be kind, country or community, not {options.color_by!r}")
    if options.size_by not in ("degree", "weighted_degree", "betweenness"):
        raise QueryError(
            f"size_by must be degree, weighted_degree or betweenness, not {options.size_by!r}")
    if options.radius < 0:
        raise QueryError(f"radius must be 0 or more, not {options.radius}")
    if options.min_weight < 1:
        raise QueryError(f"min_weight must be 1 or more, not {options.min_weight}")
    if options.max_nodes is not None and options.max_nodes < 1:
        raise QueryError(f"max_nodes must be 1 or more, not {options.max_nodes}")
    if isinstance(options.min_confidence, bool) or not 0.0 <= options.min_confidence <= 1.0:
        raise QueryError(f"min_confidence must be a number from 0 to 1, not {options.min_confidence!r}")
    if isinstance(options.statuses, str) or any(s not in STATUSES for s in options.statuses):
        raise QueryError(f"statuses must be some of {', '.join(STATUSES)}, not {options.statuses!r}")


def map_data(graph: nx.MultiDiGraph, *, options: MapOptions = MapOptions(),
             source: SelectSource | None = None,
             others: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """The JSON-ready content of the page: styled vis.js nodes and edges, legend, filters.

    This is exactly what ``templates/map.js`` draws (``graphkitMap.render(data)``).
    Interactions are folded into one edge per actor pair, :func:`edge_family` and status;
    each edge keeps every interaction's predicate and date (for the page's filters) and
    the evidence and article of its tooltip lines. Node and edge ids are small integers
    (``nodes[i]["iri"]`` is the actor); texts stay raw here and are HTML-escaped by the
    page when it shows them.

    ``graph`` is what the map shows when it opens; ``others`` (the second graph of
    :func:`map_graphs`) holds interactions the page carries hidden, behind its status
    checkboxes: those whose status is in the options' ``statuses``, between actors on the
    map (actors known only from them come along too while nothing was trimmed and
    ``max_nodes`` allows). ``shown_statuses`` lists the statuses shown at first,
    ``status_counts`` the interactions carried by status other than "occurred" (those are
    in ``scope``), and ``hidden`` says what the page hides at first and why ("" when
    nothing).

    Node sizes and community colours are :mod:`graphkit.analysis` figures of ``graph``
    (of the ego network with ``ego``, as ``analyze --ego`` computes them), so the map's
    communities are ``analyze``'s, numbered alike; trimming (``max_nodes``,
    ``min_weight``) hides actors without changing anyone's figures. The ``ego`` is found
    as ``analyze --ego`` finds it (:func:`graphkit.explore.network_node`): by the
    network's labels, else by any name ``source`` (the store) knows.

    Built with plain dicts (networkx only for communities, betweenness and the core
    layout): a 10,000-actor, 100,000-interaction map takes well under two seconds.
    """
    from graphkit import analysis, explore

    groups, interactions, unusual = _fold(graph)
    if options.min_weight > 1:
        groups = {k: v for k, v in groups.items() if len(v) >= options.min_weight}
    adjacency = _adjacency(groups)
    trimmed = options.ego is not None or options.min_weight > 1

    keep: Collection[str] = adjacency.keys()
    center = None
    analysed = graph
    if options.ego is not None:
        center = explore.network_node(source, graph, options.ego)
        analysed = analysis.ego_network(graph, center, radius=options.radius)
        keep = _within(adjacency, center, options.radius)
    if options.max_nodes is not None and len(keep) > options.max_nodes:
        labels = graph.nodes
        ranked = sorted(keep, key=lambda n: (n != center, -_strength(adjacency, n),
                                             -len(adjacency.get(n, ())), labels[n]["label"], n))
        keep = set(ranked[: options.max_nodes])
    if len(keep) < len(adjacency):
        trimmed = True
        groups = {k: v for k, v in groups.items() if k[2] in keep and k[3] in keep}
        # Pair weights over the kept groups only; actors left without a link are dropped
        # (except the ego, so an ego with no contacts still shows).
        adjacency = _adjacency(groups)
    if center is not None and center not in adjacency:
        adjacency[center] = {}
    on_map = len(adjacency)

    shown_statuses = {"occurred"}.union(*unusual.values())
    extra, added = _hidden_groups(others, adjacency, shown_statuses, trimmed, options)
    attrs: Any = graph.nodes
    if added:
        from collections import ChainMap

        attrs = ChainMap(graph.nodes, others.nodes)  # type: ignore[union-attr]
        for (_, _, a, b), items in extra.items():  # new actors are laid out by their links
            if a in added or b in added:
                adjacency.setdefault(a, {})[b] = adjacency.get(a, {}).get(b, 0) + len(items)
                adjacency.setdefault(b, {})[a] = adjacency[a][b]
    merged = groups
    if extra:
        merged = dict(groups)
        for key, items in extra.items():
            merged[key] = merged[key] + items if key in merged else items
    # The groups with interactions that did not occur: split by status, and counted.
    mixed = {key for key in unusual if key in merged} | extra.keys()

    nodes, color_groups = _nodes(attrs, analysed, adjacency, groups, options)
    order = {p: k for k, p in enumerate(_STYLES)}
    used = sorted({i["predicate"] for items in merged.values() for i in items},
                  key=lambda p: (order.get(p, len(order)), p))
    articles: dict[tuple[str | None, str | None], int] = {}
    dates: dict[date, str] = {}  # each day is formatted once, and gives the page's date range
    edges = _edges(merged, {n["iri"]: n["id"] for n in nodes},
                   {p: k for k, p in enumerate(used)}, articles, dates, mixed)
    shown = [s for s in STATUSES if s in shown_statuses]
    counts = _status_counts(merged, mixed)
    physics = len(nodes) <= options.physics_threshold
    shown_index = {k for k, s in enumerate(STATUSES) if s in shown_statuses}
    shown_edges = sum(1 for e in edges if (e["s"][0] if "s" in e else 0) in shown_index)
    return {
        "title": options.title,
        "nodes": nodes,
        "edges": edges,
        "articles": [list(key) for key in articles],
        "statuses": list(STATUSES),
        "shown_statuses": shown,
        "status_counts": counts,
        "hidden": hidden_note(counts, shown),
        "predicates": [dict(_style(p)) for p in used],
        "tones": TONE_COLORS,
        "legend": _legend(nodes, color_groups, options),
        "dates": [dates[min(dates)], dates[max(dates)]] if dates else None,
        "physics": physics,
        "edge_label_scale": EDGE_LABEL_SCALE,
        "vis": _vis_options(physics, options),
        "scope": _scope(graph, options, on_map, shown_edges, interactions),
    }


def _hidden_groups(others: nx.MultiDiGraph | None, adjacency: Adjacency, shown: Collection[str],
                   trimmed: bool, options: MapOptions
                   ) -> tuple[dict[Group, list[dict[str, Any]]], set[str]]:
    """The folded interactions of ``others`` the page carries hidden, and the actors they
    add: their ends must be on the map unless nothing was trimmed and ``max_nodes`` has
    room for the newcomers."""
    if others is None or not others.number_of_edges():
        return {}, set()
    carried = set(options.statuses) - set(shown)
    found, _, _ = _fold(others)
    groups = {}
    for key, items in found.items():
        items = [i for i in items if i.get("status") in carried]
        if items and len(items) >= options.min_weight:
            groups[key] = items
    added = {x for key in groups for x in key[2:] if x not in adjacency}
    room = options.max_nodes is None or len(adjacency) + len(added) <= options.max_nodes
    if added and (trimmed or not room):
        groups = {k: v for k, v in groups.items() if k[2] in adjacency and k[3] in adjacency}
        added = set()
    return groups, added


def _status_counts(groups: dict[Group, list[dict[str, Any]]], mixed: Collection[Group]
                   ) -> dict[str, int]:
    """Distinct interactions (events) carried, by status other than "occurred" (those are
    in the scope): a multilateral meeting counts once. ``mixed``: the keys holding any."""
    events: dict[str, set[str]] = {s: set() for s in STATUSES if s != "occurred"}
    for key in mixed:
        for i in groups[key]:
            found = events.get(i.get("status", "occurred"))
            if found is not None:
                found.add(i["event"])
    return {s: len(e) for s, e in events.items()}


def hidden_note(counts: dict[str, int], shown: Collection[str]) -> str:
    """What the page hides when it opens, and why ("" when nothing); the page says the
    same as its status checkboxes change.

    >>> hidden_note({"occurred": 9, "planned": 3, "negated": 1}, ["occurred"])
    'hidden: 3 planned and 1 negated interactions, which did not take place (show them below)'
    >>> hidden_note({"occurred": 9, "planned": 1, "negated": 0}, ["occurred"])
    'hidden: 1 planned interaction, which did not take place (show it below)'
    >>> hidden_note({"occurred": 9, "planned": 1, "negated": 0}, ["occurred", "planned"])
    ''
    """
    parts = [(s, counts.get(s, 0)) for s in STATUSES if s not in shown and counts.get(s, 0)]
    if not parts:
        return ""
    total = sum(n for _, n in parts)
    many = total != 1
    return (f"hidden: {' and '.join(f'{n} {s}' for s, n in parts)} interaction{'s' if many else ''}, "
            f"which did not take place (show {'them' if many else 'it'} below)")


def _fold(graph: nx.MultiDiGraph
          ) -> tuple[dict[Group, list[dict[str, Any]]], int, dict[Group, set[str]]]:
    """Interactions by :func:`edge_family` key, how many interactions there were, and the
    keys holding interactions that did not occur, with their statuses (few: the common
    all-occurred map pays one comparison per interaction for them)."""
    groups: dict[Group, list[dict[str, Any]]] = {}
    unusual: dict[Group, set[str]] = {}
    count = 0
    family = {p: (s["tone"], s["directed"]) for p, s in _STYLES.items()}
    # edge_family(), inlined over the adjacency dicts: this loop sees every interaction.
    for u, targets in graph._adj.items():
        for v, parallel in targets.items():
            for attrs in parallel.values():
                count += 1
                predicate = attrs["predicate"]
                tone, directed = family.get(predicate) or (_style(predicate)["tone"],
                                                           _style(predicate)["directed"])
                key = (tone, directed, u, v) if directed or u < v else (tone, False, v, u)
                found = groups.get(key)
                if found is None:
                    groups[key] = [attrs]
                else:
                    found.append(attrs)
                status = attrs.get("status", "occurred")
                if status != "occurred":
                    unusual.setdefault(key, set()).add(status)
    return groups, count, unusual


def _adjacency(groups: dict[Group, list[dict[str, Any]]]) -> Adjacency:
    """Undirected pair weights (interactions per pair, all families together)."""
    adjacency: Adjacency = defaultdict(dict)
    for (_, _, a, b), items in groups.items():
        weight = adjacency[a].get(b, 0) + len(items)
        adjacency[a][b] = weight
        adjacency[b][a] = weight
    return dict(adjacency)


def _strength(adjacency: Adjacency, node: str) -> int:
    return sum(adjacency.get(node, {}).values())


def _within(adjacency: Adjacency, center: str, radius: int) -> set[str]:
    """Actors at most ``radius`` links from ``center`` (breadth first), the center included."""
    seen = {center}
    frontier = [center]
    for _ in range(radius):
        nxt = [w for v in frontier for w in adjacency.get(v, ()) if w not in seen]
        seen.update(nxt)
        frontier = nxt
    return seen


def _nodes(attrs: Any, analysed: nx.MultiDiGraph, shown: Adjacency,
           groups: dict[Group, list[dict[str, Any]]],
           options: MapOptions) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """vis.js nodes of the actors of ``shown``; ``attrs[n]`` is an actor's attributes."""
    from graphkit import analysis

    # Distinct events per actor: a multilateral meeting is one interaction, not one per pair.
    events_of: dict[str, set[str]] = defaultdict(set)
    for (_, _, a, b), items in groups.items():
        ids = [i["event"] for i in items]
        events_of[a].update(ids)
        events_of[b].update(ids)
    strength = {n: sum(nbrs.values()) for n, nbrs in shown.items()}
    weighted: dict[str, int] | None = None
    measure: dict[str, float]
    if options.size_by == "degree":
        measure = {n: float(d) for n, d in analysis.degree(analysed).items()}
    elif options.size_by == "betweenness":
        measure = analysis.betweenness(analysed, seed=options.seed)
    else:
        weighted = analysis.weighted_degree(analysed)
        measure = {n: float(w) for n, w in weighted.items()}
    top = max((measure.get(n, 0.0) for n in shown), default=0.0) or 1.0
    colors, color_groups, community = _colors(attrs, analysed, shown, weighted, options)
    pos = _layout(shown, strength, options) if shown else {}
    nodes = []
    for n in sorted(shown, key=lambda n: (attrs[n]["label"], n)):
        d = attrs[n]
        kind = d.get("kind")
        first, last = d.get("first_contact"), d.get("last_contact")
        # Plain values only: the page escapes them when it builds a tooltip.
        node = {
            "id": len(nodes),
            "iri": n,
            "label": str(d["label"]),
            "shape": KIND_STYLE.get(kind, KIND_STYLE[None])[0],
            "color": colors[n],
            "size": round(10 + 30 * math.sqrt(measure.get(n, 0.0) / top), 1),
            "kind": kind or "Unknown",
            "title": d.get("title"),
            "country": d.get("country") if kind != "Country" else None,
            "count": len(events_of[n]),
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        }
        if community is not None:
            node["community"] = community.get(n)
        if n in pos:
            node["x"], node["y"] = pos[n]
        nodes.append(node)
    return nodes, color_groups


def _edges(groups: dict[Group, list[dict[str, Any]]], node_id: dict[str, int],
           predicate_index: dict[str, int], articles: dict[tuple[str | None, str | None], int],
           dates: dict[date, str], mixed: AbstractSet[Group] = frozenset()) -> list[dict[str, Any]]:
    """vis.js edges with their interactions in parallel lists (compact for big maps).

    A group's interactions of one status make one edge: an analyst tells a planned or a
    negated contact from one that took place by its line (``dashes``,
    :data:`STATUS_DASHES`). ``p`` predicate index, ``d`` ISO date or "", ``s`` status
    index (only on the edges of interactions that did not occur), then for the first
    ``MAX_ITEMS_PER_EDGE`` interactions ``ev`` evidence, ``a`` article index (-1: none)
    and ``c`` confidence (a number, null when unknown; only when some interaction has
    one). ``dates`` collects every ISO day written. ``mixed``: the keys of the groups with
    interactions that did not occur (the others are all "occurred").
    """
    seen: dict[tuple[Any, Any], int] = {}  # raw (title, url) → index: one check per article
    status_index = {name: k for k, name in enumerate(STATUSES)}
    dashes = {status_index[name]: pattern for name, pattern in STATUS_DASHES.items()}
    # The families of one pair go together, in a fixed order: they bend apart by rank.
    by_pair: dict[tuple[str, str], list[Group]] = {}
    for key in groups:
        a, b = key[2], key[3]
        pair = (a, b) if a < b else (b, a)
        found = by_pair.get(pair)
        if found is None:
            by_pair[pair] = [key]
        else:
            found.append(key)

    def iso(day: date | None) -> str:
        if day is None:
            return ""
        text = dates.get(day)
        if text is None:
            text = dates[day] = day.isoformat()
        return text

    def article(i: dict[str, Any]) -> int:
        raw = (i.get("article_title") or None, i.get("article_url") or None)
        found = seen.get(raw)
        return _article(raw, articles, seen) if found is None else found

    def by_status(key: Group) -> list[tuple[Group, int, list[dict[str, Any]]]]:
        split: dict[int, list[dict[str, Any]]] = {}
        for i in groups[key]:
            split.setdefault(status_index.get(i.get("status", "occurred"), 0), []).append(i)
        return [(key, status, split[status]) for status in sorted(split)]

    edges = []
    for pair_keys in by_pair.values():
        if len(pair_keys) > 1:
            pair_keys.sort()
        if mixed.isdisjoint(pair_keys):  # all occurred: most pairs
            parts = [(key, 0, groups[key]) for key in pair_keys]
        else:
            parts = [part for key in pair_keys for part in by_status(key)]
        for rank, (key, status, items) in enumerate(parts):
            tone, directed, a, b = key
            if len(items) == 1:  # most links of a big map: no sorting, no loops
                i = items[0]
                day = i["date"]
                text = "" if day is None else dates.get(day) or iso(day)
                raw = (i.get("article_title") or None, i.get("article_url") or None)
                index = seen.get(raw)
                edge: dict[str, Any] = {
                    "id": len(edges), "from": node_id[a], "to": node_id[b], "tone": tone, "n": 1,
                    "p": [predicate_index[i["predicate"]]], "d": [text], "ev": [i["evidence"] or ""],
                    "a": [_article(raw, articles, seen) if index is None else index]}
                confidence = _confidence(i.get("confidence"))
                if confidence is not None:
                    edge["c"] = [confidence]
            else:
                items = sorted(items, key=_chronological)
                shown = items[:MAX_ITEMS_PER_EDGE]
                edge = {"id": len(edges), "from": node_id[a], "to": node_id[b], "tone": tone,
                        "n": len(items), "p": [predicate_index[i["predicate"]] for i in items],
                        "d": [iso(i["date"]) for i in items],
                        "ev": [i["evidence"] or "" for i in shown], "a": [article(i) for i in shown]}
                confidences = [_confidence(i.get("confidence")) for i in shown]
                if any(c is not None for c in confidences):
                    edge["c"] = confidences
            if status:
                edge["s"] = [status] * len(items)
                if status in dashes:
                    edge["dashes"] = dashes[status]
            if directed:
                edge["arrows"] = "to"
            if len(parts) > 1:
                # Parallel edges of one pair bend apart instead of drawing on top of each other.
                bend = 0.15 + 0.15 * (rank // 2)
                clockwise = (rank % 2 == 0) == (a < b)
                edge["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                                  "roundness": bend}
            edges.append(edge)
    return edges


def _confidence(value: Any) -> float | None:
    """A confidence for the page: a finite number (4 places, as stored) or None. Nothing
    else reaches the page's data (a NaN would not even parse as JSON)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return round(float(value), 4)


def _chronological(i: dict[str, Any]) -> tuple[date, str]:
    return i["date"] or date.max, i["event"]


def _article(raw: tuple[Any, Any], articles: dict[tuple[str | None, str | None], int],
             seen: dict[tuple[Any, Any], int]) -> int:
    """The index of an article in the page's list (-1: nothing to show), cached by raw value."""
    title, url = raw
    if url and not re.match(r"https?://", url, re.IGNORECASE):
        url = None  # javascript: and the like never become links
    if title is None and url is None:
        seen[raw] = -1
        return -1
    index = seen[raw] = articles.setdefault((title, url), len(articles))
    return index


def _colors(attrs: Any, analysed: nx.MultiDiGraph, shown: Adjacency,
            weighted: dict[str, int] | None, options: MapOptions
            ) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, int] | None]:
    """Node colours, the legend's (name, colour) groups, and each node's community number
    (None unless colouring by community)."""
    if options.color_by == "kind":
        return {n: KIND_STYLE.get(attrs[n].get("kind"), KIND_STYLE[None])[1]
                for n in shown}, [], None
    if options.color_by == "community":
        return _community_colors(analysed, shown, weighted, options)
    group = {n: attrs[n].get("country") or "" for n in shown}
    sizes = Counter(g for g in group.values() if g)
    named = [g for g, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))][:len(PALETTE)]
    color_of = {g: PALETTE[i] for i, g in enumerate(named)}
    return {n: color_of.get(g, OTHER_COLOR) for n, g in group.items()}, list(color_of.items()), None


def _community_colors(analysed: nx.MultiDiGraph, shown: Adjacency, weighted: dict[str, int] | None,
                      options: MapOptions
                      ) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, int]]:
    """``analyze``'s communities: community ``i`` has the palette's colour ``i`` (the largest
    communities come first), the rest share the "other" colour."""
    from graphkit import analysis

    found = analysis.communities(analysed, seed=options.seed)
    if weighted is None:
        weighted = analysis.weighted_degree(analysed)
    table = analysis.community_rows(analysed, weighted, found)
    number = {n: i for i, members in enumerate(found) for n in members}
    colors = {n: PALETTE[number[n]] if number.get(n, len(PALETTE)) < len(PALETTE) else OTHER_COLOR
              for n in shown}
    present = sorted({number[n] for n in shown if n in number and number[n] < len(PALETTE)})
    # Named after the hub, as analyze names them: readable in the legend.
    groups = [(f"community {i}: around {table[i]['hub']}", PALETTE[i]) for i in present]
    return colors, groups, {n: number[n] for n in shown if n in number}


def _legend(nodes: list[dict[str, Any]], color_groups: list[tuple[str, str]],
            options: MapOptions) -> dict[str, Any]:
    def style(kind: str) -> tuple[str, str]:
        return KIND_STYLE.get(None if kind == "Unknown" else kind, KIND_STYLE[None])

    groups = [{"name": name or "unaffiliated", "color": color} for name, color in color_groups]
    if options.color_by != "kind" and any(n["color"] == OTHER_COLOR for n in nodes):
        groups.append({"name": "other", "color": OTHER_COLOR})
    return {
        "kinds": [{"kind": k, "shape": style(k)[0],
                   "color": style(k)[1] if options.color_by == "kind" else "#777777"}
                  for k in sorted({n["kind"] for n in nodes})],
        "tones": [{"tone": t, "color": c} for t, c in TONE_COLORS.items()],
        "groups": groups,
        "color_by": options.color_by,
        "size_by": options.size_by.replace("_", " "),
    }


def _layout(shown: Adjacency, strength: dict[str, int], options: MapOptions
            ) -> dict[str, tuple[float, float]]:
    """Node positions in pixels; a force layout for the core, neighbours placed around it.

    networkx's force layout is quadratic in memory without scipy, so past
    ``CORE_LAYOUT_NODES`` only the best-connected nodes go through it and every other node
    is placed near the already placed neighbours it connects to (breadth first).
    """
    import networkx as nx

    n = len(shown)
    rng = random.Random(options.seed)
    spread = 40.0 * math.sqrt(n) + 100.0
    order = sorted(shown, key=lambda v: (-strength[v], v))
    core = order[:CORE_LAYOUT_NODES]
    if len(core) > 1:
        in_core = set(core)
        sub = nx.Graph()
        sub.add_nodes_from(core)
        sub.add_edges_from((a, b) for a in core for b in shown[a] if b in in_core and a < b)
        raw = nx.spring_layout(sub, seed=options.seed, method="force", iterations=60, weight=None)
    else:
        raw = {core[0]: (0.0, 0.0)}
    core_share = math.sqrt(len(core) / n)
    pos = {v: (float(x) * spread * core_share, float(y) * spread * core_share)
           for v, (x, y) in raw.items()}
    step = spread / math.sqrt(n) * 1.5
    frontier = list(core)
    unplaced = iter(order)  # seeds for components the core does not reach, best first
    while len(pos) < n:
        nxt = []
        for v in frontier:
            x, y = pos[v]
            for w in sorted(shown[v]):
                if w not in pos:
                    angle = rng.uniform(0, 2 * math.pi)
                    dist = step * rng.uniform(0.6, 1.4)
                    pos[w] = (x + dist * math.cos(angle), y + dist * math.sin(angle))
                    nxt.append(w)
        if not nxt:
            # A component the core does not reach: seed it on the rim and go on.
            seed = next(v for v in unplaced if v not in pos)
            angle = rng.uniform(0, 2 * math.pi)
            r = spread * rng.uniform(1.05, 1.3)
            pos[seed] = (r * math.cos(angle), r * math.sin(angle))
            nxt = [seed]
        frontier = nxt
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in pos.items()}


def _vis_options(physics: bool, options: MapOptions) -> dict[str, Any]:
    from pyvis.network import Network

    net = Network(directed=True)
    net.force_atlas_2based(gravity=-80, central_gravity=0.01, spring_length=110,
                           spring_strength=0.06, damping=0.5, overlap=0.2)
    net.toggle_physics(physics)
    net.toggle_stabilization(True)
    vis = json.loads(net.options.to_json())
    vis["physics"]["stabilization"].update({"iterations": 400, "updateInterval": 25})
    vis["physics"]["minVelocity"] = 1.5
    face = "system-ui, sans-serif"
    vis["edges"] = {
        "color": {"inherit": False},
        "smooth": {"enabled": physics, "type": "continuous"},
        "arrows": {"to": {"scaleFactor": 0.6}},
        "selectionWidth": 2,
        # Labels from EDGE_LABEL_SCALE on (map.js sets them): a white halo over the line.
        "font": {"size": 10, "face": face, "color": "#333333", "strokeWidth": 3,
                 "strokeColor": "#ffffff", "align": "horizontal"},
    }
    # map.js sizes node labels 14 to 22 units by node size and halves every label each time
    # the zoom doubles past 2; vis draws no node label under 5 screen pixels, so zooming
    # out drops the small actors' names first.
    vis["nodes"] = {"font": {"size": 16, "face": face, "strokeWidth": 3, "strokeColor": "#ffffff"},
                    "borderWidth": 1,
                    "scaling": {"label": {"enabled": False, "drawThreshold": 6}}}
    vis["interaction"].update({"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": not physics,
                               "navigationButtons": False, "keyboard": False})
    vis["layout"] = {"improvedLayout": False, "randomSeed": options.seed}
    return vis


def _scope(graph: nx.MultiDiGraph, options: MapOptions, nodes: int, edges: int,
           interactions: int) -> str:
    parts = [f"{nodes} actors, {edges} links ({interactions} interactions selected)"]
    if options.since or options.until:
        parts.append(f"dates {options.since or '…'} to {options.until or '…'}")
    bar = graph.graph.get("min_confidence")  # what the projection applied
    if bar:
        parts.append(f"confidence at least {bar:g}")
    if options.ego:
        parts.append(f"around {options.ego} (radius {options.radius})")
    if options.min_weight > 1:
        parts.append(f"links with at least {options.min_weight} interactions")
    if options.max_nodes is not None and graph.number_of_nodes() > options.max_nodes:
        parts.append(f"the {options.max_nodes} most connected actors")
    return "; ".join(parts)


_SLOT = re.compile(r"/\*@(\w+)@\*/")


def map_page(data: dict[str, Any], options: MapOptions = MapOptions()) -> str:
    """The self-contained HTML page that draws ``data`` (:func:`map_data`'s output, or
    JSON shaped like it), titled ``options.title``: what ``write_map`` writes, for data
    built elsewhere (a notebook, a server's view). The page calls
    ``graphkitMap.render(data)`` on its inline copy of ``data``.

    >>> import networkx as nx
    >>> page = map_page(map_data(nx.MultiDiGraph()))
    >>> "nothing to show" in page, "graphkitMap" in page
    (True, True)
    """
    return _page(data, options)


def vis_network_dir() -> Path:
    """Where pyvis keeps the vis-network files the map draws with (``vis-network.min.js``,
    ``vis-network.css``): inlined in the static map, served by ``graphkit serve``."""
    import pyvis

    return Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


def _page(data: dict[str, Any], options: MapOptions) -> str:
    vis_dir = vis_network_dir()
    templates = resources.files("graphkit.templates")
    slots = {
        "TITLE": html.escape(options.title),
        "VIS_CSS": (vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        "VIS_JS": (vis_dir / "vis-network.min.js").read_text(encoding="utf-8"),
        "MAP_CSS": templates.joinpath("map.css").read_text(encoding="utf-8"),
        "MAP_JS": templates.joinpath("map.js").read_text(encoding="utf-8"),
        "DATA": _script_json(data),
    }
    template = templates.joinpath("map.html").read_text(encoding="utf-8")
    # One pass, so text put into a slot is never scanned for slots again.
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def _script_json(data: dict[str, Any]) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
