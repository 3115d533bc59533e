"""Train the interaction labeller on an annotated corpus, cross-validate it, choose its
threshold on validation articles, and write it where the package loads it from.

``make train`` runs ``python -m graphkit.nlp.training`` with the repository's corpus
(``corpus/train``) and, when it is there, the validation set (``../shared/eval/dev``).
Everything is seeded: the same corpus gives the same weights.

Supervision comes from the gold evidence: a candidate pair in a sentence is labelled with
every gold interaction between the two actors whose evidence is that sentence.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.nlp.assembly import Reading, assemble, read_doc
from graphkit.nlp.candidates import mirror_features, mirror_label
from graphkit.nlp.gold import GoldArticle, read_gold_folder, states
from graphkit.nlp.labeller import LABELS, Labeller
from graphkit.records import SYMMETRIC_PREDICATES, Interaction

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix
    from spacy.tokens import Doc

    from graphkit.nlp.entities import EntityTable
    from graphkit.nlp.extractor import Extractor
    from graphkit.nlp.lexicon import Lexicon

SEED = 13
FOLDS = 5
MIN_FEATURE_COUNT = 2
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 19))


@dataclass
class Parsed:
    """One annotated article as the pipeline reads it, kept for training and scoring."""

    gold: GoldArticle
    doc: Doc
    table: EntityTable
    reading: Reading
    lexicon: Lexicon
    targets: list[set[str]] = field(default_factory=list)  # the labels of each candidate
    ignored: list[bool] = field(default_factory=list)  # candidates left out of training


def parse_corpus(gold: Iterable[GoldArticle], extractor: Extractor, *,
                 progress: Callable[[str], None] | None = None) -> list[Parsed]:
    """Parse each article, run the rules, collect and label its candidates."""
    from graphkit.nlp.entities import build_entity_table
    from graphkit.nlp.extractor import blank_datelines, dateline_place

    articles = list(gold)
    texts = (blank_datelines(g.article.text) for g in articles)
    out = []
    for k, (annotated, doc) in enumerate(zip(articles, extractor.nlp.pipe(texts, batch_size=16))):
        table = build_entity_table(doc, extractor.gazetteer, officeholders=extractor.officeholders,
                                   published=annotated.article.published,
                                   dateline=dateline_place(annotated.article.text))
        reading = read_doc(doc, table=table, lexicon=extractor.lexicon, published=annotated.article.published)
        parsed = Parsed(annotated, doc, table, reading, extractor.lexicon)
        label_candidates(parsed)
        out.append(parsed)
        if progress and (k + 1) % 20 == 0:
            progress(f"parsed {k + 1}/{len(articles)} articles")
    return out


def label_candidates(parsed: Parsed, *, optional_as_positive: bool = True) -> None:
    """Fill ``parsed.targets`` from the gold interactions whose evidence is the candidate's sentence.

    The gold lists an interaction once per article, and its evidence need not list every
    sentence that repeats it: a candidate whose pair has a gold label elsewhere in the
    article that this sentence does not give is not a sure negative, and is left out of
    training (``ignored``), as is one whose only labels are optional (unless
    ``optional_as_positive``).
    """
    gold = parsed.gold
    keys = gold_keys(gold, parsed.table)
    parsed.targets, parsed.ignored = [], []
    for candidate in parsed.reading.candidates:
        first, second = keys.get(candidate.first), keys.get(candidate.second)
        labels: set[str] = set()
        optional: set[str] = set()
        elsewhere: set[str] = set()
        if first and second and first != second:
            for interaction in gold.interactions:
                label = interaction.label_for(first, second)
                if not label:
                    continue
                if states(interaction.evidence, candidate.evidence):
                    (optional if interaction.optional else labels).add(label)
                else:
                    elsewhere.add(label)
        if optional_as_positive:
            labels |= optional
        parsed.targets.append(labels)
        parsed.ignored.append(bool(optional - labels) or bool(elsewhere - labels - optional))


def gold_keys(gold: GoldArticle, table: EntityTable) -> dict[int, str | None]:
    """The gold entity each actor of ``table`` is, by any name it has or was written as.

    The written forms count: an article that writes only "Democratic Republic of Congo"
    or "Britain" has its actor under the gazetteer's own name, and the gold lists the
    forms the article uses; without them that actor's interactions would train as
    negatives.
    """
    return {a.index: gold.resolve_any([a.name, *a.names, *(text for text, _, _ in a.mentions)])
            for a in table.actors}


# -- the model ------------------------------------------------------------------------------

def vocabulary_of(rows: Iterable[Sequence[str]], min_count: int = MIN_FEATURE_COUNT) -> dict[str, int]:
    """Features seen at least ``min_count`` times, in a fixed (sorted) order."""
    counts = Counter(f for row in rows for f in row)
    return {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def matrix(rows: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> csr_matrix:
    """Binary sparse matrix of feature rows."""
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted({vocabulary[f] for f in row if f in vocabulary}))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))


def targets_matrix(targets: Sequence[set[str]]) -> np.ndarray:
    import numpy as np

    out = np.zeros((len(targets), len(LABELS)), dtype=np.int8)
    column = {label: k for k, label in enumerate(LABELS)}
    for row, labels in enumerate(targets):
        for label in labels:
            out[row, column[label]] = 1
    return out


def fit_linear(x: csr_matrix, y: np.ndarray, *, family: str = "logistic", c: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """One binary model per label; returns (weights (features, labels), bias (labels,)) of a
    logistic link, so every family is applied the same way at run time."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import BernoulliNB
    from sklearn.svm import LinearSVC

    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float64)
    bias = np.full(y.shape[1], -12.0)
    for k in range(y.shape[1]):
        column = y[:, k]
        if column.sum() == 0:
            continue
        if family == "logistic":
            model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)
            model.fit(x, column)
            weights[:, k], bias[k] = model.coef_[0], model.intercept_[0]
        elif family == "svm":
            svm = LinearSVC(C=c * 0.1, random_state=SEED, max_iter=5000)
            svm.fit(x, column)
            weights[:, k], bias[k] = svm.coef_[0], svm.intercept_[0]  # a margin, calibrated later
        elif family == "naive_bayes":
            nb = BernoulliNB(alpha=c)
            nb.fit(x, column)
            # Bernoulli NB's log-odds are linear in the binary features plus a constant.
            log_p, log_q = nb.feature_log_prob_[1], nb.feature_log_prob_[0]
            neg_p, neg_q = np.log1p(-np.exp(log_p)), np.log1p(-np.exp(log_q))
            weights[:, k] = (log_p - neg_p) - (log_q - neg_q)
            bias[k] = nb.class_log_prior_[1] - nb.class_log_prior_[0] + (neg_p - neg_q).sum()
        else:
            raise ValueError(f"unknown model family {family!r}")
    return weights, bias


