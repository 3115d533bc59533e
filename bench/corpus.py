"""A seeded synthetic corpus of diplomatic news articles, with the interactions planted in it.

Every article is a ``.txt`` file with YAML front matter (title, date, source, url) and
200-600 words of wire-style prose: a dateline, interaction sentences in many grammatical
forms (active, passive, coordinated, nominal "talks between", planned "will visit",
negated "did not meet", reporting clauses) and filler sentences around them. Actors are a
few hundred invented people with titles and countries (from ``graphkit/data/countries.csv``)
plus the countries themselves; every predicate of the contract is planted.

The same seed gives the same corpus, and article ``k`` does not depend on how many are
asked for: the first 2,000 articles of a 10,000-article corpus are the 2,000-article corpus.

``gold.jsonl`` beside the articles has one line per planted interaction::

    {"doc": "a00001.txt", "subject": "Ilse Marrow", "predicate": "met", "object": "Tomas Oduya",
     "status": "occurred", "date": "2024-03-05", "form": "active", "evidence": "..."}

    python -m bench.corpus --articles 2000 --out bench/work/corpus-2000 --seed 7
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from graphkit.records import DIRECTED_PREDICATES as DIRECTED
from graphkit.records import PREDICATES
from graphkit.records import SYMMETRIC_PREDICATES as SYMMETRIC

FIRST_NAMES = (
    "Ilse", "Tomas", "Amara", "Rustam", "Leona", "Kwabena", "Mirela", "Anders", "Farida", "Dario",
    "Yusuf", "Katarina", "Obinna", "Helga", "Ravi", "Soraya", "Matteo", "Nadia", "Joaquin", "Aiko",
    "Piotr", "Lucia", "Emeka", "Sigrid", "Hamid", "Elena", "Bakhyt", "Ines", "Teodor", "Marisol",
    "Arjun", "Zofia", "Kofi", "Liesel", "Omar", "Vesna", "Santiago", "Mei", "Gustav", "Adaeze",
    "Lorenzo", "Dilnoza", "Henrik", "Salma", "Aurel", "Thandiwe", "Mikael", "Rania", "Bruno", "Yelena",
)
SURNAMES = (
    "Marrow", "Oduya", "Vantrell", "Kasembe", "Lindqvar", "Petrescu", "Haddara", "Okonkwo-Reyes",
    "Delacourt", "Baranov", "Sundaresh", "Almeida", "Khoury", "Vasquez-Tor", "Nakamori", "Wielgosz",
    "Adebanjo", "Strandberg", "Rahimov", "Castellano", "Mbeki-Lowe", "Rostova", "Ferrante", "Ozturan",
    "Kallström", "Ndiaye", "Haverkamp", "Tavares", "Iskandar", "Novaković", "Achterberg", "Quispe",
    "Dragomir", "Sefolosha", "Valdimarsson", "Chaudry", "Belmonte", "Kuznetsky", "Ansah", "Moravec",
    "Oyelaran", "Lindgren-Paz", "Torvik", "Zamani", "Brancusi", "Eldridge", "Nasser-Hill", "Okafor",
    "Villanueva", "Haralambous", "Serrano", "Tanaskovic", "Abernethy", "Kaczmarek", "Mwangi", "Duarte",
    "Fontaine", "Grigoryan", "Holloway", "Ibarra",
)
TITLES = (
    "Foreign Minister", "Foreign Minister", "Defence Minister", "Prime Minister", "President",
    "Trade Minister", "Deputy Foreign Minister", "National Security Adviser", "Interior Minister",
    "Finance Minister", "Energy Minister",
)
TOPICS = (
    "grain exports", "the border dispute", "energy security", "a prisoner exchange", "maritime security",
    "the ceasefire", "visa rules", "arms control", "refugee returns", "fishing rights", "debt relief",
    "a gas pipeline", "counterterrorism cooperation", "the water-sharing treaty", "election monitoring",
    "nuclear safety", "tariffs on steel", "a rail corridor", "humanitarian access", "cyber attacks",
)
ACTIONS = (
    "release detained journalists", "reopen the border crossing", "restore diplomatic staff",
    "allow aid convoys through", "return to the negotiating table", "lift the export ban",
    "ratify the treaty without delay", "pull troops back from the frontier", "end the blockade",
    "hold free elections", "cooperate with the inquiry", "scrap the new tariffs",
)
REASONS = (
    "its treatment of protesters", "the missile test", "delays in the talks", "the arrest of an opposition leader",
    "violations of the ceasefire", "its handling of the crisis", "the seizure of a cargo ship",
    "restrictions on the press", "its support for armed groups",
)
AID = ("humanitarian aid", "emergency food supplies", "air defence systems", "medical supplies",
       "reconstruction funds", "fuel and generators", "budget support")
SOURCES = ("Meridian Wire", "Harbour Press Agency", "Continental News Service", "The Lantern Daily",
           "Northgate Report")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

FILLER = (
    "The talks came amid growing concern over {topic} in the region.",
    "Officials on both sides described the atmosphere as constructive but cautious.",
    "Analysts said the outcome would depend on decisions taken in the coming weeks.",
    "The issue of {topic} has strained relations for much of the past year.",
    "Neither government released a full account of the discussions.",
    "Markets in {capital} reacted calmly to the news on {weekday}.",
    "Diplomats familiar with the matter said progress on {topic} had been slow.",
    "A joint statement is expected to be published later in the week.",
    "The meeting was the first at this level since the elections last autumn.",
    "Protesters gathered outside the ministry building in {capital} as the delegations arrived.",
    "Several trade agreements signed in previous years remain unimplemented.",
    "Opposition lawmakers in {capital} called for more transparency about {topic}.",
    "Security was tight around the conference venue, with several streets closed to traffic.",
    "The previous round of discussions ended without agreement on {topic}.",
    "Economists warned that the dispute over {topic} could weigh on growth next year.",
    "Local newspapers devoted their front pages to the visit.",
    "The two countries have maintained diplomatic relations for more than four decades.",
    "A spokesperson declined to give further details, citing the sensitivity of {topic}.",
)


@dataclass(frozen=True)
class Actor:
    """One actor of the synthetic world: a person (with title and country) or a country."""

    name: str
    kind: str  # "Person" or "Country"
    country: str  # the country's name (itself for a country)
    demonym: str = ""
    title: str = ""
    capital: str = ""

    @property
    def surname(self) -> str:
        return self.name.rsplit(" ", 1)[-1]


@dataclass(frozen=True)
class Planted:
    """One interaction planted in an article (the gold record)."""

    subject: str
    predicate: str
    object: str
    status: str
    date: date | None
    form: str
    evidence: str


@dataclass(frozen=True)
class SyntheticArticle:
    """A generated article: its file name, full file text and planted interactions."""

    name: str
    text: str
    gold: tuple[Planted, ...]
    words: int


# Interaction sentence templates: (predicate, form, template). {A} and {B} are actor
# mentions; {P} is a country named as a place (the object of "visited"); {topic}, {action},
# {reason}, {aid}, {capital}, {when} are filled in. The form decides the status.
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("met", "active", "{A} met {B} in {capital} {when} to discuss {topic}."),
    ("met", "active", "{A} held talks with {B} {when} on {topic}."),
    ("met", "coordinated", "{A} and {B} met {when} at the foreign ministry in {capital}."),
    ("met", "nominal", "Talks between {A} and {B} {when} focused on {topic}."),
    ("met", "planned", "{A} is expected to meet {B} in {capital} next week."),
    ("met", "negated", "{A} did not meet {B} during the summit, officials said."),
    ("met", "reporting", "{A} met {B} {when}, the foreign ministry said in a statement."),
    ("spokeWith", "active", "{A} spoke by phone with {B} {when} about {topic}."),
    ("spokeWith", "active", "{A} telephoned {B} {when} to discuss {topic}."),
    ("spokeWith", "nominal", "In a phone call between {A} and {B} {when}, both sides raised {topic}."),
    ("spokeWith", "reporting", "{A} spoke with {B} {when}, a government spokesperson said."),
    ("spokeWith", "negated", "{A} has not spoken with {B} since the dispute over {topic} began."),
    ("negotiatedWith", "active", "{A} negotiated with {B} {when} over {topic}."),
    ("negotiatedWith", "coordinated", "{A} and {B} negotiated for several hours {when} over {topic}."),
    ("negotiatedWith", "planned", "{A} will negotiate with {B} on {topic} next month."),
    ("agreedWith", "active", "{A} signed an agreement with {B} on {topic} {when}."),
    ("agreedWith", "coordinated", "{A} and {B} signed an accord on {topic} {when}."),
    ("agreedWith", "reporting", "{A} agreed with {B} to set up a working group on {topic}, the ministry said."),
    ("visited", "active", "{A} visited {P} {when} for talks on {topic}."),
    ("visited", "active", "{A} travelled to {P} {when}."),
    ("visited", "planned", "{A} will visit {P} next month, the ministry announced."),
    ("visited", "nominal", "{A}'s visit to {P} {when} was the first in a decade."),
    ("hosted", "active", "{A} hosted {B} in {capital} {when}."),
    ("hosted", "passive", "{B} was received by {A} at the presidential palace {when}."),
    ("hosted", "planned", "{A} will host {B} in {capital} later this year."),
    ("briefed", "active", "{A} briefed {B} {when} on {topic}."),
    ("briefed", "passive", "{B} was briefed by {A} on {topic} {when}."),
    ("urged", "active", "{A} urged {B} to {action}."),
    ("urged", "reporting", "{A} urged {B} to {action}, according to a readout of the call."),
    ("urged", "active", "{A} called on {B} to {action}."),
    ("criticized", "active", "{A} criticized {B} {when} over {reason}."),
    ("criticized", "passive", "{B} was criticized by {A} for {reason}."),
    ("criticized", "active", "{A} condemned {B} for {reason}."),
    ("criticized", "negated", "{A} did not criticize {B} publicly over {reason}."),
    ("supported", "active", "{A} voiced support for {B} over {topic}."),
    ("supported", "active", "{A} backed {B} in the dispute over {topic}."),
    ("threatened", "active", "{A} threatened {B} with new tariffs over {reason}."),
    ("threatened", "reporting", "{A} warned {B} of consequences over {reason}, state media reported."),
    ("sanctioned", "active", "{A} imposed sanctions on {B} {when} over {reason}."),
    ("sanctioned", "passive", "{B} was sanctioned by {A} {when} for {reason}."),
    ("sanctioned", "planned", "{A} will impose sanctions on {B} if the talks fail."),
    ("aided", "active", "{A} sent {aid} to {B} {when}."),
    ("aided", "active", "{A} pledged {aid} to {B} {when}."),
    ("summoned", "active", "{A} summoned {B} {when} to protest over {reason}."),
    ("summoned", "passive", "{B} was summoned by {A} {when} over {reason}."),
    ("invited", "active", "{A} invited {B} to visit {capital}."),
    ("invited", "passive", "{B} was invited by {A} to attend the summit in {capital}."),
    ("invited", "negated", "{A} did not invite {B} to the conference."),
)
PEOPLE_ONLY = ("met", "spokeWith", "negotiatedWith", "agreedWith", "hosted", "briefed", "invited")
STATUS_OF_FORM = {"planned": "planned", "negated": "negated"}
TEMPLATES_BY_PREDICATE: dict[str, list[tuple[str, str]]] = {}
for _p, _form, _t in TEMPLATES:
    TEMPLATES_BY_PREDICATE.setdefault(_p, []).append((_form, _t))


def load_countries() -> list[tuple[str, str, str]]:
    """(name, demonym, capital) of every country in graphkit's gazetteer that has all three."""
    from importlib.resources import files

    text = files("graphkit.data").joinpath("countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(l for l in text.splitlines(True) if not l.startswith("#"))))
    out = []
    for row in rows:
        demonym = (row.get("demonyms") or "").split("|")[0].strip()
        capital = (row.get("capitals") or "").split("|")[0].strip()
        name = (row.get("name") or "").strip()
        if name and demonym and capital and not capital.endswith("?") and not demonym.endswith("?"):
            out.append((name, demonym, capital))
    return out


def make_actors(seed: int, *, people: int = 300, countries: int = 60) -> list[Actor]:
    """The actors of the synthetic world: ``people`` persons spread over ``countries`` countries,
    plus those countries as actors. Names are unique."""
    rng = random.Random(f"actors-{seed}")
    world = load_countries()
    rng.shuffle(world)
    world = world[:countries]
    actors = [Actor(name, "Country", name, demonym, "", capital) for name, demonym, capital in world]
    names: set[str] = set()
    while len(names) < people:
        names.add(f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}")
    for name in sorted(names):
        country, demonym, capital = rng.choice(world)
        actors.append(Actor(name, "Person", country, demonym, rng.choice(TITLES), capital))
    return actors


@dataclass
class _Writer:
    """Mentions: the first mention of a person is full ("French Foreign Minister Ilse Marrow"),
    later ones the surname."""

    seen: set[str] = field(default_factory=set)

    def mention(self, actor: Actor, *, start: bool = False) -> str:
        if actor.kind == "Country":
            return actor.name
        if actor.name in self.seen:
            return actor.surname
        self.seen.add(actor.name)
        return f"{actor.demonym} {actor.title} {actor.name}"


def _when(rng: random.Random, published: date) -> tuple[str, date]:
    back = rng.randrange(0, 6)
    day = published - timedelta(days=back)
    if back == 0:
        return rng.choice(("on " + WEEKDAYS[day.weekday()], "today")), day
    if back == 1 and rng.random() < 0.5:
        return "yesterday", day
    if rng.random() < 0.5:
        return f"on {WEEKDAYS[day.weekday()]}", day
    return f"on {MONTHS[day.month - 1]} {day.day}", day


def _sentence(rng: random.Random, writer: _Writer, predicate: str, a: Actor, b: Actor,
              published: date) -> tuple[str, Planted]:
    form, template = rng.choice(TEMPLATES_BY_PREDICATE[predicate])
    status = STATUS_OF_FORM.get(form, "occurred")
    when_text, when = _when(rng, published)
    has_when = "{when}" in template and status == "occurred"
    fill = {"topic": rng.choice(TOPICS), "action": rng.choice(ACTIONS), "reason": rng.choice(REASONS),
            "aid": rng.choice(AID), "capital": (a if predicate == "hosted" else b).capital,
            "when": when_text}
    # Mention order follows the sentence order so the first mention is the full one.
    order = sorted(("{A}", "{B}", "{P}"), key=lambda slot: template.find(slot) if slot in template else 1 << 30)
    for slot in order:
        if slot not in template:
            continue
        actor = a if slot == "{A}" else b
        fill[slot[1]] = b.country if slot == "{P}" else writer.mention(actor)
    text = template.format(**fill)
    text = text[0].upper() + text[1:]
    obj = b.country if "{P}" in template else b.name
    planted = Planted(a.name, predicate, obj, status, when if has_when else None, form, text)
    return text, planted


def _filler(rng: random.Random, a: Actor, published: date) -> str:
    return rng.choice(FILLER).format(topic=rng.choice(TOPICS), capital=a.capital,
                                     weekday=WEEKDAYS[published.weekday()])


def generate_article(k: int, actors: list[Actor], *, seed: int) -> SyntheticArticle:
    """Article number ``k`` (deterministic for ``seed`` and ``k``)."""
    rng = random.Random(f"article-{seed}-{k}")
    people = [x for x in actors if x.kind == "Person"]
    countries = [x for x in actors if x.kind == "Country"]
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
    target_words = rng.randrange(200, 601)
    # Two people of one article never share a surname: a later bare "Marrow" must be
    # unambiguous.
    cast: list[Actor] = []
    for person in rng.sample(people, 12):
        if len(cast) < 5 and all(person.surname != c.surname for c in cast):
            cast.append(person)
    lead, other = cast[0], cast[1]
    cast += rng.sample(countries, 2)
    writer = _Writer()
    gold: list[Planted] = []
    paragraphs: list[list[str]] = [[]]
    words = 0
    # Every predicate turns up across the corpus: article k leads with predicate k mod 15.
    predicates = [PREDICATES[k % len(PREDICATES)]] + rng.sample(PREDICATES, rng.randrange(2, 7))
    budget = iter(predicates)
    while words < target_words:
        predicate = next(budget, None) if (not gold or rng.random() < 0.45) else None
        if predicate is not None:
            if not gold:
                a, b = lead, other
            else:
                a, b = rng.sample(cast, 2)
            if predicate in PEOPLE_ONLY or predicate == "visited":
                # Meetings, calls, visits and the like are between people; a country
                # sanctions, aids, criticises or is urged.
                a, b = rng.sample(cast[:-2], 2) if gold else (a, b)
            elif predicate in ("summoned",) and b.kind == "Country":
                b = rng.choice([c for c in cast[:-2] if c is not a])
            sentence, planted = _sentence(rng, writer, predicate, a, b, published)
            gold.append(planted)
        else:
            sentence = _filler(rng, rng.choice(cast), published)
        paragraphs[-1].append(sentence)
        words += len(sentence.split())
        if len(paragraphs[-1]) >= rng.randrange(2, 5):
            paragraphs.append([])
    body = "\n\n".join(" ".join(p) for p in paragraphs if p)
    source = rng.choice(SOURCES)
    dateline = f"{lead.capital.upper()}, {MONTHS[published.month - 1][:3]} {published.day} ({source}) - "
    topic = rng.choice(TOPICS)
    title = f"{lead.surname} and {other.surname} discuss {topic}"
    name = f"a{k:05d}.txt"
    text = (f"---\ntitle: {json.dumps(title)}\ndate: {published.isoformat()}\nsource: {source}\n"
            f"url: https://news.example.org/synthetic/{seed}/{k:05d}\n---\n{dateline}{body}\n")
    # Gold offsets are not kept: the dateline and front matter shift them; the evidence
    # sentence is kept verbatim instead.
    return SyntheticArticle(name, text, tuple(gold), len(body.split()))


def generate(count: int, *, seed: int = 7) -> Iterator[SyntheticArticle]:
    """``count`` synthetic articles, one at a time (nothing is held for the whole corpus).

    >>> [a.name for a in generate(2, seed=1)]
    ['a00000.txt', 'a00001.txt']
    """
    actors = make_actors(seed)
    for k in range(count):
        yield generate_article(k, actors, seed=seed)


def write_corpus(out: Path, count: int, *, seed: int = 7) -> dict:
    """Write ``count`` articles to ``out/articles/`` and the planted interactions to
    ``out/gold.jsonl``; returns counts (articles, words, interactions, by predicate and form)."""
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    summary: dict = {"articles": 0, "words": 0, "interactions": 0, "by_predicate": {}, "by_form": {}}
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for article in generate(count, seed=seed):
            (folder / article.name).write_text(article.text, encoding="utf-8")
            summary["articles"] += 1
            summary["words"] += article.words
            for p in article.gold:
                summary["interactions"] += 1
                summary["by_predicate"][p.predicate] = summary["by_predicate"].get(p.predicate, 0) + 1
                summary["by_form"][p.form] = summary["by_form"].get(p.form, 0) + 1
                gold.write(json.dumps({"doc": article.name, "subject": p.subject, "predicate": p.predicate,
                                       "object": p.object, "status": p.status,
                                       "date": p.date.isoformat() if p.date else None,
                                       "form": p.form, "evidence": p.evidence}, ensure_ascii=False) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a seeded synthetic corpus of diplomatic news articles.")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    summary = write_corpus(args.out, args.articles, seed=args.seed)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
