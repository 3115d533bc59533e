"""bench/run.py's report: --update re-runs some stages and keeps the others' figures."""
from __future__ import annotations

import json

from bench import run


def test_update_keeps_the_figures_of_stages_not_run(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text(json.dumps({"machine": {"cores": 2}, "store": {"kept": True}, "serve": {"old": True},
                               "stage_when": {"store": "2026-01-01 00:00:00"}}), encoding="utf-8")
    monkeypatch.setattr(run, "_serve", lambda triples: {"new": triples})
    monkeypatch.setattr(run, "_print", lambda report: None)
    everything_but_serve = "extraction,labeller,workers,build,big_article,store,map,query,bulk_load,cluster"
    assert run.main(["--skip", everything_but_serve, "--update", "--triples", "5", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["store"] == {"kept": True} and report["serve"] == {"new": 5}
    assert report["stage_when"]["store"] == "2026-01-01 00:00:00" and "serve" in report["stage_when"]


def test_without_update_the_report_is_written_afresh(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text(json.dumps({"store": {"kept": True}}), encoding="utf-8")
    monkeypatch.setattr(run, "_serve", lambda triples: {"new": triples})
    monkeypatch.setattr(run, "_print", lambda report: None)
    everything_but_serve = "extraction,labeller,workers,build,big_article,store,map,query,bulk_load,cluster"
    run.main(["--skip", everything_but_serve, "--triples", "5", "--out", str(out)])
    assert "store" not in json.loads(out.read_text(encoding="utf-8"))
