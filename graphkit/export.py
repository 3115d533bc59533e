"""Serialisations of the whole graph.

RDF: ``ttl`` and ``nt`` (the union of the article graphs: one set of triples), ``trig``
and ``nq`` (with every article's named graph), ``jsonld`` (named graphs, with a context
for graphkit's prefixes). Every one parses back to the same graph.

Networks (actors as nodes, one edge per interaction that occurred, via
:func:`graphkit.projection.project`): ``graphml`` and ``gexf`` for Gephi, ``csv`` as an
edge list with a header row.
"""
from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError
from graphkit.rdf import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.projection import SelectSource

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = RDF_FORMATS + NETWORK_FORMATS
CSV_COLUMNS = ("source", "source_label", "predicate", "target", "target_label", "date", "status",
               "article", "article_title", "article_url", "event", "evidence")


# OWASP's advice against CSV injection: a cell a spreadsheet would read as a formula
# (=, +, -, @, or a tab or carriage return before one) gets a leading apostrophe, which
# spreadsheets show as text. Plain numbers (-3, +1.5) are numbers, not formulas, and stay.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(cell: object) -> str:
    """``cell`` as text a spreadsheet will not run as a formula.

    >>> print(spreadsheet_safe('=HYPERLINK("http://evil","x")'), spreadsheet_safe("@SUM(A1)"), spreadsheet_safe("-2.5"))
    '=HYPERLINK("http://evil","x") '@SUM(A1) -2.5
    """
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_rows(rows: Iterable[Iterable[object]]) -> Iterator[list[str]]:
    """CSV/TSV rows with every cell passed through :func:`spreadsheet_safe`."""
    for row in rows:
        yield [spreadsheet_safe(cell) for cell in row]


def rdf_export(nquads: bytes, fmt: str) -> bytes:
    """Re-serialise a dataset given as N-Quads to ``fmt`` (one of :data:`RDF_FORMATS`).

    >>> nq = b'<http://a/s> <http://a/p> "o" <http://a/g> .\\n'
    >>> rdf_export(nq, "nt")
    b'<http://a/s> <http://a/p> "o" .\\n'
    """
    import pyoxigraph

    if fmt == "nq":
        return nquads
    quads = list(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    if fmt == "trig":
        return _sorted_dump(quads, pyoxigraph.RdfFormat.TRIG)
    if fmt in {"ttl", "nt"}:
        # The union of the article graphs: a triple two articles state is written once.
        triples = list({q.triple: None for q in quads})
        target = pyoxigraph.RdfFormat.TURTLE if fmt == "ttl" else pyoxigraph.RdfFormat.N_TRIPLES
        return _sorted_dump(triples, target)
    if fmt == "jsonld":
        return _jsonld(nquads)
    raise GraphkitError(f"unknown RDF export format {fmt!r}; known: {', '.join(RDF_FORMATS)}")


def _sorted_dump(items: list[Any], fmt: Any) -> bytes:
    import pyoxigraph

    # Sorted by graph then subject so a serialiser groups each subject's statements.
    def key(item: Any) -> tuple[str, str, str, str]:
        graph = str(getattr(item, "graph_name", ""))
        return (graph, str(item.subject), str(item.predicate), str(item.object))

    return pyoxigraph.serialize(sorted(items, key=key), format=fmt, prefixes=PREFIXES) or b""


def _jsonld(nquads: bytes) -> bytes:
    from rdflib import Dataset

    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    with warnings.catch_warnings():
        # rdflib 7's own N-Quads parser and JSON-LD serialiser call its deprecated
        # ConjunctiveGraph API; nothing a caller can act on.
        warnings.simplefilter("ignore", DeprecationWarning)
        if nquads.strip():
            dataset.parse(data=nquads.decode("utf-8"), format="nquads")
        text = dataset.serialize(format="json-ld", context=dict(PREFIXES), indent=2)
    return text.encode("utf-8") if isinstance(text, str) else text


def network(source: SelectSource) -> nx.MultiDiGraph:
    """The actor network with only GraphML/GEXF-safe attribute values (no None, no dates)."""
    import networkx as nx

    from graphkit.projection import project

    projected = project(source)
    clean = nx.MultiDiGraph(name="graphkit actor network")
    for node, attrs in projected.nodes(data=True):
        clean.add_node(node, **_plain(attrs))
    for u, v, key, attrs in projected.edges(keys=True, data=True):
        clean.add_edge(u, v, key=key, **_plain(attrs))
    return clean


def _plain(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[name] = value
    return out


def network_export(source: SelectSource, fmt: str) -> bytes:
    """``graphml``, ``gexf`` or ``csv`` bytes of the actor network of ``source``."""
    import networkx as nx

    graph = network(source)
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for u, v, attrs in sorted(graph.edges(data=True), key=lambda e: (e[2].get("date", ""), e[0], e[1],
                                                                        e[2].get("event", ""))):
            writer.writerow(map(spreadsheet_safe, [
                u, graph.nodes[u].get("label", ""), attrs.get("predicate", ""),
                v, graph.nodes[v].get("label", ""), attrs.get("date", ""), attrs.get("status", ""),
                attrs.get("article", ""), attrs.get("article_title", ""), attrs.get("article_url", ""),
                attrs.get("event", ""), attrs.get("evidence", ""),
            ]))
        return text.getvalue().encode("utf-8")
    raise GraphkitError(f"unknown network export format {fmt!r}; known: {', '.join(NETWORK_FORMATS)}")

