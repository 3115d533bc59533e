"""The trigger lexicon and modality cues: data files checked on load."""
from __future__ import annotations

import pytest

from graphkit.errors import GraphkitError
from graphkit.nlp.lexicon import load_lexicon
from graphkit.records import PREDICATES


def test_shipped_lexicon_covers_every_predicate():
    lexicon = load_lexicon()
    predicates = {t.predicate for triggers in lexicon.triggers.values() for t in triggers}
    assert predicates == set(PREDICATES)


def test_frames_and_infinitive_rows():
    lexicon = load_lexicon()
    call = {(t.frame, t.needs_infinitive): t.predicate for t in lexicon.frames("call", "VERB")}
    assert call[("on", True)] == "urged"
    assert call[("on", False)] == "met"
    assert call[("-", False)] == "spokeWith"


def test_modality_cues():
    lexicon = load_lexicon()
    assert lexicon.effect("refuse") == "negated"
    assert lexicon.effect("schedule") == "planned"
    assert lexicon.effect("hope") == "unreal"
    assert lexicon.effect("say") is None


@pytest.mark.parametrize(("row", "message"), [
    ("meet,VERB,-,greeted", "unknown predicate 'greeted'"),
    ("meet,ADV,-,met", "pos must be VERB or NOUN"),
    ("meet,VERB,-", "expected 4 fields, found 3"),
    (",VERB,-,met", "lemma and frame must not be empty"),
])
def test_bad_lexicon_row_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "lexicon.csv"
    path.write_text("# comment\nlemma,pos,frame,predicate\nmeet,VERB,with,met\n" + row + "\n", encoding="utf-8")
    with pytest.raises(GraphkitError) as caught:
        load_lexicon(path)
    assert f"{path}:4" in str(caught.value) and message in str(caught.value)


def test_bad_header_and_bad_effect(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text("lemma,predicate\nmeet,met\n", encoding="utf-8")
    with pytest.raises(GraphkitError, match="expected columns"):
        load_lexicon(path)
    cues = tmp_path / "modality.csv"
    cues.write_text("lemma,pos,effect\nrefuse,VERB,maybe\n", encoding="utf-8")
    with pytest.raises(GraphkitError, match=r"modality.csv:2: effect must be"):
        load_lexicon(None, cues)
