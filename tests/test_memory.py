"""A long build keeps its memory bounded: the on-disk store flushes its write buffers and
the lemmatizer's cache is emptied past a size (no timings here: see ``make bench``)."""
from __future__ import annotations

from pathlib import Path

from graphkit.nlp import extractor as extractor_module
from graphkit.nlp.extractor import bound_caches
from graphkit.store import FLUSH_BYTES, OxigraphBackend

TRIPLE = '<https://example.org/s{n}> <https://example.org/p> "statement number {n}" .'


def _write(backend: OxigraphBackend, n: int) -> None:
    graph = f"https://example.org/g{n}"
    backend.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {TRIPLE.format(n=n)} }} }}")


def _count(backend: OxigraphBackend) -> int:
    answer = backend.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(answer.rows[0][0].value)


def test_an_on_disk_store_flushes_after_flush_bytes_of_updates(tmp_path: Path) -> None:
    backend = OxigraphBackend(tmp_path / "store", flush_bytes=300)
    for n in range(6):
        _write(backend, n)  # ~120 characters each: a flush every third update
    assert backend.flushes == 2
    assert _count(backend) == 6
    backend.close()
    again = OxigraphBackend(tmp_path / "store", read_only=True)
    assert _count(again) == 6  # flushed data is the store's data
    again.close()


def test_small_writes_under_the_threshold_do_not_flush(tmp_path: Path) -> None:
    backend = OxigraphBackend(tmp_path / "store")
    for n in range(3):
        _write(backend, n)
    assert FLUSH_BYTES > 3 * 200
    assert backend.flushes == 0
    backend.close()


def test_an_in_memory_store_never_flushes() -> None:
    backend = OxigraphBackend(None, flush_bytes=1)
    for n in range(3):
        _write(backend, n)
    assert backend.flushes == 0
    assert _count(backend) == 3


def _lemma_cache(nlp) -> dict:
    return nlp.get_pipe("lemmatizer").cache


def test_bound_caches_empties_the_lemmatizer_cache_past_its_limit(extractor) -> None:
    extractor.nlp("The ministers were meeting their counterparts in the capitals.")
    size = len(_lemma_cache(extractor.nlp))
    assert size > 1
    assert bound_caches(extractor.nlp, lemma_cache_max=size) == 0  # at the limit: kept
    assert len(_lemma_cache(extractor.nlp)) == size
    assert bound_caches(extractor.nlp, lemma_cache_max=size - 1) == size
    assert _lemma_cache(extractor.nlp) == {}


def test_every_batch_bounds_the_lemmatizer_cache(extractor, monkeypatch, extract_text) -> None:
    monkeypatch.setattr(extractor_module, "LEMMA_CACHE_MAX", 0)
    extract_text("Ilse Marrow met Tomas Oduya in Lisbon on Monday to discuss grain exports.")
    assert _lemma_cache(extractor.nlp) == {}
