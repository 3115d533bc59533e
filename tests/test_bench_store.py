"""The store benchmark binds every example query to actors its generated data holds, so
no query is timed on an empty answer (no timings here)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.store_bench import QUERIES, query_params, write_nquads


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    import pyoxigraph

    path = tmp_path_factory.mktemp("store-bench") / "data.nq"
    made = write_nquads(path, 20_000, seed=3)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return store, made


def test_the_parameters_name_actors_of_the_data(generated) -> None:
    _, made = generated
    params = made["params"]
    assert set(params) == {"actor", "a", "b", "country_a", "country_b"}
    assert params["a"] != params["b"] and params["country_a"] != params["country_b"]
    assert "/actor/country-" in params["country_a"] and "/actor/person-" in params["actor"]


@pytest.mark.parametrize("query", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_every_example_query_returns_rows_on_the_generated_data(generated, query: str) -> None:
    store, made = generated
    sparql = query_params(QUERIES / query, made["params"])
    rows = list(store.query(sparql, use_default_graph_as_union=True))
    assert rows, f"{query} returns no rows on the benchmark data"


def test_a_query_without_parameters_is_left_as_it_is(generated) -> None:
    _, made = generated
    path = QUERIES / "busiest-actors.rq"
    assert query_params(path, made["params"]) == path.read_text(encoding="utf-8")


def test_bound_queries_differ_from_the_files_example_values(generated) -> None:
    _, made = generated
    sparql = query_params(QUERIES / "contacts.rq", made["params"])
    assert made["params"]["actor"] in sparql and "antony-blinken" not in sparql
