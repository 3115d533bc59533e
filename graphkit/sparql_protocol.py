"""A read-only SPARQL 1.1 Protocol endpoint over a :class:`~graphkit.graph.KnowledgeGraph`,
without a web framework.

:func:`respond` takes what an HTTP request carries (method, query-string parameters,
body, ``Content-Type``, ``Accept``) and gives a :class:`ProtocolResponse` (status,
media type, body, headers) that any web framework can send as it is; ``graphkit.server``
mounts it at ``/sparql``. See https://www.w3.org/TR/sparql11-protocol/.

What a request may be:

* ``GET ?query=…``; ``POST`` with ``application/x-www-form-urlencoded`` (``query=…`` in
  the body; the URL's parameters count too); ``POST`` with ``application/sparql-query``
  (the body is the query, UTF-8). Any other method answers 405 (``Allow: GET, POST``),
  any other POST body type 415;
* the store is never written: an update (an ``update``, ``using-graph-uri`` or
  ``using-named-graph-uri`` parameter, an ``application/sparql-update`` body, or a
  query text that is an update, e.g. ``DROP ALL``) answers 403, and so does a query
  with a ``SERVICE`` clause (it would make the server send HTTP requests anywhere).
  Queries go through :func:`graphkit.query.run_query`, i.e. the engine's *query* call,
  which cannot run an update whatever the text says;
* the default graph is the union of the article graphs (named graphs are the articles);
  ``default-graph-uri`` and ``named-graph-uri`` are not supported (400);
* graphkit's prefixes (``dip:``, ``prov:``, ``schema:`` …) are predeclared.

What comes back, chosen from ``Accept`` (q-values and wildcards honoured; missing or
``*/*`` gives the first of each list) or from an explicit ``format`` parameter, which
wins (a short name below or one of the media types):

=================  =========================================================================
SELECT and ASK     ``json``: application/sparql-results+json (also for Accept: application/json),
                   ``xml``: application/sparql-results+xml, ``csv``: text/csv,
                   ``tsv``: text/tab-separated-values
CONSTRUCT/DESCRIBE ``turtle``: text/turtle, ``ntriples``: application/n-triples
=================  =========================================================================

No acceptable type answers 406 with the offered ones. CSV and TSV follow "SPARQL 1.1
Query Results CSV and TSV Formats"; an ASK answer in either is the bare word ``true`` or
``false`` (that note covers SELECT only; this is what ``oxigraph serve`` sends).

Limits: a query runs at most ``timeout`` seconds (then 503); a SELECT answer keeps its
first ``max_rows`` solutions and a CONSTRUCT/DESCRIBE answer its first ``max_rows``
triples, and a cut answer carries the header ``X-Graphkit-Truncated: <max_rows>`` (the
body stays a complete, valid document of the kept part).

Errors are always ``application/json``: ``{"error": message, …}`` (a syntax error adds
``"line"`` and ``"column"``; 406 adds ``"offered"``; a timeout adds ``"timeout"``).
Every response varies with ``Accept`` and says ``X-Content-Type-Options: nosniff``: the
literals are article text from the web, so a browser must not guess HTML from a CSV
answer or an error quoting a query.

>>> from graphkit.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> answer = respond(kg, method="GET", query_params=[("query", "ASK { ?s ?p ?o }")],
...                  body=b"", content_type=None, accept=None)
>>> answer.status, answer.media_type, answer.body
(200, 'application/sparql-results+json', b'{"head":{},"boolean":false}')
>>> refused = respond(kg, method="POST", query_params=[], body=b"DROP ALL",
...                   content_type="application/sparql-update", accept=None)
>>> refused.status, refused.media_type
(403, 'application/json')
"""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError, QueryError
from graphkit.query import Answer, ServiceRefused, run_query
from graphkit.rdf import PREFIXES

if TYPE_CHECKING:
    from graphkit.graph import KnowledgeGraph

DEFAULT_TIMEOUT_S = 10.0  # a web request waits this long at most (the CLI allows far more)
DEFAULT_MAX_ROWS = 10_000  # solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) sent at most
TRUNCATED_HEADER = "X-Graphkit-Truncated"  # value: the row cap, sent only when rows were cut
ALLOWED_METHODS = "GET, POST"

QueryParams = Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]]
"""Query-string parameters, decoded: ``[(name, value), …]`` pairs in order (repeats kept),
a mapping of a name to its values (or to one value), or any object with a
``multi_items()`` method (Starlette's ``request.query_params``)."""

_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}  # ASCII is a subset: decoding as UTF-8 is right
_MAX_FORM_FIELDS = 100  # a real request has a handful; parse_qsl refuses more (cheap abuse guard)

