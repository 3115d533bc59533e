"""The serve benchmark (``bench/serve_bench.py``) end to end at a tiny size: a real uvicorn
server on loopback, real HTTP clients. Only the report's shape and the absence of errors
are checked: timings on a shared machine are not."""
from __future__ import annotations

import pytest

from bench.serve_bench import run


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    return run(5_000, busy=2, ordinary=2, actor_requests=4, map_requests=2, extra_requests=1,
               clients=5, requests_per_client=2, workdir=tmp_path_factory.mktemp("serve-bench"))


def test_the_graph_is_the_synthetic_one(report: dict) -> None:
    graph = report["graph"]
    assert graph["quads"] >= 5_000 and graph["articles"] > 0 and graph["events"] > 0


def test_the_actor_api_is_timed_per_group(report: dict) -> None:
    actor = report["actor"]
    assert actor["target_ms"] == 300
    for group in ("busy", "ordinary"):
        row = actor[group]
        assert row["n"] == 4
        assert 0 < row["median_ms"] <= row["p95_ms"] <= row["max_ms"]
        assert len(row["actors"]) == 2 and all(a["events"] >= 1 for a in row["actors"])
        assert all(a["interactions_shown"] >= 0 for a in row["actors"])
        assert isinstance(row["meets_target"], bool)
    busiest = min(a["events"] for a in actor["busy"]["actors"])
    assert busiest >= max(a["events"] for a in actor["ordinary"]["actors"])


def test_the_map_is_timed_after_the_start_up_projection(report: dict) -> None:
    m = report["map"]
    assert m["target_ms"] == 1000 and m["nodes"] > 0 and m["startup_projection_s"] >= 0
    assert m["first_ms"] > 0 and m["repeat"]["n"] == 2 and m["other_views"]["n"] == 1
    assert isinstance(m["first_meets_target"], bool) and isinstance(m["other_views_meet_target"], bool)


def test_every_sparql_request_is_answered(report: dict) -> None:
    sparql = report["sparql"]
    assert {row["status"] for row in sparql["once"].values()} == {200}
    assert set(sparql["once"]) == set(sparql["load_mix"]) | set(sparql["heavy"])
    for name in ("load", "burst_with_heavy"):
        load = sparql[name]
        assert load["errors"] == 0, load["error_samples"]
        assert load["ok"] == load["requests"] == load["clients"] * load["requests_per_client"]
        assert load["statuses"] == {"200": load["requests"]}
        assert load["latency_ok"]["n"] == load["requests"]
    assert sparql["load"]["clients"] == 5 and sparql["load"]["requests"] == 10
    assert sparql["meets_target"] is False  # the target is at 50 clients, not 5


def test_the_report_says_which_targets_are_met(report: dict) -> None:
    assert set(report["meets_target"]) == {"actor_api", "map_default_view", "map_other_views",
                                           "sparql_50_clients"}
    assert all(isinstance(v, bool) for v in report["meets_target"].values())
    assert set(report["targets"]) == {"actor_api_p95_ms", "map_default_view_ms", "sparql_errors_at_50_clients"}
    assert set(report["extras"]) == {"link", "search"}