def raw_probabilities(x: csr_matrix, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-(np.asarray(x @ weights) + bias)))


def fit_calibration(raw: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An isotonic map from raw to calibrated probabilities, pooled over labels."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    flat_raw, flat_y = raw.ravel(), y.ravel()
    keep = flat_raw >= 1e-4  # the mass of sure negatives says nothing about the high end
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
    iso.fit(np.concatenate([flat_raw[keep], [0.0, 1.0]]), np.concatenate([flat_y[keep], [0.0, 1.0]]))
    return np.asarray(iso.X_thresholds_, dtype=np.float64), np.asarray(iso.y_thresholds_, dtype=np.float64)


def _rows(parsed: Sequence[Parsed], *, train: bool, rule_features: bool = True) -> tuple[list[tuple[str, ...]], list[set[str]]]:
    rows, targets = [], []
    for item in parsed:
        for candidate, labels, ignored in zip(item.reading.candidates, item.targets, item.ignored):
            if train and ignored:
                continue
            features = candidate.features if rule_features else tuple(
                f for f in candidate.features if not f.startswith("rule"))
            rows.append(features)
            targets.append(labels)
    if train:
        # Each pair seen from both sides: the mirror carries the mirrored labels.
        rows += [mirror_features(row) for row in rows]
        targets += [{mirror_label(label) for label in labels} for labels in targets]
    return rows, targets


def train_labeller(parsed: Sequence[Parsed], *, family: str = "logistic", c: float = 1.0,
                   rule_features: bool = True, calibration: tuple[np.ndarray, np.ndarray] | None = None,
                   threshold: float = 0.5, rule_precision: dict[str, float] | None = None,
                   meta: dict[str, Any] | None = None) -> Labeller:
    """Fit a labeller on ``parsed`` articles."""
    import numpy as np

    rows, targets = _rows(parsed, train=True, rule_features=rule_features)
    vocabulary = vocabulary_of(rows)
    weights, bias = fit_linear(matrix(rows, vocabulary), targets_matrix(targets), family=family, c=c)
    if calibration is None:
        calibration = (np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    return Labeller(LABELS, vocabulary, weights.astype(np.float32), bias.astype(np.float32), calibration,
                    threshold, dict(rule_precision or {}), dict(meta or {}))


def cross_validate(parsed: Sequence[Parsed], *, family: str = "logistic", c: float = 1.0, folds: int = FOLDS,
                   rule_features: bool = True) -> list[np.ndarray]:
    """Out-of-fold raw probabilities for every article's candidates (folds split by article)."""
    import numpy as np

    order = np.random.default_rng(SEED).permutation(len(parsed))
    fold_of = {int(article): k % folds for k, article in enumerate(order)}
    out: list[np.ndarray] = [np.zeros((0, len(LABELS)))] * len(parsed)
    for fold in range(folds):
        train = [p for k, p in enumerate(parsed) if fold_of[k] != fold]
        labeller = train_labeller(train, family=family, c=c, rule_features=rule_features)
        for k, item in enumerate(parsed):
            if fold_of[k] == fold:
                rows = [c.features if rule_features else tuple(f for f in c.features if not f.startswith("rule"))
                        for c in item.reading.candidates]
                out[k] = labeller.raw_scores(rows) if rows else np.zeros((0, len(LABELS)))
    return out


THRESHOLD_TOLERANCE = 0.005  # mean F1 differences below this are noise at these corpus sizes


def choose_threshold(*sweeps: dict[float, float], tolerance: float = THRESHOLD_TOLERANCE) -> float:
    """The highest threshold whose mean F1 over ``sweeps`` (threshold -> F1) is within
    ``tolerance`` of the best: where F1 cannot tell thresholds apart, the map keeps the
    fewer, surer edges.

    >>> choose_threshold({0.3: 0.70, 0.5: 0.80}, {0.3: 0.60, 0.5: 0.40})
    0.3
    >>> choose_threshold({0.4: 0.661, 0.5: 0.658, 0.6: 0.61})
    0.5
    """
    shared = set.intersection(*(set(s) for s in sweeps))
    mean = {t: sum(s[t] for s in sweeps) / len(sweeps) for t in shared}
    best = max(mean.values())
    return max(t for t in shared if mean[t] >= best - tolerance - 1e-12)


# -- scoring --------------------------------------------------------------------------------

def score_interactions(gold: GoldArticle, interactions: Iterable[Interaction], tally: Counter[str]) -> None:
    """Add one article's figures to ``tally`` by the evaluation contract's rules: typed
    matches (``tp``), pair matches (``pair_tp``), predictions and required gold
    interactions, per predicate too (``tp:met``, ``gold:met`` ...); optional gold
    interactions are neither credited nor penalised."""
    used: set[int] = set()
    used_pair: set[int] = set()
    required = [g for g in gold.interactions if not g.optional]
    tally["gold"] += len(required)
    for g in required:
        tally[f"gold:{g.predicate}"] += 1
    for it, s, o in _distinct(gold, interactions):
        match = next((k for k, g in enumerate(gold.interactions)
                      if k not in used and g.is_edge(s, it.predicate, o)), None)
        if match is not None and gold.interactions[match].optional:
            used.add(match)
            continue
        tally["pred"] += 1
        tally[f"pred:{it.predicate}"] += 1
        if match is None:
            for k, g in enumerate(gold.interactions):
                if k not in used_pair and not g.optional and s and o and {s, o} == {g.subject, g.object}:
                    used_pair.add(k)
                    tally["pair_tp"] += 1
                    break
            continue
        used.add(match)
        used_pair.add(match)
        g = gold.interactions[match]
        tally["tp"] += 1
        tally["pair_tp"] += 1
        tally[f"tp:{it.predicate}"] += 1
        tally["status_n"] += 1
        tally["status_ok"] += it.status == g.status
        if g.date:
            tally["date_n"] += 1
            tally["date_ok"] += it.date == g.date


def outcomes(gold: GoldArticle, interactions: Iterable[Interaction]) -> list[tuple[float, bool]]:
    """(confidence, correct) for each distinct prediction; a prediction of an optional gold
    interaction is left out, as the scorer leaves it out."""
    out = []
    for it, s, o in _distinct(gold, interactions):
        match = [g for g in gold.interactions if g.is_edge(s, it.predicate, o)]
        if match and all(g.optional for g in match):
            continue
        out.append((it.confidence, bool(match)))
    return out


def _distinct(gold: GoldArticle, interactions: Iterable[Interaction]) -> Iterator[tuple[Interaction, str | None, str | None]]:
    """Each prediction with its sides as gold keys, once per (subject, predicate, object) of
    gold keys (a repeated prediction is neither credited nor penalised twice)."""
    seen: set[tuple[Any, ...]] = set()
    for it in interactions:
        s, o = gold.resolve(it.subject), gold.resolve(it.object)
        key = (frozenset((s, o)), it.predicate) if it.predicate in SYMMETRIC_PREDICATES else (s, it.predicate, o)
        if key not in seen:
            seen.add(key)
            yield it, s, o


def figures(tally: Counter[str]) -> dict[str, float]:
    """Precision, recall and F1 (typed and untyped), status and date accuracy of a tally."""
    def ratio(a: float, b: float) -> float:
        return a / b if b else 0.0

    p, r = ratio(tally["tp"], tally["pred"]), ratio(tally["tp"], tally["gold"])
    pp, pr = ratio(tally["pair_tp"], tally["pred"]), ratio(tally["pair_tp"], tally["gold"])
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(ratio(2 * p * r, p + r), 3),
            "untyped_f1": round(ratio(2 * pp * pr, pp + pr), 3),
            "status": round(ratio(tally["status_ok"], tally["status_n"]), 3),
            "date": round(ratio(tally["date_ok"], tally["date_n"]), 3),
            "tp": tally["tp"], "pred": tally["pred"], "gold": tally["gold"]}


def per_predicate_recall(tally: Counter[str]) -> dict[str, str]:
    names = sorted({k.split(":", 1)[1] for k in tally if k.startswith("gold:")})
    return {p: f"{tally[f'tp:{p}']}/{tally[f'gold:{p}']}" for p in names}


def predictions(parsed: Sequence[Parsed], probabilities: Sequence[np.ndarray] | None, labeller: Labeller, *,
                threshold: float, mode: str = "combined") -> list[list[Interaction]]:
    """Each article's interactions from precomputed raw probabilities (or the rules alone)."""
    out = []
    for k, item in enumerate(parsed):
        if mode == "rules" or probabilities is None:
            records = list(item.reading.rules)
        else:
            scores = labeller.scores(labeller.calibrate(probabilities[k])) if len(probabilities[k]) else []
            records = assemble(item.doc, item.reading, scores, table=item.table, lexicon=item.lexicon,
                               labeller=labeller, published=item.gold.article.published,
                               with_rules=mode == "combined", threshold=threshold)
        out.append(_named(item, records))
    return out


def _named(item: Parsed, records: Iterable[Interaction]) -> list[Interaction]:
    """``records`` with their sides as display names: gold names them so, as the contract does."""
    def name(ref: str) -> str:
        return item.table.name(item.table.index_of(ref))

    return [replace(r, subject=name(r.subject), object=name(r.object)) for r in records]


def evaluate(parsed: Sequence[Parsed], probabilities: Sequence[np.ndarray] | None, labeller: Labeller, *,
             threshold: float, mode: str = "combined") -> Counter[str]:
    """Score ``parsed`` articles end to end with the given (raw) probabilities."""
    tally: Counter[str] = Counter()
    for item, records in zip(parsed, predictions(parsed, probabilities, labeller, threshold=threshold, mode=mode)):
        score_interactions(item.gold, records, tally)
    return tally


def calibration_report(parsed: Sequence[Parsed], probabilities: Sequence[np.ndarray], labeller: Labeller,
                       ) -> tuple[float, list[dict[str, float]]]:
    """Brier score and reliability table of the confidence of every interaction the
    combined labeller reports at any threshold (0.05 up), against the gold."""
    import numpy as np

    pairs = [pair for item, records in zip(parsed, predictions(parsed, probabilities, labeller, threshold=0.05))
             for pair in outcomes(item.gold, records)]
    if not pairs:
        return 0.0, []
    return reliability(np.array([p for p, _ in pairs]), np.array([float(c) for _, c in pairs]))


def rule_precision(parsed: Sequence[Parsed]) -> dict[str, float]:
    """Per predicate, the precision of the rules alone, measured on ``parsed`` (the
    confidence the assembly gives a rule interaction)."""
    tally: Counter[str] = Counter()
    for item in parsed:
        score_interactions(item.gold, _named(item, item.reading.rules), tally)
    preds = {k.split(":", 1)[1] for k in tally if k.startswith("pred:")}
    # Laplace-smoothed, so a predicate seen twice is not trusted fully.
    return {p: round((tally[f"tp:{p}"] + 1) / (tally[f"pred:{p}"] + 2), 4) for p in sorted(preds)}


def reliability(probabilities: np.ndarray, truth: np.ndarray, bins: int = 10) -> tuple[float, list[dict[str, float]]]:
    """Brier score and a reliability table (mean predicted vs observed rate per bin)."""
    import numpy as np

    p, y = probabilities.ravel(), truth.ravel()
    brier = float(np.mean((p - y) ** 2)) if len(p) else 0.0
    table = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = (p >= low) & ((p < high) if k < bins - 1 else (p <= high))
        if inside.any():
            table.append({"bin": f"{low:.1f}-{high:.1f}", "n": int(inside.sum()),
                          "predicted": round(float(p[inside].mean()), 3), "observed": round(float(y[inside].mean()), 3)})
    return round(brier, 4), table


# -- the command ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graphkit.nlp.training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=[Path("corpus/train"), Path("corpus/own")],
                        help="folders of annotated training articles")
    parser.add_argument("--dev", type=Path, default=None, help="validation articles (thresholds are chosen here)")
    parser.add_argument("--out", type=Path, default=Path("graphkit/data/labeller"), help="where to write the labeller")
    parser.add_argument("--report", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument("--model", default=None, help="spaCy pipeline (name or path)")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--families", default="logistic,naive_bayes,svm",
                        help="model families to compare by cross-validation (comma-separated)")
    parser.add_argument("--c", default="1", help="regularisation values to try (comma-separated)")
    parser.add_argument("--summary", type=Path, default=None, help="only print the summary of a saved report")
    args = parser.parse_args(argv)
    if args.summary is not None:
        print(summarise(json.loads(args.summary.read_text(encoding="utf-8"))))
        return 0
    from graphkit.nlp.extractor import Extractor
    from graphkit.nlp.lexicon import Lexicon

    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    extractor = Extractor.load(args.model)
    say(f"reading {', '.join(map(str, args.corpus))}")
    parts = [parse_corpus(read_gold_folder(folder), extractor, progress=say) for folder in args.corpus]
    train = [item for part in parts for item in part]
    dev = parse_corpus(read_gold_folder(args.dev), extractor) if args.dev and args.dev.is_dir() else []
    say(f"{len(train)} training articles, {sum(len(p.reading.candidates) for p in train)} candidates; "
        f"{len(dev)} validation articles")
    report: dict[str, Any] = {"corpus": [str(c) for c in args.corpus], "articles": len(train),
                              "candidates": sum(len(p.reading.candidates) for p in train)}
    report["candidate_recall"] = candidate_recall(train)
    trusted = rule_precision(train)
    report["rule_precision"] = trusted
    report["rules_cv"] = figures(evaluate(train, None, _identity(trusted), threshold=0.0, mode="rules"))
    if dev:
        report["rules_dev"] = figures(evaluate(dev, None, _identity(trusted), threshold=0.0, mode="rules"))

    # Model selection by cross-validated end-to-end F1 on the training corpus.
    import numpy as np

    truth = [targets_matrix(p.targets) for p in train]
    comparisons = []
    best: tuple[float, str, float, list[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
    for family in args.families.split(","):
        for c in (float(v) for v in args.c.split(",")):
            oof = cross_validate(train, family=family, c=c, folds=args.folds)
            calibration = fit_calibration(np.vstack(oof), np.vstack(truth))
            probe = _with_calibration(calibration, trusted)
            sweep = {t: figures(evaluate(train, oof, probe, threshold=t))["f1"] for t in THRESHOLDS}
            t_best = choose_threshold(sweep)
            comparisons.append({"family": family, "c": c, "cv_f1": sweep[t_best], "threshold": t_best,
                                "cv_sweep": sweep})
            say(f"{family} C={c}: cross-validated typed F1 {sweep[t_best]:.3f} at {t_best}")
            if best is None or sweep[t_best] > best[0]:
                best = (sweep[t_best], family, c, oof, calibration)
    assert best is not None
    _, family, c, oof, calibration = best
    report["comparisons"] = comparisons
    report["chosen"] = {"family": family, "c": c}
    say(f"chosen: {family} C={c}")

    final = train_labeller(train, family=family, c=c, calibration=calibration, rule_precision=trusted)
    # The threshold: best mean of the validation and cross-validated F1 when the validation
    # articles are here (19 articles alone give a jagged curve), else best on CV.
    cv_sweep = next(x["cv_sweep"] for x in comparisons if x["family"] == family and x["c"] == c)
    if dev:
        dev_raw = [final.raw_scores([c.features for c in p.reading.candidates]) if p.reading.candidates
                   else np.zeros((0, len(LABELS))) for p in dev]
        sweep = {t: figures(evaluate(dev, dev_raw, final, threshold=t))["f1"] for t in THRESHOLDS}
        threshold = choose_threshold(sweep, cv_sweep)
        report["threshold_source"] = "mean of dev and cross-validation"
        report["dev_sweep"] = sweep
    else:
        threshold = next(x["threshold"] for x in comparisons if x["family"] == family and x["c"] == c)
        report["threshold_source"] = "cross-validation"
    final.threshold = threshold
    report["threshold"] = threshold

    cv_tally = evaluate(train, oof, final, threshold=threshold)
    report["combined_cv"] = figures(cv_tally)
    report["combined_cv_recall_by_predicate"] = per_predicate_recall(cv_tally)
    if len(parts) > 1:  # each corpus's share of the cross-validated figures
        start = 0
        report["combined_cv_by_corpus"] = {}
        for folder, part in zip(args.corpus, parts):
            share = figures(evaluate(part, oof[start:start + len(part)], final, threshold=threshold))
            report["combined_cv_by_corpus"][str(folder)] = share
            start += len(part)
    report["model_cv"] = figures(evaluate(train, oof, final, threshold=threshold, mode="model"))
    oof_plain = cross_validate(train, family=family, c=c, folds=args.folds, rule_features=False)
    plain = _with_calibration(fit_calibration(np.vstack(oof_plain), np.vstack(truth)), trusted)
    report["model_without_rule_features_cv"] = figures(evaluate(train, oof_plain, plain, threshold=threshold, mode="model"))
    report["brier_cv"], report["reliability_cv"] = calibration_report(train, oof, final)
    if dev:
        report["brier_dev"], report["reliability_dev"] = calibration_report(dev, dev_raw, final)
        dev_tally = evaluate(dev, dev_raw, final, threshold=threshold)
        report["combined_dev"] = figures(dev_tally)
        report["combined_dev_recall_by_predicate"] = per_predicate_recall(dev_tally)
        report["model_dev"] = figures(evaluate(dev, dev_raw, final, threshold=threshold, mode="model"))
    report["train_seconds"] = round(time.perf_counter() - started, 1)
    final.meta = {"family": family, "c": c, "seed": SEED, "trained_on": [str(c) for c in args.corpus],
                  "articles": len(train), "spacy_model": extractor.nlp.meta.get("name", "")}
    final.to_disk(args.out)
    report["model_bytes"] = sum(f.stat().st_size for f in args.out.iterdir() if f.is_file())
    say(f"wrote {args.out} ({report['model_bytes'] / 1e6:.1f} MB); threshold {threshold}")
    text = json.dumps(report, indent=2)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text + "\n", encoding="utf-8")
    print(summarise(report), file=sys.stderr)
    print(text)
    return 0


def summarise(report: dict[str, Any]) -> str:
    """The training report as a few readable lines (what ``make eval`` prints after the scores)."""
    def line(name: str, key: str) -> str | None:
        return figures_line(name, report.get(key))

    def figures_line(name: str, f: dict[str, float] | None) -> str | None:
        if not f:
            return None
        return (f"  {name:34} P={f['precision']:.3f} R={f['recall']:.3f} F1={f['f1']:.3f} "
                f"untyped={f['untyped_f1']:.3f} status={f['status']:.3f} date={f['date']:.3f}")

    out = [f"labeller: {report.get('chosen', {}).get('family')} C={report.get('chosen', {}).get('c')}, "
           f"threshold {report.get('threshold')} (chosen on {report.get('threshold_source')}); "
           f"{report.get('articles')} training articles, {report.get('candidates')} candidates; "
           f"trained in {report.get('train_seconds')} s, {report.get('model_bytes', 0) / 1e6:.1f} MB"]
    out.append("cross-validated on the training corpus (5 folds by article):")
    for name, key in (("rules alone", "rules_cv"), ("model alone", "model_cv"),
                      ("model without rule features", "model_without_rule_features_cv"),
                      ("combined", "combined_cv")):
        out.append(line(name, key) or "")
    for folder, share in report.get("combined_cv_by_corpus", {}).items():
        out.append(figures_line(f"combined, on {folder}", share) or "")
    if report.get("combined_dev"):
        out.append("validation articles:")
        for name, key in (("rules alone", "rules_dev"), ("model alone", "model_dev"), ("combined", "combined_dev")):
            out.append(line(name, key) or "")
    out.append("model families compared (cross-validated typed F1 at their best threshold): " + ", ".join(
        f"{c['family']} C={c['c']} {c['cv_f1']:.3f}" for c in report.get("comparisons", [])))
    recall = report.get("combined_cv_recall_by_predicate", {})
    out.append("cross-validated recall by predicate: " + ", ".join(f"{p} {v}" for p, v in recall.items()))
    cand = report.get("candidate_recall", {})
    out.append(f"candidate recall (required gold pairs that reach the labeller): {cand.get('recall')}")
    for where in ("cv", "dev"):
        if f"brier_{where}" in report:
            out.append(f"calibration ({where}): Brier {report[f'brier_{where}']}; reliability "
                       + " ".join(f"[{b['bin']}: {b['predicted']:.2f}→{b['observed']:.2f} n={b['n']}]"
                                  for b in report.get(f"reliability_{where}", [])))
    return "\n".join(x for x in out if x)


def _identity(rule_precision: dict[str, float]) -> Labeller:
    import numpy as np

    return _with_calibration((np.array([0.0, 1.0]), np.array([0.0, 1.0])), rule_precision)


def _with_calibration(calibration: tuple[np.ndarray, np.ndarray], rule_precision: dict[str, float]) -> Labeller:
    """A weightless labeller that only calibrates (for scoring precomputed probabilities)."""
    import numpy as np

    return Labeller(LABELS, {}, np.zeros((0, len(LABELS)), dtype=np.float32), np.zeros(len(LABELS), dtype=np.float32),
                    calibration, 0.5, dict(rule_precision))


def candidate_recall(parsed: Sequence[Parsed]) -> dict[str, float]:
    """Share of required gold interactions whose pair reaches the labeller as a candidate
    with some gold label (an upper bound: the label itself may come from another interaction)."""
    reached = total = 0
    for item in parsed:
        keys = gold_keys(item.gold, item.table)
        pairs = {(keys.get(c.first), keys.get(c.second)) for c, t in zip(item.reading.candidates, item.targets) if t}
        for g in item.gold.interactions:
            if g.optional:
                continue
            total += 1
            reached += (g.subject, g.object) in pairs or (g.object, g.subject) in pairs
    return {"reached": reached, "required": total, "recall": round(reached / total, 3) if total else 0.0}


if __name__ == "__main__":
    raise SystemExit(main())
