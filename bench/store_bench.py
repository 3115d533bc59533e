"""Store benchmark: load >= 1,000,000 triples and run the packaged queries (graphkit/queries), embedded
on-disk Oxigraph (graphkit's default store) against rdflib's in-memory ``Dataset``.

The data is synthetic but laid out as ``graphkit.rdf`` writes it (agreed vocabulary, one
named graph per article: article metadata, actors with labels, affiliations and posts,
event nodes with every property, direct triples for occurred events). Both stores load
the same N-Quads file. Each query runs in a child process with a time limit per engine (Oxigraph: a
subprocess opening the store read-only; rdflib: a fork of the loaded Dataset), so a query
an engine cannot answer in time is reported as such instead of hanging the benchmark.

``run(triples=1_000_000) -> dict``; ``python -m bench.store_bench --triples 200000``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graphkit.predicates import predicate_table
from graphkit.rdf import ID_BASE, PREFIXES, actor_slug

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "graphkit" / "queries"
# Namespaces, predicates and event classes are graphkit's own (graphkit.rdf, the predicate table).
DIP = PREFIXES["dip"]
ID = ID_BASE
RDF, RDFS, XSD, SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"], PREFIXES["skos"]
PROV, ORG, SCHEMA = PREFIXES["prov"], PREFIXES["org"], PREFIXES["schema"]
EVENT_CLASS = predicate_table().event_classes
STATUS = ("Occurred",) * 8 + ("Planned", "Negated")


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, datatype: str | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return f"{text}^^<{datatype}>" if datatype else text


def write_nquads(path: Path, triples: int, *, seed: int = 3) -> dict[str, Any]:
    """Write at least ``triples`` quads in graphkit's layout to ``path``; returns counts and,
    under ``"params"``, values for the example queries' parameters that the data answers
    (see :func:`query_params`)."""
    from collections import Counter

    rng = random.Random(seed)
    countries = [f"{ID}actor/country-{i}" for i in range(150)]
    people = [(f"{ID}actor/person-{i}", f"Person {i}", rng.choice(countries), rng.choice(
        ("Foreign Minister", "President", "Prime Minister", "Defence Minister", "Ambassador")))
        for i in range(3000)]
    weights = [1.0 / (i + 1) ** 0.5 for i in range(len(people))]  # some people are in the news a lot
    written = articles = events = 0
    start = date(2023, 1, 1)
    home = {iri: country for iri, _, country, _ in people}
    # What the parameterised queries will find, counted as the events are made.
    contacts: Counter[str] = Counter()  # people in meetings and calls that happened
    pairs: Counter[tuple[str, str]] = Counter()  # two people in an event that happened
    sides: Counter[tuple[str, str]] = Counter()  # two countries (a person counts for its own)
    with path.open("w", encoding="utf-8") as out:
        while written < triples:
            g = f"{ID}article/bench-{articles:07d}"
            G = _iri(g)
            lines: list[tuple[str, str, str]] = []
            add = lines.append
            published = start + timedelta(days=rng.randrange(900))
            add((G, _iri(RDF + "type"), _iri(SCHEMA + "NewsArticle")))
            add((G, _iri(RDF + "type"), _iri(PROV + "Entity")))
            add((G, _iri(SCHEMA + "headline"), _lit(f"Synthetic headline {articles}")))
            add((G, _iri(SCHEMA + "datePublished"), _lit(published.isoformat(), XSD + "date")))
            add((G, _iri(SCHEMA + "publisher"), _lit("Bench Wire")))
            add((G, _iri(SCHEMA + "url"), _lit(f"https://news.example.org/{articles}", XSD + "anyURI")))
            add((G, _iri(DIP + "contentHash"), _lit(f"{articles:016x}")))
            add((G, _iri(DIP + "sourceName"), _lit(f"a{articles}.txt")))
            cast = rng.choices(people, weights, k=5)
            actor_done: set[str] = set()

            def actor(iri: str, label: str, kind: str) -> None:
                if iri in actor_done:
                    return
                actor_done.add(iri)
                A = _iri(iri)
                add((A, _iri(RDF + "type"), _iri(DIP + kind)))
                add((A, _iri(RDFS + "label"), _lit(label)))
                add((A, _iri(SKOS + "prefLabel"), _lit(label)))

            for iri, label, country, title in cast:
                actor(iri, label, "Person")
                actor(country, f"Country {actor_slug(country).removeprefix('country-')}", "Country")
                if f"post-{iri}" not in actor_done:
                    actor_done.add(f"post-{iri}")
                    post = f"<{g}/post/{actor_slug(iri)}>"
                    add((_iri(iri), _iri(DIP + "affiliation"), _iri(country)))
                    add((_iri(iri), _iri(ORG + "holds"), post))
                    add((post, _iri(RDF + "type"), _iri(ORG + "Post")))
                    add((post, _iri(DIP + "title"), _lit(title)))
                    add((post, _iri(ORG + "postIn"), _iri(country)))
                    add((post, _iri(PROV + "wasDerivedFrom"), G))
            for _ in range(rng.randrange(3, 8)):
                (a, _, ca, _), (b, _, cb, _) = rng.sample(cast, 2) if len({c[0] for c in cast}) > 1 else (cast[0], cast[0])
                if a == b:
                    continue
                if rng.random() < 0.2:  # countries act too (sanctions, aid, criticism)
                    a = ca
                predicate = rng.choice(tuple(EVENT_CLASS))
                status = rng.choice(STATUS)
                E = _iri(f"{ID}interaction/{articles:07d}-{events:08d}")
                events += 1
                when = published - timedelta(days=rng.randrange(5))
                evidence = f"Actor {actor_slug(a)} {predicate} actor {actor_slug(b)} on {when:%A}, officials said."
                add((E, _iri(RDF + "type"), _iri(DIP + EVENT_CLASS[predicate])))
                add((E, _iri(DIP + "predicate"), _iri(DIP + predicate)))
                add((E, _iri(DIP + "actor"), _iri(a)))
                add((E, _iri(DIP + "target"), _iri(b)))
                add((E, _iri(DIP + "participant"), _iri(a)))
                add((E, _iri(DIP + "participant"), _iri(b)))
                add((E, _iri(DIP + "date"), _lit(when.isoformat(), XSD + "date")))
                add((E, _iri(DIP + "status"), _iri(DIP + status)))
                add((E, _iri(DIP + "evidence"), _lit(evidence)))
                add((E, _iri(DIP + "evidenceStart"), _lit(str(rng.randrange(2000)), XSD + "integer")))
                add((E, _iri(DIP + "evidenceEnd"), _lit(str(rng.randrange(2000, 2200)), XSD + "integer")))
                add((E, _iri(DIP + "confidence"), _lit("0.8", XSD + "decimal")))
                add((E, _iri(DIP + "trigger"), _lit(predicate)))
                add((E, _iri(PROV + "wasDerivedFrom"), G))
                if status == "Occurred":
                    add((_iri(a), _iri(DIP + predicate), _iri(b)))
                    if predicate in ("met", "spokeWith"):
                        contacts.update(x for x in (a, b) if x in home)
                    if a in home and b in home:
                        pairs[tuple(sorted((a, b)))] += 1  # type: ignore[index]
                if status != "Negated":
                    side_a, side_b = home.get(a, a), home.get(b, b)
                    if side_a != side_b:
                        sides[tuple(sorted((side_a, side_b)))] += 1  # type: ignore[index]
            out.write("".join(f"{s} {p} {o} {G} .\n" for s, p, o in lines))
            written += len(lines)
            articles += 1

    def top(counter: Counter) -> Any:  # the most frequent; ties by name, so the same every run
        return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]

    (a, b), (country_a, country_b) = top(pairs), top(sides)
    params = {"actor": top(contacts), "a": a, "b": b, "country_a": country_a, "country_b": country_b}
    return {"quads": written, "articles": articles, "events": events, "params": params}


def query_params(path: Path, params: dict[str, str]) -> str:
    """The text of example query ``path`` with its ``# param:`` lines bound to ``params``
    (actors and countries that the generated data holds, so every query returns rows);
    a query with no parameters, or only optional ones, is returned as it is."""
    from graphkit.query import QUESTIONS, bind

    text = path.read_text(encoding="utf-8")
    question = next((q for q in QUESTIONS.values() if q.file == path.name), None)
    if question is None:
        return text
    values = {p.name: params[p.name] for p in question.parameters if not p.optional}
    return bind(question, **values) if values else text


def _rdflib_query_child(dataset: Any, sparql: str, conn: Any) -> None:
    start = time.perf_counter()
    rows = len(list(dataset.query(sparql)))
    conn.send((time.perf_counter() - start, rows))
    conn.close()


def _rdflib_query(dataset: Any, sparql: str, limit_s: float) -> tuple[float | None, int | None]:
    """(seconds, rows) of one rdflib query in a forked child; (None, None) past ``limit_s``."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_rdflib_query_child, args=(dataset, sparql, child))
    process.start()
    child.close()
    try:
        if parent.poll(limit_s):
            seconds, rows = parent.recv()
            return seconds, rows
        return None, None
    finally:
        if process.is_alive():
            process.kill()
        process.join()


