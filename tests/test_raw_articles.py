"""Raw articles: plain text without front matter whose first short lines are headlines.

Headlines must become the title and never run into the first sentence of the body, and no
person's name may be built across a line break or from two people's names.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graphkit.articles import parse_text, read_article_file, split_headlines

RAW = Path(__file__).parent / "fixtures" / "raw"
AUSTIN_GALLANT = RAW / "austin-gallant.txt"
FIRST_HEADLINE = "Israel's defence chief takes a call from Lloyd Austin"

LONG_BODY = ("Peru's foreign minister flew to Santiago on Monday for two days of talks with his Chilean "
             "counterpart on fishing rights and a new border crossing.")


# ---------------------------------------------------------------------------
# Splitting headlines off the body (no model)


@pytest.mark.parametrize("text, headlines", [
    # title, sub-headline, blank line, body
    (f"Talks in Santiago\nA first round on fishing ends\n\n{LONG_BODY}",
     ("Talks in Santiago", "A first round on fishing ends")),
    # no blank line: the body is the first line longer than a headline
    (f"Talks in Santiago\nA first round on fishing ends\n{LONG_BODY}",
     ("Talks in Santiago", "A first round on fishing ends")),
    # one headline, a short body paragraph after a blank line
    ("Talks in Santiago\n\nPeru and Chile met on Monday.", ("Talks in Santiago",)),
    # blank lines between headlines
    (f"Talks in Santiago\n\nA first round on fishing ends\n\n{LONG_BODY}",
     ("Talks in Santiago", "A first round on fishing ends")),
    # Markdown heading marks are dropped, question marks and final initialisms are headlines
    (f"# Talks in Santiago\n\n{LONG_BODY}", ("Talks in Santiago",)),
    (f"Will Peru and Chile settle the fishing row?\n\n{LONG_BODY}", ("Will Peru and Chile settle the fishing row?",)),
    (f"Chile's envoy heads to the U.S.\n\n{LONG_BODY}", ("Chile's envoy heads to the U.S.",)),
    # a dateline on a line of its own opens the body
    ("Talks in Santiago\nSANTIAGO, May 20 (Wire) -\nPeru and Chile met.", ("Talks in Santiago",)),
])
def test_headlines_are_split_off_the_body(text, headlines):
    found, body = split_headlines(text)
    assert found == headlines
    assert body.lstrip().startswith(("Peru", "SANTIAGO"))
    assert text.endswith(body)  # the body keeps its own characters


@pytest.mark.parametrize("text", [
    # the body starts on the first line
    LONG_BODY + "\n\nBoth sides said they would meet again.",
    "Peru and Chile met on Monday.\nThey agreed to meet again.",
    # a hard-wrapped paragraph: short lines, a lower-case or short continuation
    "Peru's foreign minister flew to Santiago on Monday\nfor two days of talks with his counterpart.",
    "Peru's foreign minister flew to Santiago on Monday for\nTwo Days of Talks with Chile.",
    # lines that end like a sentence or a clause are no headlines
    "Talks in Santiago.\n\n" + LONG_BODY,
    "Talks in Santiago,\nPeru and Chile met on Monday.",
    # more short lines than a title and sub-headlines: a list, not headlines
    "Peru\nChile\nBolivia\nEcuador\n\n" + LONG_BODY,
    # nothing after the short lines, or no letters in them
    "Talks in Santiago",
    "Talks in Santiago\nA first round ends",
    "Headline\n---\nBody after a rule.",
    "2024\n\n" + LONG_BODY.lower(),
])
def test_texts_without_headlines_are_kept_whole(text):
    assert split_headlines(text) == ((), text)


def test_a_raw_file_gets_its_first_headline_as_title():
    article = parse_text(f"Talks in Santiago\nA first round on fishing ends\n\n{LONG_BODY}", name="raw.txt",
                         default_date=date(2024, 5, 23))
    assert article.title == "Talks in Santiago"
    assert article.text == LONG_BODY  # neither headline is part of the text the extractor reads
    assert article.published == date(2024, 5, 23)


def test_front_matter_keeps_the_body_as_it_is():
    # With front matter the metadata says what the title is; the body is not second-guessed.
    article = parse_text(f"---\ndate: 2024-05-23\n---\nTalks in Santiago\n\n{LONG_BODY}", name="a.txt")
    assert article.title is None
    assert article.text.startswith("Talks in Santiago\n\n")


def test_the_fixture_reads_as_title_and_body():
    [article] = read_article_file(AUSTIN_GALLANT, default_date=date(2024, 5, 23))
    assert article.title == FIRST_HEADLINE
    assert article.text.startswith("US Defense Secretary Lloyd Austin spoke by phone")
    assert "Tel Aviv talks with Sullivan as pressure" not in article.text  # the sub-headline
    assert article.published == date(2024, 5, 23)


# ---------------------------------------------------------------------------
# Names never cross a line break or join two people (hand-built parses, no model)


def _doc(text_words: list[tuple[str, str]], ents: list[tuple[int, int, str]]):
    """A blank-pipeline doc of (word, following whitespace) pairs with the given entities."""
    import spacy
    from spacy.tokens import Doc, Span

    words = [w for w, _ in text_words]
    spaces = [bool(s) for _, s in text_words]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    for token, (word, _) in zip(doc, text_words):
        token.pos_ = "SPACE" if word.isspace() else ("PROPN" if word[:1].isupper() else "VERB")
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_an_entity_across_a_line_break_is_cut_at_it():
    from graphkit.nlp.entities import _line_pieces

    # "Lloyd Austin\nGallant": the NER's one PERSON over a headline's end and the next line
    doc = _doc([("Lloyd", " "), ("Austin", ""), ("\n", ""), ("Gallant", " "), ("spoke", "")], [(0, 4, "PERSON")])
    assert [(p.text, p.label_) for p in _line_pieces(doc.ents[0])] == [("Lloyd Austin", "PERSON"), ("Gallant", "PERSON")]
    # whitespace at the edges goes, a one-line entity stays as it is
    doc = _doc([("Sullivan", ""), ("\n\n", ""), ("US", " ")], [(0, 2, "ORG")])
    assert [p.text for p in _line_pieces(doc.ents[0])] == ["Sullivan"]
    doc = _doc([("Jake", " "), ("Sullivan", "")], [(0, 2, "PERSON")])
    whole = doc.ents[0]
    assert _line_pieces(whole) == [whole]


def test_two_peoples_names_run_together_are_cut_apart():
    from spacy.tokens import Span

    from graphkit.nlp.entities import _split_joined_names

    words = [("Lloyd", " "), ("Austin", " "), ("Gallant", " "), ("talk", ". "),
             ("Lloyd", " "), ("Austin", " "), ("called", " "), ("Yoav", " "), ("Gallant", "")]
    doc = _doc(words, [])
    persons = [Span(doc, 0, 3, label="PERSON"), Span(doc, 4, 6, label="PERSON"), Span(doc, 7, 9, label="PERSON")]
    assert [p.text for p in _split_joined_names(persons)] == ["Lloyd Austin", "Gallant", "Lloyd Austin", "Yoav Gallant"]


@pytest.mark.parametrize("words, other", [
    # a first name shared with someone else proves nothing
    ([("Vladimir", " "), ("Medinsky", "")], [("Vladimir", " "), ("Putin", "")]),
    # a name particle is never cut off its name
    ([("Mohammed", " "), ("bin", " "), ("Salman", "")], [("King", " "), ("Salman", "")]),
    # one person's two surnames, with no other person named by either part
    ([("Maria", " "), ("Alonso", " "), ("Jimenez", "")], [("Jimenez", "")]),
])
def test_one_persons_long_name_is_kept(words, other):
    from spacy.tokens import Span

    from graphkit.nlp.entities import _split_joined_names

    doc = _doc([*words[:-1], (words[-1][0], " "), ("met", " "), *other], [])
    persons = [Span(doc, 0, len(words), label="PERSON"), Span(doc, len(words) + 1, len(doc), label="PERSON")]
    assert [p.text for p in _split_joined_names(persons)] == [p.text for p in persons]


# ---------------------------------------------------------------------------
# The whole pipeline on the fixture (real model)


PEOPLE = ("Lloyd Austin", "Yoav Gallant", "Jake Sullivan")


def _interaction(extraction, a: str, predicate: str, b: str):
    for i in extraction.interactions:
        if i.predicate == predicate and {i.subject, i.object} == {a, b}:
            return i
    return None


def _assert_no_joined_names(extraction) -> None:
    for entity in extraction.entities:
        for name in (entity.name, *entity.aliases, *(m.text for m in entity.mentions)):
            assert "\n" not in name, entity
            words = name.split()
            named = [p for p in PEOPLE if p.split()[-1] in words]
            assert len(named) <= 1, f"{name!r} joins {named}"


@pytest.mark.model
def test_raw_article_with_two_headlines(extractor):
    [article] = read_article_file(AUSTIN_GALLANT, default_date=date(2024, 5, 23))
    x = extractor.extract(article).with_names()
    assert article.title == FIRST_HEADLINE
    call = _interaction(x, "Lloyd Austin", "spokeWith", "Yoav Gallant")
    assert call is not None and call.date == "2024-05-22", x.interactions
    assert _interaction(x, "Yoav Gallant", "met", "Jake Sullivan") is not None, x.interactions
    _assert_no_joined_names(x)
    # evidence offsets point into the text the extractor read
    for i in x.interactions:
        assert article.text[i.start:i.end].strip() == i.evidence


@pytest.mark.model
def test_headlines_left_in_the_text_make_no_joined_names(extractor):
    # The same text read as one block (as a JSON record's text would be): the names are
    # still cut at the line break and the people kept apart.
    from tests.conftest import make_article

    x = extractor.extract(make_article(AUSTIN_GALLANT.read_text(encoding="utf-8"))).with_names()
    _assert_no_joined_names(x)
    assert _interaction(x, "Lloyd Austin", "spokeWith", "Yoav Gallant") is not None
    assert _interaction(x, "Yoav Gallant", "met", "Jake Sullivan") is not None


@pytest.mark.model
def test_cli_extract_with_date_reads_a_raw_article():
    from typer.testing import CliRunner

    from graphkit.cli import app

    result = CliRunner().invoke(app, ["extract", str(AUSTIN_GALLANT), "--date", "2024-05-23", "--format", "jsonl"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert (line["title"], line["published"]) == (FIRST_HEADLINE, "2024-05-23")
    assert any(i["predicate"] == "spokeWith" and {i["subject"], i["object"]} == {"Lloyd Austin", "Yoav Gallant"}
               and i["date"] == "2024-05-22" for i in line["interactions"])
