"""What the OPF package document must say for accessibility checkers that ebooklib leaves out.

ebooklib 0.20 writes `dc:language` but no `xml:lang` on `<package>`, so the language of the
package metadata itself (titles, the accessibility summary) is undeclared: DAISY Ace reports it
as `epub-lang` (serious). The package is read back from the zip and fixed there.
"""

from __future__ import annotations

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTAINER = "META-INF/container.xml"
ROOTFILE = "{urn:oasis:names:tc:opendocument:xmlns:container}rootfile"

# Scripts written right to left: the package then also says dir="rtl" (EPUB 3.3, 5.4.2).
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "ha", "he", "khw", "ks", "ps", "sd", "ug",
                 "ur", "yi"}


def package_path(read) -> str:
    """The OPF's name in the zip, from META-INF/container.xml (read: name -> bytes)."""
    container = etree.fromstring(read(CONTAINER))
    return next(container.iter(ROOTFILE)).get("full-path")


def with_package_language(opf: bytes, lang: str) -> bytes:
    """The OPF with xml:lang (and dir for right-to-left scripts) on its <package> element."""
    root = etree.fromstring(opf)
    root.set(XML_LANG, lang)
    if lang.split("-")[0].lower() in RTL_LANGUAGES:
        root.set("dir", "rtl")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
