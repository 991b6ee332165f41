"""Read the built files back: what a reader of the PDF and of the EPUB actually gets.

Only real readers of the formats are used (pypdf, pikepdf, the EPUB's own XHTML), so the
checks in gate.py test the files, not samizdat's intentions.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdf
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NS = {"x": XHTML[1:-1], "opf": "http://www.idpf.org/2007/opf",
      "dc": "http://purl.org/dc/elements/1.1/", "epub": EPUB_TYPE[1:].split("}")[0]}


def flat(element) -> str:
    return " ".join("".join(element.itertext()).split())


@dataclass
class PdfFacts:
    pages: list[str]
    headings: list[tuple[int, str]]
    figures_alt: list[str]
    tagged: bool
    lang: str
    title: str
    shows_title: bool


@dataclass
class EpubFacts:
    headings: list[tuple[int, str]]
    notes: dict[int, str]
    note_files: dict[int, str]
    timeline: list[tuple[str, str]]
    images_alt: list[str]
    meta: dict[str, list[str]] = field(default_factory=dict)
    page_list: list[str] = field(default_factory=list)


def read_pdf(path: Path) -> PdfFacts:
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]

    def outline(items, level=1):
        for item in items:
            if isinstance(item, list):
                yield from outline(item, level + 1)
            else:
                yield level, item.title

    with pikepdf.open(path) as pdf:
        alts = [str(node.get("/Alt", "")) for node in _structure(pdf)
                if node.get("/S") == "/Figure"]
    return PdfFacts(
        pages=[page.extract_text() for page in reader.pages],
        headings=list(outline(reader.outline)),
        figures_alt=alts,
        tagged="/StructTreeRoot" in root and bool(root.get("/MarkInfo", {}).get("/Marked")),
        lang=str(root.get("/Lang", "")),
        title=str((reader.metadata or {}).get("/Title", "")),
        shows_title=bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")))


def _structure(pdf):
    """The structure tree's elements in reading order."""
    def visit(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from visit(kid)
        elif isinstance(node, pikepdf.Dictionary):
            yield node
            if "/K" in node:
                yield from visit(node.K)

    if "/StructTreeRoot" in pdf.Root:
        yield from visit(pdf.Root.StructTreeRoot)


def read_epub(path: Path) -> EpubFacts:
    with zipfile.ZipFile(path) as package:
        xml = {n: etree.fromstring(package.read(n)) for n in package.namelist()
               if n.endswith((".xhtml", ".opf"))}
    opf = next(tree for name, tree in xml.items() if name.endswith(".opf"))
    nav = next(tree for name, tree in xml.items() if name.endswith("nav.xhtml"))
    chapters = sorted(name for name in xml if "/text/" in name)
    facts = EpubFacts(headings=_nav_entries(nav, "toc"), notes={}, note_files={}, timeline=[],
                      images_alt=[], page_list=[a for _, a in _nav_entries(nav, "page-list")])
    for name in chapters:
        for aside in xml[name].iter(f"{XHTML}aside"):
            number, _, text = flat(aside).partition(". ")
            if number.isdigit():
                facts.notes[int(number)] = text
                facts.note_files[int(number)] = name
        for row in xml[name].iterfind(".//x:li[@class='timeline-event']", NS):
            when = row.find(".//x:p[@class='timeline-when']", NS)
            text = row.find(".//x:p[@class='timeline-text']", NS)
            facts.timeline.append((flat(when), flat(text)))
        facts.images_alt += [img.get("alt", "") for img in xml[name].iter(f"{XHTML}img")]
    for meta in opf.iterfind(".//opf:meta[@property]", NS):
        facts.meta.setdefault(meta.get("property"), []).append((meta.text or "").strip())
    return facts


def _nav_entries(nav, kind: str) -> list[tuple[int, str]]:
    element = next((n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == kind), None)
    if element is None:
        return []
    return [(len(list(a.iterancestors(f"{XHTML}ol"))), flat(a)) for a in element.iter(f"{XHTML}a")]
