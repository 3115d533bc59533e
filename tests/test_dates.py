"""Date phrases resolved against the publication date, past and planned, and found in text."""
from __future__ import annotations

from datetime import date

import pytest

from graphkit.nlp.dates import find_date_phrases, is_vague_date, resolve_date

WED = date(2024, 5, 29)  # a Wednesday
FRI = date(2024, 3, 1)   # a Friday, in a leap year


@pytest.mark.parametrize("phrase, expected", [
    ("on Wednesday", WED),                     # the same day counts
    ("Wednesday", WED),
    ("on Monday", date(2024, 5, 27)),
    ("Tuesday night", date(2024, 5, 28)),
    ("late on Thursday", date(2024, 5, 23)),  # no Thursday yet this week: last week's
    ("on Sunday morning", date(2024, 5, 26)),
    ("last Friday", date(2024, 5, 24)),
    ("this past Monday", date(2024, 5, 27)),
    ("last Wednesday", date(2024, 5, 22)),     # "last" never means the publication day itself
])
def test_weekdays_in_the_past(phrase, expected):
    assert resolve_date(phrase, WED) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("on Friday", date(2024, 5, 31)),
    ("on Wednesday", WED),
    ("on Monday", date(2024, 6, 3)),
    ("next Tuesday", date(2024, 6, 4)),
    ("next Wednesday", date(2024, 6, 5)),
])
def test_weekdays_of_planned_events(phrase, expected):
    assert resolve_date(phrase, WED, planned=True) == expected


def test_next_and_coming_weekdays_are_future_even_when_not_planned():
    assert resolve_date("next Tuesday", WED) == date(2024, 6, 4)
    assert resolve_date("this coming Saturday", WED) == date(2024, 6, 1)


@pytest.mark.parametrize("phrase, expected", [
    ("today", WED), ("earlier today", WED), ("this morning", WED), ("tonight", WED),
    ("yesterday", date(2024, 5, 28)), ("yesterday afternoon", date(2024, 5, 28)),
    ("last night", date(2024, 5, 28)), ("the day before yesterday", date(2024, 5, 27)),
    ("tomorrow", date(2024, 5, 30)), ("the day after tomorrow", date(2024, 5, 31)),
    ("two days ago", date(2024, 5, 27)), ("3 days ago", date(2024, 5, 26)),
])
def test_relative_days(phrase, expected):
    assert resolve_date(phrase, WED) == expected


@pytest.mark.parametrize("phrase, expected", [
    ("May 10", date(2024, 5, 10)), ("10 May", date(2024, 5, 10)), ("March 3rd", date(2024, 3, 3)),
    ("the 3rd of March", date(2024, 3, 3)), ("Sept. 3", date(2023, 9, 3)), ("Jan 5", date(2024, 1, 5)),
    ("December 10", date(2023, 12, 10)),       # more than two months ahead: last year's
    ("July 15", date(2024, 7, 15)),            # within two months: this year's
    ("Wednesday, May 22", date(2024, 5, 22)),
])
def test_dates_without_a_year(phrase, expected):
    assert resolve_date(phrase, WED) == expected


def test_planned_dates_without_a_year_look_forward():
    assert resolve_date("June 3", WED, planned=True) == date(2024, 6, 3)
    assert resolve_date("January 12", WED, planned=True) == date(2025, 1, 12)
    assert resolve_date("on 12 January", date(2024, 12, 20), planned=True) == date(2025, 1, 12)
    assert resolve_date("on 12 January", date(2024, 12, 20)) == date(2024, 1, 12)


@pytest.mark.parametrize("phrase, expected", [
    ("May 10, 2023", date(2023, 5, 10)), ("10 May 2022", date(2022, 5, 10)), ("2024-05-10", date(2024, 5, 10)),
    ("on Friday, May 10, 2024", date(2024, 5, 10)), ("February 29, 2024", date(2024, 2, 29)),
])
def test_explicit_dates(phrase, expected):
    assert resolve_date(phrase, WED) == expected
    assert resolve_date(phrase, None) == expected


@pytest.mark.parametrize("phrase", [
    "earlier this week", "last week", "next week", "last month", "this year", "recently",
    "in May", "May 2024", "over the weekend", "in recent days", "February 30", "",
])
def test_phrases_that_fix_no_day(phrase):
    assert resolve_date(phrase, WED) is None


def test_relative_phrases_need_a_publication_date():
    assert resolve_date("on Wednesday", None) is None
    assert resolve_date("yesterday", None) is None
    assert resolve_date("May 10", None) is None


def test_leap_day_without_a_year_in_a_leap_publication_year():
    assert resolve_date("February 29", FRI) == date(2024, 2, 29)
    assert resolve_date("Thursday", FRI) == date(2024, 2, 29)


def test_is_vague_date():
    assert is_vague_date("earlier this week") and is_vague_date("in May") and is_vague_date("last year")
    assert not is_vague_date("last Friday") and not is_vague_date("May 10")


def test_find_date_phrases_in_text():
    text = "The envoys met on Tuesday and again on 12 May; they will meet in Geneva next Monday."
    assert [p for _, _, p in find_date_phrases(text)] == ["on Tuesday", "on 12 May", "next Monday"]
    for start, end, phrase in find_date_phrases(text):
        assert text[start:end] == phrase


def test_find_date_phrases_ignores_verbs_that_look_like_months():
    assert find_date_phrases("They may 10 times march 3 miles, but sun never sets.") == []


def test_find_date_phrases_can_include_vague_ones():
    text = "Earlier this week the minister said talks held last month and on Friday went well."
    assert [p for _, _, p in find_date_phrases(text, include_vague=True)] == ["Earlier this week", "last month", "on Friday"]
    assert [p for _, _, p in find_date_phrases(text)] == ["on Friday"]
    assert find_date_phrases("they met in may", include_vague=True) == []


def test_a_bare_month_is_vague():
    # spaCy's DATE span of "in April" is "April": it fixes no day.
    assert is_vague_date("April") and is_vague_date("Sept")
    assert not is_vague_date("April 3")
