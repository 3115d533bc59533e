"""Bulk loading into a SPARQL server: Graph Store PUTs against SPARQL UPDATE (articles/s).

``run()`` turns the first ``articles`` articles of ``bench/corpus.py``'s synthetic corpus
into extraction records directly (the planted interactions are the extraction: no spaCy),
then writes them all through :meth:`graphkit.graph.KnowledgeGraph.add` into two fresh
``oxigraph serve`` (on disk, each on a free loopback port):

* ``graph_store``: ``--endpoint BASE/query``, so each new article is one Graph Store Protocol
  ``PUT BASE/store?graph=…`` of N-Triples;
* ``sparql_update``: ``--endpoint BASE/query|BASE/update|`` (no Graph Store), so each
  article is one ``DROP SILENT GRAPH … ; INSERT DATA …`` update, as before.

The two are fed in turn, article by article, rather than one after the other: on a shared
machine the load changes within a minute, and run one after the other the ratio of the
two modes' write times swung from 0.7 to 1.9 between runs. Each reports articles/s and
triples/s for the whole of ``add`` (identity resolution, RDF and N-Triples serialisation
included, as a build sees it) and for the write requests alone, and the ratio of the two
modes. A third figure, ``batched_post_reference``, is NOT a way
graphkit writes: the same graphs sent as N-Quads, ``batch`` articles per ``POST BASE/store``,
which only adds quads (a changed article would keep its old triples). It shows what
batching would gain if a server offered a per-graph replace for several graphs at once.

Run it alone with ``python -m bench.bulk_load_bench [ARTICLES]`` (prints JSON);
``bench/run.py`` calls ``run()`` as its "bulk_load" stage.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from graphkit.records import Article, Entity, Extraction, Interaction

SEED = 7


# -- the articles ---------------------------------------------------------------------------

def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The YAML-ish header ``bench/corpus.py`` writes (one ``key: value`` a line) and the body."""
    _, header, body = text.split("---\n", 2)
    fields = {}
    for line in header.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = json.loads(value) if value.startswith('"') else value
    return fields, body


def extractions(count: int, *, seed: int = SEED) -> list[Extraction]:
    """Extraction records for the first ``count`` synthetic articles: their planted
    interactions, with every person named (title, country, surname as an alias) and every
    country involved as an entity, the way the extractor reports them."""
    from bench.corpus import generate, make_actors
    from graphkit.rdf import slugify

    actors = {actor.name: actor for actor in make_actors(seed)}
    out = []
    for synthetic in generate(count, seed=seed):
        fields, body = _front_matter(synthetic.text)
        article = Article(id=hashlib.sha256(synthetic.text.encode()).hexdigest()[:16], name=synthetic.name,
                          text=body, title=fields.get("title"), published=date.fromisoformat(fields["date"]),
                          source=fields.get("source"), url=fields.get("url"), path=f"synthetic/{synthetic.name}")
        entities: dict[str, Entity] = {}

        def country(name: str) -> None:
            entities.setdefault(name, Entity(name, "Country", key=f"country:{slugify(name)}"))

        interactions = []
        for planted in synthetic.gold:
            for name in (planted.subject, planted.object):
                actor = actors.get(name)
                if actor is None or actor.kind == "Country":
                    country(name)
                else:
                    entities.setdefault(name, Entity(name, "Person", aliases=(actor.surname,), title=actor.title,
                                                     affiliation=actor.country))
                    country(actor.country)
            start = max(body.find(planted.evidence), 0)
            interactions.append(Interaction(
                planted.subject, planted.predicate, planted.object, status=planted.status,
                date=planted.date.isoformat() if planted.date else None, evidence=planted.evidence,
                start=start, end=start + len(planted.evidence), confidence=0.9, trigger=planted.predicate))
        out.append(Extraction(article, tuple(entities.values()), tuple(interactions)))
    return out


# -- the server -------------------------------------------------------------------------------

