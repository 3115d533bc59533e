"""The knowledge graph facade the CLI and the pipeline use.

A thin layer: identity goes to :mod:`graphkit.resolve`, IRIs and triples to
:mod:`graphkit.rdf`, storage to :mod:`graphkit.store`, serialisations to
:mod:`graphkit.export`, SHACL to :mod:`graphkit.validate`.

>>> from graphkit.records import Article, Entity, Interaction, Extraction
>>> article = Article(id="h1", name="note.txt", text="Austin spoke with Gallant.")
>>> people = (Entity("Lloyd Austin", "Person"), Entity("Yoav Gallant", "Person"))
>>> call = Interaction("Lloyd Austin", "spokeWith", "Yoav Gallant", evidence=article.text, end=26)
>>> with KnowledgeGraph.open("memory") as kg:
...     kg.add(Extraction(article, people, (call,)))
...     kg.select("SELECT ?a ?b WHERE { ?a dip:spokeWith ?b }")
'added'
[{'a': 'https://w3id.org/graphkit/id/actor/lloyd-austin', 'b': 'https://w3id.org/graphkit/id/actor/yoav-gallant'}]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError, QueryError
from graphkit.names import KnownActor
from graphkit.rdf import ACTOR_KINDS, PREFIXES, article_iri, dip_name, fallback_label
from graphkit.records import Article, Extraction
from graphkit.store import Backend, EndpointBackend, Solutions, open_store, replace_graph_update
from graphkit.validate import ValidationReport

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rdflib import Graph

    from graphkit.notebook import MapView
    from graphkit.projection import SelectSource
    from graphkit.resolve import Resolver

_XSD = PREFIXES["xsd"]
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}

_PREFIX_LINES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("dip", "rdfs", "skos", "org"))
# Small DISTINCT queries rather than one with a UNION: ten times faster on Oxigraph.
_KINDS_QUERY = _PREFIX_LINES + """SELECT DISTINCT ?actor ?type WHERE {
  GRAPH ?g { ?actor a ?type } VALUES ?type { dip:Person dip:Organization dip:Country } }"""
_NAMES_QUERIES = {
    "label": _PREFIX_LINES + "SELECT DISTINCT ?actor ?name WHERE { GRAPH ?g { ?actor rdfs:label ?name } }",
    "alias": _PREFIX_LINES + "SELECT DISTINCT ?actor ?name WHERE { GRAPH ?g { ?actor skos:altLabel ?name } }",
}
_POSTS_QUERIES = {
    "title": _PREFIX_LINES + "SELECT DISTINCT ?actor ?name WHERE { GRAPH ?g { ?actor org:holds/dip:title ?name } }",
    "affiliation": _PREFIX_LINES + "SELECT DISTINCT ?actor ?name WHERE { GRAPH ?g { ?actor dip:affiliation ?name } }",
}


def known_actors(source: SelectSource, *, kinds: Iterable[str] | None = None, posts: bool = False) -> list[KnownActor]:
    """Every actor of the graph with its label, kind and names (labels and aliases): what
    name matching (``ask``, ``--ego``) and cross-article resolution know of the store.

    ``kinds`` keeps only some kinds ("Person", "Organization", "Country"). An actor two
    articles type differently takes the most specific kind (Person, then Organization).
    ``posts`` also reads the titles and affiliation IRIs articles gave each actor (what
    the resolver compares people by).
    """
    kind_of: dict[str, str] = {}
    for row in source.select(_KINDS_QUERY):
        iri, kind = str(row["actor"]), dip_name(str(row["type"]))
        if iri not in kind_of or ACTOR_KINDS.index(kind) < ACTOR_KINDS.index(kind_of[iri]):
            kind_of[iri] = kind
    found: dict[str, dict[str, set[str]]] = {}
    for what, sparql in (_NAMES_QUERIES | (_POSTS_QUERIES if posts else {})).items():
        found[what] = {}
        for row in source.select(sparql):
            found[what].setdefault(str(row["actor"]), set()).add(str(row["name"]))
    labels, aliases = found["label"], found["alias"]
    wanted = set(kinds) if kinds is not None else None
    return [KnownActor(iri, min(labels.get(iri) or aliases.get(iri) or {fallback_label(iri)}), kind,
                       set(labels.get(iri, set()) | aliases.get(iri, set())),
                       set(found.get("title", {}).get(iri, set())), set(found.get("affiliation", {}).get(iri, set())))
            for iri, kind in sorted(kind_of.items())
            if wanted is None or kind in wanted]


_STATS = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }",
    "actors": """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a ?t }
                 VALUES ?t { dip:Person dip:Organization dip:Country } }""",
    "interactions": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e dip:predicate ?p } }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}
_BY_PREDICATE = """SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e dip:predicate ?p } }
GROUP BY ?p ORDER BY DESC(?n) ?p"""
# Count first, label the ten afterwards: joining every label (restated by each article that
# names the actor) before counting made this the slowest part of a re-build's summary.
_BUSIEST = """SELECT ?a (MIN(?l) AS ?label) ?n WHERE {
  { SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e dip:participant ?a } }
    GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 10 }
  OPTIONAL { GRAPH ?h { ?a rdfs:label ?l } }
} GROUP BY ?a ?n ORDER BY DESC(?n) ?label ?a"""


@dataclass(frozen=True)
class QueryResult:
    """A query's answer for display.

    ``kind`` is "select", "ask" or "graph"; SELECT fills ``vars`` and ``rows`` (tuples of
    display strings, IRIs shortened with the known prefixes, "" when unbound) and
    ``values`` (dicts of plain Python values); ASK fills ``boolean``; CONSTRUCT and
    DESCRIBE fill ``graph`` (an rdflib graph with the prefixes bound).
    """

    kind: str
    vars: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    values: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> Any:
        """JSON-ready form: a list of row objects (SELECT), a bool (ASK) or N-Triples text."""
        if self.kind == "ask":
            return self.boolean
        if self.kind == "graph":
            return self.graph.serialize(format="nt") if self.graph is not None else ""
        return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}
                for row in self.values]


def plain(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value: IRIs and strings as str, numbers as
    int/float, xsd:date as ``datetime.date``, xsd:boolean as bool, None for unbound."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        value = term.value
        try:
            if datatype in _INTEGERS:
                return int(value)
            if datatype in _FLOATS:
                return float(Decimal(value)) if datatype == _XSD + "decimal" else float(value)
            if datatype == _XSD + "date":
                return date.fromisoformat(value)
            if datatype == _XSD + "dateTime":
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            if datatype == _XSD + "boolean":
                return value in {"true", "1"}
        except (ValueError, InvalidOperation):
            pass  # an ill-typed literal: show its text rather than fail the query
        return value
    return str(term)


def display(term: Any) -> str:
    """A pyoxigraph term as a short display string (``dip:spokeWith``, ``2024-03-05``)."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        iri = term.value
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace):]
                if "/" not in local and "#" not in local:
                    return f"{prefix}:{local}"
        return iri
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)