def _oxigraph_child(store_path: str, query_path: str) -> None:
    """Child process: open the on-disk store, run one query twice, print the best time."""
    import pyoxigraph

    store = pyoxigraph.Store.read_only(store_path)
    sparql = Path(query_path).read_text(encoding="utf-8")
    best, rows = float("inf"), 0
    for _ in range(2):
        start = time.perf_counter()
        # as graphkit queries: the default graph is the union of the article graphs
        rows = len(list(store.query(sparql, use_default_graph_as_union=True)))
        best = min(best, time.perf_counter() - start)
    print(json.dumps([best, rows]))


def _oxigraph_query(store_path: Path, query: Path, limit_s: float) -> tuple[float | None, int | None]:
    """(seconds, rows) of one query on the embedded store in a child; (None, None) past ``limit_s``."""
    import subprocess

    code = f"from bench.store_bench import _oxigraph_child; _oxigraph_child({str(store_path)!r}, {str(query)!r})"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              timeout=limit_s, check=True)
    except subprocess.TimeoutExpired:
        return None, None
    seconds, rows = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, rows


def _ratio(slow: float | None, fast: float | None, limit_s: float) -> float | str | None:
    if fast is None:
        return None
    if slow is None:
        return f">= {limit_s / max(fast, 1e-6):.0f}"
    return round(slow / max(fast, 1e-6), 1)


