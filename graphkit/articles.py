"""Read inputs (files, folders, globs, stdin) into :class:`~graphkit.records.Article` records.

Formats, chosen by file extension:

- ``.txt`` / ``.md`` (and stdin): optional YAML front matter between leading ``---``
  lines (``title``, ``date``, ``source``, ``url``); the rest is the article text. A text
  without front matter may open with short headline lines (a title, a sub-headline: see
  :func:`split_headlines`): they are not part of the text, and the first is the title.
- ``.html`` / ``.htm``: main text through trafilatura (no navigation or boilerplate),
  title, date, url and site name from the page metadata. Never touches the network.
- ``.json``: one object or a list of objects; ``.jsonl``: one object per line.
  Fields: ``text|body|content`` (required), ``title|headline``,
  ``date|published|published_at``, ``url``, ``source|publisher``, optional ``id``.

A bad input never stops a batch: :func:`read_articles` reports it as a
:class:`~graphkit.records.Failure` and goes on. Heavy libraries (trafilatura, yaml,
dateutil, dateparser) are imported only when an input needs them.
"""
from __future__ import annotations

import calendar
import codecs
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from graphkit.errors import InputError
from graphkit.records import Article, Failure

__all__ = [
    "SUFFIXES",
    "iter_sources",
    "read_articles",
    "read_article_file",
    "parse_text",
    "split_headlines",
    "content_id",
    "parse_date",
    "MAX_ARTICLE_MB",
]

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES

# Field names accepted in JSON records and front matter; the first one present wins.
TEXT_FIELDS = ("text", "body", "content")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at")
URL_FIELDS = ("url",)
SOURCE_FIELDS = ("source", "publisher")

# Publication years outside this range are typos or placeholders (0001-01-01, 9999-12-31).
MIN_YEAR = 1900
MAX_YEAR = 2100
# An all-digit date: year, month and day in some order, a time possibly after it.
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./ -](\d{1,2})[./ -](\d{1,4})(?!\d)")

_GLOB_CHARS = re.compile(r"[*?[]")
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")
# C0 and C1 control characters but tab, line feed and carriage return (whitespace, tidied apart).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A lone surrogate (JSON can escape one: "\\ud800") is no character: no UTF-8 can carry it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A charset declared in an HTML page's head (<meta charset> or http-equiv content-type).
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 8192
_BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ID_SCHEME = b"graphkit-article/1"

# Headlines at the top of a plain-text article (see split_headlines). A headline is a short
# line of its own; more short lines than this in a row are a list or verse, not headlines.
HEADLINE_MAX_WORDS = 15
HEADLINE_MAX_LINES = 3
# How a line that is no headline ends: a sentence (full stop, ellipsis), a clause cut by a
# hard wrap (comma, semicolon, colon), or a dateline leading into the body ("KYIV, May 2 -").
_NOT_HEADLINE_END = re.compile(r"[.,;:…\-–—]$")
# ... but an initialism at the end of a headline is not a full stop ("Blinken lands in the U.S.").
_INITIALISM_END = re.compile(r"(?:\b[A-Z]\.){2,}$")
# Quotes, brackets and emphasis around a line's words ("“We will not give up”", "**Title**").
_OPENERS = "\"'“‘«*_(["
_CLOSERS = "\"'”’»)]*_ \t"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+")


class _Reject(Exception):
    """Internal: an input is bad for ``reason``; the caller knows which source it is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------
# Sources


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | Path]:
    """Expand command-line inputs into the files to read, in input order.

    Folders are walked recursively in sorted order, keeping only files with a known
    extension (:data:`SUFFIXES`) and skipping hidden files and folders, graphkit's own
    outputs (a map it wrote, a store folder) and README/LICENSE-style files. Symlinked
    folders are followed, each real folder once (a link back up the tree is no loop).
    Globs (``"examples/**/*.txt"``) are expanded the same way. ``"-"`` (stdin) is passed
    through. A path that does not exist, a folder without article files and a file with
    an unsupported extension are yielded as they are (a :class:`Path`): reading reports
    them. A glob that matches nothing is yielded as its pattern (a ``str``). A file
    reached twice (by two paths, a folder and a file in it, a symlink) is yielded once.
    Folders that cannot be read are left out here; :func:`read_articles` reports them.

    >>> list(iter_sources(["-", "no/such/file.txt"]))
    ['-', PosixPath('no/such/file.txt')]
    """
    for source in _sources(paths):
        if not isinstance(source, Failure):
            yield source


def _sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | Path | Failure]:
    """:func:`iter_sources`, with a Failure for each folder that cannot be read."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not an iterable of characters
    seen: set[Path] = set()

    def fresh(path: Path) -> bool:
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for given in paths:
        raw = os.fspath(given)
        if raw == STDIN:
            yield STDIN
            continue
        if _GLOB_CHARS.search(raw) and not os.path.lexists(raw):
            matches, problems = _expand_glob(raw)
            if not matches and not problems:
                yield raw
        else:
            path = Path(raw)
            if not path.is_dir():
                if not path.exists() or fresh(path):
                    yield path
                continue
            matches, problems = _walk(path)
            if not matches and not problems:
                yield path
        yield from problems
        yield from (p for p in matches if fresh(p))


