"""Typed interactions from a parsed article: dependency patterns over trigger words.

One small helper per grammatical job: the trigger's subjects, its objects (direct, by
preposition, passive agents), nominal triggers and their light verbs, status from negation
and modality, and the date phrase that governs the event.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from graphkit.nlp.dates import is_vague_date, resolve_date
from graphkit.nlp.entities import PLACE_WORDS, describes_actor
from graphkit.nlp.lexicon import DIRECT, MEASURES, Lexicon, Trigger
from graphkit.predicates import predicate_table
from graphkit.records import SYMMETRIC_PREDICATES, Interaction

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.nlp.entities import EntityTable

SUBJECT_DEPS = {"nsubj", "csubj"}
CLAUSE_LINKS = {"xcomp", "conj", "advcl", "ccomp", "relcl", "acl", "pcomp"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
UNREAL_MARKS = {"if", "unless", "whether"}
# "X said Y should ...": reporting a demand on another side is an appeal to it.
DIRECTIVE_REPORTS = {"say", "insist", "stress", "argue", "reiterate", "add"}
DIRECTIVE_MODALS = {"should", "must"}
REPEAT_IDIOMS = {("do", "same"), ("follow", "suit")}
# What talks are about, or who brokers them, when they are negotiations rather than a meeting.
NEGOTIATION_TOPICS = {"ceasefire", "truce", "deal", "agreement", "accord", "treaty", "settlement", "hostage",
                      "hostages", "release", "peace", "armistice", "exchange", "withdrawal", "terms", "programme",
                      "program", "tariff", "tariffs", "border", "accession", "membership", "status"}
BROKER_VERBS = {"mediate", "broker", "facilitate", "host", "sponsor"}
# "after talks", "during the meeting": the event the main clause's subjects took part in.
FRAMING_PREPS = {"after", "during", "following", "at"}
# People described by their role towards the possessor ("their host", "his guests").
ROLE_NOUNS = {"host", "guest", "visitor", "ally", "friend", "rival", "successor", "predecessor", "deputy"}
# What is sent or given without being aid ("sent a letter to", "gave an interview to").
MESSAGE_NOUNS = {"letter", "message", "note", "signal", "invitation", "greeting", "greetings", "condolence",
                 "condolences", "congratulations", "envoy", "delegation", "team", "interview", "speech",
                 "assurance", "assurances", "warning", "reply", "response", "answer", "list", "proposal"}
# People named through a relative are not that relative ("Navalny's widow").
KIN_NOUNS = {"wife", "husband", "widow", "widower", "son", "daughter", "mother", "father", "brother", "sister",
             "family", "child", "children", "spouse", "relative", "relatives", "parent", "parents"}


@dataclass(frozen=True)
class _Found:
    subject: int
    predicate: str
    object: int
    trigger: Token
    group: str = ""


def extract_interactions(doc: Doc, *, table: EntityTable, lexicon: Lexicon,
                         published: date | None = None, offset: int = 0,
                         on_sentence: Callable[[Span, str | None], None] | None = None) -> Iterator[Interaction]:
    """Interactions of one parsed text, in document order.

    ``offset`` is added to character offsets (for a chunk of a longer article).
    Each (subject, predicate, object) is reported once, with its first date.
    ``on_sentence(sent, carried)`` is called after each sentence's interactions were
    yielded, with the discourse state as the rules left it and the date carried into the
    sentence (the trained labeller's candidates are read there).
    """
    seen: set[tuple[int, str, int]] = set()
    carried: str | None = None
    for sent in doc.sents:
        statuses: set[str] = set()
        last_dated: str | None = None  # the date of the sentence's last dated event
        for found in _sentence(sent, table, lexicon):
            if found.subject == found.object:
                continue  # a group that takes in the place it travels to, or its own host
            status = event_status(found.trigger, lexicon, found.predicate)
            if status is not None:
                statuses.add(status)
            if status is None or _key(found) in seen:
                continue
            when = event_date(found.trigger, sent, published, planned=status == "planned")
            if when is None and status == "occurred":
                when = undated_event_date(found.trigger, sent, published, carried)
            elif when is not None and status == "occurred":
                last_dated = when
            if table.acts_for(found.subject, found.object) or table.acts_for(found.object, found.subject):
                continue  # "Rubio pressed both governments" read as including his own
            table.note_pair(found.subject, found.object, found.group,
                            mutual=found.predicate in SYMMETRIC_PREDICATES)
            # What a planned meeting implies is a guess on a guess ("possibly in Riyadh").
            implied = _implied(found, table) if status != "planned" else []
            if found.trigger.pos_ in ("VERB", "NOUN", "PROPN") and not _repeats(found.trigger):
                table.last_event = (found.predicate, found.object)
            for item in (found, *implied):
                if _key(item) in seen:
                    continue
                seen.add(_key(item))
                yield Interaction(
                    subject=table.ref(item.subject), predicate=item.predicate, object=table.ref(item.object),
                    status=status, date=when, evidence=sent.text.strip(),
                    start=sent.start_char + offset, end=sent.end_char + offset,
                    confidence=(0.8 if item.trigger.pos_ == "VERB" else 0.6) * (1.0 if item is found else 0.75),
                    trigger=item.trigger.text, group=item.group,
                )
        if on_sentence is not None:
            on_sentence(sent, carried)
        # News reports one occasion at a time: the last date stated carries to the
        # sentences after it that give none.
        explicit = last_dated or _sentence_date(sent, published)
        # A date of things to come ("are to hold talks on Monday") is not the story's day.
        if explicit and not (statuses and statuses <= {"planned"}) and not _future_sentence(sent):
            carried = explicit


def _future_sentence(sent: Span) -> bool:
    return any(t.lower_ in FUTURE_AUX and t.dep_ == "aux" for t in sent) or any(
        t.lower_ == "to" and t.dep_ == "aux" and t.head.dep_ == "xcomp" and t.head.head.lemma_ == "be" for t in sent)


def _key(found: _Found) -> tuple[int, str, int]:
    if found.predicate in SYMMETRIC_PREDICATES:
        return (min(found.subject, found.object), found.predicate, max(found.subject, found.object))
    return (found.subject, found.predicate, found.object)


def _implied(found: _Found, table: EntityTable) -> list[_Found]:
    """What an interaction implies: receiving a visitor is meeting them; meeting someone in
    another country's city is visiting that country. Which predicate implies what is the
    predicate table's ``implies`` column (graphkit/data/predicates.csv)."""
    out: list[_Found] = []
    implied = predicate_table().implying
    if found.predicate in implied("met") and table.type(found.subject) == table.type(found.object) == "Person":
        out.append(replace(found, predicate="met"))  # receiving or visiting a person is meeting them
    if found.predicate in implied("visited-place"):
        place = _location(found.trigger, table)
        if place is None and found.predicate in implied("guest-visited-host") and table.type(found.object) == "Person":
            # Received by a foreign leader, with no place given: in the host's country.
            place = table.country_of(found.subject)
            if place is not None:
                host = table.name(place)
                affiliation = table.actors[found.object].affiliation
                if affiliation and affiliation != host and table.is_country_name(affiliation):
                    out.append(_Found(found.object, "visited", place, found.trigger))
            return out
        if place is not None:
            host = table.name(place)
            for person in (found.subject, found.object):
                affiliation = table.actors[person].affiliation
                # Only a country's official visits abroad; an EU official in Brussels is home.
                if table.type(person) == "Person" and affiliation and affiliation != host \
                        and table.is_country_name(affiliation):
                    out.append(_Found(person, "visited", place, found.trigger))
    return out


def _location(trigger: Token, table: EntityTable) -> int | None:
    """The country whose city or territory the event took place in ("talks ... in New Delhi")."""
    clause = _clause_of(trigger)
    # The "in" phrase may hang on the verb, the noun or the other side ("talks with Y in Z").
    for token in clause.subtree:
        if token.dep_ == "prep" and token.lower_ == "in" and _same_clause(token, clause):
            for place in (g for g in token.children if g.dep_ == "pobj"):
                for actor in table.resolve(place):
                    if table.is_country(actor):
                        return actor
    return None


def _same_clause(token: Token, clause: Token) -> bool:
    current = token
    while current.i != clause.i:
        if current.dep_ in ("relcl", "advcl", "ccomp", "acl", "conj") and current.pos_ in ("VERB", "AUX"):
            return False
        if current.head.i == current.i:
            return False
        current = current.head
    return True


def _verb_lemma(token: Token) -> str:
    """The lemma with its particle ("call in", "call off") when the lexicon needs both."""
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
    return f"{token.lemma_.lower()} {particles[0]}" if particles else token.lemma_.lower()


def _idiom(token: Token) -> str:
    """The verb with its object's lemma, for idioms the lexicon lists that way ("put name"
    in "put their names to", "present credential", "shake hand")."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return f"{token.lemma_.lower()} {objects[0].lemma_.lower()}" if objects else ""


def _repeats(token: Token) -> bool:
    """ "X did the same", "Y followed suit": the last interaction again, with a new subject."""
    return any(c.dep_ == "dobj" and (token.lemma_.lower(), c.lemma_.lower()) in REPEAT_IDIOMS for c in token.children)


def _abroad(token: Token, table: EntityTable) -> Iterator[_Found]:
    """ "Milei, in Madrid for a private trip, ...": a person set in a foreign city is visiting."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        if not (prep.i > 0 and token.doc[prep.i - 1].text == ","):
            continue  # only the parenthetical "X, in Y," (not "the ambassador in Kyiv")
        for person in table.resolve(token):
            actor = table.actors[person]
            titles = " ".join(actor.titles or [actor.title or ""]).lower()
            if actor.type != "Person" or not actor.affiliation or "ambassador" in titles or "envoy" in titles:
                continue
            for place in (g for g in prep.children if g.dep_ == "pobj"):
                for country in table.resolve(place):
                    if table.is_country(country) and table.name(country) != actor.affiliation \
                            and table.is_country_name(actor.affiliation):
                        yield _Found(person, "visited", country, prep)


def _sentence(sent: Span, table: EntityTable, lexicon: Lexicon) -> Iterator[_Found]:
    for token in sent:
        if token.pos_ == "PROPN" and token.dep_ in SUBJECT_DEPS | {"nsubjpass"}:
            yield from _abroad(token, table)
        if token.pos_ == "VERB" and table.last_event is not None and _repeats(token):
            predicate, target = table.last_event
            if table.type(target) == "Person":
                # Another side "did the same" with its own counterpart: the same country.
                target = table.country_of(target)
                if target is None:
                    continue
            for subject in _subjects(token, table):
                if subject != target:
                    yield _Found(subject, predicate, target, token)
        if token.lemma_.lower() in DIRECTIVE_REPORTS and token.pos_ == "VERB":
            yield from _directive(token, table)
        if token.pos_ == "VERB" and lexicon.polarity(token.lemma_) == "evaluates":
            judged = list(_judgement(token, table, lexicon))
            yield from judged
            if judged:
                continue  # "called Y a friend" is a judgement, not a phone call
        if token.pos_ in ("VERB", "AUX") and (lexicon.is_trigger(_verb_lemma(token), "VERB")
                                               or lexicon.is_trigger(token.lemma_, "VERB")
                                               or lexicon.is_trigger(_idiom(token), "VERB")):
            yield from _verb(token, table, lexicon)
        elif token.pos_ in ("NOUN", "PROPN") and lexicon.is_trigger(token.lemma_, "NOUN"):
            yield from _noun(token, table, lexicon)


def _judgement(verb: Token, table: EntityTable, lexicon: Lexicon) -> Iterator[_Found]:
    """"X called the launch a provocation", "described Y's actions as a mutiny", "declared
    the memorandums illegal": a judgement on a side or its act is criticism (or, for praise,
    support) of that side."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        # "declared the memorandums illegal" read as a small clause; "calling Y's remarks an
        # attack" with the object read as a verb of its own
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        objects += subjects or [clause]
    if not objects:
        return
    named = {t.i for o in objects for t in o.subtree if t.i in table.by_token}
    # The judgement follows the object, wherever the parser hung it (on the verb, on the
    # object, as an apposition), but not in another clause ("..., saying ...").
    said = {lexicon.polarity(t.lemma_) for t in verb.subtree
            if t.i > objects[0].i and t.i not in named and not _in_other_clause(t, verb)}
    if "negative" in said:
        predicate = "criticized"
    elif "positive" in said:
        predicate = "supported"
    else:
        return
    targets = (_actors(objects, table)
               or _actors([g for o in objects for g in _prep_objects(o, "of")], table)
               or _actors(_prep_objects(verb, "by"), table))  # "the diversion by Belarus" hung on the verb
    subjects = _subjects(verb, table)
    for s in subjects:
        for o in targets:
            if s != o:
                yield _Found(s, predicate, o, verb)


def _in_other_clause(token: Token, verb: Token) -> bool:
    current = token
    while current.i != verb.i and current.head.i != current.i:
        if current.dep_ in ("advcl", "conj", "relcl", "parataxis") and current.pos_ in ("VERB", "AUX"):
            return True
        current = current.head
    return False


# -- arguments ------------------------------------------------------------------------------

def _conjuncts(token: Token) -> list[Token]:
    out = [token, *[c for c in token.conjuncts if c.i > token.i]]
    # "with Michel and Commission President von der Leyen" parsed with "Michel" as a
    # modifier of the second name: a modifier that has its own "and" is a conjunct.
    for child in token.subtree:
        if child.i < token.i and child.dep_ in ("nmod", "compound") and child.pos_ == "PROPN" \
                and any(c.dep_ == "cc" for c in child.children):
            out.append(child)
    return out


def _actors(tokens: list[Token], table: EntityTable) -> list[int]:
    out: list[int] = []
    for token in tokens:
        for conj in _conjuncts(token):
            resolved = table.resolve(conj)
            if not resolved and conj.lemma_.lower() not in KIN_NOUNS | ROLE_NOUNS:
                # "X's application": the actor is the possessor of a non-actor phrase.
                resolved = [a for c in _possessors(conj) for a in table.resolve(c)]
            if not resolved and conj.lemma_.lower() not in KIN_NOUNS | ROLE_NOUNS | PLACE_WORDS:
                # "the decision by Poland", "the proposal put forward by Qatar": its author.
                resolved = [a for c in _authors(conj) for a in table.resolve(c)]
            if not resolved:
                # "the foreign ministers of X, Y and Z": each country's minister when the
                # article names them, else the countries themselves.
                of = _prep_objects(conj, "of")
                if of and table.is_group_head(conj):
                    resolved = [table.holder(conj, side) for side in _actors(of, table)]
            out.extend(resolved)
    return list(dict.fromkeys(out))


def _possessors(token: Token) -> list[Token]:
    """The possessor of a phrase, also on a modifier ("India's missile and drone strikes")."""
    found = [c for c in token.children if c.dep_ == "poss"]
    if not found:
        for child in token.children:
            if child.dep_ in ("nmod", "compound", "amod") and child.i < token.i:
                found.extend(c for c in child.children if c.dep_ == "poss")
    return found


def _authors(token: Token) -> list[Token]:
    """Who made a thing, by a "by" phrase on it or on a participle that describes it
    ("the decision by Poland", "the statement issued by the French government")."""
    found = _prep_objects(token, "by")
    for child in token.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            found.extend(_prep_objects(child, "by"))
    return found


def _subjects(verb: Token, table: EntityTable) -> list[int]:
    """Who does it: the verb's subject, inherited through coordination and control."""
    current = verb
    company: list[Token] = []  # "X joined Y in condemning Z": Y condemns Z too
    for _ in range(6):
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.lower_ == "in" \
                and current.head.head.lemma_.lower() == "join":
            current = current.head.head
            company = [c for c in current.children if c.dep_ == "dobj"]
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if current.i != verb.i:
            subjects += [c for c in current.children if c.dep_ == "nsubjpass"]
        if subjects:
            found = _actors(subjects, table)
            found += [a for a in _actors(company, table) if a not in found]
            # An inherited subject that names no actor ("decisions could not be made ... and
            # criticised Y") is often a misattached clause: look one clause further up.
            if found or current.i == verb.i or current.dep_ not in ("ccomp", "conj") or current.head.i == current.i:
                return found
            current = current.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            found = _actors([current.head], table)
            if not found and current.dep_ == "acl":
                # "a letter Trump sent to X, urging him to ...": the letter's author urges.
                for author_clause in (c for c in current.head.children if c.dep_ == "relcl"):
                    found = _actors([c for c in author_clause.children if c.dep_ in SUBJECT_DEPS], table)
                    if found:
                        break
            return found
        if current.dep_ == "xcomp":
            # Object control: "urged Y to meet Z" -> Y meets Z.
            controller = [c for c in current.head.children if c.dep_ in ("dobj",)]
            on = [g for c in current.head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                  for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]
            if controller or on:
                return _actors(controller or on, table)
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp") or current.head.pos_ == "AUX":
            if current.head.i == current.i:
                break
            current = current.head
            continue
        break
    if current.dep_ == "amod" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
        # "decided ... to open talks" with the infinitive misread as an adjective of a later
        # noun: the infinitive belongs to the nearest verb before it that has a subject.
        for left in reversed(current.doc[current.sent.start:current.i]):
            if left.pos_ == "VERB" and any(c.dep_ in SUBJECT_DEPS for c in left.children):
                return _actors([c for c in left.children if c.dep_ in SUBJECT_DEPS], table)
        return []
    return _actors(_swallowed_subject(current), table) if current.i == verb.i or current.dep_ == "ROOT" else []


def _swallowed_subject(verb: Token) -> list[Token]:
    """The subject the small parser folded into a fronted phrase ("On Sunday Biden and
    Zelensky held talks": Biden as object of "On"; "Within hours of landing the president
    had held ...": the president as object of "landing").

    Only for a subjectless finite verb: the noun phrase ending right before the verb (and
    its auxiliaries), hanging inside one of the verb's left dependents.
    """
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not any(c.dep_ == "aux" for c in verb.children):
        return []
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return []
    left = verb.i - 1
    doc = verb.doc
    while left >= verb.sent.start and doc[left].dep_ in ("aux", "neg", "advmod") and doc[left].head.i == verb.i:
        left -= 1
    if left < verb.sent.start:
        return []
    end = doc[left]
    if end.pos_ not in ("PROPN", "NOUN"):
        return []
    first = end
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.dep_ not in ("pobj", "dobj", "npadvmod", "compound"):
        return []
    # It must sit inside a phrase that hangs on this verb from the left.
    current = first
    while current.head.i != verb.i:
        if current.head.i == current.i or current.head.i > verb.i:
            return []
        current = current.head
    return [first] if current.i < verb.i and current.dep_ in ("prep", "advcl", "npadvmod", "advmod") else []


def _prep_objects(token: Token, prep: str) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep \
                and not any(a.lower_ in ("together", "along") for a in child.children):
            out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def _noun_objects(noun: Token, prep: str) -> list[Token]:
    """The noun's "with/to/on" phrase, also behind an "of" complement ("a memorandum of
    understanding with Y")."""
    found = _prep_objects(noun, prep)
    if not found:
        for of in _prep_objects(noun, "of"):
            found.extend(_prep_objects(of, prep))
    return found


def _verb_objects(verb: Token, trigger: Trigger, lexicon: Lexicon | None = None) -> list[Token]:
    if trigger.frame == DIRECT:
        # The small parser sometimes labels a named object npadvmod ("met ... Abiy Ahmed");
        # a time phrase with that label never resolves to an actor.
        idiom = trigger.lemma.split(" ")[1:]  # "put name": the object is part of the idiom
        found = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "npadvmod")
                 and not (c.dep_ == "dobj" and [c.lemma_.lower()] == idiom)]
        return [_apposition(verb, c) for c in found]
    found = _prep_objects(verb, trigger.frame)
    if not found:
        # The preposition may hang on the direct object: "delivered air defences to Ukraine".
        for child in verb.children:
            if child.dep_ == "dobj":
                found.extend(_noun_objects(child, trigger.frame))
    if not found and trigger.frame == "with":
        # ... or on the setting: "sat down in a three-way format with their host".
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "during", "for"):
                for setting in (g for g in prep.children if g.dep_ == "pobj"):
                    if lexicon is None or not lexicon.is_trigger(setting.lemma_, "NOUN"):  # "in contact with": the noun's own
                        found.extend(_prep_objects(setting, "with"))
    return [_apposition(verb, token) for token in found]


