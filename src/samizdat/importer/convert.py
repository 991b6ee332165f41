"""Pandoc's reading of the file (its JSON AST) rewritten into samizdat's conventions:
citations back from their placeholders, a note that is only a citation made the citation,
manual line breaks and bookmarks dropped, images named from their captions, and the text
split into chapters at its top-level headings. Every change is counted for the report."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..core.metadata import slugify
from .container import Counts
from .fields import BIBLIOGRAPHY, PLACEHOLDER_RE, Fields, Item
from .tree import find, has, text, walk

LABELS = {"page": "", "chapter": "chap. ", "section": "sec. ", "volume": "vol. ",
          "paragraph": "para. ", "figure": "fig. ", "line": "l. ", "note": "n. ",
          "number": "no. ", "part": "pt. ", "book": "bk. ", "column": "col. ",
          "folio": "fol. ", "verse": "v. ", "sub verbo": "s.v. "}
# "Thomas, *The Helsinki Effect*, 92." or "Ibid., 94.": a reference typed by hand
HAND_TYPED = re.compile(r"^(?:Ibid\.?,?\s*\d|[A-ZÀ-Þ][^.;:]{1,60},\s.{3,}?\b\d+(?:[–-]\d+)?\.?$)")
SPACE = {"t": "Space"}


@dataclass
class Chapter:
    """One chapter file: its title, file name, blocks and notes' labels."""
    title: str
    file: str
    blocks: list
    labels: list[str] = field(default_factory=list)   # its notes' labels, in order


@dataclass
class Converted:
    """The book's text, images and keys, with the counts and changes for the report."""
    chapters: list[Chapter]
    images: dict[str, tuple[str, bytes]]      # file name -> (the file's own path, bytes)
    keys: dict[str, str]                      # work identity -> citation key
    counts: Counts = field(default_factory=Counts)
    changes: Counter = field(default_factory=Counter)
    hand_typed: list[str] = field(default_factory=list)
    dropped_images: list[str] = field(default_factory=list)


