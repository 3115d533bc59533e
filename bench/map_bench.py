"""Map benchmark: HTML size, time to write it, time until Chromium has drawn it.

Synthetic graphs of N actors with about 10 interactions per actor (a few hubs, as in
news coverage) are loaded into an in-memory Oxigraph store in the agreed vocabulary, one
named graph per article, then mapped with every actor shown (``max_nodes=None``) and with
the default options. ``run()`` returns the figures as a dict; ``python -m bench.map_bench``
prints them.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graphkit.rdf import ID_BASE, PREFIXES

# Namespaces are graphkit's own (graphkit.rdf).
DIP = PREFIXES["dip"]
ID = ID_BASE
XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
PROV_FROM = PREFIXES["prov"] + "wasDerivedFrom"
SCHEMA = PREFIXES["schema"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
EVENTS_PER_ACTOR = 10
EVENTS_PER_ARTICLE = 20


class OxigraphSource:
    """``select()`` over a pyoxigraph store, with plain Python values."""

    def __init__(self, store) -> None:
        self.store = store

    def select(self, sparql: str) -> list[dict[str, object]]:
        import pyoxigraph as ox

        result = self.store.query(sparql)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row: dict[str, object] = {}
            for name in names:
                term = solution[name]
                if term is None:
                    row[name] = None
                elif isinstance(term, ox.Literal):
                    dt = term.datatype.value
                    if dt == XSD + "date":
                        row[name] = date.fromisoformat(term.value)
                    elif dt == XSD + "integer":
                        row[name] = int(term.value)
                    elif dt in (XSD + "decimal", XSD + "double"):
                        row[name] = float(term.value)
                    else:
                        row[name] = term.value
                else:
                    row[name] = term.value
            rows.append(row)
        return rows


def synthetic_store(actors: int, *, seed: int = 1):
    """An in-memory store with ``actors`` actors and ~10 interactions each."""
    import pyoxigraph as ox

    from graphkit.records import PREDICATES

    rng = random.Random(seed)
    nn, lit = ox.NamedNode, ox.Literal
    kinds = ["Person"] * 7 + ["Country"] * 2 + ["Organization"]
    iris = [nn(f"{ID}actor/actor-{i}") for i in range(actors)]
    weights = [1.0 / (i + 1) ** 0.6 for i in range(actors)]  # some actors are hubs
    quads = []
    start = date(2023, 1, 1)
    events = actors * EVENTS_PER_ACTOR
    for k in range(events):
        article = nn(f"{ID}article/bench-{k // EVENTS_PER_ARTICLE}")
        if k % EVENTS_PER_ARTICLE == 0:
            quads += [
                ox.Quad(article, nn(RDF_TYPE), nn(SCHEMA + "NewsArticle"), article),
                ox.Quad(article, nn(SCHEMA + "headline"), lit(f"Bench article {k // EVENTS_PER_ARTICLE}"), article),
                ox.Quad(article, nn(SCHEMA + "url"),
                        lit(f"https://news.example.org/{k}", datatype=nn(XSD + "anyURI")), article),
            ]
        a = rng.choices(range(actors), weights)[0] if k % 2 else k % actors
        b = rng.randrange(actors)
        if a == b:
            b = (b + 1) % actors
        for i in (a, b):
            quads += [ox.Quad(iris[i], nn(RDF_TYPE), nn(DIP + kinds[i % len(kinds)]), article),
                      ox.Quad(iris[i], nn(RDFS_LABEL), lit(f"Actor {i}"), article)]
        event = nn(f"{ID}interaction/bench-{k}")
        predicate = PREDICATES[k % len(PREDICATES)]
        when = start + timedelta(days=rng.randrange(700))
        quads += [
            ox.Quad(event, nn(RDF_TYPE), nn(DIP + "Interaction"), article),
            ox.Quad(event, nn(DIP + "predicate"), nn(DIP + predicate), article),
            ox.Quad(event, nn(DIP + "actor"), iris[a], article),
            ox.Quad(event, nn(DIP + "target"), iris[b], article),
            ox.Quad(event, nn(DIP + "participant"), iris[a], article),
            ox.Quad(event, nn(DIP + "participant"), iris[b], article),
            ox.Quad(event, nn(DIP + "date"), lit(when.isoformat(), datatype=nn(XSD + "date")), article),
            ox.Quad(event, nn(DIP + "status"), nn(DIP + "Occurred"), article),
            ox.Quad(event, nn(DIP + "evidence"),
                    lit(f"Actor {a} {predicate} Actor {b} on {when:%d %B}, officials said."), article),
            ox.Quad(event, nn(PROV_FROM), article, article),
        ]
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def time_to_draw(path: Path) -> float | None:
    """Milliseconds from navigation start until vis-network's first drawing; None without Chromium."""
    if not Path(CHROMIUM).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(path.resolve().as_uri(), timeout=300_000)
            page.wait_for_function("() => window.graphkitMap && window.graphkitMap.drawnAt !== null",
                                   timeout=300_000)
            return round(page.evaluate("graphkitMap.drawnAt"), 1)
        finally:
            browser.close()


def run(sizes: tuple[int, ...] = (1000, 10000)) -> dict[str, Any]:
    """Benchmark the map for each number of actors in ``sizes``."""
    from graphkit.projection import project
    from graphkit.viz import MapOptions, write_map

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="graphkit-map-bench-") as tmp:
        for n in sizes:
            t0 = time.perf_counter()
            source = OxigraphSource(synthetic_store(n))
            load_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            graph = project(source)
            project_s = time.perf_counter() - t0
            row: dict[str, Any] = {"actors": n, "interactions": graph.number_of_edges(),
                                   "store_load_s": round(load_s, 3), "project_s": round(project_s, 3)}
            for name, options in (("full", MapOptions(max_nodes=None)), ("default", MapOptions())):
                out = Path(tmp) / f"map-{n}-{name}.html"
                t0 = time.perf_counter()
                summary = write_map(graph, out, options=options)
                write_s = time.perf_counter() - t0
                row[name] = {
                    "nodes": summary.nodes, "edges": summary.edges,
                    "html_bytes": summary.bytes, "html_mb": round(summary.bytes / 1e6, 2),
                    "write_s": round(write_s, 3),
                    "write_with_projection_s": round(write_s + project_s, 3),
                    "draw_ms": time_to_draw(out),
                }
            results[str(n)] = row
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