# How graphkit.query.run_query words what it refuses or gives up on: its errors are all
# QueryError, told apart by their text (the tests run the real function to keep these true).
_READ_ONLY_MESSAGE = "graphkit query is read-only"
_TIMEOUT_MESSAGE = re.compile(r"did not finish within")
_SYNTAX_MESSAGE = "SPARQL syntax error"
_POSITION = re.compile(r"line (\d+), column (\d+)")

_XSD_STRING = PREFIXES["xsd"] + "string"
_RDF_LANG_STRING = PREFIXES["rdf"] + "langString"


@dataclass(frozen=True)
class ProtocolResponse:
    """What to send back: HTTP ``status``, ``media_type`` (the Content-Type, with its
    charset where it has one), the ``body`` and extra ``headers`` (``Vary``, ``Allow``,
    ``X-Graphkit-Truncated`` …)."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class _Refusal(Exception):
    """An error response, raised while reading the request and turned into JSON once."""

    def __init__(self, status: int, message: str, *, headers: Mapping[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra  # more members of the JSON error object


def respond(graph: KnowledgeGraph, *, method: str, query_params: QueryParams, body: bytes,
            content_type: str | None, accept: str | None, timeout: float | None = DEFAULT_TIMEOUT_S,
            max_rows: int | None = DEFAULT_MAX_ROWS) -> ProtocolResponse:
    """Answer one SPARQL 1.1 Protocol request on ``graph`` (read-only; see the module doc).

    ``method`` is the HTTP method; ``query_params`` the URL's decoded parameters (see
    :data:`QueryParams`); ``body`` the raw request body (ignored for GET);
    ``content_type`` and ``accept`` the request's headers, None when absent. ``timeout``
    is the most seconds a query may run (None or 0: no limit; an abandoned query goes on
    in a background thread until it ends, see :func:`graphkit.query.with_timeout`);
    ``max_rows`` the most solutions or triples sent (None or negative: no cap).

    Statuses: 200; 400 (no query, several, a syntax error, an unsupported parameter);
    403 (an update or a SERVICE clause); 405 (not GET or POST); 406 (no acceptable
    media type); 415 (a POST body of another type); 500 (the query failed in the
    engine); 503 (the time limit). Never raises for anything a client sends.
    """
    try:
        sparql, format_name = _read_request(method, query_params, body, content_type)
        # Refuse an unsatisfiable Accept before spending the engine's time on the query.
        if format_name is None and not (_negotiate(accept, _RESULT_FORMATS) or _negotiate(accept, _GRAPH_FORMATS)):
            raise _not_acceptable(_RESULT_FORMATS + _GRAPH_FORMATS)
        answer = _run(graph, sparql, timeout)
        formats = _GRAPH_FORMATS if answer.kind == "graph" else _RESULT_FORMATS
        chosen = _pick(format_name, accept, formats)
    except _Refusal as refusal:
        return _error(refusal.status, refusal.message, headers=refusal.headers, **refusal.extra)

    headers = _common_headers()
    if max_rows is not None and max_rows >= 0 and answer.kind != "ask" and len(answer.terms) > max_rows:
        answer = replace(answer, terms=answer.terms[:max_rows])
        headers[TRUNCATED_HEADER] = str(max_rows)
    return ProtocolResponse(200, chosen.media_type, chosen.write(answer), headers)


# -- reading the request ---------------------------------------------------------------------

def _read_request(method: str, query_params: QueryParams, body: bytes,
                  content_type: str | None) -> tuple[str, str | None]:
    """The query text and the ``format`` parameter (None when absent), or a _Refusal."""
    verb = method.upper()
    if verb not in {"GET", "POST"}:
        raise _Refusal(405, f"method {method} is not allowed: send the query with GET or POST",
                       headers={"Allow": ALLOWED_METHODS})
    params = _pairs(query_params)
    direct: str | None = None
    if verb == "POST":
        kind, charset = _media_type(content_type)
        if kind == _UPDATE_BODY:
            raise _read_only()
        if kind == _FORM:
            params += _form_pairs(body, charset)
        elif kind == _QUERY_BODY:
            direct = _decode(body, charset)
        else:
            raise _Refusal(415, f"a POST body must be {_FORM} or {_QUERY_BODY}, not {kind or 'untyped'}",
                           accepted=[_FORM, _QUERY_BODY])
    names = [name for name, _ in params]
    # An update attempt is refused whatever else the request holds (a query beside it too).
    if any(name in _UPDATE_PARAMS for name in names):
        raise _read_only()
    for name in _DATASET_PARAMS:
        if name in names:
            raise _Refusal(400, f"{name} is not supported: the default graph is the union of the article "
                                "graphs and the named graphs are the articles (match one with GRAPH ?g { … })")
    queries = [value for name, value in params if name == "query"]
    if direct is not None:
        if queries:
            raise _Refusal(400, f"a query in the {_QUERY_BODY} body and a query parameter too: send one")
        queries = [direct]
    if len(queries) > 1:
        raise _Refusal(400, f"{len(queries)} query parameters: send exactly one")
    if not queries or not queries[0].strip():
        raise _Refusal(400, "no query: send one as ?query=…, a form field query=…, or an "
                            f"{_QUERY_BODY} body")
    formats = [value for name, value in params if name == "format"]
    if len(formats) > 1:
        raise _Refusal(400, f"{len(formats)} format parameters: send at most one")
    if formats and _by_format_name(formats[0]) is None:
        raise _Refusal(400, f"unknown format {formats[0]!r}; known: {', '.join(_FORMAT_NAMES)}",
                       offered=[f.media_type for f in _RESULT_FORMATS + _GRAPH_FORMATS])
    return queries[0], (formats[0] if formats else None)


def _pairs(query_params: QueryParams) -> list[tuple[str, str]]:
    """``query_params`` as (name, value) pairs, repeats kept (they matter: two queries are an error)."""
    multi_items = getattr(query_params, "multi_items", None)
    if callable(multi_items):  # Starlette's QueryParams maps a name to its *last* value only
        return [(str(k), str(v)) for k, v in multi_items()]
    if isinstance(query_params, Mapping):
        pairs = []
        for name, values in query_params.items():
            for value in ([values] if isinstance(values, str) else values):
                pairs.append((str(name), str(value)))
        return pairs
    return [(str(k), str(v)) for k, v in query_params]


def _media_type(header: str | None) -> tuple[str, str | None]:
    """(type/subtype in lower case, charset or None) of a Content-Type header."""
    if not header:
        return "", None
    kind, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    # The protocol sends queries as UTF-8; other charsets are refused rather than guessed.
    if charset is not None and charset not in _UTF8_NAMES:
        raise _Refusal(415, f"charset {charset} is not supported: send UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refusal(400, f"the request body is not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _form_pairs(body: bytes, charset: str | None) -> list[tuple[str, str]]:
    text = _decode(body, charset)
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                                      max_num_fields=_MAX_FORM_FIELDS)
    except UnicodeDecodeError:
        raise _Refusal(400, "a form field is not percent-encoded UTF-8") from None
    except ValueError:  # more fields than max_num_fields
        raise _Refusal(400, f"more than {_MAX_FORM_FIELDS} form fields") from None


def _read_only() -> _Refusal:
    return _Refusal(403, "this SPARQL endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, DROP, "
                         "CREATE, …) are refused; the store changes only through `graphkit build`")


# -- running the query ------------------------------------------------------------------------

def _run(graph: KnowledgeGraph, sparql: str, timeout: float | None) -> Answer:
    """The query's answer, or the _Refusal that says why there is none."""
    try:
        return run_query(graph, sparql, timeout=timeout)
    except ServiceRefused:
        raise _Refusal(403, "SERVICE (a federated query) is refused: this endpoint does not send "
                            "requests to other hosts") from None
    except QueryError as exc:
        message = str(exc)
        if message.startswith(_READ_ONLY_MESSAGE):
            raise _read_only() from None
        if _TIMEOUT_MESSAGE.search(message):
            raise _Refusal(503, f"the query did not finish within {timeout or 0:g} s (this endpoint's "
                                "time limit) and was abandoned; narrow it or add a LIMIT",
                           timeout=timeout) from None
        if message.startswith(_SYNTAX_MESSAGE):
            found = _POSITION.search(message)
            position = {"line": int(found.group(1)), "column": int(found.group(2))} if found else {}
            raise _Refusal(400, message, **position) from None
        raise _Refusal(500, message) from None
    except GraphkitError as exc:  # StoreError: a remote store that cannot be reached, say
        raise _Refusal(500, str(exc)) from None
    except Exception:  # noqa: BLE001 - a client still gets JSON, and no internals
        raise _Refusal(500, "the query failed inside the engine") from None


