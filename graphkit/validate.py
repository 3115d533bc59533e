"""SHACL validation of a graphkit graph against the shapes (pyshacl).

The shapes and the ontology are :mod:`graphkit.ontology`'s (the ``.ttl`` files plus what
the predicate table says). The shapes are checked on the union of the article graphs, with
the ontology mixed in so that ``sh:targetClass dip:Interaction`` reaches ``dip:Meeting``,
``dip:PhoneCall``, ….
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL check: conforms, how many violations, pyshacl's report text."""

    conforms: bool
    violations: int
    text: str


def validate_graph(data: Graph) -> ValidationReport:
    """Validate one rdflib graph (a union of article graphs) against the shapes.

    >>> from rdflib import Graph
    >>> validate_graph(Graph()).conforms
    True
    """
    import pyshacl

    from graphkit.ontology import ontology_graph, shapes_graph
    from rdflib.namespace import RDF
    from rdflib.namespace import SH as sh  # closed: a misspelt SHACL term raises
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
        inference="none", abort_on_first=False, allow_warnings=True, advanced=False,
    )
    violations = sum(1 for result in results.subjects(RDF.type, sh.ValidationResult)
                     if results.value(result, sh.resultSeverity) == sh.Violation)
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))


def validate_nquads(data: bytes) -> ValidationReport:
    """Validate a whole dataset given as N-Quads (every named graph merged)."""
    from rdflib import Graph

    from graphkit.export import rdf_export

    union = Graph()
    if data.strip():
        union.parse(data=rdf_export(data, "nt").decode("utf-8"), format="nt")
    return validate_graph(union)
