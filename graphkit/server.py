"""``graphkit serve``: the workbench as one Starlette app over a read-only store.

Pages are static files of the package (``graphkit/web``) that fetch their content from
the JSON API (:mod:`graphkit.workbench`), so no text from an article is ever placed in
HTML by the server: the pages insert it as text. Every response carries a
Content-Security-Policy that lets a page load only the server's own scripts and styles
and talk only to the server's own origin. Nothing here writes: the store is opened
read-only and ``/sparql`` answers updates with 403 (:mod:`graphkit.sparql_protocol`).

>>> from graphkit.graph import KnowledgeGraph
>>> from starlette.testclient import TestClient
>>> with KnowledgeGraph.open("memory") as kg:
...     TestClient(create_app(kg)).get("/api/search", params={"q": "x"}).json()
{'query': 'x', 'results': []}
"""
from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from graphkit.errors import GraphkitError, QueryError
from graphkit.records import STATUSES
from graphkit.workbench import (DEFAULT_TOP, ActorIndex, Filters, NotFound, actor_ref, actor_view, article_ref,
                                article_view, link_view, map_network, map_view, search_view)

if TYPE_CHECKING:
    import networkx as nx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from graphkit.graph import KnowledgeGraph

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8700
DEFAULT_QUERY_TIMEOUT_S = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_QUERIES = 8  # SPARQL queries running at once; more wait their turn
# How long a query waits for its turn before the answer is 503: a burst of clients is
# served late rather than refused, and a server that stays overloaded still says so.
DEFAULT_QUEUE_TIMEOUT_S = 60.0
MAX_QUERY_BYTES = 1 << 20
# Scripts, styles and requests: the server's own origin only. vis-network styles its
# elements through the DOM (allowed); no inline script or style anywhere.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
@dataclass(frozen=True)
class Page:
    """A page of the workbench: its body is ``graphkit/web/{name}.body.html``; the head,
    shared by every page, loads these styles and scripts (all from /static: the CSP
    allows nothing else)."""

    title: str
    styles: tuple[str, ...]
    scripts: tuple[str, ...]
    body_class: str = "wb-page"