def _oxigraph_binary() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the `oxigraph` server binary is not installed (pip install oxigraph==0.5.13)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A fresh ``oxigraph serve --location LOCATION`` on a free loopback port: its base URL."""
    port = _free_port()
    server = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {server.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve on {base} did not answer within 15 s") from None
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a stuck server
            server.kill()
            server.wait()


# -- the loads ------------------------------------------------------------------------------

def _figures(count: int, triples: int, wall_s: float, write_s: float) -> dict[str, Any]:
    return {"articles": count, "triples": triples, "wall_s": round(wall_s, 2),
            "articles_per_s": round(count / wall_s, 1), "triples_per_s": round(triples / wall_s),
            "write_s": round(write_s, 2), "write_articles_per_s": round(count / write_s, 1),
            "write_triples_per_s": round(triples / write_s)}


class _TimedGraph:
    """A ``KnowledgeGraph`` on an endpoint whose ``add`` calls, and the article write
    requests inside them, are timed."""

    def __init__(self, endpoint: str) -> None:
        from graphkit.graph import KnowledgeGraph
        from graphkit.store import EndpointBackend

        self.endpoint = endpoint
        self.kg = KnowledgeGraph.open(endpoint=endpoint)
        backend = self.kg.backend
        assert isinstance(backend, EndpointBackend)
        self.backend = backend
        self.add_s = 0.0
        self.write_s = 0.0
        self.outcomes: list[str] = []
        send = backend._send

        def timed(method: str, url: str, *args: Any, **kwargs: Any) -> tuple[bytes, str]:
            if method != "PUT" and url != backend.update_url:
                return send(method, url, *args, **kwargs)  # a query, not an article write
            start = time.perf_counter()
            try:
                return send(method, url, *args, **kwargs)
            finally:
                self.write_s += time.perf_counter() - start

        backend._send = timed  # type: ignore[method-assign]

    def add(self, record: Extraction) -> None:
        start = time.perf_counter()
        self.outcomes.append(self.kg.add(record))
        self.add_s += time.perf_counter() - start

    def report(self, count: int) -> dict[str, Any]:
        stats = self.kg.stats()
        if self.outcomes.count("added") != count or stats["articles"] != count:
            raise RuntimeError(f"{self.endpoint}: {self.outcomes.count('added')} of {count} articles added, "
                               f"{stats['articles']} stored")
        out = _figures(count, stats["triples"], self.add_s, self.write_s)
        out["requests"] = dict(self.backend.stats)
        out["graph_store"] = self.backend.graph_store
        return out


def _load_both(records: list[Extraction], put_endpoint: str, update_endpoint: str) -> dict[str, dict[str, Any]]:
    """Every record through ``KnowledgeGraph.add`` into both endpoints, one article at a
    time to each in turn (which goes first alternates), so that a change in the shared
    machine's load during the run weighs on both modes alike."""
    graphs = {"graph_store": _TimedGraph(put_endpoint), "sparql_update": _TimedGraph(update_endpoint)}
    try:
        for graph in graphs.values():
            graph.kg.status(records[0].article)  # the stored hashes' query, before the clock starts
        order = list(graphs.values())
        for n, record in enumerate(records):
            for graph in (order if n % 2 == 0 else order[::-1]):
                graph.add(record)
        return {mode: graph.report(len(records)) for mode, graph in graphs.items()}
    finally:
        for graph in graphs.values():
            graph.kg.close()


def _load_batched(records: list[Extraction], base: str, batch: int) -> dict[str, Any]:
    """The reference: the same graphs (resolved and serialised as ``add`` does) sent as
    N-Quads, ``batch`` articles per ``POST BASE/store`` (adds quads; no replace)."""
    from graphkit.graph import KnowledgeGraph

    with KnowledgeGraph.open(endpoint=f"{base}/query") as kg:
        kg.status(records[0].article)
        writes = 0.0
        start = time.perf_counter()
        for first in range(0, len(records), batch):
            lines = []
            for record in records[first:first + batch]:
                graph = kg.to_rdf(record)
                suffix = f" <{graph.identifier}> .\n"
                # N-Triples from rdflib: one statement a line, each ending " ." – an N-Quad
                # is the same line with the graph name before the dot.
                lines.extend(line[:-2] + suffix for line in graph.serialize(format="nt").splitlines() if line)
            request = urllib.request.Request(f"{base}/store", data="".join(lines).encode("utf-8"), method="POST",
                                             headers={"Content-Type": "application/n-quads"})
            sent = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120):
                pass
            writes += time.perf_counter() - sent
        wall = time.perf_counter() - start
        stats = kg.stats()
        if stats["articles"] != len(records):
            raise RuntimeError(f"batched POSTs stored {stats['articles']} of {len(records)} articles")
        out = _figures(len(records), stats["triples"], wall, writes)
        out["batch"] = batch
        out["requests"] = -(-len(records) // batch)
        return out


def run(articles: int = 2000, *, batch: int = 100) -> dict[str, Any]:
    """Graph Store PUTs against SPARQL UPDATE into a fresh ``oxigraph serve`` each (see the
    module docstring). The default size takes 1.5 minutes on 2 cores."""
    started = time.perf_counter()
    records = extractions(articles)
    generated = time.perf_counter() - started
    out: dict[str, Any] = {"articles": articles, "generate_s": round(generated, 2),
                           "interactions": sum(len(r.interactions) for r in records)}
    with tempfile.TemporaryDirectory(prefix="bulk-load-bench-") as tmp:
        with oxigraph_server(Path(tmp) / "graph_store") as put_base, \
                oxigraph_server(Path(tmp) / "sparql_update") as update_base:
            print(f"bulk_load: {articles} articles, Graph Store PUT and SPARQL UPDATE in turn ...",
                  file=sys.stderr, flush=True)
            out.update(_load_both(records, f"{put_base}/query",
                                  f"{update_base}/query|{update_base}/update|"))
        with oxigraph_server(Path(tmp) / "batched") as base:
            print(f"bulk_load: {articles} articles, batched POST reference ...", file=sys.stderr, flush=True)
            out["batched_post_reference"] = _load_batched(records, base, batch)
    put, update = out["graph_store"], out["sparql_update"]
    if put["graph_store"] is not True or put["requests"]["put"] != articles:
        raise RuntimeError(f"the Graph Store run did not PUT every article: {put['requests']}")
    out["same_triples"] = put["triples"] == update["triples"] == out["batched_post_reference"]["triples"]
    out["ratio"] = round(put["articles_per_s"] / update["articles_per_s"], 2)
    out["write_ratio"] = round(put["write_articles_per_s"] / update["write_articles_per_s"], 2)
    out["total_s"] = round(time.perf_counter() - started, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print(json.dumps(run(int(args[0]) if args else 2000), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
