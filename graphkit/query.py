"""SPARQL execution for the command line, canned questions, and forgiving actor names.

Three jobs, all over a :class:`graphkit.graph.KnowledgeGraph` (or anything with
``select(sparql)`` where only names are needed):

* :func:`run_query` runs any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) with an
  optional time limit and gives an :class:`Answer` that prints as a table, CSV, SPARQL 1.1
  JSON results or Turtle;
* :data:`QUESTIONS` are the canned questions (``graphkit ask NAME``). Each one is a
  ``.rq`` file shipped in the package (``graphkit/queries/``, the only copy of its
  SPARQL; :func:`query_text` reads it) with explicit PREFIX lines and its parameters
  on marked lines::

      VALUES ?actor { <https://w3id.org/graphkit/id/actor/antony-blinken> }  # param: actor

  :func:`bind` replaces each marked line with the given value, rendered as an IRI that
  the store already holds, an ``xsd:date`` or an integer: user text never reaches the
  query, so nothing needs escaping and nothing can be injected;
* :func:`resolve_actor` turns a name as a user types it into an actor IRI: case and
  accents do not matter, an alias or a surname alone is enough when it is unique, and an
  unknown or ambiguous name raises :class:`ActorNotFound` listing the candidates.

>>> question = QUESTIONS["contacts"]
>>> [p.name for p in question.parameters]
['actor']
>>> "antony-blinken" in bind(question, actor="https://w3id.org/graphkit/id/actor/hakan-fidan")
False
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from graphkit.errors import QueryError
from graphkit.graph import known_actors
from graphkit.names import KnownActor, normalize_name
from graphkit.rdf import PREFIXES, actor_slug

if TYPE_CHECKING:
    from graphkit.graph import KnowledgeGraph
    from graphkit.projection import SelectSource

T = TypeVar("T")

# The two datatypes a SPARQL JSON literal leaves implicit.
_XSD_STRING = PREFIXES["xsd"] + "string"
_RDF_LANG_STRING = PREFIXES["rdf"] + "langString"
_MARKER = re.compile(r"^(?P<indent>\s*)(?P<body>.*?)\s*# param: (?P<name>[a-z_]+)\s*$")


# -- running queries ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """A query's answer with its RDF terms kept (pyoxigraph terms; None when unbound).

    ``kind`` is "select" (``vars`` and ``terms``: one tuple per solution), "ask"
    (``boolean``) or "graph" for CONSTRUCT/DESCRIBE (``terms``: subject, predicate,
    object triples; ``vars`` names them).
    """

    kind: str
    vars: tuple[str, ...] = ()
    terms: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None

    def rows(self) -> list[tuple[str, ...]]:
        """Display strings: IRIs shortened with graphkit's prefixes, "" when unbound."""
        from graphkit.graph import display

        return [tuple(display(t) for t in row) for row in self.terms]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (str, int, float, date; None when unbound)."""
        from graphkit.graph import plain

        return [{name: plain(t) for name, t in zip(self.vars, row)} for row in self.terms]

    def to_sparql_json(self) -> dict[str, Any]:
        """The W3C SPARQL 1.1 Query Results JSON object (SELECT and ASK).

        >>> Answer("ask", boolean=True).to_sparql_json()
        {'head': {}, 'boolean': True}
        """
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        if self.kind != "select":
            raise QueryError("SPARQL JSON results are for SELECT and ASK; CONSTRUCT gives Turtle")
        bindings = []
        for row in self.terms:
            bindings.append({name: _json_term(t) for name, t in zip(self.vars, row) if t is not None})
        return {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}}

    def to_turtle(self) -> str:
        """CONSTRUCT/DESCRIBE triples as Turtle with graphkit's prefixes."""
        import pyoxigraph


        if self.kind != "graph":
            raise QueryError("only CONSTRUCT and DESCRIBE answers are graphs")
        triples = [pyoxigraph.Triple(s, p, o) for s, p, o in self.terms]
        data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
        return (data or b"").decode("utf-8")


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # pragma: no cover - RDF-star triples


DEFAULT_TIMEOUT_S = 300.0  # the command line's time limit for a query (--timeout)
MAX_LIMIT = 1_000_000_000  # the largest row limit a question takes (Oxigraph's LIMIT is bounded)


