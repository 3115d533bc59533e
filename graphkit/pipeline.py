"""The main jobs as library functions: extract articles, build the graph.

>>> from graphkit import extract                              # doctest: +SKIP
>>> for extraction in extract(["examples/articles"]):         # doctest: +SKIP
...     print(extraction.article.name, len(extraction.interactions))
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING

from graphkit.articles import MAX_ARTICLE_MB
from graphkit.confidence import filter_extraction, resolve_min_confidence
from graphkit.errors import BuildStopped, StoreError
from graphkit.records import Article, BuildReport, Extraction, Failure

if TYPE_CHECKING:
    from distributed import Client

    from graphkit.graph import KnowledgeGraph
    from graphkit.nlp.extractor import Extractor

ProgressHook = Callable[[Article, str], None]
MAX_STORE_ERRORS = 3  # articles in a row the store refuses before a build stops


def extract(paths: Iterable[str], *, model: str | None = None, default_date: date | None = None,
            on_error: Callable[[Failure], None] | None = None, workers: int = 1,
            extractor: Extractor | None = None, min_confidence: float | None = None,
            labeller_dir: str | None = None, labeller_mode: str = "combined",
            max_article_mb: float | None = MAX_ARTICLE_MB) -> Iterator[Extraction]:
    """Read articles from ``paths`` (files, folders, globs, ``-``) and extract each one.

    Bad inputs go to ``on_error`` (or raise :class:`~graphkit.errors.InputError` when it is
    None) and the rest of the batch goes on. Interactions whose confidence is below
    ``min_confidence`` are left out (:func:`graphkit.confidence.filter_extraction`); None
    means the labeller's shipped bar (:func:`graphkit.confidence.default_min_confidence`).
    ``labeller_dir`` names another trained labeller; ``labeller_mode`` is ``combined``
    (labeller and rules), ``model`` or ``rules``. An article over ``max_article_mb`` is a
    bad input (None or 0: no limit).
    """
    from graphkit.articles import read_articles

    bar = _bar(min_confidence, labeller_dir, labeller_mode)
    if extractor is None:
        extractor = _load_extractor(model, labeller_dir, labeller_mode)
    articles = read_articles(paths, default_date=default_date, on_error=on_error, max_article_mb=max_article_mb)
    for extraction in extractor.pipe(articles, n_process=workers):
        yield rounded(filter_extraction(extraction, bar))


def build(paths: Iterable[str], graph: KnowledgeGraph, *, model: str | None = None,
          default_date: date | None = None, workers: int = 1, on_error: Callable[[Failure], None] | None = None,
          on_article: ProgressHook | None = None, extractor: Extractor | None = None,
          min_confidence: float | None = None, labeller_dir: str | None = None,
          labeller_mode: str = "combined", max_article_mb: float | None = MAX_ARTICLE_MB,
          cluster: str | Client | None = None, batch_size: int | None = None) -> BuildReport:
    """Extract ``paths`` into ``graph``: unchanged articles are skipped before extraction,
    changed ones replace their named graph, new ones are added, one atomic write each.

    Interactions whose confidence is below ``min_confidence`` are not stored (None: the
    labeller's shipped bar, see :func:`extract`). The bar is part of what makes an
    article "unchanged": re-building with another bar re-extracts and replaces it. An
    article over ``max_article_mb`` is a failure, as in :func:`extract`.

    ``on_article(article, outcome)`` is called once per article with "added", "replaced",
    "unchanged" or "failed" (for progress bars).

    After :data:`MAX_STORE_ERRORS` articles in a row that the store would not take (a
    dead endpoint, a full disk), the build stops with :class:`~graphkit.errors.BuildStopped`
    carrying the report. Every article stored before stays stored, and a re-run skips it.

    ``cluster`` runs the extraction on a Dask distributed cluster instead of ``workers``
    local processes: ``"local:N"``, a scheduler address (``"tcp://HOST:8786"``) or a
    connected ``distributed.Client`` (see :mod:`graphkit.cluster`), in batches of
    ``batch_size`` articles (default :data:`graphkit.cluster.DEFAULT_BATCH_SIZE`). Reading,
    skipping, the confidence bar and the writes stay here, in this process, and articles are
    stored in input order, so the graph is the one a local build makes. An article whose
    extraction fails on the cluster is a failure ("failed") and the build goes on.
    """
    from graphkit.articles import read_articles

    if cluster is not None and (extractor is not None or workers != 1):
        raise ValueError("with a cluster, its workers extract: pass neither extractor nor workers")
    bar = _bar(min_confidence, labeller_dir, labeller_mode)
    report = BuildReport()

    def failed(failure: Failure) -> None:
        report.failures.append(failure)
        if on_error is not None:
            on_error(failure)

    def pending() -> Iterator[Article]:
        for article in read_articles(paths, default_date=default_date, on_error=failed,
                                     max_article_mb=max_article_mb):
            article = _with_bar(article, bar)
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
    if cluster is not None:
        from graphkit.cluster import DEFAULT_BATCH_SIZE, ExtractorSettings, extract_on_cluster

        def failed_extraction(article: Article, reason: str) -> None:
            failed(Failure(article.path or article.name, reason))
            if on_article is not None:
                on_article(article, "failed")

        # The workers load their own extractor from these settings (resolved here, where
        # the environment that names the model and the labeller is the user's).
        settings = ExtractorSettings.resolve(model, labeller_dir, labeller_mode)
        source: Iterator[Extraction] = extract_on_cluster(
            chain([first], stream), cluster, settings, batch_size=batch_size or DEFAULT_BATCH_SIZE,
            on_failure=failed_extraction)
    else:
        if extractor is None:
            extractor = _load_extractor(model, labeller_dir, labeller_mode)
        source = extractor.pipe(chain([first], stream), n_process=workers)
    in_a_row = 0  # store errors since the last article stored
    with closing(source) as extractions:
        for extraction in extractions:
            extraction = rounded(filter_extraction(extraction, bar))
            try:
                outcome = graph.add(extraction)
            except StoreError as exc:
                in_a_row += 1
                _failed_to_store(extraction, exc, failed, on_article)
                if in_a_row >= MAX_STORE_ERRORS:
                    raise BuildStopped(f"build stopped: the store refused {in_a_row} articles in a row "
                                       f"(last: {exc}); what was stored stays, and a re-run skips it",
                                       report) from None
                continue
            except Exception as exc:  # one article's bad data must not stop the batch
                _failed_to_store(extraction, exc, failed, on_article)
                continue
            in_a_row = 0
            report.articles += 1
            report.interactions += len(extraction.interactions)
            if outcome == "replaced":
                report.replaced += 1
            if on_article is not None:
                on_article(extraction.article, outcome)
    return report


def _failed_to_store(extraction: Extraction, exc: Exception, failed: Callable[[Failure], None],
                     on_article: ProgressHook | None) -> None:
    failed(Failure(extraction.article.path or extraction.article.name, f"could not be stored: {exc}"))
    if on_article is not None:
        on_article(extraction.article, "failed")


CONFIDENCE_DIGITS = 4  # confidences are probabilities: more digits are float noise (0.6000000000000001)


def rounded(extraction: Extraction) -> Extraction:
    """``extraction`` with every confidence rounded to :data:`CONFIDENCE_DIGITS` digits,
    as it is printed and stored.

    >>> from graphkit.records import Article, Interaction
    >>> x = Extraction(Article(id="a", name="a", text="."), (), (Interaction("A", "met", "B", confidence=0.1 + 0.2 + 0.3),))
    >>> rounded(x).interactions[0].confidence
    0.6
    """
    interactions = tuple(replace(i, confidence=round(i.confidence, CONFIDENCE_DIGITS))
                         if isinstance(i.confidence, float) else i for i in extraction.interactions)
    return replace(extraction, interactions=interactions)


def _bar(min_confidence: float | None, labeller_dir: str | None, labeller_mode: str) -> float:
    # The shipped bar is the labeller's; the rules alone keep everything they find unless told.
    if min_confidence is None and labeller_mode == "rules":
        return 0.0
    return resolve_min_confidence(min_confidence, labeller_dir)


def _load_extractor(model: str | None, labeller_dir: str | None = None, labeller_mode: str = "combined") -> Extractor:
    from graphkit.nlp.extractor import Extractor

    return Extractor.load(model, labeller_dir=labeller_dir, labeller_mode=labeller_mode)


def _with_bar(article: Article, bar: float) -> Article:
    """The article as the store keeps it: a build with a confidence bar stores a content
    hash that names the bar, so re-building with another bar counts as a change."""
    return replace(article, id=f"{article.id}|min_confidence={bar!r}") if bar > 0 else article
