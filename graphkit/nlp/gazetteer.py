"""Countries, organisations and the names that stand for them, loaded from ``graphkit/data``.

The gazetteer answers three questions about a piece of text:

- :meth:`Gazetteer.lookup`: is this the name of a known country or organisation
  ("U.S.", "the Kremlin", "Moscow", "NATO", "Houthis")?
- :meth:`Gazetteer.demonym`: is this word a nationality ("Israeli", "Americans")?
- :meth:`Gazetteer.stands_for_country`: does this phrase speak for a country
  ("the Russian Foreign Ministry", "Turkey's foreign ministry", "the government of Japan")?

and generates the patterns of the spaCy ``entity_ruler`` that tags those names in a doc
(:meth:`Gazetteer.patterns`). The data live in ``countries.csv`` and ``organizations.csv``;
every row is checked on load and a bad one raises :class:`GraphkitError` with its file and line.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from graphkit.datafiles import data_text, read_rows
from graphkit.errors import GraphkitError

COUNTRY_COLUMNS = ("key", "name", "aliases", "demonyms", "capitals", "seats")
ORG_COLUMNS = ("key", "name", "aliases", "type", "country")
ORG_TYPES = frozenset({
    "intergovernmental", "court", "agency", "alliance", "armed-group", "party",
    "government", "legislature", "military", "company", "ngo",
})
# A form marked with a trailing "?" in the data is known to lookup() but too ambiguous
# for a blind entity ruler ("Sofia", "America" inside "Latin America").
AMBIGUOUS_MARK = "?"
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Nouns that make "<country> NOUN" speak for the country's side ("Israeli government",
# "Indian officials", "Turkey's foreign ministry"). Closed-class grammar, not names.
GOVERNMENT_NOUNS = frozenset({
    "government", "governments", "administration", "ministry", "authorities", "authority",
    "officials", "official", "military", "forces", "army", "navy", "troops", "side",
    "delegation", "delegations", "leadership", "leaders", "cabinet", "presidency", "regime",
    "junta", "embassy", "mission", "negotiators", "negotiating team", "diplomats",
    "foreign office", "foreign service", "state department", "defence forces",
    "defense forces", "armed forces", "air force", "president's office", "prime minister's office",
    "presidential office", "executive", "camp", "envoys", "team",
})
# Words that may sit between the country and the government noun ("Russian *foreign* ministry",
# "Israeli *war* cabinet", "Chinese *state* media" is not here: media do not speak for a state).
_DOMAIN_WORDS = frozenset({
    "foreign", "defence", "defense", "interior", "finance", "economy", "economic", "trade",
    "commerce", "justice", "home", "external", "affairs", "war", "security", "federal", "national",
    "central", "interim", "transitional", "military", "new", "current", "caretaker", "de", "facto",
    "ruling", "incoming", "outgoing", "coalition", "of", "the", "and", "top", "senior",
    "high-level", "official", "state", "royal", "presidential", "governing",
})
_FORM_SPLIT = "|"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a country or an organisation.

    ``key`` is the canonical id ("country:united-states", "org:nato"); ``country`` is the
    country key (without prefix) a government body, military, party or de facto authority
    belongs to; ``org_type`` is the organisation type of ``organizations.csv``.
    """

    key: str
    name: str
    type: str
    country: str | None = None
    org_type: str | None = None


@dataclass(frozen=True)
class _Form:
    text: str
    key: str
    kind: str  # "name" | "alias" | "capital" | "seat" | "demonym"
    ruler: bool  # False for forms marked ambiguous
    source: str  # "file:line", for error messages


