"""The file to import, opened and inspected before pandoc reads it: which kind it is, its
properties (author, date, language, the reference manager's style), whether it still holds
tracked changes or comments, and what it holds, counted from its XML (the report's "in the
file" column)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..core.diagnostics import Location, fail

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted OOXML file, or an old .doc
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cprops": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
ODT_MIME = b"application/vnd.oasis.opendocument.text"
ZOTERO_STYLE = re.compile(r'<style\s+id="https?://www\.zotero\.org/styles/([a-z0-9-]+)"')
NOTE_STYLES = re.compile(r"(?i)^(title|subtitle|caption|heading|toc|footnote|endnote)")


@dataclass
class Counts:
    """What one side holds: the file, or the book made from it."""

    paragraphs: int = 0
    notes: int = 0
    citations: int = 0
    images: int = 0
    tables: int = 0


@dataclass
class Document:
    """An opened .docx or .odt: its parts as bytes and what was learnt from them."""

    path: Path
    kind: str                      # "docx" or "odt"
    parts: dict[str, bytes]
    properties: dict[str, str] = field(default_factory=dict)   # title, author, date, lang
    style: str | None = None       # the reference manager's citation style, by its id
    counts: Counts = field(default_factory=Counts)
    changes: int = 0               # tracked insertions, deletions and moves
    comments: int = 0
    direct_formatting: int = 0     # runs with a font, colour or size of their own
    empty_paragraphs: int = 0

    @property
    def pandoc_format(self) -> str:
        return "docx+citations" if self.kind == "docx" else "odt"

    def media(self, target: str) -> bytes | None:
        """An image's bytes, by the path pandoc gives it (media/image1.png, Pictures/x.png)."""
        for name in (target, f"word/{target}"):
            if name in self.parts:
                return self.parts[name]
        return None


def open_document(path: Path) -> Document:
    """Open and inspect the file; a clear error for anything that is not a readable
    Word or OpenDocument text."""
    where = Location(str(path))
    try:
        head = path.read_bytes()[:8]
    except OSError as error:
        raise fail("SZ701", f"cannot read {path}: {error.strerror}", where) from None
    if head.startswith(OLE):
        raise fail("SZ703", f"{path} is password-protected, or an old binary .doc: samizdat "
                   "reads .docx and .odt files without a password (Word: File > Info > "
                   "Protect Document > Encrypt with Password, clear it; or Save As .docx)",
                   where)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()
                     if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise fail("SZ702" if head[:2] != b"PK" else "SZ704",
                   f"{path} is not a Word (.docx) or OpenDocument (.odt) file"
                   if head[:2] != b"PK" else
                   f"{path} is damaged: its zip archive cannot be read (open it in Word or "
                   "LibreOffice and save it again)", where) from None
    if "word/document.xml" in parts:
        document = Document(path, "docx", parts)
        _inspect_docx(document)
    elif parts.get("mimetype", b"").strip() == ODT_MIME and "content.xml" in parts:
        document = Document(path, "odt", parts)
        _inspect_odt(document)
    else:
        raise fail("SZ702", f"{path} is a zip archive but not a Word (.docx) or OpenDocument "
                   "text (.odt): it has no word/document.xml or content.xml", where)
    return document


def xml(document: Document, name: str):
    """A part parsed, or None when the file has no such part; damaged XML is an error."""
    data = document.parts.get(name)
    if data is None:
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                      huge_tree=True))
    except etree.XMLSyntaxError as error:
        raise fail("SZ704", f"{document.path} is damaged: {name} is not well-formed XML "
                   f"({error.msg})", Location(str(document.path))) from None


def _inspect_docx(doc: Document) -> None:
    body = xml(doc, "word/document.xml")
    notes = [xml(doc, f"word/{kind}s.xml") for kind in ("footnote", "endnote")]
    trees = [t for t in (body, *notes) if t is not None]
    doc.changes = sum(len(t.findall(f".//{W}{tag}")) for t in trees
                      for tag in ("ins", "del", "moveFrom", "moveTo"))
    doc.comments = sum(len(t.findall(f".//{W}commentReference")) for t in trees)
    counts = doc.counts
    for p in body.iter(f"{W}p"):
        if _in(p, "tbl") or _in(p, "txbxContent"):
            continue
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        style = p.find(f"{W}pPr/{W}pStyle")
        style = style.get(f"{W}val", "") if style is not None else ""
        if text.strip():
            counts.paragraphs += 0 if NOTE_STYLES.match(style) else 1
        elif not len(p.findall(f".//{W}drawing")) and p.find(f".//{W}sectPr") is None:
            doc.empty_paragraphs += 1
    for tree in notes:
        if tree is not None:
            counts.notes += sum(1 for n in tree if n.get(f"{W}type") in (None, "normal"))
    counts.citations = sum(1 for t in trees for i in t.iter(f"{W}instrText")
                           if re.search(r"CSL_CITATION|EN\.CITE", i.text or ""))
    counts.images = len(body.findall(f".//{W}drawing")) + len(body.findall(f".//{W}pict"))
    counts.tables = len([t for t in body.iter(f"{W}tbl") if not _in(t, "tbl")])
    formatting = ("rFonts", "color", "sz", "highlight", "shd")
    doc.direct_formatting = sum(
        1 for t in trees for r in t.iter(f"{W}r")
        if r.find(f"{W}rPr") is not None and any(
            r.find(f"{W}rPr/{W}{name}") is not None for name in formatting))
    _docx_properties(doc)


