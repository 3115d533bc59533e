"""Only what graphkit uses is pinned: every runtime dependency is imported by the package."""
from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Needed without graphkit importing it: justext (under trafilatura) imports lxml.html.clean,
# which now ships as a package of its own.
INDIRECT = {"lxml-html-clean"}


def _distribution_names() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[=<>!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
            for spec in project["dependencies"]]


def _imported_distributions() -> set[str]:
    modules = set()
    for path in (ROOT / "graphkit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        modules.update(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", text, re.M))
    by_module = packages_distributions()
    return {dist.lower().replace("_", "-") for module in modules for dist in by_module.get(module, ())}


def test_every_runtime_dependency_is_imported():
    unused = set(_distribution_names()) - _imported_distributions() - INDIRECT
    assert not unused, f"pinned but never imported: {sorted(unused)}"