# A folder's own documentation is not an article (given explicitly, it is read).
_NOT_ARTICLES = {"readme", "license", "licence", "changelog", "contributing"}
# What every RocksDB folder (an Oxigraph store) holds; no folder of articles does.
_STORE_FILES = ("CURRENT", "IDENTITY")
# graphkit writes this into the head of every map (graphkit/templates/map.html).
MAP_MARKER = b'<meta name="generator" content="graphkit map">'


def _walk(folder: Path) -> tuple[list[Path], list[Failure]]:
    """(article files under ``folder``, one Failure per sub-folder that cannot be read).

    Recursive, sorted by path parts; hidden files and folders, README/LICENSE-style
    files, store folders and graphkit's maps are skipped. Symlinked folders are followed,
    but each real folder is entered once, so a link to an ancestor is no loop.
    """
    found: list[Path] = []
    problems: list[Failure] = []
    entered: set[tuple[int, int]] = set()

    def unreadable(error: OSError) -> None:
        where = error.filename or folder
        problems.append(Failure(str(where), f"cannot read this folder ({_os_reason(error)}); its articles are skipped"))

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        here = _identity(root)
        if here is None or here in entered or _is_store(root, files):
            dirs[:] = []
            continue
        entered.add(here)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(root, name) for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
            and Path(name).stem.lower() not in _NOT_ARTICLES
            and not _is_graphkit_map(Path(root, name))
        )
    # Sorting the parts (not the joined string) keeps a folder's files together and
    # gives the same order on every machine, whatever os.walk's order was.
    return sorted(found, key=lambda p: p.relative_to(folder).parts), problems


def _identity(folder: str) -> tuple[int, int] | None:
    """(device, inode) of a folder, the same by any path or symlink; None if it is gone."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _is_store(folder: str, files: list[str]) -> bool:
    """Is ``folder`` an embedded store (RocksDB under Oxigraph), not a folder of articles?"""
    return all(name in files for name in _STORE_FILES) and any(n.startswith("MANIFEST-") for n in files)


def _is_graphkit_map(path: Path) -> bool:
    """Is ``path`` a map graphkit wrote (its marker in the head)?"""
    if path.suffix.lower() not in HTML_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            return MAP_MARKER in handle.read(_SNIFF_BYTES)
    except OSError:
        return False  # reading it will say what is wrong


def _is_map_page(data: bytes) -> bool:
    """Is this page a map graphkit wrote: its marker, or (maps written before the marker)
    the map's own network element and script together?"""
    return MAP_MARKER in data[:_SNIFF_BYTES] or (b'<div id="gk-network"' in data and b"window.graphkitMap" in data)


def _expand_glob(pattern: str) -> tuple[list[Path], list[Failure]]:
    import glob

    found: list[Path] = []
    problems: list[Failure] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.is_dir():
            files, trouble = _walk(path)
            found.extend(files)
            problems.extend(trouble)
        elif path.suffix.lower() in SUFFIXES and not _is_graphkit_map(path):
            found.append(path)
    return found, problems


# ---------------------------------------------------------------------------
# Public readers

