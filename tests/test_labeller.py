"""The trained labeller: gold reading, candidates, training, calibration, loading and assembly.

Texts are our own (tests/fixtures/corpus and the sentences below).
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from graphkit.errors import InputError, ModelError
from graphkit.nlp.assembly import dedupe
from graphkit.nlp.gold import GoldInteraction, normalize_name, parse_gold, states, strip_leading_titles
from graphkit.nlp.labeller import LABELS, Labeller, load_labeller
from graphkit.records import Article, Interaction

from tests.conftest import make_article

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


# -- gold reading (no model) -------------------------------------------------------------------

def _gold(**entities):
    article = Article(id="x", name="x.txt", text="")
    data = {"entities": entities or {
        "ruto": {"type": "Person", "aliases": ["William Ruto", "President Ruto"]},
        "kenya": {"type": "Country", "aliases": ["Kenya", "Nairobi"]}},
        "interactions": [{"s": "ruto", "p": "visited", "o": "kenya", "evidence": ["Ruto flew home."]}]}
    return parse_gold(data, article, source="x.gold.json")


def test_names_match_aliases_titles_and_family_names():
    gold = _gold()
    assert gold.resolve("President William Ruto") == "ruto"
    assert gold.resolve("Ruto") == "ruto"  # the family name of a person
    assert gold.resolve("Nairobi") == "kenya"
    assert gold.resolve("Uganda") is None
    assert normalize_name("Kenya’s  Office!") == "kenya office"
    assert strip_leading_titles("Foreign Minister Musalia Mudavadi") == "musalia mudavadi"


def test_malformed_gold_names_the_file():
    with pytest.raises(InputError, match="x.gold.json"):
        parse_gold({"entities": {"a": {"aliases": []}}, "interactions": []}, Article(id="x", name="x", text=""),
                   source="x.gold.json")
    with pytest.raises(InputError, match="unknown entity"):
        parse_gold({"entities": {"a": {"aliases": ["A"]}}, "interactions": [{"s": "a", "p": "met", "o": "b"}]},
                   Article(id="x", name="x", text=""), source="x.gold.json")


def test_labels_carry_direction_for_directed_predicates_only():
    hosted = GoldInteraction("a", "hosted", "b")
    assert hosted.label_for("a", "b") == "hosted>"
    assert hosted.label_for("b", "a") == "hosted<"
    assert hosted.label_for("a", "c") is None
    assert GoldInteraction("a", "met", "b").label_for("b", "a") == "met"


def test_evidence_matches_a_sentence_cut_or_joined_by_the_parser():
    evidence = ["Ruto met Mahama in Accra on Monday, and the two signed a trade pact."]
    assert states(evidence, "Ruto met Mahama in Accra on Monday,")
    assert states(evidence, "  Ruto met Mahama in Accra on Monday, and the two signed a trade pact. Then they left.")
    assert not states(evidence, "Mahama flew home.")


# -- assembly (no model) -------------------------------------------------------------------------

def test_dedupe_keeps_the_first_record_with_the_highest_confidence():
    first = Interaction("A", "met", "B", date="2024-05-20", confidence=0.5)
    again = Interaction("B", "met", "A", date="2024-05-21", confidence=0.9)  # symmetric: the same edge
    other = Interaction("A", "hosted", "B", confidence=0.7)
    kept = dedupe([first, again, other, Interaction("A", "met", "A")])
    assert [(k.predicate, k.date, k.confidence) for k in kept] == [("met", "2024-05-20", 0.9), ("hosted", None, 0.7)]


# -- calibration and the saved model (no spaCy) ------------------------------------------------------

def _tiny_labeller(calibration=(np.array([0.0, 1.0]), np.array([0.0, 1.0]))) -> Labeller:
    weights = np.zeros((2, len(LABELS)), dtype=np.float32)
    weights[0, LABELS.index("met")] = 4.0
    return Labeller(LABELS, {"lca=meet": 0, "btw=AB:with": 1}, weights, np.full(len(LABELS), -2.0, dtype=np.float32),
                    calibration, threshold=0.4, rule_precision={"met": 0.7})


def test_calibration_is_monotone():
    from graphkit.nlp.training import fit_calibration

    rng = np.random.default_rng(0)
    raw = rng.random((400, 3))
    truth = (rng.random((400, 3)) < raw ** 2).astype(int)  # over-confident raw scores
    labeller = _tiny_labeller(fit_calibration(raw, truth))
    grid = np.linspace(0, 1, 101)
    calibrated = labeller.calibrate(grid)
    assert np.all(np.diff(calibrated) >= 0)
    assert calibrated[0] >= 0 and calibrated[-1] <= 1
    assert calibrated[50] < 0.5  # raw 0.5 was right about a quarter of the time


def test_shipped_calibration_is_monotone():
    labeller = load_labeller()
    assert labeller is not None
    assert np.all(np.diff(labeller.calibrate(np.linspace(0, 1, 201))) >= 0)


def test_a_labeller_round_trips_through_disk(tmp_path):
    labeller = _tiny_labeller()
    labeller.to_disk(tmp_path / "m")
    loaded = Labeller.from_disk(tmp_path / "m")
    assert loaded.labels == LABELS and loaded.threshold == 0.4 and loaded.rule_precision == {"met": 0.7}
    assert json.loads((tmp_path / "m" / "meta.json").read_text())["min_confidence"] == 0.4
    scores = loaded.raw_scores([("lca=meet",), ("unseen",)])
    assert scores[0, LABELS.index("met")] == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert scores[1, LABELS.index("met")] == pytest.approx(1 / (1 + np.exp(2.0)))


def test_a_folder_that_is_no_labeller_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(ModelError, match="meta.json is missing"):
        load_labeller(tmp_path)
    monkeypatch.setenv("GRAPHKIT_LABELLER", str(tmp_path))
    with pytest.raises(ModelError, match=str(tmp_path)):
        load_labeller()
    (tmp_path / "meta.json").write_text("{}")
    (tmp_path / "weights.npz").write_text("not numpy")
    with pytest.raises(ModelError, match="unreadable labeller"):
        load_labeller(tmp_path)


# -- mirrored training rows and threshold choice (no model) ---------------------------------------

def test_mirrored_features_swap_every_side_and_come_back():
    from graphkit.nlp.candidates import mirror_features, mirror_label

    row = ("A_role=nsubj:host", "B_role=dobj:host", "order=AB", "btw=AB:host", "path=nsubj|host|dobj",
           "dpath=nsubj|VERB|dobj", "roles=nsubj|dobj", "frame=nsubj|host|dobj", "types=Person-Country",
           "rule=hosted>", "rule=met", "lex=hosted", "bias")
    mirrored = mirror_features(row)
    assert {"B_role=nsubj:host", "A_role=dobj:host", "order=BA", "btw=BA:host", "path=dobj|host|nsubj",
            "dpath=dobj|VERB|nsubj", "roles=dobj|nsubj", "frame=dobj|host|nsubj", "types=Country-Person",
            "rule=hosted<", "rule=met", "lex=hosted", "bias"} == set(mirrored)
    assert set(mirror_features(mirrored)) == set(row)
    assert [mirror_label(x) for x in ("hosted>", "urged<", "met")] == ["hosted<", "urged>", "met"]


def test_training_rows_carry_each_pair_from_both_sides():
    from types import SimpleNamespace

    from graphkit.nlp.training import _rows

    candidate = SimpleNamespace(features=("A_role=nsubj:host", "bias"))
    parsed = SimpleNamespace(reading=SimpleNamespace(candidates=[candidate]), targets=[{"hosted>"}], ignored=[False])
    rows, targets = _rows([parsed], train=True)
    assert rows == [("A_role=nsubj:host", "bias"), ("B_role=nsubj:host", "bias")]
    assert targets == [{"hosted>"}, {"hosted<"}]


def test_threshold_is_chosen_on_the_mean_of_the_sweeps():
    from graphkit.nlp.training import choose_threshold

    dev = {0.3: 0.78, 0.4: 0.77, 0.5: 0.79}
    cv = {0.3: 0.52, 0.4: 0.50, 0.5: 0.45}
    assert choose_threshold(dev) == 0.5  # the validation articles alone
    assert choose_threshold(dev, cv) == 0.3  # a jagged dev peak does not outweigh CV
    assert choose_threshold({0.4: 0.5, 0.6: 0.5}) == 0.6  # a tie goes to the surer edges
    assert choose_threshold({0.4: 0.510, 0.5: 0.507, 0.6: 0.49}) == 0.5  # so does a difference within noise
    assert choose_threshold({0.4: 0.510, 0.5: 0.507}, tolerance=0.0) == 0.4


# -- with the real English pipeline ----------------------------------------------------------------

@pytest.mark.model
def test_group_mentions_reach_the_labeller_as_pairs(rules_extractor):
    from graphkit.nlp.assembly import read_doc
    from graphkit.nlp.entities import build_entity_table

    text = ("Kenyan President William Ruto hosted Ghanaian President John Mahama in Nairobi on Monday. "
            "The two leaders discussed a new trade corridor.")
    doc = rules_extractor.nlp(text)
    table = build_entity_table(doc, rules_extractor.gazetteer)
    reading = read_doc(doc, table=table, lexicon=rules_extractor.lexicon)
    second = [c for c in reading.candidates if c.start_char > 0 and c.evidence.startswith("The two leaders")]
    pairs = {frozenset((table.name(c.first), table.name(c.second))) for c in second}
    assert frozenset(("William Ruto", "John Mahama")) in pairs
    features = next(c.features for c in second if {table.name(c.first), table.name(c.second)} == {"William Ruto", "John Mahama"})
    assert "G_verb=discuss" in features and "A_group" in features
    first = next(c for c in reading.candidates if c.start_char == 0
                 and {table.name(c.first), table.name(c.second)} == {"William Ruto", "John Mahama"})
    assert "rule=hosted>" in first.features  # what the rules said is a feature


@pytest.mark.model
def test_gold_keys_read_the_forms_an_article_writes(rules_extractor):
    from graphkit.nlp.entities import build_entity_table
    from graphkit.nlp.training import gold_keys

    doc = rules_extractor.nlp("Kinshasa recalled its envoy. The Democratic Republic of Congo accused Rwanda.")
    table = build_entity_table(doc, rules_extractor.gazetteer)
    # The gold knows the country by the capital the article writes, not by any name of ours.
    gold = parse_gold({"entities": {"drc": {"type": "Country", "aliases": ["Congo", "Kinshasa"]},
                                    "rwanda": {"type": "Country", "aliases": ["Rwanda"]}},
                       "interactions": [{"s": "drc", "p": "criticized", "o": "rwanda"}]},
                      Article(id="x", name="x.txt", text=doc.text), source="x.gold.json")
    keys = {table.actors[index].key: key for index, key in gold_keys(gold, table).items()}
    assert keys == {"country:dr-congo": "drc", "country:rwanda": "rwanda"}


@pytest.mark.model
@pytest.mark.parametrize(("text", "predicate", "subject", "obj"), [
    ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday.",
     "met", "Emmanuel Macron", "Olaf Scholz"),
    ("Kenyan President William Ruto hosted Ghanaian President John Mahama at State House on Monday.",
     "hosted", "William Ruto", "John Mahama"),
    ("Indian Prime Minister Narendra Modi visited Japan on Wednesday.", "visited", "Narendra Modi", "Japan"),
])
def test_the_shipped_model_labels_plain_sentences(extractor, text, predicate, subject, obj):
    alone = replace(extractor, labeller_mode="model")
    found = {(i.subject, i.predicate, i.object): i for i in alone.extract(make_article(text)).with_names().interactions}
    assert (subject, predicate, obj) in found or (predicate == "met" and (obj, predicate, subject) in found), found
    record = found.get((subject, predicate, obj)) or found[(obj, predicate, subject)]
    assert extractor.labeller.threshold <= record.confidence <= 1.0


@pytest.mark.model
def test_combined_keeps_rules_the_model_did_not_see(extractor):
    text = "Brazil and Argentina signed a trade pact on Friday."
    combined = extractor.extract(make_article(text))
    assert all(0 < i.confidence <= 1 for i in combined.interactions)
    assert any(i.predicate == "agreedWith" for i in combined.interactions)


@pytest.mark.model
def test_training_runs_end_to_end_on_a_tiny_corpus(tmp_path, capsys):
    from graphkit.nlp.training import main

    out = tmp_path / "labeller"
    report_path = tmp_path / "report.json"
    assert main(["--corpus", str(CORPUS), "--out", str(out), "--report", str(report_path), "--folds", "2",
                 "--families", "logistic,naive_bayes"]) == 0
    report = json.loads(report_path.read_text())
    assert report["articles"] == 8 and report["candidates"] > 20
    assert {c["family"] for c in report["comparisons"]} == {"logistic", "naive_bayes"}
    assert 0 < report["combined_cv"]["f1"] <= 1
    assert report["threshold_source"] == "cross-validation"
    assert report["threshold"] == next(c["threshold"] for c in report["comparisons"]
                                       if c["family"] == report["chosen"]["family"])
    labeller = load_labeller(out)
    assert labeller is not None and labeller.meta["articles"] == 8
    # Seeded: a second run writes the same weights.
    again = tmp_path / "again"
    assert main(["--corpus", str(CORPUS), "--out", str(again), "--folds", "2", "--families", "logistic"]) == 0
    if report["chosen"]["family"] == "logistic":
        assert np.array_equal(Labeller.from_disk(again).weights, labeller.weights)
    capsys.readouterr()


@pytest.mark.model
def test_training_reads_several_corpora_and_reports_each(tmp_path, capsys):
    import shutil

    from graphkit.nlp.training import main

    texts = sorted(CORPUS.glob("*.txt"))
    folders = [tmp_path / "a", tmp_path / "b"]
    for k, text in enumerate(texts):
        folder = folders[k % 2]
        folder.mkdir(exist_ok=True)
        shutil.copy(text, folder / text.name)
        shutil.copy(text.with_suffix(".gold.json"), folder / text.with_suffix(".gold.json").name)
    report_path = tmp_path / "report.json"
    assert main(["--corpus", *map(str, folders), "--out", str(tmp_path / "labeller"), "--report", str(report_path),
                 "--folds", "2", "--families", "logistic"]) == 0
    report = json.loads(report_path.read_text())
    assert report["articles"] == len(texts)
    assert set(report["combined_cv_by_corpus"]) == {str(f) for f in folders}
    assert Labeller.from_disk(tmp_path / "labeller").meta["trained_on"] == [str(f) for f in folders]
    assert f"combined, on {folders[0]}" in capsys.readouterr().err
