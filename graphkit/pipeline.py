"""The main jobs as library functions: extract articles, build the graph.

>>> from graphkit import extract                              # doctest: +SKIP
>>> for extraction in extract(["examples/articles"]):         # doctest: +SKIP
...     print(extraction.article.name, len(extraction.interactions))
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING

from graphkit.records import Article, BuildReport, Extraction, Failure

if TYPE_CHECKING:
    from graphkit.graph import KnowledgeGraph
    from graphkit.nlp.extractor import Extractor

ProgressHook = Callable[[Article, str], None]


def extract(paths: Iterable[str], *, model: str | None = None, default_date: date | None = None,
            on_error: Callable[[Failure], None] | None = None, workers: int = 1,
            extractor: Extractor | None = None) -> Iterator[Extraction]:
    """Read articles from ``paths`` (files, folders, globs, ``-``) and extract each one.

    Bad inputs go to ``on_error`` (or raise :class:`~graphkit.errors.InputError` when it is
    None) and the rest of the batch goes on.
    """
    from graphkit.articles import read_articles

    if extractor is None:
        from graphkit.nlp.extractor import Extractor

        extractor = Extractor.load(model)
    articles = read_articles(paths, default_date=default_date, on_error=on_error)
    yield from extractor.pipe(articles, n_process=workers)


def build(paths: Iterable[str], graph: KnowledgeGraph, *, model: str | None = None,
          default_date: date | None = None, workers: int = 1, on_error: Callable[[Failure], None] | None = None,
          on_article: ProgressHook | None = None, extractor: Extractor | None = None) -> BuildReport:
    """Extract ``paths`` into ``graph``: unchanged articles are skipped before extraction,
    changed ones replace their named graph, new ones are added, one atomic write each.

    ``on_article(article, outcome)`` is called once per article with "added", "replaced",
    "unchanged" or "failed" (for progress bars).
    """
    from graphkit.articles import read_articles

    report = BuildReport()

    def failed(failure: Failure) -> None:
        report.failures.append(failure)
        if on_error is not None:
            on_error(failure)

    def pending() -> Iterator[Article]:
        for article in read_articles(paths, default_date=default_date, on_error=failed):
            if graph.status(article) == "unchanged":
                report.skipped += 1
                if on_article is not None:
                    on_article(article, "unchanged")
                continue
            yield article

    stream = pending()
    first = next(stream, None)
    if first is None:  # nothing new or changed: a re-build need not load the model
        return report
    if extractor is None:
        from graphkit.nlp.extractor import Extractor

        extractor = Extractor.load(model)
    for extraction in extractor.pipe(chain([first], stream), n_process=workers):
        try:
            outcome = graph.add(extraction)
        except Exception as exc:  # one article's bad data must not stop the batch
            failed(Failure(extraction.article.path or extraction.article.name, f"could not be stored: {exc}"))
            if on_article is not None:
                on_article(extraction.article, "failed")
            continue
        report.articles += 1
        report.interactions += len(extraction.interactions)
        if outcome == "replaced":
            report.replaced += 1
        if on_article is not None:
            on_article(extraction.article, outcome)
    return report
