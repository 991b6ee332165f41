"""One EPUB whichever command built it: the page record beside the PDF."""

from __future__ import annotations

import pytest

from .epub.test_accessibility import epub_documents

# --- one EPUB, whichever command built it -------------------------------------------------

def fresh_valid(tmp_path, name):
    from .conftest import BOOKS, copy_book

    return copy_book(BOOKS / "valid", tmp_path / name)


def run(*args) -> None:
    from samizdat.cli import main

    assert main(["-q", *map(str, args)]) == 0


def page_list(epub) -> list[str]:
    nav = epub_documents(epub)["EPUB/nav.xhtml"]
    lists = [n for n in nav.iter("{http://www.w3.org/1999/xhtml}nav")
             if n.get("{http://www.idpf.org/2007/ops}type") == "page-list"]
    return ["".join(a.itertext()) for nav in lists for a in nav.iter(
        "{http://www.w3.org/1999/xhtml}a")]


def test_the_epub_is_the_same_file_whichever_command_built_it(tmp_path):
    import pypdf

    from samizdat.commands.watch import rebuild

    orders = {
        "epub alone": [("epub",)],
        "all": [("all",)],
        "pdf then epub": [("pdf",), ("epub",)],
        "epub, pdf, epub": [("epub",), ("pdf",), ("epub",)],
        "all at another paper": [("all", "--paper", "letter")],
        "pdf at another paper, then epub": [("pdf", "--paper", "letter"), ("epub",)],
    }
    epubs = {}
    for name, commands in orders.items():
        book = fresh_valid(tmp_path, name.replace(" ", "-").replace(",", ""))
        for command in commands:
            run(*command, book)
        epubs[name] = (book / "build" / "valid.epub").read_bytes()
    book = fresh_valid(tmp_path, "watch")
    assert rebuild(book)  # what samizdat watch does on each change
    epubs["watch"] = (book / "build" / "valid.epub").read_bytes()
    assert len(set(epubs.values())) == 1, {k: hash(v) for k, v in epubs.items()}
    # one page-list entry per page of the PDF at the book's own paper (a4)
    pdf = pypdf.PdfReader(book / "build" / "valid.pdf")
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(595.28, abs=0.1)
    assert page_list(book / "build" / "valid.epub") == [
        str(n) for n in range(1, len(pdf.pages) + 1)]


def test_other_pdf_editions_leave_the_printed_pages_alone(tmp_path):
    book = fresh_valid(tmp_path, "book")
    record = book / "build" / ".valid.pages.json"
    run("large-print", book)
    run("pdf", "--paper", "letter", book)
    run("booklet", book)
    assert not record.exists()
    run("pdf", book)
    before = record.read_bytes()
    run("pdf", "--paper", "a5", book)
    run("large-print", book)
    assert record.read_bytes() == before


def test_a_stale_record_makes_the_epub_build_lay_out_the_pdf_first(tmp_path):
    import pypdf

    book = fresh_valid(tmp_path, "book")
    run("pdf", book)
    pdf = book / "build" / "valid.pdf"
    first = pdf.read_bytes()
    chapter = book / "manuscript" / "02-more.md"
    chapter.write_text(chapter.read_text() + "\n" + "A new paragraph of some length. " * 400
                       + "\n")
    run("epub", book)
    assert pdf.read_bytes() != first  # the PDF was built again, with the new text
    pages = len(pypdf.PdfReader(pdf).pages)
    assert pages > 2
    assert page_list(book / "build" / "valid.epub") == [str(n) for n in range(1, pages + 1)]


def test_the_epub_from_a_current_record_never_imports_weasyprint(tmp_path):
    import json
    import subprocess
    import sys

    book = fresh_valid(tmp_path, "book")
    run("pdf", book)
    script = ("import sys\nfrom samizdat import build\n"
              f"build({str(book)!r}, ('epub',))\n"
              "import json\nprint(json.dumps(sorted(m for m in sys.modules\n"
              "    if m.split('.')[0] in ('weasyprint', 'pydyf', 'samizdat'))))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    modules = json.loads(result.stdout)
    assert "samizdat.epub" in modules
    assert not [m for m in modules if m.startswith(("weasyprint", "pydyf"))]
    assert "samizdat.pdf" not in modules
    assert page_list(book / "build" / "valid.epub") == ["1", "2"]