class Gazetteer:
    """Lookups over countries and organisations; build it with :func:`load_gazetteer`.

    >>> gaz = load_gazetteer()
    >>> gaz.lookup("U.S.").name, gaz.lookup("the Kremlin").name, gaz.lookup("Moscow").name
    ('United States', 'Russia', 'Russia')
    >>> gaz.lookup("us") is None        # abbreviations are case-sensitive
    True
    >>> gaz.demonym("Israelis").name
    'Israel'
    >>> gaz.stands_for_country("Turkey's foreign ministry").name
    'Turkey'
    """

    def __init__(self, places: Mapping[str, Place], forms: Iterable[_Form],
                 cities: Mapping[str, str] | None = None) -> None:
        self._places = dict(places)
        self._cities = {_fold(name): key for name, key in (cities or {}).items()}  # folded name -> country key
        self._forms = tuple(forms)
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._forms_by_key: dict[str, list[_Form]] = {}
        origin: dict[tuple[str, str], _Form] = {}
        for form in self._forms:
            self._forms_by_key.setdefault(form.key, []).append(form)
            if form.kind == "demonym":
                for variant in _variants(form.text):
                    self._add(self._demonyms, _fold(variant), form, origin, "demonym")
                continue
            acronym = _is_case_sensitive(form.text)
            for variant in _variants(form.text):
                # an acronym's variants ("Nato" of "NATO") keep their case too
                if acronym or _is_case_sensitive(variant):
                    self._add(self._exact, variant, form, origin, "exact")
                else:
                    self._add(self._folded, _fold(variant), form, origin, "folded")
        self._countries = MappingProxyType({k: p for k, p in self._places.items() if p.type == "Country"})
        self._max_words = max((len(_fold(f.text).split()) for f in self._forms), default=1)

    @staticmethod
    def _add(index: dict[str, str], text: str, form: _Form, origin: dict[tuple[str, str], _Form], name: str) -> None:
        if not text:
            return
        known = index.get(text)
        if known is not None and known != form.key:
            first = origin[(name, text)]
            raise GraphkitError(
                f"{form.source}: {form.text!r} is already a name of {known} ({first.source}); "
                "one form may name only one country or organisation"
            )
        index[text] = form.key
        origin.setdefault((name, text), form)

    @property
    def countries(self) -> Mapping[str, Place]:
        """Every country, by key ("country:israel")."""
        return self._countries

    @property
    def places(self) -> Mapping[str, Place]:
        """Every country and organisation, by key."""
        return MappingProxyType(self._places)

    def get(self, key: str) -> Place | None:
        """The entry with this key; a bare country key ("israel") is read as "country:israel"."""
        return self._places.get(key) or self._places.get(f"country:{key}")

    def country_of(self, place: Place | None) -> Place | None:
        """The country a place stands for: itself for a country, its country for an organisation."""
        if place is None:
            return None
        if place.type == "Country":
            return place
        return self.get(f"country:{place.country}") if place.country else None

    def forms(self, key: str) -> tuple[str, ...]:
        """Every name, alias, capital, seat and demonym recorded for ``key``, in file order."""
        return tuple(dict.fromkeys(f.text.rstrip(AMBIGUOUS_MARK) for f in self._forms_by_key.get(key, ())))

    def names(self, key: str) -> tuple[str, ...]:
        """The name and aliases recorded for ``key`` (no capitals, seats or demonyms), in file order.

        >>> default_gazetteer().names("org:nato")[:2]
        ('NATO', 'North Atlantic Treaty Organization')
        """
        # By the key's own forms: the extractor asks once per place mention.
        return tuple(dict.fromkeys(f.text.rstrip(AMBIGUOUS_MARK) for f in self._forms_by_key.get(key, ())
                                   if f.kind in ("name", "alias")))

    def lookup(self, text: str) -> Place | None:
        """The country or organisation this exact text names, or None.

        Matches names, aliases, abbreviations, capitals and seats. All-caps and mixed-case
        abbreviations ("US", "UN", "AfD") match only as written; other names ignore case,
        accents, curly apostrophes, hyphens, a leading "the" and a trailing "'s".

        >>> gaz = load_gazetteer()
        >>> gaz.lookup("Türkiye").name, gaz.lookup("turkiye").name, gaz.lookup("NATO's").name
        ('Turkey', 'Turkey', 'NATO')
        """
        cleaned = _clean(text)
        for candidate in _lookup_candidates(cleaned):
            key = self._exact.get(candidate) or self._folded.get(_fold(candidate))
            if key:
                return self._places[key]
        return None

    def city(self, text: str) -> Place | None:
        """The country a city lies in ("Jeddah", "St Petersburg"), from ``cities.csv``; a city
        only places an event there, it does not speak for the country as a capital does.

        >>> load_gazetteer().city("Jeddah").name
        'Saudi Arabia'
        """
        key = self._cities.get(_fold(_strip_determiner(_clean(text))))
        return self._places[key] if key else None

    def demonym(self, word: str) -> Place | None:
        """The country of a nationality word ("Israeli", "Americans", "South Korean"), or None.

        Demonyms are proper adjectives: a lower-case word ("poles", "danes") never matches.
        """
        cleaned = _clean(word)
        if not cleaned or not cleaned[0].isupper():
            return None
        key = self._demonyms.get(_fold(cleaned))
        return self._places[key] if key else None

    def stands_for_country(self, text: str) -> Place | None:
        """The country a phrase speaks for, or None.

        A country's name, capital or seat ("Washington", "the Kremlin"); one of its government
        bodies ("the Pentagon"); or a general pattern around a government noun:
        "DEMONYM/COUNTRY [domain words] NOUN" ("the Russian Foreign Ministry", "Indian
        officials", "the Taliban administration"), "COUNTRY's NOUN" ("Turkey's foreign
        ministry"), "NOUN of COUNTRY" ("the government of Japan", "the Ministry of Foreign
        Affairs of Qatar") and "NOUN in CAPITAL" ("the foreign ministry in Paris").

        >>> gaz = load_gazetteer()
        >>> [gaz.stands_for_country(t).name for t in ("Washington", "the Israeli government", "Indian officials")]
        ['United States', 'Israel', 'India']
        >>> gaz.stands_for_country("the government") is None
        True
        """
        cleaned = _clean(text)
        if not cleaned:
            return None
        place = self.lookup(cleaned)
        if place is not None:
            if place.type == "Country":
                return place
            return self.country_of(place) if place.org_type == "government" else None
        tokens = _strip_determiner(cleaned).split()
        words = [_fold(t) for t in tokens]
        # "NOUN of/in X": a government noun before the last "of"/"in", a country after it
        for i in range(len(words) - 1, 0, -1):
            if words[i] in ("of", "in"):
                if any(self._noun_end(words[:j]) is not None for j in range(1, i + 1)):
                    return self._country_of_text(tokens[i + 1:])
                break
        # "X [domain words] NOUN": a country, demonym or governing body before the noun
        start = self._noun_end(words)
        if start:
            prefix = tokens[:start]
            while prefix and _fold(prefix[-1]) in _DOMAIN_WORDS:
                prefix = prefix[:-1]
            while prefix and _fold(prefix[0]) in _DOMAIN_WORDS:
                prefix = prefix[1:]  # "the *new* Greek government"
            if prefix:
                return self._country_of_text(prefix)
        return None

    @staticmethod
    def _noun_end(words: list[str]) -> int | None:
        """Where a government noun phrase ending ``words`` starts, or None."""
        for size in (3, 2, 1):
            if len(words) >= size and " ".join(words[-size:]) in GOVERNMENT_NOUNS:
                return len(words) - size
        return None

    def _country_of_text(self, tokens: list[str]) -> Place | None:
        """The country all of ``tokens`` name ("Japan", "Turkey's", "Russian", "the Taliban")."""
        text = re.sub(r"'s$|'$", "", " ".join(tokens))
        place = self.lookup(text) or self.demonym(text)
        if place is None:
            return None
        if place.type == "Country":
            return place
        # a ministry or a de facto authority that governs a country speaks for it
        if place.org_type in ("government", "armed-group") and place.country:
            return self.country_of(place)
        return None

    def find(self, text: str) -> list[tuple[int, int, Place]]:
        """Every gazetteer name in running text as ``(start, end, place)``, longest first, no overlaps.

        A helper for short phrases (titles, appositions), not a replacement for the ruler.

        >>> [(text, p.name) for s, e, p in load_gazetteer().find("US envoy to the African Union")
        ...  for text in ["US envoy to the African Union"[s:e]]]
        [('US', 'United States'), ('African Union', 'African Union')]
        """
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\s,;:()\"]+", text)]
        found: list[tuple[int, int, Place]] = []
        i = 0
        while i < len(spans):
            for size in range(min(self._max_words + 1, len(spans) - i), 0, -1):
                start, end = spans[i][0], spans[i + size - 1][1]
                piece = text[start:end]
                place = self.lookup(piece) or self.demonym(piece)
                if place is not None and not (size == 1 and piece.lower() in ("the", "a")):
                    if size > 1 and piece.lower().startswith("the ") and self.lookup(piece[4:]) == place:
                        start += 4  # "the African Union" -> "African Union"; "The Hague" has no bare form
                    found.append((start, end, place))
                    i += size
                    break
            else:
                i += 1
        return found

    def patterns(self) -> list[dict]:
        """Patterns for spaCy's ``entity_ruler`` (phrase patterns, matched on the exact text).

        Countries and capitals are ``GPE``, organisations and government seats ``ORG``,
        demonyms ``NORP``; ``id`` is the entry's key. Each form is given as written plus its
        accent-free, straight-apostrophe, "the"-less and (for long acronyms) capitalised
        variants ("Nato"); forms marked ambiguous in the data are left out.

        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
        >>> ruler.add_patterns(load_gazetteer().patterns())
        >>> [(e.text, e.label_, e.ent_id_) for e in nlp("U.S. officials met NATO in Brussels").ents]
        [('U.S.', 'GPE', 'country:united-states'), ('NATO', 'ORG', 'org:nato'), ('Brussels', 'GPE', 'country:belgium')]
        """
        seen: set[str] = set()
        patterns: list[dict] = []
        # names before demonyms: a string that is both ("Vatican") keeps its GPE/ORG label
        ordered = sorted(self._forms, key=lambda f: f.kind == "demonym")
        for form in ordered:
            if not form.ruler:
                continue
            place = self._places[form.key]
            if form.kind == "demonym":
                label = "NORP"
            elif place.type == "Organization" or form.kind == "seat":
                label = "ORG"
            else:
                label = "GPE"
            for variant in _variants(form.text):
                if variant in seen:
                    continue
                seen.add(variant)
                patterns.append({"label": label, "pattern": variant, "id": form.key})
        return patterns


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = " ".join(text.split())
    return text.strip(" ,;:\"()[]")


