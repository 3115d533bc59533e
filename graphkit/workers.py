"""Worker processes that do not outlive the process that started them.

A ``kill -9`` of ``graphkit build --workers N`` gives its pool no chance to stop its
workers; they would wait for work forever, holding hundreds of MB and handles inherited
from the parent (the store's files among them). :func:`die_with_parent`, called first in
a worker, ends the worker when its parent goes: on Linux the kernel sends it SIGKILL
(``prctl(PR_SET_PDEATHSIG)``); everywhere a watchdog thread also checks every
:data:`WATCH_EVERY_S` seconds that the parent is still the one it started with.
"""
from __future__ import annotations

import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_EVERY_S = 1.0


def die_with_parent(parent_pid: int | None = None) -> None:
    """End this process when ``parent_pid`` (default: the multiprocessing parent, else
    the current parent) ends. Safe to call more than once; never raises."""
    if parent_pid is None:
        parent_pid = _multiprocessing_parent() or os.getppid()
    _ask_the_kernel()
    if os.getppid() != parent_pid:  # the parent died before the request was in place
        os._exit(1)
    _start_watchdog(parent_pid)


def _multiprocessing_parent() -> int | None:
    import multiprocessing

    parent = multiprocessing.parent_process()
    return parent.pid if parent is not None else None


def _ask_the_kernel() -> bool:
    """Linux: SIGKILL this process when its parent thread ends. False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):  # no libc to speak to: the watchdog still runs
        return False


_watching: set[int] = set()


def _start_watchdog(parent_pid: int) -> None:
    # The watchdog covers what prctl does not: other systems, and a parent whose pool was
    # started from a thread that ended (prctl follows the thread, not the process).
    if parent_pid in _watching:
        return
    _watching.add(parent_pid)

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(WATCH_EVERY_S):
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="graphkit-parent-watchdog", daemon=True).start()
