"""Trigger lexicon and modality cues, loaded from CSV files in ``graphkit/data``.

The words live in data files so that a linguist can extend them without touching code;
each row is checked on load and a bad one is reported with its file and line.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.records import PREDICATES

POS_VALUES = {"VERB", "NOUN"}
# "enacted": planned for an event ("announced a visit") but done for a measure ("announced
# sanctions on", "announced aid for"), which the announcement itself puts in place.
EFFECTS = {"negated", "planned", "unreal", "enacted"}
MEASURES = {"aided", "sanctioned"}
DIRECT = "-"


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a lemma with its frame and the predicate it signals.

    ``needs_infinitive`` is set by a frame written ``on+to``: the row applies only when the
    verb governs a to-infinitive ("called on Y to leave").
    """

    lemma: str
    pos: str
    frame: str
    predicate: str
    needs_infinitive: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Triggers by (lemma, pos) and modality cues by lemma.

    >>> lex = load_lexicon()
    >>> {t.predicate for t in lex.frames("speak", "VERB")}
    {'spokeWith'}
    >>> lex.effect("refuse")
    'negated'
    """

    triggers: Mapping[tuple[str, str], tuple[Trigger, ...]]
    modality: Mapping[str, str] = field(default_factory=dict)

    def frames(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.triggers.get((lemma.lower(), pos), ())

    def is_trigger(self, lemma: str, pos: str) -> bool:
        return (lemma.lower(), pos) in self.triggers

    def effect(self, lemma: str) -> str | None:
        return self.modality.get(lemma.lower())


def read_rows(text: str, source: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV data file with ``#`` comment lines, checked for the expected header.

    Yields ``(line_number, row)``; raises :class:`GraphkitError` naming ``source`` and the line.
    """
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise GraphkitError(f"{source}: empty data file")
    header_line, header = lines[0]
    found = tuple(c.strip() for c in next(csv.reader([header])))
    if found != columns:
        raise GraphkitError(f"{source}:{header_line}: expected columns {','.join(columns)}, found {header}")
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) != len(columns):
            raise GraphkitError(f"{source}:{number}: expected {len(columns)} fields, found {len(values)}")
        yield number, {c: v.strip() for c, v in zip(columns, values)}


def _data_text(name: str, path: Path | None) -> tuple[str, str]:
    if path is not None:
        return Path(path).read_text(encoding="utf-8"), str(path)
    return files("graphkit.data").joinpath(name).read_text(encoding="utf-8"), f"graphkit/data/{name}"


def load_lexicon(path: Path | None = None, modality_path: Path | None = None) -> Lexicon:
    """Load the trigger lexicon (``lexicon.csv``) and modality cues (``modality.csv``)."""
    text, source = _data_text("lexicon.csv", path)
    triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for number, row in read_rows(text, source, ("lemma", "pos", "frame", "predicate")):
        if row["pos"] not in POS_VALUES:
            raise GraphkitError(f"{source}:{number}: pos must be VERB or NOUN, not {row['pos']!r}")
        if row["predicate"] not in PREDICATES:
            raise GraphkitError(f"{source}:{number}: unknown predicate {row['predicate']!r}")
        if not row["lemma"] or not row["frame"]:
            raise GraphkitError(f"{source}:{number}: lemma and frame must not be empty")
        frame, plus, _ = row["frame"].lower().partition("+to")
        trigger = Trigger(row["lemma"].lower(), row["pos"], frame, row["predicate"], bool(plus))
        triggers[(trigger.lemma, trigger.pos)].append(trigger)
    text, source = _data_text("modality.csv", modality_path)
    modality: dict[str, str] = {}
    for number, row in read_rows(text, source, ("lemma", "pos", "effect")):
        if row["effect"] not in EFFECTS:
            raise GraphkitError(f"{source}:{number}: effect must be one of {sorted(EFFECTS)}, not {row['effect']!r}")
        modality[row["lemma"].lower()] = row["effect"]
    return Lexicon({k: tuple(v) for k, v in triggers.items()}, modality)
