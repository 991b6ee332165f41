"""Styles that pandoc's ODT reader does not keep (the Title, Subtitle, Quote and Caption
paragraph styles, small capitals): each such paragraph is marked in the XML with a word at
its start (SZTITLE...), a small-capitals span with words around it, and after pandoc has read
the file the marks become metadata, block quotes, figure or table captions and SmallCaps.
Word files need none of this: pandoc's docx reader knows these styles."""

from __future__ import annotations

import re

from lxml import etree

from .container import NS
from .tree import walk

TEXT = f"{{{NS['text']}}}"
STYLE = f"{{{NS['style']}}}"
SMALL_CAPS = ("SZSCOPEN", "SZSCCLOSE")
MARKS = {"title": "SZTITLE", "subtitle": "SZSUBTITLE", "quote": "SZQUOTE",
         "caption": "SZCAPTION"}
STYLES = [("subtitle", re.compile(r"(?i)^subtitle$")), ("title", re.compile(r"(?i)^title$")),
          ("quote", re.compile(r"(?i)(^|_)quot(e|ations)$")),
          ("caption", re.compile(r"(?i)^(caption|illustration|figure|table|drawing)$"))]


def mark_styles(content: bytes) -> bytes:
    """content.xml with each Title, Subtitle, Quote and Caption paragraph marked."""
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, huge_tree=True))
    parents = {s.get(f"{STYLE}name"): s.get(f"{STYLE}parent-style-name", "")
               for s in root.iterfind(".//office:automatic-styles/style:style", NS)}
    for p in root.iter(f"{TEXT}p"):
        name = p.get(f"{TEXT}style-name", "")
        name = parents.get(name) or name
        kind = next((k for k, pattern in STYLES if pattern.search(name)), None)
        if kind and "".join(p.itertext()).strip():
            p.text = f"{MARKS[kind]} " + (p.text or "")
    _mark_small_caps(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _mark_small_caps(root) -> None:
    small = {s.get(f"{STYLE}name") for s in root.iterfind(".//office:automatic-styles/"
                                                           "style:style", NS)
             if s.find(f"style:text-properties[@{{{NS['fo']}}}font-variant='small-caps']",
                       NS) is not None}
    for span in root.iter(f"{TEXT}span"):
        if span.get(f"{TEXT}style-name") in small and "".join(span.itertext()).strip():
            span.text = SMALL_CAPS[0] + (span.text or "")
            if len(span):
                span[-1].tail = (span[-1].tail or "") + SMALL_CAPS[1]
            else:
                span.text += SMALL_CAPS[1]


def small_caps(inlines: list) -> list:
    """The words between a small-capitals span's marks made SmallCaps."""
    if not any(i["t"] == "Str" and "SZSC" in i["c"] for i in inlines):
        return inlines
    tokens: list = []
    for node in inlines:
        if node["t"] == "Str" and "SZSC" in node["c"]:
            for piece in re.split(f"({SMALL_CAPS[0]}|{SMALL_CAPS[1]})", node["c"]):
                if piece in SMALL_CAPS:
                    tokens.append(piece)
                elif piece:
                    tokens.append({"t": "Str", "c": piece})
        else:
            tokens.append(node)
    out: list = []
    inside: list | None = None
    for token in tokens:
        if token == SMALL_CAPS[0]:
            inside = []
        elif token == SMALL_CAPS[1]:
            if inside is not None:
                out.append({"t": "SmallCaps", "c": inside})
            inside = None
        elif inside is not None:
            inside.append(token)
        else:
            out.append(token)
    return out + (inside or [])


def _mark(block) -> str | None:
    if block["t"] not in ("Para", "Plain") or not block["c"]:
        return None
    first = block["c"][0]
    if first["t"] == "Str" and first["c"] in MARKS.values():
        return first["c"]
    return None


def _strip(inlines: list) -> list:
    inlines = inlines[1:]
    while inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    return inlines


def apply_marks(blocks: list, meta: dict) -> list:
    """The marked paragraphs made what their style meant; title and subtitle into meta."""
    blocks = walk(blocks, small_caps)
    out: list = []
    for block in blocks:
        mark = _mark(block)
        if mark is None:
            out.append(block)
            continue
        inlines = _strip(block["c"])
        if mark in ("SZTITLE", "SZSUBTITLE"):
            meta.setdefault("title" if mark == "SZTITLE" else "subtitle",
                            {"t": "MetaInlines", "c": inlines})
        elif mark == "SZQUOTE":
            para = {"t": "Para", "c": inlines}
            if out and out[-1]["t"] == "BlockQuote":
                out[-1]["c"].append(para)
            else:
                out.append({"t": "BlockQuote", "c": [para]})
        elif not _caption(out, inlines):
            out.append({"t": "Para", "c": inlines})
    return _table_captions_after(out)


def _caption(out: list, inlines: list) -> bool:
    """A caption after an image's paragraph makes a figure; after a table, its caption."""
    if not out:
        return False
    last = out[-1]
    images = [i for i in last["c"] if i["t"] != "Space"] if last["t"] in ("Para", "Plain") else []
    if len(images) == 1 and images[0]["t"] == "Image":
        out[-1] = {"t": "Figure", "c": [["", [], []], [None, [{"t": "Plain", "c": inlines}]],
                                        [{"t": "Plain", "c": [images[0]]}]]}
        return True
    if last["t"] == "Table" and not last["c"][1][1]:
        last["c"][1] = [None, [{"t": "Plain", "c": inlines}]]
        return True
    out.append({"t": "Para", "c": [{"t": "Str", "c": "SZCAPTION"}, *inlines]})
    return True


def _table_captions_after(blocks: list) -> list:
    """A caption written above its table (Word's habit) moves into the table."""
    out: list = []
    for block in blocks:
        if block["t"] == "Table" and not block["c"][1][1] and out and _mark(out[-1]):
            block["c"][1] = [None, [{"t": "Plain", "c": _strip(out.pop()["c"])}]]
        out.append(block)
    return [{"t": "Para", "c": _strip(b["c"])} if _mark(b) else b for b in out]
