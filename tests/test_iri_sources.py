"""IRIs are graphkit.rdf's: no other module of the package (or of bench/) writes a namespace
string or takes an IRI apart by hand. A cheap guard over the source text."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graphkit.rdf import ID_BASE, PREFIXES, SHAPES_IRI, WIKIDATA_ENTITY

ROOT = Path(__file__).resolve().parent.parent
#: The modules allowed to spell namespaces: the one that mints IRIs and the closed namespaces.
ALLOWED = {ROOT / "graphkit" / "rdf.py", ROOT / "graphkit" / "namespace.py"}
NAMESPACES = sorted({*PREFIXES.values(), ID_BASE, SHAPES_IRI, WIKIDATA_ENTITY, "https://w3id.org/graphkit/"})
# Slicing an IRI at its last '#' or '/' is what rdf.dip_name / rdf.actor_slug are for.
IRI_SURGERY = re.compile(r"""\.r?split\(\s*["']#["']|\.rsplit\(\s*["']/["']\s*,\s*1\s*\)\s*\[\s*-1\s*\]""")


def _sources() -> list[Path]:
    return [p for folder in ("graphkit", "bench") for p in sorted((ROOT / folder).rglob("*.py")) if p not in ALLOWED]


def _code_strings(tree: ast.AST) -> list[ast.Constant]:
    """The string constants of a module that are not docstrings (doctests may show IRIs)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_the_guard_sees_the_package():
    assert len(_sources()) > 20


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_namespace_string_outside_rdf(path: Path):
    text = path.read_text(encoding="utf-8")
    found = [(node.lineno, ns) for node in _code_strings(ast.parse(text)) for ns in NAMESPACES if ns in node.value]
    assert not found, f"{path.name}: namespace strings {found}: use graphkit.rdf (PREFIXES, ID_BASE, ...)"
    surgery = [text.count("\n", 0, m.start()) + 1 for m in IRI_SURGERY.finditer(text)]
    assert not surgery, f"{path.name}: lines {surgery} cut IRIs by hand: use rdf.dip_name / rdf.actor_slug"
