"""``graphkit serve`` at a million triples: the workbench's JSON API and ``/sparql`` over HTTP.

``run()`` writes the synthetic diplomacy graph of ``bench/query_bench.py``
(:func:`bench.query_bench.synthetic_quads`, loaded with ``bulk_extend`` into an on-disk
Oxigraph store), opens it read-only, serves it with uvicorn in a background thread on a
free loopback port (the app of :func:`graphkit.server.create_app`, as ``graphkit serve``
runs it) and measures with real HTTP requests, so every figure includes the server:

* the actor page's API (``/api/actor/{id}``), target < 300 ms: median, p95 and max per
  group of actors, the busiest actors (most events) and ordinary ones (the median number
  of events), next to the same view called in-process (no HTTP);
* the map's default view (``/api/map``: the top 100 actors by weighted degree), target
  < 1 s: the first request after the start-up projection ``graphkit serve`` does before it
  listens (timed apart), its repeats, and other top-N views on the same projection;
* ``/sparql`` (SPARQL 1.1 Protocol, ``GET ?query=`` with ``Accept:
  application/sparql-results+json``) under 50 concurrent clients, target: no error. Each
  client is a thread with its own keep-alive connection doing ``requests_per_client``
  requests, round-robin over a mix of small canned questions (``graphkit/queries/*.rq``
  bound to actors of the data with :func:`graphkit.query.bind`) and cheap queries (ASK, a
  label lookup, a count). The clients run in a separate process so that their Python does
  not compete with the server's for one interpreter lock. An error is any status but 200
  or any exception (a timeout included). Each query, and the heavy canned questions left
  out of the mix (each reads much of the store, 1.5-2.5 s alone at a million triples), is
  first run alone; then a burst (no target) sends one request per client at once over
  the mix and the heavy questions, to show what the server does when overloaded
  (``graphkit.server`` runs a few queries at once and answers 503 to one that waited
  ``query_timeout`` for its turn).

Also, without targets: ``/api/link`` between two busy actors and ``/api/search``.

Run it alone with ``python -m bench.serve_bench [TRIPLES]`` (prints JSON);
``bench/run.py`` calls ``run()`` as its stage "serve".
"""
from __future__ import annotations

import http.client
import json
import math
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from bench.query_bench import DIP, synthetic_quads

TARGETS = {"actor_ms": 300.0, "map_ms": 1000.0, "sparql_errors": 0}
ACCEPT_JSON = "application/sparql-results+json"
REQUEST_TIMEOUT_S = 120.0  # a client gives up (and counts an error) past this


# -- the store -------------------------------------------------------------------------------------

