"""Citation fields of reference managers, read from the file's XML and replaced by
placeholders (SZCITE0001) that pandoc passes through as text; convert.py puts the citations
back as pandoc Cite elements. One reading for .docx and .odt, for Zotero, Mendeley and
EndNote, and each cited work keeps all its data (CSL JSON) for the bibliography.

Zotero and Mendeley write `ADDIN ZOTERO_ITEM CSL_CITATION {json}` and `ADDIN CSL_CITATION
{json}`: the citation's items, each with its CSL data and locator. EndNote writes `ADDIN
EN.CITE <EndNote>...</EndNote>` (endnote.py reads it). A bibliography the manager wrote
(ZOTERO_BIBL, CSL_BIBLIOGRAPHY, EN.REFLIST) becomes SZBIBLIOGRAPHY: samizdat makes its own.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from lxml import etree

from .container import NS, Document, W, xml
from .endnote import endnote_items
from .markers import mark_styles

PLACEHOLDER = "SZCITE{:04d}"
PLACEHOLDER_RE = re.compile(r"SZCITE(\d{4})")
BIBLIOGRAPHY = "SZBIBLIOGRAPHY"
CITATION = re.compile(r"\bCSL_CITATION\b|\bZOTERO_ITEM\b|\bEN\.CITE\b")
BIBLIOGRAPHY_FIELD = re.compile(r"ZOTERO_BIBL|CSL_BIBLIOGRAPHY|EN\.REFLIST")


@dataclass
class Item:
    """One work cited in one citation, with where in it."""

    work: str                      # the work's identity across citations (a URI)
    data: dict                     # its CSL JSON
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass
class Fields:
    """Every citation found, by placeholder number, and the works they cite."""

    citations: dict[int, list[Item]] = field(default_factory=dict)
    works: dict[str, dict] = field(default_factory=dict)   # identity -> CSL JSON, first seen
    unreadable: int = 0            # citation fields whose data could not be read
    bibliographies: int = 0
    manager: set[str] = field(default_factory=set)   # Zotero, Mendeley, EndNote

    def add(self, instruction: str) -> str:
        """The placeholder text that stands for this field in the document."""
        if BIBLIOGRAPHY_FIELD.search(instruction):
            self.bibliographies += 1
            return BIBLIOGRAPHY
        items = self._items(instruction)
        if not items:
            self.unreadable += 1
            return ""
        number = len(self.citations) + 1
        self.citations[number] = items
        for item in items:
            self.works.setdefault(item.work, item.data)
        return PLACEHOLDER.format(number)

    def _items(self, instruction: str) -> list[Item]:
        if "EN.CITE" in instruction:
            self.manager.add("EndNote")
            return [Item(**item) for item in endnote_items(instruction)]
        self.manager.add("Zotero" if "ZOTERO" in instruction else "Mendeley")
        start, end = instruction.find("{"), instruction.rfind("}")
        try:
            data = json.loads(instruction[start:end + 1])
        except ValueError:
            return []
        return [item for entry in data.get("citationItems", []) if (item := csl_item(entry))]


def csl_item(entry: dict) -> Item | None:
    """One entry of a CSL citation's citationItems."""
    data = entry.get("itemData")
    if not isinstance(data, dict):
        return None
    uris = entry.get("uris") or entry.get("uri") or []
    work = (uris[0] if uris else None) or str(data.get("id") or "") or json.dumps(
        [data.get("title"), data.get("author"), data.get("issued")], sort_keys=True)
    return Item(work, dict(data), str(entry.get("locator") or ""),
                str(entry.get("label") or "page"), str(entry.get("prefix") or ""),
                str(entry.get("suffix") or ""), bool(entry.get("suppress-author")))


def replace_fields(document: Document) -> tuple[bytes, Fields]:
    """The file with each citation field replaced by its placeholder, and the fields read."""
    found = Fields()
    parts = dict(document.parts)
    if document.kind == "docx":
        for name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            tree = xml(document, name)
            if tree is not None and _docx_fields(tree, found):
                parts[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                             standalone=True)
    else:
        content = mark_styles(parts["content.xml"]).decode("utf-8")
        parts["content.xml"] = _odt_fields(content, found).encode("utf-8")
    return _zip(parts, document.kind), found


def _docx_fields(tree, found: Fields) -> bool:
    """Complex fields (fldChar begin, instrText, separate, result, end) and simple ones."""
    changed, depth, runs, instruction, in_result = False, 0, [], [], False
    for run in list(tree.iter(f"{W}r")):
        char = run.find(f"{W}fldChar")
        kind = char.get(f"{W}fldCharType") if char is not None else None
        if kind == "begin":
            depth += 1
            if depth == 1:
                runs, instruction, in_result = [], [], False
        if depth == 0:
            continue
        runs.append(run)
        if depth == 1 and kind == "separate":
            in_result = True
        elif depth == 1 and not in_result:
            instruction += [t.text or "" for t in run.iter(f"{W}instrText")]
        if kind == "end":
            depth -= 1
            code = "".join(instruction)
            if depth == 0 and (CITATION.search(code) or BIBLIOGRAPHY_FIELD.search(code)):
                _replace_runs(runs, found.add(code))
                changed = True
    for simple in list(tree.iter(f"{W}fldSimple")):
        code = simple.get(f"{W}instr", "")
        if CITATION.search(code) or BIBLIOGRAPHY_FIELD.search(code):
            simple.getparent().replace(simple, _run(found.add(code)))
            changed = True
    return changed


def _replace_runs(runs, text: str) -> None:
    first = runs[0]
    first.getparent().replace(first, _run(text))
    for run in runs[1:]:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)


def _run(text: str):
    run = etree.Element(f"{W}r")
    t = etree.SubElement(run, f"{W}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


# LibreOffice keeps a Word field as a field mark, and its own Zotero plug-in writes
# reference marks whose name is the field code.
FIELDMARK = re.compile(r"<field:fieldmark-start\b[^>]*>(.*?)</field:fieldmark-start>(.*?)"
                       r"<field:fieldmark-end\s*/>", re.S)
CODE = re.compile(r'field:name="vnd\.oasis\.opendocument\.field\.code"\s+'
                  r'field:value="([^"]*)"')
REFMARK = re.compile(r'<text:reference-mark-start\s+text:name="([^"]*)"\s*/>(.*?)'
                     r'<text:reference-mark-end\s+text:name="\1"\s*/>', re.S)


def _odt_fields(content: str, found: Fields) -> str:
    def fieldmark(match):
        code = CODE.search(match.group(1))
        return _odt_replace(html.unescape(code.group(1)) if code else "", match, 2, found)

    def refmark(match):
        return _odt_replace(html.unescape(match.group(1)), match, 2, found)

    return REFMARK.sub(refmark, FIELDMARK.sub(fieldmark, content))


def _odt_replace(code: str, match, result: int, found: Fields) -> str:
    if not (CITATION.search(code) or BIBLIOGRAPHY_FIELD.search(code)):
        return match.group(0)
    tags = "".join(re.findall(r"<[^>]+>", match.group(result)))  # the result's text goes
    return html.escape(found.add(code), quote=False) + tags


def _zip(parts: dict[str, bytes], kind: str) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "odt" and "mimetype" in parts:  # first and stored, as ODF requires
            archive.writestr(zipfile.ZipInfo("mimetype"), parts["mimetype"],
                             compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            if not (kind == "odt" and name == "mimetype"):
                archive.writestr(name, data)
    return out.getvalue()


__all__ = ["NS", "PLACEHOLDER_RE", "BIBLIOGRAPHY", "Fields", "Item", "replace_fields"]