def _in(element, tag: str) -> bool:
    return any(a.tag == f"{W}{tag}" for a in element.iterancestors())


def _docx_properties(doc: Document) -> None:
    core = xml(doc, "docProps/core.xml")
    if core is not None:
        for key, path in (("title", "dc:title"), ("author", "dc:creator"),
                          ("lang", "dc:language"), ("date", "dcterms:created"),
                          ("description", "dc:description")):
            found = core.find(path, NS)
            if found is not None and (found.text or "").strip():
                doc.properties[key] = found.text.strip()
    if "lang" not in doc.properties:
        styles = xml(doc, "word/styles.xml")
        lang = styles.find(".//w:docDefaults//w:lang", NS) if styles is not None else None
        if lang is not None and lang.get(f"{W}val"):
            doc.properties["lang"] = lang.get(f"{W}val")
    custom = xml(doc, "docProps/custom.xml")
    if custom is not None:
        prefs = sorted((int(m.group(1)), p.findtext("vt:lpwstr", "", NS))
                        for p in custom.findall("cprops:property", NS)
                        if (m := re.fullmatch(r"ZOTERO_PREF_(\d+)", p.get("name", ""))))
        _zotero_style(doc, "".join(text for _, text in prefs))


def _zotero_style(doc: Document, prefs: str) -> None:
    match = ZOTERO_STYLE.search(prefs)
    if match:
        doc.style = match.group(1)


def _inspect_odt(doc: Document) -> None:
    content = xml(doc, "content.xml")
    text = content.find(".//office:body/office:text", NS)
    doc.changes = len(text.findall(".//text:changed-region", NS))
    doc.comments = len(text.findall(".//office:annotation", NS))
    counts = doc.counts
    for p in text.iter(f"{{{NS['text']}}}p"):
        if any(a.tag in (f"{{{NS['text']}}}note", f"{{{NS['table']}}}table",
                         f"{{{NS['draw']}}}frame", f"{{{NS['text']}}}tracked-changes",
                         f"{{{NS['office']}}}annotation") for a in p.iterancestors()):
            continue
        style = p.get(f"{{{NS['text']}}}style-name", "")
        words = "".join(p.itertext()).strip()
        if words:
            counts.paragraphs += 0 if NOTE_STYLES.match(_parent_style(content, style)) else 1
        elif p.find(".//draw:frame", NS) is None:
            doc.empty_paragraphs += 1
    counts.notes = len(text.findall(".//text:note", NS))
    counts.citations = len(re.findall(rb"CSL_CITATION|EN\.CITE", doc.parts["content.xml"]))
    counts.images = len(text.findall(".//draw:image", NS))
    counts.tables = len([t for t in text.iter(f"{{{NS['table']}}}table")
                         if not any(a.tag == t.tag for a in t.iterancestors())])
    doc.direct_formatting = _odt_direct_formatting(content, text)
    meta = xml(doc, "meta.xml")
    if meta is not None:
        for key, path in (("title", ".//dc:title"), ("author", ".//meta:initial-creator"),
                          ("lang", ".//dc:language"), ("date", ".//meta:creation-date"),
                          ("description", ".//dc:description")):
            found = meta.find(path, NS)
            if found is not None and (found.text or "").strip():
                doc.properties[key] = found.text.strip()
        prefs = sorted((int(m.group(1)), u.text or "")
                        for u in meta.findall(".//meta:user-defined", NS)
                        if (m := re.fullmatch(r"ZOTERO_PREF_(\d+)",
                                              u.get(f"{{{NS['meta']}}}name", ""))))
        _zotero_style(doc, "".join(t for _, t in prefs))


def _parent_style(content, name: str) -> str:
    """An automatic paragraph style's parent (P3 -> Caption), or the name itself."""
    for style in content.iterfind(".//office:automatic-styles/style:style", NS):
        if style.get(f"{{{NS['style']}}}name") == name:
            return style.get(f"{{{NS['style']}}}parent-style-name", name)
    return name


def _odt_direct_formatting(content, text) -> int:
    """Spans whose automatic style sets a font, colour or size."""
    direct = set()
    for style in content.iterfind(".//office:automatic-styles/style:style", NS):
        props = style.find("style:text-properties", NS)
        if props is not None and any(
                props.get(f"{{{NS[ns]}}}{name}") for ns, name in (
                    ("fo", "color"), ("fo", "font-size"), ("style", "font-name"),
                    ("fo", "background-color"))):
            direct.add(style.get(f"{{{NS['style']}}}name"))
    return sum(1 for span in text.iter(f"{{{NS['text']}}}span")
               if span.get(f"{{{NS['text']}}}style-name") in direct)
