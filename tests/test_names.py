"""Issue 13, item 2: one name normaliser and one KnownActor for every matcher."""
from __future__ import annotations

from datetime import date

import pytest

import graphkit.nlp.gazetteer as gazetteer_module
from graphkit import names, query, resolve
from graphkit.nlp import gold, officeholders
from graphkit.records import Article, Entity, Extraction


def test_every_matcher_uses_the_one_normaliser() -> None:
    assert query.normalize_name is names.normalize_name
    assert gold.normalize_name is names.normalize_name
    assert officeholders.normalize_name is names.normalize_name
    assert resolve.normalize_name is names.normalize_name


def test_one_known_actor() -> None:
    assert query.KnownActor is resolve.KnownActor is names.KnownActor


@pytest.mark.parametrize("spelling", ["Abdel Fattah el-Sisi", "Abdel Fattah El Sisi", "abdel fattah al-sisi",
                                      "President Abdel Fattah el-Sisi"])
def test_el_sisi_is_one_spelling_for_ask_ego_resolution_and_officeholders(spelling: str) -> None:
    sisi = names.KnownActor("x/sisi", "Abdel Fattah al-Sisi", "Person", {"Abdel Fattah al-Sisi"})
    other = names.KnownActor("x/abdel", "Abdel Fattah Burhan", "Person", {"Abdel Fattah Burhan"})
    if not spelling.startswith("President"):  # ask, map --ego and analyze --ego
        assert query.match_actor(spelling, [sisi, other]) == "x/sisi"
    # resolution across two articles
    resolver = resolve.Resolver()
    first = resolver.resolve(Extraction(Article("s1", "a", ""), (Entity("Abdel Fattah al-Sisi", "Person"),)))
    second = resolver.resolve(Extraction(Article("s2", "b", ""), (Entity(spelling, "Person"),)))
    assert first.iris["Abdel Fattah al-Sisi"] == second.iris[spelling]
    # the office-holder data (names without titles)
    post = officeholders.load_officeholders().find(spelling.removeprefix("President "), date(2024, 5, 1))
    assert post is not None and post.affiliation == "Egypt"


def test_honorifics_are_one_list() -> None:
    assert resolve._TITLE_WORDS is names.HONORIFICS
    assert names.strip_honorifics(names.normalize_name("H.E. Mr. Sergey Lavrov")) == "sergey lavrov"


def test_the_gazetteer_files_are_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = gazetteer_module.load_gazetteer

    def counting(path=None):
        calls.append(path)
        return real(path)

    gazetteer_module.default_gazetteer.cache_clear()
    resolve.gazetteer.cache_clear()
    monkeypatch.setattr(gazetteer_module, "load_gazetteer", counting)
    try:
        names_to_slugs, slugs = resolve.gazetteer()
        affiliations = officeholders.known_affiliations()
        gazetteer_module.default_gazetteer()
    finally:
        gazetteer_module.default_gazetteer.cache_clear()
        resolve.gazetteer.cache_clear()
    assert calls == [None]
    assert names_to_slugs["united states"] == "united-states" and "nato" in slugs
    assert {"United States", "NATO"} <= affiliations
