"""The officeholder knowledge base: the shipped file, name matching, date selection, bad rows."""
from __future__ import annotations

from datetime import date

import pytest

from graphkit.errors import GraphkitError
from graphkit.nlp.officeholders import (
    Officeholders, Post, known_affiliations, load_officeholders, normalize_name,
)

HEADER = "name,aliases,affiliation,title,start,end\n"


@pytest.fixture(scope="module")
def kb() -> Officeholders:
    return load_officeholders()


def write(tmp_path, body: str, comment: str = "# a test file\n"):
    path = tmp_path / "people.csv"
    path.write_text(comment + HEADER + body, encoding="utf-8")
    return path


# --- the shipped file -------------------------------------------------------------------

def test_shipped_file_loads_with_more_than_700_rows(kb):
    assert len(kb) > 700
    assert len(kb.posts) == len(kb)
    assert all(isinstance(p, Post) for p in kb.posts)


def test_every_shipped_affiliation_is_a_country_or_organisation_name(kb):
    names = known_affiliations()
    assert {"Russia", "United States", "NATO", "United Nations"} <= names
    assert {p.affiliation for p in kb.posts} <= names


def test_shipped_tenures_are_ordered_and_open_ones_have_no_end(kb):
    assert all(p.end is None or p.start <= p.end for p in kb.posts)
    assert any(p.end is None for p in kb.posts)


@pytest.mark.parametrize("name, when, affiliation, title", [
    ("Sergey Lavrov", date(2024, 5, 23), "Russia", "Foreign Minister"),
    ("Sergei Lavrov", date(2024, 5, 23), "Russia", "Foreign Minister"),          # alias
    ("AMLO", date(2020, 1, 1), "Mexico", "President"),                          # short form
    ("MBS", date(2023, 1, 1), "Saudi Arabia", "Crown Prince"),
    ("Recep Tayyip Erdogan", date(2020, 1, 1), "Turkey", "President"),          # no diacritics
    ("Mariusz Blaszczak", date(2020, 1, 1), "Poland", "Minister of Defense"),   # ł is not an NFKD mark
    ("Sergei V. Lavrov", date(2020, 1, 1), "Russia", "Foreign Minister"),       # middle initial
    ("Lavrov", date(2020, 1, 1), "Russia", "Foreign Minister"),                 # unique surname
    ("Xi", date(2020, 1, 1), "China", "President"),                             # family name first
    ("von der Leyen", date(2022, 1, 1), "European Commission", "President of the European Commission"),
    ("Lloyd Austin", date(2022, 1, 1), "United States", "Secretary of Defense"),
    ("Guterres", date(2020, 1, 1), "United Nations", "Secretary-General"),
])
def test_shipped_names_find_their_post(kb, name, when, affiliation, title):
    post = kb.find(name, when)
    assert post is not None, name
    assert (post.affiliation, post.title) == (affiliation, title)


def test_shipped_dates_pick_the_post_of_the_day(kb):
    assert kb.find("Boris Johnson", date(2017, 6, 1)).title == "Foreign Secretary"
    assert kb.find("Boris Johnson", date(2021, 6, 1)).title == "Prime Minister"
    assert kb.find("Guterres", date(2010, 1, 1)).affiliation == "UNHCR"


def test_shipped_surnames_shared_by_several_people_match_nobody(kb):
    assert kb.find("Kim") is None
    assert kb.find("Cohen") is None  # Eli Cohen and Yossi Cohen


def test_a_patronymic_is_not_a_surname_but_a_hyphenated_given_name_is_not_one_either(kb):
    assert kb.person("Salman") == "Salman bin Abdulaziz Al Saud"   # not Mohammed bin Salman
    assert kb.person("Moon") == "Moon Jae-in"                      # not Ban Ki-moon


# --- matching on a small file written here ----------------------------------------------

PEOPLE = """\
Anna Kowalczyk-Brandt,Ania Kowalczyk,Poland,Foreign Minister,2010-01-15,2015-06-30
Anna Kowalczyk-Brandt,Ania Kowalczyk,Poland,Prime Minister,2015-07-01,2019-12-31
Anna Kowalczyk-Brandt,Ania Kowalczyk,European Commission,President of the European Commission,2021-03-01,
Jonas Smith,,Norway,Minister of Defense,2012-01-01,2014-01-01
Peter Smith,,Canada,Foreign Minister,2016-01-01,
Faisal bin Omar Al Tamimi,Faisal bin Omar,Qatar,Foreign Minister,2018-02-01,
Omar bin Faisal Al Tamimi,,Qatar,Emir,2000-01-01,
Pak Ji-hoon,,South Korea,Foreign Minister,2019-05-01,
Lucía Ortiz de Zárate,,Spain,Minister of Defense,2020-01-01,
Maria Weber,,Germany,Chancellor,2016-01-01,
Maria Weber,,Germany,Foreign Minister,2014-01-01,
"""


@pytest.fixture
def small(tmp_path) -> Officeholders:
    return load_officeholders(write(tmp_path, PEOPLE))


def test_full_name_alias_and_case_and_accents(small):
    for written in ("Anna Kowalczyk-Brandt", "anna kowalczyk brandt", "Ania Kowalczyk", "ANNA KOWALCZYK-BRANDT"):
        assert small.person(written) == "Anna Kowalczyk-Brandt", written
    assert small.person("Lucia Ortiz de Zarate") == "Lucía Ortiz de Zárate"
    assert small.person("Ortiz de Zárate") == "Lucía Ortiz de Zárate"


