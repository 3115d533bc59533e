"""Run a command and measure its memory: ``python -m bench.peak --json OUT -- COMMAND ...``.

Writes ``{"wall_s", "exit", "peak_rss_mb", "main_peak_mb", "children_peak_mb"}`` to OUT:

- ``peak_rss_mb``: ``ru_maxrss`` of the command and every child it waited for (its worker
  processes), i.e. the largest single process;
- ``main_peak_mb`` / ``children_peak_mb``: the high-water marks (``VmHWM``) of the command's
  own process and of its largest child, sampled from ``/proc`` (Linux; None elsewhere).

Why a separate process: Linux carries a process's peak RSS across ``exec`` from the
process it was forked from, so ``wait4`` on a command started straight from the bench
(which holds a loaded spaCy pipeline, ~500 MB) reports the bench's own peak, not the
command's. Started from this small process the figure is the command's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def _hwm_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                found += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return found


def measure(command: list[str], *, interval: float = 0.25) -> dict:
    """Run ``command`` (stdout discarded, stderr passed on) and return its figures."""
    peaks: dict[str, float] = {"main": 0.0, "children": 0.0}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        # VmHWM only grows, so the last reading before a process ends is close to its peak.
        while not done.is_set():
            main = _hwm_mb(process.pid)
            if main is not None:
                peaks["main"] = max(peaks["main"], main)
            for child in _children(process.pid):
                peaks["children"] = max(peaks["children"], _hwm_mb(child) or 0.0)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    on_linux = os.path.isdir("/proc/self")
    return {"wall_s": round(wall, 1), "exit": os.waitstatus_to_exitcode(status),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
            "main_peak_mb": round(peaks["main"], 1) if on_linux else None,
            "children_peak_mb": round(peaks["children"], 1) if on_linux and peaks["children"] else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    figures = measure(command)
    args.json.write_text(json.dumps(figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