def _actors_for(triples: int) -> int:
    """Actors of the synthetic graph: 50,000 at a million triples (as query_bench), fewer for a
    small graph (the generator writes every actor, so 50,000 would make any graph big); at
    least the generator's 200 countries and 300 busy actors."""
    return max(600, min(50_000, triples // 20))


def build_store(path: Path, triples: int, *, actors: int | None = None) -> dict[str, Any]:
    """Write the synthetic graph into an on-disk Oxigraph store at ``path`` (as
    ``bench/query_bench.py`` does) and say what it holds: counts, and the events per actor
    (``participants``: actor IRI -> events it took part in)."""
    import pyoxigraph as ox

    started = time.perf_counter()
    quads, made = synthetic_quads(triples, actors=actors or _actors_for(triples))
    generate = time.perf_counter() - started
    participant = DIP + "participant"
    participants = Counter(q.object.value for q in quads if q.predicate.value == participant)
    started = time.perf_counter()
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    load = time.perf_counter() - started
    return {"made": made, "participants": participants, "generate_s": round(generate, 2), "load_s": round(load, 2)}


def pick_actors(participants: Counter, *, busy: int, ordinary: int, seed: int = 5) -> dict[str, list[str]]:
    """The ``busy`` actors with the most events, and ``ordinary`` actors with the median
    number of events (a seeded sample of them), as IRIs."""
    ranked = sorted(participants, key=lambda iri: (-participants[iri], iri))
    median = statistics.median_low(participants.values())
    typical = sorted(iri for iri, n in participants.items() if n == median)
    rng = random.Random(seed)
    return {"busy": ranked[:busy], "ordinary": sorted(rng.sample(typical, min(ordinary, len(typical))))}


# -- the server --------------------------------------------------------------------------------------

class Server:
    """uvicorn serving ``app`` in a background thread on a free loopback port (a socket
    bound before the server starts, so no other process can take the port in between)."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        # IPPROTO_TCP named: asyncio sets TCP_NODELAY on accepted connections only for a socket whose
        # proto says TCP (as uvicorn's own, from getaddrinfo); with proto 0 a keep-alive response
        # waits ~40 ms for the delayed ACK of its headers (Nagle).
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                server_header=False, backlog=1024)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="serve-bench-uvicorn", daemon=True)

    def __enter__(self) -> Server:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.should_exit = True
        self._thread.join(30)
        self._socket.close()


class Client:
    """One keep-alive HTTP connection to the server (reopened after a failure)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._connection: http.client.HTTPConnection | None = None

    def get(self, path: str, params: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        """Status, body and seconds (request sent to body read) of ``GET path?params``."""
        url = path + ("?" + urllib.parse.urlencode(params) if params else "")
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S)
        started = time.perf_counter()
        try:
            self._connection.request("GET", url, headers=headers or {})
            response = self._connection.getresponse()
            body = response.read()
        except BaseException:
            self.close()
            raise
        return response.status, body, time.perf_counter() - started

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _ms(seconds: list[float]) -> dict[str, Any]:
    """Median, p95 and max of ``seconds``, in milliseconds."""
    if not seconds:
        return {"n": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(seconds)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1)}


def _get_ok(client: Client, path: str, params: dict[str, str] | None = None) -> tuple[bytes, float]:
    status, body, seconds = client.get(path, params)
    if status != 200:
        raise RuntimeError(f"GET {path} {params or ''} answered {status}: {body[:300]!r}")
    return body, seconds


# -- the figures ---------------------------------------------------------------------------------------

def _actor_figures(client: Client, graph: Any, groups: dict[str, list[str]], participants: Counter,
                   requests: int, direct: int) -> dict[str, Any]:
    """``requests`` requests per group, round-robin over its actors; ``direct`` in-process
    calls of the view per group, for what HTTP and the server add."""
    from graphkit.workbench import actor_id, actor_view

    out: dict[str, Any] = {"target_ms": TARGETS["actor_ms"]}
    for group, iris in groups.items():
        times: list[float] = []
        sizes: list[int] = []
        interactions: dict[str, int] = {}
        for k in range(requests):
            iri = iris[k % len(iris)]
            body, seconds = _get_ok(client, f"/api/actor/{actor_id(iri)}")
            times.append(seconds)
            sizes.append(len(body))
            interactions.setdefault(actor_id(iri), json.loads(body)["interactions"])
        in_process = []
        for k in range(direct):
            started = time.perf_counter()
            actor_view(graph, iris[k % len(iris)])
            in_process.append(time.perf_counter() - started)
        # events: every event the actor took part in; interactions_shown: those the page
        # counts by default (occurred ones: planned and negated are left out).
        row = {**_ms(times), "actors": [{"id": actor_id(i), "events": participants[i],
                                         "interactions_shown": interactions.get(actor_id(i))} for i in iris],
               "response_kb_median": round(statistics.median(sizes) / 1024, 1),
               "in_process_median_ms": _ms(in_process)["median_ms"]}
        row["meets_target"] = row["p95_ms"] is not None and row["p95_ms"] < TARGETS["actor_ms"]
        out[group] = row
    out["meets_target"] = all(out[g]["meets_target"] for g in groups)
    out["target_applies_to"] = "p95 of each group"
    return out


def _map_figures(client: Client, app: Any, warm: int, startup_s: float) -> dict[str, Any]:
    """The default view's first request (after the start-up `graphkit serve` does: the
    store projected once), its repeats (the server keeps each view's JSON), and other
    views computed on the same projection (another top N: what a visitor changing the
    view waits for)."""
    body, first = _get_ok(client, "/api/map")
    data = json.loads(body)
    repeats = [_get_ok(client, "/api/map")[1] for _ in range(warm)]
    others = [_get_ok(client, "/api/map", {"top": str(n)})[1] for n in (50, 150, 200, 250, 300)[:max(1, warm // 2)]]
    target = TARGETS["map_ms"]
    first_ms = round(first * 1000, 1)
    other_figures = _ms(others)
    return {
        "target_ms": target, "nodes": len(data["nodes"]), "edges": len(data["edges"]),
        "months": len(data.get("months", [])), "response_kb": round(len(body) / 1024, 1),
        "startup_projection_s": round(startup_s, 1),
        "first_ms": first_ms, "first_meets_target": first_ms < target,
        "repeat": _ms(repeats), "other_views": other_figures,
        "other_views_meet_target": other_figures["p95_ms"] is not None and other_figures["p95_ms"] < target,
        "note": "graphkit serve projects the store for the default view before it listens "
                "(startup_projection_s); first = the first request after that; repeat = the same view "
                "again (its JSON is kept); other_views = other top-N views on the same projection",
    }


def _extras(client: Client, busy: list[str], requests: int) -> dict[str, Any]:
    """``/api/link`` between the two busiest actors and ``/api/search`` (no targets)."""
    from graphkit.workbench import actor_id

    link = [_get_ok(client, "/api/link", {"from": actor_id(busy[0]), "to": actor_id(busy[1 % len(busy)])})[1]
            for _ in range(requests)]
    search = [_get_ok(client, "/api/search", {"q": q})[1]
              for q in ("Minister0", "Person00", "Country 01", "Agency")[:requests]]
    return {"link": _ms(link), "search": _ms(search)}


def sparql_mix(groups: dict[str, list[str]], countries: list[str]) -> dict[str, list[tuple[str, str]]]:
    """(name, SPARQL) of the queries sent to ``/sparql``, in two lists:

    * ``load``: the load test's mix, small canned questions bound to actors of the data
      (one actor's contacts and timeline, two actors' first and last contact, and
      ``contacts.rq`` as shipped, whose example actor the data lacks) and cheap queries;
    * ``heavy``: canned questions that read a large part of the store even when bound
      (criticisms of one target, between two countries, the most active actors of four
      months): each is run alone, and in the burst, not in the load test.
    """
    from graphkit.query import QUESTIONS, bind, query_text

    busy, ordinary = groups["busy"], groups["ordinary"]
    some = ordinary[0] if ordinary else busy[-1]
    other = busy[1 % len(busy)]
    load = [
        ("contacts", bind(QUESTIONS["contacts"], actor=busy[0])),
        ("contacts-ordinary", bind(QUESTIONS["contacts"], actor=some)),
        ("actor-timeline", bind(QUESTIONS["timeline"], actor=other)),
        ("actor-timeline-ordinary", bind(QUESTIONS["timeline"], actor=some)),
        ("first-last-contact", bind(QUESTIONS["first-last"], a=busy[0], b=other)),
        ("contacts-as-shipped", query_text("contacts.rq")),
        ("ask", "ASK { ?s a dip:Interaction }"),
        ("label", f"SELECT ?label WHERE {{ <{some}> rdfs:label ?label }} LIMIT 5"),
        ("count-events", f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e dip:participant <{busy[0]}> }}"),
        ("articles", "SELECT ?g ?headline WHERE { GRAPH ?g { ?g schema:headline ?headline } } LIMIT 20"),
    ]
    heavy = [("criticisms-by-target", bind(QUESTIONS["criticisms"], target=busy[2 % len(busy)])),
             ("most-active", bind(QUESTIONS["most-active"], since=date(2023, 3, 1), until=date(2023, 6, 30), limit=20))]
    if len(countries) >= 2:
        heavy.append(("between-countries", bind(QUESTIONS["between"], country_a=countries[0], country_b=countries[1])))
    return {"load": load, "heavy": heavy}


def _sparql_once(client: Client, mix: list[tuple[str, str]]) -> dict[str, Any]:
    """Each query of the mix alone: status, rows, milliseconds."""
    out = {}
    for name, sparql in mix:
        status, body, seconds = client.get("/sparql", {"query": sparql}, {"Accept": ACCEPT_JSON})
        rows = None
        if status == 200:
            answer = json.loads(body)
            rows = len(answer["results"]["bindings"]) if "results" in answer else int(answer.get("boolean", False))
        out[name] = {"status": status, "rows": rows, "ms": round(seconds * 1000, 1)}
    return out


def load_test(port: int, mix: list[tuple[str, str]], clients: int, requests_per_client: int) -> dict[str, Any]:
    """``clients`` threads, each with its own connection doing ``requests_per_client`` GET
    ``/sparql`` requests round-robin over ``mix`` (client ``i`` starts at query ``i``), all
    started together. Errors: a status other than 200, an incomplete JSON body, or an
    exception (a refused connection, a timeout)."""
    barrier = threading.Barrier(clients + 1)
    times: list[float] = []
    by_query: dict[str, list[float]] = {name: [] for name, _ in mix}
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(i: int) -> None:
        client = Client(port)
        barrier.wait()
        for j in range(requests_per_client):
            name, sparql = mix[(i + j) % len(mix)]
            status = None
            try:
                status, body, seconds = client.get("/sparql", {"query": sparql}, {"Accept": ACCEPT_JSON})
                if status != 200:
                    raise RuntimeError(body[:160].decode(errors="replace"))
                json.loads(body)  # a complete answer
            except Exception as exc:  # counted, the client goes on
                with lock:
                    statuses[str(status or type(exc).__name__)] += 1
                    errors[f"{status or type(exc).__name__}: {exc}"[:200]] += 1
                continue
            with lock:
                statuses["200"] += 1
                times.append(seconds)
                by_query[name].append(seconds)
        client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    total = clients * requests_per_client
    return {"clients": clients, "requests_per_client": requests_per_client, "requests": total,
            "ok": len(times), "errors": total - len(times), "statuses": dict(sorted(statuses.items())),
            "error_samples": dict(errors.most_common(3)),
            "wall_s": round(wall, 2), "requests_per_s": round(total / wall, 1) if wall else None,
            "latency_ok": _ms(times),
            "by_query_median_ms": {name: _ms(s)["median_ms"] for name, s in by_query.items()}}


def _load_in_child(port: int, mix: list[tuple[str, str]], clients: int, requests_per_client: int) -> dict[str, Any]:
    """:func:`load_test` in a fresh process (spawned: the server's threads are not copied)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(load_test, port, mix, clients, requests_per_client).result()


# -- the bench -------------------------------------------------------------------------------------------

def run(triples: int = 1_000_000, *, actors: int | None = None, busy: int = 5, ordinary: int = 5,
        actor_requests: int = 20, map_requests: int = 10, extra_requests: int = 3, clients: int = 50,
        requests_per_client: int = 10, burst: bool = True, client_process: bool = True,
        workdir: str | Path | None = None) -> dict[str, Any]:
    """Build the synthetic store of ``triples`` triples, serve it and measure (see the module
    doc). Returns a dict: ``graph`` (what was generated, how long generating and loading took),
    ``actor`` (per group ``busy`` / ``ordinary``: ``n``, ``median_ms``, ``p95_ms``,
    ``max_ms``, ``meets_target``), ``map`` (``startup_projection_s``, ``first_ms``,
    ``repeat``, ``other_views``, ``*_meet(s)_target``),
    ``sparql`` (``once``: each query alone; ``load``: ``requests``, ``errors``,
    ``statuses``, ``requests_per_s``, ``latency_ok``; ``meets_target``; with ``burst``,
    ``burst_with_heavy``: ``clients`` requests at once, one each, over the load mix and the
    heavy questions), ``extras``, ``targets`` and ``meets_target`` (each target, by name).
    """
    from graphkit.graph import KnowledgeGraph
    from graphkit.server import ServeOptions, create_app
    from graphkit.workbench import actor_id

    started = time.perf_counter()
    figures: dict[str, Any] = {"targets": {"actor_api_p95_ms": f"< {TARGETS['actor_ms']:g}",
                                           "map_default_view_ms": f"< {TARGETS['map_ms']:g}",
                                           "sparql_errors_at_50_clients": "0"}}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "store"
        built = build_store(path, triples, actors=actors)
        made, participants = built.pop("made"), built.pop("participants")
        figures["graph"] = {**{k: made[k] for k in ("quads", "articles", "actors", "events")}, **built}
        groups = pick_actors(participants, busy=busy, ordinary=ordinary)
        countries = sorted(iri for iri in participants if iri.endswith(("/a00000", "/a00001")))
        mix = sparql_mix(groups, countries)
        with KnowledgeGraph.open(path, read_only=True) as graph:
            options = ServeOptions()
            app = create_app(graph, options)
            warm_started = time.perf_counter()
            app.state.warm_up()  # as `graphkit serve` does before it listens
            startup_s = time.perf_counter() - warm_started
            with Server(app) as server:
                client = Client(server.port)
                _get_ok(client, "/api/queries")  # the HTTP path warm, nothing of the store read
                figures["map"] = _map_figures(client, app, map_requests, startup_s)
                figures["actor"] = _actor_figures(client, graph, groups, participants, actor_requests,
                                                  direct=min(actor_requests, 10))
                figures["extras"] = _extras(client, groups["busy"], extra_requests) if extra_requests else {}
                once = _sparql_once(client, mix["load"] + mix["heavy"])
                client.close()
                measure = _load_in_child if client_process else load_test
                load = measure(server.port, mix["load"], clients, requests_per_client)
                full = measure(server.port, mix["load"] + mix["heavy"], clients, 1) if burst else None
            figures["sparql"] = {
                "query_timeout_s": options.query_timeout, "max_rows": options.max_rows,
                "max_queries_at_once": getattr(options, "max_queries", None),
                "clients_in_own_process": client_process,
                "load_mix": [name for name, _ in mix["load"]], "heavy": [name for name, _ in mix["heavy"]],
                "once": once, "load": load,
                "meets_target": load["errors"] == 0 and load["clients"] >= 50,
                "target_applies_to": "load (the small mix); burst_with_heavy has no target",
            }
            if full is not None:
                figures["sparql"]["burst_with_heavy"] = full
    figures["meets_target"] = {
        "actor_api": figures["actor"]["meets_target"],
        "map_default_view": figures["map"]["first_meets_target"],
        "map_other_views": figures["map"]["other_views_meet_target"],
        "sparql_50_clients": figures["sparql"]["meets_target"],
    }
    figures["actor_ids"] = {g: [actor_id(i) for i in iris] for g, iris in groups.items()}
    figures["bench_s"] = round(time.perf_counter() - started, 1)
    return figures


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(json.dumps(run(size), indent=2))
