"""The list-number part of samizdat check: every ordered list numbered as the manuscript
writes it (2., B., ii.) in the PDF, the EPUB and the web page alike (SZ414)."""

from __future__ import annotations

import lxml.html

from ..core.diagnostics import Report
from ..core.manuscript_blocks import locate
from ..core.model import Book
from ..render.list_numbers import numbered_items
from .facts import not_the_authors


def written_numbers(book: Book) -> list[tuple[str, str, str]]:
    """(number, the item's data-b, its first words) of every item of the book's ordered
    lists, in reading order."""
    found = []
    for chapter in book.chapters:
        if not chapter.html:
            continue
        root = lxml.html.fragment_fromstring(chapter.html, create_parent="div")
        for number, li in numbered_items(root, skip=not_the_authors):
            found.append((number, li.get("data-b", ""), " ".join((li.text or "").split()[:6])))
    return found


def check_list_numbers(book: Book, pdf, epub, web, report: Report) -> None:
    """Each edition's list numbers against the manuscript's: the first that differs is a
    finding at the item's line."""
    written = written_numbers(book)
    numbers = [number for number, _, _ in written]
    editions = (("PDF", pdf.list_numbers), ("EPUB", epub.list_numbers),
                ("web page", web.list_numbers if web else None))
    for name, shown in editions:
        if shown is None or shown == numbers:
            continue
        at = next((i for i, (a, b) in enumerate(zip(numbers, shown, strict=False)) if a != b),
                  min(len(numbers), len(shown)))
        if at < len(written):
            number, key, words = written[at]
            got = f"“{shown[at]}”" if at < len(shown) else "no number"
            report.error("SZ414", f"the {name} numbers the list item “{words}…” {got}, "
                         f"the manuscript “{number}”", locate(book.content, key))
        else:
            report.error("SZ414", f"the {name} has list numbers the manuscript does not: "
                         f"{' '.join(shown[at:at + 5])}")
