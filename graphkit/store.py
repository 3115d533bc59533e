"""Where the graph lives: embedded on-disk Oxigraph, in memory, or a SPARQL 1.1 endpoint.

One small interface (:class:`Backend`) over three stores:

* ``open_store("graphkit-store")`` – an embedded, on-disk Oxigraph store (pyoxigraph); the
  same folder can later be served with ``oxigraph serve --location graphkit-store``;
* ``open_store("memory")`` – an in-memory Oxigraph store, for small jobs and tests (same
  SPARQL engine and the same atomic writes as on disk);
* ``open_store(endpoint="http://host:7878/query")`` – any SPARQL 1.1 query/update endpoint
  (Oxigraph server, Apache Jena Fuseki, GraphDB).

Endpoint URLs: give the query URL; the update URL is derived from it – ``…/query`` →
``…/update`` (Oxigraph), ``…/sparql`` → ``…/update`` (Fuseki), ``…/repositories/R`` →
``…/repositories/R/statements`` (GraphDB); any other URL is used for both. Give both
explicitly as ``"QUERY_URL|UPDATE_URL"``. The SPARQL 1.1 Graph Store HTTP Protocol service
(for bulk writes) is derived too – Oxigraph's ``/store``, Fuseki's ``/DATASET/data``,
GraphDB's ``/repositories/R/rdf-graphs/service`` – or given as a third part,
``"QUERY_URL|UPDATE_URL|STORE_URL"`` (an empty third part turns it off); see
:func:`endpoint_services`.

Every article is written in ONE atomic request, so a crash or Ctrl-C mid-build never leaves
a half-written article graph. Embedded stores and endpoints without a Graph Store take one
SPARQL update (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``), which Oxigraph
(embedded and server), Fuseki and GraphDB apply as one transaction. Through an endpoint with
a Graph Store, a NEW article graph is one ``PUT STORE?graph=<g>`` of N-Triples instead (see
:meth:`EndpointBackend.replace_graph` for why a changed article still takes the update).

Queries run on Oxigraph's engine (fast past 10^5 triples, unlike rdflib's); results are
pyoxigraph terms for every backend (endpoint responses are parsed with pyoxigraph too).
"""
from __future__ import annotations

import logging
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from graphkit.errors import QueryError, StoreError
from graphkit.rdf import PREFIXES

MEMORY = "memory"
_TIMEOUT_S = 60.0
_log = logging.getLogger(__name__)

# Answers to a Graph Store PUT that mean "there is no Graph Store Protocol service here" (no
# such path, method not allowed, N-Triples not accepted, not implemented) rather than "this
# write failed": on the first PUT of a run they switch the run to SPARQL UPDATE.
GRAPH_STORE_UNSUPPORTED = frozenset({404, 405, 415, 501})

# RocksDB under an on-disk Oxigraph store keeps writes in memtables of 128 MiB per column
# family (nine quad indexes plus the string table) and pyoxigraph cannot lower that, so a
# long build grew by ~120 MB per 1,000 articles until RocksDB flushed on its own. Flushing
# after this many bytes of written N-Triples keeps a build's memory flat; it costs one
# small SST file per index and is no slower overall.
FLUSH_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Solutions:
    """SELECT results: variable names (without ``?``) and rows of pyoxigraph terms or None."""

    vars: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Backend(Protocol):
    """The store interface graphkit's facade needs."""

    description: str
    read_only: bool

    def update(self, sparql: str) -> None:
        """Apply one SPARQL update as one transaction."""

    def query(self, sparql: str, *, union: bool = False) -> Solutions | bool | list[Any]:
        """Run a query; ``union`` makes the default graph the union of all named graphs."""

    def dump_nquads(self) -> bytes:
        """Every quad of the store as N-Quads."""

    def close(self) -> None:
        """Release the store."""


def prefix_block(prefixes: dict[str, str] | None = None) -> str:
    """SPARQL PREFIX lines for graphkit's prefixes (all on ONE line, so a prepended block
    shifts a user's error positions by exactly one line)."""
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in (prefixes or PREFIXES).items()) + "\n"


def _positions(message: str, shift: int = 0) -> str:
    # Oxigraph reports "error at LINE:COLUMN"; say it in words, and undo the line that a
    # prepended PREFIX block added.
    return re.sub(r"error at (\d+):(\d+)",
                  lambda m: f"error at line {int(m.group(1)) - shift}, column {m.group(2)}", message)