# The largest article read by default, in MB (1 MB = 1,000,000 bytes): --max-article-mb.
MAX_ARTICLE_MB = 5.0
# A .json file is parsed whole, so it is bounded too: this many articles' worth.
JSON_FILE_ARTICLES = 10


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    default_date: date | None = None,
    on_error: Callable[[Failure], None] | None = None,
    stdin: TextIO | None = None,
    max_article_mb: float | None = MAX_ARTICLE_MB,
) -> Iterator[Article]:
    """Stream the articles of files, folders, globs and ``"-"`` (stdin), in input order.

    A bad input (or one bad record of a JSON/JSONL file) is passed to
    ``on_error(Failure(source, reason))`` and reading goes on with the next one; with
    no ``on_error`` it raises :class:`~graphkit.errors.InputError` instead.
    ``default_date`` fills ``published`` for inputs that carry no date.

    An article larger than ``max_article_mb`` (a file, a JSONL line, stdin, a JSON
    record's text; None or 0: no limit) is a bad input. Each article is read once per
    call: the same file by two paths, or the same article twice, gives one article. Two
    different articles with the same ``url`` would be the same article in the graph
    (see :func:`graphkit.rdf.article_key`): the later one is a bad input naming both.

    >>> import io
    >>> [a.title for a in read_articles(["-"], stdin=io.StringIO("---\\ntitle: Hi\\n---\\nBody."))]
    ['Hi']
    """
    from graphkit.rdf import article_key

    limit = _limit_bytes(max_article_mb)
    # identity → (content hash, where) of the article first read under it: not the article
    # itself, so a long run does not hold every text it has read.
    first_reading: dict[str, tuple[str, str]] = {}
    for source in _sources(paths):
        if isinstance(source, Failure):
            results: Iterable[Article | Failure] = [source]
        elif source == STDIN:
            results = [_read_stdin(stdin, default_date, limit)]
        elif isinstance(source, str):
            results = [Failure(source, "no file matches this pattern")]
        else:
            results = _iter_file(source, default_date, limit)
        for result in results:
            if isinstance(result, Article):
                key = article_key(result)
                if key not in first_reading:
                    first_reading[key] = (result.id, result.path or result.name)
                    yield result
                    continue
                earlier_id, earlier_where = first_reading[key]
                if earlier_id == result.id:
                    continue  # the very same article again (a copy): read once
                result = _same_url(result, earlier_where)
            if on_error is None:
                raise InputError(result.source, result.reason)
            on_error(result)


def _same_url(later: Article, earlier: str) -> Failure:
    """The failure of an article whose url an earlier, different article of the batch (read
    from ``earlier``) has."""
    return Failure(
        later.path or later.name,
        f"same url {later.url!r} as {earlier} (read earlier in this batch) but not "
        "the same article; not stored, so neither replaces the other: give each its own url",
    )


def _limit_bytes(max_article_mb: float | None) -> int | None:
    if not max_article_mb:
        return None
    if max_article_mb < 0:
        raise ValueError(f"max_article_mb must be positive, not {max_article_mb}")
    return int(max_article_mb * 1_000_000)


def _too_large(size: int | None, limit: int, what: str = "article") -> _Reject:
    """The reason an input over ``limit`` bytes is refused (``size`` None: not known)."""
    measured = f"{_megabytes(size)} MB, " if size is not None else ""
    return _Reject(f"{what} too large: {measured}over the limit of {limit / 1e6:g} MB (--max-article-mb)")


def _megabytes(size: int) -> str:
    """'20.0' for 20 MB, '0.0022' for a small size (never a misleading '0.0')."""
    return f"{size / 1e6:.1f}" if size >= 100_000 else f"{size / 1e6:.2g}"


def read_article_file(path: str | os.PathLike[str], *, default_date: date | None = None,
                      max_article_mb: float | None = MAX_ARTICLE_MB) -> list[Article]:
    """Read one file (any supported format) into its articles.

    Raises :class:`~graphkit.errors.InputError` for the file's first problem (for a
    JSON/JSONL file: its first bad record); use :func:`read_articles` to skip bad
    records instead. ``max_article_mb`` as in :func:`read_articles`.
    """
    articles = []
    for result in _iter_file(Path(path), default_date, _limit_bytes(max_article_mb)):
        if isinstance(result, Failure):
            raise InputError(result.source, result.reason)
        articles.append(result)
    return articles


def parse_text(
    text: str, *, name: str, path: str | None = None, default_date: date | None = None
) -> Article:
    """Turn the content of a ``.txt``/``.md`` file into an Article.

    Optional YAML front matter between leading ``---`` lines gives ``title``, ``date``,
    ``source`` and ``url`` (other keys are ignored); the rest, stripped, is the text.
    Raises :class:`~graphkit.errors.InputError` (source: ``path`` or else ``name``).

    >>> a = parse_text("---\\ntitle: Talks\\ndate: May 23, 2024\\n---\\nA met B.", name="a.txt")
    >>> a.title, a.published.isoformat(), a.text
    ('Talks', '2024-05-23', 'A met B.')
    """
    try:
        return _parse_text(text, name=name, path=path, default_date=default_date)
    except _Reject as bad:
        raise InputError(path or name, bad.reason) from None


