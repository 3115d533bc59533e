"""Atomic file output: an interrupted run never leaves a truncated file behind.

The temporary file is named ``.NAME.PID.RANDOM.tmp`` beside the target. A run killed
while writing (``kill -9``) cannot remove its own; the next write of the same target
removes those whose process is gone. The finished file gets the mode a plain ``open``
would give it (``0666`` less the umask), or keeps the mode of the file it replaces.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as fh:
    ...     _ = fh.write("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if "b" in mode:
        encoding = None
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes a 0600 file whatever the umask; give it what open() would have.
        os.chmod(tmp, _target_mode(path))
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # Ctrl-C included: the old file (if any) stays as it was.
        Path(tmp).unlink(missing_ok=True)
        raise


def _target_mode(path: Path) -> int:
    """The replaced file's permission bits, or 0666 less the umask for a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask (read from /proc where there is one: setting it to read it is
    not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files an interrupted :func:`atomic_write` of ``path`` left
    behind (named ``.NAME.PID.RANDOM.tmp`` with PID no longer running); returns them.

    Temporaries of a live process are another write in progress and stay. Those of
    graphkit versions that did not name the writer (``.NAME.RANDOM.tmp``) go once they
    are :data:`UNNAMED_STALE_S` old.
    """
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d+)\.)?[a-z0-9_]{{8}}\.tmp")
    removed = []
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        found = pattern.fullmatch(candidate.name)
        if found is None or (_running(int(found.group(1))) if found.group(1) else _recent(candidate)):
            continue
        try:
            candidate.unlink()
        except OSError:  # gone already, or not ours to remove: the write goes on anyway
            continue
        removed.append(candidate)
    return removed


UNNAMED_STALE_S = 3600.0


def _recent(candidate: Path) -> bool:
    import time

    try:
        return time.time() - candidate.stat().st_mtime < UNNAMED_STALE_S
    except OSError:
        return True


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    return True
