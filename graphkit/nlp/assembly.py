"""From one parsed text to interactions: the rules pass, the candidates it leaves, the
trained labeller's verdict on them, and the assembly that merges both into records.

The rules walk the sentences first (they keep the discourse state: the last pair, the
last group, the date carried along); after each sentence its candidate pairs are read
with that state. The labeller then scores every candidate, and :func:`assemble` keeps

* each (pair, label) the labeller gives at least the threshold, with that probability
  as its confidence, and
* each rule interaction that no candidate covers (implied events, partners named in
  another sentence), with the rules' measured precision for its predicate as confidence,

deduplicated by (subject, predicate, object) with the first date, as the contract asks.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from graphkit.nlp.candidates import Candidate, sentence_candidates
from graphkit.nlp.interactions import event_date, event_status, extract_interactions, undated_event_date
from graphkit.records import SYMMETRIC_PREDICATES, Interaction

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from graphkit.nlp.entities import EntityTable
    from graphkit.nlp.labeller import Labeller
    from graphkit.nlp.lexicon import Lexicon

MODES = ("combined", "model", "rules")


@dataclass(frozen=True)
class Reading:
    """What the rules and the candidate stage found in one parsed text."""

    rules: tuple[Interaction, ...]
    candidates: tuple[Candidate, ...]


def read_doc(doc: Doc, *, table: EntityTable, lexicon: Lexicon, published: date | None = None,
             offset: int = 0) -> Reading:
    """Run the rules over ``doc`` and collect the candidate pairs of every sentence."""
    rules: list[Interaction] = []
    candidates: list[Candidate] = []
    by_sentence: dict[int, list[Interaction]] = defaultdict(list)

    def on_sentence(sent: Span, carried: str | None) -> None:
        labels: dict[tuple[int, int], set[str]] = defaultdict(set)
        for found in by_sentence.pop(sent.start_char + offset, ()):
            s, o = table.index_of(found.subject), table.index_of(found.object)
            for first, second in ((s, o), (o, s)):
                labels[(first, second)].add(_label(found.predicate, subject_first=first == s))
        candidates.extend(sentence_candidates(sent, table, lexicon, offset=offset, rule_labels=labels,
                                              carried=carried))

    for interaction in extract_interactions(doc, table=table, lexicon=lexicon, published=published,
                                            offset=offset, on_sentence=on_sentence):
        rules.append(interaction)
        by_sentence[interaction.start].append(interaction)
    return Reading(tuple(rules), tuple(candidates))


def _label(predicate: str, *, subject_first: bool) -> str:
    if predicate in SYMMETRIC_PREDICATES:
        return predicate
    return f"{predicate}{'>' if subject_first else '<'}"


def label_doc(doc: Doc, *, table: EntityTable, lexicon: Lexicon, labeller: Labeller | None,
              published: date | None = None, offset: int = 0, mode: str = "combined") -> list[Interaction]:
    """Interactions of one parsed text by ``mode``: ``rules`` alone, the trained ``model``
    alone (on the candidates), or both ``combined`` (the default)."""
    reading = read_doc(doc, table=table, lexicon=lexicon, published=published, offset=offset)
    if mode == "rules" or labeller is None:
        return list(reading.rules)
    probabilities = labeller.predict(reading.candidates)
    return assemble(doc, reading, probabilities, table=table, lexicon=lexicon, labeller=labeller,
                    published=published, with_rules=mode == "combined")


def assemble(doc: Doc, reading: Reading, probabilities: Iterable[dict[str, float]], *, table: EntityTable,
             lexicon: Lexicon, labeller: Labeller, published: date | None, with_rules: bool = True,
             threshold: float | None = None) -> list[Interaction]:
    """Merge the labeller's verdicts and the rule interactions into records.

    A rule interaction's confidence is the higher of the rules' measured precision for its
    predicate and the labeller's probability for the same pair and label in its sentence.
    """
    bar = labeller.threshold if threshold is None else threshold
    found: list[tuple[int, int, Interaction]] = []  # (position, rule 0 / model 1, record)
    model: dict[tuple[int, str, str, str], float] = {}  # (sentence, predicate, subject, object) -> p
    for candidate, scores in zip(reading.candidates, probabilities):
        sides = (table.ref(candidate.first), table.ref(candidate.second))
        for label, probability in scores.items():
            predicate = label.rstrip("<>")
            subject, obj = sides if not label.endswith("<") else sides[::-1]
            for key in _keys(candidate.start_char, predicate, subject, obj):
                model[key] = max(model.get(key, 0.0), probability)
            if probability < bar:
                continue
            record = _record(doc, candidate, subject, predicate, obj, probability, lexicon, published)
            if record is not None:
                found.append((candidate.start_char, 1, record))
    if with_rules:
        for rule in reading.rules:
            said = model.get((rule.start, rule.predicate, rule.subject, rule.object), 0.0)
            confidence = max(labeller.rule_precision.get(rule.predicate, 0.0), said)
            if confidence >= bar:
                found.append((rule.start, 0, replace(rule, confidence=round(confidence, 4))))
    # Rules first where both speak of the same sentence: their status and date are kept.
    return dedupe(record for _, _, record in sorted(found, key=lambda item: item[:2]))


def _keys(sentence: int, predicate: str, subject: str, obj: str) -> list[tuple[int, str, str, str]]:
    if predicate in SYMMETRIC_PREDICATES:
        return [(sentence, predicate, subject, obj), (sentence, predicate, obj, subject)]
    return [(sentence, predicate, subject, obj)]


def _record(doc: Doc, candidate: Candidate, subject: str, predicate: str, obj: str, probability: float,
            lexicon: Lexicon, published: date | None) -> Interaction | None:
    anchor = doc[candidate.anchor]
    status = event_status(anchor, lexicon, predicate)
    if status is None:
        return None  # a wish or a hypothesis: not annotated, not stored
    sent = anchor.sent
    when = event_date(anchor, sent, published, planned=status == "planned")
    if when is None and status == "occurred":
        when = undated_event_date(anchor, sent, published, candidate.carried)
    return Interaction(subject=subject, predicate=predicate, object=obj, status=status, date=when,
                       evidence=candidate.evidence, start=candidate.start_char, end=candidate.end_char,
                       confidence=round(probability, 4), trigger=anchor.text)


def dedupe(records: Iterable[Interaction]) -> list[Interaction]:
    """One record per (subject, predicate, object) (either order for symmetric predicates):
    the first, with the highest confidence any of them had."""
    kept: dict[tuple[str, ...], Interaction] = {}
    for record in records:
        if record.predicate in SYMMETRIC_PREDICATES:
            key = (record.predicate, *sorted((record.subject, record.object)))
        else:
            key = (record.predicate, record.subject, record.object)
        if record.subject == record.object:
            continue
        if key in kept:
            if record.confidence > kept[key].confidence:
                kept[key] = replace(kept[key], confidence=record.confidence)
            continue
        kept[key] = record
    return list(kept.values())
