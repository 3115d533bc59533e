"""From articles to :class:`~graphkit.records.Extraction` records, in batches.

The :class:`Extractor` owns the spaCy pipeline (loaded once), the gazetteer and the
lexicon; :meth:`Extractor.pipe` streams extractions for a stream of articles.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING

from graphkit.nlp.assembly import MODES, label_doc
from graphkit.nlp.entities import build_entity_table
from graphkit.nlp.segment import force_sentence_breaks
from graphkit.records import Article, Entity, Extraction, Interaction

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from graphkit.nlp.gazetteer import Gazetteer
    from graphkit.nlp.labeller import Labeller
    from graphkit.nlp.lexicon import Lexicon
    from graphkit.nlp.officeholders import Officeholders

# A wire dateline ("KYIV, March 3 (Wire) -", "NEW DELHI/ISLAMABAD, May 11 -") opens many articles; the parser reads its
# place name as the subject of the first sentence.
DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z.'’ /-]{2,40}(?:,[^\n–—-]{0,40})?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*[-–—]+[ \t]", re.M)


def blank_datelines(text: str) -> str:
    """Replace datelines at the start of paragraphs by spaces (offsets stay the same).

    >>> blank_datelines("KYIV, March 3 - Talks began.")
    '                Talks began.'
    """
    return DATELINE.sub(lambda m: " " * len(m.group(0)), text)


def dateline_place(text: str) -> str | None:
    """The place an article is filed from, by its first dateline ("NAIROBI/KAMPALA, May 3 -").

    >>> dateline_place("KYIV, March 3 (Wire) - Talks began.")
    'KYIV'
    >>> dateline_place("Talks began.") is None
    True
    """
    match = DATELINE.search(text)
    if match is None:
        return None
    place = re.split(r"[,/(–—-]", match.group(0).strip(), maxsplit=1)[0].strip(" .")
    return place or None


# spaCy refuses texts over nlp.max_length (1,000,000 characters); long articles are cut
# at paragraph breaks into pieces well under it, which also bounds the parser's memory.
# Some steps scan the whole doc once per sentence or person, so a piece costs more than its
# length: 20,000 characters keeps nearly every news article whole (the annotated ones are
# under 4,000) and halves the time of a 5 MB article against 100,000 (make bench).
CHUNK_CHARS = 20_000


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split a text at paragraph breaks into ``(offset, piece)`` pieces of at most ``limit``
    characters (a paragraph longer than ``limit`` is cut at sentence ends or, failing that,
    at whitespace).

    >>> chunk_text("one\\n\\ntwo", limit=5)
    [(0, 'one\\n\\n'), (5, 'two')]
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind(". ", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 2 if cut > start else end
            end = min(end, len(text))
        pieces.append((start, text[start:end]))
        start = end
    return pieces


# spaCy's rule lemmatizer caches every (word, tag, morphology) it has lemmatised and never
# evicts, so a long run over real news (new names, numbers, typos) grows by that cache;
# memory_zone does not cover it. Past this many entries it is emptied (refilled at once
# for common words; the lemmas are the same either way).
LEMMA_CACHE_MAX = 50_000


def bound_caches(nlp: Language, *, lemma_cache_max: int | None = None) -> int:
    """Empty the caches of ``nlp``'s pipes that grow without bound (the lemmatizer's) once
    they hold more than ``lemma_cache_max`` entries (default :data:`LEMMA_CACHE_MAX`);
    returns how many entries were dropped.

    >>> import spacy
    >>> bound_caches(spacy.blank("en"))
    0
    """
    limit = LEMMA_CACHE_MAX if lemma_cache_max is None else lemma_cache_max
    dropped = 0
    for _name, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if pipe.__class__.__name__.endswith("Lemmatizer") and isinstance(cache, dict) and len(cache) > limit:
            dropped += len(cache)
            cache.clear()
    return dropped


@dataclass
class Extractor:
    """The extraction pipeline: a loaded spaCy model, the trained labeller and graphkit's data.

    ``labeller_mode`` picks who decides: ``combined`` (the labeller and the rules, the
    default), ``model`` (the labeller alone) or ``rules`` (the rules alone).

    >>> extractor = Extractor.load()                      # doctest: +SKIP
    >>> [e.interactions for e in extractor.pipe(articles)]  # doctest: +SKIP
    """

    nlp: Language
    gazetteer: Gazetteer
    lexicon: Lexicon
    batch_size: int = 32
    officeholders: Officeholders | None = None
    model: str | None = None  # the name it was loaded by, for worker processes that cannot fork
    labeller: Labeller | None = None
    labeller_mode: str = "combined"
    labeller_dir: str | None = None  # the folder it was loaded from (None: the shipped one)

    @classmethod
    def load(cls, model: str | None = None, *, batch_size: int = 32, labeller_dir: str | None = None,
             labeller_mode: str = "combined") -> Extractor:
        """Load the spaCy pipeline (``--model`` name or path), the labeller (``labeller_dir``,
        else ``$GRAPHKIT_LABELLER``, else the shipped one) and the package data."""
        from graphkit.errors import ModelError
        from graphkit.nlp.gazetteer import load_gazetteer
        from graphkit.nlp.labeller import load_labeller
        from graphkit.nlp.lexicon import load_lexicon
        from graphkit.nlp.model import load_model
        from graphkit.nlp.officeholders import load_officeholders

        if labeller_mode not in MODES:
            raise ModelError(f"unknown labeller mode {labeller_mode!r} (choose from {', '.join(MODES)})")
        labeller = load_labeller(labeller_dir) if labeller_mode != "rules" else None
        gazetteer = load_gazetteer()
        nlp = load_model(model, gazetteer=gazetteer)
        return cls(nlp, gazetteer, load_lexicon(), batch_size, load_officeholders(), model,
                   labeller, labeller_mode, labeller_dir)

    def extract(self, article: Article) -> Extraction:
        """Extract one article."""
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], *, n_process: int = 1) -> Iterator[Extraction]:
        """Extractions for ``articles``, in the same order, streaming in batches.

        ``n_process`` > 1 runs whole batches (parse and rules) in that many worker
        processes, each loaded once; results are the same as with one process. At most
        ``2 * n_process`` batches are in flight, so memory does not grow with the input.
        """
        if n_process > 1:
            yield from self._pipe_parallel(articles, n_process)
            return
        iterator = iter(articles)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._batch(batch)

    def _pipe_parallel(self, articles: Iterable[Article], n_process: int) -> Iterator[Extraction]:
        # A pool of long-lived workers rather than spaCy's nlp.pipe(n_process=…): that one
        # starts fresh processes (and reloads the model) on every call, i.e. every batch,
        # and leaves the rules to the parent. Forked workers share the loaded pipeline
        # copy-on-write; where fork is missing they load the model again by name.
        import multiprocessing
        from collections import deque
        from concurrent.futures import Future, ProcessPoolExecutor

        global _WORKER_EXTRACTOR
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        _WORKER_EXTRACTOR = self
        init_args = (None,) if context.get_start_method() == "fork" else (
            self.model, self.labeller_dir, self.labeller_mode)
        iterator = iter(articles)
        pending: deque[Future[list[Extraction]]] = deque()
        with ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                                 initargs=(init_args, self.batch_size)) as pool:
            try:
                while True:
                    while len(pending) < 2 * n_process and (batch := list(islice(iterator, self.batch_size))):
                        pending.append(pool.submit(_worker_batch, batch))
                    if not pending:
                        break
                    yield from pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()
                _WORKER_EXTRACTOR = None

    def _batch(self, batch: list[Article]) -> list[Extraction]:
        limit = min(CHUNK_CHARS, self.nlp.max_length)
        # Docs made here, not by nlp.pipe, so long unpunctuated runs get forced sentence
        # breaks before the parser sees them (a generator: made as the pipe needs them).
        jobs = ((force_sentence_breaks(self.nlp.make_doc(piece)), (k, offset)) for k, article in enumerate(batch)
                for offset, piece in chunk_text(blank_datelines(article.text), limit))
        # The dateline is read once per article, not once per parsed piece of it.
        readings = [_Reading(dateline=dateline_place(article.text)) for article in batch]
        # memory_zone frees the strings and vectors of this batch's docs afterwards, so a
        # long run does not grow the string store without bound.
        with self.nlp.memory_zone():
            for doc, (k, offset) in self.nlp.pipe(jobs, as_tuples=True, batch_size=self.batch_size):
                # Each piece is read as soon as it is parsed and then let go: a long article
                # holds one pipe batch of pieces at a time, not all of its docs.
                self._read_piece(batch[k], offset, doc, readings[k])
        bound_caches(self.nlp)
        return [reading.extraction(article) for article, reading in zip(batch, readings)]

    def _read_piece(self, article: Article, offset: int, doc: Doc, reading: _Reading) -> None:
        """Add what one parsed piece of ``article`` (at ``offset``) says to ``reading``."""
        table = build_entity_table(doc, self.gazetteer, officeholders=self.officeholders,
                                   published=article.published, dateline=reading.dateline)
        found = label_doc(doc, table=table, lexicon=self.lexicon, labeller=self.labeller,
                          published=article.published, offset=offset, mode=self.labeller_mode)
        named = {i.subject for i in found} | {i.object for i in found}
        keep = {a.index for a in table.actors if table.ref(a.index) in named}
        # The table's ids are the piece's own: each becomes an id of the article, and an
        # actor a later piece names again (same name, type and side) keeps its first one.
        ids: dict[str, str] = {}
        for entity in table.records(keep):
            ids[entity.id] = reading.add_entity(_shift(entity, offset))
        for interaction in found:
            interaction = replace(interaction, subject=ids[interaction.subject], object=ids[interaction.object])
            key = (interaction.subject, interaction.predicate, interaction.object)
            if key not in reading.seen:
                reading.seen.add(key)
                reading.interactions.append(interaction)


@dataclass
class _Reading:
    """What the pieces of one article read so far say (entities first named, interactions)."""

    entities: list[Entity] = field(default_factory=list)
    by_name: dict[tuple[str, str], list[Entity]] = field(default_factory=dict)  # (name, type) -> entities
    interactions: list[Interaction] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    dateline: str | None = None  # the place the article is filed from (dateline_place)

    def add_entity(self, entity: Entity) -> str:
        """Record ``entity`` and return its article id: the id of an entity already
        recorded with the same name and type and no other side, else a new one."""
        namesakes = self.by_name.setdefault((entity.name, entity.type), [])
        for known in namesakes:
            if not known.affiliation or not entity.affiliation or known.affiliation == entity.affiliation:
                return known.id
        namesakes.append(replace(entity, id=f"e{len(self.entities) + 1}"))
        self.entities.append(namesakes[-1])
        return namesakes[-1].id

    def extraction(self, article: Article) -> Extraction:
        return Extraction(article, tuple(self.entities), tuple(self.interactions))


# The extractor of a worker process: inherited through fork, or loaded by _init_worker.
_WORKER_EXTRACTOR: Extractor | None = None


def _init_worker(how: tuple[str | None, ...], batch_size: int) -> None:
    global _WORKER_EXTRACTOR
    from graphkit.workers import die_with_parent

    die_with_parent()  # a kill -9 of the parent must not leave the workers behind
    if _WORKER_EXTRACTOR is None:  # spawned, not forked: load by name, as the parent did
        model, labeller_dir, mode = how
        _WORKER_EXTRACTOR = Extractor.load(model, batch_size=batch_size, labeller_dir=labeller_dir,
                                           labeller_mode=mode or "combined")


def _worker_batch(batch: list[Article]) -> list[Extraction]:
    assert _WORKER_EXTRACTOR is not None
    return _WORKER_EXTRACTOR._batch(batch)


def _shift(entity: Entity, offset: int) -> Entity:
    if not offset:
        return entity
    from graphkit.records import Mention

    return replace(entity, mentions=tuple(Mention(m.text, m.start + offset, m.end + offset) for m in entity.mentions))
