"""Typst set on the same text as samizdat, like for like: the book's body paragraphs in the
same Source Serif files, at the same size, leading, measure (the text block of
styles/print.css for each paper), justified and hyphenated in the book's language; both
PDFs measured with samizdat.pdf.evenness.

Usage: python bench/typst_compare.py [--typst PYTHON] BOOK_FOLDER [...]

Typst is not a dependency: its PyPI package (`pip install typst`, which bundles the
compiler) goes into a venv of its own, named by --typst (default /tmp/typstvenv/bin/python).
Without it the script says so and stops.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# paper -> (text block width in mm, body size pt, leading pt): styles/print.css
PAPERS = {"a4": (210 - 2 * 40, 11, 15.4), "letter": (215.9 - 2 * 43, 11, 15.4),
          "a5": (148 - 2 * 17, 10, 13)}
COMPILE = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])
"""


def paragraphs(folder: Path) -> tuple[list[str], str]:
    """The book's body paragraphs as plain text, and its language."""
    import pypandoc

    from samizdat.build.pipeline import load_book
    from samizdat.core.diagnostics import Report

    book = load_book(folder, Report())
    lang = (book.metadata.lang or "en").split("-")[0]
    sources = sorted((folder / "manuscript").glob("*.md")) if (folder / "manuscript").exists() \
        else sorted(folder.glob("chapters/*.md"))
    paras = []
    for source in sources:
        doc = json.loads(pypandoc.convert_file(str(source), "json", format="markdown"))
        for block in doc["blocks"]:
            if block["t"] == "Para":
                text = pypandoc.convert_text(json.dumps({**doc, "blocks": [block]}), "plain",
                                             format="json", extra_args=["--wrap=none"])
                text = re.sub(r"\[\^?\d+\]|\[@[^\]]*\]", "", text).strip()
                if len(text.split()) >= 8:
                    paras.append(text)
    return paras, lang


def name(folder: Path) -> str:
    """The book's name: the repository's own handout is Helsinki."""
    return "helsinki" if folder.resolve() == ROOT else folder.resolve().name


def typst_source(paras: list[str], lang: str, paper: str) -> str:
    width, size, leading = PAPERS[paper]
    gap = leading - size * 0.75  # Typst's leading is between a line's bottom and the next top
    escape = str.maketrans({c: "\\" + c for c in "\\#*_`$<>@[]~=-+/"})
    body = "\n\n".join(p.translate(escape) for p in paras)
    return (f'#set page(width: {width + 20}mm, height: 297mm, margin: (x: 10mm, y: 20mm))\n'
            f'#set text(font: "Source Serif Pro", size: {size}pt, lang: "{lang}", '
            f'hyphenate: true, number-type: "old-style")\n'
            f'#set par(justify: true, leading: {gap:.2f}pt, first-line-indent: 1em, '
            f'spacing: {gap:.2f}pt)\n\n{body}\n')


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--typst", default="/tmp/typstvenv/bin/python")
    parser.add_argument("--papers", default="a4,letter,a5")
    parser.add_argument("books", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if subprocess.run([args.typst, "-c", "import typst"], capture_output=True).returncode:
        print(f"typst is not importable by {args.typst}: pip install typst into that venv")
        return 0
    from samizdat.pdf import evenness
    from samizdat.render.fonts import font_dir

    out = Path(tempfile.mkdtemp(prefix="typst-compare-"))
    for folder in args.books:
        paras, lang = paragraphs(folder)
        for paper in args.papers.split(","):
            src = out / f"{name(folder)}-{paper}.typ"
            src.write_text(typst_source(paras, lang, paper), encoding="utf-8")
            pdf = src.with_suffix(".pdf")
            subprocess.run([args.typst, "-c", COMPILE, str(src), str(pdf), str(font_dir())],
                           check=True)
            f = evenness.measure(pdf)
            print(f"{name(folder)} {paper} typst: lines {f.lines}, median "
                  f"{f.median_ratio:.2f}x, tight {f.tight}, jumps {f.jumps}, over 1.6x "
                  f"{f.loose} ({f.loose_share:.1%}), letter-spaced {f.letter_spaced}, "
                  f"hyphenated {f.hyphenated} ({f.hyphen_share:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
