"""graphkit: news articles about diplomacy → a knowledge graph of who dealt with whom.

The public API is imported lazily so that ``import graphkit`` (and ``graphkit --help``)
does not pay for spaCy, rdflib or pyvis.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "read_articles": "graphkit.articles",
    "Article": "graphkit.records",
    "Entity": "graphkit.records",
    "Interaction": "graphkit.records",
    "Extraction": "graphkit.records",
    "extract": "graphkit.pipeline",
    "build": "graphkit.pipeline",
    "load_model": "graphkit.nlp.model",
    "open_store": "graphkit.store",
    "GraphkitError": "graphkit.errors",
    "InputError": "graphkit.errors",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
    return getattr(import_module(module), name)
