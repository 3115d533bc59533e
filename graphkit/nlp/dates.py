"""Date phrases in news text, resolved against the article's publication date.

News writes dates relative to the day it is published: "on Wednesday", "yesterday",
"May 10". :func:`resolve_date` turns such a phrase into a calendar day, or None when the
text does not fix one ("earlier this week", "last month", "in May"). The rules:

- a weekday alone ("on Wednesday", "Tuesday night") is the most recent such day on or
  before the publication date (the same day counts); with ``planned=True`` (the
  interaction is announced for the future) it is the first such day on or after it;
- "last Friday" / "this past Friday" is the most recent Friday *before* the publication
  day (so said on a Friday it means a week earlier); "next Friday" / "this coming Friday"
  is the first Friday *after* it;
- "today", "this morning", "tonight" are the publication day; "yesterday" and "last
  night" the day before; "the day before yesterday" two days before; "tomorrow" the day
  after; "three days ago" three days before;
- "May 10", "10 May", "March 3rd", "Wednesday, May 29" without a year take the
  publication year; a past date that then lands more than 60 days after publication is
  last year's, a planned one more than 30 days before publication is next year's;
- "May 10, 2024", "10 May 2024" and ISO "2024-05-10" are taken as written.

No network, no language detection: a small regular-expression core.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1,
}
PAST_WINDOW = timedelta(days=60)
PLANNED_WINDOW = timedelta(days=30)

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:,?\s+(?P<{g}>(?:19|20)\d\d)(?!\d))?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Each alternative names its groups; the order makes explicit dates win over a bare weekday.
_PATTERN_TEXT = "|".join([
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?!\d)",
    r"(?P<mdy>(?:" + _WEEKDAY + r",?\s+)?" + _MONTH.format(g="m1") + r"\s+" + _DAY.format(g="d1") + _YEAR.format(g="y1") + ")",
    r"(?P<dmy>(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?" + _DAY.format(g="d2") + r"(?:\s+of)?\s+" + _MONTH.format(g="m2") + _YEAR.format(g="y2") + ")",
    r"(?P<rel>(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)|(?:earlier\s+|later\s+)?today|tonight"
    r"|this\s+(?:morning|afternoon|evening)|yesterday" + _PART + r"|last\s+night|tomorrow" + _PART + ")",
    r"(?P<ago>(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+days?\s+ago)",
    r"(?P<wd>(?:(?P<mod>last|next|this\s+past|this\s+coming|coming|past|this|on)\s+)?(?P<day>" + _WEEKDAY + r")(?:'s)?" + _PART + ")",
])
# Capitalised month and weekday names only: "may 10" and "march 3" are verbs more often than dates.
_FIND = re.compile(r"\b(?:" + _PATTERN_TEXT + r")\b")
_RESOLVE = re.compile(r"\b(?:" + _PATTERN_TEXT + r")\b", re.IGNORECASE)
# Case-insensitive, except month names ("in may" is not a date).
_VAGUE = re.compile(
    r"\b(?:(?:earlier|later)\s+this\s+(?:week|month|year)|(?:last|this|next)\s+(?:week|weekend|month|year)"
    r"|(?:over|at)\s+the\s+weekend|recently|in\s+recent\s+(?:days|weeks|months)"
    r"|in\s+(?-i:" + _MONTH.format(g="vm") + r")(?:\s+(?:19|20)\d\d)?"
    r"|(?-i:" + _MONTH.format(g="vm2") + r")\s+(?:19|20)\d\d|(?:last|next)\s+(?-i:" + _MONTH.format(g="vm3") + r"))\b",
    re.IGNORECASE,
)


def resolve_date(phrase: str, published: date | None, *, planned: bool = False) -> date | None:
    """The calendar day a date phrase names, or None when the phrase does not fix one.

    ``published`` is the article's publication date; relative phrases need it and give
    None without it. ``planned`` says the phrase dates an announced, future event, so a
    bare weekday or a yearless date is looked for after the publication date.

    >>> pub = date(2024, 5, 29)                    # a Wednesday
    >>> resolve_date("on Wednesday", pub), resolve_date("Monday night", pub)
    (datetime.date(2024, 5, 29), datetime.date(2024, 5, 27))
    >>> resolve_date("on Friday", pub, planned=True), resolve_date("yesterday", pub)
    (datetime.date(2024, 5, 31), datetime.date(2024, 5, 28))
    >>> resolve_date("May 10", pub), resolve_date("10 December", pub)
    (datetime.date(2024, 5, 10), datetime.date(2023, 12, 10))
    >>> resolve_date("earlier this week", pub) is None
    True
    """
    text = " ".join(phrase.replace("\u2019", "'").split())
    matches = list(_RESOLVE.finditer(text))
    if not matches:
        return None
    # "on Friday, May 10, 2024": the explicit date wins over the weekday before it
    match = next((m for m in matches if m.group("iso") or m.group("mdy") or m.group("dmy")), matches[0])
    groups = match.groupdict()
    if groups["iso"]:
        return _make(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
    if groups["mdy"] or groups["dmy"]:
        suffix = "1" if groups["mdy"] else "2"
        month = _MONTHS[groups["m" + suffix].rstrip(".").lower()]
        day = int(groups["d" + suffix])
        year = groups["y" + suffix]
        if year:
            return _make(int(year), month, day)
        return _infer_year(month, day, published, planned=planned)
    if published is None:
        return None
    if groups["rel"]:
        rel = groups["rel"].lower()
        if "before yesterday" in rel:
            return published - timedelta(days=2)
        if "after tomorrow" in rel:
            return published + timedelta(days=2)
        if rel.startswith("yesterday") or rel.startswith("last"):
            return published - timedelta(days=1)
        if rel.startswith("tomorrow"):
            return published + timedelta(days=1)
        return published
    if groups["ago"]:
        count = groups["n"].lower()
        days = int(count) if count.isdigit() else _NUMBERS[count]
        return published - timedelta(days=days)
    weekday = _WEEKDAYS[groups["day"].lower()]
    modifier = " ".join((groups["mod"] or "").lower().split())
    if modifier in ("last", "this past", "past"):
        return _before(published, weekday, strict=True)
    if modifier in ("next", "this coming", "coming"):
        return _after(published, weekday, strict=True)
    return _after(published, weekday, strict=False) if planned else _before(published, weekday, strict=False)


_MONTH_NAMES = {m.lower() for m in ("January February March April May June July August September October "
                                      "November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()}


def is_vague_date(phrase: str) -> bool:
    """True for a time phrase that names no single day ("earlier this week", "in May", "last year").

    >>> is_vague_date("last month"), is_vague_date("last Friday")
    (True, False)
    """
    text = " ".join(phrase.split())
    if text.lower() in _MONTH_NAMES:
        return True  # NER spans drop the "in" of "in April"
    return bool(_VAGUE.search(text)) and not _RESOLVE.search(text)


def find_date_phrases(text: str, *, include_vague: bool = False) -> list[tuple[int, int, str]]:
    """Date phrases in running text as ``(start, end, phrase)``, in order, not overlapping.

    Finds what :func:`resolve_date` can resolve (capitalised month and weekday names only,
    so "may 10 people" is not a date); with ``include_vague`` also phrases that name no day.

    >>> find_date_phrases("The two met on Tuesday and will meet again on June 3.")
    [(12, 22, 'on Tuesday'), (43, 52, 'on June 3')]
    """
    spans: list[tuple[int, int, str]] = []
    for match in _FIND.finditer(text):
        start, end = match.start(), match.end()
        # keep a preceding "on" so the phrase reads as written ("on June 3")
        before = text[max(0, start - 3):start]
        if before.lower() == "on " and not match.group().lower().startswith("on "):
            start -= 3
        spans.append((start, end, text[start:end]))
    if include_vague:
        for match in _VAGUE.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), match.group()))
        spans.sort()
    return spans


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date | None, *, planned: bool) -> date | None:
    if published is None:
        return None
    candidate = _make(published.year, month, day)
    if candidate is None:
        # 29 February of a non-leap publication year: try the neighbouring year the rule would pick
        other = published.year + (1 if planned else -1)
        return _make(other, month, day)
    if planned and candidate < published - PLANNED_WINDOW:
        return _make(published.year + 1, month, day)
    if not planned and candidate > published + PAST_WINDOW:
        return _make(published.year - 1, month, day)
    return candidate


def _before(published: date, weekday: int, *, strict: bool) -> date:
    back = (published.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return published - timedelta(days=back)


def _after(published: date, weekday: int, *, strict: bool) -> date:
    ahead = (weekday - published.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return published + timedelta(days=ahead)
