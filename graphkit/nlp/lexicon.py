"""Trigger lexicon and modality cues, loaded from CSV files in ``graphkit/data``.

The words live in data files so that a linguist can extend them without touching code;
each row is checked on load and a bad one is reported with its file and line.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.datafiles import data_text as _data_text
from graphkit.datafiles import read_rows
from graphkit.errors import GraphkitError
from graphkit.predicates import PredicateTable, predicate_table

POS_VALUES = {"VERB", "NOUN"}
# "enacted": planned for an event ("announced a visit") but done for a measure ("announced
# sanctions on", "announced aid for"), which the announcement itself puts in place.
EFFECTS = {"negated", "planned", "unreal", "enacted"}
POLARITIES = {"evaluates", "negative", "positive"}
MEASURES = predicate_table().of_kind("measure")  # announcing one puts it in place
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
    evaluation: Mapping[str, str] = field(default_factory=dict)  # lemma -> polarity

    def frames(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.triggers.get((lemma.lower(), pos), ())

    def is_trigger(self, lemma: str, pos: str) -> bool:
        return (lemma.lower(), pos) in self.triggers

    def effect(self, lemma: str) -> str | None:
        return self.modality.get(lemma.lower())

    def polarity(self, lemma: str) -> str | None:
        """How a word judges what it is said of: ``negative``, ``positive``, or ``evaluates``
        for a verb that passes a judgement ("called", "described ... as")."""
        return self.evaluation.get(lemma.lower())


def load_lexicon(path: Path | None = None, modality_path: Path | None = None, *,
                 predicates: PredicateTable | None = None, evaluation_path: Path | None = None) -> Lexicon:
    """Load the trigger lexicon (``lexicon.csv``), modality cues (``modality.csv``) and the
    words of judgement (``evaluation.csv``).

    Each trigger's predicate must be in ``predicates`` (default: the package's predicate
    table, ``graphkit.predicates``).
    """
    known = predicates if predicates is not None else predicate_table()
    text, source = _data_text("lexicon.csv", path)
    triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for number, row in read_rows(text, source, ("lemma", "pos", "frame", "predicate")):
        if row["pos"] not in POS_VALUES:
            raise GraphkitError(f"{source}:{number}: pos must be VERB or NOUN, not {row['pos']!r}")
        if row["predicate"] not in known:
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
    text, source = _data_text("evaluation.csv", evaluation_path)
    evaluation: dict[str, str] = {}
    for number, row in read_rows(text, source, ("lemma", "pos", "polarity")):
        if row["polarity"] not in POLARITIES or not row["lemma"]:
            raise GraphkitError(f"{source}:{number}: polarity must be one of {sorted(POLARITIES)}, "
                                f"not {row['polarity']!r}")
        evaluation[row["lemma"].lower()] = row["polarity"]
    return Lexicon({k: tuple(v) for k, v in triggers.items()}, modality, evaluation)
