"""What DAISY Ace reads in the EPUB: the package language, every page's language, the
accessibility metadata."""

from __future__ import annotations

import zipfile

import lxml.etree as etree
import pytest

from samizdat.epub.opf import with_package_language

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