def test_surnames_unique_and_ambiguous(small):
    assert small.person("Kowalczyk-Brandt") == "Anna Kowalczyk-Brandt"
    assert small.person("Weber") == "Maria Weber"
    assert small.person("Smith") is None             # Jonas and Peter
    assert small.find("Smith") is None
    assert small.person("Peter Smith") == "Peter Smith"
    assert small.find("Nobody Known") is None
    assert small.find("") is None


def test_middle_initials_and_possessive_are_ignored(small):
    assert small.person("Peter J. Smith") == "Peter Smith"
    assert small.person("Weber\u2019s") == "Maria Weber"


def test_patronymics_and_family_names(small):
    assert small.person("Faisal bin Omar") == "Faisal bin Omar Al Tamimi"
    assert small.person("Omar") is None              # a father's name, not a surname: nobody
    assert small.person("Al Tamimi") is None         # the family name of both
    assert small.person("Pak") == "Pak Ji-hoon"      # Korean family name first
    assert small.person("Hoon") is None              # a syllable of the given name


def test_the_post_in_force_on_the_date(small):
    assert small.find("Kowalczyk-Brandt", date(2012, 5, 1)).title == "Foreign Minister"
    assert small.find("Kowalczyk-Brandt", date(2017, 5, 1)).title == "Prime Minister"
    assert small.find("Kowalczyk-Brandt", date(2015, 6, 30)).title == "Foreign Minister"  # end is inclusive
    assert small.find("Kowalczyk-Brandt", date(2015, 7, 1)).title == "Prime Minister"


def test_without_a_covering_post_the_closest_one(small):
    # Before every post: the first one; in the 2020-2021 gap: the nearer one.
    assert small.find("Kowalczyk-Brandt", date(2005, 1, 1)).title == "Foreign Minister"
    assert small.find("Kowalczyk-Brandt", date(2020, 1, 10)).title == "Prime Minister"
    assert small.find("Kowalczyk-Brandt", date(2021, 2, 20)).affiliation == "European Commission"
    # After a closed post: still that post (the only one).
    assert small.find("Jonas Smith", date(2020, 1, 1)).title == "Minister of Defense"


def test_without_a_date_the_latest_post(small):
    post = small.find("Ania Kowalczyk")
    assert post == Post("Anna Kowalczyk-Brandt", "European Commission",
                        "President of the European Commission", date(2021, 3, 1), None)


def test_posts_held_at_once_the_first_listed(small):
    # Maria Weber is Chancellor and (still) Foreign Minister from 2016: the first row wins.
    assert small.find("Weber", date(2018, 1, 1)).title == "Chancellor"
    assert small.find("Weber", date(2015, 1, 1)).title == "Foreign Minister"
    assert [p.title for p in small.posts_of("Maria Weber")] == ["Chancellor", "Foreign Minister"]


def test_normalize_name():
    assert normalize_name("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert normalize_name("Abdel-Fattah el-Sisi") == normalize_name("abdel fattah al sisi") == "abdel fattah al sisi"
    assert normalize_name("Jonas Gahr Støre") == "jonas gahr store"
    assert normalize_name("Robert O\u2019Brien") == normalize_name("Robert O'Brien") == "robert obrien"
    assert normalize_name("  Sergei  V.  Lavrov ") == "sergei v lavrov"


# --- bad rows ---------------------------------------------------------------------------

GOOD = "Peter Smith,,Canada,Foreign Minister,2016-01-01,\n"


@pytest.mark.parametrize("row, reason", [
    ("Jan Novak,,Czech Republic,Foreign Minister,2016-01-01\n", "expected 6 fields"),
    ("Jan Novak,,Czech Republic,Foreign Minister,2016-01-01,,\n", "expected 6 fields"),
    ("Jan Novak,,Czech Republic,Foreign Minister,2016-13-01,\n", "start must be a date"),
    ("Jan Novak,,Czech Republic,Foreign Minister,2016/01/01,\n", "start must be a date"),
    ("Jan Novak,,Czech Republic,Foreign Minister,2016-01-01,soon\n", "end must be a date"),
    ("Jan Novak,,Czech Republic,Foreign Minister,2016-01-01,2015-01-01\n", "is after end"),
    ("Jan Novak,,Czechia Land,Foreign Minister,2016-01-01,\n", "unknown affiliation 'Czechia Land'"),
    ("Jan Novak,,,Foreign Minister,2016-01-01,\n", "unknown affiliation"),
    ("Jan Novak,,Czech Republic,,2016-01-01,\n", "must not be empty"),
    ("Jan Novak,Novak,Czech Republic,Foreign Minister,2016-01-01,\n", "bare surname"),
])
def test_bad_rows_name_the_file_and_line(tmp_path, row, reason):
    path = write(tmp_path, GOOD + row)
    with pytest.raises(GraphkitError) as caught:
        load_officeholders(path)
    message = str(caught.value)
    assert f"{path}:4:" in message          # comment line, header, good row, bad row
    assert reason in message


def test_a_wrong_header_is_reported(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,affiliation,title,start,end\n" + GOOD, encoding="utf-8")
    with pytest.raises(GraphkitError, match=r"people\.csv:1: expected columns"):
        load_officeholders(path)
