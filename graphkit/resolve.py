"""Cross-article identity: one stable, readable IRI per real-world actor.

"Lloyd Austin", "Lloyd J. Austin III" and "Secretary Austin" in three articles resolve to
one actor (``.../actor/lloyd-austin``) with the other names as ``skos:altLabel``; two
people who only share a surname stay apart when their countries or titles differ.

Resolution order for one entity of an extraction:

1. the alias file (a pinned identity always wins);
2. the gazetteer key (``country:israel`` → ``israel``, ``org:nato`` → ``nato``);
3. an actor already known (in the store or earlier in this run) by normalised name
   (:func:`graphkit.names.normalize_name`), or for people by given name and surname, by
   the same name with or without middle names ("Moussa Faki" is "Moussa Faki Mahamat"
   when country and title agree and no one else fits), or by surname with compatible
   given name, country and title;
4. otherwise a new slug made from the name, kept clear of existing and gazetteer slugs.

>>> from graphkit.records import Article, Entity, Extraction
>>> resolver = Resolver()
>>> one = Extraction(Article("h1", "a", ""), (Entity("Lloyd Austin", "Person", affiliation="United States"),))
>>> two = Extraction(Article("h2", "b", ""), (Entity("Secretary Austin", "Person"),))
>>> resolver.resolve(one).iris["Lloyd Austin"] == resolver.resolve(two).iris["Secretary Austin"]
True
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graphkit.errors import InputError
from graphkit.names import HONORIFICS, KnownActor, normalize_name
from graphkit.rdf import Actor, Resolution, actor_iri, actor_slug, slugify, wikidata_iri
from graphkit.records import Entity, Extraction

_TITLE_WORDS = HONORIFICS
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_TITLE_FILLERS = frozenset({"of", "the", "for", "and", "to", "on", "s"})


@dataclass(frozen=True)
class PersonName:
    """A person's name split for matching: given name, surname, and leading title words."""

    given: str | None
    surname: str
    title_words: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()  # every word of the name, initials and suffixes left out

    def extends(self, other: PersonName) -> bool:
        """True when one name is the other with middle names added ("Moussa Faki" and
        "Moussa Faki Mahamat"): same given name, the shorter's words in order among the
        longer's, at least two words each.

        >>> parse_person("Moussa Faki").extends(parse_person("Moussa Faki Mahamat"))
        True
        >>> parse_person("Moussa Mahamat").extends(parse_person("Moussa Faki"))
        False
        """
        short, long_ = sorted((self.words, other.words), key=len)
        if len(short) < 2 or short == long_ or short[0] != long_[0]:
            return False
        rest = iter(long_[1:])
        return all(word in rest for word in short[1:])  # in order: `in` consumes the iterator

    @property
    def key(self) -> str:
        """``given surname`` without middle names, initials or suffixes."""
        return f"{self.given} {self.surname}" if self.given else self.surname

    @property
    def surname_key(self) -> str:
        """The surname (the Arabic article is a word of its own in normalised names)."""
        return self.surname


def parse_person(name: str) -> PersonName | None:
    """Split a person's name, dropping titles, middle initials and suffixes.

    >>> parse_person("Lloyd J. Austin III").key
    'lloyd austin'
    >>> p = parse_person("Secretary Austin"); (p.given, p.surname, sorted(p.title_words))
    (None, 'austin', ['secretary'])
    """
    tokens = normalize_name(name).split()
    titles: list[str] = []
    while len(tokens) > 1 and tokens[0] in _TITLE_WORDS | _TITLE_FILLERS:
        titles.append(tokens.pop(0))
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    if not tokens:
        return None
    if len(tokens) == 1:
        return PersonName(None, tokens[0], frozenset(titles) - _TITLE_FILLERS, (tokens[0],))
    given, surname = tokens[0], tokens[-1]
    words = tuple(t for t in tokens if len(t) > 1 or t in (given, surname))
    return PersonName(given, surname, frozenset(titles) - _TITLE_FILLERS, words)


