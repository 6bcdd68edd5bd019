"""``imnm literature parse`` and ``screen`` as whole processes: peak memory flat in the file's size.

Each command runs in a child of a small launcher process: Linux keeps a process's peak RSS across
``exec``, so a child started straight from pytest (or from any large process) would report at least
pytest's own RSS. The launcher is small and fresh, and its child's peak is the command's own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from medline_factory import synthetic_medline

IMNM = str(Path(sys.executable).with_name("imnm"))
SMALL, LARGE = 5_000, 20_000  # records; four times as many, both above the ranking spool's 4 096 keys held

#: Runs ARGV with stdout to /dev/null and prints its peak RSS in KiB (from os.wait4) and exit code.
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_pid, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("medline_rss")
    synthetic = synthetic_medline()
    return {n: synthetic.write_medline(folder / f"invented{n}.xml.gz", n, seed=5) for n in (SMALL, LARGE)}


def peak_mib(*argv: str) -> float:
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True, check=True).stdout
    kib, code = map(int, out.split())
    assert code == 0, argv
    return kib / 1024


@pytest.mark.parametrize("command", [["parse"], ["screen", "-f", "jsonl"]], ids=["parse", "screen"])
def test_peak_rss_hardly_grows_with_four_times_the_records(files, command):
    name, *options = command
    small = peak_mib(IMNM, "literature", name, str(files[SMALL]), *options)
    large = peak_mib(IMNM, "literature", name, str(files[LARGE]), *options)
    per_record = (large - small) * 1024 * 1024 / (LARGE - SMALL)
    message = f"{name}: {small:.1f} MiB -> {large:.1f} MiB, {per_record:.0f} bytes per record"
    if name == "parse":  # nothing is kept from one record to the next
        assert large - small < 2, message
    else:  # the identities seen for deduplication, in numpy arrays (docs/benchmarks.md gives the bytes):
        # 4 bytes a PMID, 8 a DOI or a title, about 20-40 with the arrays' growth; with Python sets and
        # dicts of digests it was about 290 bytes, with every ranking key and identity as strings about 800
        assert per_record < 64, message
