"""Typed errors. The library raises these; only the CLI turns them into exit codes."""
from __future__ import annotations


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""


class InputError(GraphkitError):
    """An input (file, record, stdin) that cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(GraphkitError):
    """The spaCy pipeline cannot be loaded."""


class StoreError(GraphkitError):
    """The store cannot be opened, read or written."""


class BuildStopped(StoreError):
    """A build gave up because the store refused several articles in a row. ``report``
    (a :class:`graphkit.records.BuildReport`) says what was done before."""

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class QueryError(GraphkitError):
    """A SPARQL query is malformed or fails."""
