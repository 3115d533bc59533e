"""Shared fixtures: the real English pipeline is loaded once per test session."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graphkit.records import Article, Failure


@pytest.fixture(scope="session")
def extractor():
    """graphkit's extractor over the installed English pipeline (``make install`` puts it there)."""
    from graphkit.nlp.extractor import Extractor

    return Extractor.load()


@pytest.fixture(scope="session")
def rules_extractor(extractor):
    """The same pipeline with the rules alone deciding (tests of the rules labeller)."""
    from dataclasses import replace

    return replace(extractor, labeller=None, labeller_mode="rules")


def make_article(text: str, published: date | None = date(2024, 5, 23), name: str = "test.txt") -> Article:
    """An article record for a text written in a test."""
    import hashlib

    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], name=name, text=text, published=published)


def _runner(extractor):
    # Tests of what is read speak of actors by name: the contract's view of the record.
    def run(text: str, published: date | None = date(2024, 5, 23)):
        return extractor.extract(make_article(text, published)).with_names()
    return run


@pytest.fixture
def extract_text(extractor):
    """Extract a text written in a test: ``extract_text("X met Y.")`` → Extraction whose
    interactions name their sides by display name (:meth:`Extraction.with_names`)."""
    return _runner(extractor)


@pytest.fixture
def extract_rules(rules_extractor):
    """Extract a text with the rules alone, as :func:`extract_text` does."""
    return _runner(rules_extractor)


# -- reading files written by a test ----------------------------------------------------------

GOOD = "Austria and Chile met in Vienna to talk about copper.\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or bytes as given) to ``folder/name``, making folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_all(paths, **kwargs):
    """(articles, failures) of one batch, read with a collecting on_error."""
    from graphkit.articles import read_articles

    failures: list[Failure] = []
    found = list(read_articles([str(p) for p in paths], on_error=failures.append, **kwargs))
    return found, failures


def triples(extraction) -> set[tuple[str, str, str]]:
    """The (subject, predicate, object) of every interaction of an extraction."""
    return {(i.subject, i.predicate, i.object) for i in extraction.with_names().interactions}