def _given_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    # "L. Austin" and "Lloyd Austin": an initial matches the name it abbreviates.
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _title_words(title: str | None) -> frozenset[str]:
    if not title:
        return frozenset()
    return frozenset(normalize_name(title).split()) - _TITLE_FILLERS


def titles_compatible(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when no title is known on one side, or some title's words contain the other's.

    >>> titles_compatible(["Secretary"], ["Secretary of Defense"])
    True
    >>> titles_compatible(["Foreign Minister"], ["Prime Minister"])
    False
    """
    left = [w for w in map(_title_words, a) if w]
    right = [w for w in map(_title_words, b) if w]
    if not left or not right:
        return True
    return any(x <= y or y <= x for x in left for y in right)


def person_names(actor: KnownActor) -> list[PersonName]:
    """Every name of ``actor`` (and its label) parsed as a person's name."""
    parsed = (parse_person(n) for n in {*actor.names, actor.label})
    return [p for p in parsed if p is not None]


@dataclass(frozen=True)
class Pin:
    """A pinned identity from the alias file."""

    slug: str
    label: str | None = None
    wikidata: str | None = None


def load_aliases(path: str | Path) -> dict[str, Pin]:
    """Read an alias file: normalised name → :class:`Pin`.

    CSV columns ``name,id`` and optionally ``wikidata`` and ``label``. YAML: a mapping of
    name → id, or name → ``{id, wikidata, label}``, or a list of ``{name, id, ...}``
    records. ``id`` is a slug (``lloyd-austin``) or a full graphkit actor IRI; ``wikidata``
    a QID (``Q…``) written as ``owl:sameAs``.

    Raises :class:`~graphkit.errors.InputError` naming the file (and line for CSV).
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(source, f"cannot read alias file: {exc.strerror or exc}") from None
    records: list[tuple[str, Mapping[str, object]]] = []
    if path.suffix.lower() in {".csv", ".tsv"}:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        reader = csv.DictReader(lines, delimiter=delimiter)
        if not reader.fieldnames or not {"name", "id"} <= {f.strip() for f in reader.fieldnames}:
            raise InputError(source, "an alias CSV needs the columns name,id (optional: wikidata,label)")
        for number, row in enumerate(reader, start=2):
            records.append((f"{source}:{number}", {k.strip(): (v or "").strip() for k, v in row.items() if k}))
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(source, f"not valid YAML: {exc}") from None
        if isinstance(data, Mapping):
            for name, value in data.items():
                entry = dict(value) if isinstance(value, Mapping) else {"id": value}
                entry["name"] = name
                records.append((source, entry))
        elif isinstance(data, list):
            records.extend((f"{source}[{n}]", e) for n, e in enumerate(data) if isinstance(e, Mapping))
            if len(records) != len(data):
                raise InputError(source, "every list item of an alias file must be a mapping")
        elif data is not None:
            raise InputError(source, "an alias file must be a mapping of name → id or a list of records")
    pins: dict[str, Pin] = {}
    for where, entry in records:
        name = str(entry.get("name") or "").strip()
        ident = str(entry.get("id") or "").strip()
        if not name or not ident:
            raise InputError(where, "an alias needs a name and an id")
        slug = actor_slug(ident) or slugify(ident)
        qid = str(entry.get("wikidata") or "").strip() or None
        if qid is not None and not re.fullmatch(r"[Qq]\d+", qid):
            raise InputError(where, f"wikidata must be a QID like Q42, not {qid!r}")
        label = str(entry.get("label") or "").strip() or None
        pins[normalize_name(name)] = Pin(slug, label, wikidata_iri(qid) if qid else None)
    return pins


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, str], frozenset[str]]:
    """Names of gazetteer countries/organisations → slug, and the set of their slugs.

    From the one parsed and validated gazetteer (:func:`graphkit.nlp.gazetteer.default_gazetteer`),
    so affiliations ("United States") land on the same IRI as keyed entities and no person
    or new organisation is given a slug a country owns.
    """
    from graphkit.nlp.gazetteer import default_gazetteer

    names: dict[str, str] = {}
    slugs: set[str] = set()
    for key, place in default_gazetteer().places.items():
        slug = key.split(":", 1)[1]
        slugs.add(slug)
        for name in default_gazetteer().names(key):
            names.setdefault(normalize_name(name), slug)
    return names, frozenset(slugs)


def gazetteer_label(key: str, default: str) -> str:
    """The gazetteer's own name for the country or organisation ``key``, else ``default``.

    >>> gazetteer_label("country:united-kingdom", "Britain")
    'United Kingdom'
    """
    from graphkit.nlp.gazetteer import default_gazetteer

    place = default_gazetteer().places.get(key)
    return place.name if place is not None else default


class Resolver:
    """Resolves the entities of each extraction against the actors seen so far.

    Feed it the actors already in the store (:meth:`learn`); every :meth:`resolve` adds
    the actors it resolves, so later articles of the same run match them too.
    """

    def __init__(self, known: Iterable[KnownActor] = (), *, aliases: Mapping[str, Pin] | None = None) -> None:
        self._actors: dict[str, KnownActor] = {}
        self._pins = dict(aliases or {})
        for actor in known:
            self.learn(actor)

    def learn(self, actor: KnownActor) -> None:
        """Add (or merge) what is known of one actor."""
        mine = self._actors.get(actor.iri)
        if mine is None:
            self._actors[actor.iri] = KnownActor(actor.iri, actor.label, actor.kind, set(actor.names),
                                                 set(actor.titles), set(actor.affiliations))
            return
        mine.names |= actor.names
        mine.titles |= actor.titles
        mine.affiliations |= actor.affiliations

    @property
    def actors(self) -> Mapping[str, KnownActor]:
        return self._actors

    def resolve(self, extraction: Extraction) -> Resolution:
        """Resolve every entity (and its affiliation) of ``extraction`` to an actor."""
        iris: dict[str, str] = {}
        actors: dict[str, Actor] = {}
        # Countries and organisations first: people's affiliations resolve against them.
        ordered = sorted(extraction.entities, key=lambda e: e.type == "Person")
        local: dict[str, str] = {}  # normalised name → IRI inside this article
        for entity in ordered:
            if entity.type != "Person":
                iri = self._resolve_entity(entity, None)
                for name in (entity.name, *entity.aliases):
                    local.setdefault(normalize_name(name), iri)
        for entity in ordered:
            affiliation = self._affiliation(entity.affiliation, local, actors) if entity.affiliation else None
            iri = self._resolve_entity(entity, affiliation)
            known = self._actors[iri]
            names = tuple(dict.fromkeys((entity.name, *entity.aliases)))
            label = known.label
            pin = self._pin_for(entity)
            previous = actors.get(iri)
            if previous is not None:  # two entities of one article are one actor
                names = tuple(dict.fromkeys(previous.names + names))
                affiliation = previous.affiliation or affiliation
            actors[iri] = Actor(iri=iri, kind=known.kind, label=label, names=names,
                                title=entity.title or (previous.title if previous else None),
                                affiliation=affiliation,
                                same_as=(pin.wikidata if pin else None) or (previous.same_as if previous else None))
            iris[entity.ref] = iri
        return Resolution(iris=iris, actors=tuple(actors.values()))

    # -- helpers -----------------------------------------------------------------------

    def _pin_for(self, entity: Entity) -> Pin | None:
        for name in (entity.name, *entity.aliases):
            pin = self._pins.get(normalize_name(name))
            if pin is not None:
                return pin
        return None

    def _affiliation(self, name: str, local: Mapping[str, str], actors: dict[str, Actor]) -> str:
        iri = local.get(normalize_name(name))
        if iri is not None:
            return iri
        # Not an entity of this article: resolve it as a country (what affiliations mostly are).
        iri = self._resolve_entity(Entity(name=name, type="Country"), None)
        if iri not in actors:
            known = self._actors[iri]
            actors[iri] = Actor(iri=iri, kind=known.kind, label=known.label, names=(name,))
        return iri

    def _resolve_entity(self, entity: Entity, affiliation: str | None) -> str:
        pin = self._pin_for(entity)
        if pin is not None:
            iri = str(actor_iri(pin.slug))
            label = pin.label or (self._actors[iri].label if iri in self._actors else entity.name)
        elif entity.key:
            iri = str(actor_iri(entity.key.split(":", 1)[-1]))
            # The gazetteer's name, not the one this article writes ("Britain"), so every
            # store labels a country alike whichever article named it first.
            label = self._actors[iri].label if iri in self._actors else gazetteer_label(entity.key, entity.name)
        else:
            iri = self._match(entity, affiliation)
            if iri is None:
                iri = self._mint(entity, affiliation)
            label = self._actors[iri].label if iri in self._actors else entity.name
        names = {entity.name, *entity.aliases}
        self.learn(KnownActor(iri, label, self._actors[iri].kind if iri in self._actors else entity.type,
                              names, {entity.title} if entity.title else set(),
                              {affiliation} if affiliation else set()))
        if pin is not None and pin.label:
            self._actors[iri].label = pin.label  # the alias file names the canonical label
        return iri

    def _match(self, entity: Entity, affiliation: str | None) -> str | None:
        if entity.type != "Person":
            wanted = {normalize_name(n) for n in (entity.name, *entity.aliases)}
            for actor in self._actors.values():
                if actor.kind != "Person" and wanted & actor.normalised_names():
                    return actor.iri
            slug = gazetteer()[0].get(normalize_name(entity.name))
            return str(actor_iri(slug)) if slug else None
        return self._match_person(entity, affiliation)

    def _match_person(self, entity: Entity, affiliation: str | None) -> str | None:
        name = parse_person(entity.name)
        if name is None:
            return None
        titles = [t for t in (entity.title, " ".join(sorted(name.title_words))) if t]
        people = [a for a in self._actors.values() if a.kind == "Person"]

        def same_side(actor: KnownActor) -> bool:
            return not affiliation or not actor.affiliations or affiliation in actor.affiliations

        # A full name (given + surname) seen before, on a compatible side: titles change
        # over a career, so they are not compared here.
        if name.given:
            exact = [a for a in people if same_side(a) and any(p.key == name.key for p in person_names(a))]
            if exact:
                return min(exact, key=lambda a: (affiliation not in a.affiliations, a.iri)).iri
            # The same name with or without middle names ("Moussa Faki Mahamat", "Moussa Faki"):
            # one person when nothing contradicts it (side and title agree) and only one fits.
            fuller = [a for a in people if same_side(a) and titles_compatible(titles, a.titles)
                      and any(p.extends(name) for p in person_names(a))]
            if len(fuller) == 1:
                return fuller[0].iri
        # Surname (or initial + surname) only: side AND title must agree, and only one may fit.
        def same_name(actor: KnownActor) -> bool:
            parsed = [p for p in person_names(actor) if p.surname_key == name.surname_key]
            full = [p for p in parsed if p.given]
            if not parsed:
                return False
            # "Tom Austin" is not "Lloyd Austin" although Lloyd was also called plain "Austin".
            return name.given is None or not full or any(_given_compatible(p.given, name.given) for p in full)

        candidates = [a for a in people if same_side(a) and titles_compatible(titles, a.titles) and same_name(a)]
        if len(candidates) > 1:
            closer = [a for a in candidates if affiliation and affiliation in a.affiliations]
            candidates = closer if len(closer) == 1 else candidates
        return candidates[0].iri if len(candidates) == 1 else None

    def _mint(self, entity: Entity, affiliation: str | None) -> str:
        if entity.type == "Person":
            name = parse_person(entity.name)
            base = slugify(name.key) if name else slugify(entity.name)
        else:
            base = slugify(entity.name)
        reserved = gazetteer()[1]
        candidates = [base]
        side = actor_slug(affiliation) if affiliation else None
        if side and side != base:
            candidates.append(f"{base}-{side}")
        candidates.extend(f"{base}-{n}" for n in range(2, 1000))
        for slug in candidates:
            iri = str(actor_iri(slug))
            if iri not in self._actors and (slug not in reserved or entity.type == "Country"):
                return iri
        raise InputError(entity.name, "no free slug for this actor")  # pragma: no cover
