"""`make bench`: speed figures, each next to a reference measured in the same run.

Writes ``bench/report.json`` and prints a table. Figures:

- extraction throughput (words/s, articles/s) against a bare ``nlp.pipe`` loop over the
  same texts with the same loaded pipeline (target ratio >= 0.80 with the trained labeller),
  and with the rules alone for comparison;
- the trained labeller: ``make train`` time and the shipped model's size (from
  ``bench/train-report.json``, which ``make train`` writes);
- extraction with ``--workers 2`` against ``--workers 1`` on the same synthetic articles
  (target >= 1.6x on 2 cores);
- end-to-end ``graphkit build`` of 2,000 and 10,000 generated articles (``bench/corpus.py``)
  into the embedded store, each build a subprocess: wall time, articles/s, peak RSS (the
  largest process of the build, measured by ``bench/peak.py``; target: < 20 % growth from
  2,000 to 10,000 articles), then a re-build of the unchanged 10,000 (target >= 20x faster
  than its first build);
- one 5 MB article and 2 MB of unpunctuated text, each built alone with
  ``--max-article-mb 10``: wall time and peak RSS against stated bounds
  (``bench/big_article_bench.py``);
- store load and the packaged queries (graphkit/queries) at 1,000,000 triples, embedded Oxigraph against
  rdflib's in-memory Dataset (``bench/store_bench.py``; target >= 10x on queries; rdflib
  gets 12x Oxigraph's time per query, so a query it cannot finish shows as ">= 12x"), and
  ``country-contacts.rq`` against its own target (< 2 s);
- map generation for graphs of 1,000 and 10,000 actors (``bench/map_bench.py``);
- the canned questions and ``graphkit analyze`` on a second 1M-triple graph
  (``bench/query_bench.py``; Oxigraph only: the rdflib comparison is the store figure's);
- ``graphkit serve`` over the same generated graph, through HTTP (``bench/serve_bench.py``): the actor
  page's API (target < 300 ms), the map's default view after the start-up projection and other
  views on it (target < 1 s), and
  ``/sparql`` under 50 concurrent clients (target: no error);
- bulk loading into ``oxigraph serve`` through ``--endpoint``: Graph Store Protocol PUTs
  against SPARQL UPDATE, articles/s and triples/s for 2,000 synthetic articles, with a
  batched N-Quads POST as a reference (``bench/bulk_load_bench.py``, about 1.5 minutes).

The default run uses the issue's sizes and fits in 30 minutes on 2 cores (the builds take
about 13 of them: one worker extracts ~8-10 synthetic articles/s). ``--full`` has no time
budget: 300 s per query and engine, and the query figures on rdflib as well.

Extraction texts: ``examples/articles`` plus ``../shared/eval/dev`` when it is there,
repeated to ``--articles`` articles (each copy made distinct so nothing is cached).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict:
    """Cores, memory and versions, so figures can be compared across machines."""
    memory = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            memory = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gib": memory, "python": platform.python_version(),
            "platform": platform.platform()}


def corpus(count: int) -> list:
    """``count`` articles from the examples (and the shared dev set when present)."""
    from graphkit.articles import read_articles

    paths = [str(ROOT / "examples" / "articles")]
    shared = ROOT.parent / "shared" / "eval" / "dev"
    if shared.is_dir():
        paths.append(str(shared))
    base = list(read_articles(paths, on_error=lambda failure: None))
    out = []
    for n in range(count):
        article = base[n % len(base)]
        out.append(replace(article, id=f"{article.id}-{n}", name=f"{n}-{article.name}",
                           text=f"Copy {n}.\n\n{article.text}"))
    return out


def extraction(count: int, repeats: int = 2) -> dict:
    """graphkit's extraction against a bare nlp.pipe over the same texts (best of ``repeats``)."""
    from graphkit.nlp.extractor import Extractor, blank_datelines

    articles = corpus(count)
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor.load()
    texts = [blank_datelines(a.text) for a in articles]
    rules = replace(extractor, labeller=None, labeller_mode="rules")
    bare_times, ours_times, rules_times = [], [], []
    found = 0
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in extractor.nlp.pipe(texts, batch_size=extractor.batch_size):
            pass
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = sum(len(x.interactions) for x in extractor.pipe(articles))
        ours_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        sum(len(x.interactions) for x in rules.pipe(articles))
        rules_times.append(time.perf_counter() - start)
    bare, ours, rules_only = min(bare_times), min(ours_times), min(rules_times)
    return {
        "articles": count, "words": words, "interactions": found,
        "bare_nlp_pipe_s": round(bare, 3), "graphkit_extract_s": round(ours, 3),
        "bare_words_per_s": round(words / bare), "graphkit_words_per_s": round(words / ours),
        "bare_articles_per_s": round(count / bare, 1), "graphkit_articles_per_s": round(count / ours, 1),
        "ratio": round(bare / ours, 3), "target": 0.80,
        "rules_only_s": round(rules_only, 3), "rules_only_ratio": round(bare / rules_only, 3),
    }


