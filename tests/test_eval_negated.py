"""`make eval`'s check that nothing gold marks negated is asserted as occurred.

The real scorer lives outside the project; a stand-in with the same two names (GoldDoc,
same_edge) is written next to a tiny gold folder here.
"""
from __future__ import annotations

import json

from bench.eval_negated import false_occurred, main

STAND_IN_SCORER = '''
import json
class GoldDoc:
    def __init__(self, path):
        data = json.loads(path.read_text())
        self.interactions = data["interactions"]
        self.names = {a.lower(): k for k, e in data["entities"].items() for a in e["aliases"]}
    def resolve(self, name):
        return self.names.get(name.lower())
def same_edge(s, p, o, g):
    return (s, p, o) == (g["s"], g["p"], g["o"])
'''


def _setup(tmp_path, status: str):
    gold = tmp_path / "eval" / "dev"
    gold.mkdir(parents=True)
    (tmp_path / "eval" / "score.py").write_text(STAND_IN_SCORER, encoding="utf-8")
    (gold / "a.gold.json").write_text(json.dumps({
        "doc": "a.txt",
        "entities": {"x": {"aliases": ["Ruto"]}, "y": {"aliases": ["Museveni"]}},
        "interactions": [{"s": "x", "p": "met", "o": "y", "status": "negated"}]}), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc": "a.txt", "interactions": [
        {"subject": "Ruto", "predicate": "met", "object": "Museveni", "status": status}]}) + "\n", encoding="utf-8")
    return gold, pred


def test_an_occurred_edge_for_a_negated_interaction_is_counted(tmp_path, capsys):
    gold, pred = _setup(tmp_path, "occurred")
    assert false_occurred(gold, pred) == (1, ["a.txt: Ruto met Museveni"])
    assert main(["--gold", str(gold), "--pred", str(pred)]) == 1
    assert "false occurred edges 1" in capsys.readouterr().out


def test_a_negated_prediction_passes(tmp_path):
    gold, pred = _setup(tmp_path, "negated")
    assert false_occurred(gold, pred) == (1, [])
    assert main(["--gold", str(gold), "--pred", str(pred)]) == 0