def with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """Run ``work()``; past ``timeout`` seconds raise :class:`QueryError` instead of waiting.

    Oxigraph has no query deadline and no cancellation of its own, and a thread inside
    its engine does not see Ctrl-C. So the query always runs in a daemon thread (the
    engine releases the GIL) while the calling thread waits: Ctrl-C raises
    :class:`KeyboardInterrupt` at once, and a timeout gives up at once. The query is
    abandoned, not interrupted: it stops when the process ends. ``None`` or ``0`` waits
    as long as it takes (still interruptible).

    >>> with_timeout(lambda: 42, 1.0)
    42
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="graphkit-query", daemon=True)
    thread.start()
    # Lock waits are interruptible by signals on POSIX: Ctrl-C lands here.
    thread.join(timeout or None)
    if thread.is_alive():
        raise QueryError(f"the query did not finish within {timeout:g} s (--timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_query(graph: KnowledgeGraph, sparql: str, *, timeout: float | None = None,
              allow_service: bool = False) -> Answer:
    """Run any SPARQL query on ``graph``; graphkit's prefixes are predeclared and the
    default graph is the union of the article graphs.

    Raises :class:`QueryError`: a syntax error names the line and column and quotes the
    line; an update (``DROP ALL``, ``INSERT DATA`` …) is refused, queries are read-only;
    a ``SERVICE`` clause is refused unless ``allow_service`` (see :func:`refuse_service`);
    a query running past ``timeout`` seconds is abandoned.
    """
    from graphkit.store import Solutions

    if not allow_service:
        refuse_service(sparql)

    def work() -> Answer:
        answer = graph.backend.query(sparql, union=True, prefixes=PREFIXES)
        if isinstance(answer, bool):
            return Answer("ask", boolean=answer)
        if isinstance(answer, Solutions):
            return Answer("select", vars=answer.vars, terms=tuple(answer.rows))
        # A graph is a set: Oxigraph 0.5's union default graph repeats a triple once per
        # article graph that states it.
        triples = dict.fromkeys((t.subject, t.predicate, t.object) for t in answer)
        return Answer("graph", vars=("subject", "predicate", "object"), terms=tuple(triples))

    try:
        return with_timeout(work, timeout)
    except QueryError as exc:
        if str(exc).startswith("SPARQL syntax error") and is_update(sparql):
            raise QueryError("graphkit query is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, "
                             "DROP, …) are refused; the store changes only through `graphkit build`") from None
        raise QueryError(quote_error_line(str(exc), sparql)) from None


# -- what a query may do --------------------------------------------------------------------------

class ServiceRefused(QueryError):
    """A query with a SERVICE clause, run without ``allow_service``."""


# SPARQL allows \u and \U escapes anywhere in a query (some engines apply them before
# parsing), so a query that can mean SERVICE holds either the word or an escape.
_MAY_NAME_SERVICE = re.compile(r"service|\\[uU]", re.IGNORECASE)


def refuse_service(sparql: str) -> None:
    """Raise :class:`ServiceRefused` when ``sparql`` has a ``SERVICE`` clause.

    A federated query makes the store send HTTP requests to whatever host the query names
    (on the local network too), so it needs ``--allow-service``. The query is parsed with
    rdflib's SPARQL parser; one rdflib cannot parse (Oxigraph extensions) is scanned token
    by token, with strings, IRIs, comments, variables and prefixed names left out.

    >>> refuse_service('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE')
    >>> refuse_service("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graphkit.query.ServiceRefused: SERVICE (a federated query) is refused: it would make the store send HTTP requests to the hosts the query names; pass --allow-service to allow it
    """
    if not _MAY_NAME_SERVICE.search(sparql):
        return
    if _has_service(sparql):
        raise ServiceRefused("SERVICE (a federated query) is refused: it would make the store send HTTP "
                             "requests to the hosts the query names; pass --allow-service to allow it")


def _has_service(sparql: str) -> bool:
    parsed = _rdflib_parse(sparql, update=False)
    if parsed is None:
        return _scan_for_service(sparql)
    return _names_part(parsed, "ServiceGraphPattern")


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` parses as a SPARQL update rather than a query.

    >>> is_update("DROP ALL"), is_update("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    return _rdflib_parse(sparql, update=True) is not None


def _rdflib_parse(sparql: str, *, update: bool) -> Any:
    """rdflib's parse tree of ``sparql`` (graphkit's prefixes declared), or None."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    from graphkit.store import prefix_block

    try:
        return (parseUpdate if update else parseQuery)(prefix_block() + sparql)
    except Exception:  # pyparsing's ParseException, and whatever else an odd text provokes
        return None


