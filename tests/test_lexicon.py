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


def test_general_vocabulary_rows():
    lexicon = load_lexicon()
    assert {t.predicate for t in lexicon.frames("deplore", "VERB")} == {"criticized"}
    assert {(t.frame, t.predicate) for t in lexicon.frames("lodge protest", "VERB")} == {("with", "criticized")}
    assert {(t.frame, t.predicate) for t in lexicon.frames("tariff", "NOUN")} >= {("on", "sanctioned")}
    assert {(t.frame, t.predicate) for t in lexicon.frames("solidarity", "NOUN")} >= {("with", "supported")}
    assert [t.needs_infinitive for t in lexicon.frames("advise", "VERB")] == [True]
    assert lexicon.effect("weigh") == "unreal"
    assert lexicon.effect("pledge") == "enacted"


@pytest.fixture(scope="module")
def rules_only():
    from graphkit.nlp.extractor import Extractor

    return Extractor.load(labeller_mode="rules")


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("The Philippines lodged a diplomatic protest with China on Monday.", ("Philippines", "criticized", "China")),
    ("Chinese Foreign Minister Wang Yi hit out at the United States on Tuesday.",
     ("Wang Yi", "criticized", "United States")),
    ("Japan imposed tariffs on China.", ("Japan", "sanctioned", "China")),
    ("Poland expelled Russia's ambassador on Monday.", ("Poland", "sanctioned", "Russia")),
    ("Moscow denied entry to British Foreign Secretary David Cameron.", ("Russia", "sanctioned", "David Cameron")),
    ("The European Union voiced solidarity with Lithuania.", ("European Union", "supported", "Lithuania")),
    ("Beijing vowed retaliation against Tokyo.", ("China", "threatened", "Japan")),
    ("Washington demanded an explanation from Beijing.", ("United States", "urged", "China")),
])
def test_general_vocabulary_on_written_sentences(rules_only, text, expected):
    from tests.conftest import make_article

    found = {(i.subject, i.predicate, i.object, i.status) for i in rules_only.extract(make_article(text)).with_names().interactions}
    assert (*expected, "occurred") in found


@pytest.mark.model
def test_deliberated_measure_is_not_taken_but_pledged_aid_is(rules_only):
    from tests.conftest import make_article

    weighed = rules_only.extract(make_article("Britain weighed new sanctions on Iran.")).with_names()
    assert not [i for i in weighed.interactions if i.predicate == "sanctioned"]
    pledged = rules_only.extract(make_article("Poland pledged $50 million in aid to Ukraine.")).with_names()
    assert ("Poland", "aided", "Ukraine", "occurred") in {
        (i.subject, i.predicate, i.object, i.status) for i in pledged.interactions}


def test_words_of_judgement_are_read_with_their_polarity(tmp_path):
    from graphkit.nlp.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert lexicon.polarity("describe") == "evaluates"
    assert lexicon.polarity("provocation") == "negative"
    assert lexicon.polarity("constructive") == "positive"
    assert lexicon.polarity("table") is None
    bad = tmp_path / "evaluation.csv"
    bad.write_text("lemma,pos,polarity\nmeh,ANY,lukewarm\n", encoding="utf-8")
    with pytest.raises(GraphkitError, match=r"evaluation\.csv:2: polarity must be one of"):
        load_lexicon(evaluation_path=bad)
