"""The classroom blocks of the manuscript, found with their lines, and the rules they follow.

Pandoc's HTML says nothing of lines, and the students' edition has no teacher blocks at all:
this scan of the Markdown is where every block, and every HTML comment, is known with its
file and line, for the messages below and for the leak check after the build.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..core.diagnostics import Location, Report

CLASSROOM = ("source", "term", "question", "box", "answer", "teacher")
WITHHELD = ("answer", "teacher")       # only in the teacher's edition
OTHER_CLASSES = ("timeline", "reading-list", "pending", "event")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
DIV_OPEN = re.compile(r"^(\s*)(:{3,})\s*(\{[^}]*\}|[^\s{}:]+)\s*(?::{3,}\s*)?$")
DIV_CLOSE = re.compile(r"^\s*:{3,}\s*$")
NOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
ATTRIBUTE = re.compile(r"""([\w-]+)=("[^"]*"|'[^']*'|\S+)|#([\w:.-]+)|\.([\w-]+)""")
COMMENT = re.compile(r"<!--.*?-->", re.S)
MAX_LINES = 40


@dataclass(frozen=True)
class ClassBlock:
    """One fenced div of the manuscript, with what is needed to check it and its text."""

    classes: tuple[str, ...]
    id: str
    attributes: tuple[tuple[str, str], ...]
    location: Location
    parents: tuple[str, ...]     # the classes of the divs around it, innermost last
    in_note: bool                # written inside a footnote's definition
    text: str = ""               # the Markdown between its fences

    @property
    def kind(self) -> str:
        return next((c for c in self.classes if c in CLASSROOM), "")

    def attribute(self, name: str) -> str | None:
        return dict(self.attributes).get(name)


@dataclass(frozen=True)
class Withheld:
    """Text the students' edition must not show: a teacher or answer block, an HTML
    comment, or a note or a work only such a block cites."""

    what: str                    # "teacher block", "answer", "comment"...
    text: str
    location: Location
    teacher: bool = True         # the teacher's edition shows it


def parse_attributes(written: str) -> tuple[tuple[str, ...], str, tuple]:
    """'{.question #qst-x lines=5}' or 'teacher' -> classes, id, key=value pairs."""
    if not written.startswith("{"):
        return (written,), "", ()
    classes, ident, pairs = [], "", []
    for key, value, hash_id, cls in ATTRIBUTE.findall(written.strip("{}")):
        if cls:
            classes.append(cls)
        elif hash_id:
            ident = hash_id
        elif key:
            pairs.append((key, value.strip("\"'")))
    return tuple(classes), ident, tuple(pairs)


def scan_blocks(rel: str, text: str) -> list[ClassBlock]:
    """Every fenced div of one chapter file, outermost first, with its text."""
    lines = text.split("\n")
    found, stack, fence, in_note = [], [], None, False
    for number, line in enumerate(lines, 1):
        marker = FENCE.match(line)
        if fence or marker:
            if fence is None:
                fence = marker.group(1)
            elif marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if NOTE_DEF.match(line):
            in_note = True
        elif line.strip() and not line.startswith(("    ", "\t")):
            in_note = False
        opening = DIV_OPEN.match(line)
        if opening:
            classes, ident, pairs = parse_attributes(opening.group(3))
            parents = tuple(c for b, _ in stack for c in b.classes)
            block = ClassBlock(classes, ident, pairs,
                               Location(rel, number, len(opening.group(1)) + 1), parents,
                               in_note)
            stack.append((block, number))
            found.append(block)
        elif DIV_CLOSE.match(line) and stack:
            block, start = stack.pop()
            body = "\n".join(lines[start:number - 1])
            found[found.index(block)] = ClassBlock(**{**block.__dict__, "text": body})
    return found


def check_blocks(blocks: list[ClassBlock], report: Report) -> None:
    """Answers inside questions, no teacher block in a note, lines on questions, and a
    misspelt class caught before it prints a teacher's words for the students."""
    for block in blocks:
        where = block.location
        if block.kind == "answer" and "question" not in block.parents:
            report.error("SZ260", "an '::: answer' block must stand inside a '::: question' "
                         "block: move it into the question it answers, or make it "
                         "'::: teacher'", where)
        if block.kind in WITHHELD and block.in_note:
            report.error("SZ263", f"a '::: {block.kind}' block inside a note: the students' "
                         "edition numbers its notes without it, so it cannot live in one; "
                         "move it out of the note, after the paragraph that calls it", where)
        check_lines(block, report)
        for name in block.classes:
            check_class_name(name, where, report)


def check_lines(block: ClassBlock, report: Report) -> None:
    """'lines=' only on a question, and a whole number of lines."""
    lines = block.attribute("lines")
    if lines is None:
        return
    if block.kind != "question":
        report.warning("SZ264", "'lines=' gives answer lines to a '::: question' block only: "
                       "here it does nothing; write it on the question", block.location)
    elif not lines.isdigit() or not 1 <= int(lines) <= MAX_LINES:
        report.error("SZ265", f"'lines={lines}' must be a whole number of answer lines from 1 "
                     f"to {MAX_LINES}, as in lines=5", block.location)


def check_class_name(name: str, where: Location, report: Report) -> None:
    """A class one letter off a classroom block's is a typo; for teacher and answer an
    error, since the block would print for the students as plain text."""
    if name in CLASSROOM or name in OTHER_CLASSES:
        return
    close = difflib.get_close_matches(name.lower(), CLASSROOM, n=1, cutoff=0.75)
    if not close:
        return
    if close[0] in WITHHELD:
        report.error("SZ261", f"unknown block class '{name}' (did you mean '{close[0]}'?): as "
                     "written, its text prints in the students' edition", where)
    else:
        report.warning("SZ262", f"unknown block class '{name}' (did you mean '{close[0]}'?): "
                       "it is set as plain text", where)


def withheld_texts(rel: str, text: str, blocks: list[ClassBlock]) -> list[Withheld]:
    """The teacher and answer blocks (the outermost of nested ones) and the HTML comments."""
    out = []
    for block in blocks:
        if block.kind in WITHHELD and not any(p in WITHHELD for p in block.parents):
            what = "teacher block" if block.kind == "teacher" else "answer"
            out.append(Withheld(what, block.text, block.location))
    for match in COMMENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        out.append(Withheld("HTML comment", match.group(0)[4:-3], Location(rel, line, column),
                            teacher=False))
    return out
