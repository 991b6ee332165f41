"""What the author wrote, block by block, and the check that it reached an output.

assemble lists once what each block of the manuscript must show (Book.content); each
renderer then hands check_shown the text its own output shows per block: the PDF from
WeasyPrint's boxes, the EPUB from its pages. Anything missing is an error at the line the
block came from, so nothing the author wrote is ever lost silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Location, Report

KINDS = {"p": "paragraph", "li": "list item", "h2": "heading", "h3": "heading",
         "h4": "heading", "h5": "heading", "h6": "heading", "blockquote": "block quote",
         "pre": "code block", "figure": "figure caption", "dt": "term", "dd": "definition",
         "td": "table cell", "th": "table cell", "caption": "table caption"}
# Marks that are not the author's words: note calls (as pandoc, the PDF and the EPUB write
# them), the EPUB note's link back, and page references (each edition prints its own).
NOT_TEXT = {"footnote-ref", "noteref", "note-back", "pages"}
UNSEEN = re.compile(r"[\s\-\u2010\u00ad\u2060\u200b\u200c\u200d\ufeff]+")
MAX_REPORTED = 10  # per output; a lost chapter would otherwise print hundreds of lines


@dataclass(frozen=True)
class Block:
    """One block of the manuscript and the text a reader must find in each output."""

    key: str             # the block's data-b; fnN for a note; tlN for a timeline event
    kind: str            # paragraph, heading, note... as the message names it
    text: str            # plain text, as the reader sees it
    source: str = ""     # the chapter file it came from, to find its line on demand
    location: Location | None = None  # known at once for notes and timeline events


@dataclass(frozen=True)
class Content:
    """Every block the outputs must show, and the chapter files to point into."""

    blocks: tuple[Block, ...] = ()
    manuscript: tuple[tuple[str, str], ...] = ()  # (path, text) of each chapter file


def comparable(text: str) -> str:
    """Text as compared with an output: no spaces, hyphens, invisible marks or case."""
    return UNSEEN.sub("", text).casefold()


def own_text(element) -> str:
    """An element's text without nested blocks (they are checked on their own) and note calls."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag == "math":  # a comment; a formula,
            pass  # drawn in the PDF, whose presence the formula count checks
        elif child.get("data-b") is None and child.get("class") not in NOT_TEXT:
            parts.append(own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def check_shown(content: Content, shown: dict[str, str], output: str, report: Report,
                skip: tuple[str, ...] = ()) -> None:
    """Report every block whose text the output does not show (SZ221)."""
    missing = [block for block in content.blocks if block.kind not in skip
               and comparable(block.text) not in comparable(shown.get(block.key, ""))]
    finder = _Finder(content.manuscript)
    for block in missing[:MAX_REPORTED]:
        words = block.text.split()
        quoted = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        report.error("SZ221", f"the {block.kind} “{quoted}” is missing from the {output}",
                     block.location or finder.locate(block))
    if len(missing) > MAX_REPORTED:
        report.error("SZ221", f"{len(missing) - MAX_REPORTED} more blocks of the manuscript are "
                     f"missing from the {output}")


class _Finder:
    """Finds a block's first words in the chapter file it came from (pandoc's HTML has no
    lines). Letters and digits only: Markdown's marks and smart quotes do not count."""

    def __init__(self, manuscript):
        self.files = dict(manuscript)
        self.order = [path for path, _ in manuscript]
        self.letters: dict[str, tuple[str, list[int]]] = {}

    def locate(self, block: Block) -> Location | None:
        start = self.order.index(block.source) if block.source in self.order else 0
        wanted = "".join(c for c in block.text.casefold() if c.isalnum())
        # a citation or note label inside the first words is not in the text: try less
        for size in (40, 16):
            for path in self.order[start:] + self.order[:start]:
                letters, where = self._letters(path)
                index = letters.find(wanted[:size]) if wanted else -1
                if index >= 0:
                    return self._place(path, where[index])
        return Location(block.source) if block.source else None

    def _letters(self, path: str):
        if path not in self.letters:
            letters, where = [], []
            for i, c in enumerate(self.files[path]):
                if c.isalnum():
                    folded = c.casefold()  # may be longer than one letter (ß: ss)
                    letters.append(folded)
                    where += [i] * len(folded)
            self.letters[path] = ("".join(letters), where)
        return self.letters[path]

    def _place(self, path: str, offset: int) -> Location:
        before = self.files[path][:offset]
        line = before.count("\n") + 1
        return Location(path, line, offset - (before.rfind("\n") + 1) + 1)


def locate(content: Content, key: str) -> Location | None:
    """Where in the manuscript the block with this data-b was written."""
    block = next((b for b in content.blocks if b.key == key), None)
    if block is None:
        return None
    return block.location or _Finder(content.manuscript).locate(block)
