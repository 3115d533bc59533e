"""`make eval`, second check: no false ``occurred`` edge for an interaction the gold marks ``negated``.

The shared scorer (``../shared/eval/score.py``) reports F1 and accuracies; the extraction
issue also bars any article from asserting, as ``occurred``, an interaction its gold file
says did not happen. This reads the same predictions and gold files and counts those edges.

    python -m bench.eval_negated --gold ../shared/eval/dev --pred out/eval-predictions.jsonl
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path


def _scorer(gold: Path):
    """The shared scorer module, for its gold reader and edge matching (one definition of a match)."""
    path = gold.parent / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"eval_negated: cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def false_occurred(gold: Path, pred: Path) -> tuple[int, list[str]]:
    """(number of gold-negated interactions, descriptions of predictions that say they occurred)."""
    score = _scorer(gold)
    golds = {p.name.replace(".gold.json", ".txt"): score.GoldDoc(p) for p in sorted(gold.glob("*.gold.json"))}
    negated, bad = 0, []
    with pred.open(encoding="utf-8") as fh:
        predictions = [json.loads(line) for line in fh if line.strip()]
    for doc in predictions:
        g = golds.get(doc.get("doc"))
        if g is None:
            continue
        for item in g.interactions:
            if item.get("status") != "negated":
                continue
            negated += 1
            for it in doc.get("interactions", []):
                s, o = g.resolve(str(it.get("subject", ""))), g.resolve(str(it.get("object", "")))
                if s and o and it.get("status") == "occurred" and score.same_edge(s, it.get("predicate"), o, item):
                    bad.append(f"{doc['doc']}: {it['subject']} {it['predicate']} {it['object']}")
    return negated, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--pred", type=Path, required=True)
    args = parser.parse_args(argv)
    negated, bad = false_occurred(args.gold, args.pred)
    for line in bad:
        print(f"  FALSE OCCURRED {line}")
    print(f"negated {negated} in gold, false occurred edges {len(bad)} (bar: 0)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
