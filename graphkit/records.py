"""Plain records that cross module borders.

Only strings, numbers, dates and tuples: no spaCy objects, so records cross process
pools and JSON unchanged (``dataclasses.asdict`` works on every one of them).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from graphkit.predicates import predicate_table

# The predicate names, from the predicate table (graphkit/data/predicates.csv).
SYMMETRIC_PREDICATES: tuple[str, ...] = predicate_table().symmetric
DIRECTED_PREDICATES: tuple[str, ...] = predicate_table().directed
PREDICATES: tuple[str, ...] = predicate_table().names
STATUSES = ("occurred", "planned", "negated")
ENTITY_TYPES = ("Person", "Organization", "Country")


@dataclass(frozen=True)
class Article:
    """One news article as read from a file, a JSON record or stdin.

    ``id`` is a content hash of the text (and metadata), so re-reading an unchanged
    article gives the same id and a changed one a new id.
    """

    id: str
    name: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Mention:
    """Where an entity is named in the article text (character offsets)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """One real-world actor as seen in one article, with every name used for it.

    ``key`` is a canonical id from the gazetteer ("country:israel", "org:nato") when
    the actor is a known country or organisation, else None. ``id`` names the entity
    inside its extraction ("e3"), so two people who share a display name stay two; when
    it is empty the name serves as the id (:attr:`ref`).
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    affiliation: str | None = None
    key: str | None = None
    mentions: tuple[Mention, ...] = ()
    id: str = ""

    @property
    def ref(self) -> str:
        """What an :class:`Interaction` of the same extraction names this entity by."""
        return self.id or self.name


@dataclass(frozen=True)
class Interaction:
    """A typed contact between two actors, with its evidence.

    ``subject`` and ``object`` are :attr:`Entity.ref` of entities of the same extraction
    (their ids, or their names when they have none). ``start``/``end``
    are the evidence sentence's character offsets in the article text. ``group`` ties the
    pairwise records of one multilateral event together (same non-empty value).
    """

    subject: str
    predicate: str
    object: str
    status: str = "occurred"
    date: str | None = None
    evidence: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 1.0
    trigger: str = ""
    group: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    interactions: tuple[Interaction, ...] = ()

    def with_names(self) -> Extraction:
        """This extraction as the contract reads it: interactions name their sides by
        display name, and entities carry no id (two namesakes become indistinguishable,
        so keep the ids for anything but display).

        >>> people = (Entity("Ann Lee", "Person", id="e1"), Entity("Bo Chan", "Person", id="e2"))
        >>> named = Extraction(Article("h", "a", ""), people, (Interaction("e1", "met", "e2"),)).with_names()
        >>> named.interactions[0].subject, named.entities[0].ref
        ('Ann Lee', 'Ann Lee')
        """
        names = {e.ref: e.name for e in self.entities}
        return replace(self, entities=tuple(replace(e, id="") for e in self.entities),
                       interactions=tuple(replace(i, subject=names.get(i.subject, i.subject),
                                                  object=names.get(i.object, i.object))
                                          for i in self.interactions))

    def to_contract(self) -> dict[str, Any]:
        """The JSON object of the evaluation contract (one line of ``extract --format jsonl``):
        interactions name their sides by display name, as the contract asks."""
        named = self.with_names()
        return {
            "doc": named.article.name,
            "id": named.article.id,
            "title": named.article.title,
            "published": named.article.published.isoformat() if named.article.published else None,
            "entities": [
                {
                    "name": e.name,
                    "type": e.type,
                    "aliases": list(e.aliases),
                    "title": e.title,
                    "affiliation": e.affiliation,
                }
                for e in named.entities
            ],
            "interactions": [
                {
                    "subject": i.subject,
                    "predicate": i.predicate,
                    "object": i.object,
                    "date": i.date,
                    "status": i.status,
                    "evidence": i.evidence,
                    "start": i.start,
                    "end": i.end,
                    "confidence": i.confidence,
                }
                for i in named.interactions
            ],
        }


@dataclass(frozen=True)
class Failure:
    """An input that could not be processed, with a message that names it."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class BuildReport:
    """What a build did: counts for the summary and the failures to report."""

    articles: int = 0
    skipped: int = 0
    replaced: int = 0
    interactions: int = 0
    failures: list[Failure] = field(default_factory=list)