def _to_rdflib(term: Any) -> Any:
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class KnowledgeGraph:
    """The diplomacy knowledge graph in one of graphkit's stores.

    Open it with :meth:`open`; use it as a context manager so the store is closed.
    """

    def __init__(self, backend: Backend, *, aliases: Path | None = None) -> None:
        self._backend = backend
        self._aliases = aliases
        self._resolver: Resolver | None = None
        # Article IRI -> stored content hash, read in one query at the first status check:
        # one lookup per article cost ~3 ms at 10,000 articles and dominated a re-build.
        self._hashes: dict[str, str] | None = None

    @classmethod
    def open(cls, store: str | Path = "graphkit-store", *, endpoint: str | None = None,
             aliases: Path | None = None, read_only: bool = False) -> KnowledgeGraph:
        """Open a store: a folder (embedded on-disk Oxigraph, created if missing unless
        ``read_only``), ``"memory"``, or a SPARQL 1.1 ``endpoint`` URL (see
        :func:`graphkit.store.endpoint_urls`). ``aliases`` is an alias file that pins
        identities (see :func:`graphkit.resolve.load_aliases`).

        Raises :class:`~graphkit.errors.StoreError` (a missing read-only store names its
        path) or :class:`~graphkit.errors.InputError` (a bad alias file).
        """
        graph = cls(open_store(store, endpoint=endpoint, read_only=read_only), aliases=aliases)
        if aliases is not None:
            graph._load_pins()  # fail now, not at the first article
        return graph

    @property
    def backend(self) -> Backend:
        """The store underneath (for benchmarks and tools that need raw access)."""
        return self._backend

    def close(self) -> None:
        """Close the store (flushes an on-disk store)."""
        self._backend.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------

    def _hash_of(self, article: Article) -> str | None:
        if self._hashes is None:
            answer = self._backend.query(
                "SELECT ?a ?h WHERE { GRAPH ?a { ?a dip:contentHash ?h } }", prefixes=PREFIXES)
            assert isinstance(answer, Solutions)
            self._hashes = {str(row[0].value): str(row[1].value) for row in answer.rows}
        return self._hashes.get(str(article_iri(article)))

    def status(self, article: Article) -> str:
        """"new", "changed" or "unchanged": is the article (same URL, path or name)
        stored, and with the same content hash?"""
        stored = self._hash_of(article)
        if stored is None:
            return "new"
        return "unchanged" if stored == article.id else "changed"

    def add(self, extraction: Extraction) -> str:
        """Store one article's extraction in its own named graph, in ONE atomic write.

        Returns "added", "replaced" (the article changed: its old graph is swapped out in
        the same transaction) or "unchanged" (same content hash: nothing written).

        Through a SPARQL endpoint with a Graph Store, a new article is one HTTP PUT of its
        graph (see :meth:`graphkit.store.EndpointBackend.replace_graph`); otherwise, and
        for every embedded store, the write is one SPARQL update. Either way a failure
        raises and nothing of the article is written.
        """
        state = self.status(extraction.article)
        if state == "unchanged":
            return "unchanged"
        graph = self.to_rdf(extraction)
        ntriples = graph.serialize(format="nt")
        if isinstance(self._backend, EndpointBackend):
            # isinstance, not duck typing: a wrapper around a backend (tests wrap `update` to
            # make writes fail) must keep seeing every write go through its `update`.
            self._backend.replace_graph(str(graph.identifier), ntriples, replaces=state == "changed")
        else:
            self._backend.update(replace_graph_update(str(graph.identifier), ntriples))
        if self._hashes is not None:
            self._hashes[str(article_iri(extraction.article))] = extraction.article.id
        return "added" if state == "new" else "replaced"

    def to_rdf(self, extraction: Extraction) -> Graph:
        """The named graph ``add`` would write for ``extraction`` (identities resolved
        against the store), without writing it."""
        from graphkit.rdf import extraction_graph

        resolution = self._get_resolver().resolve(extraction)
        return extraction_graph(extraction, resolution)

    def _load_pins(self) -> dict:
        from graphkit.resolve import load_aliases

        return load_aliases(self._aliases) if self._aliases is not None else {}

    def _get_resolver(self) -> Resolver:
        if self._resolver is None:
            from graphkit.resolve import Resolver

            self._resolver = Resolver(known_actors(self, posts=True), aliases=self._load_pins())
        return self._resolver

    # -- reading --------------------------------------------------------------------------

    def _run(self, sparql: str) -> Solutions | bool | list[Any]:
        return self._backend.query(sparql, union=True, prefixes=PREFIXES)

    def select(self, sparql: str) -> list[dict[str, object]]:
        """Run a SELECT query; rows as dicts of plain Python values (see :func:`plain`).

        The default graph is the union of the article graphs; the dip, prov, org, skos,
        schema, rdfs, rdf, xsd, owl and foaf prefixes are predeclared.

        Oxigraph 0.5 matches a triple that several articles state (an actor's label, a
        direct triple) once per article in that union (oxigraph issue #1919, fixed after
        0.5.13): use ``SELECT DISTINCT``, or ``GRAPH ?g { … }`` to count per article.
        """
        answer = self._run(sparql)
        if not isinstance(answer, Solutions):
            raise QueryError("select() needs a SELECT query (use query() for ASK, CONSTRUCT, DESCRIBE)")
        return [{name: plain(term) for name, term in zip(answer.vars, row)} for row in answer.rows]

    def query(self, sparql: str) -> QueryResult:
        """Run any SPARQL query for display (see :class:`QueryResult`).

        Raises :class:`~graphkit.errors.QueryError` with line and column on a syntax error.
        """
        from rdflib import Graph

        from graphkit.rdf import bind_prefixes

        answer = self._run(sparql)
        if isinstance(answer, bool):
            return QueryResult(kind="ask", boolean=answer)
        if isinstance(answer, Solutions):
            return QueryResult(
                kind="select", vars=answer.vars,
                rows=[tuple(display(t) for t in row) for row in answer.rows],
                values=[{n: plain(t) for n, t in zip(answer.vars, row)} for row in answer.rows])
        graph = bind_prefixes(Graph())
        for triple in answer:
            graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object)))
        rows = [tuple(display(t) for t in (tr.subject, tr.predicate, tr.object)) for tr in answer]
        return QueryResult(kind="graph", vars=("subject", "predicate", "object"), rows=rows, graph=graph)

    def stats(self) -> dict[str, Any]:
        """Counts for a summary: articles, actors, interactions, triples (statements in the
        article graphs), interactions by predicate, the ten busiest actors, the store."""
        figures: dict[str, Any] = {}
        for name, sparql in _STATS.items():
            answer = self._backend.query(sparql, prefixes=PREFIXES)
            assert isinstance(answer, Solutions)
            figures[name] = int(plain(answer.rows[0][0]) or 0) if answer.rows else 0
        answer = self._backend.query(_BY_PREDICATE, prefixes=PREFIXES)
        assert isinstance(answer, Solutions)
        figures["by_predicate"] = {dip_name(p.value) or p.value: int(plain(n)) for p, n in answer.rows}
        answer = self._backend.query(_BUSIEST, prefixes=PREFIXES)
        assert isinstance(answer, Solutions)
        figures["busiest"] = [{"name": plain(label) or fallback_label(a.value), "interactions": int(plain(n))}
                              for a, label, n in answer.rows]
        figures["store"] = self._backend.description
        return figures

    # -- output -----------------------------------------------------------------------------

    def export(self, fmt: str, out: Path | None = None) -> bytes | None:
        """Serialise the graph as ttl, nt, nq, trig, jsonld, graphml, gexf or csv.

        With ``out`` the file is written atomically and None returned; else the bytes.
        """
        from graphkit.export import NETWORK_FORMATS, RDF_FORMATS, network_export, rdf_export
        from graphkit.files import atomic_write

        if fmt in RDF_FORMATS:
            data = rdf_export(self._backend.dump_nquads(), fmt)
        elif fmt in NETWORK_FORMATS:
            data = network_export(self, fmt)
        else:
            raise GraphkitError(f"unknown export format {fmt!r}; known: {', '.join(RDF_FORMATS + NETWORK_FORMATS)}")
        if out is None:
            return data
        with atomic_write(out, "wb") as fh:
            fh.write(data)
        return None

    def validate(self) -> ValidationReport:
        """Check the whole graph against the SHACL shapes (pyshacl): ``ontologies/shapes.ttl``
        with the per-predicate shapes :func:`graphkit.ontology.shapes_graph` adds from the
        predicate table."""
        from graphkit.validate import validate_nquads

        return validate_nquads(self._backend.dump_nquads())

    def show(self, **filters: Any) -> MapView:
        """The map of this graph inline in a notebook (the workbench's map for the same
        filters): ``kg.show(since="2024-01-01", ego="Blinken", top=50)``. See
        :func:`graphkit.notebook.show` for the filters."""
        from graphkit.notebook import show

        return show(self, **filters)

    def _repr_html_(self) -> str:
        # A graph shown in a notebook cell is its default map.
        return self.show()._repr_html_()