def _destination_given(verb: Token) -> bool:
    """The verb of a journey says where it went ("to Kyiv", "home", "there"), beyond when."""
    for child in verb.children:
        if child.dep_ in ("dobj", "advmod") and child.ent_type_ not in ("DATE", "TIME") \
                and child.lower_ in ("home", "back", "there", "here", "abroad", "away", "overseas", "out"):
            return True
        if child.dep_ != "prep" or child.lower_ not in ("in", "to", "at", "into", "for"):
            continue
        places = [g for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")
                  and not _time_word(g)]
        # "for talks" is why, not where; "for Nairobi" is where
        if places and (child.lower_ != "for" or any(g.ent_type_ in ("GPE", "LOC", "FAC") for g in places)):
            return True
    return False


def _time_word(token: Token) -> bool:
    return token.lemma_.lower() in ("morning", "afternoon", "evening", "night", "day", "week", "weekend", "hour",
                                    "time", "moment")


def _asked_subjects(verb: Token) -> list[Token]:
    """The subjects of the clauses a verb of appeal asks for: a subjunctive ("that Brussels
    correct") or a clause with "should"/"must" ("that Kyiv should withdraw")."""
    found: list[Token] = []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        asked = clause.tag_ == "VB" or any(a.dep_ == "aux" and a.lower_ in ("should", "must") for a in clause.children)
        if asked:
            found.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    return found