def split_headlines(text: str) -> tuple[tuple[str, ...], str]:
    """(headline lines, body) of a plain text whose first short lines are headlines.

    Raw news copy often opens with its title and a sub-headline on lines of their own.
    Left in the text, they run into the first sentence of the body (they end with no full
    stop), so the parser reads "... meets Lloyd Austin\\nGallant said" as one sentence
    and the NER makes one name of two people. A headline is a line of at most
    :data:`HEADLINE_MAX_WORDS` words that starts a sentence (capital letter, digit, quote
    or Markdown ``#``) and does not end like a sentence or a hard-wrapped clause (full
    stop, comma, semicolon, colon, dash). At most :data:`HEADLINE_MAX_LINES` of them, and
    the body must start right after them, with a new sentence (no lower-case
    continuation), either after a blank line or on a line longer than a headline: that is
    what tells a headline from the first line of a hard-wrapped paragraph. Otherwise the
    text has no headlines and is returned whole.

    Headlines keep their words (Markdown ``#`` marks dropped, spaces tidied); the body
    keeps its own characters, from its first line on.

    >>> split_headlines("Talks in Lima\\nA first round ends\\n\\nPeru and Chile met on Monday.")
    (('Talks in Lima', 'A first round ends'), 'Peru and Chile met on Monday.')
    >>> split_headlines("Peru and Chile met on Monday\\nin Lima to discuss trade.")
    ((), 'Peru and Chile met on Monday\\nin Lima to discuss trade.')
    """
    lines = text.split("\n")
    headlines: list[str] = []
    blank_before = False
    for number, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            blank_before = True
        elif _is_headline(line):
            if len(headlines) == HEADLINE_MAX_LINES:
                break  # a list of short lines, not headlines
            headlines.append(_clean(_MARKDOWN_HEADING.sub("", line)) or line)
            blank_before = False
        elif headlines and _starts_body(line, blank_before):
            return tuple(headlines), "\n".join(lines[number:])
        else:
            break
    return (), text


def _is_headline(line: str) -> bool:
    """A stripped line that can be a headline by its own shape (see :func:`split_headlines`)."""
    if not any(c.isalpha() for c in line) or len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    first = _MARKDOWN_HEADING.sub("", line).lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    end = line.rstrip(_CLOSERS)
    return not _NOT_HEADLINE_END.search(end) or bool(_INITIALISM_END.search(end))


def _starts_body(line: str, after_blank: bool) -> bool:
    """The stripped line can open the body: a new sentence, after a blank line or as a line
    longer than any headline (a paragraph written on one line, not a hard-wrapped one), or
    a dateline on a line of its own ("KYIV, March 3 (Wire) -")."""
    first = line.lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False  # a lower-case line continues a wrapped sentence
    return after_blank or len(line.split()) > HEADLINE_MAX_WORDS or line.rstrip().endswith(("-", "–", "—"))


