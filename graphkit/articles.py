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

import codecs
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
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

_GLOB_CHARS = re.compile(r"[*?[]")
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")
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
    extension (:data:`SUFFIXES`) and skipping hidden files and folders. Globs
    (``"examples/**/*.txt"``) are expanded the same way. ``"-"`` (stdin) is passed
    through. A path that does not exist, a folder without article files and a file
    with an unsupported extension are yielded as they are (a :class:`Path`): reading
    reports them. A glob that matches nothing is yielded as its pattern (a ``str``).
    A file reached twice (a folder and a file in it) is yielded once.

    >>> list(iter_sources(["-", "no/such/file.txt"]))
    ['-', PosixPath('no/such/file.txt')]
    """
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
        elif _GLOB_CHARS.search(raw) and not os.path.lexists(raw):
            matches = _expand_glob(raw)
            if not matches:
                yield raw
            yield from (p for p in matches if fresh(p))
        else:
            path = Path(raw)
            if path.is_dir():
                files = _walk(path)
                if not files:
                    yield path
                yield from (p for p in files if fresh(p))
            elif not path.exists() or fresh(path):
                yield path


# A folder's own documentation is not an article (given explicitly, it is read).
_NOT_ARTICLES = {"readme", "license", "licence", "changelog", "contributing"}


def _walk(folder: Path) -> list[Path]:
    """Article files under ``folder``, recursively, sorted by path parts; hidden files and
    README/LICENSE-style documentation files are skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(root, name) for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
            and Path(name).stem.lower() not in _NOT_ARTICLES
        )
    # Sorting the parts (not the joined string) keeps a folder's files together and
    # gives the same order on every machine, whatever os.walk's order was.
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _expand_glob(pattern: str) -> list[Path]:
    import glob

    found: list[Path] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.suffix.lower() in SUFFIXES:
            found.append(path)
    return found


# ---------------------------------------------------------------------------
# Public readers


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    *,
    default_date: date | None = None,
    on_error: Callable[[Failure], None] | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Article]:
    """Stream the articles of files, folders, globs and ``"-"`` (stdin), in input order.

    A bad input (or one bad record of a JSON/JSONL file) is passed to
    ``on_error(Failure(source, reason))`` and reading goes on with the next one; with
    no ``on_error`` it raises :class:`~graphkit.errors.InputError` instead.
    ``default_date`` fills ``published`` for inputs that carry no date.

    >>> import io
    >>> [a.title for a in read_articles(["-"], stdin=io.StringIO("---\\ntitle: Hi\\n---\\nBody."))]
    ['Hi']
    """
    for source in iter_sources(paths):
        if source == STDIN:
            results: Iterable[Article | Failure] = [_read_stdin(stdin, default_date)]
        elif isinstance(source, str):
            results = [Failure(source, "no file matches this pattern")]
        else:
            results = _iter_file(source, default_date)
        for result in results:
            if isinstance(result, Article):
                yield result
            elif on_error is None:
                raise InputError(result.source, result.reason)
            else:
                on_error(result)


def read_article_file(path: str | os.PathLike[str], *, default_date: date | None = None) -> list[Article]:
    """Read one file (any supported format) into its articles.

    Raises :class:`~graphkit.errors.InputError` for the file's first problem (for a
    JSON/JSONL file: its first bad record); use :func:`read_articles` to skip bad
    records instead.
    """
    articles = []
    for result in _iter_file(Path(path), default_date):
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


def _iter_file(path: Path, default_date: date | None) -> Iterator[Article | Failure]:
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
    try:
        if suffix == ".jsonl":
            yield from _iter_jsonl(path, given, default_date)
        elif suffix == ".json":
            yield from _iter_json(path, given, default_date)
        elif suffix in HTML_SUFFIXES:
            yield _parse_html(_read_bytes(path), name=path.name, path=given, default_date=default_date)
        else:
            text = _decode(_read_bytes(path))
            yield _parse_text(text, name=path.name, path=given, default_date=default_date)
    except _Reject as bad:
        yield Failure(given, bad.reason)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _Reject(_os_reason(error)) from None


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


def _read_stdin(stream: TextIO | None, default_date: date | None) -> Article | Failure:
    stream = sys.stdin if stream is None else stream
    try:
        buffer = getattr(stream, "buffer", None)
        # Decode the raw bytes ourselves so stdin gets the same checks as a file,
        # whatever the terminal's locale encoding is.
        text = _decode(buffer.read()) if buffer is not None else stream.read()
        if "\x00" in text:
            raise _Reject("binary file, not text")
        return _parse_text(text, name="stdin", path=None, default_date=default_date)
    except _Reject as bad:
        return Failure("stdin", bad.reason)


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


def _article_with_meta(body: str, meta: dict[str, Any], *, name: str, path: str | None,
                       default_date: date | None) -> Article:
    """An article from its text and a mapping of metadata (front matter or a JSON record)."""
    return _article(
        body,
        name=name,
        path=path,
        title=_meta_text(meta, TITLE_FIELDS),
        published=_parse_date(_pick(meta, DATE_FIELDS)[1]),
        url=_meta_text(meta, URL_FIELDS),
        source=_meta_text(meta, SOURCE_FIELDS),
        default_date=default_date,
    )


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
        meta = yaml.safe_load(header)
    except yaml.YAMLError as error:
        # +2: YAML counts lines from 0, and the file's line 1 is the opening '---'.
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        reason = f"malformed front matter{where}: {getattr(error, 'problem', None) or error}"
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None:
            reason += f" ({context} started at line {context_mark.line + 2})"
        raise _Reject(reason) from None
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        raise _Reject(f"front matter is not a mapping of keys to values (got {_kind(meta)})")
    return meta, body


