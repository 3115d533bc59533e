"""The extractor's batching: long articles, datelines, order, records."""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest

from graphkit.nlp.extractor import blank_datelines, chunk_text
from graphkit.records import Entity
from tests.conftest import make_article


def test_chunks_cover_the_text_at_paragraph_breaks():
    text = "\n\n".join(f"Paragraph {n} is here." for n in range(200))
    pieces = chunk_text(text, limit=300)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 300 for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])


def test_a_paragraph_longer_than_the_limit_is_cut_at_a_sentence():
    text = "Kenya met Norway. " * 100
    pieces = chunk_text(text, limit=100)
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith(". ") for _, p in pieces[:-1])


def test_datelines_are_blanked_without_moving_offsets():
    text = "NAIROBI, May 3 (Wire) - Kenya met Norway.\n\nLater - on Friday - nothing."
    blanked = blank_datelines(text)
    assert len(blanked) == len(text)
    assert blanked.lstrip().startswith("Kenya met Norway.")
    assert "Later - on Friday - nothing." in blanked


@pytest.mark.model
def test_an_article_longer_than_the_model_limit_is_extracted(extractor, monkeypatch):
    # spaCy refuses texts over nlp.max_length; the extractor must cut them instead.
    monkeypatch.setattr(extractor.nlp, "max_length", 2_000)
    sentence = "Canadian Foreign Minister Melanie Joly met Kenyan President William Ruto on Monday. "
    text = (sentence * 10 + "\n\n") * 6
    assert len(text) > 2_000
    x = extractor.extract(make_article(text)).with_names()
    assert {(i.subject, i.predicate, i.object) for i in x.interactions} == {("Melanie Joly", "met", "William Ruto")}
    i = x.interactions[0]
    assert text[i.start:i.end] == i.evidence


def test_interactions_name_entities_by_their_ids(extractor):
    x = extractor.extract(make_article("Canadian Foreign Minister Melanie Joly met Kenyan President William Ruto."))
    ids = {e.id: e.name for e in x.entities}
    assert all(ident.startswith("e") for ident in ids) and len(ids) == len(x.entities)
    assert [(ids[i.subject], ids[i.object]) for i in x.interactions] == [("Melanie Joly", "William Ruto")]
    # The contract (extract --format jsonl) still names them.
    assert x.to_contract()["interactions"][0]["subject"] == "Melanie Joly"


def test_pieces_of_one_article_share_ids_but_namesakes_on_two_sides_do_not():
    from graphkit.nlp.extractor import _Reading

    reading = _Reading()
    first = reading.add_entity(Entity("Ali Khan", "Person", affiliation="Pakistan", id="e0"))
    assert reading.add_entity(Entity("Ali Khan", "Person", id="e4")) == first  # side not stated again
    assert reading.add_entity(Entity("Ali Khan", "Person", affiliation="Pakistan", id="e9")) == first
    other = reading.add_entity(Entity("Ali Khan", "Person", affiliation="India", id="e0"))
    assert other != first
    assert [(e.id, e.affiliation) for e in reading.entities] == [(first, "Pakistan"), (other, "India")]


@pytest.mark.model
def test_records_are_plain_and_json_ready(extractor):
    x = extractor.extract(make_article("Chilean President Gabriel Boric met Peruvian President Dina Boluarte.", date(2024, 5, 23)))
    json.dumps(asdict(x), default=str)
    json.dumps(x.to_contract())
    assert x.to_contract()["published"] == "2024-05-23"


@pytest.mark.model
def test_pipe_keeps_input_order(extractor):
    articles = [make_article(f"Article {n}: Kenya met Norway.", name=f"a{n}.txt") for n in range(70)]
    assert [x.article.name for x in extractor.pipe(articles)] == [a.name for a in articles]
