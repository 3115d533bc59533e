"""The interactive relationship map: one self-contained, offline HTML file.

``write_map`` projects the graph (``graphkit.projection.project``), folds the interaction
edges into one edge per actor pair and predicate family, trims the network to a size a
browser opens quickly, and writes the page from the package's own template with the
vis-network files pyvis ships inlined: no CDN, no ``lib/`` folder, no request of any kind
when the file is opened from disk.
"""
from __future__ import annotations

import html
import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from graphkit.errors import QueryError
from graphkit.files import atomic_write
from graphkit.records import DIRECTED_PREDICATES, PREDICATES, STATUSES

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.projection import SelectSource

ColorBy = Literal["kind", "country", "community"]
SizeBy = Literal["degree", "weighted_degree", "betweenness"]

# The tone of each predicate colours its edges and names its family (with direction).
TONES = {
    "cooperative": ("met", "spokeWith", "negotiatedWith", "agreedWith", "visited", "hosted",
                    "supported", "aided", "invited"),
    "conflictual": ("criticized", "threatened", "sanctioned", "summoned"),
    "neutral": ("briefed", "urged"),
}
TONE_OF = {p: tone for tone, preds in TONES.items() for p in preds}
TONE_COLORS = {"cooperative": "#4a9e5c", "conflictual": "#d64545", "neutral": "#8c8c8c"}
KIND_STYLE = {  # kind: (shape, colour)
    "Person": ("dot", "#4e79a7"),
    "Organization": ("diamond", "#b07aa1"),
    "Country": ("square", "#e8a33d"),
    None: ("dot", "#9d9d9d"),
}
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#86bcb6", "#d37295")
OTHER_COLOR = "#bab0ac"
MAX_ITEMS_PER_EDGE = 50  # evidence kept per edge tooltip; counts and filters use them all
CORE_LAYOUT_NODES = 400  # nodes laid out by the force model; the rest hang off them


@dataclass(frozen=True)
class MapOptions:
    """What the map shows and how.

    ``max_nodes`` keeps the most connected actors (``None``: all); above
    ``physics_threshold`` nodes the layout is computed here and physics starts off.
    """

    color_by: ColorBy = "kind"
    size_by: SizeBy = "weighted_degree"
    ego: str | None = None
    radius: int = 1
    since: date | None = None
    until: date | None = None
    predicates: Collection[str] | None = None
    include_planned: bool = False
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
    directed = predicate in DIRECTED_PREDICATES
    if not directed and target < source:
        source, target = target, source
    return TONE_OF.get(predicate, "neutral"), directed, source, target