def labeller() -> dict:
    """The shipped labeller's size and what its last ``make train`` took."""
    folder = ROOT / "graphkit" / "data" / "labeller"
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file() and f.suffix in (".npz", ".json"))
    report_path = ROOT / "bench" / "train-report.json"
    trained = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    return {"model_bytes": size, "model_mb": round(size / 1e6, 2), "size_target_mb": 25,
            "train_s": trained.get("train_seconds"), "train_target_s": 900,
            "family": trained.get("chosen", {}).get("family")}


WORK = ROOT / "bench" / "work"


def synthetic_corpus(count: int, *, seed: int = 7) -> Path:
    """The folder of a generated corpus of ``count`` articles (written once, then reused)."""
    from bench.corpus import write_corpus

    out = WORK / f"corpus-{count}-s{seed}"
    done = out / "summary.json"
    if not done.exists():
        summary = write_corpus(out, count, seed=seed)
        done.write_text(json.dumps(summary), encoding="utf-8")
    return out


def workers(count: int, n: int = 2) -> dict:
    """Extraction wall time with ``n`` worker processes against one, same articles, same run."""
    from graphkit.articles import read_articles
    from graphkit.nlp.extractor import Extractor

    folder = synthetic_corpus(count) / "articles"
    articles = list(read_articles([str(folder)]))
    extractor = Extractor.load()
    times: dict[int, float] = {}
    results: dict[int, list] = {}
    for processes in (1, n):
        start = time.perf_counter()
        results[processes] = list(extractor.pipe(articles, n_process=processes))
        times[processes] = time.perf_counter() - start
    return {"articles": count, "workers": n, "one_worker_s": round(times[1], 2), f"{n}_workers_s": round(times[n], 2),
            "one_worker_articles_per_s": round(count / times[1], 1),
            f"{n}_workers_articles_per_s": round(count / times[n], 1),
            "ratio": round(times[1] / times[n], 2), "identical": results[1] == results[n], "target": 1.6,
            "batch_size": extractor.batch_size}


def _run_build(folder: Path, store: Path, n_workers: int) -> dict:
    """One ``graphkit build`` of ``folder`` into ``store`` (see :func:`_run_build_command`)."""
    return _run_build_command([str(folder), "--store", str(store), "--workers", str(n_workers), "--quiet"])