def content_id(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    source: str | None = None,
) -> str:
    """The stable id of an article: sha256 (first 16 hex digits) of its text and metadata.

    The same text and metadata give the same id on every run and machine.

    >>> content_id("A met B.") == content_id("A met B.") != content_id("A met C.")
    True
    """
    digest = hashlib.sha256(_ID_SCHEME)
    fields = (text, title, published.isoformat() if published else None, url, source)
    for value in fields:
        # Length-prefixed fields, so ("ab", None) and ("a", "b") can never collide.
        data = b"" if value is None else value.encode("utf-8")
        digest.update(b"\x00" if value is None else b"\x01%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------
# One file


def _iter_file(path: Path, default_date: date | None, limit: int | None = None) -> Iterator[Article | Failure]:
    given = str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        yield Failure(given, f"no article files ({' '.join(SUFFIXES)}) in this directory")
        return
    if suffix not in SUFFIXES:
        if path.exists():
            kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
            yield Failure(given, f"unsupported file type {kind}; expected one of {' '.join(SUFFIXES)}")
        else:
            yield Failure(given, "no such file or directory")
        return
    # The article's identity when it has no url: the file itself, by whatever path it
    # was named ("mine", "/abs/mine", "." are one folder; a symlink is its target).
    where = str(path.resolve())
    try:
        if suffix == ".jsonl":
            yield from _iter_jsonl(path, given, where, default_date, limit)
        elif suffix == ".json":
            yield from _iter_json(path, given, where, default_date, limit)
        elif suffix in HTML_SUFFIXES:
            yield _parse_html(_read_bytes(path, limit), name=path.name, path=where, default_date=default_date)
        else:
            text = _decode(_read_bytes(path, limit))
            yield _parse_text(text, name=path.name, path=where, default_date=default_date)
    except _Reject as bad:
        yield Failure(given, bad.reason)


def _read_bytes(path: Path, limit: int | None, what: str = "article") -> bytes:
    """The file's bytes; a file over ``limit`` bytes is refused before it is read whole."""
    with _open_binary(path) as handle:
        try:
            data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as error:
            raise _Reject(_os_reason(error)) from None
        if limit is not None and len(data) > limit:
            raise _too_large(_size(path, len(data)), limit, what)
    return data


def _size(path: Path, at_least: int) -> int:
    try:
        return max(path.stat().st_size, at_least)
    except OSError:
        return at_least


def _open_binary(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as error:
        raise _Reject(_os_reason(error)) from None


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def _decode(data: bytes, *, offset: int = 0) -> str:
    """Bytes → text: UTF-8 (with or without BOM) or UTF-16 with a BOM; else _Reject."""
    if data.startswith(_BOMS_UTF16):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _Reject(f"not UTF-16 text (bad bytes at offset {offset + error.start})") from None
    if b"\x00" in data:
        raise _Reject("binary file, not text")
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        at = start + error.start
        raise _Reject(f"not UTF-8 text (byte 0x{data[at]:02x} at offset {offset + at})") from None


def _read_stdin(stream: TextIO | None, default_date: date | None, limit: int | None = None) -> Article | Failure:
    stream = sys.stdin if stream is None else stream
    try:
        buffer = getattr(stream, "buffer", None)
        # Decode the raw bytes ourselves so stdin gets the same checks as a file,
        # whatever the terminal's locale encoding is.
        if buffer is not None:
            data = buffer.read() if limit is None else buffer.read(limit + 1)
            if limit is not None and len(data) > limit:
                raise _too_large(None, limit)
            text = _decode(data)
        else:
            text = stream.read() if limit is None else stream.read(limit + 1)
            if limit is not None and len(text.encode("utf-8")) > limit:
                raise _too_large(len(text.encode("utf-8")), limit)
        if "\x00" in text:
            raise _Reject("binary file, not text")
        article = _parse_text(text, name="stdin", path=None, default_date=default_date)
    except _Reject as bad:
        return Failure("stdin", bad.reason)
    # Piped text has no file to name it: its identity is its content hash, so two
    # different piped articles are two articles (an edited one is a new one).
    return replace(article, path=f"stdin:{article.id}") if article.url is None else article


# ---------------------------------------------------------------------------
# Formats


def _parse_text(text: str, *, name: str, path: str | None, default_date: date | None) -> Article:
    meta, body = _split_front_matter(_newlines(text).removeprefix("\ufeff"))
    # Only a raw text's headlines: with front matter the metadata says what the title is,
    # and the body is read as written (it is how the annotated articles come).
    if not meta:
        headlines, body = split_headlines(body.strip())
        if headlines:
            meta = {TITLE_FIELDS[0]: headlines[0]}
    return _article_with_meta(body, meta, name=name, path=path, default_date=default_date)


@dataclass(frozen=True)
class _Meta:
    """An article's metadata once validated: typed values, whatever format said them."""

    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None


def _read_meta(mapping: dict[Any, Any]) -> _Meta:
    """Validate the metadata fields of front matter or a JSON record (other keys are
    ignored); a field of the wrong type or a bad date is a _Reject naming the problem."""
    return _Meta(
        title=_meta_text(mapping, TITLE_FIELDS),
        published=_parse_date(_pick(mapping, DATE_FIELDS)[1]),
        url=_meta_text(mapping, URL_FIELDS),
        source=_meta_text(mapping, SOURCE_FIELDS),
    )


def _article_with_meta(body: str, meta: dict[str, Any], *, name: str, path: str | None,
                       default_date: date | None) -> Article:
    """An article from its text and a mapping of metadata (front matter or a JSON record)."""
    return _article(body, _read_meta(meta), name=name, path=path, default_date=default_date)


def _split_front_matter(text: str) -> tuple[dict[Any, Any], str]:
    """(front matter mapping, body) of text with ``\\n`` line ends; none → ({}, text)."""
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if first_line.rstrip(" \t") != "---":
        return {}, text
    closing = _CLOSING_FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise _Reject("front matter has no closing '---' line")
    header, body = text[first_end + 1:closing.start()], text[closing.end():]

    import yaml

    try:
        meta = yaml.load(header, Loader=_front_matter_loader())  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        # +2: YAML counts lines from 0, and the file's line 1 is the opening '---'.
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        reason = f"malformed front matter{where}: {getattr(error, 'problem', None) or error}"
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None:
            reason += f" ({context} started at line {context_mark.line + 2})"
        raise _Reject(reason) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # A value YAML's own constructors choke on (``!!int 0x``, nesting too deep).
        raise _Reject(f"malformed front matter: {error}") from None
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        raise _Reject(f"front matter is not a mapping of keys to values (got {_kind(meta)})")
    return meta, body


_LOADER: type | None = None


def _front_matter_loader() -> type:
    """PyYAML's SafeLoader, except that dates stay strings: YAML's own timestamp reading
    raises a bare ValueError on ``2024-02-30`` and has no year range, so every date goes
    through :func:`parse_date` instead, as JSON and HTML dates do."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class FrontMatterLoader(yaml.SafeLoader):
            pass

        FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
        _LOADER = FrontMatterLoader
    return _LOADER


def _parse_html(data: bytes, *, name: str, path: str, default_date: date | None) -> Article:
    if _is_map_page(data):
        raise _Reject("a map graphkit wrote, not an article")
    html = _decode_html(data)
    if not html.strip():
        raise _Reject("no article text")

    import trafilatura

    # Dates only from the page's own metadata (extensive_search would guess them from
    # any date-like string in the body); trafilatura reads the given string, no fetching.
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,  # keeps navigation out of short pages too
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%d",
            "min_date": "1900-01-01",
        },
    )
    if document is None or not (document.text or "").strip():
        raise _Reject("no article text")
    paragraphs = (line.strip() for line in document.text.splitlines())
    meta = _Meta(
        title=_clean(document.title),
        published=_html_date(html, document.date),
        url=_clean(document.url),
        source=_clean(document.sitename),
    )
    return _article("\n\n".join(p for p in paragraphs if p), meta, name=name, path=path, default_date=default_date)


# Page metadata that declares the publication date (property, name or itemprop; lower case).
_DATE_META_KEYS = frozenset({
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "parsely-pub-date",
})
# Bounded, so a page of unclosed "<meta" cannot make the scan quadratic.
_META_TAG = re.compile(r"<meta\b[^<>]{0,2000}>", re.IGNORECASE)
_META_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _html_date(html: str, extracted: str | None) -> date | None:
    """The page's publication date: the first date its metadata declares, read by
    :func:`parse_date` like any other (trafilatura turns '2024-02-30' into 1 February and
    reads '10/01/2024' day first), else the date trafilatura found."""
    import html as html_lib

    for tag in _META_TAG.finditer(html):
        attrs = {m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                 for m in _META_ATTR.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        if key in _DATE_META_KEYS and attrs.get("content", "").strip():
            try:
                return _parse_date(attrs["content"])
            except _Reject as bad:
                raise _Reject(f"{bad.reason} (the page's '{key}' metadata)") from None
    return _parse_date(extracted)


def _decode_html(data: bytes) -> str:
    """HTML bytes → text: UTF-8 as any file, else the charset the page declares."""
    try:
        return _decode(data)
    except _Reject:
        declared = None if b"\x00" in data else _HTML_CHARSET.search(data[:_SNIFF_BYTES])
        if declared is None:
            raise
        charset = declared.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except LookupError:
            raise _Reject(f"unknown charset '{charset}' declared in the page") from None
        except UnicodeDecodeError as error:
            raise _Reject(
                f"not {charset} text as the page declares "
                f"(byte 0x{data[error.start]:02x} at offset {error.start})"
            ) from None


def _iter_json(path: Path, given: str, where: str, default_date: date | None,
               limit: int | None) -> Iterator[Article | Failure]:
    # Parsed whole, so the file is bounded (a collection larger than this belongs in .jsonl).
    file_limit = None if limit is None else limit * JSON_FILE_ARTICLES
    text = _decode(_read_bytes(path, file_limit, what=f".json file (parsed whole: at most {JSON_FILE_ARTICLES} articles' worth)"))
    if not text.strip():
        raise _Reject("no article text")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Reject(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise _Reject("invalid JSON: nested too deeply") from None
    if isinstance(value, dict):
        # A single object is the whole file: it is named after the file.
        yield _record_article(value, name=path.name, path=where, default_date=default_date, limit=limit)
        return
    if not isinstance(value, list):
        raise _Reject(f"JSON must be an object or a list of objects, not {_kind(value)}")
    if not value:
        raise _Reject("no articles (empty JSON list)")
    for index, record in enumerate(value):
        try:
            yield _record(record, path, where, index + 1, default_date, limit)
        except _Reject as bad:
            yield Failure(f"{given}[{index}]", bad.reason)


def _iter_jsonl(path: Path, given: str, where: str, default_date: date | None,
                limit: int | None) -> Iterator[Article | Failure]:
    number = 0
    failed = False
    for lineno, line in _jsonl_lines(path, limit):
        try:
            if isinstance(line, _Reject):
                number += 1  # an undecodable or oversized line is a record too: later numbers stay put
                raise line
            if not line.strip():
                continue
            number += 1
            try:
                # Without its line end, or an unterminated string reports "control character".
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as error:
                raise _Reject(f"invalid JSON at column {error.colno}: {error.msg}") from None
            except RecursionError:
                raise _Reject("invalid JSON: nested too deeply") from None
            yield _record(record, path, where, number, default_date, limit)
        except _Reject as bad:
            failed = True
            yield Failure(f"{given}:{lineno}", bad.reason)
    if number == 0 and not failed:
        raise _Reject("no article text")


def _jsonl_lines(path: Path, limit: int | None) -> Iterator[tuple[int, str | _Reject]]:
    """(line number, decoded line or the reason it cannot be read), streaming; a line over
    ``limit`` bytes is skipped without being held in memory."""
    with _open_binary(path) as handle:
        head = handle.read(_SNIFF_BYTES)
        if head.startswith(_BOMS_UTF16):
            # Rare enough to read whole: UTF-16 cannot be split on b"\n".
            rest_limit = None if limit is None else limit * JSON_FILE_ARTICLES
            rest = handle.read() if rest_limit is None else handle.read(rest_limit + 1)
            if rest_limit is not None and len(rest) > rest_limit:
                raise _too_large(None, rest_limit, "UTF-16 .jsonl file (read whole)")
            text = _decode(head + rest)
            yield from enumerate(text.splitlines(), start=1)
            return
        # A binary file has a NUL byte before its first line ends; a NUL in a later line
        # spoils that line only (its record is reported, the others are read).
        if b"\x00" in head.split(b"\n", 1)[0]:
            raise _Reject("binary file, not text")
        handle.seek(0)
        offset = 0
        lineno = 0
        while raw := (handle.readline() if limit is None else handle.readline(limit + 1)):
            lineno += 1
            if limit is not None and len(raw) > limit and not raw.endswith(b"\n"):
                size = len(raw) + _skip_line(handle)
                offset += size
                yield lineno, _too_large(size, limit)
                continue
            try:
                yield lineno, _decode(raw, offset=offset)
            except _Reject as bad:
                yield lineno, bad
            offset += len(raw)


def _skip_line(handle: BinaryIO, chunk: int = 1 << 20) -> int:
    """Read past the rest of the current line, a chunk at a time; how many bytes that was."""
    skipped = 0
    while piece := handle.readline(chunk):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def _record(record: Any, path: Path, where: str, number: int, default_date: date | None,
            limit: int | None) -> Article:
    """Record ``number`` (1-based) of a JSON list or JSONL file."""
    if not isinstance(record, dict):
        raise _Reject(f"record is not a JSON object (got {_kind(record)})")
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)) or not str(record_id).strip():
        record_id = None
    name = str(record_id).strip() if record_id is not None else f"{path.name}#{number}"
    return _record_article(record, name=name, path=f"{where}#{number}", default_date=default_date, limit=limit)


def _record_article(record: dict[str, Any], *, name: str, path: str, default_date: date | None,
                    limit: int | None = None) -> Article:
    field, text = _pick(record, TEXT_FIELDS)
    if text is None:
        raise _Reject(f"record has no text (expected one of: {', '.join(TEXT_FIELDS)})")
    if not isinstance(text, str):
        raise _Reject(f"'{field}' must be a string, not {_kind(text)}")
    if limit is not None and len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit:
        raise _too_large(len(text.encode("utf-8", "surrogatepass")), limit)
    return _article_with_meta(text, record, name=name, path=path, default_date=default_date)


# ---------------------------------------------------------------------------
# Fields


def _article(text: str, meta: _Meta, *, name: str, path: str | None, default_date: date | None) -> Article:
    text = _newlines(text).strip()
    if not text:
        raise _Reject("no article text")
    if (bad := _SURROGATE.search(text)) is not None:
        raise _Reject(f"not Unicode text (a lone surrogate \\u{ord(bad.group()):04x} at character {bad.start()})")
    # NFC so the same words typed on different systems hash (and match) the same.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    published = meta.published or default_date
    return Article(
        id=content_id(text, title=meta.title, published=published, url=meta.url, source=meta.source),
        name=name,
        text=text,
        title=meta.title,
        published=published,
        source=meta.source,
        url=meta.url,
        path=path,
    )


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _pick(mapping: dict[Any, Any], fields: tuple[str, ...]) -> tuple[str, Any]:
    """(field, value) of the first of ``fields`` present and not null in ``mapping``."""
    for field in fields:
        value = mapping.get(field)
        if value is not None:
            return field, value
    return fields[0], None


def _meta_text(mapping: dict[Any, Any], fields: tuple[str, ...]) -> str | None:
    field, value = _pick(mapping, fields)
    if value is None:
        return None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        value = value["name"]  # schema.org style: "publisher": {"name": "..."}
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Reject(f"'{field}' must be text, not {_kind(value)}")
    return _clean(str(value))


def _clean(value: str | None) -> str | None:
    """Whitespace runs → one space, control characters (and lone surrogates) dropped: a
    title is one line of words, an escape code in it only ever serves to attack a
    terminal; empty → None."""
    if value is None:
        return None
    return _WHITESPACE.sub(" ", _CONTROL.sub("", value)).strip() or None


def parse_date(value: Any) -> date | None:
    """A publication date from front matter, a JSON record or page metadata, validated.

    One rule for every format: ISO ``YYYY-MM-DD`` (a time and zone may follow; the date
    is taken as written, never shifted), ``YYYY/MM/DD``, a numeric day and month with a
    four-digit year only when just one reading is a real date (``25/12/2024``; not
    ``10/01/2024``, which is 10 January or 1 October), or a written-out date (``May 23,
    2024``, ``23 mai 2024``). Years run from :data:`MIN_YEAR` to :data:`MAX_YEAR`. None
    or blank gives None; anything else raises ``ValueError`` saying what is wrong.

    >>> parse_date("2024-05-23T23:30:00-05:00")
    datetime.date(2024, 5, 23)
    >>> parse_date("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: impossible date '2024-02-30': February 2024 has 29 days
    """
    try:
        return _parse_date(value)
    except _Reject as bad:
        raise ValueError(bad.reason) from None


def _parse_date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return _in_range(value.date(), str(value))
    if isinstance(value, date):
        return _in_range(value, value.isoformat())
    if not isinstance(value, str):
        raise _Reject(f"unparseable date {str(value)!r}")
    text = value.strip()
    numeric = _NUMERIC_DATE.match(text)
    if numeric is not None:
        found = _numeric_date(text, *numeric.groups())
        if numeric.end() == len(text):
            return _in_range(found, text)
        # A time follows: ISO when it can be read so, else whatever dateutil makes of it,
        # as long as it agrees on the day (the numeric part was already read strictly).
        try:
            parsed = datetime.fromisoformat(text).date()
        except ValueError:
            parsed = _parse_date_dateutil(text)
        return _in_range(parsed if parsed == found else found, text)
    parsed = _parse_date_dateutil(text) or _parse_date_dateparser(text)
    if parsed is None:
        raise _Reject(f"unparseable date {text!r}")
    return _in_range(parsed, text)


def _numeric_date(text: str, first: str, second: str, third: str) -> date:
    """The date of an all-digit form (``2024-05-23``, ``23/05/2024``): year first, or a day
    and month whose order the numbers settle; else _Reject saying why."""
    if len(first) == 4:
        return _real_date(text, int(first), int(second), int(third))
    if len(third) != 4:
        raise _Reject(f"ambiguous date {text!r}: which part is the year? Write it as YYYY-MM-DD")
    year, a, b = int(third), int(first), int(second)
    if a != b and a <= 12 and b <= 12:
        raise _Reject(
            f"ambiguous date {text!r}: {_spell(year, b, a)} or {_spell(year, a, b)}? Write it as YYYY-MM-DD")
    if a > 12 and b > 12:
        raise _Reject(f"impossible date {text!r}: no month {min(a, b)}")
    # One of the two numbers cannot be a month, so only one reading is left.
    day, month = (a, b) if a > 12 else (b, a)
    return _real_date(text, year, month, day)


def _real_date(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise _Reject(f"impossible date {text!r}: no month {month}")
    if year == 0:
        raise _Reject(f"impossible date {text!r}: there is no year 0")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _Reject(f"impossible date {text!r}: {calendar.month_name[month]} {year} has {last} days")
    return date(year, month, day)


def _spell(year: int, month: int, day: int) -> str:
    """'1 October' for the day and month of an ambiguous date (a real date or not)."""
    if 1 <= month <= 12:
        return f"{day} {calendar.month_name[month]}"
    return f"day {day} of month {month}"


def _in_range(value: date, text: str) -> date:
    """``value`` when its year is a plausible publication year, else _Reject."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _Reject(f"date {text!r} is out of range: publication dates run from {MIN_YEAR} to {MAX_YEAR}")
    return value


def _parse_date_dateutil(text: str) -> date | None:
    from dateutil import parser

    # dateutil fills missing parts from a default date; parsing against two defaults
    # that differ in year, month and day tells a full date from "May 2024" or "10:00".
    try:
        one = parser.parse(text, default=datetime(2000, 1, 1))
        two = parser.parse(text, default=datetime(2001, 2, 2))
    except ValueError as error:
        if "out of range" in str(error):  # "Feb 30, 2024": a date, but not a real one
            raise _Reject(f"impossible date {text!r}: {error}") from None
        return None
    except OverflowError:
        return None
    return one.date() if one.date() == two.date() else None


def _parse_date_dateparser(text: str) -> date | None:
    import dateparser

    # Absolute dates only ("yesterday" means nothing in a file) with day, month and year
    # all given, so the result never depends on today's date.
    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError, RecursionError):
        return None
    return parsed.date() if parsed is not None else None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")