def _names_part(tree: Any, name: str) -> bool:
    """Whether rdflib's parse tree holds a part called ``name`` (e.g. ServiceGraphPattern)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


# Strings (long forms first), IRIs, comments, variables, prefixed names, then bare words:
# only a bare word can be the SERVICE keyword.
_TOKEN = re.compile(r'"""(?:[^\\]|\\.)*?"""' r"|'''(?:[^\\]|\\.)*?'''"
                    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$]\w+|[\w.-]*:[\w.-]*|(?P<word>[A-Za-z]\w*)')
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _scan_for_service(sparql: str) -> bool:
    """The token scan :func:`refuse_service` falls back on."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    return any((m.group("word") or "").upper() == "SERVICE" for m in _TOKEN.finditer(text))


def quote_error_line(message: str, sparql: str) -> str:
    """Add the offending line of ``sparql`` to a message that says "line N, column M".

    >>> print(quote_error_line("error at line 2, column 3: expected '}'", "SELECT *\\nWHERE { ?s"))
    error at line 2, column 3: expected '}'
      2 | WHERE { ?s
    """
    found = re.search(r"line (\d+), column (\d+)", message)
    lines = sparql.splitlines()
    if not found or not 1 <= int(found.group(1)) <= len(lines):
        return message
    number = int(found.group(1))
    return f"{message}\n  {number} | {lines[number - 1]}"


# -- forgiving names ----------------------------------------------------------------------------

class ActorNotFound(QueryError):
    """A name that matches no actor, or several: ``candidates`` are the likely ones."""

    def __init__(self, name: str, candidates: Sequence[str], *, ambiguous: bool) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"{name!r} names several actors: {', '.join(candidates)}"
        elif candidates:
            message = f"no actor named {name!r}; did you mean: {', '.join(candidates)}?"
        else:
            message = f"no actor named {name!r} in the graph"
        super().__init__(message)


def match_actor(name: str, actors: Iterable[KnownActor]) -> str:
    """The IRI of the one actor ``name`` designates.

    Tried in order, the first step with any match decides: the IRI itself; a label or
    alias equal up to case, accents and punctuation (or the IRI's slug); a surname (the
    last word of a label or alias); the words of ``name`` all among the words of a label
    or alias. One match wins; several raise :class:`ActorNotFound` listing them; none
    raise it with the closest labels.

    >>> people = [KnownActor("x/hakan-fidan", "Hakan Fidan", "Person", frozenset({"Hakan Fidan"})),
    ...           KnownActor("x/antony-blinken", "Antony Blinken", "Person",
    ...                      frozenset({"Antony Blinken", "Secretary Blinken"}))]
    >>> match_actor("FIDAN", people), match_actor("antony blinken", people)
    ('x/hakan-fidan', 'x/antony-blinken')
    >>> match_actor("Blinkin", people)
    Traceback (most recent call last):
    ...
    graphkit.query.ActorNotFound: no actor named 'Blinkin'; did you mean: Antony Blinken?
    """
    import difflib

    pool = list(actors)
    wanted = normalize_name(name)
    if not wanted:
        raise ActorNotFound(name, [], ambiguous=False)
    for actor in pool:
        if actor.iri == name.strip():
            return actor.iri
    words = {a.iri: [normalize_name(n) for n in {a.label, *a.names}] for a in pool}
    slug = wanted.replace(" ", "-")
    steps: list[Callable[[KnownActor], bool]] = [
        lambda a: wanted in words[a.iri] or actor_slug(a.iri) == slug,
        lambda a: " " not in wanted and any(n.rsplit(" ", 1)[-1] == wanted for n in words[a.iri]),
        lambda a: any(set(wanted.split()) <= set(n.split()) for n in words[a.iri]),
    ]
    for step in steps:
        found = sorted({a.iri: a for a in pool if step(a)}.values(), key=lambda a: (a.label, a.iri))
        if len(found) == 1:
            return found[0].iri
        if found:
            raise ActorNotFound(name, [_described(a) for a in found[:12]], ambiguous=True)
    # Suggestions: names, and single words of names (a misspelt surname), close to the text.
    by_text: dict[str, set[str]] = {}
    label_of = {a.iri: a.label for a in pool}
    for a in pool:
        for n in words[a.iri]:
            for text in {n, *(n.split() if " " not in wanted else ())}:
                by_text.setdefault(text, set()).add(a.iri)
    close = difflib.get_close_matches(wanted, list(by_text), n=5, cutoff=0.75)
    labels = list(dict.fromkeys(label_of[i] for text in close for i in sorted(by_text[text])))
    raise ActorNotFound(name, labels[:8], ambiguous=False)


def _described(actor: KnownActor) -> str:
    return f"{actor.label} ({actor.kind})" if actor.kind else actor.label


def resolve_actor(source: SelectSource, name: str, *, kinds: Iterable[str] | None = None) -> str:
    """The IRI of the actor ``name`` designates in the graph (see :func:`match_actor`).

    Raises :class:`ActorNotFound` (a :class:`QueryError`) listing candidates.
    """
    return match_actor(name, known_actors(source, kinds=kinds))