def _run_build_command(arguments: list[str]) -> dict:
    """One ``graphkit build ARGUMENTS`` as a subprocess: wall time and peak RSS (see
    ``bench/peak.py``: measured from a small launcher, so the bench's own memory is not counted)."""
    import subprocess
    import tempfile

    command = [str(Path(sys.executable).parent / "graphkit"), "build", *arguments]
    with tempfile.TemporaryDirectory() as tmp:
        figures_path = Path(tmp) / "peak.json"
        launcher = [sys.executable, "-m", "bench.peak", "--json", str(figures_path), "--", *command]
        process = subprocess.run(launcher, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if process.returncode != 0 or not figures_path.exists():
            raise RuntimeError(f"bench.peak failed ({process.returncode}): {process.stderr.decode()[-2000:]}")
        figures = json.loads(figures_path.read_text(encoding="utf-8"))
    if figures["exit"] not in (0, 1):  # 1: some articles failed, reported but not fatal
        raise RuntimeError(f"graphkit build failed ({figures['exit']}): {process.stderr.decode()[-2000:]}")
    if figures["exit"] == 1:
        figures["errors"] = process.stderr.decode(errors="replace")[-2000:]
    return figures


def builds(small: int, large: int, n_workers: int) -> dict:
    """End-to-end builds of ``small`` and ``large`` generated articles, and a re-build of ``large``."""
    import shutil

    out: dict = {"workers": n_workers}
    for count in (small, large):
        corpus = synthetic_corpus(count)
        store = WORK / f"store-{count}"
        shutil.rmtree(store, ignore_errors=True)
        print(f"build: {count} articles ...", file=sys.stderr, flush=True)
        first = _run_build(corpus / "articles", store, n_workers)
        first["articles_per_s"] = round(count / first["wall_s"], 1)
        row = {"articles": count, "first": first}
        if count == large:
            print(f"re-build: {count} unchanged articles ...", file=sys.stderr, flush=True)
            again = _run_build(corpus / "articles", store, n_workers)
            again["articles_per_s"] = round(count / again["wall_s"], 1)
            row["rebuild"] = again
            row["rebuild_speedup"] = round(first["wall_s"] / again["wall_s"], 1)
        out[str(count)] = row
        shutil.rmtree(store, ignore_errors=True)
    growth = out[str(large)]["first"]["peak_rss_mb"] / out[str(small)]["first"]["peak_rss_mb"] - 1
    out["peak_rss_growth"] = round(growth, 3)
    out["targets"] = {"peak_rss_growth": "< 0.20", "rebuild_speedup": ">= 20"}
    return out


def _stage(report: dict, name: str, work) -> None:
    """Run one figure; a failure is recorded in the report instead of losing the others."""
    print(f"{name} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    try:
        report[name] = work()
    except Exception as exc:  # the report says what failed; the other figures still count
        report[name] = {"error": f"{type(exc).__name__}: {exc}"}
    report.setdefault("stage_s", {})[name] = round(time.perf_counter() - start, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true",
                        help="no time budget: 300 s per query and engine, query figures on rdflib too")
    parser.add_argument("--articles", type=int, default=200, help="articles for the extraction figures")
    parser.add_argument("--worker-articles", type=int, default=192, help="articles for the workers ratio")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel figures and builds")
    parser.add_argument("--builds", default="2000,10000", help="small,large corpus sizes for the build figures")
    parser.add_argument("--triples", type=int, default=1_000_000, help="triples for the store and query figures")
    parser.add_argument("--query-limit", type=float, default=None, help="seconds per query and engine (30; --full 300)")
    parser.add_argument("--map-sizes", default="1000,10000", help="actor counts for the map figures")
    parser.add_argument("--skip", default="", help="comma-separated figures to leave out")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "report.json")
    parser.add_argument("--cluster-articles", type=int, default=96,
                        help="articles for the cluster-against-pool figure")
    parser.add_argument("--update", action="store_true",
                        help="keep the figures of the stages not run from the report already at --out")
    args = parser.parse_args(argv)
    small, large = (int(x) for x in args.builds.split(","))
    limit = args.query_limit or (300.0 if args.full else 30.0)
    skip = set(filter(None, args.skip.split(",")))

    report: dict = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"),
                    "mode": "full" if args.full else "default"}
    if args.update and args.out.exists():
        # Re-running one stage keeps the others' figures; "when" names each stage's run.
        kept = json.loads(args.out.read_text(encoding="utf-8"))
        report = {**kept, "when": report["when"], "stage_when": kept.get("stage_when", {})}
    started = time.perf_counter()
    stages = {
        "extraction": lambda: extraction(args.articles),
        "labeller": labeller,
        "workers": lambda: workers(args.worker_articles, args.workers),
        "build": lambda: builds(small, large, args.workers),
        "big_article": _big_article,
        "store": lambda: _store(args.triples, limit),
        "map": lambda: _map(args.map_sizes),
        "query": lambda: _query(args.triples, rdflib=args.full),
        "serve": lambda: _serve(args.triples),
        "cluster": lambda: _cluster(args.cluster_articles, args.workers),
        "bulk_load": _bulk_load,
    }
    for name, work in stages.items():
        if name not in skip:
            _stage(report, name, work)
            report.setdefault("stage_when", {})[name] = time.strftime("%Y-%m-%d %H:%M:%S")
    report["total_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    _print(report)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _big_article() -> dict:
    from bench.big_article_bench import run as big_article_run

    return big_article_run()


def _store(triples: int, limit: float) -> dict:
    from bench.store_bench import run as store_run

    return store_run(triples, limit_s=limit)


def _map(sizes: str) -> dict:
    from bench.map_bench import run as map_run

    return map_run(sizes=tuple(int(s) for s in sizes.split(",") if s))


def _query(triples: int, *, rdflib: bool = False) -> dict:
    import importlib.util

    if importlib.util.find_spec("bench.query_bench") is None:
        return {"skipped": "bench/query_bench.py is not there yet"}
    from bench.query_bench import run as query_run

    return query_run(triples=triples, rdflib=rdflib)


def _cluster(articles: int, workers: int) -> dict:
    from bench.cluster_bench import run as cluster_run

    return cluster_run(articles, workers)


def _serve(triples: int) -> dict:
    from bench.serve_bench import run as serve_run

    return serve_run(triples)


def _bulk_load() -> dict:
    from bench.bulk_load_bench import run as bulk_load_run

    return bulk_load_run()


def _print(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("figure", "graphkit", "reference", "ratio", "target", title="graphkit bench", title_justify="left")
    e = report.get("extraction", {})
    if "ratio" in e:
        table.add_row(f"extraction words/s ({e['articles']} articles)", str(e["graphkit_words_per_s"]),
                      f"{e['bare_words_per_s']} (bare nlp.pipe)", f"{e['ratio']:.2f}", ">= 0.80")
        table.add_row("extraction articles/s", str(e["graphkit_articles_per_s"]), str(e["bare_articles_per_s"]), "", "")
        table.add_row("extraction, rules alone", f"{e['rules_only_s']} s", f"{e['bare_nlp_pipe_s']} s (bare nlp.pipe)",
                      f"{e['rules_only_ratio']:.2f}", "")
    lab = report.get("labeller", {})
    if "model_mb" in lab:
        table.add_row(f"labeller size ({lab['family']})", f"{lab['model_mb']} MB", "", "", "< 25 MB")
        table.add_row("make train", f"{lab['train_s']} s", "", "", "< 900 s")
    w = report.get("workers", {})
    if "ratio" in w:
        n = w["workers"]
        table.add_row(f"extraction, {n} workers vs 1 ({w['articles']} articles, identical={w['identical']})",
                      f"{w[f'{n}_workers_articles_per_s']} art/s", f"{w['one_worker_articles_per_s']} art/s (1 worker)",
                      f"{w['ratio']:.2f}", ">= 1.6")
    b = report.get("build", {})
    if "peak_rss_growth" in b:
        sizes = [k for k in b if k.isdigit()]
        for k in sizes:
            f = b[k]["first"]
            split = (f" (main {f['main_peak_mb']}, workers {f['children_peak_mb']})"
                     if f.get("main_peak_mb") is not None else "")
            table.add_row(f"build {k} articles ({b['workers']} workers)",
                          f"{f['wall_s']} s, {f['articles_per_s']} art/s", f"peak RSS {f['peak_rss_mb']} MB{split}", "", "")
            if "rebuild" in b[k]:
                r = b[k]["rebuild"]
                table.add_row(f"re-build {k} unchanged", f"{r['wall_s']} s", f"{f['wall_s']} s (first build)",
                              f"{b[k]['rebuild_speedup']}x", ">= 20x")
        table.add_row(f"peak RSS growth {sizes[0]} -> {sizes[-1]} articles",
                      f"{b[sizes[-1]]['first']['peak_rss_mb']} MB", f"{b[sizes[0]]['first']['peak_rss_mb']} MB",
                      f"{b['peak_rss_growth']:+.1%}", "< +20%")
    for name, row in report.get("big_article", {}).items():
        if isinstance(row, dict) and "wall_s" in row:
            bound = row["bound"]
            table.add_row(f"one article: {name} ({row['bytes'] / 1e6:.1f} MB, {row['interactions']} interactions)",
                          f"{row['wall_s']} s, peak RSS {row['peak_rss_mb']} MB", "", "ok" if row["within_bounds"] else "OVER",
                          f"<= {bound['wall_s']} s, <= {bound['peak_rss_mb']} MB")
    st = report.get("store", {})
    if "load" in st:
        ld = st["load"]
        table.add_row(f"store load {ld['oxigraph_quads']:,} quads", f"{ld['oxigraph_s']} s (Oxigraph, on disk)",
                      f"{ld['rdflib_s']} s (rdflib Dataset)", f"{ld['ratio']}x", "")
        for name, q in st["queries"].items():
            agree = {True: "", False: " (rows differ!)", None: ""}[q.get("rows_match")]
            rdf = f"{q['rdflib_s']} s (rdflib)" if q["rdflib_s"] is not None else "not run (Oxigraph timed out)"
            table.add_row(f"query {name}{agree}", f"{q['oxigraph_s']} s", rdf, str(q["ratio"] or ""), ">= 10x")
        cc = st.get("country_contacts")
        if cc:
            table.add_row(f"country-contacts.rq at {ld['oxigraph_quads']:,} quads", f"{cc['oxigraph_s']} s (Oxigraph)", "",
                          "ok" if cc["within"] else "OVER", f"< {cc['target_s']:g} s")
    for actors, row in report.get("map", {}).items():
        if not isinstance(row, dict) or "full" not in row:
            continue
        for scope in ("full", "default"):
            m = row[scope]
            table.add_row(f"map {actors} actors, {scope} ({m['nodes']} nodes, {m['html_mb']} MB)",
                          f"{m['write_s']} s write", f"{m['draw_ms']} ms drawn in Chromium", "", "< 2 s write")
    sv = report.get("serve", {})
    if "actor" in sv:
        quads = f"{sv['graph']['quads']:,} quads"
        for group in ("busy", "ordinary"):
            a = sv["actor"][group]
            counts = [x["events"] for x in a["actors"]]
            events = f"{min(counts)}-{max(counts)}" if min(counts) != max(counts) else str(counts[0])
            table.add_row(f"serve: actor API, {group} actors ({events} events; {quads})",
                          f"median {a['median_ms']} ms, p95 {a['p95_ms']} ms",
                          f"{a['in_process_median_ms']} ms (view in-process)", "ok" if a["meets_target"] else "OVER",
                          "p95 < 300 ms")
        m = sv["map"]
        table.add_row(f"serve: map default view, first request ({m['nodes']} nodes)",
                      f"{m['first_ms']} ms", f"start-up projection {m['startup_projection_s']} s",
                      "ok" if m["first_meets_target"] else "OVER", "< 1 s")
        table.add_row("serve: map, other top-N views on the same projection",
                      f"median {m['other_views']['median_ms']} ms", f"p95 {m['other_views']['p95_ms']} ms",
                      "ok" if m["other_views_meet_target"] else "OVER", "< 1 s")
        ld = sv["sparql"]["load"]
        table.add_row(f"serve: /sparql, {ld['clients']} clients x {ld['requests_per_client']} small queries",
                      f"{ld['errors']} errors, {ld['requests_per_s']} req/s",
                      f"median {ld['latency_ok']['median_ms']} ms, p95 {ld['latency_ok']['p95_ms']} ms",
                      "ok" if sv["sparql"]["meets_target"] else "FAIL", "0 errors at 50")
        burst = sv["sparql"].get("burst_with_heavy")
        if burst:
            table.add_row(f"serve: /sparql burst, {burst['clients']} at once incl. heavy questions",
                          f"{burst['errors']} errors", f"max {burst['latency_ok']['max_ms']} ms", "", "")
    bl = report.get("bulk_load", {})
    if "ratio" in bl:
        put, update, batched = bl["graph_store"], bl["sparql_update"], bl["batched_post_reference"]
        table.add_row(f"bulk load into oxigraph serve ({bl['articles']} articles, {put['triples']:,} triples)",
                      f"{put['articles_per_s']} art/s, {put['triples_per_s']:,} t/s (Graph Store PUT)",
                      f"{update['articles_per_s']} art/s, {update['triples_per_s']:,} t/s (SPARQL UPDATE)",
                      f"{bl['ratio']:.2f}x", "")
        table.add_row("bulk load, write requests alone",
                      f"{put['write_articles_per_s']} art/s (PUT)", f"{update['write_articles_per_s']} art/s (UPDATE)",
                      f"{bl['write_ratio']:.2f}x", "")
        table.add_row(f"bulk load, batched N-Quads POST ({batched['batch']}/request; reference, adds only)",
                      f"{batched['articles_per_s']} art/s", f"{batched['write_articles_per_s']} art/s writes alone",
                      "", "")
    cl = report.get("cluster")
    if isinstance(cl, dict) and "ratio_warm" in cl:
        for kind, label in (("warm", "cluster up, extractors loaded"), ("cold", "cluster started by the build")):
            table.add_row(f"build --cluster local:{cl['workers']} vs --workers {cl['workers']} "
                          f"({cl['articles']} articles; {label})",
                          f"{cl[f'cluster_{kind}_articles_per_s']} art/s", f"{cl['pool_articles_per_s']} art/s (pool)",
                          f"{cl[f'ratio_{kind}']:.2f}", ">= 0.9")
    for name in ("extraction", "workers", "build", "big_article", "store", "map", "query", "serve", "bulk_load",
                 "cluster"):
        if isinstance(report.get(name), dict) and ("error" in report[name] or "skipped" in report[name]):
            table.add_row(name, report[name].get("error") or report[name].get("skipped"), "", "", "")
    if isinstance(report.get("query"), dict) and "error" not in report["query"] and "skipped" not in report["query"]:
        table.add_row("query bench", "see report.json[\"query\"]", "", "", "")
    Console(width=150).print(table)
    print(f"total {report.get('total_s')} s on {report['machine']['cores']} cores, "
          f"{report['machine']['memory_gib']} GiB", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
