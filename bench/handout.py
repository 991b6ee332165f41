"""samizdat against the plain pandoc route on the Helsinki handout, alternating runs.

    python bench/handout.py [RUNS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import BIN, REPO, copy_book, median, plain_pandoc, run


def main(runs: int = 5) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = copy_book(REPO, Path(tmp) / "book")
        samizdat = str(BIN / "samizdat")
        commands = {
            "samizdat pdf": [samizdat, "-q", "pdf", str(book)],
            "pandoc --pdf-engine=weasyprint": plain_pandoc(book, str(Path(tmp) / "plain.pdf")),
            "samizdat epub": [samizdat, "-q", "epub", str(book)],
            "pandoc -o x.epub": plain_pandoc(book, str(Path(tmp) / "plain.epub")),
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():  # one warm-up run each, not counted
            run(command, cwd=book)
        for _ in range(runs):
            for name, command in commands.items():  # alternating, so drift hits all alike
                times[name].append(run(command, cwd=book)[0])
    medians = {name: median(values) for name, values in times.items()}
    print(f"Helsinki handout, median of {runs} alternating runs (wall seconds)")
    for name, value in medians.items():
        spread = f"{min(times[name]):.2f}-{max(times[name]):.2f}"
        print(f"  {name:34s} {value:6.2f} s   (range {spread})")
    pdf = medians["samizdat pdf"] / medians["pandoc --pdf-engine=weasyprint"]
    epub = medians["samizdat epub"] / medians["pandoc -o x.epub"]
    print(f"  PDF  ratio samizdat / plain route  {pdf:5.2f}x   (target <= 0.90x)")
    print(f"  EPUB ratio samizdat / pandoc epub  {epub:5.2f}x   (target <= 1.25x)")
    return medians


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