def _syntax_error(exc: SyntaxError) -> QueryError:
    return QueryError(f"SPARQL syntax error: {_positions(str(exc))}")


class OxigraphBackend:
    """Embedded Oxigraph: on disk at ``path``, or in memory when ``path`` is None.

    An on-disk store is flushed to disk after every ``flush_bytes`` of updates (see
    :data:`FLUSH_BYTES`), so memory does not grow with the number of articles written.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False,
                 flush_bytes: int = FLUSH_BYTES) -> None:
        import pyoxigraph

        self.read_only = read_only
        self.path = path
        self.flush_bytes = flush_bytes
        self.flushes = 0  # how many times the write buffers were flushed (for tests and benchmarks)
        self._unflushed = 0
        try:
            if path is None:
                self._store = pyoxigraph.Store()
                self.description = "in-memory Oxigraph store"
            elif read_only:
                if not path.is_dir():
                    raise StoreError(f"no store at {path} (build one first with `graphkit build --store {path}`)")
                self._store = pyoxigraph.Store.read_only(str(path))
                self.description = f"Oxigraph store at {path} (read-only)"
            else:
                if path.exists() and not path.is_dir():
                    raise StoreError(f"{path} is a file, not a store folder")
                path.mkdir(parents=True, exist_ok=True)
                self._store = pyoxigraph.Store(str(path))
                self.description = f"Oxigraph store at {path}"
        except OSError as exc:
            # RocksDB says "lock" when another process has the store open for writing.
            raise StoreError(f"cannot open the store at {path}: {exc}") from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.description} is open read-only")
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise _syntax_error(exc) from None
        except OSError as exc:
            raise StoreError(f"write to {self.description} failed (nothing was written): {exc}") from None
        if self.path is not None:
            self._unflushed += len(sparql)
            if self._unflushed >= self.flush_bytes:
                self.flush()

    def flush(self) -> None:
        """Write RocksDB's in-memory write buffers to disk and free them (on-disk stores)."""
        self._unflushed = 0
        if self.path is None or self.read_only:
            return
        try:
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"cannot flush {self.description}: {exc}") from None
        self.flushes += 1

    def query(self, sparql: str, *, union: bool = False, prefixes: dict[str, str] | None = None) -> Solutions | bool | list[Any]:
        import pyoxigraph

        result = None
        try:
            result = self._store.query(sparql, use_default_graph_as_union=union, prefixes=prefixes)
            if isinstance(result, pyoxigraph.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                rows = []
                for solution in result:  # a loop, not a comprehension: see `finally`
                    rows.append(tuple(solution[i] for i in range(len(names))))
                return Solutions(names, rows)
            if isinstance(result, pyoxigraph.QueryBoolean):
                return bool(result)
            return list(result)
        except SyntaxError as exc:
            raise _syntax_error(exc) from None
        except (OSError, RuntimeError) as exc:
            # RuntimeError: evaluation errors, e.g. a SERVICE that answers with something else.
            raise QueryError(f"query failed on {self.description}: {exc}") from None
        except BaseException as exc:
            # A panic inside the engine reaches Python as pyo3's PanicException, which
            # derives from BaseException; it is the query's failure, not the program's.
            if type(exc).__name__ != "PanicException":
                raise
            raise QueryError(f"query failed on {self.description}: the engine stopped ({exc})") from None
        finally:
            # pyoxigraph's result iterators must be freed by the thread that made them, and
            # an error handed to another thread (a query with a time limit runs in its own)
            # keeps this frame alive in its traceback; a comprehension's frame would keep
            # the iterator out of reach of this line.
            result = None  # noqa: F841

    def dump_nquads(self) -> bytes:
        import pyoxigraph

        return self._store.dump(format=pyoxigraph.RdfFormat.N_QUADS)

    def close(self) -> None:
        if self._store is not None and not self.read_only and self.path is not None:
            try:
                self._store.flush()
            except OSError:  # pragma: no cover - nothing more to save
                pass
        # Dropping the last reference releases RocksDB's lock on the folder.
        self._store = None  # type: ignore[assignment]


@dataclass(frozen=True)
class EndpointServices:
    """The URLs graphkit talks to on a SPARQL server.

    ``store`` is the Graph Store HTTP Protocol service (None: none known, every write is a
    SPARQL update); ``store_given`` says the user named it rather than graphkit guessing it.
    """

    query: str
    update: str
    store: str | None = None
    store_given: bool = False


def _http_url(url: str, what: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise StoreError(f"{what} must be an http(s) URL, not {url!r}")
    return parts


def _derived_store_url(query_url: str) -> str | None:
    """The Graph Store service beside a query URL, when the URL looks like a server that has
    one at a known place; None otherwise (graphkit then writes with SPARQL UPDATE)."""
    parts = urllib.parse.urlsplit(query_url)
    if parts.scheme not in {"http", "https"}:
        return None
    path = parts.path.rstrip("/")
    if path in {"", "/query", "/update"}:
        store = "/store"  # an Oxigraph server: /query, /update and /store at its root
    elif re.search(r"/repositories/[^/]+$", path):
        store = path + "/rdf-graphs/service"  # GraphDB / RDF4J
    elif re.fullmatch(r"(/[^/]+)+/(sparql|query|update)", path):
        store = path.rsplit("/", 1)[0] + "/data"  # a Fuseki dataset: /DATASET/data
    else:
        return None
    # Parameters of the query URL (a default graph, a reasoning flag) are not the store's.
    return urllib.parse.urlunsplit(parts._replace(path=store, query="", fragment=""))


def endpoint_services(endpoint: str) -> EndpointServices:
    """The query, update and Graph Store URLs for an ``--endpoint`` argument.

    ``QUERY_URL`` alone derives the others (see :func:`endpoint_urls`); a wrong guess for
    the store costs nothing, as the first PUT answered 404, 405, 415 or 501 switches the
    run to SPARQL UPDATE. ``QUERY_URL|UPDATE_URL`` derives only the store (from the query
    URL); ``QUERY_URL|UPDATE_URL|STORE_URL`` names all three, and an empty ``STORE_URL``
    means "no Graph Store: write with SPARQL UPDATE".

    >>> endpoint_services("http://127.0.0.1:7878/query").store
    'http://127.0.0.1:7878/store'
    >>> endpoint_services("http://localhost:3030/ds/sparql").store
    'http://localhost:3030/ds/data'
    >>> endpoint_services("http://h/repositories/kg").store
    'http://h/repositories/kg/rdf-graphs/service'
    >>> endpoint_services("http://h/other/endpoint").store is None
    True
    >>> endpoint_services("http://q.example/query|http://u.example/up|http://s.example/gsp")
    EndpointServices(query='http://q.example/query', update='http://u.example/up', store='http://s.example/gsp', store_given=True)
    >>> endpoint_services("http://h:7878/query|http://h:7878/update|").store is None
    True
    """
    parts = [part.strip() for part in endpoint.split("|")]
    if len(parts) > 3:
        raise StoreError(f"endpoint {endpoint!r} has {len(parts)} parts; give QUERY_URL, "
                         "QUERY_URL|UPDATE_URL or QUERY_URL|UPDATE_URL|STORE_URL")
    if len(parts) == 3:
        store = parts[2] or None
        if store is not None:
            _http_url(store, "the Graph Store URL")
        return EndpointServices(parts[0], parts[1], store, store_given=True)
    if len(parts) == 2:
        return EndpointServices(parts[0], parts[1], _derived_store_url(parts[0]))
    url = parts[0]
    split = _http_url(url, "endpoint")
    path = split.path.rstrip("/")
    if path.endswith("/query") or path.endswith("/sparql"):
        update = urllib.parse.urlunsplit(split._replace(path=path.rsplit("/", 1)[0] + "/update"))
    elif re.search(r"/repositories/[^/]+$", path):
        update = urllib.parse.urlunsplit(split._replace(path=path + "/statements"))
    elif not path:
        # An Oxigraph server root: its query and update services live under it.
        url, update = url.rstrip("/") + "/query", url.rstrip("/") + "/update"
    else:
        update = urllib.parse.urlunsplit(split._replace(path=path))
    return EndpointServices(url, update, _derived_store_url(url))


def endpoint_urls(endpoint: str) -> tuple[str, str]:
    """The (query URL, update URL) pair for an endpoint argument (see :func:`endpoint_services`
    for the Graph Store URL as well).

    >>> endpoint_urls("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoint_urls("http://localhost:3030/ds/sparql")
    ('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/update')
    >>> endpoint_urls("http://q.example/sparql|http://u.example/up")
    ('http://q.example/sparql', 'http://u.example/up')
    """
    services = endpoint_services(endpoint)
    return services.query, services.update


class _HTTPStatusError(Exception):
    """A server's HTTP error answer, before the caller decides what it means."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


class EndpointBackend:
    """A remote SPARQL 1.1 endpoint spoken to with the SPARQL protocol (POST requests), and
    with the Graph Store HTTP Protocol (PUT) for new article graphs when it has one.

    Union-of-graphs queries send Oxigraph's ``union-default-graph`` parameter (start other
    servers with a union default graph, e.g. Fuseki's ``tdb2:unionDefaultGraph``);
    graphkit's own queries name their graphs and need no such setting.

    ``graph_store`` is None until the first PUT settles it, then True (PUTs are stored) or
    False (every write is a SPARQL update; ``graph_store_note`` says why). ``stats`` counts
    the article graphs written each way: ``put``, ``update``, and ``put_failed``.
    """

    def __init__(self, endpoint: str, *, read_only: bool = False) -> None:
        services = endpoint_services(endpoint)
        self.query_url, self.update_url = services.query, services.update
        self.store_url = services.store
        self._store_given = services.store_given
        self.read_only = read_only
        self.description = f"SPARQL endpoint {self.query_url}"
        self.graph_store: bool | None = None if self.store_url else False
        self.graph_store_note: str | None = None if self.store_url else "no Graph Store URL known"
        self.stats: dict[str, int] = {"put": 0, "update": 0, "put_failed": 0}

    def _send(self, method: str, url: str, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        """One HTTP request: the answer's body and Content-Type. An HTTP error answer raises
        :class:`_HTTPStatusError` (the caller says what it means), an unreachable server
        :class:`StoreError`."""
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            raise _HTTPStatusError(exc.code, detail or str(exc.reason)) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def _post(self, url: str, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        try:
            return self._send("POST", url, body, content_type, accept)
        except _HTTPStatusError as exc:
            if exc.status == 400:
                raise QueryError(f"{url} rejected the request: {exc.detail}") from None
            raise StoreError(f"{url} answered HTTP {exc.status}: {exc.detail}") from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.description} is open read-only")
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update", "*/*")

    def replace_graph(self, graph_iri: str, ntriples: str, *, replaces: bool = False) -> str:
        """Make ``graph_iri`` hold exactly ``ntriples``, in one atomic request; returns how:
        ``"put"`` (Graph Store PUT) or ``"update"`` (SPARQL update).

        A new graph (``replaces`` False) is PUT when the server has a Graph Store. A graph
        that holds an older version of the article (``replaces`` True) always takes the
        update: Oxigraph servers without the fix of oxigraph issue #1895 (0.5.9 lacks it,
        0.5.13 has it) answer a PUT by clearing the graph and loading the body in two
        transactions, so a PUT failing half-way there would lose the old version, while the
        update keeps it whatever the server. Replacements are few in a bulk load.

        A failure raises :class:`~graphkit.errors.StoreError` (server or network; nothing
        was written) or :class:`~graphkit.errors.QueryError` (the server rejected the data,
        HTTP 400).
        """
        if self.read_only:
            raise StoreError(f"{self.description} is open read-only")
        rejected = None  # why the first PUT of the run was answered 400, if it was
        if not replaces and self.graph_store is not False:
            try:
                if self._put(graph_iri, ntriples):
                    return "put"
            except QueryError as exc:
                if self.graph_store is not None:
                    raise
                # Before any PUT has worked, a 400 may be the service, not the data: the
                # update decides (and if it takes the graph, PUTs are off for the run).
                rejected = str(exc)
        self.update(replace_graph_update(graph_iri, ntriples))
        self.stats["update"] += 1
        if rejected is not None:
            self._without_graph_store(f"{rejected[:300]}, and the SPARQL update took the same graph")
        return "update"

    def _put(self, graph_iri: str, ntriples: str) -> bool:
        """PUT one graph; False when this server turned out to have no Graph Store (nothing
        was written, and the run goes on with SPARQL updates)."""
        assert self.store_url is not None
        url = (self.store_url + ("&" if "?" in self.store_url else "?")
               + "graph=" + urllib.parse.quote(graph_iri, safe=""))
        try:
            self._send("PUT", url, ntriples.encode("utf-8"), "application/n-triples", "*/*")
        except _HTTPStatusError as exc:
            if self.graph_store is None and exc.status in GRAPH_STORE_UNSUPPORTED:
                self._without_graph_store(f"PUT {self.store_url} answered HTTP {exc.status} ({exc.detail[:200]})")
                return False
            self.stats["put_failed"] += 1
            if exc.status == 400:
                raise QueryError(f"Graph Store PUT {url} rejected the graph (HTTP 400): {exc.detail}") from None
            raise StoreError(f"Graph Store PUT {url} answered HTTP {exc.status}: {exc.detail}") from None
        except StoreError:
            self.stats["put_failed"] += 1
            raise
        if self.graph_store is None and ntriples.strip():
            # A 2xx is not proof (a guessed URL may be another service, a given one another
            # dataset): check once that the graph reached the dataset the queries read, or a
            # run would "store" every article where graphkit never looks.
            if self.query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}") is not True:
                self._without_graph_store(f"a graph PUT to {self.store_url} did not show at {self.query_url}")
                return False
            self.graph_store = True
        self.stats["put"] += 1
        return True

    def _without_graph_store(self, why: str) -> None:
        """Switch this run to SPARQL updates, saying so once."""
        self.graph_store = False
        self.graph_store_note = why
        # A URL the user named and that does not work is worth a warning; a guess that did
        # not fit the server only a debug line.
        level = logging.WARNING if self._store_given else logging.DEBUG
        _log.log(level, "%s: writing with SPARQL UPDATE to %s from now on", why, self.update_url)

    def query(self, sparql: str, *, union: bool = False, prefixes: dict[str, str] | None = None) -> Solutions | bool | list[Any]:
        import pyoxigraph

        shift = 0
        if prefixes:
            sparql = prefix_block(prefixes) + sparql
            shift = 1
        url = self.query_url
        if union:
            url += ("&" if "?" in url else "?") + "union-default-graph"
        try:
            data, content_type = self._post(
                url, sparql.encode("utf-8"), "application/sparql-query",
                "application/sparql-results+json, application/n-triples;q=0.9")
        except QueryError as exc:
            raise QueryError(_positions(str(exc), shift)) from None
        kind = content_type.split(";")[0].strip().lower()
        try:
            if kind in {"application/sparql-results+json", "application/json"}:
                result = pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
                if isinstance(result, pyoxigraph.QueryBoolean):
                    return bool(result)
                names = tuple(v.value for v in result.variables)
                return Solutions(names, [tuple(s[i] for i in range(len(names))) for s in result])
            rdf_format = pyoxigraph.RdfFormat.from_media_type(kind) or pyoxigraph.RdfFormat.N_TRIPLES
            return [q.triple for q in pyoxigraph.parse(data, format=rdf_format)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_url} sent an unreadable answer ({kind}): {exc}") from None

    def dump_nquads(self) -> bytes:
        import pyoxigraph

        answer = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(answer, Solutions)
        quads = (pyoxigraph.Quad(s, p, o, g) for s, p, o, g in answer.rows)
        return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""

    def close(self) -> None:
        pass


def open_store(store: str | Path = "graphkit-store", *, endpoint: str | None = None,
               read_only: bool = False) -> Backend:
    """Open a store: a folder (embedded Oxigraph, created if missing unless ``read_only``),
    ``"memory"``, or a SPARQL ``endpoint`` URL (which wins over ``store``).

    Raises :class:`~graphkit.errors.StoreError` naming the path when it cannot be opened.

    >>> open_store("memory").description
    'in-memory Oxigraph store'
    """
    if endpoint:
        return EndpointBackend(endpoint, read_only=read_only)
    if str(store) == MEMORY:
        return OxigraphBackend(None, read_only=False)
    return OxigraphBackend(Path(store), read_only=read_only)


def replace_graph_update(graph_iri: str, ntriples: str) -> str:
    """The single SPARQL update that swaps a named graph's content for ``ntriples``."""
    return (f"DROP SILENT GRAPH <{graph_iri}> ;\n"
            f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}")
