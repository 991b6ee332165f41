"""Books laid out at a paper size once for every module that measures their lines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from samizdat.build.pipeline import load_book
from samizdat.core.diagnostics import Report
from samizdat.pdf import boxes, evenness

ROOT = Path(__file__).resolve().parents[2]
BOOKS = {"helsinki": ROOT, **{folder.name: folder
                               for folder in sorted((ROOT / "tests" / "books").iterdir())
                               if (folder / "metadata.yaml").exists()}}


def render(root: Path, tmp_path: Path, paper: str | None = None, large: bool = False,
           justify: bool = True, extra: tuple = (), report: Report | None = None):
    """The book laid out (paper, large print, justify as given) and its PDF's evenness
    figures."""
    from samizdat.pdf.layout import render_pdf, write_pdf_bytes
    from samizdat.source.stylesheet import stylesheet

    report = report if report is not None else Report()
    book = load_book(root, report)
    book = dataclasses.replace(book, metadata=dataclasses.replace(
        book.metadata, paper=paper or book.metadata.paper, justify=justify))
    extra = [*extra, *([stylesheet(root, "large-print.css")] if large else [])]
    document = render_pdf(book, report, extra_stylesheets=extra)
    out = tmp_path / f"{root.name}-{paper or 'book'}{'-large' if large else ''}{justify}.pdf"
    out.write_bytes(write_pdf_bytes(document, book))
    return document, evenness.measure(out)


@pytest.fixture(scope="session")
def laid_out(tmp_path_factory):
    """laid_out(book, paper): the book (a name in BOOKS) laid out at that paper size, once
    for the whole run, as (document, evenness figures, report)."""
    folder, done = tmp_path_factory.mktemp("books"), {}

    def get(name: str, paper: str):
        if (name, paper) not in done:
            (folder / name).mkdir(exist_ok=True)
            report = Report()
            document, figures = render(BOOKS[name], folder / name, paper, report=report)
            boxes.report_letter_spaced(document, report)  # as samizdat check's layout report
            done[name, paper] = document, figures, report
        return done[name, paper]

    return get