# -- content negotiation ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Format:
    """One representation: its short ``format=`` name, the Content-Type sent, the
    media types in Accept that select it (the first is the Content-Type's own)."""

    name: str
    media_type: str
    accepts: tuple[str, ...]
    write: Callable[[Answer], bytes]


def _accept_ranges(accept: str | None) -> list[tuple[str, str, float]] | None:
    """(type, subtype, q) of each media range of an Accept header; None: no preference."""
    if accept is None or not accept.strip():
        return None
    ranges = []
    for part in accept.split(","):
        media, *params = part.split(";")
        kind, slash, subtype = media.strip().lower().partition("/")
        if not slash or not kind or not subtype:
            continue  # not a media range: it matches nothing
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:  # a malformed q drops its range rather than guessing one
            ranges.append((kind, subtype, q))
    return ranges


def _quality(ranges: list[tuple[str, str, float]], media_type: str) -> float:
    """The q the most specific matching range gives ``media_type`` (RFC 9110 §12.5.1); 0 if none."""
    kind, _, subtype = media_type.partition("/")
    best_specificity, best_q = -1, 0.0
    for range_kind, range_subtype, q in ranges:
        if (range_kind, range_subtype) == (kind, subtype):
            specificity = 2
        elif range_kind == kind and range_subtype == "*":
            specificity = 1
        elif (range_kind, range_subtype) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and q > best_q):
            best_specificity, best_q = specificity, q
    return best_q


