"""What 100 TeX formulas add to a PDF build: cold (every drawing made by ziamath) and warm
(every drawing read from build/.formulas/), against the same handout with a word in place of
each formula.

    .venv/bin/python bench/formulas.py [RUNS]   (default: 3)

Each run is a whole `samizdat pdf` process; the medians of wall and CPU time are printed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from common import BIN, REPO, copy_book, measured, median

FORMULAS = 100
PARAGRAPH = ("The body at step {i} moves {inline} while the clock runs, and the next value "
             "follows from the one before it in the usual way.")


def formula(i: int) -> tuple[str, bool]:
    """The i-th formula: distinct TeX of the kinds a science handout holds."""
    kinds = [
        (f"v_{{{i}}} = \\frac{{d_{{{i}}}}}{{t_{{{i}}}}}", False),
        (f"x^{{{i % 9 + 2}}} + \\sqrt{{{i}\\,\\mathrm{{m}}}}", False),
        (f"a = {i}\\,\\mathrm{{m\\,s^{{-2}}}}", False),
        (f"s_{{{i}}} = v_0 t + \\tfrac{{1}}{{2}} a t^{{{i % 3 + 2}}}", False),
        (f"\\begin{{pmatrix}} {i} & 0 \\\\ 0 & {i + 1} \\end{{pmatrix}}", True),
        (f"\\sum_{{k=1}}^{{{i}}} k = \\frac{{{i}({i}+1)}}{{2}}", True),
    ]
    return kinds[i % len(kinds)]


def write_book(root: Path, with_formulas: bool) -> Path:
    book = copy_book(REPO / "tests" / "books" / "kinematics", root)
    lines = ["# Formulas", ""]
    for i in range(FORMULAS):
        tex, display = formula(i)
        if not with_formulas:
            lines += [PARAGRAPH.format(i=i, inline="at its speed"), ""]
        elif display:
            lines += [PARAGRAPH.format(i=i, inline="as"), "", f"$${tex}$$", ""]
        else:
            lines += [PARAGRAPH.format(i=i, inline=f"with ${tex}$"), ""]
    manuscript = book / "manuscript"
    shutil.rmtree(manuscript)
    manuscript.mkdir()
    (manuscript / "01-formulas.md").write_text("\n".join(lines))
    return book


def timed(book: Path, runs: int, cold: bool) -> tuple[float, float]:
    """The median wall and CPU seconds of the runs."""
    walls, cpus = [], []
    for _ in range(runs):
        if cold:
            shutil.rmtree(book / "build", ignore_errors=True)
        else:
            for pdf in (book / "build").glob("*.pdf"):
                pdf.unlink()
        wall, cpu, _ = measured([str(BIN / "samizdat"), "-q", "pdf", str(book)])
        walls.append(wall)
        cpus.append(cpu)
    return median(walls), median(cpus)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        plain = write_book(Path(tmp) / "plain", with_formulas=False)
        math = write_book(Path(tmp) / "math", with_formulas=True)
        timed(math, 1, cold=True)  # the first build fills the cache for the warm runs
        base = timed(plain, runs, cold=True)
        warm = timed(math, runs, cold=False)
        cold = timed(math, runs, cold=True)
    print(f"{FORMULAS} formulas, median of {runs} PDF builds each (wall, CPU)")
    print(f"  without formulas: {base[0]:.2f} s   CPU {base[1]:.2f} s")
    for name, (wall, cpu) in (("cold (drawn):  ", cold), ("warm (cached): ", warm)):
        print(f"  {name}   {wall:.2f} s   +{wall - base[0]:.2f} s   "
              f"CPU {cpu:.2f} s   +{cpu - base[1]:.2f} s")


if __name__ == "__main__":
    main()
