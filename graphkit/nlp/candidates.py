"""Candidate pairs for the trained labeller: two actors a sentence names, with the features
that say how the sentence links them.

A candidate is one unordered pair of actors per sentence, oriented by the order in which the
sentence first mentions them (``first`` before ``second``); the labeller decides which
predicate (if any) holds and in which direction. Mentions are named actors, pronouns and
descriptions the entity table resolves ("the two leaders", "his guest", "her Russian
counterpart"), so a group mention stands for each of its members. The features are plain
strings (dependency path, words between, the verbs that govern each side, trigger words,
what the rules said), so the same code serves training and extraction.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from graphkit.nlp.entities import NUMBER_WORDS, describes_actor

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from graphkit.nlp.entities import EntityTable
    from graphkit.nlp.lexicon import Lexicon

# Words worth resolving although the NER tagged no actor there: pronouns and descriptions.
PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "their", "it", "its", "we", "our", "both"}
MAX_BETWEEN = 10  # words between two mentions kept as features; past it only "far"
MAX_PATH = 7  # dependency path length kept whole
MAX_MENTION_PAIRS = 2  # mention pairs read per actor pair (the closest)


@dataclass(frozen=True)
class MentionRef:
    """Where a sentence names actors: the head token and the actors it stands for."""

    head: int  # token index in the doc
    start: int  # first token index
    end: int  # one past the last token
    actors: tuple[int, ...]
    kind: str  # "name", "pronoun" or "description"


@dataclass(frozen=True)
class Candidate:
    """Two actors of one sentence and the features the labeller reads.

    ``first``/``second`` are actor indices of the article's entity table, ``first``
    mentioned first; ``anchor`` is the token that governs both (for status and date);
    ``carried`` the date the sentences before carry into this one.
    """

    first: int
    second: int
    features: tuple[str, ...]
    anchor: int
    start_char: int
    end_char: int
    evidence: str
    carried: str | None = None


def sentence_mentions(sent: Span, table: EntityTable) -> list[MentionRef]:
    """The actor mentions of a sentence, in order (names, then resolvable pronouns and descriptions)."""
    found: list[MentionRef] = []
    by_token = table.by_token
    i = sent.start
    while i < sent.end:
        token = sent.doc[i]
        if i in by_token:
            actor = by_token[i]
            j = i
            while j + 1 < sent.end and by_token.get(j + 1) == actor:
                j += 1
            span = sent.doc[i:j + 1]
            found.append(MentionRef(span.root.i, i, j + 1, (actor,), "name"))
            i = j + 1
            continue
        lower = token.lower_
        if lower in PRONOUNS or (token.pos_ == "NOUN" and describes_actor(token)) \
                or (token.pos_ == "NUM" and lower in NUMBER_WORDS):  # "called on the five"
            actors = tuple(a for a in table.resolve(token) if a is not None)
            if actors:
                kind = "pronoun" if lower in PRONOUNS else "description"
                found.append(MentionRef(i, i, i + 1, actors, kind))
        i += 1
    return found


def sentence_candidates(sent: Span, table: EntityTable, lexicon: Lexicon, *, offset: int = 0,
                        rule_labels: dict[tuple[int, int], set[str]] | None = None,
                        carried: str | None = None) -> list[Candidate]:
    """Every pair of distinct actors the sentence mentions, with its features.

    ``rule_labels`` maps an ordered actor pair ``(first, second)`` to the labels the rules
    gave it in this sentence (``met``, ``hosted>``, ...): they become features.
    """
    mentions = sentence_mentions(sent, table)
    if len(mentions) < 1:
        return []
    # Each actor's mentions, and where the actor is first named in the sentence.
    by_actor: dict[int, list[MentionRef]] = {}
    for mention in mentions:
        for actor in mention.actors:
            by_actor.setdefault(actor, []).append(mention)
    if len(by_actor) < 2:
        return []
    order = sorted(by_actor, key=lambda a: (by_actor[a][0].start, a))
    shared = _sentence_features(sent, lexicon)
    doc = sent.doc
    evidence, start_char, end_char = sent.text.strip(), sent.start_char + offset, sent.end_char + offset
    out: list[Candidate] = []
    for first, second in combinations(order, 2):
        features: set[str] = set(shared)
        # The closest mentions of the two say most; more pairs add cost and noise.
        pairs = sorted(((x, y) for x in by_actor[first] for y in by_actor[second]),
                       key=lambda pair: abs(pair[0].head - pair[1].head))[:MAX_MENTION_PAIRS]
        for x, y in pairs:
            features.update(_pair_features(doc[x.head], doc[y.head], x, y, lexicon))
        x, y = pairs[0]
        anchor = _lowest_common_ancestor(doc[x.head], doc[y.head]).i
        features.update(_actor_features("A", first, by_actor[first], table))
        features.update(_actor_features("B", second, by_actor[second], table))
        types = f"{table.type(first)}-{table.type(second)}"
        features.add(f"types={types}")
        if table.acts_for(first, second) or table.acts_for(second, first):
            features.add("own_side")
        if table.type(first) == table.type(second) == "Person" \
                and table.actors[first].affiliation and table.actors[first].affiliation == table.actors[second].affiliation:
            features.add("same_affiliation")
        labels = sorted((rule_labels or {}).get((first, second), ()))
        features.update(f"rule={label}" for label in labels)
        if labels:
            features.add("rule_any")
        out.append(Candidate(first, second, tuple(sorted(features)), anchor,
                             start_char, end_char, evidence, carried))
    return out


def mirror_label(label: str) -> str:
    """The same label seen from the other side: ``hosted>`` is ``hosted<``; symmetric ones stay."""
    if label.endswith(">"):
        return label[:-1] + "<"
    if label.endswith("<"):
        return label[:-1] + ">"
    return label


def mirror_features(features: Iterable[str]) -> tuple[str, ...]:
    """The features of the same pair with its sides swapped, as if ``second`` had been
    mentioned first: what holds of A holds of B, paths run the other way.

    Training on both orientations lets what is learnt of "X criticized Y" serve "Y was
    criticized by X" too (the mirror of a candidate carries the mirrored labels).

    >>> mirror_features(["A_role=nsubj:meet", "path=nsubj|meet|dobj", "rule=hosted>", "bias"])
    ('B_role=nsubj:meet', 'bias', 'path=dobj|meet|nsubj', 'rule=hosted<')
    """
    return tuple(sorted(_mirror_feature(f) for f in features))


def _mirror_feature(feature: str) -> str:
    # Every feature that names a side is written here; the rest read both sides alike.
    if feature.startswith("A_"):
        return "B_" + feature[2:]
    if feature.startswith("B_"):
        return "A_" + feature[2:]
    key, _, value = feature.partition("=")
    if key == "order":
        return "order=" + value[::-1]
    if key in ("path", "dpath", "roles", "frame"):
        return f"{key}=" + "|".join(reversed(value.split("|")))
    if key == "btw":
        order, _, word = value.partition(":")
        return f"btw={order[::-1]}:{word}"
    if key == "types":
        first, _, second = value.partition("-")
        return f"types={second}-{first}"
    if key == "rule":
        return "rule=" + mirror_label(value)
    return feature


def _sentence_features(sent: Span, lexicon: Lexicon) -> set[str]:
    features = {"bias"}
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "NOUN", "AUX"):
            pos = "NOUN" if token.pos_ == "NOUN" else "VERB"
            for trigger in lexicon.frames(lemma, pos):
                features.add(f"lex={trigger.predicate}")
        if token.pos_ == "VERB":
            features.add(f"verb={lemma}")
        if token.dep_ == "neg":
            features.add("neg")
        if token.dep_ == "aux" and token.lower_ in ("will", "would", "could", "should", "may", "might", "must"):
            features.add(f"modal={token.lower_}")
    return features


def _actor_features(side: str, actor: int, mentions: Iterable[MentionRef], table: EntityTable) -> set[str]:
    features = {f"{side}_type={table.type(actor)}"}
    for mention in mentions:
        features.add(f"{side}_kind={mention.kind}")
        if len(mention.actors) > 1:
            features.add(f"{side}_group")
    return features


def _pair_features(x: Token, y: Token, mx: MentionRef, my: MentionRef, lexicon: Lexicon) -> set[str]:
    """What links one mention of the first actor (``x``) to one of the second (``y``)."""
    features: set[str] = set()
    if x.i == y.i:
        # One group mention names both ("the two leaders met"): what its head does.
        verb, role = _governor(x)
        features.add(f"G_role={role}:{verb}")
        features.add(f"G_verb={verb}")
        features.add(f"G_word={x.lemma_.lower()}")
        features.update(f"G_role={role}:@{c}" for c in _classes(verb, lexicon))
        return features
    order = "AB" if x.i < y.i else "BA"
    features.add(f"order={order}")
    lca = _lowest_common_ancestor(x, y)
    up = _chain(x, lca)
    down = _chain(y, lca)
    path_a = "^".join(t.dep_ for t in up[:-1])
    path_b = "^".join(t.dep_ for t in down[:-1])
    lca_lemma = lca.lemma_.lower()
    features.add(f"lca={lca_lemma}")
    features.add(f"lca_pos={lca.pos_}")
    if len(up) + len(down) <= MAX_PATH:
        features.add(f"path={path_a}|{lca_lemma}|{path_b}")
        features.add(f"dpath={path_a}|{lca.pos_}|{path_b}")
    for token in (*up[1:-1], *down[1:-1]):
        features.add(f"pathw={token.lemma_.lower()}")
    for token in (*up[:-1],):
        if token.dep_ == "pobj":
            features.add(f"A_prep={token.head.lower_}")
    for token in (*down[:-1],):
        if token.dep_ == "pobj":
            features.add(f"B_prep={token.head.lower_}")
    verb_a, role_a = _governor(x)
    verb_b, role_b = _governor(y)
    features.add(f"A_role={role_a}:{verb_a}")
    features.add(f"B_role={role_b}:{verb_b}")
    features.add(f"A_dep={role_a}")
    features.add(f"B_dep={role_b}")
    features.add(f"roles={role_a}|{role_b}")
    # The lexicon's reading of the governing verbs generalises past the words of the corpus.
    features.update(f"A_role={role_a}:@{c}" for c in _classes(verb_a, lexicon))
    features.update(f"B_role={role_b}:@{c}" for c in _classes(verb_b, lexicon))
    if verb_a == verb_b:
        features.add(f"frame={role_a}|{verb_a}|{role_b}")
        features.update(f"frame={role_a}|@{c}|{role_b}" for c in _classes(verb_a, lexicon))
    lca_verb, lca_role = _governor(lca) if lca.pos_ not in ("VERB", "AUX") else (lca_lemma, "self")
    features.add(f"lca_gov={lca_verb}")
    features.add(f"lca_gov_role={lca_role}:{lca_verb}")
    features.update(f"lca_gov=@{c}" for c in _classes(lca_verb, lexicon))
    features.update(f"lca=@{c}" for c in _classes(lca_lemma, lexicon))
    left, right = (mx, my) if x.i < y.i else (my, mx)
    between = x.doc[left.end:right.start] if left.end <= right.start else x.doc[0:0]
    if len(between) > MAX_BETWEEN:
        features.add("btw=far")
    else:
        words = [t.lemma_.lower() for t in between if not t.is_punct or t.text in (",", ";")]
        features.add(f"btw_len={min(len(words), 6)}")
        features.update(f"btw={order}:{w}" for w in words)
        features.update(f"btw2={a}_{b}" for a, b in zip(words, words[1:]))
        if not words:
            features.add("adjacent")
    return features


def _classes(lemma: str, lexicon: Lexicon) -> set[str]:
    """The predicates the lexicon gives a lemma, as a verb or a noun."""
    return {t.predicate for pos in ("VERB", "NOUN") for t in lexicon.frames(lemma, pos)}


def _chain(token: Token, top: Token) -> list[Token]:
    """The tokens from ``token`` up to ``top`` (both included)."""
    out = [token]
    current = token
    while current.i != top.i and current.head.i != current.i:
        current = current.head
        out.append(current)
    return out


def _lowest_common_ancestor(x: Token, y: Token) -> Token:
    ancestors = {x.i}
    current = x
    while current.head.i != current.i:
        current = current.head
        ancestors.add(current.i)
    current = y
    while current.i not in ancestors and current.head.i != current.i:
        current = current.head
    return current if current.i in ancestors else x.sent.root


def _governor(token: Token) -> tuple[str, str]:
    """The verb (or clause head) above a mention, and how the mention hangs on it:
    ``nsubj``, ``dobj``, ``pobj-with``, ``poss-nsubj`` ..."""
    role: list[str] = []
    current = token
    for _ in range(6):
        if current.head.i == current.i:
            break
        dep = current.dep_
        if dep == "pobj":
            dep = f"pobj-{current.head.lower_}"
            current = current.head  # the preposition
        elif dep in ("conj", "appos", "compound"):
            current = current.head
            continue
        role.append(dep)
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            break
    return current.lemma_.lower(), "-".join(role[:2]) or "root"
