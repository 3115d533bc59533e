"""Forced sentence breaks: no sentence the parser sees is longer than a bound.

Text from the open web is not always punctuated (a scraped list, a page of tags, an
attack): two megabytes of words without a full stop would be one sentence, and what
runs per sentence downstream (actor pairs, dependency paths) grows with its square.
:func:`force_sentence_breaks` marks a sentence start after every
:data:`MAX_SENTENCE_TOKENS` tokens that went by without a sentence end; spaCy's parser
keeps sentence starts set before it runs, and decides the rest itself. Ordinary news
prose never comes near the bound, so it is parsed exactly as before.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The longest sentences of the annotated news corpora run to about 100 tokens.
MAX_SENTENCE_TOKENS = 150

# Tokens after which the parser may well start a new sentence: the count starts again.
_SENTENCE_ENDS = frozenset({".", "!", "?", "…", ";", "。", "！", "？"})


def force_sentence_breaks(doc: Doc, max_tokens: int = MAX_SENTENCE_TOKENS) -> Doc:
    """Mark a sentence start on ``doc`` (tokenised, not yet parsed) after every ``max_tokens``
    tokens without a sentence end (``.``, ``!``, ``?``, ``;`` or a line break); returns ``doc``.

    >>> import spacy
    >>> doc = force_sentence_breaks(spacy.blank("en")("one two three four five"), max_tokens=2)
    >>> [token.i for token in doc if token.is_sent_start]
    [0, 2, 4]
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    run = 0
    for token in doc:
        if run >= max_tokens:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text in _SENTENCE_ENDS or (token.is_space and "\n" in token.text):
            run = 0
    return doc