PAGES = {
    "map": Page("Map", ("vis-network.css", "map.css", "workbench.css"),
                ("common.js", "vis-network.min.js", "map.js", "map-page.js"), "wb-page wb-map-page"),
    "actor": Page("Actor", ("vis-network.css", "workbench.css"), ("vis-network.min.js", "common.js", "actor.js")),
    "article": Page("Article", ("workbench.css",), ("common.js", "article.js")),
    "query": Page("SPARQL", ("workbench.css",), ("common.js", "query.js")),
}
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title} · graphkit</title>
{head}
</head>
<body class="{body_class}">
<header id="wb-header"></header>
{body}</body>
</html>
"""

# The map draws what occurred and carries the planned and negated interactions hidden,
# behind its checkboxes (as `graphkit map`); the other views count what occurred.
MAP_STATUSES = STATUSES
K = TypeVar("K")
V = TypeVar("V")
_MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class ServeOptions:
    """How the server answers.

    ``/sparql`` (and the query page): the query time limit, the row cap, how many queries
    run at once and how long one waits for its turn. The map: how many projections are
    kept (``cache_entries``; the maps memo keeps more views, 64) and for how long
    (``cache_seconds``; ``None``: the server's lifetime, right for an embedded store,
    which is opened as a snapshot).
    """

    query_timeout: float = DEFAULT_QUERY_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    cache_seconds: float | None = None
    # A projection of a million-triple store holds a few hundred MB: keep a few filter sets.
    cache_entries: int = 4
    max_queries: int = DEFAULT_MAX_QUERIES
    queue_timeout: float = DEFAULT_QUEUE_TIMEOUT_S


class Memo(Generic[K, V]):
    """Values built from keys, kept for the last few keys (least recently used goes first)
    and, with ``seconds``, rebuilt once that old.

    The workbench's values are expensive (projecting the store for the map takes seconds
    on a big one), so a key being built is built once: other requests for it wait for
    that build instead of starting their own; other keys do not wait.
    """

    def __init__(self, build: Callable[[K], V], *, seconds: float | None, entries: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._build, self._seconds, self._entries, self._clock = build, seconds, entries, clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._pending: dict[K, Future[V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V:
        with self._lock:
            now = self._clock()
            found = self._items.get(key)
            if found is not None and (self._seconds is None or now - found[0] < self._seconds):
                self._items.move_to_end(key)
                return found[1]
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = self._pending[key] = Future()
        assert pending is not None
        if not owner:
            return pending.result()
        try:
            value = self._build(key)
        except BaseException as exc:
            with self._lock:
                del self._pending[key]
            pending.set_exception(exc)
            raise
        with self._lock:
            del self._pending[key]
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self._entries:
                self._items.popitem(last=False)
        pending.set_result(value)
        return value


def create_app(graph: KnowledgeGraph, options: ServeOptions = ServeOptions()) -> Starlette:
    """The workbench app over ``graph`` (opened read-only by the caller)."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    def memo(build: Callable[[Any], Any], entries: int = options.cache_entries) -> Memo[Any, Any]:
        return Memo(build, seconds=options.cache_seconds, entries=entries)

    networks = memo(lambda filters: map_network(graph, filters))
    # The map's JSON for each view: fixed for a snapshot, and the map's figures take a
    # good part of a second over a big network.
    maps = memo(lambda view: _json_bytes(map_view(graph, view[0], top=view[1], ego=view[2], radius=view[3],
                                                  network=networks.get(view[0]))), entries=64)
    index = memo(lambda _: ActorIndex.build(graph), entries=1)

    def api_map(request: Request) -> Response:
        params = request.query_params
        ego = actor_ref(params["ego"]) if params.get("ego") else None
        view = (_filters(params, MAP_STATUSES), _int(params, "top", DEFAULT_TOP), ego, _int(params, "radius", 1))
        return _json_response(maps.get(view))

    def api_link(request: Request) -> Response:
        params = request.query_params
        if not params.get("from") or not params.get("to"):
            raise QueryError("give both actors: ?from=ID&to=ID")
        return _json(link_view(graph, actor_ref(params["from"]), actor_ref(params["to"]), _filters(params)))

    def api_actor(request: Request) -> Response:
        params = request.query_params
        return _json(actor_view(graph, actor_ref(request.path_params["actor"]), _filters(params),
                                page=_int(params, "page", 1), page_size=_int(params, "page_size", 20)))

    def api_article(request: Request) -> Response:
        return _json(article_view(graph, article_ref(request.path_params["article"])))

    def api_search(request: Request) -> Response:
        params = request.query_params
        limit = _int(params, "limit", 10)
        if not 1 <= limit <= 50:
            raise QueryError(f"limit must be from 1 to 50, not {limit}")
        return _json(search_view(graph, params.get("q", ""), limit=limit, index=index.get(None)))

    def api_queries(request: Request) -> Response:
        return _json(_canned_queries())

    # Queries past their time limit are abandoned, not stopped (graphkit.query.with_timeout):
    # a bound on the queries running at once keeps a burst of heavy ones from piling up.
    running = threading.BoundedSemaphore(options.max_queries)

    def answer_query(request: Request, body: bytes) -> Any:
        from graphkit.sparql_protocol import respond

        if not running.acquire(timeout=options.queue_timeout):
            return _busy(options)
        try:
            return respond(graph, method=request.method, query_params=list(request.query_params.multi_items()),
                           body=body, content_type=request.headers.get("content-type"),
                           accept=request.headers.get("accept"), timeout=options.query_timeout,
                           max_rows=options.max_rows)
        finally:
            running.release()

    async def sparql(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response as Plain

        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_QUERY_BYTES:
                return _json({"error": f"the request body is over {MAX_QUERY_BYTES // 1024} KB; "
                                       "a query that long is not accepted"}, status=413)
        # The query runs in a worker thread: the event loop keeps serving other clients.
        answer = await run_in_threadpool(answer_query, request, body)
        return Plain(answer.body, status_code=answer.status, media_type=answer.media_type,
                     headers=dict(answer.headers))

    routes = [
        Route("/", _page("map")),
        Route("/query", _page("query")),
        Route("/actor/{actor}", _page("actor")),
        Route("/article/{article}", _page("article")),
        Route("/static/{name}", _static),
        # Browsers ask for it whatever the page says; no content beats a 404 in the console.
        Route("/favicon.ico", _no_content),
        Route("/api/map", _api(api_map)),
        Route("/api/link", _api(api_link)),
        Route("/api/actor/{actor}", _api(api_actor)),
        Route("/api/article/{article}", _api(api_article)),
        Route("/api/search", _api(api_search)),
        Route("/api/queries", _api(api_queries)),
        # Every method reaches the protocol handler, which answers 405 itself (with Allow).
        Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(_SecurityHeaders)
    app.state.networks = networks
    app.state.warm_up = lambda: (maps.get((Filters(statuses=MAP_STATUSES), DEFAULT_TOP, None, 1)),
                                 index.get(None))
    return app


class _SecurityHeaders:
    """Pure ASGI middleware: the security headers on every response, errors included."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in _LOWER_SECURITY]
                headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_LOWER_SECURITY = {k.lower() for k in SECURITY_HEADERS}


def _api(view: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """A JSON route: a bad parameter is a 400 and an unknown id a 404, both as JSON."""

    def route(request: Request) -> Response:
        try:
            return view(request)
        except NotFound as exc:
            return _json({"error": str(exc)}, status=404)
        except GraphkitError as exc:
            return _json({"error": str(exc)}, status=400)

    return route


def _busy(options: ServeOptions) -> Any:
    from graphkit.sparql_protocol import ProtocolResponse

    message = {"error": f"the server is busy: the query waited {options.queue_timeout:g} s for one of "
                        f"{options.max_queries} places to run; try again later"}
    return ProtocolResponse(503, "application/json", json.dumps(message).encode("utf-8"),
                            {"Retry-After": "5"})


def _page(name: str) -> Callable[[Request], Response]:
    from starlette.responses import Response as Plain

    body = page_html(name).encode("utf-8")

    def route(request: Request) -> Response:
        return Plain(body, media_type=_MEDIA[".html"], headers={"Cache-Control": "no-cache"})

    return route


def page_html(name: str) -> str:
    """The whole page ``name`` (a key of :data:`PAGES`): the shared head and its body."""
    page = PAGES[name]
    head = [f'<link rel="stylesheet" href="/static/{css}">' for css in page.styles]
    head += [f'<script src="/static/{js}" defer></script>' for js in page.scripts]
    body = resources.files("graphkit.web").joinpath(f"{name}.body.html").read_text(encoding="utf-8")
    return _PAGE.format(title=page.title, head="\n".join(head), body_class=page.body_class, body=body)


def _no_content(request: Request) -> Response:
    from starlette.responses import Response as Plain

    return Plain(status_code=204)


def _static(request: Request) -> Response:
    from starlette.responses import Response as Plain

    name = request.path_params["name"]
    found = _asset_bytes(name)
    if found is None:
        return _json({"error": f"no such file: {name}"}, status=404)
    return Plain(found, media_type=_MEDIA.get(Path(name).suffix, "application/octet-stream"),
                 headers={"Cache-Control": "no-cache"})


def _asset_bytes(name: str) -> bytes | None:
    """A shipped script or style by file name: the pages' (``graphkit/web``), the map's own
    (``graphkit/templates``, shared with the static map) and vis-network (from pyvis).
    Pages (``.html``) have their own routes and are never served from here."""
    if "/" in name or "\\" in name or name.startswith(".") or name.endswith(".html"):
        return None
    if name in ("vis-network.min.js", "vis-network.css"):
        from graphkit.viz import vis_network_dir

        path = vis_network_dir() / name
        return path.read_bytes() if path.is_file() else None
    for package in ("graphkit.web", "graphkit.templates"):
        resource = resources.files(package).joinpath(name)
        if resource.is_file():
            return resource.read_bytes()
    return None


def _canned_queries() -> dict[str, Any]:
    """The query page's examples (the packaged queries) and the predeclared prefixes."""
    from graphkit.query import query_files, query_text
    from graphkit.rdf import PREFIXES

    return {"prefixes": dict(PREFIXES),
            "examples": [{"name": f.removesuffix(".rq"), "text": query_text(f)} for f in query_files()]}


def _filters(params: Any, statuses: tuple[str, ...] = ("occurred",)) -> Filters:
    """The filters of a request; ``statuses`` when it names none."""
    predicates = tuple(p.strip() for p in params["predicates"].split(",") if p.strip()) \
        if params.get("predicates") else None
    if params.get("statuses"):
        given = {s.strip() for s in params["statuses"].split(",") if s.strip()}
        # One order, so "planned,occurred" and "occurred,planned" share a cached view.
        statuses = tuple(sorted(given, key=lambda s: (STATUSES.index(s) if s in STATUSES else len(STATUSES), s)))
    focus = actor_ref(params["focus"]) if params.get("focus") else None
    if predicates is not None:
        from graphkit.projection import normalise_predicates

        predicates = tuple(sorted(normalise_predicates(predicates) or ()))
    return Filters(since=_day(params, "since"), until=_day(params, "until"), predicates=predicates,
                   min_confidence=_float(params, "min_confidence", 0.0), statuses=statuses, focus=focus)


def _day(params: Any, name: str) -> date | None:
    value = params.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _int(params: Any, name: str, default: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {value!r}") from None


def _float(params: Any, name: str, default: float) -> float:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except ValueError:
        raise QueryError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise QueryError(f"{name} must be a number, not {value!r}")
    return number


def _json(data: Any, status: int = 200) -> Response:
    return _json_response(_json_bytes(data), status)


def _json_bytes(data: Any) -> bytes:
    # ensure_ascii: no raw U+2028 and the like in the body; the pages parse, never eval.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _json_response(body: bytes, status: int = 200) -> Response:
    from starlette.responses import Response as Plain

    return Plain(body, status_code=status, media_type="application/json")


def serve(graph: KnowledgeGraph, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          options: ServeOptions = ServeOptions(), log_level: str = "warning", warm_up: bool = True,
          on_progress: Callable[[str], None] | None = None) -> None:
    """Run the workbench until interrupted (uvicorn, one process). With ``warm_up`` the
    store is projected for the map's default view and its names indexed for the search
    before the server listens, so no visitor waits for that."""
    import uvicorn

    app = create_app(graph, options)
    if warm_up:
        # The map's default view and the search index, before the first visitor asks.
        started = time.perf_counter()
        if on_progress is not None:
            on_progress("reading the store for the map and the search (once) …")
        app.state.warm_up()
        if on_progress is not None:
            on_progress(f"ready in {time.perf_counter() - started:.1f} s")
    if on_progress is not None:
        shown = f"[{host}]" if ":" in host else host
        on_progress(f"graphkit workbench on http://{shown}:{port}/ (read-only); Ctrl-C stops it")
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