class Converter:
    """One pass over pandoc's blocks; the result collects what it changed."""
    def __init__(self, fields: Fields, keys: dict[str, str], media):
        self.fields, self.keys, self.media = fields, keys, media
        self.result = Converted([], {}, keys)

    def convert(self, blocks: list) -> Converted:
        blocks = walk(blocks, self.inlines, self.blocks)
        self.result.chapters = split_chapters(blocks, self.result.changes)
        taken: set[str] = set()    # a label is the book's: chapters go into one pandoc pass
        for chapter in self.result.chapters:
            chapter.labels = self.note_labels(chapter.blocks, taken)
        count(self.result)
        return self.result

    # inlines ------------------------------------------------------------------------
    def inlines(self, inlines: list) -> list:
        out = []
        for node in inlines:
            kind = node["t"]
            if kind == "Str" and "SZCITE" in node["c"]:
                out += self.placeholders(node["c"])
            elif kind == "LineBreak":
                self.result.changes["line breaks"] += 1
                out.append(SPACE)
            elif kind == "Span" and not node["c"][0][1] and not node["c"][0][2]:
                out += node["c"][1]          # a bookmark: its text stays
            elif kind == "Note":
                out += self.note(node)
            elif kind == "Superscript" and all(
                    i["t"] in ("Note", "Cite", "Space") for i in node["c"]):
                out += node["c"]             # a note call set superscript by hand
            elif kind == "Image":
                out.append(self.image(node))
            else:
                out.append(node)
        return out

    def placeholders(self, string: str) -> list:
        out = []
        for n, piece in enumerate(PLACEHOLDER_RE.split(string)):
            if n % 2:
                out.append(self.cite(self.fields.citations[int(piece)]))
            elif piece:
                out.append({"t": "Str", "c": piece})
        return out

    def cite(self, items: list[Item]) -> dict:
        citations = []
        for item in items:
            suffix = []
            if item.locator:
                suffix = [{"t": "Str", "c": ","}, SPACE,
                          {"t": "Str", "c": LABELS.get(item.label, "") + item.locator}]
            if item.suffix:
                suffix += [SPACE, {"t": "Str", "c": item.suffix.strip()}]
            prefix = [{"t": "Str", "c": item.prefix.strip()}] if item.prefix.strip() else []
            citations.append({
                "citationId": self.keys[item.work], "citationPrefix": prefix,
                "citationSuffix": suffix, "citationNoteNum": 0, "citationHash": 0,
                "citationMode": {"t": "SuppressAuthor" if item.suppress_author
                                 else "NormalCitation"}})
        return {"t": "Cite", "c": [citations, [{"t": "Str", "c": "[citation]"}]]}

    def note(self, node: dict) -> list:
        blocks = [b for b in node["c"] if not (b["t"] in ("Para", "Plain") and not b["c"])]
        while blocks and blocks[0]["t"] in ("Para", "Plain") and blocks[0]["c"] and \
                blocks[0]["c"][0]["t"] == "Space":
            blocks[0]["c"] = blocks[0]["c"][1:]
        if len(blocks) == 1 and blocks[0]["t"] in ("Para", "Plain"):
            inlines = [i for i in blocks[0]["c"] if i["t"] not in ("Space", "SoftBreak")]
            while inlines and inlines[-1]["t"] == "Str" and inlines[-1]["c"] in (".", ","):
                inlines.pop()
            if inlines and all(i["t"] == "Cite" for i in inlines):
                self.result.changes["citation notes"] += 1
                merged = [c for i in inlines for c in i["c"][0]]
                return [{"t": "Cite", "c": [merged, inlines[0]["c"][1]]}]
        words = text(blocks).strip()
        titled = has(blocks, "Emph") or has(blocks, "Quoted") or "“" in words or \
            words.startswith("Ibid")
        if titled and not has(blocks, "Cite") and HAND_TYPED.match(words):
            self.result.hand_typed.append(words)
        node["c"] = blocks
        return [node]

    def image(self, node: dict) -> dict:
        attr, alt, (target, title) = node["c"]
        data = self.media(target)
        name = slugify(text(alt) or title)[:60].strip("-") or "image"
        suffix = target.rsplit(".", 1)[-1].lower() if "." in target else "png"
        suffix = "jpg" if suffix == "jpeg" else suffix
        if data is None or suffix not in ("png", "jpg", "gif", "svg", "webp"):
            data, suffix = _as_png(data)
        if data is None:
            self.result.dropped_images.append(target)
            return {"t": "Str", "c": ""}
        file = _unique(f"images/{name}.{suffix}", self.result.images)
        self.result.images[file] = (target, data)
        kept = dict(attr[2])
        size = [(k, v) for k, v in kept.items() if k == "width"] or [
            (k, v) for k, v in kept.items() if k == "height"]
        node["c"] = [["", [], size], alt, [file, title]]
        return node

    # blocks -------------------------------------------------------------------------
    def blocks(self, blocks: list) -> list:
        out = []
        for block in blocks:
            kind = block["t"]
            if kind in ("Para", "Plain") and text(block).strip() == BIBLIOGRAPHY:
                if not self.result.changes["bibliographies"]:
                    out.append({"t": "Div", "c": [["", ["reading-list"], []], []]})
                self.result.changes["bibliographies"] += 1
                continue
            if kind in ("Para", "Plain") and not text(block).strip() and not any(
                    has(block, k) for k in ("Image", "Cite", "Note")):
                continue
            if kind == "Figure":
                block = self.figure(block)
            elif kind == "Table":
                self.table(block)
            elif kind == "Header" and block["c"][1][0].startswith("_"):
                block["c"][1][0] = ""
            out.append(block)
        return out

    def figure(self, block: dict) -> dict:
        """The image is named from the caption; its alt text is the caption."""
        caption = text(block["c"][1][1]).strip()
        for image in find(block["c"][2], "Image"):
            old = image["c"][1]
            if caption and not text(old).strip():
                old_name = image["c"][2][0]
                target, data = self.result.images.pop(old_name)
                file = _unique(f"images/{slugify(caption)[:60].strip('-')}."
                               f"{old_name.rsplit('.', 1)[-1]}", self.result.images)
                self.result.images[file] = (target, data)
                image["c"][2][0] = file
        return block

    def table(self, block: dict) -> None:
        """Word's column widths would make every table a grid table: a table of one-line
        cells, none merged, drops them and becomes a pipe table."""
        merged = merged_cells(block)
        self.result.changes["merged cells"] += merged
        head, bodies = block["c"][3], block["c"][4]
        if not head[1] and bodies and len(bodies[0][3]) > 1:
            head[1] = [bodies[0][3].pop(0)]   # a pipe table needs a header row
            self.result.changes["tables given a header row"] += 1
        simple = all(len(cell[4]) <= 1 and all(b["t"] in ("Plain", "Para") for b in cell[4])
                     and not has(cell[4], "LineBreak") for cell in _cells(block))
        if simple and not merged:
            block["c"][2] = [[spec[0], {"t": "ColWidthDefault"}] for spec in block["c"][2]]
        else:
            self.result.changes["grid tables"] += 1

    # notes --------------------------------------------------------------------------
    def note_labels(self, blocks: list, taken: set[str]) -> list[str]:
        """[^first-words] for each note, or [^n4] for a note that starts with a number."""
        labels: list[str] = []
        for note in find(blocks, "Note"):
            words = slugify(" ".join(text(note["c"]).split()[:3]))[:24].strip("-")
            label = words if words and not words[0].isdigit() else f"n{len(taken) + 1}"
            label = _unique_label(label, taken)
            taken.add(label)
            labels.append(label)
        return labels