def write_map(source: SelectSource | nx.MultiDiGraph, out: Path, *,
              options: MapOptions = MapOptions()) -> MapSummary:
    """Write the interactive map of ``source`` to ``out`` (atomically).

    ``source`` is a graph with ``select(sparql)`` (projected with the options' ``since``,
    ``until``, ``predicates`` and ``include_planned``) or a projection already made by
    :func:`graphkit.projection.project`.

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
    """The page and what it holds."""

    html: str
    nodes: int
    edges: int
    data: dict[str, Any]


def render_map(source: SelectSource | nx.MultiDiGraph, *,
               options: MapOptions = MapOptions()) -> RenderedMap:
    """Build the map page in memory (``write_map`` without the file)."""
    import networkx as nx

    _check(options)
    if isinstance(source, nx.MultiDiGraph):
        graph = source
    else:
        from graphkit.projection import project
        graph = project(source, since=options.since, until=options.until,
                        predicates=options.predicates, include_planned=options.include_planned)
    data = map_data(graph, options=options)
    return RenderedMap(html=_page(data, options), nodes=len(data["nodes"]),
                       edges=len(data["edges"]), data=data)


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


def map_data(graph: nx.MultiDiGraph, *, options: MapOptions = MapOptions()) -> dict[str, Any]:
    """The JSON-ready content of the page: styled vis.js nodes and edges, legend, filters.

    Interactions are folded into one edge per actor pair and :func:`edge_family`; each
    edge keeps every interaction's predicate and date (for the page's filters) and the
    evidence and article of its tooltip lines. Node and edge ids are small integers
    (``nodes[i]["iri"]`` is the actor); texts stay raw here and are HTML-escaped by the
    page when it shows them.
    """
    import networkx as nx

    groups: dict[tuple[str, bool, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, attrs in graph.edges(data=True):
        predicate = attrs["predicate"]  # edge_family(), inlined: this loop sees every interaction
        if predicate in DIRECTED_PREDICATES:
            groups[(TONE_OF.get(predicate, "neutral"), True, u, v)].append(attrs)
        else:
            groups[(TONE_OF.get(predicate, "neutral"), False) + ((u, v) if u < v else (v, u))].append(attrs)
    groups = {k: v for k, v in groups.items() if len(v) >= options.min_weight}

    pair_weight: Counter[tuple[str, str]] = Counter()
    for (_, _, a, b), items in groups.items():
        pair_weight[(a, b) if a < b else (b, a)] += len(items)
    weighted = nx.Graph()  # undirected pair weights: ranking, ego, communities, layout
    weighted.add_weighted_edges_from((a, b, w) for (a, b), w in pair_weight.items())

    keep = set(weighted)
    center = None
    if options.ego is not None:
        center = _find_actor(graph, options.ego)
        if center not in weighted:
            keep = {center}
        else:
            keep = set(nx.ego_graph(weighted, center, radius=options.radius))
    if options.max_nodes is not None and len(keep) > options.max_nodes:
        strength = dict(weighted.degree(keep, weight="weight"))
        ranked = sorted(keep, key=lambda n: (n != center, -strength[n], -weighted.degree(n),
                                             graph.nodes[n]["label"], n))
        keep = set(ranked[: options.max_nodes])
    groups = {k: v for k, v in groups.items() if k[2] in keep and k[3] in keep}
    # Pair weights over the kept groups only; actors left without a link are dropped
    # (except the ego, so an ego with no contacts still shows).
    if len(keep) == len(weighted):
        shown = weighted
    else:
        pair_weight = Counter()
        for (_, _, a, b), items in groups.items():
            pair_weight[(a, b) if a < b else (b, a)] += len(items)
        shown = nx.Graph()
        shown.add_nodes_from(sorted(keep))
        shown.add_weighted_edges_from((a, b, w) for (a, b), w in pair_weight.items())
    shown.remove_nodes_from([n for n in list(shown) if shown.degree(n) == 0 and n != center])

    nodes, color_groups = _nodes(graph, shown, groups, options)
    used = sorted({i["predicate"] for items in groups.values() for i in items},
                  key=lambda p: PREDICATES.index(p) if p in PREDICATES else len(PREDICATES))
    articles: dict[tuple[str | None, str | None], int] = {}
    edges = _edges(groups, {n["iri"]: n["id"] for n in nodes},
                   {p: k for k, p in enumerate(used)}, articles)
    dates = sorted(i["date"] for items in groups.values() for i in items if i["date"])
    physics = len(nodes) <= options.physics_threshold
    return {
        "title": options.title,
        "nodes": nodes,
        "edges": edges,
        "articles": [list(key) for key in articles],
        "statuses": list(STATUSES),
        "predicates": [{"name": p, "label": _words(p), "tone": TONE_OF.get(p, "neutral"),
                        "directed": p in DIRECTED_PREDICATES} for p in used],
        "tones": TONE_COLORS,
        "legend": _legend(nodes, color_groups, options),
        "dates": [dates[0].isoformat(), dates[-1].isoformat()] if dates else None,
        "physics": physics,
        "vis": _vis_options(physics, options),
        "scope": _scope(graph, options, len(nodes), len(edges)),
    }


def _find_actor(graph: nx.MultiDiGraph, name: str) -> str:
    if name in graph:
        return name
    wanted = name.casefold().strip()
    by_label = [n for n, d in graph.nodes(data=True)
                if str(d.get("label", "")).casefold() == wanted
                or n.rsplit("/", 1)[-1] == wanted.replace(" ", "-")]
    if len(by_label) == 1:
        return by_label[0]
    partial = [n for n, d in graph.nodes(data=True) if wanted in str(d.get("label", "")).casefold()]
    if len(partial) == 1:
        return partial[0]
    if by_label or partial:
        names = sorted(graph.nodes[n]["label"] for n in (by_label or partial))
        raise QueryError(f"{name!r} names several actors: {', '.join(names[:10])}")
    raise QueryError(f"no actor named {name!r} in the selected interactions")


def _words(predicate: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", predicate).lower()


def _nodes(graph: nx.MultiDiGraph, shown: nx.Graph, groups: dict, options: MapOptions
           ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    import networkx as nx

    # Distinct events per actor: a multilateral meeting is one interaction, not one per pair.
    events_of: dict[str, set[str]] = defaultdict(set)
    for (_, _, a, b), items in groups.items():
        for i in items:
            events_of[a].add(i["event"])
            events_of[b].add(i["event"])
    if options.size_by == "degree":
        measure = {n: float(len(shown._adj[n])) for n in shown}
    elif options.size_by == "betweenness":
        k = None if len(shown) <= 500 else 200  # sampled above 500 nodes: exact is O(VE)
        measure = nx.betweenness_centrality(shown, k=k, seed=options.seed)
    else:
        measure = {n: float(sum(e["weight"] for e in shown._adj[n].values())) for n in shown}
    top = max(measure.values(), default=0.0) or 1.0
    colors, color_groups = _colors(graph, shown, options)
    pos = _layout(shown, options) if shown.number_of_nodes() else {}
    nodes = []
    for n in sorted(shown, key=lambda n: (graph.nodes[n]["label"], n)):
        d = graph.nodes[n]
        shape, _ = KIND_STYLE.get(d.get("kind"), KIND_STYLE[None])
        # Plain values only: the page escapes them when it builds a tooltip.
        node = {
            "id": len(nodes),
            "iri": n,
            "label": str(d["label"]),
            "shape": shape,
            "color": colors[n],
            "size": round(10 + 30 * math.sqrt(measure.get(n, 0.0) / top), 1),
            "kind": d.get("kind") or "Unknown",
            "title": d.get("title"),
            "country": d.get("country") if d.get("kind") != "Country" else None,
            "count": len(events_of[n]),
            "first": d["first_contact"].isoformat() if d.get("first_contact") else None,
            "last": d["last_contact"].isoformat() if d.get("last_contact") else None,
        }
        if n in pos:
            node["x"], node["y"] = pos[n]
        nodes.append(node)
    return nodes, color_groups


def _edges(groups: dict, node_id: dict[str, int], predicate_index: dict[str, int],
           articles: dict[tuple[str | None, str | None], int]) -> list[dict[str, Any]]:
    """vis.js edges with their interactions in parallel lists (compact for big maps).

    ``p`` predicate index, ``d`` ISO date or "", ``s`` status index (only when some
    interaction did not occur), then for the first ``MAX_ITEMS_PER_EDGE`` interactions
    ``ev`` evidence and ``a`` article index (-1: none).
    """
    seen: dict[tuple[Any, Any], int] = {}  # raw (title, url) → index: one check per article
    status_index = {name: k for k, name in enumerate(STATUSES)}
    planned = status_index["planned"]
    pairs: dict[frozenset, list[tuple]] = defaultdict(list)
    for key in sorted(groups):
        pairs[frozenset(key[2:])].append(key)
    edges = []
    for pair_keys in pairs.values():
        for rank, key in enumerate(pair_keys):
            tone, directed, a, b = key
            items = groups[key]
            if len(items) > 1:
                items = sorted(items, key=lambda i: (i["date"] or date.max, i["event"]))
            p, d, ev, art, st = [], [], [], [], []
            for k, i in enumerate(items):
                p.append(predicate_index[i["predicate"]])
                d.append(i["date"].isoformat() if i["date"] else "")
                st.append(status_index.get(i["status"], 0))
                if k < MAX_ITEMS_PER_EDGE:
                    ev.append(i["evidence"] or "")
                    art.append(_article(i, articles, seen))
            edge: dict[str, Any] = {"id": len(edges), "from": node_id[a], "to": node_id[b],
                                    "tone": tone, "n": len(items), "p": p, "d": d, "ev": ev, "a": art}
            if any(st):
                edge["s"] = st
                if all(x == planned for x in st):
                    edge["dashes"] = True
            if directed:
                edge["arrows"] = "to"
            if len(pair_keys) > 1:
                # Parallel edges of one pair bend apart instead of drawing on top of each other.
                bend = 0.15 + 0.15 * (rank // 2)
                clockwise = (rank % 2 == 0) == (a < b)
                edge["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                                  "roundness": bend}
            edges.append(edge)
    return edges


def _article(i: dict[str, Any], articles: dict[tuple[str | None, str | None], int],
             seen: dict[tuple[Any, Any], int]) -> int:
    raw = (i.get("article_title") or None, i.get("article_url") or None)
    found = seen.get(raw)
    if found is not None:
        return found
    title, url = raw
    if url and not re.match(r"https?://", url, re.IGNORECASE):
        url = None  # javascript: and the like never become links
    if title is None and url is None:
        seen[raw] = -1
        return -1
    index = seen[raw] = articles.setdefault((title, url), len(articles))
    return index


def _colors(graph: nx.MultiDiGraph, shown: nx.Graph, options: MapOptions
            ) -> tuple[dict[str, str], list[tuple[str, str]]]:
    if options.color_by == "kind":
        return {n: KIND_STYLE.get(graph.nodes[n].get("kind"), KIND_STYLE[None])[1]
                for n in shown}, []
    if options.color_by == "country":
        group = {n: graph.nodes[n].get("country") or "" for n in shown}
    else:
        import networkx as nx
        communities = nx.community.louvain_communities(shown, weight="weight", seed=options.seed)
        group = {}
        for members in communities:
            # Name a community after its best-connected member: readable in the legend.
            hub = max(members, key=lambda n: (shown.degree(n, weight="weight"),
                                              graph.nodes[n]["label"]))
            for n in members:
                group[n] = f"around {graph.nodes[hub]['label']}"
    sizes = Counter(g for g in group.values() if g)
    named = [g for g, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))][:len(PALETTE)]
    color_of = {g: PALETTE[i] for i, g in enumerate(named)}
    return {n: color_of.get(g, OTHER_COLOR) for n, g in group.items()}, list(color_of.items())


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


def _layout(shown: nx.Graph, options: MapOptions) -> dict[str, tuple[float, float]]:
    """Node positions in pixels; a force layout for the core, neighbours placed around it.

    networkx's force layout is quadratic in memory without scipy, so past
    ``CORE_LAYOUT_NODES`` only the best-connected nodes go through it and every other node
    is placed near the already placed neighbours it connects to (breadth first).
    """
    import networkx as nx

    n = shown.number_of_nodes()
    rng = random.Random(options.seed)
    spread = 40.0 * math.sqrt(n) + 100.0
    order = sorted(shown, key=lambda v: (-shown.degree(v, weight="weight"), v))
    core = order[:CORE_LAYOUT_NODES]
    sub = shown.subgraph(core)
    raw = nx.spring_layout(sub, seed=options.seed, method="force", iterations=60,
                           weight=None) if len(core) > 1 else {core[0]: (0.0, 0.0)}
    core_share = math.sqrt(len(core) / n)
    pos = {v: (float(x) * spread * core_share, float(y) * spread * core_share)
           for v, (x, y) in raw.items()}
    if len(pos) < n:
        step = spread / math.sqrt(n) * 1.5
        frontier = list(core)
        remaining = [v for v in order if v not in pos]
        while remaining:
            nxt = []
            for v in frontier:
                for w in sorted(shown[v]):
                    if w not in pos:
                        x, y = pos[v]
                        angle = rng.uniform(0, 2 * math.pi)
                        dist = step * rng.uniform(0.6, 1.4)
                        pos[w] = (x + dist * math.cos(angle), y + dist * math.sin(angle))
                        nxt.append(w)
            if not nxt:
                # A component the core does not reach: seed it on the rim and go on.
                seed = next(v for v in remaining if v not in pos)
                angle = rng.uniform(0, 2 * math.pi)
                r = spread * rng.uniform(1.05, 1.3)
                pos[seed] = (r * math.cos(angle), r * math.sin(angle))
                nxt = [seed]
            frontier = nxt
            remaining = [v for v in remaining if v not in pos]
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
    vis["edges"] = {
        "color": {"inherit": False},
        "smooth": {"enabled": physics, "type": "continuous"},
        "arrows": {"to": {"scaleFactor": 0.6}},
        "selectionWidth": 2,
    }
    vis["nodes"] = {"font": {"size": 14, "face": "system-ui, sans-serif",
                             "strokeWidth": 3, "strokeColor": "#ffffff"},
                    "borderWidth": 1}
    vis["interaction"].update({"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": not physics,
                               "navigationButtons": False, "keyboard": False})
    vis["layout"] = {"improvedLayout": False, "randomSeed": options.seed}
    return vis


def _scope(graph: nx.MultiDiGraph, options: MapOptions, nodes: int, edges: int) -> str:
    parts = [f"{nodes} actors, {edges} links ({graph.number_of_edges()} interactions selected)"]
    if options.since or options.until:
        parts.append(f"dates {options.since or '…'} to {options.until or '…'}")
    if options.ego:
        parts.append(f"around {options.ego} (radius {options.radius})")
    if options.min_weight > 1:
        parts.append(f"links with at least {options.min_weight} interactions")
    if options.max_nodes is not None and graph.number_of_nodes() > options.max_nodes:
        parts.append(f"the {options.max_nodes} most connected actors")
    return "; ".join(parts)


_SLOT = re.compile(r"/\*@(\w+)@\*/")


def _page(data: dict[str, Any], options: MapOptions) -> str:
    import pyvis

    vis_dir = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
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
