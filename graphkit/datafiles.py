"""Reading graphkit's CSV data files: ``#`` comments, a checked header, file:line errors.

Every word list and table in ``graphkit/data`` goes through :func:`read_rows`, so a bad
row is reported the same way whichever file it is in.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from graphkit.errors import GraphkitError


def read_rows(text: str, source: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV data file with ``#`` comment lines, checked for the expected header.

    Yields ``(line_number, row)``; raises :class:`GraphkitError` naming ``source`` and the line.

    >>> list(read_rows("# a comment\\nname,size\\nmet, 2\\n", "t.csv", ("name", "size")))
    [(3, {'name': 'met', 'size': '2'})]
    """
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise GraphkitError(f"{source}: empty data file")
    header_line, header = lines[0]
    found = tuple(c.strip() for c in next(csv.reader([header])))
    if found != columns:
        raise GraphkitError(f"{source}:{header_line}: expected columns {','.join(columns)}, found {header}")
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) != len(columns):
            raise GraphkitError(f"{source}:{number}: expected {len(columns)} fields, found {len(values)}")
        yield number, {c: v.strip() for c, v in zip(columns, values)}


def data_text(name: str, path: Path | None = None) -> tuple[str, str]:
    """The text of ``path``, or of the package's ``graphkit/data/NAME`` when ``path`` is None,
    with the name to use for it in error messages."""
    if path is not None:
        return Path(path).read_text(encoding="utf-8"), str(path)
    return files("graphkit.data").joinpath(name).read_text(encoding="utf-8"), f"graphkit/data/{name}"