def _negotiate(accept: str | None, formats: Sequence[_Format]) -> _Format | None:
    """The format the client prefers most (q > 0), the earlier one on a tie; None: none acceptable.

    >>> _negotiate("text/csv;q=0.5, application/sparql-results+xml", _RESULT_FORMATS).name
    'xml'
    >>> _negotiate("text/*;q=0.9, text/csv;q=0", _RESULT_FORMATS).name
    'tsv'
    >>> _negotiate("image/png", _RESULT_FORMATS) is None
    True
    """
    ranges = _accept_ranges(accept)
    if ranges is None:
        return formats[0]
    best, best_q = None, 0.0
    for candidate in formats:
        q = max(_quality(ranges, media) for media in candidate.accepts)
        if q > best_q:
            best, best_q = candidate, q
    return best


def _by_format_name(value: str) -> _Format | None:
    wanted = value.strip().lower()
    for candidate in _RESULT_FORMATS + _GRAPH_FORMATS:
        if wanted == candidate.name or wanted in candidate.accepts:
            return candidate
    return None


def _pick(format_name: str | None, accept: str | None, formats: tuple[_Format, ...]) -> _Format:
    """The format ``format=`` names (it must suit the answer), else the negotiated one."""
    if format_name is not None:
        chosen = _by_format_name(format_name)
        if chosen is None or chosen not in formats:
            raise _not_acceptable(formats, f"format={format_name} does not suit this query's answer")
        return chosen
    chosen = _negotiate(accept, formats)
    if chosen is None:
        raise _not_acceptable(formats)
    return chosen


def _not_acceptable(formats: Sequence[_Format], reason: str = "no acceptable media type") -> _Refusal:
    offered = [f.media_type for f in formats]
    return _Refusal(406, f"{reason}; offered: {', '.join(offered)}", offered=offered)


# -- writing the answer -------------------------------------------------------------------------

def _json_bytes(value: Any) -> bytes:
    # Compact and UTF-8 as is: JSON escapes quotes and control characters itself.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_json(answer: Answer) -> bytes:
    return _json_bytes(answer.to_sparql_json())


