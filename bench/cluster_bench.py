"""``graphkit build --cluster local:N`` against the process pool (``--workers N``), same articles.

``run()`` builds the same generated articles (``bench/run.py``'s synthetic corpus) into an
in-memory store three ways and times each whole ``pipeline.build``:

* ``pool``: ``workers=N``, the local process pool (its processes and their spaCy pipelines
  start inside the timed build, as on the command line);
* ``cluster_cold``: ``cluster="local:N"``, the cluster started, the workers' extractors
  loaded and the build run, all timed (what ``graphkit build --cluster local:N`` costs);
* ``cluster_warm``: a build on a cluster already up with its extractors loaded (what each
  build costs on a long-lived cluster, the case the cluster is for).

The ratios are articles/s of the cluster over the pool (target: at least 0.9), and the
three graphs must be equal. Run it alone with ``python -m bench.cluster_bench [ARTICLES]``.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 0.9


def _canonical(graph: Any) -> list[str]:
    from rdflib import Dataset
    from rdflib.compare import to_canonical_graph

    data = Dataset()
    data.parse(data=graph.backend.dump_nquads(), format="nquads")
    return sorted(line for g in data.graphs() if len(g)
                  for line in to_canonical_graph(g).serialize(format="nt").splitlines() if line.strip())


def _timed_build(folder: Path, **options: Any) -> tuple[float, Any, list[str]]:
    from graphkit.graph import KnowledgeGraph
    from graphkit.pipeline import build

    graph = KnowledgeGraph.open("memory")
    started = time.perf_counter()
    report = build([str(folder)], graph, **options)
    elapsed = time.perf_counter() - started
    return elapsed, report, _canonical(graph)


def run(articles: int = 96, workers: int = 2) -> dict[str, Any]:
    """Time the pool and the cluster on ``articles`` generated articles (see the module doc)."""
    from bench.run import synthetic_corpus
    from graphkit.cluster import open_cluster

    folder = synthetic_corpus(articles) / "articles"
    warm_up = synthetic_corpus(4, seed=11) / "articles"
    pool_s, pool_report, pool_graph = _timed_build(folder, workers=workers)
    cold_s, cold_report, cold_graph = _timed_build(folder, cluster=f"local:{workers}")
    with open_cluster(f"local:{workers}") as client:
        _timed_build(warm_up, cluster=client)  # starts the workers' extractors
        warm_s, warm_report, warm_graph = _timed_build(folder, cluster=client)

    def rate(seconds: float) -> float:
        return round(articles / seconds, 2)

    figures = {
        "articles": articles, "workers": workers, "target_ratio": TARGET_RATIO,
        "pool_s": round(pool_s, 1), "pool_articles_per_s": rate(pool_s),
        "cluster_cold_s": round(cold_s, 1), "cluster_cold_articles_per_s": rate(cold_s),
        "cluster_warm_s": round(warm_s, 1), "cluster_warm_articles_per_s": rate(warm_s),
        "ratio_cold": round(pool_s / cold_s, 2), "ratio_warm": round(pool_s / warm_s, 2),
        "stored": [r.articles for r in (pool_report, cold_report, warm_report)],
        "same_graph": pool_graph == cold_graph == warm_graph,
    }
    figures["meets_target"] = {"cold": figures["ratio_cold"] >= TARGET_RATIO,
                               "warm": figures["ratio_warm"] >= TARGET_RATIO}
    return figures


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 96), indent=2))