def _complement_targets(verb: Token) -> list[Token]:
    """The other sides of the act a verb's clausal complement names: its direct object and
    the objects of "with", "on", "against" and "to" on it or on that object."""
    found: list[Token] = []
    for clause in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        heads = [clause, *(c for c in clause.children if c.dep_ == "dobj")]
        found.extend(c for c in clause.children if c.dep_ == "dobj")
        for head in heads:
            for prep in ("with", "on", "against", "to"):
                found.extend(_prep_objects(head, prep))
    return found


def _is_host(token: Token) -> bool:
    """ "their host, X" or "X, the Japanese host": the phrase names the side that hosts."""
    if token.lemma_.lower() == "host" and token.pos_ == "NOUN":
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() == "host" for c in token.children) or (
        token.dep_ in ("npadvmod", "appos") and token.i >= 2 and token.doc[token.i - 1].text != ","
        and _host_before(token))


def _host_before(token: Token) -> bool:
    """The name right after "host," that the parser hung elsewhere ("with their host, Turkish ... X")."""
    doc = token.doc
    start = token.left_edge.i
    return start >= 2 and doc[start - 1].text == "," and doc[start - 2].lemma_.lower() == "host"


def _directive(verb: Token, table: EntityTable) -> Iterator[_Found]:
    """ "X said Y should/must ...": X urged Y."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(c.dep_ == "aux" and c.lower_ in DIRECTIVE_MODALS for c in clause.children):
            continue
        targets = _actors([c for c in clause.children if c.dep_ == "nsubj"], table)
        for s in _subjects(verb, table):
            if any(o == s or table.acts_for(s, o) for o in targets):
                continue  # "the two countries should ...": a side that includes his own
            for o in targets:
                yield _Found(s, "urged", o, verb)


def _apposition(verb: Token, obj: Token) -> Token:
    """The name after a comma that the parser hung on the verb instead of the object it
    renames ("welcomed Navalny's widow, Yulia Navalnaya, to ...")."""
    after = obj.right_edge.i + 1
    doc = verb.doc
    if obj.dep_ in ("dobj", "pobj") and after + 1 < len(doc) and doc[after].text == ",":
        for other in verb.children:
            if other.dep_ in ("npadvmod", "appos") and other.left_edge.i == after + 1 and other.pos_ == "PROPN":
                return other
    return obj


def _verb(verb: Token, table: EntityTable, lexicon: Lexicon) -> Iterator[_Found]:
    frames = (lexicon.frames(_idiom(verb), "VERB") or lexicon.frames(_verb_lemma(verb), "VERB")
              or lexicon.frames(verb.lemma_, "VERB"))
    if _face_to_face(verb):
        frames = tuple(replace(t, predicate="met") if t.predicate == "spokeWith" else t for t in frames)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        agents = _actors(_prep_objects(verb, "by"), table)
        patients = _actors([c for c in verb.children if c.dep_ == "nsubjpass"], table)
        direct = next((t for t in frames if t.frame == DIRECT), None)
        if direct is not None:
            for s in agents:
                for o in patients:
                    if s != o:
                        yield _Found(s, direct.predicate, o, verb)
        return
    subjects = _subjects(verb, table)
    if not subjects:
        return
    if verb.lemma_.lower() == "host":
        # "Qatar hosted talks between X and Y": the host of a meeting hosts its parties (not
        # "welcomed the talks between X and Y", which supports them).
        guests = [a for c in verb.children if c.dep_ == "dobj" and _is_meeting(c, lexicon)
                  for a in _parties(c, table) if a not in subjects]
        if guests:
            for s in subjects:
                for o in dict.fromkeys(guests):
                    yield _Found(s, "hosted", o, verb)
            return
    # "X met Y, together with Z": Z is on X's side.
    comitative = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                  and any(a.lower_ in ("together", "along") for a in c.children)]
    for prep in comitative:
        subjects = subjects + [a for a in _actors([g for g in prep.children if g.dep_ == "pobj"], table) if a not in subjects]
    # The most specific frame wins: a preposition present in the sentence before the direct object.
    chosen: tuple[Trigger, list[int]] | None = None
    infinitive = any(c.dep_ in ("xcomp", "ccomp") and any(a.lower_ == "to" for a in c.children) for c in verb.children)
    frames = tuple(t for t in frames if infinitive or not t.needs_infinitive)
    for trigger in sorted(frames, key=lambda t: (t.frame == DIRECT, not t.needs_infinitive)):
        objects = [o for o in _actors(_verb_objects(verb, trigger, lexicon), table) if o not in subjects]
        if objects:
            chosen = (trigger, objects)
            break
        if trigger.frame != DIRECT and any(o.ent_type_ not in ("DATE", "TIME")
                                           for o in _prep_objects(verb, trigger.frame)) \
                and not _actors([c for c in verb.children if c.dep_ == "dobj"], table):
            # "called on the public": the frame fits, the object is no actor; but "hosted
            # X for talks" still hosts X.
            break
    if chosen is None and not passive:
        # "Lavrov flew in the same evening": a journey that names no destination ends where
        # the story is (the last place named, else the dateline).
        journey = next((t for t in frames if t.predicate == "visited" and t.frame != DIRECT), None)
        # Only a journey made: one still to come ("is expected to arrive") may go anywhere.
        if journey is not None and not _destination_given(verb) \
                and event_status(verb, lexicon, "visited") == "occurred":
            place = table.story_place(verb)
            if place is not None:
                chosen = (journey, [place])
    # With no object of its own, the other side may be in the clause the verb governs: an
    # appeal reaches the subject of the clause it asks for ("demanded that Brussels correct
    # its mistake"), a threat the other side of the act threatened ("threatened to cut ties
    # with Sweden").
    for predicate, other_sides in (("urged", _asked_subjects), ("threatened", _complement_targets)):
        trigger = next((t for t in frames if t.predicate == predicate and t.frame == DIRECT), None)
        if chosen is None and trigger is not None:
            objects = [o for o in _actors(other_sides(verb), table) if o not in subjects]
            if objects:
                chosen = (trigger, objects)
    if chosen is not None:
        trigger, objects = chosen
        if trigger.predicate == "hosted" and trigger.frame == DIRECT and not any(
                table.resolve(c) or describes_actor(c) for c in _verb_objects(verb, trigger, lexicon)):
            # "welcomed Sweden's decision": a thing of theirs is welcomed, not a visitor (but
            # "hosted the leaders of X" receives people).
            trigger = replace(trigger, predicate="supported")
        hosts = {a for t in _verb_objects(verb, trigger, lexicon) if _is_host(t) for a in _actors([t], table)}
        if trigger.predicate == "aided" and (
                any(c.dep_ == "dobj" and c.lemma_.lower() in MESSAGE_NOUNS for c in verb.children)
                or (verb.dep_ == "relcl" and verb.head.lemma_.lower() in MESSAGE_NOUNS)):
            return  # "sent a letter to Y" is no aid
        group = f"{verb.i}" if len(subjects) + len(objects) > 2 and trigger.predicate in SYMMETRIC_PREDICATES else ""
        for s in subjects:
            for o in objects:
                yield _Found(s, trigger.predicate, o, verb, group)
                if o in hosts:  # "with their host, X", "thanked their host": X hosted them
                    yield _Found(o, "hosted", s, verb)
        return
    # Only verbs that take their other side as a direct object are reciprocal with a plural
    # subject ("X and Y met", "signed", "negotiated"); "X and Y spent hours" is not.
    symmetric = next((t for t in frames if t.predicate in SYMMETRIC_PREDICATES and t.frame == DIRECT), None)
    if symmetric is not None and symmetric.predicate == "agreedWith" and _governs_trigger(verb, lexicon):
        return  # "X and Y agreed to meet": the meeting is the event, planned
    if symmetric is not None and len(subjects) > 1:
        # "X and Y met", "X, Y and Z signed a pact": every pair.
        group = f"{verb.i}" if len(subjects) > 2 else ""
        for a, s in enumerate(subjects):
            for o in subjects[a + 1:]:
                yield _Found(s, symmetric.predicate, o, verb, group)


def _governs_trigger(verb: Token, lexicon: Lexicon) -> bool:
    return any(c.dep_ == "xcomp" and (lexicon.is_trigger(c.lemma_, "VERB")) for c in verb.children)


def _face_to_face(verb: Token) -> bool:
    """"spoke face to face", "talked in person": a meeting, not a remote conversation."""
    words = " ".join(t.lower_ for t in verb.subtree)
    return "face to face" in words or "face-to-face" in words or "in person" in words


def _governor(noun: Token) -> Token | None:
    """The verb a nominal trigger hangs from ("held talks", "during the meeting ... said")."""
    current = noun
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        current = head
    return None


def _in_object_phrase(noun: Token, verb: Token) -> bool:
    """``noun`` is (inside) the verb's direct object: "announced [$50 million in aid]"."""
    current = noun
    while current.head.i != verb.i:
        if current.dep_ not in ("pobj", "prep", "compound", "conj") or current.head.i == current.i:
            return False
        current = current.head
    return current.dep_ == "dobj"


