"""What the check that every block reached both outputs costs a build.

    .venv/bin/python bench/content_check.py [BOOK ...]   (default: Helsinki, prague-spring)

Builds each book in-process (PDF and EPUB from one pandoc pass), alternating runs with the
check and with it switched off, and prints the medians of the CPU time (this process's:
pandoc's is the same either way) and the check's own time: listing
the blocks (assemble), reading the PDF's boxes and the EPUB's pages, and comparing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from common import REPO, copy_book, median

import samizdat.assemble.frozen_book
import samizdat.epub.package
import samizdat.pdf.layout
from samizdat import Report, build
from samizdat.core.manuscript_blocks import Content

RUNS = 5
SPENT: list[float] = []


def timed(function):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT.append(time.process_time() - started)
    return wrapper


PIECES = [(samizdat.assemble.frozen_book, "collect_content"), (samizdat.pdf.layout, "shown_text"),
          (samizdat.pdf.layout, "check_shown"), (samizdat.epub.package, "shown_text"),
          (samizdat.epub.package, "check_shown")]
ORIGINAL = {(m, n): getattr(m, n) for m, n in PIECES}
OFF = {"collect_content": lambda *a: Content(), "shown_text": lambda *a: {},
       "check_shown": lambda *a, **k: None}


@contextmanager
def check(on: bool):
    for module, name in PIECES:
        setattr(module, name, timed(ORIGINAL[module, name]) if on else OFF[name])
    try:
        yield
    finally:
        for module, name in PIECES:
            setattr(module, name, ORIGINAL[module, name])


def measure(book: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_book(book, Path(folder) / "book")
        build(root, ("pdf", "epub"), Report())  # warm: imports, fonts
        times = {True: [], False: []}
        own = []
        for _ in range(RUNS):
            for on in (True, False):
                SPENT.clear()
                with check(on):
                    started = time.process_time()  # CPU: other users of the machine aside
                    build(root, ("pdf", "epub"), Report())
                    times[on].append(time.process_time() - started)
                if on:
                    own.append(sum(SPENT))
    with_, without = median(times[True]), median(times[False])
    name = "helsinki" if book == REPO else book.name
    print(f"{name}: build {with_:.3f} s CPU with the check, {without:.3f} s "
          f"without ({(with_ - without) / without:+.1%}; runs spread "
          f"{min(times[False]):.2f}-{max(times[False]):.2f} s); the check itself "
          f"{median(own) * 1000:.1f} ms ({median(own) / without:.1%})")


if __name__ == "__main__":
    books = [Path(a).resolve() for a in sys.argv[1:]] or [REPO, REPO / "tests/books/prague-spring"]
    for path in books:
        measure(path)
