"""Parallel extraction gives the same results as one process, streams its input, and a
re-build with nothing new does not load the model."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graphkit.articles import read_articles

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


@pytest.fixture(scope="module")
def articles():
    found = list(read_articles([str(EXAMPLES)]))
    assert len(found) >= 5
    return found[:7]


@pytest.fixture
def small_batches(extractor):
    """The session extractor with two articles per batch, so several batches go to the workers."""
    return replace(extractor, batch_size=2)


def test_two_workers_give_the_same_extractions_in_the_same_order(small_batches, articles):
    one = list(small_batches.pipe(articles, n_process=1))
    two = list(small_batches.pipe(articles, n_process=2))
    assert [x.article.name for x in two] == [a.name for a in articles]
    assert sum(len(x.interactions) for x in one) > 0
    assert two == one


def test_spawned_workers_load_the_model_by_name_and_agree(small_batches, articles, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    some = articles[:3]
    assert list(small_batches.pipe(some, n_process=2)) == list(small_batches.pipe(some, n_process=1))


@pytest.mark.parametrize("n_process", [1, 2])
def test_pipe_reads_its_input_lazily(small_batches, articles, n_process):
    pulled = 0

    def endless():
        nonlocal pulled
        while True:
            for article in articles:
                pulled += 1
                yield article

    stream = small_batches.pipe(endless(), n_process=n_process)
    first = next(stream)
    stream.close()
    assert first.article.name == articles[0].name
    # one batch per process, at most two batches per process in flight
    assert pulled <= 2 * n_process * small_batches.batch_size + small_batches.batch_size


def test_rebuild_with_nothing_new_does_not_load_the_model(extractor, articles, monkeypatch):
    from graphkit.graph import KnowledgeGraph
    from graphkit.nlp.extractor import Extractor
    from graphkit.pipeline import build

    paths = [str(EXAMPLES / "2024-01-10-blinken-ankara.txt")]
    with KnowledgeGraph.open("memory") as graph:
        first = build(paths, graph, extractor=extractor)
        assert first.articles == 1

        def refuse(*args, **kwargs):
            raise AssertionError("the model was loaded for a build with nothing to extract")

        monkeypatch.setattr(Extractor, "load", classmethod(refuse))
        again = build(paths, graph)
        assert (again.articles, again.skipped) == (0, 1)
