"""Query and analysis speed on a synthetic graph of a million triples.

``run()`` writes a synthetic diplomacy graph in the agreed vocabulary (one named graph per
article, event nodes with every property, direct triples, actors with labels, posts and
affiliations) straight into an on-disk Oxigraph store with ``bulk_extend``, then times:

* each canned question (``graphkit ask``) on Oxigraph, through :func:`graphkit.query.ask`;
* ``graphkit analyze``: the projection to networkx and the figures (degree, weighted
  degree, sampled betweenness, eigenvector centrality, Louvain communities);
* the same canned SPARQL on rdflib's in-memory ``Dataset`` holding the same quads, each
  query in a forked child process so that one past ``rdflib_timeout`` can be killed
  without slowing the rest.

Run it alone with ``python bench/query_bench.py [TRIPLES]``; ``bench/run.py`` calls ``run()``.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graphkit.predicates import predicate_table
from graphkit.rdf import ID_BASE as ID
from graphkit.rdf import PREFIXES

DIP = PREFIXES["dip"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS_PREF = PREFIXES["skos"] + "prefLabel"
PROV = PREFIXES["prov"]
ORG = PREFIXES["org"]
SCHEMA = PREFIXES["schema"]
XSD = PREFIXES["xsd"]

PREDICATES = predicate_table().event_classes  # predicate: event class

COUNTRIES = 200
EVENTS_PER_ARTICLE = 10
NEW_ACTORS_PER_ARTICLE = 14  # every actor appears in some article
HUBS = 300  # busy actors (ministers, leaders) that recur across articles


def synthetic_quads(triples: int = 1_000_000, *, actors: int = 50_000, seed: int = 11) -> tuple[list, dict[str, Any]]:
    """pyoxigraph quads of a synthetic graph with at least ``triples`` quads and
    ``actors`` actors, and what was made (counts, the names of a few busy actors)."""
    import pyoxigraph as ox

    rng = random.Random(seed)
    nn = ox.NamedNode
    lit = ox.Literal
    t_type, t_label, t_pref = nn(RDF_TYPE), nn(RDFS_LABEL), nn(SKOS_PREF)
    p = {name: nn(DIP + name) for name in ("actor", "target", "participant", "date", "status", "evidence",
                                          "confidence", "predicate", "affiliation", "title", "contentHash",
                                          "sourceName")}
    direct = {name: nn(DIP + name) for name in PREDICATES}
    classes = {name: nn(DIP + cls) for name, cls in PREDICATES.items()}
    interaction, occurred, planned, negated = (nn(DIP + x) for x in ("Interaction", "Occurred", "Planned", "Negated"))
    derived, holds, post_in, post_class = nn(PROV + "wasDerivedFrom"), nn(ORG + "holds"), nn(ORG + "postIn"), nn(ORG + "Post")
    news, entity = nn(SCHEMA + "NewsArticle"), nn(PROV + "Entity")
    headline, published, publisher = nn(SCHEMA + "headline"), nn(SCHEMA + "datePublished"), nn(SCHEMA + "publisher")
    person, organization, country = nn(DIP + "Person"), nn(DIP + "Organization"), nn(DIP + "Country")
    xsd_date, xsd_decimal = nn(XSD + "date"), nn(XSD + "decimal")
    names = {"person": [], "country": []}

    # Actors: COUNTRIES countries, then people (most) and organisations, each with a country.
    actor_nodes, actor_info = [], []
    for i in range(actors):
        if i < COUNTRIES:
            label, kind, home = f"Country {i:03d}", country, None
            names["country"].append(label)
        elif i % 10 == 0:
            label, kind, home = f"Agency {i:05d}", organization, i % COUNTRIES
        else:
            label, kind, home = f"Minister{i:05d} Person{i:05d}", person, i % COUNTRIES
            names["person"].append(label)
        actor_nodes.append(nn(f"{ID}actor/a{i:05d}"))
        actor_info.append((lit(label), kind, home))
    hubs = list(range(COUNTRIES, COUNTRIES + HUBS))
    hub_set = set(hubs)
    quads: list = []
    add = quads.append
    start_day = date(2023, 1, 1)
    article = 0
    next_actor = 0
    # For the questions' arguments: actors the data answers about (no question timed on 0 rows).
    pairs: dict[tuple[int, int], int] = {}  # two hubs in an event that happened
    criticized: dict[int, int] = {}  # targets of criticism
    met: dict[int, int] = {}  # people in meetings and calls that happened
    while len(quads) < triples or next_actor < actors:
        g = nn(f"{ID}article/{article:08x}")
        day = start_day + timedelta(days=article % 700)
        add(ox.Quad(g, t_type, news, g))
        add(ox.Quad(g, t_type, entity, g))
        add(ox.Quad(g, headline, lit(f"Talks and calls, report {article}"), g))
        add(ox.Quad(g, published, lit(day.isoformat(), datatype=xsd_date), g))
        add(ox.Quad(g, publisher, lit("Synthetic Wire"), g))
        add(ox.Quad(g, p["contentHash"], lit(f"{article:016x}"), g))
        cast = [(next_actor + k) % actors for k in range(NEW_ACTORS_PER_ARTICLE)]
        next_actor += NEW_ACTORS_PER_ARTICLE
        cast += rng.sample(hubs, 3)
        seen: set[int] = set()
        for e in range(EVENTS_PER_ARTICLE):
            a, b = rng.sample(cast, 2)
            predicate = rng.choice(list(PREDICATES))
            status = occurred if rng.random() < 0.9 else (planned if rng.random() < 0.5 else negated)
            ev = nn(f"{ID}interaction/{article:08x}{e:02x}")
            when = day - timedelta(days=rng.randrange(3))
            for pred, obj in ((t_type, classes[predicate]), (t_type, interaction), (p["predicate"], direct[predicate]),
                              (p["actor"], actor_nodes[a]), (p["target"], actor_nodes[b]),
                              (p["participant"], actor_nodes[a]), (p["participant"], actor_nodes[b]),
                              (p["date"], lit(when.isoformat(), datatype=xsd_date)), (p["status"], status),
                              (p["evidence"], lit(f"Event {e} of report {article}.")),
                              (p["confidence"], lit("0.9", datatype=xsd_decimal)), (derived, g)):
                add(ox.Quad(ev, pred, obj, g))
            if status == occurred:
                add(ox.Quad(actor_nodes[a], direct[predicate], actor_nodes[b], g))
                if predicate in ("met", "spokeWith"):
                    for x in (a, b):
                        met[x] = met.get(x, 0) + 1
                if a in hub_set and b in hub_set:
                    pair = (min(a, b), max(a, b))
                    pairs[pair] = pairs.get(pair, 0) + 1
            if predicate == "criticized" and status != negated:
                criticized[b] = criticized.get(b, 0) + 1
            seen.update((a, b))
        for a in sorted(seen):
            label, kind, home = actor_info[a]
            node = actor_nodes[a]
            add(ox.Quad(node, t_type, kind, g))
            add(ox.Quad(node, t_label, label, g))
            add(ox.Quad(node, t_pref, label, g))
            if home is not None:
                add(ox.Quad(node, p["affiliation"], actor_nodes[home], g))
                home_label, _, _ = actor_info[home]
                add(ox.Quad(actor_nodes[home], t_type, country, g))
                add(ox.Quad(actor_nodes[home], t_label, home_label, g))
                if kind == person:
                    post = ox.BlankNode()
                    add(ox.Quad(node, holds, post, g))
                    add(ox.Quad(post, t_type, post_class, g))
                    add(ox.Quad(post, p["title"], lit("Foreign Minister"), g))
                    add(ox.Quad(post, post_in, actor_nodes[home], g))
                    add(ox.Quad(post, derived, g, g))
        article += 1
    hub, other_hub = min(pairs, key=lambda k: (-pairs[k], k)) if pairs else (hubs[0], hubs[1])
    target = min(criticized, key=lambda k: (-criticized[k], k)) if criticized else COUNTRIES
    made = {"quads": len(quads), "articles": article, "actors": actors, "events": article * EVENTS_PER_ARTICLE,
            "hub": str(actor_info[hub][0].value), "other_hub": str(actor_info[other_hub][0].value),
            "criticized": str(actor_info[target][0].value),
            "contact": str(actor_info[min(met, key=lambda k: (-met[k], k)) if met else hubs[0]][0].value),
            "country_a": names["country"][0], "country_b": names["country"][1]}
    return quads, made


def _questions(made: dict[str, Any]) -> dict[str, tuple[str, list[str], dict[str, Any]]]:
    return {
        "contacts": ("contacts", [made["contact"]], {}),
        "timeline": ("timeline", [made["hub"]], {}),
        "between": ("between", [made["country_a"], made["country_b"]], {}),
        "most-active": ("most-active", [], {"since": date(2023, 3, 1), "until": date(2023, 6, 30), "limit": 20}),
        "criticisms": ("criticisms", [made["criticized"]], {}),
        "first-last": ("first-last", [made["hub"], made["other_hub"]], {}),
    }


def _timed(work) -> tuple[float, Any]:
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def _rdflib_child(dataset, sparql: str, conn) -> None:
    import warnings

    warnings.simplefilter("ignore")
    started = time.perf_counter()
    rows = len(list(dataset.query(sparql)))
    conn.send((time.perf_counter() - started, rows))
    conn.close()


def _rdflib_times(quads: list, sparqls: dict[str, str], timeout: float) -> dict[str, Any]:
    """Load the quads into an rdflib Dataset, then time each query in a forked child."""
    from rdflib import BNode, Dataset, Literal, URIRef
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value)) if t.datatype.value != XSD + "string" else Literal(t.value)

    cache: dict[Any, Any] = {}

    def cached(t):
        found = cache.get(t)
        if found is None:
            found = cache[t] = term(t)
        return found

    load, dataset = _timed(lambda: _load_rdflib(Dataset, quads, cached))
    out: dict[str, Any] = {"load_s": round(load, 2), "queries_s": {}}
    ctx = multiprocessing.get_context("fork")
    for name, sparql in sparqls.items():
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_rdflib_child, args=(dataset, sparql, child), daemon=True)
        proc.start()
        child.close()
        if parent.poll(timeout):
            seconds, rows = parent.recv()
            out["queries_s"][name] = round(seconds, 3)
            out.setdefault("rows", {})[name] = rows
        else:
            out["queries_s"][name] = None  # did not finish within the timeout
        proc.kill()
        proc.join()
    out["timeout_s"] = timeout
    return out


def _load_rdflib(dataset_class, quads: list, cached):
    dataset = dataset_class()
    graphs: dict[Any, Any] = {}
    for q in quads:
        g = graphs.get(q.graph_name)
        if g is None:
            g = graphs[q.graph_name] = dataset.graph(cached(q.graph_name))
        g.add((cached(q.subject), cached(q.predicate), cached(q.object)))
    return dataset


def run(triples: int = 1_000_000, *, actors: int = 50_000, rdflib: bool = True,
        rdflib_timeout: float = 60.0, workdir: str | Path | None = None) -> dict[str, Any]:
    """Build the synthetic store and time the canned questions and ``analyze`` on it.

    Returns a dict of figures (seconds unless named otherwise): ``graph`` (quads,
    articles, actors, events), ``generate_s``, ``load_s`` (bulk_extend on disk),
    ``oxigraph_s`` and ``rows`` per question, ``analyze`` (``project_s``, ``figures_s``,
    ``total_s``, network size), and with ``rdflib`` the same questions on rdflib's
    Dataset (``rdflib.queries_s``; None: past ``rdflib_timeout``) and ``ratio`` (rdflib
    time / Oxigraph time per question).
    """
    import pyoxigraph as ox

    from graphkit import analysis
    from graphkit.graph import KnowledgeGraph
    from graphkit.projection import project
    from graphkit.query import QUESTIONS, ask, bind, known_actors, match_actor

    figures: dict[str, Any] = {}
    generate, (quads, made) = _timed(lambda: synthetic_quads(triples, actors=actors))
    figures["graph"] = {k: made[k] for k in ("quads", "articles", "actors", "events")}
    figures["generate_s"] = round(generate, 2)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "store"
        store = ox.Store(str(path))
        load, _ = _timed(lambda: store.bulk_extend(quads))
        store.flush()
        del store
        figures["load_s"] = round(load, 2)
        with KnowledgeGraph.open(path, read_only=True) as kg:
            figures["triples_in_store"] = kg.stats()["triples"]
            names_s, actors_list = _timed(lambda: known_actors(kg))
            figures["name_index_s"] = round(names_s, 3)
            sparqls: dict[str, str] = {}
            figures["oxigraph_s"], figures["rows"] = {}, {}
            for label, (name, args, options) in _questions(made).items():
                seconds, answer = _timed(lambda: ask(kg, name, args, **options))
                figures["oxigraph_s"][label] = round(seconds, 3)
                figures["rows"][label] = len(answer.terms)
                question = QUESTIONS[name]
                named = [p for p in question.parameters if p.kind in ("actor", "country")]
                values = {p.name: match_actor(a, actors_list) for p, a in zip(named, args)}
                values.update({k: v for k, v in options.items()})
                sparqls[label] = bind(question, **values)
            project_s, network = _timed(lambda: project(kg))
            figures_s, summary = _timed(lambda: analysis.summary(network))
            figures["analyze"] = {"project_s": round(project_s, 2), "figures_s": round(figures_s, 2),
                                  "total_s": round(project_s + figures_s, 2),
                                  "actors": summary["network"]["actors"], "links": summary["network"]["links"],
                                  "interactions": summary["network"]["interactions"],
                                  "communities": len(summary["communities"]),
                                  "betweenness_sample": summary["network"]["betweenness_sample"]}
    if rdflib:
        figures["rdflib"] = _rdflib_times(quads, sparqls, rdflib_timeout)
        figures["ratio"] = {k: (round(v / figures["oxigraph_s"][k], 1) if v is not None else None)
                            for k, v in figures["rdflib"]["queries_s"].items()}
    return figures


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(json.dumps(run(size, rdflib=os.environ.get("BENCH_RDFLIB", "1") != "0"), indent=2))
