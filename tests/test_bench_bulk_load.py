"""The bulk-load benchmark runs end to end on a few articles against a real `oxigraph serve`
and reports what `make bench` prints (its structure only: no timings are checked)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from bench.bulk_load_bench import extractions, run

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

FIGURES = {"articles", "triples", "wall_s", "articles_per_s", "triples_per_s", "write_s",
           "write_articles_per_s", "write_triples_per_s"}


@pytest.fixture(scope="module")
def report() -> dict:
    if not (Path(sys.executable).parent / "oxigraph").exists() and shutil.which("oxigraph") is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph==0.5.13)")
    return run(20, batch=8)


def test_the_records_are_articles_with_their_planted_interactions() -> None:
    records = extractions(5)
    assert len({r.article.id for r in records}) == 5
    for record in records:
        assert record.interactions and record.article.published is not None
        named = {e.name for e in record.entities}
        assert all(i.subject in named and i.object in named for i in record.interactions)
        assert all(record.article.text[i.start:i.end] == i.evidence for i in record.interactions)


def test_the_report_compares_graph_store_puts_with_sparql_updates(report: dict) -> None:
    assert report["articles"] == 20 and report["interactions"] > 0
    put, update = report["graph_store"], report["sparql_update"]
    assert FIGURES <= put.keys() and FIGURES <= update.keys()
    assert put["graph_store"] is True and put["requests"] == {"put": 20, "update": 0, "put_failed": 0}
    assert update["graph_store"] is False and update["requests"] == {"put": 0, "update": 20, "put_failed": 0}
    assert put["triples"] == update["triples"] > 20 and report["same_triples"] is True
    assert report["ratio"] > 0 and report["write_ratio"] > 0


def test_the_batched_reference_sends_fewer_requests(report: dict) -> None:
    batched = report["batched_post_reference"]
    assert FIGURES <= batched.keys()
    assert (batched["batch"], batched["requests"], batched["articles"]) == (8, 3, 20)