# rdflib gets this many times Oxigraph's time on a query (at least RDFLIB_FLOOR_S, at most
# the stage's limit): enough to show the 10x target either way without waiting the full
# limit on every query rdflib cannot answer.
COUNTRY_CONTACTS_TARGET_S = 2.0  # country-contacts.rq at 1M triples, embedded Oxigraph
RDFLIB_FACTOR = 12
RDFLIB_FLOOR_S = 5.0


def run(triples: int = 1_000_000, *, limit_s: float = 60.0, seed: int = 3) -> dict[str, Any]:
    """Load ``triples`` quads into embedded Oxigraph and into rdflib's in-memory Dataset and
    run ``graphkit/queries/*.rq`` on both, parameters bound to actors the data holds.

    Oxigraph gets ``limit_s`` seconds per query; rdflib gets ``RDFLIB_FACTOR`` times
    Oxigraph's time (between ``RDFLIB_FLOOR_S`` and ``limit_s``), and a query it does
    not finish in that time is reported as ``"> N"`` with the ratio as ``">= N"``.
    Returns times, rows and ratios (rdflib / Oxigraph)."""
    import gc

    import pyoxigraph
    from rdflib import Dataset

    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="graphkit-store-bench-") as tmp:
        data = Path(tmp) / "data.nq"
        t0 = time.perf_counter()
        result["data"] = write_nquads(data, triples, seed=seed)
        result["data"]["generate_s"] = round(time.perf_counter() - t0, 1)
        result["data"]["nquads_mb"] = round(data.stat().st_size / 1e6, 1)
        params = result["data"]["params"]

        location = Path(tmp) / "oxigraph"
        t0 = time.perf_counter()
        store = pyoxigraph.Store(str(location))
        store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        ox_load = time.perf_counter() - t0
        ox_count = len(store)
        del store  # closes it: the query children open it read-only
        gc.collect()

        t0 = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(str(data), format="nquads")
        rdflib_load = time.perf_counter() - t0
        rdflib_count = sum(1 for _ in dataset.quads((None, None, None, None)))
        result["load"] = {"oxigraph_s": round(ox_load, 2), "rdflib_s": round(rdflib_load, 2),
                          "oxigraph_quads": ox_count, "rdflib_quads": rdflib_count,
                          "ratio": round(rdflib_load / ox_load, 1)}

        queries: dict[str, Any] = {}
        for path in sorted(QUERIES.glob("*.rq")):
            bound = Path(tmp) / path.name
            sparql = query_params(path, params)
            bound.write_text(sparql, encoding="utf-8")
            ox_s, ox_rows = _oxigraph_query(location, bound, limit_s)
            rdf_limit = min(limit_s, max(RDFLIB_FLOOR_S, RDFLIB_FACTOR * ox_s)) if ox_s is not None else None
            # a query Oxigraph cannot answer in time gives no ratio: rdflib is not asked
            rdf_s, rdf_rows = _rdflib_query(dataset, sparql, rdf_limit) if rdf_limit else (None, None)
            queries[path.stem] = {
                "oxigraph_s": round(ox_s, 3) if ox_s is not None else f"> {limit_s:g}", "oxigraph_rows": ox_rows,
                "rdflib_s": (round(rdf_s, 3) if rdf_s is not None
                             else f"> {rdf_limit:.3g}" if rdf_limit else None),
                "rdflib_rows": rdf_rows,
                "ratio": _ratio(rdf_s, ox_s, rdf_limit or limit_s),
                # the engines must agree for the ratio to mean anything
                "rows_match": None if ox_rows is None or rdf_rows is None else ox_rows == rdf_rows}
        result["queries"] = queries
        # Issue 13: country-contacts.rq joined per-side country subqueries before the events
        # and took over 30 s here; its own target.
        cc = queries.get("country-contacts", {}).get("oxigraph_s")
        result["country_contacts"] = {"oxigraph_s": cc, "target_s": COUNTRY_CONTACTS_TARGET_S,
                                      "within": isinstance(cc, float) and cc < COUNTRY_CONTACTS_TARGET_S}
        result["limit_s"] = limit_s
        result["rdflib_limit"] = f"{RDFLIB_FACTOR} x Oxigraph's time, {RDFLIB_FLOOR_S:g}-{limit_s:g} s"
        result["target"] = ">= 10x on queries"
        del dataset
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Oxigraph vs rdflib: load and the example queries.")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per query and engine")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.triples, limit_s=args.limit), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
