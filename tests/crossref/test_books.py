"""Cross-references in real books (tests/books/crossref, its German and Czech copies):
every reference's text and target in the PDF (its text and its link annotations), the EPUB
and the web page, read back with real readers; the PDF's page references against the page
each target is printed on, at A4, Letter and A5."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from samizdat import Report, build, load_book
from samizdat.commands.check import check_outputs
from samizdat.commands.facts import read_epub, read_pdf, read_web
from samizdat.commands.reference_parity import check_crossref_parity

from ..conftest import BOOKS, copy_book

EDITIONS = ("pdf", "epub", "html")


@pytest.fixture(scope="module", params=["crossref", "crossref-de", "crossref-cs"])
def built(request, tmp_path_factory):
    root = copy_book(BOOKS / request.param, tmp_path_factory.mktemp(request.param) / "book")
    report = Report()
    outputs = build(root, EDITIONS, report)
    assert not report.diagnostics, report.diagnostics
    return request.param, load_book(root, Report()), outputs


# What the English book's references print: (keys as written, text). Its page references
# are checked against the PDF's own pages below.
ENGLISH = [
    ("fig-map", "Figure 1"), ("fig-source fig-bridge", "Figures 2 and 3"),
    ("tbl-countries", "Table 1"), ("sec-delta", "Where the River Ends"),
    ("fig-source", "Figure 2"), ("fig-bridge", "3"), ("tbl-ports", "Table 2"),
    ("fig-map fig-chart", "Figures 1 and 4"), ("fig-chart", "Figure 4"),
    ("tbl-flow", "Table 3"), ("fig-source", "Figure 2"), ("fig-chart", "Figure 4"),
    ("fig-delta", "Figure 5"), ("fig-delta", "Figure 5"), ("Fig-delta", "Figure 5"),
    ("tl-commission", "30 March 1856"), ("sec-river", "The River"),
    ("fig-source", "Figure 2"), ("fig-delta", "Figure 5")]


def test_the_references_print_numbers_titles_and_dates(built):
    name, book, _ = built
    texts = [(ref.keys, " ".join(ref.text.split())) for ref in book.crossrefs if ref.text]
    if name == "crossref":
        assert Counter(texts) == Counter(ENGLISH)
    elif name == "crossref-de":
        assert ("fig-quelle fig-bruecke", "Abbildungen 2 und 3") in texts
        assert ("tbl-laender", "Tabelle 1") in texts
        assert ("tl-kommission", "30. März 1856") in texts
    else:  # Czech declines its nouns: the word is lower-case in a sentence, the number alone
        assert ("fig-pramen fig-most", "obrázky 2 a 3") in texts
        assert ("tbl-zeme", "1") in texts and ("Page-fig-delta", "") not in texts
        assert ("tl-komise", "30. března 1856") in texts


def test_numbered_captions_in_every_edition(built):
    name, book, outputs = built
    word = {"crossref": ("Figure", "Table"), "crossref-de": ("Abbildung", "Tabelle"),
            "crossref-cs": ("Obrázek", "Tabulka")}[name]
    figure, table = word
    assert [n.label for n in book.numbered] == [
        *(f"{figure} {i}." for i in range(1, 6)), *(f"{table} {i}." for i in range(1, 4))]
    captions = [f"{n.label} {n.caption}" for n in book.numbered]
    assert sorted(read_epub(outputs["epub"]).captions) == sorted(captions)
    assert sorted(read_web(outputs["html"]).captions) == sorted(captions)
    pdf_text = " ".join(" ".join(p.split()) for p in read_pdf(outputs["pdf"]).pages)
    for caption in captions:
        assert caption in pdf_text


def expected(book, pages: dict[str, int]) -> Counter:
    """(target, text) of every link the book's references make, pages from the PDF."""
    return Counter((target, " ".join((text or str(pages[target])).split()))
                   for ref in book.crossrefs for target, text in ref.links)


def test_every_reference_links_to_its_target_in_all_three_editions(built):
    _, book, outputs = built
    pdf = read_pdf(outputs["pdf"])
    links = [(t, x) for t, x in pdf.links if not t.startswith("fn")]
    assert Counter(links) == expected(book, pdf.destinations)
    assert all(target in pdf.destinations for target, _ in links)
    import pypdf  # the tagged PDF: each link annotation belongs to a Link structure element

    annotations = [a.get_object() for page in pypdf.PdfReader(outputs["pdf"]).pages
                   for a in page.get("/Annots", [])]
    assert annotations and all("/StructParent" in a for a in annotations)
    for edition in (read_epub(outputs["epub"]), read_web(outputs["html"])):
        assert Counter((t, x) for t, x, _ in edition.links) == expected(book, pdf.destinations)
        assert all(lands for _, _, lands in edition.links)


def test_the_links_cross_chapter_files_in_the_epub(built):
    _, book, outputs = built
    import zipfile

    with zipfile.ZipFile(outputs["epub"]) as package:
        second = package.read("EPUB/text/ch02.xhtml").decode()
    first_figure = book.numbered[0].id
    assert f'href="ch01.xhtml#{first_figure}"' in second


def test_a_reference_in_a_note_a_quote_a_table_and_the_timeline(built):
    name, book, _ = built
    if name != "crossref":
        return
    chapter = book.chapters[0].html
    assert "Figures\u00a0" in chapter.split("<blockquote")[1].split("</blockquote>")[0]
    assert 'href="#fig-delta"' in chapter.split("<table")[-1]
    assert 'href="#fig-source"' in book.notes[0].html and "pageref" in book.notes[0].html
    assert 'href="#fig-delta"' in book.timeline[1].html


@pytest.mark.parametrize("paper", ["a4", "letter", "a5"])
def test_page_references_print_the_page_of_their_target(paper, tmp_path):
    root = copy_book(BOOKS / "crossref", tmp_path / "book")
    pdf = build(root, ("pdf",), Report(), paper=paper)["pdf"]
    facts = read_pdf(pdf)
    book = load_book(root, Report())
    links = Counter((t, x) for t, x in facts.links if not t.startswith("fn"))
    # a page reference's link prints the page its target's destination is on
    assert links == expected(book, facts.destinations)
    page_targets = {t for ref in book.crossrefs for t, text in ref.links if not text}
    assert len(page_targets) == 6
    assert len({facts.destinations[t] for t in page_targets}) > 1  # not all on one page
    assert len(facts.pages) >= 3


def test_samizdat_check_finds_the_editions_alike(built):
    _, book, outputs = built
    report = Report()
    check_outputs(Path(book.root), report)
    assert [d for d in report.diagnostics if d.code.startswith(("SZ24", "SZ50"))] == []


def test_the_parity_check_names_a_reference_that_differs(built):
    _, book, outputs = built
    pdf, epub, web = (read_pdf(outputs["pdf"]), read_epub(outputs["epub"]),
                      read_web(outputs["html"]))
    target, text, lands = epub.links[0]
    epub = dataclasses.replace(epub, links=[(target, text + "9", lands), *epub.links[1:]])
    report = Report()
    check_crossref_parity(book, pdf, epub, web, report)
    assert [d.code for d in report.diagnostics] == ["SZ244", "SZ244"]
    assert f"“{text}9”" in str(report.diagnostics[1]) or f"“{text}9”" in str(
        report.diagnostics[0])