# XML 1.0 cannot carry these at all, not even as character references: they become U+FFFD
# so that article text with stray control characters still gives a well-formed document.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}  # > too: "]]>" may not appear
_XML_ATTRIBUTE = {**_XML_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_XML_TEXT_SPECIAL = re.compile("[&<>\r]")
_XML_ATTRIBUTE_SPECIAL = re.compile('[&<>\r"\n\t]')


def _xml_text(value: str) -> str:
    """Element content; CR is a character reference because a parser would make it LF.

    >>> _xml_text("a]]>&<b>\\r\\x01")
    'a]]&gt;&amp;&lt;b&gt;&#13;\\ufffd'
    """
    return _XML_TEXT_SPECIAL.sub(lambda m: _XML_TEXT[m.group()], _NOT_XML.sub("\ufffd", value))


def _xml_attribute(value: str) -> str:
    """A double-quoted attribute value (whitespace kept as references, not normalised away)."""
    return _XML_ATTRIBUTE_SPECIAL.sub(lambda m: _XML_ATTRIBUTE[m.group()], _NOT_XML.sub("\ufffd", value))


def _xml_term(term: Any) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            attribute = f' xml:lang="{_xml_attribute(term.language)}"'
        elif term.datatype is not None and term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            attribute = f' datatype="{_xml_attribute(term.datatype.value)}"'
        else:
            attribute = ""
        return f"<literal{attribute}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"  # pragma: no cover - RDF-star triples


def _write_xml(answer: Answer) -> bytes:
    """SPARQL Query Results XML Format, every piece of text escaped by hand (no parser
    round trip), so nothing a literal holds can end an element or a CDATA section."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if answer.kind == "ask":
        lines += ["  <head/>", f"  <boolean>{'true' if answer.boolean else 'false'}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f'    <variable name="{_xml_attribute(name)}"/>' for name in answer.vars]
        lines += ["  </head>", "  <results>"]
        for row in answer.terms:
            lines.append("    <result>")
            lines += [f'      <binding name="{_xml_attribute(name)}">{_xml_term(term)}</binding>'
                      for name, term in zip(answer.vars, row) if term is not None]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv_value(term: Any) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(term.value)  # an IRI, or a literal's lexical form (no language, no datatype)


def _write_csv(answer: Answer) -> bytes:
    """CSV: a header of variable names, then plain values; CRLF lines, RFC 4180 quoting
    (a value with a comma, quote, CR or LF is quoted, its quotes doubled)."""
    if answer.kind == "ask":
        return b"true" if answer.boolean else b"false"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(answer.vars)
    writer.writerows([_csv_value(term) for term in row] for row in answer.terms)
    return out.getvalue().encode("utf-8")


# N-Triples escapes, plus \t: a tab inside a TSV cell would split it.
_TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TSV_SPECIAL = re.compile('[\\\\"\n\r\t\x00-\x1f\x7f]')


def _tsv_string(value: str) -> str:
    r"""A quoted literal body as N-Triples writes it, other control characters as \u escapes.

    >>> print(_tsv_string('a\tb "c"\x01'))
    "a\tb \"c\"\u0001"
    """
    def escape(m: re.Match[str]) -> str:
        char = m.group()
        return _TSV_ESCAPES.get(char) or f"\\u{ord(char):04X}"

    return f'"{_TSV_SPECIAL.sub(escape, value)}"'


def _tsv_term(term: Any) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<{term.value}>"  # pyoxigraph only holds valid IRIs: no space, tab or ">"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        text = _tsv_string(term.value)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            return f"{text}^^<{term.datatype.value}>"
        return text
    return _tsv_string(str(term))  # pragma: no cover - RDF-star triples


def _write_tsv(answer: Answer) -> bytes:
    """TSV: a header of ``?name`` columns, then terms in N-Triples form; LF lines."""
    if answer.kind == "ask":
        return b"true" if answer.boolean else b"false"
    lines = ["\t".join(f"?{name}" for name in answer.vars)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in answer.terms]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_turtle(answer: Answer) -> bytes:
    return answer.to_turtle().encode("utf-8")


def _write_ntriples(answer: Answer) -> bytes:
    import pyoxigraph

    triples = [pyoxigraph.Triple(s, p, o) for s, p, o in answer.terms]
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


# The first of each tuple is the default (missing Accept, */*).
_RESULT_FORMATS: tuple[_Format, ...] = (
    _Format("json", "application/sparql-results+json", ("application/sparql-results+json", _JSON), _write_json),
    _Format("xml", "application/sparql-results+xml", ("application/sparql-results+xml",), _write_xml),
    _Format("csv", "text/csv; charset=utf-8", ("text/csv",), _write_csv),
    _Format("tsv", "text/tab-separated-values; charset=utf-8", ("text/tab-separated-values",), _write_tsv),
)
_GRAPH_FORMATS: tuple[_Format, ...] = (
    _Format("turtle", "text/turtle; charset=utf-8", ("text/turtle",), _write_turtle),
    _Format("ntriples", "application/n-triples", ("application/n-triples",), _write_ntriples),
)
_FORMAT_NAMES = tuple(f.name for f in _RESULT_FORMATS + _GRAPH_FORMATS)


# -- responses --------------------------------------------------------------------------------

def _common_headers() -> dict[str, str]:
    # nosniff: bodies quote untrusted article text and user queries; never let a browser
    # take them for HTML.
    return {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}


def _error(status: int, message: str, *, headers: Mapping[str, str] | None = None,
           **extra: Any) -> ProtocolResponse:
    """A JSON error response: ``{"error": message, **extra}``."""
    return ProtocolResponse(status, _JSON, _json_bytes({"error": message, **extra}),
                            {**_common_headers(), **(headers or {})})


__all__ = ["ALLOWED_METHODS", "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_S", "ProtocolResponse", "QueryParams",
           "TRUNCATED_HEADER", "respond"]
