"""Standards the outputs must meet: what DAISY Ace reads in the EPUB, PDF/UA note tagging, and
one EPUB whichever command built it."""

from __future__ import annotations

import zipfile

import lxml.etree as etree
import pytest

from samizdat.opf import with_package_language

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --- EPUB: the metadata DAISY Ace reads ---------------------------------------------------

def epub_documents(path):
    with zipfile.ZipFile(path) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist()
                if name.endswith((".opf", ".xhtml"))}


@pytest.mark.parametrize("fixture", ["helsinki", "tiny"])
def test_epub_declares_its_language_everywhere_ace_looks(fixture, request):
    built = request.getfixturevalue(fixture)
    lang = built.book.metadata.lang
    documents = epub_documents(built.epub)
    opf = next(tree for name, tree in documents.items() if name.endswith(".opf"))
    assert opf.get(XML_LANG) == lang                      # Ace: epub-lang
    assert [e.text for e in opf.iterfind(".//dc:language", NS)] == [lang]
    pages = {name: tree for name, tree in documents.items() if name.endswith(".xhtml")}
    assert len(pages) >= 4
    for name, html in pages.items():
        assert (html.get("lang"), html.get(XML_LANG)) == (lang, lang), name


@pytest.mark.parametrize("fixture", ["helsinki", "tiny"])
def test_epub_has_the_schema_org_accessibility_metadata(fixture, request):
    built = request.getfixturevalue(fixture)
    opf = next(tree for name, tree in epub_documents(built.epub).items() if name.endswith(".opf"))
    meta = {}
    for element in opf.iterfind(".//opf:meta[@property]", NS):
        meta.setdefault(element.get("property"), []).append((element.text or "").strip())
    assert "textual" in meta["schema:accessMode"]
    assert meta["schema:accessModeSufficient"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(
        meta["schema:accessibilityFeature"])
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert len(meta["schema:accessibilitySummary"]) == 1
    assert meta["schema:accessibilitySummary"][0]
    if built.book.figures:
        assert "visual" in meta["schema:accessMode"]


def test_package_language_keeps_the_rest_of_the_opf():
    opf = (b"<?xml version='1.0' encoding='utf-8'?>\n"
           b'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           b"<metadata/></package>")
    fixed = etree.fromstring(with_package_language(opf, "en-GB"))
    assert (fixed.get(XML_LANG), fixed.get("dir"), fixed.get("version")) == ("en-GB", None, "3.0")
    rtl = etree.fromstring(with_package_language(opf, "ar-EG"))
    assert (rtl.get(XML_LANG), rtl.get("dir")) == ("ar-EG", "rtl")


# --- PDF/UA: footnotes are Note elements, their calls link to them ------------------------

def structure_elements(pdf):
    """Every structure element, depth first in reading order."""
    import pikepdf

    def visit(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from visit(kid)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR" and "/S" in node:
            yield node
            if "/K" in node:
                yield from visit(node.K)

    yield from visit(pdf.Root.StructTreeRoot.K)


def marked_texts(path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence: (page index, MCID) -> text."""
    import pypdf

    texts = {}
    for index, page in enumerate(pypdf.PdfReader(path).pages):
        open_ids = []

        def before(op, args, cm, tm, open_ids=open_ids):
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                open_ids.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"EMC" and open_ids:
                open_ids.pop()

        def text(value, cm, tm, font, size, open_ids=open_ids, index=index):
            if open_ids and open_ids[-1] is not None:
                key = (index, int(open_ids[-1]))
                texts[key] = texts.get(key, "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def element_text(element, pages, texts, skip=("/Lbl",)) -> str:
    """The text of an element's marked content, its Lbl (the note's number) left out."""
    import pikepdf

    out = []

    def visit(node, page):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                visit(kid, page)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") in skip or node.get("/Type") == "/OBJR":
                return
            page = pages[node.Pg.objgen] if "/Pg" in node else page
            if node.get("/Type") == "/MCR":
                out.append(texts.get((page, int(node.MCID)), ""))
            elif "/K" in node:
                visit(node.K, page)
        else:
            out.append(texts.get((page, int(node)), ""))

    visit(element, pages[element.Pg.objgen])
    return "".join(out)


def squash(text: str) -> str:
    import re

    return re.sub(r"[\s\-\u2010\u00ad\u2060\u200b]+", "", text)


@pytest.fixture(scope="module")
def note_tree(helsinki):
    import pikepdf

    pdf = pikepdf.open(helsinki.pdf)
    yield pdf, list(structure_elements(pdf))
    pdf.close()


def test_every_footnote_is_a_note_element_with_a_unique_id(helsinki, note_tree):
    pdf, elements = note_tree
    notes = [e for e in elements if e.S == "/Note"]
    ids = [str(e.ID) for e in notes]
    assert len(notes) == len(helsinki.book.notes) == 14
    assert ids == [note.id for note in helsinki.book.notes]
    assert len(set(ids)) == len(ids)
    # every /ID is in the structure tree root's IDTree, pointing at its element
    import pikepdf

    tree = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)
    assert sorted(tree.keys()) == sorted(ids)
    for note in notes:
        assert tree[str(note.ID)].objgen == note.objgen


def test_each_note_holds_its_own_text(helsinki, note_tree):
    pdf, elements = note_tree
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    texts = marked_texts(helsinki.pdf)
    for element in (e for e in elements if e.S == "/Note"):
        note = next(n for n in helsinki.book.notes if n.id == str(element.ID))
        assert squash(element_text(element, pages, texts)) == squash(note.text), note.id
        label = next(k for k in element.K if k.get("/S") == "/Lbl")
        assert element_text(label, pages, texts, skip=()).strip().rstrip(".").isdigit()


def test_each_call_is_a_reference_with_a_link_to_its_note(helsinki, note_tree):
    import pikepdf

    pdf, elements = note_tree
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
    notes = {str(e.ID): e for e in elements if e.S == "/Note"}
    texts = marked_texts(helsinki.pdf)
    targets = []
    for reference in (e for e in elements if e.S == "/Reference"):
        (link,) = reference.K
        assert link.S == "/Link" and link.P.objgen == reference.objgen
        (annotation,) = [k.Obj for k in link.K if isinstance(k, pikepdf.Dictionary)
                         and k.get("/Type") == "/OBJR"]
        assert annotation.Subtype == "/Link"
        target = str(annotation.Dest)
        targets.append(target)
        note = notes[target]
        # the destination is on the note's page, and the call shows the note's number
        assert pages[destinations[target][0].objgen] == pages[note.Pg.objgen]
        label = next(k for k in note.K if k.get("/S") == "/Lbl")
        number = element_text(link, pages, texts).strip()
        assert number == element_text(label, pages, texts, skip=()).strip().rstrip(".")
    assert targets == [note.id for note in helsinki.book.notes]


def test_note_tagging_is_only_applied_to_the_weasyprint_it_was_written_for(monkeypatch):
    import weasyprint

    from samizdat import pdf_tags

    assert pdf_tags.install()  # the pinned WeasyPrint: applied (once)
    monkeypatch.setattr(pdf_tags, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not pdf_tags.install()


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

    from samizdat.watch import rebuild

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
    assert rebuild(book, lambda message: None)  # what samizdat watch does on each change
    epubs["watch"] = (book / "build" / "valid.epub").read_bytes()
    assert len(set(epubs.values())) == 1, {k: hash(v) for k, v in epubs.items()}
    # one page-list entry per page of the PDF at the book's own paper (a4)
    pdf = pypdf.PdfReader(book / "build" / "valid.pdf")
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(595.28, abs=0.1)
    assert page_list(book / "build" / "valid.epub") == [
        str(n) for n in range(1, len(pdf.pages) + 1)]


def test_other_pdf_editions_leave_the_page_record_alone(tmp_path):
    book = fresh_valid(tmp_path, "book")
    record = book / "build" / ".valid.pages.json"
    run("pdf", "--large-print", book)
    run("pdf", "--paper", "letter", book)
    run("booklet", book)
    assert not record.exists()
    run("pdf", book)
    before = record.read_bytes()
    run("pdf", "--paper", "a5", book)
    run("pdf", "--large-print", book)
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
