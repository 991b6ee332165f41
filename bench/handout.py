"""samizdat against the plain pandoc route on the Helsinki handout, alternating runs, and
whether the goals hold (issue 29: PDF at most 1.0x the plain route, the EPUB after the PDF
at most 1.25x pandoc's EPUB, `make all` at most 1.4x the plain PDF route).

    python bench/handout.py [RUNS]

Wall seconds are what a user waits; on a machine loaded by others they mostly measure the
others, so CPU seconds (user and system, with every child process) are given beside them.
A build that uses the second core shows its gain in wall time only.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import BIN, REPO, copy_book, measure, median, plain_pandoc

# (the measured command, the command it is held against, the most their ratio may be)
GOALS = [("samizdat pdf", "pandoc --pdf-engine=weasyprint", 1.0),
         ("samizdat epub (after the PDF)", "pandoc -o x.epub", 1.25),
         ("make all (from clean)", "pandoc --pdf-engine=weasyprint", 1.4)]


def commands(book: Path, tmp: Path) -> dict[str, list[str]]:
    samizdat = str(BIN / "samizdat")
    return {
        "samizdat pdf": [samizdat, "-q", "pdf", str(book)],
        "pandoc --pdf-engine=weasyprint": plain_pandoc(book, str(tmp / "plain.pdf")),
        "samizdat epub (after the PDF)": [samizdat, "-q", "epub", str(book)],
        "pandoc -o x.epub": plain_pandoc(book, str(tmp / "plain.epub")),
        "make all (from clean)": ["make", "-s", "-C", str(REPO), "all", f"BOOK={book}"],
    }


def clean_outputs(book: Path) -> None:
    """The built files and the page record gone, the make dependencies kept: a build
    after `make clean`, as `make all` is timed."""
    for path in (book / "build").iterdir():
        if path.name != ".deps":
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def main(runs: int = 5) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = copy_book(REPO, Path(tmp) / "book")
        todo = commands(book, Path(tmp))
        wall: dict[str, list[float]] = {name: [] for name in todo}
        cpu: dict[str, list[float]] = {name: [] for name in todo}
        for rounds in range(runs + 1):  # the first round warms up, and is not counted
            for name, command in todo.items():  # alternating, so drift hits all alike
                if name.startswith("make all"):
                    clean_outputs(book)
                seconds, processor, _ = measure(command, cwd=book)
                if rounds:
                    wall[name].append(seconds)
                    cpu[name].append(processor)
    medians = {name: median(values) for name, values in wall.items()}
    cpus = {name: median(values) for name, values in cpu.items()}
    print(f"Helsinki handout, median of {runs} alternating runs "
          f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    print(f"  {'':34s} {'wall':>8s} {'CPU':>8s}")
    for name, value in medians.items():
        spread = f"{min(wall[name]):.2f}-{max(wall[name]):.2f}"
        print(f"  {name:34s} {value:6.2f} s {cpus[name]:6.2f} s   (wall range {spread})")
    for name, against, goal in GOALS:
        ratio, cpu_ratio = medians[name] / medians[against], cpus[name] / cpus[against]
        verdict = "holds" if ratio <= goal else "does not hold"
        print(f"  goal: {name} <= {goal:.2f}x {against}: {ratio:5.2f}x wall, "
              f"{cpu_ratio:5.2f}x CPU: the goal {verdict}")
    return medians


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