def _fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("-", " ").replace("\u2013", " ")
    return " ".join(text.split())


def _strip_determiner(text: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", text)


def _lookup_candidates(text: str) -> list[str]:
    out = [text]
    bare = _strip_determiner(text)
    if bare != text:
        out.append(bare)
    for t in list(out):
        if t.endswith("'s"):
            out.append(t[:-2])
        elif t.endswith("s'"):
            out.append(t[:-1])
    if text.endswith(".") and not _is_case_sensitive(text):
        out.extend(t.rstrip(".") for t in list(out))
    return out


def _is_case_sensitive(form: str) -> bool:
    """Abbreviations ("US", "U.S.", "NATO", "AfD", "MoD") keep their case; names do not."""
    if " " in form:
        return False
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return True
    return all(c.isupper() for c in letters) or any(c.isupper() for c in letters[1:])


def _variants(form: str) -> list[str]:
    """The written form and its spelling variants (accents, apostrophes, "the", acronym case)."""
    form = form.rstrip(AMBIGUOUS_MARK)
    out = [form]
    if form.lower().startswith("the "):
        bare = form[4:]
        # "The Hague" stays as written too; "the UN" is tagged as "UN"
        out = [bare, form] if form.startswith("The ") else [bare]
    for text in list(out):
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        if plain != text:
            out.append(plain)
    for text in list(out):
        if "'" in text:
            out.append(text.replace("'", "\u2019"))
    letters = [c for c in form if c.isalpha()]
    if " " not in form and len(letters) >= 4 and all(c.isupper() for c in letters) and form.isalpha():
        # the Guardian and FT write long acronyms as words: "Nato", "Opec", "Unicef"
        out.append(form[0] + form[1:].lower())
    return list(dict.fromkeys(out))


def _split(value: str) -> list[str] | None:
    """A ``|`` list; None when it has an empty item ("a||b")."""
    if not value:
        return []
    items = [v.strip() for v in value.split(_FORM_SPLIT)]
    return None if any(not v or v == AMBIGUOUS_MARK for v in items) else items


def _in_folder(folder: Path | None, name: str) -> Path | None:
    """``folder/name`` when the folder holds that file; None means the package's copy."""
    path = Path(folder) / name if folder is not None else None
    return path if path is not None and path.is_file() else None


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Read ``countries.csv``, ``organizations.csv`` and ``cities.csv`` and build a :class:`Gazetteer`.

    ``path`` is a folder holding any of the files (a file it lacks comes from the package,
    but the packaged cities only with the packaged countries);
    by default both come from ``graphkit/data``. Raises :class:`GraphkitError` naming the
    file and line of a malformed row, an unknown organisation type, a country key that
    does not exist, a duplicate key, or one name given to two entries.
    """
    folder = Path(path) if path is not None else None
    if folder is not None and not folder.is_dir():
        raise GraphkitError(f"{folder}: not a folder with countries.csv / organizations.csv")
    places: dict[str, Place] = {}
    forms: list[_Form] = []
    lines: dict[str, str] = {}

    def add_place(key: str, place: Place, where: str) -> None:
        if key in places:
            raise GraphkitError(f"{where}: duplicate key {key.split(':', 1)[1]!r} (first at {lines[key]})")
        places[key] = place
        lines[key] = where

    def add_forms(key: str, values: list[str], kind: str, where: str) -> None:
        for value in values:
            ruler = not value.endswith(AMBIGUOUS_MARK)
            forms.append(_Form(value.rstrip(AMBIGUOUS_MARK) if not ruler else value, key, kind, ruler, where))

    text, source = data_text("countries.csv", _in_folder(folder, "countries.csv"))
    for number, row in read_rows(text, source, COUNTRY_COLUMNS):
        where = f"{source}:{number}"
        slug, name = row["key"], row["name"]
        if not _KEY_RE.match(slug):
            raise GraphkitError(f"{where}: key {slug!r} must be lower-case words joined by '-'")
        if not name:
            raise GraphkitError(f"{where}: name must not be empty")
        key = f"country:{slug}"
        add_place(key, Place(key, name, "Country", slug, None), where)
        add_forms(key, [name], "name", where)
        for column in ("aliases", "demonyms", "capitals", "seats"):
            values = _split(row[column])
            if values is None:
                raise GraphkitError(f"{where}: empty item in {column} {row[column]!r}")
            add_forms(key, values, {"aliases": "alias", "demonyms": "demonym", "capitals": "capital", "seats": "seat"}[column], where)

    text, source = data_text("organizations.csv", _in_folder(folder, "organizations.csv"))
    for number, row in read_rows(text, source, ORG_COLUMNS):
        where = f"{source}:{number}"
        slug, name, kind, country = row["key"], row["name"], row["type"], row["country"]
        if not _KEY_RE.match(slug):
            raise GraphkitError(f"{where}: key {slug!r} must be lower-case words joined by '-'")
        if not name:
            raise GraphkitError(f"{where}: name must not be empty")
        if kind not in ORG_TYPES:
            raise GraphkitError(f"{where}: type must be one of {', '.join(sorted(ORG_TYPES))}, not {kind!r}")
        if country and f"country:{country}" not in places:
            raise GraphkitError(f"{where}: unknown country key {country!r} (not in countries.csv)")
        if kind in ("government", "legislature", "military") and not country:
            raise GraphkitError(f"{where}: a {kind} row needs the country it belongs to")
        aliases = _split(row["aliases"])
        if aliases is None:
            raise GraphkitError(f"{where}: empty item in aliases {row['aliases']!r}")
        key = f"org:{slug}"
        add_place(key, Place(key, name, "Organization", country or None, kind), where)
        add_forms(key, [name, *aliases], "name", where)

    cities: dict[str, str] = {}
    own_cities = _in_folder(folder, "cities.csv")
    text, source = data_text("cities.csv", own_cities)
    if own_cities is None and _in_folder(folder, "countries.csv") is not None:
        text = "name,country\n"  # the packaged cities name the packaged countries' keys
    for number, row in read_rows(text, source, ("name", "country")):
        where = f"{source}:{number}"
        if not row["name"] or f"country:{row['country']}" not in places:
            raise GraphkitError(f"{where}: a city needs a name and a country key of countries.csv")
        cities[row["name"]] = f"country:{row['country']}"
    return Gazetteer(places, forms, cities)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process (pure: same files, same result)."""
    return load_gazetteer()
