"""bench/peak.py measures the command's own peak memory, not its launcher's."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A parent that holds ~150 MB starts a child that holds ~20 MB through bench.peak. Linux
# carries the parent's peak across fork+exec, so a plain wait4 in the parent would report
# >= 150 MB for the child.
PARENT = """
import json, subprocess, sys
ballast = bytearray(150 * 1024 * 1024)
for i in range(0, len(ballast), 4096):
    ballast[i] = 1
# the child holds its memory for a second so that the /proc sampler sees it too
child = [sys.executable, "-c", "import time; x = bytearray(20 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); time.sleep(1)"]
subprocess.run([sys.executable, "-m", "bench.peak", "--json", sys.argv[1], "--", *child], check=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss and /proc as on Linux")
def test_peak_is_the_commands_not_the_launchers(tmp_path: Path) -> None:
    out = tmp_path / "peak.json"
    subprocess.run([sys.executable, "-c", PARENT, str(out)], cwd=ROOT, check=True)
    figures = json.loads(out.read_text())
    assert figures["exit"] == 0
    assert 20 <= figures["peak_rss_mb"] < 100
    assert 20 <= figures["main_peak_mb"] < 100
    assert figures["children_peak_mb"] is None  # the command started no processes


def test_peak_reports_the_exit_code(tmp_path: Path) -> None:
    from bench.peak import measure

    figures = measure([sys.executable, "-c", "raise SystemExit(3)"])
    assert figures["exit"] == 3