def _noun_frames(noun: Token, lexicon: Lexicon) -> tuple[Trigger, ...]:
    """Frames of a nominal trigger; a modifier can make them specific ("nuclear talks" are
    negotiations, "talks" a meeting), and so can what the talks are about ("talks over a
    ceasefire") or who brokers them ("talks mediated by Qatar")."""
    if noun.lemma_.lower() in ("talk", "discussion"):
        about = [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("over", "on", "about", "for")
                 for g in p.children if g.dep_ == "pobj"]
        brokered = any(c.dep_ == "acl" and c.lemma_.lower() in BROKER_VERBS for c in noun.children)
        if brokered or any(g.lemma_.lower() in NEGOTIATION_TOPICS for g in about):
            frames = lexicon.frames("peace talk", "NOUN")
            if frames:
                return frames
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.i < noun.i:
            frames = lexicon.frames(f"{child.lemma_.lower()} {noun.lemma_.lower()}", "NOUN")
            if frames:
                return frames
    return lexicon.frames(noun.lemma_, "NOUN")


def _noun(noun: Token, table: EntityTable, lexicon: Lexicon) -> Iterator[_Found]:
    frames = _noun_frames(noun, lexicon)
    if noun.dep_ == "pobj" and noun.head.lower_ in ("at", "on", "upon") \
            and any(t.predicate == "invited" for t in frames):
        yield from _invitation(noun, table)
        return
    before = noun.doc[noun.left_edge.i:noun.i].text.lower()
    if "face-to-face" in before or "face to face" in before or "in-person" in before:
        frames = tuple(replace(t, predicate="met") if t.predicate == "spokeWith" else t for t in frames)
    for trigger in frames:
        if trigger.frame == "between":
            sides = _actors(_prep_objects(noun, "between"), table)
            group = f"{noun.i}" if len(sides) > 2 else ""
            for a, s in enumerate(sides):
                for o in sides[a + 1:]:
                    yield _Found(s, trigger.predicate, o, noun, group)
            yield from _hosted_by(noun, sides, table)
            if sides:
                return
            continue
        object_tokens = _noun_objects(noun, trigger.frame)
        governor = _governor(noun)
        if not object_tokens and governor is not None and trigger.frame != "of" \
                and _in_object_phrase(noun, governor):
            # The phrase may hang on the light verb: "imposed sanctions on Iran", "held talks
            # with X", "announced $50 million in aid to Y".
            object_tokens = _prep_objects(governor, trigger.frame)
        relative = next((c for c in noun.children if c.dep_ == "relcl" and c.pos_ == "VERB"), None)
        if not object_tokens and relative is not None:
            # ... or on a relative clause: "the talks its delegation has been holding with X".
            object_tokens = _prep_objects(relative, trigger.frame)
        objects = _actors(object_tokens, table)
        if not objects:
            continue
        owners = _actors([c for c in noun.children if c.dep_ == "poss"], table)
        if not owners and relative is not None and object_tokens and object_tokens[0].head.head.i == relative.i:
            owners = _actors([c for c in relative.children if c.dep_ in SUBJECT_DEPS], table)
        if not owners:
            verb = _governor(noun)
            if verb is not None:
                owners = _subjects(verb, table)
                if not owners and noun.dep_ in ("nsubj", "nsubjpass"):
                    owners = []
        hosts = {a for t in _noun_objects(noun, trigger.frame) if _is_host(t) for a in _actors([t], table)}
        # Found through a relative clause, the clause's verb carries status and date.
        via = relative if relative is not None and object_tokens and object_tokens[0].head.head.i == relative.i else noun
        for s in owners:
            for o in objects:
                if s != o:
                    yield _Found(s, trigger.predicate, o, via)
                    if o in hosts:  # "with their host, X", "thanked their host": X hosted them
                        yield _Found(o, "hosted", s, noun)
        return
    # "during their meeting", "the two leaders' talks", "X and Y held talks": owners on both sides.
    symmetric = next((t for t in frames if t.predicate in SYMMETRIC_PREDICATES), None)
    if symmetric is not None:
        owners = _actors([c for c in noun.children if c.dep_ == "poss"], table)
        if not owners and noun.dep_ == "dobj":
            owners = _subjects(noun.head, table)
        if not owners and noun.dep_ == "pobj" and noun.head.lower_ in FRAMING_PREPS and noun.head.head.pos_ == "VERB":
            # "After talks in Ankara, X and Y signed ...": the talks were theirs.
            owners = _subjects(noun.head.head, table)
        if not owners and noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "VERB":
            # "X joined Y and Z for a three-way meeting": the subject and the objects.
            verb = noun.head.head
            owners = _subjects(verb, table)
            owners += [a for a in _actors([c for c in verb.children if c.dep_ == "dobj"], table) if a not in owners]
        group = f"{noun.i}" if len(owners) > 2 else ""
        for a, s in enumerate(owners):
            for o in owners[a + 1:]:
                yield _Found(s, symmetric.predicate, o, noun, group)
        yield from _hosted_by(noun, owners, table)