def _unique(name: str, taken) -> str:
    stem, _, suffix = name.rpartition(".")
    n, out = 1, name
    while out in taken:
        n += 1
        out = f"{stem}-{n}.{suffix}"
    return out


def _unique_label(label: str, taken: set[str]) -> str:
    n, out = 1, label
    while out in taken:
        n += 1
        out = f"{label}-{n}"
    return out


def _as_png(data: bytes | None) -> tuple[bytes | None, str]:
    """A TIFF or BMP as PNG; None for what Pillow cannot read (EMF, WMF)."""
    if data is None:
        return None, ""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, "PNG")
            return out.getvalue(), "png"
    except (OSError, ValueError):
        return None, ""


def merged_cells(table: dict) -> int:
    """Cells that span more than one row or column."""
    return sum(1 for cell in _cells(table) if cell[2] > 1 or cell[3] > 1)


def _cells(table: dict):
    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    rows = head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]
    for row in rows:
        yield from row[1]


def split_chapters(blocks: list, changes: Counter) -> list[Chapter]:
    """One chapter per top-level heading; the levels shifted so chapters start at '#',
    and a heading that skips a level brought up to the level below the one before it."""
    levels = [b["c"][0] for b in blocks if b["t"] == "Header"]
    shift = min(levels) - 1 if levels else 0
    if shift:
        changes["heading levels shifted"] = shift
    chapters: list[Chapter] = []
    last = 0
    for block in blocks:
        if block["t"] == "Header":
            block["c"][0] -= shift
            if block["c"][0] == 1:
                chapters.append(Chapter(text(block["c"][2]).strip(), "", [block]))
                last = 1
                continue
            if block["c"][0] > last + 1:
                changes["headings that skipped a level"] += 1
                block["c"][0] = last + 1
            last = block["c"][0]
        if not chapters:
            changes["text before the first heading"] += 1
            heading = {"t": "Header", "c": [1, ["", [], []], [{"t": "Str", "c": "Introduction"}]]}
            chapters.append(Chapter("Introduction", "", [heading]))
            last = 1
        chapters[-1].blocks.append(block)
    taken: set[str] = set()
    for n, chapter in enumerate(chapters, 1):
        slug = slugify(chapter.title)[:40].strip("-") or "chapter"
        chapter.file = _unique(f"{n:02d}-{slug}.md", taken)
        taken.add(chapter.file)
    return chapters


def count(result: Converted) -> None:
    """The book's side of the report: what the chapters hold."""
    counts = result.counts
    for chapter in result.chapters:
        counts.paragraphs += _paragraphs(chapter.blocks)
        counts.notes += sum(1 for _ in find(chapter.blocks, "Note"))
        counts.citations += sum(1 for _ in find(chapter.blocks, "Cite"))
        counts.images += sum(1 for _ in find(chapter.blocks, "Image"))
        counts.tables += sum(1 for _ in find(chapter.blocks, "Table"))


def _paragraphs(blocks: list) -> int:
    """Paragraphs of the text: not headings, captions, table cells or notes."""
    n = 0
    for block in blocks:
        kind = block["t"]
        if kind in ("Para", "Plain"):
            n += 1 if text(block).strip() else 0
        elif kind in ("BlockQuote", "Div"):
            n += _paragraphs(block["c"] if kind == "BlockQuote" else block["c"][1])
        elif kind == "BulletList":
            n += sum(_paragraphs(item) for item in block["c"])
        elif kind == "OrderedList":
            n += sum(_paragraphs(item) for item in block["c"][1])
        elif kind == "DefinitionList":
            n += sum(_paragraphs(d) for _, defs in block["c"] for d in defs)
    return n
