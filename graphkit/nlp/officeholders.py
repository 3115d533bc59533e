"""Who held which public post, for whom and when: a small "position held" knowledge base.

An article often names a person without saying whom they act for ("Lavrov said ...",
"President Erdogan"). :class:`Officeholders` answers from ``graphkit/data/officeholders.csv``
(one row per person, post and tenure, written like Wikidata's "position held" facts):

>>> kb = load_officeholders()
>>> post = kb.find("Sergei V. Lavrov", date(2024, 5, 23))
>>> post.name, post.affiliation, post.title
('Sergey Lavrov', 'Russia', 'Foreign Minister')
>>> kb.find("Blinken", date(2023, 1, 1)).title
'Secretary of State'

Names are compared in the form :func:`graphkit.names.normalize_name` gives, like every
other name matcher ("Erdoğan" = "Erdogan", "el-Sisi" = "al Sisi", "O'Brien" = "OBrien"). Besides the full names and aliases of the
data, the loader derives the short forms an article uses on second mention: the surname
("Lavrov"), a surname with its particles ("von der Leyen", "bin Salman", "Lula da Silva")
and, for people of countries that write the family name first, the family name ("Xi").
A short form shared by several people matches nobody.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

from graphkit.errors import GraphkitError
from graphkit.names import normalize_name
from graphkit.nlp.lexicon import read_rows

COLUMNS = ("name", "aliases", "affiliation", "title", "start", "end")

# Where the family name comes first in the usual English rendering ("Xi Jinping" -> "Xi").
# Western-order names of these people ("Joseph Wu") keep their last word as well.
FAMILY_NAME_FIRST = frozenset({"China", "Taiwan", "Hong Kong", "North Korea", "South Korea", "Singapore"})
# Words that belong to the surname that follows them ("von der Leyen", "el-Sisi", "da Silva").
PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "bint", "ben", "abu", "von", "van", "der", "den", "de", "del",
    "della", "di", "da", "dos", "das", "du", "le", "la", "ould", "vel", "ter",
})
# After these the last word is a father's name, not a surname: "Mohammed bin Salman" is not "Salman".
_PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben"})
# Generational suffixes and regnal numbers, not part of any surname ("Marcos Jr.", "Charles III").
_SUFFIXES = frozenset({
    "jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
})
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Post:
    """One post one person held: ``end`` is None while they are still in office."""

    name: str
    affiliation: str
    title: str
    start: date
    end: date | None

    def covers(self, when: date) -> bool:
        """True if the post was held on ``when`` (both ends inclusive)."""
        return self.start <= when and (self.end is None or when <= self.end)

    def distance(self, when: date) -> int:
        """Days between ``when`` and the tenure (0 inside it)."""
        if when < self.start:
            return (self.start - when).days
        if self.end is not None and when > self.end:
            return (when - self.end).days
        return 0


def _core_tokens(form: str) -> list[str]:
    """Tokens of a normalised form without initials and trailing suffixes ("sergei v lavrov" -> sergei, lavrov)."""
    tokens = [t for t in form.split() if len(t) > 1]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return tokens


def _short_forms(written: str, family_first: bool) -> set[str]:
    """Surname keys of a full name or alias as written (none for one-word forms).

    In a family-name-first form whose given name is hyphenated ("Ban Ki-moon"), the last
    word is part of the given name, so only the family name is a key.
    """
    tokens = _core_tokens(normalize_name(written))
    if family_first and "-" in written.split()[-1]:
        return {tokens[0]} if len(tokens) > 1 else set()
    if "of" in tokens[1:]:  # "Philippe of Belgium": what follows names a country
        tokens = tokens[: tokens.index("of", 1)]
    if len(tokens) < 2:
        return set()
    keys: set[str] = set()
    if tokens[-2] not in _PATRONYMIC:
        keys.add(tokens[-1])
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1] in PARTICLES:
        start -= 1
    if start < len(tokens) - 1:
        keys.add(" ".join(tokens[start:]))
        if start > 0:  # "Rebelo de Sousa", "Lula da Silva"
            keys.add(" ".join(tokens[start - 1:]))
    if len(tokens) >= 3:  # Hispanic double surnames: "López Obrador", "Díaz Canel"
        keys.add(" ".join(tokens[-2:]))
    if family_first:
        keys.add(tokens[0])
    keys.discard(" ".join(tokens))
    return {k for k in keys if k not in PARTICLES}


def _full_forms(form: str) -> set[str]:
    """Keys under which a full name or alias is found: as written, without initials or suffix."""
    return {form, " ".join(t for t in form.split() if len(t) > 1), " ".join(_core_tokens(form))} - {""}


class Officeholders:
    """Posts by person, found by any name an article may use.

    Build it with :func:`load_officeholders`; ``posts`` keeps the rows in file order.
    """

    def __init__(self, posts: Iterable[Post], aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self.posts: tuple[Post, ...] = tuple(posts)
        by_person: dict[str, list[Post]] = defaultdict(list)
        for post in self.posts:
            by_person[post.name].append(post)
        self._by_person = MappingProxyType({k: tuple(v) for k, v in by_person.items()})
        aliases = aliases or {}
        self.aliases: Mapping[str, tuple[str, ...]] = MappingProxyType(
            {name: tuple(aliases.get(name, ())) for name in self._by_person})
        full: dict[str, set[str]] = defaultdict(set)
        short: dict[str, set[str]] = defaultdict(set)
        for name, held in self._by_person.items():
            family_first = any(p.affiliation in FAMILY_NAME_FIRST for p in held)
            for written in (name, *self.aliases[name]):
                form = normalize_name(written)
                for key in _full_forms(form):
                    full[key].add(name)
                for key in _short_forms(written, family_first):
                    short[key].add(name)
        self._full = {k: frozenset(v) for k, v in full.items()}
        self._short = {k: frozenset(v) for k, v in short.items()}

    def __len__(self) -> int:
        return len(self.posts)

    @property
    def people(self) -> tuple[str, ...]:
        """Canonical names, in file order."""
        return tuple(self._by_person)

    def posts_of(self, name: str) -> tuple[Post, ...]:
        """Every post of the person ``name`` designates (empty if unknown or ambiguous)."""
        person = self.person(name)
        return self._by_person[person] if person else ()

    def person(self, name: str) -> str | None:
        """The canonical name ``name`` designates, or None if nobody or several people.

        >>> kb = load_officeholders()
        >>> kb.person("AMLO"), kb.person("von der Leyen"), kb.person("Kim")
        ('Andrés Manuel López Obrador', 'Ursula von der Leyen', None)
        """
        form = normalize_name(_POSSESSIVE.sub("", name.strip()))
        if not form:
            return None
        for index in (self._full, self._short):
            for key in sorted(_full_forms(form), key=lambda k: (k != form, -len(k))):
                found = index.get(key)
                if found:
                    return next(iter(found)) if len(found) == 1 else None
        return None

    def find(self, name: str, when: date | None = None) -> Post | None:
        """The post of the person ``name`` designates, in force on ``when``.

        ``name`` is a name as an article writes it: full name, alias, without diacritics,
        with middle initials ("Sergei V. Lavrov"), or a bare surname or family name
        ("Lavrov", "Xi"), which matches only when exactly one person has it. Of several
        posts, the one held on ``when``; if none, the one closest in time (the later one on
        a tie); with ``when`` None, a post still held, else the one left last. Of several
        posts held at once, the one listed first: the data put a person's main post first
        (a crown prince who also became prime minister stays "Crown Prince").

        >>> kb = load_officeholders()
        >>> kb.find("Johnson", date(2017, 1, 1)).title, kb.find("Johnson", date(2021, 1, 1)).title
        ('Foreign Secretary', 'Prime Minister')
        >>> kb.find("Xi").title
        'President'
        """
        person = self.person(name)
        if person is None:
            return None
        held = self._by_person[person]
        if when is None:  # the posts still held, else the one left last; the file lists main posts first
            return min(enumerate(held), key=lambda ip: (-(ip[1].end or date.max).toordinal(), ip[0]))[1]
        # Posts held on `when` (file order), else the closest tenure, the later one on a tie.
        return min(enumerate(held), key=lambda ip: (
            ip[1].distance(when), ip[0] if ip[1].covers(when) else -ip[1].start.toordinal()))[1]


def _data_text(name: str, path: Path | str | None) -> tuple[str, str]:
    if path is not None:
        return Path(path).read_text(encoding="utf-8"), str(path)
    return files("graphkit.data").joinpath(name).read_text(encoding="utf-8"), f"graphkit/data/{name}"


def known_affiliations() -> frozenset[str]:
    """The ``name`` of every country and organisation of the (once parsed) gazetteer."""
    from graphkit.nlp.gazetteer import default_gazetteer

    return frozenset(place.name for place in default_gazetteer().places.values())


def _parse_date(value: str, column: str, where: str) -> date:
    try:
        if not _DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise GraphkitError(f"{where}: {column} must be a date YYYY-MM-DD, not {value!r}") from None


def load_officeholders(path: Path | str | None = None) -> Officeholders:
    """Read ``officeholders.csv`` (or the file at ``path``) into :class:`Officeholders`.

    Raises :class:`GraphkitError` naming the file and line of a row with the wrong number
    of fields, an empty name, title or start, a date that is not ``YYYY-MM-DD``, a start
    after its end, an affiliation that is not a ``name`` of ``countries.csv`` or
    ``organizations.csv``, or an alias that is the bare surname (the loader derives those).
    """
    text, source = _data_text("officeholders.csv", path)
    affiliations = known_affiliations()
    posts: list[Post] = []
    aliases: dict[str, dict[str, None]] = defaultdict(dict)
    for number, row in read_rows(text, source, COLUMNS):
        where = f"{source}:{number}"
        name = " ".join(row["name"].split())
        if not name or not row["title"] or not row["start"]:
            raise GraphkitError(f"{where}: name, title and start must not be empty")
        if row["affiliation"] not in affiliations:
            raise GraphkitError(
                f"{where}: unknown affiliation {row['affiliation']!r}"
                " (not a name in countries.csv or organizations.csv)")
        start = _parse_date(row["start"], "start", where)
        end = _parse_date(row["end"], "end", where) if row["end"] else None
        if end is not None and end < start:
            raise GraphkitError(f"{where}: start {start} is after end {end}")
        last = _core_tokens(normalize_name(name))[-1:]
        for alias in filter(None, (" ".join(a.split()) for a in row["aliases"].split("|"))):
            if [normalize_name(alias)] == last and len(_core_tokens(normalize_name(name))) > 1:
                raise GraphkitError(f"{where}: alias {alias!r} is a bare surname; the loader derives it")
            aliases[name][alias] = None
        posts.append(Post(name, row["affiliation"], " ".join(row["title"].split()), start, end))
    return Officeholders(posts, {name: tuple(forms) for name, forms in aliases.items()})
