"""The cross-reference part of samizdat check: in the PDF, the EPUB and the web page, the
same numbered captions and every reference with the same text, each link landing on its
target; the page references print the PDF's pages (the EPUB's and the page's from the PDF
at the book's own paper)."""

from __future__ import annotations

from collections import Counter

from ..core.diagnostics import Report
from ..core.language import language
from ..core.model import Book, squash


def expected_links(book: Book, pages: dict[str, int] | None) -> Counter:
    """(id, text) of every reference's links as an edition must print them; pages None:
    the page is not known, and the link reads 'above' or 'below'."""
    expected: Counter = Counter()
    for ref in book.crossrefs:
        for target, text in ref.links:
            if not text and pages is not None:
                text = str(pages.get(target, "?"))
            expected[(target, " ".join(text.split()))] += 1
    return expected


def check_crossref_parity(book: Book, pdf, epub, web, report: Report) -> None:
    """Each edition's references, numbers and captions against the book's."""
    if not book.crossrefs and not book.numbered:
        return
    pages = pdf.destinations
    words = language(book.metadata.lang).words
    unknown = {words.above, words.below}
    editions = (("PDF", [(t, x, True) for t, x in pdf.links if not t.startswith("fn")]),
                ("EPUB", epub.links), ("web page", web.links if web else None))
    for name, links in editions:
        if links is None:
            continue
        wanted = expected_links(book, pages)
        if name == "web page" and any(text in unknown for _, text, _ in links):
            # built without the PDF's pages: its page references say where, not which page
            wanted = expected_links(book, {})
            wanted = Counter({k: v for k, v in wanted.items() if k[1] != "?"})
            links = [link for link in links if link[1] not in unknown]
        _report_difference(name, wanted, Counter((t, x) for t, x, _ in links), book, report)
        for target, text, lands in links:
            if not lands:
                report.error("SZ244", f"the {name}'s reference “{text}” leads nowhere: its "
                             f"target #{target} is not where its link points")
    pdf_text = squash(" ".join(pdf.pages))
    for item in book.numbered:
        printed = f"{item.label} {item.caption}".strip()
        if squash(printed) not in pdf_text:
            report.error("SZ244", f"the PDF lacks the caption “{printed}”")
        for name, captions in (("EPUB", epub.captions), ("web page", web.captions if web
                                                         else [printed])):
            if printed not in captions:
                report.error("SZ244", f"the {name} lacks the caption “{printed}”")


def _report_difference(name: str, wanted: Counter, got: Counter, book: Book,
                       report: Report) -> None:
    where = {target: ref.location for ref in book.crossrefs for target in ref.targets}
    for (target, text), count in (wanted - got).items():
        report.error("SZ244", f"the {name} prints the reference to #{target} as “{text}” "
                     f"{count} time(s) fewer than the book", where.get(target))
    for (target, text), count in (got - wanted).items():
        report.error("SZ244", f"the {name} has a reference to #{target} reading “{text}” "
                     f"that the book does not ({count})", where.get(target))
