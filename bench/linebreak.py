"""What planned lines cost: `samizdat pdf` with the line planner against the same build with
WeasyPrint's own greedy lines (tests/support/planned.py greedy_lines), and the plain pandoc
route, in alternating runs on the same machine.

    python bench/linebreak.py [RUNS] [PAGES]

Without PAGES the Helsinki handout; with PAGES a generated book of about that many pages.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import REPO, copy_book, median, plain_pandoc, run
from generate import generate

BUILD = """
import contextlib
import sys
sys.path.insert(0, sys.argv[3])
from samizdat import Report, build
from tests.support.planned import greedy_lines
report = Report()
with greedy_lines() if sys.argv[2] == "greedy" else contextlib.nullcontext():
    build(sys.argv[1], ("pdf",), report)
print(len(report.with_code("SZ403")), "notes off their page", file=sys.stderr)
"""


def main(runs: int = 3, pages: int = 0) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = generate(pages, Path(tmp) / "book") if pages else copy_book(REPO, Path(tmp) / "book")
        build = [sys.executable, "-c", BUILD, str(book)]
        commands = {
            "samizdat pdf, greedy lines": [*build, "greedy", str(REPO)],
            "samizdat pdf, planned lines": [*build, "planned", str(REPO)],
            "pandoc --pdf-engine=weasyprint": plain_pandoc(book, str(Path(tmp) / "plain.pdf")),
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = {name: 0 for name in commands}
        for _ in range(runs):
            for name, command in commands.items():  # alternating, so drift hits all alike
                seconds, peak = run(command, cwd=book)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
    medians = {name: median(values) for name, values in times.items()}
    what = f"a generated book of about {pages} pages" if pages else "the Helsinki handout"
    print(f"{what}, median of {runs} alternating runs (wall seconds)")
    for name, value in medians.items():
        spread = f"{min(times[name]):.2f}-{max(times[name]):.2f}"
        print(f"  {name:32s} {value:7.2f} s   (range {spread}, peak {peaks[name]} MiB)")
    greedy, planned = medians["samizdat pdf, greedy lines"], medians["samizdat pdf, planned lines"]
    plain = medians["pandoc --pdf-engine=weasyprint"]
    print(f"  planned / greedy                 {planned / greedy:7.2f}x   (target <= 1.15x)")
    print(f"  planned / plain pandoc route     {planned / plain:7.2f}x")
    return medians


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(*arguments)