# -- canned questions ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Parameter:
    """One parameter of a canned question.

    ``kind``: "actor" or "country" (a name, resolved to an IRI), "date" (``YYYY-MM-DD``)
    or "limit" (a positive integer). An optional parameter left out binds nothing
    (``VALUES ?x { UNDEF }``): the question is then asked about everyone / all dates.
    """

    name: str
    kind: str
    help: str
    optional: bool = False


@dataclass(frozen=True)
class Question:
    """A canned question: its name, what it answers, its SPARQL and parameters."""

    name: str
    summary: str
    file: str
    parameters: tuple[Parameter, ...]

    @property
    def sparql(self) -> str:
        """The question's SPARQL: the packaged ``graphkit/queries/FILE`` (see :func:`query_text`)."""
        return query_text(self.file)

    @property
    def usage(self) -> str:
        """``NAME ARG...`` as the command line takes it."""
        parts = [self.name]
        for p in self.parameters:
            if p.kind == "date":
                parts.append(f"[--{p.name} YYYY-MM-DD]")
            elif p.kind == "limit":
                parts.append("[--limit N]")
            else:
                parts.append(f"[{p.name.upper()}]" if p.optional else p.name.upper())
        return " ".join(parts)


QUERY_PACKAGE = "graphkit.queries"


def query_files() -> list[str]:
    """The file names of the SPARQL queries shipped in the package (``graphkit/queries``).

    >>> "country-contacts.rq" in query_files()
    True
    """
    from importlib import resources

    return sorted(r.name for r in resources.files(QUERY_PACKAGE).iterdir() if r.name.endswith(".rq"))


@lru_cache(maxsize=None)
def query_text(file: str) -> str:
    """The text of the packaged query ``file`` (e.g. ``"contacts.rq"``), read once.

    Raises :class:`QueryError` when the package ships no such query.
    """
    from importlib import resources

    if file not in query_files():
        raise QueryError(f"no packaged query {file!r}; shipped: {', '.join(query_files())}")
    return resources.files(QUERY_PACKAGE).joinpath(file).read_text(encoding="utf-8")


_ACTOR = "actor"
QUESTIONS: dict[str, Question] = {q.name: q for q in (
    Question("contacts", "who met or spoke with ACTOR, with dates and sources", "contacts.rq",
             (Parameter("actor", _ACTOR, "the actor (a name, surname or alias)"),)),
    Question("timeline", "every interaction of ACTOR in date order", "actor-timeline.rq",
             (Parameter("actor", _ACTOR, "the actor"),)),
    Question("between", "interactions between two countries (people count for their countries)",
             "between-countries.rq",
             (Parameter("country_a", "country", "one country"),
              Parameter("country_b", "country", "the other country"))),
    Question("most-active", "the most active actors in a date range", "most-active.rq",
             (Parameter("since", "date", "first day counted", optional=True),
              Parameter("until", "date", "last day counted", optional=True),
              Parameter("limit", "limit", "how many actors", optional=True))),
    Question("criticisms", "criticisms and sanctions by target (all targets, or TARGET)",
             "criticisms-by-target.rq",
             (Parameter("target", _ACTOR, "only this target", optional=True),)),
    Question("first-last", "first and last contact between two actors", "first-last-contact.rq",
             (Parameter("a", _ACTOR, "one actor"), Parameter("b", _ACTOR, "the other actor"))),
    Question("country-contacts", "pairs of countries in contact, how often and how (people count for their countries)",
             "country-contacts.rq", ()),
)}


def _iri_term(iri: str) -> str:
    # IRIs come from the store, but say no to anything that could leave the <...> token.
    if not iri or re.search(r'[\s<>"{}|^`\\]', iri):
        raise QueryError(f"not an IRI that can be bound: {iri!r}")
    return f"<{iri}>"


