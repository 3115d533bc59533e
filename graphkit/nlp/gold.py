"""Read annotated articles (``NAME.txt`` + ``NAME.gold.json``) and match names to gold entities.

Training and evaluation share this one reader. The matching follows the evaluation
contract: a name matches a gold entity when, lower-cased and stripped of punctuation and
leading titles, it equals one of the entity's aliases, or, for a person, when its first or
last word is the person's family name (``head``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.errors import InputError
from graphkit.names import normalize_name, strip_honorifics
from graphkit.records import PREDICATES, STATUSES, SYMMETRIC_PREDICATES, Article

# Words that lead a name without being part of it ("President Ruto", "the secretary").
def strip_leading_titles(name: str) -> str:
    """The name, normalised, without the titles before it.

    >>> strip_leading_titles("Foreign Minister Wang Yi")
    'wang yi'
    """
    return strip_honorifics(normalize_name(name))


@dataclass(frozen=True)
class GoldInteraction:
    """One annotated interaction (``s``/``o`` are entity keys of its article)."""

    subject: str
    predicate: str
    object: str
    status: str = "occurred"
    date: str | None = None
    optional: bool = False
    evidence: tuple[str, ...] = ()

    def is_edge(self, subject: str | None, predicate: str, obj: str | None) -> bool:
        """Whether a predicted (subject, predicate, object) of gold keys is this interaction
        (either way round for a symmetric predicate)."""
        if not subject or not obj or predicate != self.predicate:
            return False
        return (self.subject, self.object) == (subject, obj) or (
            predicate in SYMMETRIC_PREDICATES and (self.object, self.subject) == (subject, obj))

    def label_for(self, first: str, second: str) -> str | None:
        """The candidate label this interaction gives the ordered pair (first, second), if any.

        Symmetric predicates give the bare predicate; directed ones ``p>`` when ``first`` is
        the subject and ``p<`` when ``second`` is.
        """
        if {first, second} != {self.subject, self.object} or first == second:
            return None
        if self.predicate in SYMMETRIC_PREDICATES:
            return self.predicate
        return f"{self.predicate}>" if self.subject == first else f"{self.predicate}<"


@dataclass(frozen=True)
class GoldArticle:
    """An annotated article: the text as an :class:`Article` plus its gold entities and interactions."""

    article: Article
    entities: dict[str, dict[str, Any]]
    interactions: tuple[GoldInteraction, ...]

    def resolve(self, name: str) -> str | None:
        """The gold entity key a name refers to, or None."""
        plain = strip_leading_titles(name)
        full = normalize_name(name)
        if not plain:
            return None
        for key, entity in self.entities.items():
            aliases = entity["_aliases"]
            if plain in aliases or full in aliases:
                return key
        words = plain.split()
        for key, entity in self.entities.items():
            if entity.get("type") == "Person" and entity["_head"] in (words[0], words[-1]):
                return key
        return None

    def resolve_any(self, names: Iterable[str]) -> str | None:
        """The first gold key any of ``names`` refers to (fullest names first)."""
        for name in sorted(names, key=lambda n: (-len(n.split()), n)):
            key = self.resolve(name)
            if key is not None:
                return key
        return None


def read_gold_folder(folder: str | Path) -> Iterator[GoldArticle]:
    """Every annotated article of ``folder``, in name order.

    Raises :class:`InputError` naming the file when a gold file is malformed.
    """
    from graphkit.articles import read_article_file

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of annotated articles")
    for gold_path in sorted(folder.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt")
        if not text_path.exists():
            raise InputError(str(gold_path), f"no article {text_path.name} beside it")
        articles = read_article_file(text_path)
        if len(articles) != 1:
            raise InputError(str(text_path), "expected one article")
        yield parse_gold(json.loads(gold_path.read_text(encoding="utf-8")), articles[0], source=str(gold_path))


def parse_gold(data: dict[str, Any], article: Article, *, source: str = "gold") -> GoldArticle:
    """Check and read one gold object (the JSON of a ``.gold.json`` file)."""
    try:
        entities: dict[str, dict[str, Any]] = {}
        for key, raw in data["entities"].items():
            aliases = list(raw["aliases"])
            if not aliases:
                raise ValueError(f"entity {key} has no aliases")
            entity = dict(raw)
            entity["_aliases"] = {normalize_name(a) for a in aliases} | {strip_leading_titles(a) for a in aliases}
            head = raw.get("head") or (strip_leading_titles(aliases[0]).split() or [""])[-1]
            entity["_head"] = normalize_name(head)
            entities[key] = entity
        interactions = []
        for number, raw in enumerate(data["interactions"]):
            if raw["s"] not in entities or raw["o"] not in entities:
                raise ValueError(f"interaction {number} names an unknown entity")
            if raw["p"] not in PREDICATES or raw.get("status", "occurred") not in STATUSES:
                raise ValueError(f"interaction {number} has an unknown predicate or status")
            interactions.append(GoldInteraction(
                raw["s"], raw["p"], raw["o"], raw.get("status", "occurred"), raw.get("date"),
                bool(raw.get("optional")), tuple(raw.get("evidence") or ())))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(source, f"malformed gold file: {exc}") from exc
    return GoldArticle(article, entities, tuple(interactions))


def squash(text: str) -> str:
    """Whitespace-insensitive form of a sentence, for matching evidence to parsed sentences."""
    return " ".join(text.split())


def states(evidence: Iterable[str], sentence: str) -> bool:
    """Whether a parsed ``sentence`` is (part of) one of the ``evidence`` sentences.

    The parser may cut a sentence in two or join two, so either may hold the other.

    >>> states(["Austin spoke with Gallant on Wednesday."], "  Austin spoke with Gallant on Wednesday.")
    True
    """
    plain = squash(sentence)
    if len(plain) < 12:
        return False
    return any(plain in squash(e) or (len(e) >= 12 and squash(e) in plain) for e in evidence)