def _is_meeting(noun: Token, lexicon: Lexicon) -> bool:
    """A noun for an occasion two sides take part in ("talks", "a meeting", "negotiations")."""
    return noun.pos_ in ("NOUN", "PROPN") and any(
        t.predicate in SYMMETRIC_PREDICATES for t in _noun_frames(noun, lexicon))


def _parties(noun: Token, table: EntityTable) -> list[int]:
    """The sides a meeting noun names: "talks between X and Y", "a meeting of X and Y"."""
    for prep in ("between", "of", "among"):
        sides = _actors(_prep_objects(noun, prep), table)
        if len(sides) > 1:
            return sides
    return []


def _hosted_by(noun: Token, parties: list[int], table: EntityTable) -> Iterator[_Found]:
    """"talks hosted by Z": Z hosted each party of the talks."""
    hosts = _actors([g for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() == "host"
                     for g in _prep_objects(c, "by")], table)
    for host in hosts:
        for party in parties:
            if party != host:
                yield _Found(host, "hosted", party, noun)


def _invitation(noun: Token, table: EntityTable) -> Iterator[_Found]:
    """"X visited Y at the invitation of Z", "who are in China at Xi's invitation": Z invited
    whoever the clause the phrase hangs on is about."""
    inviters = _actors(_prep_objects(noun, "of") or [c for c in noun.children if c.dep_ == "poss"], table)
    clause = noun.head.head
    for _ in range(4):  # "on state visits at Xi's invitation": up to the clause's verb
        if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
            break
        clause = clause.head
    guests = _subjects(clause, table)
    if not guests and clause.dep_ == "relcl":
        guests = _actors([clause.head], table)  # "leaders, who are in China at Xi's invitation"
    for inviter in inviters:
        for guest in guests:
            if inviter != guest:
                yield _Found(inviter, "invited", guest, clause)


