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
explicitly as ``"QUERY_URL|UPDATE_URL"``.

Every article is written with ONE SPARQL update (``DROP SILENT GRAPH <g> ; INSERT DATA {
GRAPH <g> { … } }``), which Oxigraph (embedded and server), Fuseki and GraphDB apply as one
transaction: a crash or Ctrl-C mid-build never leaves a half-written article graph.

Queries run on Oxigraph's engine (fast past 10^5 triples, unlike rdflib's); results are
pyoxigraph terms for every backend (endpoint responses are parsed with pyoxigraph too).
"""
from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from graphkit.errors import QueryError, StoreError
from graphkit.rdf import PREFIXES

MEMORY = "memory"
_TIMEOUT_S = 60.0

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


def endpoint_urls(endpoint: str) -> tuple[str, str]:
    """The (query URL, update URL) pair for an endpoint argument.

    >>> endpoint_urls("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoint_urls("http://localhost:3030/ds/sparql")
    ('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/update')
    >>> endpoint_urls("http://q.example/sparql|http://u.example/up")
    ('http://q.example/sparql', 'http://u.example/up')
    """
    if "|" in endpoint:
        query_url, update_url = (part.strip() for part in endpoint.split("|", 1))
        return query_url, update_url
    url = endpoint.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise StoreError(f"endpoint must be an http(s) URL, not {endpoint!r}")
    path = parts.path.rstrip("/")
    if path.endswith("/query") or path.endswith("/sparql"):
        path = path.rsplit("/", 1)[0] + "/update"
    elif re.search(r"/repositories/[^/]+$", path):
        path += "/statements"
    elif not path:
        # An Oxigraph server root: its query and update services live under it.
        return url.rstrip("/") + "/query", url.rstrip("/") + "/update"
    return url, urllib.parse.urlunsplit(parts._replace(path=path))


class EndpointBackend:
    """A remote SPARQL 1.1 endpoint spoken to with the SPARQL protocol (POST requests).

    Union-of-graphs queries send Oxigraph's ``union-default-graph`` parameter (start other
    servers with a union default graph, e.g. Fuseki's ``tdb2:unionDefaultGraph``);
    graphkit's own queries name their graphs and need no such setting.
    """

    def __init__(self, endpoint: str, *, read_only: bool = False) -> None:
        self.query_url, self.update_url = endpoint_urls(endpoint)
        self.read_only = read_only
        self.description = f"SPARQL endpoint {self.query_url}"

    def _post(self, url: str, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            if exc.code == 400:
                raise QueryError(f"{url} rejected the request: {detail or exc.reason}") from None
            raise StoreError(f"{url} answered HTTP {exc.code}: {detail or exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.description} is open read-only")
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update", "*/*")

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
