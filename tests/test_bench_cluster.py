"""bench/cluster_bench.py: the cluster-against-pool figure, its ratios and its graph check."""
from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

from bench import cluster_bench


def test_ratios_are_pool_time_over_cluster_time_and_graphs_are_compared(monkeypatch, tmp_path):
    times = iter([8.0, 16.0, 1.0, 4.0])  # pool, cold cluster, warm-up, warm cluster
    calls = []

    def fake_build(folder, **options):
        calls.append(options)
        return next(times), SimpleNamespace(articles=12), ["<a> <b> <c> ."]

    @contextmanager
    def fake_cluster(spec):
        yield "client"

    monkeypatch.setattr(cluster_bench, "_timed_build", fake_build)
    monkeypatch.setattr("graphkit.cluster.open_cluster", fake_cluster)
    monkeypatch.setattr("bench.run.synthetic_corpus", lambda count, seed=7: tmp_path)
    figures = cluster_bench.run(12, 2)
    assert calls == [{"workers": 2}, {"cluster": "local:2"}, {"cluster": "client"}, {"cluster": "client"}]
    assert (figures["ratio_cold"], figures["ratio_warm"]) == (0.5, 2.0)
    assert figures["meets_target"] == {"cold": False, "warm": True} and figures["same_graph"] is True
    assert figures["pool_articles_per_s"] == 1.5 and figures["stored"] == [12, 12, 12]
