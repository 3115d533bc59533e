"""The synthetic benchmark corpus: reproducible, varied, and its gold matches its text."""
from __future__ import annotations

import json
from datetime import date

from bench.corpus import PREDICATES, generate, make_actors, write_corpus


def test_same_seed_same_corpus_other_seed_other_corpus():
    one = [a.text for a in generate(5, seed=3)]
    assert one == [a.text for a in generate(5, seed=3)]
    assert one != [a.text for a in generate(5, seed=4)]


def test_an_article_does_not_depend_on_the_corpus_size():
    small = [a.text for a in generate(3, seed=9)]
    large = [a.text for a in generate(8, seed=9)]
    assert large[:3] == small


def test_a_few_hundred_actors_with_titles_and_countries():
    actors = make_actors(7)
    people = [a for a in actors if a.kind == "Person"]
    assert len(actors) >= 300
    assert all(p.title and p.demonym and p.capital for p in people)
    assert len({a.name for a in actors}) == len(actors)


def test_articles_are_200_to_600_words_and_cover_every_predicate_and_form():
    articles = list(generate(45, seed=5))
    assert all(200 <= a.words <= 650 for a in articles)  # the last sentence may overshoot 600
    gold = [p for a in articles for p in a.gold]
    assert {p.predicate for p in gold} == set(PREDICATES)
    assert {p.status for p in gold} == {"occurred", "planned", "negated"}
    assert {"active", "passive", "coordinated", "nominal", "planned", "negated", "reporting"} <= {p.form for p in gold}


def test_every_planted_interaction_is_in_its_article():
    for article in generate(20, seed=2):
        for planted in article.gold:
            assert planted.evidence in article.text
            # the sentence names both sides (full name, surname or country)
            for name in (planted.subject, planted.object):
                assert name in planted.evidence or name.rsplit(" ", 1)[-1] in planted.evidence
            if planted.date is not None:
                assert planted.status == "occurred"


def test_written_corpus_reads_back_with_front_matter_and_gold(tmp_path):
    from graphkit.articles import read_articles

    summary = write_corpus(tmp_path, 4, seed=1)
    articles = list(read_articles([str(tmp_path / "articles")]))
    assert [a.name for a in articles] == ["a00000.txt", "a00001.txt", "a00002.txt", "a00003.txt"]
    assert all(a.title and isinstance(a.published, date) and a.url for a in articles)
    gold = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(gold) == summary["interactions"] > 0
    assert {g["doc"] for g in gold} <= {a.name for a in articles}
    assert all(g["predicate"] in PREDICATES and g["status"] in ("occurred", "planned", "negated") for g in gold)