def _parse_html(data: bytes, *, name: str, path: str, default_date: date | None) -> Article:
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
    return _article(
        "\n\n".join(p for p in paragraphs if p),
        name=name,
        path=path,
        title=_clean(document.title),
        published=_parse_date(document.date),
        url=_clean(document.url),
        source=_clean(document.sitename),
        default_date=default_date,
    )


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


def _iter_json(path: Path, given: str, default_date: date | None) -> Iterator[Article | Failure]:
    text = _decode(_read_bytes(path))
    if not text.strip():
        raise _Reject("no article text")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Reject(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if isinstance(value, dict):
        # A single object is the whole file: it is named after the file.
        yield _record_article(value, name=path.name, path=given, default_date=default_date)
        return
    if not isinstance(value, list):
        raise _Reject(f"JSON must be an object or a list of objects, not {_kind(value)}")
    if not value:
        raise _Reject("no articles (empty JSON list)")
    for index, record in enumerate(value):
        try:
            yield _record(record, path, given, index + 1, default_date)
        except _Reject as bad:
            yield Failure(f"{given}[{index}]", bad.reason)


def _iter_jsonl(path: Path, given: str, default_date: date | None) -> Iterator[Article | Failure]:
    number = 0
    failed = False
    for lineno, line in _jsonl_lines(path):
        try:
            if isinstance(line, _Reject):
                number += 1  # an undecodable line is a record too: later numbers stay put
                raise line
            if not line.strip():
                continue
            number += 1
            try:
                # Without its line end, or an unterminated string reports "control character".
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as error:
                raise _Reject(f"invalid JSON at column {error.colno}: {error.msg}") from None
            yield _record(record, path, given, number, default_date)
        except _Reject as bad:
            failed = True
            yield Failure(f"{given}:{lineno}", bad.reason)
    if number == 0 and not failed:
        raise _Reject("no article text")


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | _Reject]]:
    """(line number, decoded line or the reason it cannot be decoded), streaming."""
    with _open_binary(path) as handle:
        head = handle.read(_SNIFF_BYTES)
        if head.startswith(_BOMS_UTF16):
            # Rare enough to read whole: UTF-16 cannot be split on b"\n".
            text = _decode(head + handle.read())
            yield from enumerate(text.splitlines(), start=1)
            return
        if b"\x00" in head:
            raise _Reject("binary file, not text")
        handle.seek(0)
        offset = 0
        for lineno, raw in enumerate(handle, start=1):
            try:
                yield lineno, _decode(raw, offset=offset)
            except _Reject as bad:
                yield lineno, bad
            offset += len(raw)


def _record(record: Any, path: Path, given: str, number: int, default_date: date | None) -> Article:
    """Record ``number`` (1-based) of a JSON list or JSONL file."""
    if not isinstance(record, dict):
        raise _Reject(f"record is not a JSON object (got {_kind(record)})")
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)) or not str(record_id).strip():
        record_id = None
    name = str(record_id).strip() if record_id is not None else f"{path.name}#{number}"
    return _record_article(record, name=name, path=f"{given}#{number}", default_date=default_date)


def _record_article(record: dict[str, Any], *, name: str, path: str, default_date: date | None) -> Article:
    field, text = _pick(record, TEXT_FIELDS)
    if text is None:
        raise _Reject(f"record has no text (expected one of: {', '.join(TEXT_FIELDS)})")
    if not isinstance(text, str):
        raise _Reject(f"'{field}' must be a string, not {_kind(text)}")
    return _article_with_meta(text, record, name=name, path=path, default_date=default_date)


# ---------------------------------------------------------------------------
# Fields


def _article(
    text: str,
    *,
    name: str,
    path: str | None,
    title: str | None,
    published: date | None,
    url: str | None,
    source: str | None,
    default_date: date | None,
) -> Article:
    text = _newlines(text).strip()
    if not text:
        raise _Reject("no article text")
    # NFC so the same words typed on different systems hash (and match) the same.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if published is None:
        published = default_date
    return Article(
        id=content_id(text, title=title, published=published, url=url, source=source),
        name=name,
        text=text,
        title=title,
        published=published,
        source=source,
        url=url,
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
    """Whitespace runs → one space; empty → None."""
    if value is None:
        return None
    return _WHITESPACE.sub(" ", value).strip() or None


def _parse_date(value: Any) -> date | None:
    """A publication date from YAML/JSON/HTML metadata; the date as written, no time zone shift.

    >>> _parse_date("2024-05-23T23:30:00-05:00")
    datetime.date(2024, 5, 23)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _Reject(f"unparseable date {str(value)!r}")
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    parsed = _parse_date_dateutil(text) or _parse_date_dateparser(text)
    if parsed is None:
        raise _Reject(f"unparseable date {text!r}")
    return parsed


def _parse_date_dateutil(text: str) -> date | None:
    from dateutil import parser

    # dateutil fills missing parts from a default date; parsing against two defaults
    # that differ in year, month and day tells a full date from "May 2024" or "10:00".
    try:
        one = parser.parse(text, default=datetime(2000, 1, 1))
        two = parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    return one.date() if one.date() == two.date() else None


def _parse_date_dateparser(text: str) -> date | None:
    import dateparser

    # Absolute dates only ("yesterday" means nothing in a file) with day, month and year
    # all given, so the result never depends on today's date.
    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed is not None else None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")