# -- status and dates -----------------------------------------------------------------------

def event_status(trigger: Token, lexicon: Lexicon, predicate: str = "") -> str | None:
    """occurred / planned / negated, or None for a wish or a hypothesis."""
    status = "occurred"
    chain = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ in ("det", "neg") and child.lower_ in ("no", "never"):
                return "negated"  # "held no meetings with"
            effect = lexicon.effect(child.lemma_)
            if child.dep_ == "amod" and effect == "planned":
                status = "planned"
        verb = _governor(trigger)
        chain = [verb] if verb is not None else []
    current = chain[0] if chain else None
    for _ in range(5):
        if current is None:
            break
        for child in current.children:
            lower = child.lower_
            if child.dep_ == "neg" or lower in ("never",):
                return "negated"
            if child.dep_ in ("aux", "auxpass"):
                effect = lexicon.effect(child.lemma_) or lexicon.effect(lower)
                if lower in FUTURE_AUX or effect == "planned":
                    status = "planned"
                elif lower == "would":
                    status = "unreal" if _has_condition(trigger) else "planned"
                elif effect == "unreal":
                    return None
            if child.dep_ == "mark" and lower in UNREAL_MARKS:
                return None
        if current.i != trigger.i:
            effect = lexicon.effect(_verb_lemma(current)) or lexicon.effect(current.lemma_) or lexicon.effect(current.lower_)
            if effect == "negated":
                return "negated"
            if effect == "unreal":
                return None
            if effect == "enacted":
                effect = None if predicate in MEASURES else "planned"
            if effect == "planned" and current.pos_ in ("VERB", "ADJ", "AUX"):
                status = "planned"
        # A coordinated verb without its own subject shares its head's modality ("told Y to
        # stop X and to back Z", "refused to meet Y or sign").
        shares = current.dep_ == "conj" and (current.pos_ != "VERB" or (
            any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in current.children)))
        if current.dep_ == "xcomp" and current.head.lemma_ == "be" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            status = "planned"  # "the two militaries are to hold talks"
        # An infinitive that describes a noun takes the noun's modality ("the Vatican's
        # readiness to host talks", "an offer to mediate").
        describes = current.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if current.dep_ in ("xcomp", "dobj", "pobj", "prep") or shares or describes:
            current = current.head
        else:
            break
    return None if status == "unreal" else status


