"""Titles and posts: "US Defense Secretary" -> "Secretary of Defense".

The title phrases live in ``graphkit/data/titles.csv`` (phrase -> canonical post). A
phrase from the text is normalised by dropping determiners and possessives, taking the
country or organisation it names aside (that is the holder's affiliation, not part of
the post), finding the longest listed title in what is left and keeping what the text
adds around it: modifiers ("Deputy", "Acting", "Presidential"), "Former", and a
complement naming where the post is ("Ambassador to Oman", "President of Somaliland",
"Governor of the Central Bank of Nigeria").

An organisation named before a title is part of the post only for the head of that
organisation (``org_post`` in the data): "ECB President" -> "President of the European
Central Bank", but "UN Secretary-General" -> "Secretary-General" and "the TPLF
spokesman" -> "Spokesman". A country named before a title never is: "French President"
-> "President".
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.errors import GraphkitError
from graphkit.nlp.lexicon import read_rows

if TYPE_CHECKING:
    from graphkit.nlp.gazetteer import Gazetteer, Place

COLUMNS = ("phrase", "canonical", "org_post")
PREPOSITIONS = frozenset({"of", "to", "for", "in", "at", "on", "from"})
_DETERMINERS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "whose",
})
# Descriptions around a post that are not part of it ("the *newly appointed* envoy").
_DESCRIPTIVE = frozenset({
    "then", "now", "current", "incoming", "outgoing", "newly", "appointed", "newly-appointed",
    "recently", "sitting", "top", "new", "longtime", "long-time", "veteran", "powerful",
    "influential", "hardline", "key", "serving", "de", "facto", "self-declared", "self-styled",
})
_FORMER = frozenset({"former", "ex", "ex-"})
# Heads whose complement names the country they are posted to ("ambassador in Moscow" -> "to Russia").
_POSTED_TO = frozenset({
    "ambassador", "envoy", "consul", "representative", "chargé", "d'affaires", "commissioner", "emissary",
})
_SMALL_WORDS = frozenset({"of", "the", "for", "and", "to", "on", "in", "at", "d'affaires"})
_THE_NAMES = re.compile(r"\b(?:United|Republic|Islands|Kingdom|Netherlands|Philippines|Bahamas|Maldives|Comoros|Seychelles|Emirates)\b")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class TitleEntry:
    """One row of ``titles.csv``."""

    phrase: str
    canonical: str
    org_post: bool = False


@dataclass(frozen=True)
class ParsedTitle:
    """A normalised title and what the phrase said around it.

    ``place`` is the country or organisation the phrase names as the holder's side
    ("US" in "US Defense Secretary", "ECB" in "ECB President", "Somaliland" in "President
    of Somaliland"); ``former`` is True for "former"/"ex-" posts (``title`` then starts
    with "Former").
    """

    title: str
    place: Place | None = None
    former: bool = False


@dataclass(frozen=True)
class TitleLexicon:
    """Title phrases by lower-case text, with the vocabulary derived from them.

    >>> lex = load_titles()
    >>> lex.entries["defence minister"].canonical
    'Minister of Defense'
    >>> "secretary" in lex.heads, "foreign" in lex.heads, "foreign" in lex.words
    (True, False, True)
    """

    entries: Mapping[str, TitleEntry]
    heads: frozenset[str]
    words: frozenset[str]
    by_org: Mapping[tuple[str, str], TitleEntry] = field(default_factory=dict)

    @functools.cached_property
    def max_words(self) -> int:
        return max((len(p.split()) for p in self.entries), default=1)


def load_titles(path: str | Path | None = None) -> TitleLexicon:
    """Read ``titles.csv`` (or the file at ``path``) into a :class:`TitleLexicon`.

    Raises :class:`GraphkitError` naming the file and line of a row with an empty field,
    a phrase that is not lower case, a phrase listed twice, or an ``org_post`` value other
    than ``yes`` or empty.
    """
    if path is not None:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    else:
        text, source = files("graphkit.data").joinpath("titles.csv").read_text(encoding="utf-8"), "graphkit/data/titles.csv"
    entries: dict[str, TitleEntry] = {}
    by_org: dict[tuple[str, str], TitleEntry] = {}
    by_org_phrases: set[str] = set()
    heads: set[str] = set()
    words: set[str] = set()
    for number, row in read_rows(text, source, COLUMNS):
        where = f"{source}:{number}"
        phrase = " ".join(row["phrase"].translate(_APOSTROPHES).split())
        if not phrase or not row["canonical"]:
            raise GraphkitError(f"{where}: phrase and canonical must not be empty")
        if phrase != phrase.lower():
            raise GraphkitError(f"{where}: phrase {phrase!r} must be lower case")
        if phrase in entries or phrase in by_org_phrases:
            raise GraphkitError(f"{where}: phrase {phrase!r} is listed twice")
        if row["org_post"] not in ("", "yes"):
            raise GraphkitError(f"{where}: org_post must be 'yes' or empty, not {row['org_post']!r}")
        if phrase.startswith("org:"):
            org, _, rest = phrase[4:].partition(" ")
            if not org or not rest:
                raise GraphkitError(f"{where}: an 'org:KEY words' phrase needs a key and words, not {phrase!r}")
            by_org[(f"org:{org}", rest)] = TitleEntry(rest, row["canonical"], row["org_post"] == "yes")
            by_org_phrases.add(phrase)
            continue
        entries[phrase] = TitleEntry(phrase, row["canonical"], row["org_post"] == "yes")
        tokens = phrase.split()
        before = next((i for i, t in enumerate(tokens) if t in PREPOSITIONS), len(tokens))
        heads.add(tokens[before - 1] if before else tokens[-1])
        words.update(t for t in tokens if t not in PREPOSITIONS and t not in ("the", "and"))
    return TitleLexicon(entries, frozenset(heads), frozenset(words | _FORMER | {"acting", "interim"}), by_org)


@functools.cache
def default_titles() -> TitleLexicon:
    """The packaged title lexicon, loaded once per process."""
    return load_titles()


def is_title_word(word: str, *, titles: TitleLexicon | None = None) -> bool:
    """True for a word that is, or modifies, a title ("minister", "defense", "prime", "deputy").

    >>> is_title_word("Defence"), is_title_word("deputy"), is_title_word("counterpart")
    (True, True, False)
    """
    lex = titles or default_titles()
    return word.lower().translate(_APOSTROPHES).strip(",;:") in lex.words


def is_title_head(word: str, *, titles: TitleLexicon | None = None) -> bool:
    """True for a noun that heads a title ("minister", "secretary", "envoy", "spokesman").

    >>> is_title_head("Minister"), is_title_head("foreign")
    (True, False)
    """
    lex = titles or default_titles()
    return word.lower().translate(_APOSTROPHES).strip(",;:") in lex.heads


def normalize_title(
    phrase: str, *, gazetteer: Gazetteer | None = None, titles: TitleLexicon | None = None
) -> str | None:
    """The canonical post a title phrase names, or None when the phrase is no title.

    >>> normalize_title("US Defense Secretary"), normalize_title("Israel's defence minister")
    ('Secretary of Defense', 'Minister of Defense')
    >>> normalize_title("the Russian foreign minister"), normalize_title("UN Secretary-General")
    ('Foreign Minister', 'Secretary-General')
    >>> normalize_title("a former deputy president of South Africa")
    'Former Deputy President of South Africa'
    >>> normalize_title("his Israeli counterpart") is None
    True
    """
    parsed = parse_title(phrase, gazetteer=gazetteer, titles=titles)
    return parsed.title if parsed else None


def parse_title(
    phrase: str, *, gazetteer: Gazetteer | None = None, titles: TitleLexicon | None = None
) -> ParsedTitle | None:
    """Normalise a title phrase and report the country or organisation it names.

    >>> parsed = parse_title("ECB President")
    >>> parsed.title, parsed.place.name
    ('President of the European Central Bank', 'European Central Bank')
    >>> parse_title("US ambassador in Moscow").title
    'Ambassador to Russia'
    """
    if gazetteer is None:
        from graphkit.nlp.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    lex = titles or default_titles()
    tokens = _tokens(phrase)
    former = False
    kept: list[str] = []
    for token in tokens:
        low = token.lower()
        if low in _FORMER:
            former = True
        elif low.startswith("ex-") and len(low) > 3:
            former = True
            kept.append(token[3:])
        elif low in _DETERMINERS and not kept:
            continue
        elif low in _DESCRIPTIVE:
            continue
        else:
            kept.append(token)
    if not kept:
        return None
    double = _double_post(kept, former, gazetteer, lex)
    if double is not None:
        return double
    split = _split_point(kept, lex)
    # "President Donald Trump's special envoy": a holder named with a possessive is not part of
    # the post, unless the possessive is a country or organisation ("Israel's defence minister")
    for i in range(split - 1, -1, -1):
        if _is_possessive(kept[i]):
            if not any(_place_at(kept[j:i + 1], 0, gazetteer, lex)[0] == i + 1 - j for j in range(i + 1)):
                kept, split = kept[i + 1:], split - i - 1
            break
    if not kept:
        return None
    place: Place | None = None
    org: Place | None = None
    head_tokens: list[str] = []
    pre = kept[:split]
    i = 0
    while i < len(pre):
        size, found = _place_at(pre, i, gazetteer, lex)
        if found is not None:
            if place is None:
                place = found
            if found.type == "Organization" and found.org_type != "government" and org is None:
                org = found
            i += size
            continue
        head_tokens.append(pre[i])
        i += 1
    rest = head_tokens + kept[split:]
    special = lex.by_org.get((place.key, " ".join(t.lower() for t in head_tokens))) if place else None
    if special is not None:
        # a journalistic name of one organisation's post ("NATO chief" -> "Secretary-General")
        entry, title, complement, org = special, special.canonical, kept[split:], None
    else:
        match = _longest_title(rest, lex)
        if match is None:
            return None
        start, end, entry = match
        named = set(entry.canonical.lower().split())
        modifiers = [
            t for t in rest[:start]
            if not _is_possessive(t) and t.lower() not in _DETERMINERS and t.lower() not in named
        ]
        title = " ".join([*(_title_case(m) for m in modifiers), entry.canonical])
        complement = rest[end:]
    text, complement_place = _complement(complement, entry, gazetteer, lex)
    if text:
        title = f"{title} {text}"
        if place is None and complement_place is not None and complement[0].lower() == "of":
            place = complement_place
    elif org is not None and entry.org_post:
        title = f"{title} of {_with_article(org.name)}"
    if former:
        title = f"Former {title}"
    return ParsedTitle(title, place, former)


def _double_post(tokens: list[str], former: bool, gazetteer: Gazetteer, lex: TitleLexicon) -> ParsedTitle | None:
    """Two posts of one person joined by "and" ("State Councilor and Foreign Minister",
    "Deputy Prime Minister and Foreign Minister"), each normalised on its own; None when
    the phrase is not two posts ("Minister of Commerce and Industry": "Industry" is none).

    The second post must start with a title word, so an "and" inside a complement ("of
    Trade and Industry") is passed over for a later one.
    """
    for i, token in enumerate(tokens):
        if token.lower() not in ("and", "&") or i == 0 or i == len(tokens) - 1:
            continue
        if not (tokens[i + 1].lower() in lex.words or tokens[i + 1].lower().split("-")[0] in lex.words):
            continue
        first = parse_title(" ".join(tokens[:i]), gazetteer=gazetteer, titles=lex)
        second = parse_title(" ".join(tokens[i + 1:]), gazetteer=gazetteer, titles=lex)
        if first is None or second is None:
            continue
        title = f"{first.title} and {second.title}"
        return ParsedTitle(f"Former {title}" if former else title, first.place or second.place, former)
    return None


def _tokens(phrase: str) -> list[str]:
    text = " ".join(phrase.translate(_APOSTROPHES).split())
    out = []
    for token in text.split():
        token = token.strip(",;:()\"")
        if token:
            out.append(token)
    return out


def _split_point(tokens: list[str], lex: TitleLexicon) -> int:
    """Index of the first preposition that starts a complement, not one inside a listed title
    ("secretary *of* state" is one title; "ambassador *to* Oman" has a complement)."""
    low = [t.lower() for t in tokens]
    for p, word in enumerate(low):
        if word not in PREPOSITIONS:
            continue
        spanned = any(
            " ".join(low[a:b]) in lex.entries
            for a in range(max(0, p - lex.max_words), p)
            for b in range(p + 2, min(len(low), a + lex.max_words) + 1)
        )
        if not spanned:
            return p
    return len(tokens)


def _is_possessive(token: str) -> bool:
    return token.endswith("'s") or token.endswith("s'")


def _place_at(tokens: list[str], i: int, gazetteer: Gazetteer, lex: TitleLexicon) -> tuple[int, Place | None]:
    """The longest country/organisation name starting at ``tokens[i]`` (possessive allowed)."""
    for size in range(min(6, len(tokens) - i), 0, -1):
        piece = " ".join(tokens[i:i + size])
        if size == 1 and piece.lower() in lex.heads:
            continue  # a title head is never read as a place here
        found = gazetteer.lookup(piece) or gazetteer.demonym(piece.removesuffix("'s"))
        if found is not None:
            return size, found
    return 0, None


def _longest_title(tokens: list[str], lex: TitleLexicon) -> tuple[int, int, TitleEntry] | None:
    """The longest listed title in ``tokens`` that ends the title part (before a complement)."""
    low = [t.lower() for t in tokens]
    best: tuple[int, int, TitleEntry] | None = None
    for start in range(len(low)):
        for end in range(min(len(low), start + lex.max_words), start, -1):
            entry = lex.entries.get(" ".join(low[start:end]))
            if entry is None:
                continue
            if end < len(low) and low[end] not in PREPOSITIONS:
                continue  # a title used as a modifier ("army chief spokesman")
            if best is None or end > best[1] or (end == best[1] and start < best[0]):
                best = (start, end, entry)
            break
    return best


def _complement(tokens: list[str], entry: TitleEntry, gazetteer: Gazetteer, lex: TitleLexicon) -> tuple[str, Place | None]:
    """The part of a post after its head ("to Oman", "of the Central Bank of Nigeria"), or ""."""
    if len(tokens) < 2:
        return "", None
    prep = tokens[0].lower()
    rest = tokens[1:]
    if prep == "from":
        return "", None  # "the senator from Ohio": a constituency, not the post
    if any(_is_possessive(t) for t in rest) or any(t.lower() in lex.heads for t in rest):
        # "adviser to Prime Minister Abiy Ahmed", "envoy of the president's office": a person
        return "", None
    while rest and rest[0].lower() in _DETERMINERS:
        rest = rest[1:]
    if not rest:
        return "", None
    head = entry.canonical.split()[0].lower()
    posted = head in _POSTED_TO or entry.phrase.split()[-1] in _POSTED_TO
    text = " ".join(rest)
    place = gazetteer.lookup(text)
    if place is None and not rest[0][:1].isupper():
        # "the breakaway region of Somaliland": the last place named
        found = gazetteer.find(text)
        place = found[-1][2] if found else None
    if place is None:
        if rest[0][:1].isupper() or prep in ("for", "on"):
            words = [w if w[:1].isupper() else _title_case(w) for w in rest]
            lead = "the " if tokens[1:2] and tokens[1].lower() == "the" else ""
            return f"{prep} {lead}{' '.join(words)}", None
        return "", None
    if place.type == "Country":
        if posted and prep in ("to", "in", "at"):
            return f"to {_with_article(place.name)}", place
        if prep in ("of", "for", "to"):
            return f"{prep} {_with_article(place.name)}", place
        return "", None
    if prep == "to" or (entry.org_post and prep in ("of", "at", "for")):
        return f"{'to' if prep == 'to' else 'of'} {_with_article(place.name)}", place
    return "", None


def _with_article(name: str) -> str:
    """ "the European Central Bank", "the United States", but "NATO", "Hamas", "Oman"."""
    if name.lower().startswith("the ") or len(name.split()) == 1:
        return name
    if _THE_NAMES.search(name) or any(w in name for w in ("Bank", "Council", "Commission", "Union", "Court", "Organization", "Organisation", "Nations", "Parliament", "Assembly", "Agency", "League", "Forum", "Group", "Fund", "Programme", "Front", "Army", "Party", "Office", "Department", "Ministry")):
        return f"the {name}"
    return name


def _title_case(word: str) -> str:
    low = word.lower()
    if low in _SMALL_WORDS:
        return low
    if word.isupper() and len(word) > 1:
        return word
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


TITLE_LABEL = "TITLE"
_LEADING_MODIFIERS = ("deputy", "vice", "acting", "interim", "former", "first", "senior", "assistant", "principal")


def title_patterns(*, titles: TitleLexicon | None = None) -> list[dict]:
    """Opt-in ``entity_ruler`` patterns that claim multi-word titles (label ``TITLE``, id = canonical).

    Added next to the gazetteer patterns, they stop the statistical NER from reading a title
    word as an organisation ("State" in "Secretary of State", "Defense" in "Defense
    Secretary"). Single words ("President", "General", "Major") are left out: as patterns
    they would also claim "Premier League" or "general election". Leading modifiers
    ("Deputy", "Acting", "Former") are included in the match.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> nlp.add_pipe("entity_ruler").add_patterns(title_patterns())
    >>> [(e.text, e.ent_id_) for e in nlp("Acting Defense Secretary Ana Ruiz met the UN Secretary-General").ents]
    [('Acting Defense Secretary', 'Secretary of Defense'), ('Secretary-General', 'Secretary-General')]
    """
    import spacy

    lex = titles or default_titles()
    tokenizer = spacy.blank("en").tokenizer
    patterns: list[dict] = []
    for entry in lex.entries.values():
        words = [t.text for t in tokenizer(entry.phrase)]
        if len(words) < 2:
            continue
        tokens: list[dict] = [{"LOWER": {"IN": list(_LEADING_MODIFIERS)}, "OP": "*"}]
        tokens += [{"LOWER": w} for w in words]
        patterns.append({"label": TITLE_LABEL, "pattern": tokens, "id": entry.canonical})
    return patterns
