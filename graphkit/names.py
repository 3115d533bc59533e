"""How graphkit compares the names of people and organisations: one normaliser for all.

Resolution across articles (``graphkit.resolve``), the office-holder data
(``graphkit.nlp.officeholders``), the gold reader, ``graphkit ask`` and ``--ego`` /
``--path`` (``graphkit.query.match_actor``) all compare names in the form
:func:`normalize_name` gives, so "el-Sisi", "El Sisi" and "al-Sisi" are one spelling
everywhere. :class:`KnownActor` is what every matcher knows of an actor.

>>> normalize_name("Abdel Fattah el-Sisi") == normalize_name("abdel fattah AL SISI")
True
>>> strip_honorifics(normalize_name("H.E. President Recep Tayyip Erdoğan"))
'recep tayyip erdogan'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Letters NFKD leaves alone because Unicode does not treat them as a base letter plus a mark.
_UNDECOMPOSED = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ß": "ss",
})
_APOSTROPHE = "['\u2019\u2018\u02bc`]"
_POSSESSIVE = re.compile(_APOSTROPHE + r"s\b")
_DROPPED = re.compile(_APOSTROPHE + r"|\.")  # "O'Brien" is "obrien", "U.S." is "us"
_NON_WORD = re.compile(r"[\W_]+")
# The Arabic article is written "al-" or "el-" for the same name ("al-Sisi", "el-Sisi").
_ARTICLE = re.compile(r"\bel (?=\w)")

#: Short forms of address and ranks written before a name ("Mr", "Gen.", "H.E.", "Sheikh"),
#: lower case without their dot; the extractor's NER checks read them too. Offices the
#: extractor keeps as a person's title ("Cardinal Matteo Zuppi") are not among them.
FORMS_OF_ADDRESS = frozenset("""
mr mrs ms miss dr prof sir dame lord lady h.e gen maj lt col adm sen rep gov pres ayatollah
sheikh prince princess king queen emir sultan pope comrade
""".split())
#: Words of the styles of address ("His Royal Highness", "Her Excellency"), which name no one.
STYLES = frozenset("""
his her their royal highness highnesses majesty majesties excellency excellencies holiness
eminence beatitude serene
""".split())
#: Every word that can precede a name as a title, honorific or form of address ("Secretary
#: Austin", "H.E. Mr Lavrov", "US President Biden"); :func:`strip_honorifics` drops them from
#: the front of a name.
HONORIFICS = FORMS_OF_ADDRESS | STYLES | frozenset("""
he the us president vice prime minister deputy secretary general undersecretary under assistant
foreign defense defence state interior finance trade chancellor premier crown ambassador envoy
special representative senator congressman congresswoman governor mayor chief director
commissioner high spokesperson spokesman spokeswoman admiral colonel lieutenant cardinal
national security adviser advisor press supreme leader counterpart
""".split())


def normalize_name(text: str) -> str:
    """The form every matcher compares names in: lower case, no accents, no apostrophes, dots
    or possessive ``'s``, other punctuation and hyphens as spaces, "el" read as "al".

    >>> normalize_name("  Jean-Noël   BARROT ")
    'jean noel barrot'
    >>> normalize_name("Robert O’Brien"), normalize_name("Mariusz Błaszczak"), normalize_name("Xi’s  Office!")
    ('robert obrien', 'mariusz blaszczak', 'xi office')
    >>> normalize_name("Lloyd J. Austin"), normalize_name("U.S.")
    ('lloyd j austin', 'us')
    """
    text = unicodedata.normalize("NFKD", (text or "").translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _DROPPED.sub("", _POSSESSIVE.sub("", text))
    text = " ".join(_NON_WORD.sub(" ", text).split())
    return _ARTICLE.sub("al ", text)


def strip_honorifics(normalized: str) -> str:
    """A normalised name without the titles and forms of address before it (never empty
    when the name is not: a lone "Minister" stays).

    >>> strip_honorifics("foreign minister wang yi"), strip_honorifics("the minister")
    ('wang yi', 'minister')
    """
    words = normalized.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


@dataclass
class KnownActor:
    """An actor as the name matchers see it: IRI, label, kind and every name it goes by,
    with the titles and affiliations (IRIs) articles gave it.

    One store reader fills it (:func:`graphkit.graph.known_actors`, for ``ask`` and ``--ego``
    and, with posts, for the resolver); :func:`graphkit.query.match_actor` and
    :class:`graphkit.resolve.Resolver` match names against it.
    """

    iri: str
    label: str
    kind: str | None = None
    names: set[str] | frozenset[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)

    def normalised_names(self) -> set[str]:
        """Every name and the label in :func:`normalize_name` form."""
        return {normalize_name(n) for n in {*self.names, self.label}}


__all__ = ["FORMS_OF_ADDRESS", "HONORIFICS", "STYLES", "KnownActor", "normalize_name", "strip_honorifics"]