def _has_condition(token: Token) -> bool:
    return any(t.lower_ in ("if", "unless") for t in token.sent)


_DATE_SPANS_KEY = "graphkit.date_spans"  # where a document keeps its date phrases (Doc.user_data)


def _date_spans(sent: Span) -> list[Span]:
    # Span.ents walks every entity of the document, and the date helpers ask once per
    # trigger: on long articles that made the date lookup quadratic, so the document's date
    # phrases are listed once and kept with the document.
    doc = sent.doc
    spans = doc.user_data.get(_DATE_SPANS_KEY)
    if spans is None:
        spans = doc.user_data[_DATE_SPANS_KEY] = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    return [e for e in spans if e.start >= sent.start and e.end <= sent.end]


def event_date(trigger: Token, sent: Span, published: date | None, *, planned: bool) -> str | None:
    """The date phrase nearest the trigger in its clause, resolved against the publication date."""
    spans = _date_spans(sent)
    if not spans:
        return None
    clause = {t.i for t in _clause_of(trigger).subtree}
    ranked = sorted(spans, key=lambda e: (e.root.i not in clause, abs(e.root.i - trigger.i)))
    for span in ranked:
        resolved = resolve_date(span.text, published, planned=planned)
        if resolved is not None:
            return resolved.isoformat()
    return None


def undated_event_date(trigger: Token, sent: Span, published: date | None, carried: str | None) -> str | None:
    """The date of an event that happened and whose clause gives no day: none for a vague
    time ("earlier this week"), the publication day for a present perfect ("has met", as
    news and live blogs report what just happened), else the date the text carries along."""
    if vague_event_date(trigger, sent):
        return None
    if published is not None and _present_perfect(trigger):
        return published.isoformat()
    return carried


def _present_perfect(trigger: Token) -> bool:
    verb = _clause_of(trigger)
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'s", "'ve")
                                      for c in verb.children)


def vague_event_date(trigger: Token, sent: Span) -> bool:
    """The trigger's clause names a time that fixes no day ("earlier this week", "in June")."""
    clause = {t.i for t in _clause_of(trigger).subtree}
    return any(is_vague_date(span.text) for span in _date_spans(sent) if span.root.i in clause)


def _clause_of(token: Token) -> Token:
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def _sentence_date(sent: Span, published: date | None) -> str | None:
    for span in _date_spans(sent):
        resolved = resolve_date(span.text, published)
        if resolved is not None:
            return resolved.isoformat()
    return None