def render(parameter: Parameter, value: object, *, variable: str | None = None) -> str:
    """The SPARQL that binds ``parameter`` to ``value`` (a marked line's replacement).

    ``value`` is an IRI string (actor and country), a :class:`datetime.date`, an ``int``
    (limit) or None (an optional parameter left out); ``variable`` is the SPARQL variable
    the VALUES line binds (default: the parameter's name).

    >>> from datetime import date
    >>> render(Parameter("since", "date", ""), date(2024, 5, 1))
    'VALUES ?since { "2024-05-01"^^xsd:date }'
    >>> render(Parameter("target", "actor", "", optional=True), None)
    'VALUES ?target { UNDEF }'
    >>> render(Parameter("limit", "limit", ""), 5)
    'LIMIT 5'
    """
    if parameter.kind == "limit":
        if value is None:
            return "LIMIT 1000000000"
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
            raise QueryError(f"the limit must be a whole number from 1 to {MAX_LIMIT:,}, not {value!r}")
        return f"LIMIT {value}"
    if value is None:
        if not parameter.optional:
            raise QueryError(f"the parameter {parameter.name} is required")
        term = "UNDEF"
    elif parameter.kind == "date":
        if not isinstance(value, date):
            raise QueryError(f"{parameter.name} must be a date, not {value!r}")
        term = f'"{value.isoformat()}"^^xsd:date'
    else:
        term = _iri_term(str(value))
    return f"VALUES ?{variable or parameter.name} {{ {term} }}"


def bind(question: Question, **values: object) -> str:
    """The question's SPARQL with every marked line bound to ``values`` (see :func:`render`).

    Raises :class:`QueryError` for an unknown parameter or a bad value.
    """
    known = {p.name: p for p in question.parameters}
    unknown = set(values) - set(known)
    if unknown:
        raise QueryError(f"{question.name} has no parameter {', '.join(sorted(unknown))}")
    out = []
    for line in question.sparql.splitlines():
        marked = _MARKER.match(line)
        if marked is None:
            out.append(line)
            continue
        parameter = known[marked.group("name")]
        value = values.get(parameter.name)
        body = marked.group("body")
        # Only the VALUES block (or LIMIT) of the line changes; its variable stays the line's own.
        if parameter.kind == "limit":
            body, count = re.subn(r"LIMIT \d+", lambda m: render(parameter, value), body)
        else:
            body, count = re.subn(r"VALUES \?(\w+) \{[^{}]*\}",
                                  lambda m: render(parameter, value, variable=m.group(1)), body)
        if count != 1:
            raise QueryError(f"{question.name}: the line for {parameter.name} has no VALUES or LIMIT to bind")
        out.append(f"{marked.group('indent')}{body}  # param: {parameter.name}")
    return "\n".join(out) + "\n"


def ask(graph: KnowledgeGraph, name: str, arguments: Sequence[str] = (), *,
        since: date | None = None, until: date | None = None, limit: int | None = None,
        timeout: float | None = None) -> Answer:
    """Ask a canned question: ``ask(graph, "contacts", ["Blinken"])``.

    ``arguments`` are the actor and country names, in the order of the question's
    parameters (each resolved with :func:`resolve_actor`); ``since``, ``until`` and
    ``limit`` fill the parameters of those names.

    Raises :class:`QueryError` (an unknown question, a missing or extra argument) or
    :class:`ActorNotFound` (a name that matches no actor or several).
    """
    question = QUESTIONS.get(name)
    if question is None:
        raise QueryError(f"no question named {name!r}; known: {', '.join(QUESTIONS)}")
    named = [p for p in question.parameters if p.kind in ("actor", "country")]
    required = [p for p in named if not p.optional]
    if not len(required) <= len(arguments) <= len(named):
        raise QueryError(f"usage: graphkit ask {question.usage}")
    extras = {"since": since, "until": until, "limit": limit}
    for key, value in extras.items():
        if value is not None and key not in {p.name for p in question.parameters}:
            raise QueryError(f"{question.name} takes no --{key}")
    if since and until and since > until:
        raise QueryError(f"the date window is empty: since {since} is after until {until}")
    values: dict[str, object] = {k: v for k, v in extras.items()
                                 if k in {p.name for p in question.parameters}}
    actors: list[KnownActor] | None = None
    for parameter, text in zip(named, arguments):
        if actors is None:
            actors = known_actors(graph)
        pool = [a for a in actors if a.kind == "Country"] if parameter.kind == "country" else actors
        values[parameter.name] = match_actor(text, pool)
    iris = [values[p.name] for p in named if values.get(p.name)]
    if len(iris) == 2 and iris[0] == iris[1]:
        raise QueryError(f"{arguments[0]!r} and {arguments[1]!r} are the same actor")
    # The question's SPARQL is graphkit's own (values bound as terms): nothing to refuse.
    return run_query(graph, bind(question, **values), timeout=timeout, allow_service=True)


__all__ = ["ActorNotFound", "Answer", "DEFAULT_TIMEOUT_S", "KnownActor", "MAX_LIMIT", "Parameter", "Question",
           "QUESTIONS", "query_files", "query_text", "ServiceRefused", "ask", "bind", "is_update", "known_actors", "match_actor",
           "normalize_name", "quote_error_line", "refuse_service", "render", "resolve_actor", "run_query",
           "with_timeout"]
