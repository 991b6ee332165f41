"""Shared pieces of the benchmarks: timing a command, the plain pandoc route's arguments."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))
from tests.conftest import copy_book  # noqa: E402  (the tests' copy: one way to copy a book)

__all__ = ["copy_book"]


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and the peak memory (MiB) of one command run to completion, its own
    and its children's (wait4: the rusage of all children together only ever grows)."""
    elapsed, _, peak = measure(command, cwd)
    return elapsed, peak


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user and system, with the processes it waited for) and
    peak memory (MiB) of one command run to completion. The CPU time is the figure a
    machine loaded by others leaves alone."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


measured = measure  # the same figures, by the name the formulas bench uses


def median(values: list[float]) -> float:
    return statistics.median(values)


def plain_pandoc(book: Path, output: str) -> list[str]:
    """What a user would run instead: pandoc's citeproc with the same style, same sources."""
    from samizdat import Report
    from samizdat.pandoc.run import pandoc_path
    from samizdat.source.load import load_sources

    sources = load_sources(book, Report())
    command = [pandoc_path(), *[c.rel for c in sources.chapters], "--citeproc",
               f"--csl={sources.csl}", "-o", output]
    command += [f"--bibliography={f.rel}" for f in sources.bibliography]
    if output.endswith(".pdf"):
        command.append("--pdf-engine=weasyprint")
    return command
