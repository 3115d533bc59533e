"""The predicate table: every fact about the interaction predicates, from one data file.

``graphkit/data/predicates.csv`` says, for each predicate, whether it is symmetric, its
event class, label, tone, kind (event or measure), CAMEO and PLOVER codes and what it
implies. It is read once (:func:`predicate_table`) and checked row by row; the records,
the ``dip:`` namespace, the RDF writer, the map, the lexicon loader and the extraction's
implied events all take their predicate facts from it. A predicate table of one's own
(:func:`load_predicates` with a path) is checked the same way.

>>> table = predicate_table()
>>> table.names[:4], table["hosted"].event_class, table["criticized"].tone
(('met', 'spokeWith', 'negotiatedWith', 'agreedWith'), 'Hosting', 'conflictual')
>>> sorted(table.implying("met"))
['hosted', 'visited']
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from graphkit.datafiles import data_text, read_rows
from graphkit.errors import GraphkitError

COLUMNS = ("predicate", "direction", "event_class", "label", "tone", "kind", "cameo", "plover", "implies")
DIRECTIONS = ("symmetric", "directed")
TONES = ("cooperative", "neutral", "conflictual")
KINDS = ("event", "measure")
#: What a predicate may imply (see the comments of predicates.csv), and the predicate each
#: implication produces: the table must have it.
IMPLICATIONS = {"met": "met", "visited-place": "visited", "guest-visited-host": "visited"}

# Local names become IRIs (dip:NAME) and Python attributes (DIP.NAME): plain ASCII words.
_PREDICATE_NAME = re.compile(r"[a-z][A-Za-z0-9]*")
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
_CAMEO = re.compile(r"[0-9]{2,4}")
_PLOVER = re.compile(r"[A-Z][A-Z_]*")


@dataclass(frozen=True)
class Predicate:
    """One row of the predicate table."""

    name: str
    symmetric: bool
    event_class: str
    label: str
    tone: str
    kind: str
    cameo: str
    plover: str
    implies: frozenset[str] = frozenset()

    @property
    def directed(self) -> bool:
        return not self.symmetric


@dataclass(frozen=True)
class PredicateTable:
    """The predicates in file order, with the lookups the other modules need."""

    predicates: tuple[Predicate, ...]
    source: str = "graphkit/data/predicates.csv"

    def __iter__(self) -> Iterator[Predicate]:
        return iter(self.predicates)

    def __len__(self) -> int:
        return len(self.predicates)

    def __contains__(self, name: object) -> bool:
        return any(p.name == name for p in self.predicates)

    def __getitem__(self, name: str) -> Predicate:
        for predicate in self.predicates:
            if predicate.name == name:
                return predicate
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every predicate: the symmetric ones first, each group in file order."""
        return self.symmetric + self.directed

    @property
    def symmetric(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.predicates if p.symmetric)

    @property
    def directed(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.predicates if not p.symmetric)

    @property
    def event_classes(self) -> dict[str, str]:
        """Predicate → local name of its event class."""
        return {p.name: p.event_class for p in self.predicates}

    def with_tone(self, tone: str) -> tuple[str, ...]:
        return tuple(p.name for p in self.predicates if p.tone == tone)

    def of_kind(self, kind: str) -> frozenset[str]:
        return frozenset(p.name for p in self.predicates if p.kind == kind)

    def implying(self, implication: str) -> frozenset[str]:
        """The predicates that imply ``implication`` (one of :data:`IMPLICATIONS`)."""
        return self._implying[implication]

    @cached_property
    def _implying(self) -> dict[str, frozenset[str]]:
        # Asked for every interaction the rules find: computed once per table.
        return {i: frozenset(p.name for p in self.predicates if i in p.implies) for i in IMPLICATIONS}


def load_predicates(path: Path | None = None) -> PredicateTable:
    """Read and check a predicate table (default: the package's ``predicates.csv``).

    Raises :class:`~graphkit.errors.GraphkitError` naming the file and line of a bad row.
    """
    text, source = data_text("predicates.csv", path)
    rows: list[Predicate] = []
    seen: dict[str, int] = {}
    for number, row in read_rows(text, source, COLUMNS):
        where = f"{source}:{number}"
        predicate = _predicate(row, where)
        for key in (predicate.name, predicate.event_class):
            if key in seen:
                raise GraphkitError(f"{where}: {key!r} is already used on line {seen[key]}")
            seen[key] = number
        rows.append(predicate)
    table = PredicateTable(tuple(rows), source)
    for predicate in table:
        for implication in sorted(predicate.implies):
            if IMPLICATIONS[implication] not in table:
                raise GraphkitError(f"{source}: {predicate.name} implies {implication!r}, "
                                    f"but there is no {IMPLICATIONS[implication]!r} predicate")
    if not table.symmetric and not table.directed:
        raise GraphkitError(f"{source}: no predicates")
    return table


def _predicate(row: dict[str, str], where: str) -> Predicate:
    def check(column: str, ok: bool, expected: str) -> str:
        if not ok:
            raise GraphkitError(f"{where}: {column} must be {expected}, not {row[column]!r}")
        return row[column]

    name = check("predicate", bool(_PREDICATE_NAME.fullmatch(row["predicate"])),
                 "a lowerCamelCase ASCII name")
    direction = check("direction", row["direction"] in DIRECTIONS, " or ".join(DIRECTIONS))
    event_class = check("event_class", bool(_CLASS_NAME.fullmatch(row["event_class"])),
                        "an UpperCamelCase ASCII name")
    label = check("label", bool(row["label"]), "a non-empty label")
    tone = check("tone", row["tone"] in TONES, ", ".join(TONES))
    kind = check("kind", row["kind"] in KINDS, " or ".join(KINDS))
    cameo = check("cameo", bool(_CAMEO.fullmatch(row["cameo"])), "a CAMEO code of 2 to 4 digits")
    plover = check("plover", bool(_PLOVER.fullmatch(row["plover"])), "a PLOVER category in capitals")
    implies = frozenset(part.strip() for part in row["implies"].split(";") if part.strip())
    unknown = sorted(implies - IMPLICATIONS.keys())
    if unknown:
        raise GraphkitError(f"{where}: implies must be ;-separated from {', '.join(IMPLICATIONS)}, "
                            f"not {unknown[0]!r}")
    if "guest-visited-host" in implies and "visited-place" not in implies:
        # The host's country stands in for a place the article does not give.
        raise GraphkitError(f"{where}: guest-visited-host needs visited-place")
    return Predicate(name, direction == "symmetric", event_class, label, tone, kind, cameo, plover, implies)


@lru_cache(maxsize=1)
def predicate_table() -> PredicateTable:
    """The package's predicate table, read once per process."""
    return load_predicates()
