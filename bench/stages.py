"""Where a build's CPU time goes, stage by stage: the handout's profile.

    python bench/stages.py [BOOK] [FORMATS] [RUNS]     (FORMATS: pdf, epub, all; default pdf)

CPU seconds (user + system), not wall time, so a loaded machine gives the same figures:
each stage's own time, without the stages it calls (a WeasyPrint layout inside the
planning counts as layout). Process start and the imports are measured in fresh
interpreters; the pandoc processes by their children's rusage. Medians of RUNS builds.
"""

from __future__ import annotations

import functools
import importlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, copy_book

# (module, attribute, stage): the functions whose own CPU time is a stage
STAGES = [
    ("samizdat.build.pipeline", "load_sources", "read the sources"),
    ("samizdat.build.pipeline", "extract_reading_lists", "read the sources"),
    ("samizdat.build.pipeline", "scan_book", "scan and checks"),
    ("samizdat.build.pipeline", "check_sources", "scan and checks"),
    ("samizdat.build.pipeline", "gather_withheld", "scan and checks"),
    ("samizdat.build.pipeline", "check_cross_references", "scan and checks"),
    ("samizdat.build.pipeline", "check_glyphs", "scan and checks"),
    ("samizdat.build.pipeline", "import_renderers", "import the renderers"),
    ("samizdat.pandoc.run.PandocRun", "__init__", "start pandoc"),
    ("samizdat.pandoc.run.PandocRun", "result", "wait for pandoc, read its log"),
    ("samizdat.assemble.frozen_book", "assemble_book", "assemble the Book"),
    ("samizdat.pdf.layout", "render_print_html", "print HTML"),
    ("samizdat.pdf.lines.planner.Planner", "__init__", "probe styles and planning"),
    ("samizdat.pdf.lines.planner.Planner", "planned", "probe styles and planning"),
    ("samizdat.pdf.lines.late_notes", "note_moves", "probe styles and planning"),
    ("weasyprint.HTML", "render", "WeasyPrint layouts"),
    ("weasyprint.HTML", "__init__", "WeasyPrint HTML parsing"),
    ("weasyprint.CSS", "__init__", "stylesheets and fonts"),
    ("weasyprint.text.fonts.FontConfiguration", "__init__", "stylesheets and fonts"),
    ("samizdat.pdf.layout", "layout_score", "layout checks"),
    ("samizdat.pdf.layout", "check_layout", "layout checks"),
    ("samizdat.pdf.layout", "check_shown", "content check"),
    ("samizdat.pdf.layout", "write_pdf_bytes", "PDF writing"),
    ("weasyprint.pdf.tags", "add_tags", "PDF tagging"),
    ("samizdat.epub.package", "render", "EPUB"),
    ("samizdat.web.page", "render", "web page"),
    ("samizdat.build.pipeline", "check_edition", "leak check"),
    ("samizdat.build.pipeline", "write_atomic", "write files"),
]


# what each command imports before it builds (the CLI, then its renderers)
IMPORTS = {"pdf": ["samizdat.cli", "samizdat.pdf.layout"],
           "epub": ["samizdat.cli", "samizdat.epub.package"],
           "all": ["samizdat.cli", "samizdat.pdf.layout, samizdat.epub.package, samizdat.web.page"]}


class OwnTime:
    """CPU time per stage, each call's own: time in a nested stage goes to that stage."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[list] = []

    def wrap(self, function, stage: str):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            frame = [time.process_time(), 0.0]
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self.stack.pop()
                spent = time.process_time() - frame[0]
                self.seconds[stage] = self.seconds.get(stage, 0.0) + spent - frame[1]
                self.calls[stage] = self.calls.get(stage, 0) + 1
                if self.stack:
                    self.stack[-1][1] += spent
        return timed

    def install(self) -> None:
        for module, name, stage in STAGES:
            owner = _resolve(module)
            setattr(owner, name, self.wrap(getattr(owner, name), stage))


def _resolve(dotted: str):
    """A module or a class in one, by its dotted name."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        module, _, name = dotted.rpartition(".")
        return getattr(_resolve(module), name)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh_cpu(code: str) -> float:
    """CPU seconds of a fresh interpreter running code."""
    before = children_cpu()
    subprocess.run([sys.executable, "-c", code], check=True)
    return children_cpu() - before


def one_build(book: Path, formats: tuple[str, ...]) -> dict[str, float]:
    from samizdat.build.pipeline import build
    from samizdat.core.diagnostics import Report

    own = OwnTime()
    own.install()  # imports the renderers: their cost is measured apart, in fresh processes
    children, started = children_cpu(), time.process_time()
    build(book, formats, Report())
    total = time.process_time() - started
    figures = dict(own.seconds)
    figures["other samizdat code"] = total - sum(own.seconds.values())
    figures["child processes: pandoc (in all, the EPUB beside too)"] = children_cpu() - children
    return figures


def main(book: Path, fmt: str = "pdf", runs: int = 3) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_book(book, Path(tmp) / "book")
        if fmt == "epub":  # the EPUB after the PDF: its page list from the PDF's record
            subprocess.run([sys.executable, "-m", "samizdat", "-q", "pdf", str(copy)],
                           check=True, capture_output=True)
        for _ in range(runs):
            out = subprocess.run([sys.executable, __file__, "--one", str(copy), fmt],
                                 capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                stage, _, value = line.rpartition("\t")
                samples.setdefault(stage, []).append(float(value))
            samples.setdefault("process start (python -c pass)", []).append(fresh_cpu("pass"))
            start = samples["process start (python -c pass)"][-1]
            for module in IMPORTS[fmt]:
                samples.setdefault(f"import {module}", []).append(
                    fresh_cpu(f"import {module}") - start)
    medians = {stage: statistics.median(values) for stage, values in samples.items()}
    load = os.getloadavg()[0]
    print(f"{book.name}: samizdat {fmt}, CPU seconds per stage, median of {runs} "
          f"(load average {load:.2f})")
    print("| stage | CPU s |\n|---|---|")
    for stage, value in medians.items():
        print(f"| {stage} | {value:.3f} |")
    build_total = sum(v for k, v in medians.items() if not k.startswith(("process", "import")))
    print(f"| **the build (without process start and imports)** | {build_total:.3f} |")
    return medians


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        os.chdir(sys.argv[2])  # as `samizdat pdf .` in the book folder
        fmt = sys.argv[3]
        figures = one_build(Path("."), {"all": ("pdf", "epub", "html")}.get(fmt, (fmt,)))
        for stage, seconds in figures.items():
            print(f"{stage}\t{seconds:.4f}")
    else:
        args = sys.argv[1:]
        main(Path(args[0]).resolve() if args else REPO, *(args[1:2] or ["pdf"]),
             *([int(args[2])] if len(args) > 2 else []))
