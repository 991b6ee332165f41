"""Find citations, notes, images and links in the Markdown, with their lines.

Pandoc's HTML does not say where a construct came from; this scan does, so every
diagnostic can point into the file the author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..core.diagnostics import Location
from ..core.labels import LABEL, parse_key
from .load import TextSource

CITATION = re.compile(r"(?<![\w@.\\])@(?:\{([^}]+)\}|(\w(?:[\w:.#$%&\-+?<>~/]*\w)?))")
NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
# The target as pandoc reads it: <in angle brackets> (spaces allowed) or up to a space
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(?:<([^<>\n]+)>|([^)\s>]+))[^)]*\)(\{[^}]*\})?")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)")  # f(x) whole
AUTOLINK = re.compile(r"<((?:https?|ftp|file|javascript|vbscript|data):[^>\s]*)>", re.I)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s|$)")
SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
HEADING_ATTRIBUTES = re.compile(r"\s*(\{[^}]*\})?\s*#*\s*$")
# A fenced div opens with three or more colons and attributes (a class word or {...}), and
# closes with a line of colons alone. Pandoc reads the chapter files as one text, so a fence
# left open in one file would swallow the files after it: each file is checked on its own.
DIV_OPEN = re.compile(r"^ {0,3}:{3,}\s*(\{[^}]*\}|[^\s{}:]+)\s*(?::{3,}\s*)?$")
DIV_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
# Raw LaTeX pandoc reads and then leaves out of HTML: \command{args}, \begin{environment}.
RAW_TEX = re.compile(r"(?<!\\)\\([a-zA-Z]+)\*?((?:\[[^\]]*\])?(?:\{[^{}]*\})*)")
TEX_BEGIN = re.compile(r"^ {0,3}\\begin\{([^}]+)\}")
# TeX math as pandoc's tex_math_dollars reads it: no space inside the dollars, no digit after.
MATH = re.compile(r"(?<![\\$])\$\$(.+?)\$\$"
                  r"|(?<![\\$])\$(?![\s$])((?:[^$\\]|\\.)*?)(?<![\s\\])\$(?!\d)")


DOLLARS = re.compile(r"(?<![\\$])\$\$")  # a display formula's fence, opening or closing


@dataclass(frozen=True)
class Found:
    """kind: citation, xref (a cross-reference: @fig-map), label ({#fig-map}), note-ref,
    note-def, image, link, heading, div-open, div-close, raw-tex, math (raw HTML is
    rawhtml.py's, over whole files: a tag may span lines)."""

    kind: str
    value: str
    location: Location
    extra: str = ""  # headings: the title; raw-tex: what was written


def scan_chapter(source: TextSource) -> list[Found]:
    """Every construct of one chapter file, with its line and column."""
    found: list[Found] = []
    fence = environment = None
    lines = source.lines
    in_note = False  # inside a footnote's definition: its cross-references are the note's
    if "<" in source.text:  # what <script> or <style> holds is no Markdown
        from .rawhtml import blank_code_elements

        lines = blank_code_elements(source.text).split("\n")
    lines, found = _take_display_math(lines, source.rel)
    for number, line in enumerate(lines, 1):
        in_note = bool(NOTE_DEF.match(line)) or (in_note and (
            line.startswith(("    ", "\t")) or not line.strip()))
        marker = FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        if environment:  # inside a raw LaTeX environment: reported once, at its \begin
            environment = None if f"\\end{{{environment}}}" in line else environment
            continue
        found.extend(_scan_structure(line, lines, source.rel, number))
        text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        found.extend(_scan_line(text, source.rel, number, "note" if in_note else ""))
        begin = TEX_BEGIN.match(text)
        if begin and f"\\end{{{begin.group(1)}}}" not in text:
            environment = begin.group(1)
    return found


def _take_display_math(lines: list[str], rel: str) -> tuple[list[str], list[Found]]:
    """Display math written over several lines, found at its opening $$ and blanked (its
    \\begin{aligned} is math, no raw LaTeX); a $$ inside fenced code is no fence."""
    text = "\n".join(lines)
    if "$$" not in text:
        return lines, []
    from .rawhtml import offset_place

    code = [(m.start(), m.end()) for m in re.finditer(
        r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1", text, re.M | re.S)]
    fences = [m.start() for m in DOLLARS.finditer(text)
              if not any(a <= m.start() < b for a, b in code)]
    place, found, pieces, last = offset_place(rel, text), [], [], 0
    for start, end in zip(fences[::2], fences[1::2], strict=False):
        inside = text[start + 2:end]
        if "\n" not in inside or "\n\n" in inside:  # one line: the line scan's
            continue
        found.append(Found("math", inside, place(start)))
        pieces += [text[last:start], re.sub(r"[^\n]", " ", text[start:end + 2])]
        last = end + 2
    return "".join([*pieces, text[last:]]).split("\n"), found


def _scan_structure(line: str, lines: list[str], rel: str, number: int) -> list[Found]:
    """Headings (level and title) and the fences of divs."""
    heading = ATX_HEADING.match(line)
    if heading:
        title = HEADING_ATTRIBUTES.sub("", line[heading.end():])
        return [Found("heading", str(len(heading.group(1))), Location(rel, number, 1), title)]
    if SETEXT_H1.match(line) and number > 1 and lines[number - 2].strip():
        title = HEADING_ATTRIBUTES.sub("", lines[number - 2].strip())
        return [Found("heading", "1", Location(rel, number - 1, 1), title)]
    opening = DIV_OPEN.match(line)
    if opening:
        column = line.index(":") + 1
        return [Found("div-open", opening.group(1), Location(rel, number, column),
                      line.strip())]
    if DIV_CLOSE.match(line):
        return [Found("div-close", "", Location(rel, number, line.index(":") + 1))]
    return []


def _scan_line(text: str, rel: str, number: int, where: str = "") -> list[Found]:
    found = []

    def add(kind, match, group=1, extra=""):
        value = match.group(group) if group else match.group(0)
        found.append(Found(kind, value, Location(rel, number, match.start() + 1), extra))

    definition = NOTE_DEF.match(text)
    if definition:
        add("note-def", definition)
    for m in NOTE_REF.finditer(text):
        add("note-ref", m)
    for m in CITATION.finditer(_blank_urls(text)):
        key = m.group(1) or m.group(2)
        found.append(Found("xref", key, Location(rel, number, m.start() + 1), where)
                     if parse_key(key) else
                     Found("citation", key, Location(rel, number, m.start() + 1)))
    for m in LABEL.finditer(text):
        found.append(Found("label", m.group(1), Location(rel, number, m.start(1)), m.group(0)))
    for m in IMAGE.finditer(text):
        found.append(image_found(m, Location(rel, number, m.start() + 1)))
    for m in LINK.finditer(text):
        add("link", m)
    for m in AUTOLINK.finditer(text):
        add("link", m)
    for m in MATH.finditer(text):
        add("math", m, 1 if m.group(1) is not None else 2)
    for m in RAW_TEX.finditer(MATH.sub(lambda m: " " * len(m.group(0)), text)):
        add("raw-tex", m, extra=m.group(0))
    return found


def image_found(match: re.Match, where: Location) -> Found:
    """An IMAGE match as the file it names (images/a%20b.png is images/a b.png) and its
    attributes."""
    target = match.group(1) or match.group(2)
    return Found("image", target if ":" in target else unquote(target), where,
                 match.group(3) or "")


def _blank_urls(text: str) -> str:
    """Link targets and autolinks are not prose: an @ inside them is no citation."""
    text = re.sub(r"\]\([^)]*\)", lambda m: "](" + " " * (len(m.group(0)) - 2), text)
    return re.sub(r"<[a-z]+:[^>\s]*>", lambda m: " " * len(m.group(0)), text, flags=re.I)


def scan_book(chapters) -> list[Found]:
    """scan_chapter over every chapter file."""
    return [f for chapter in chapters for f in scan_chapter(chapter)]


def note_sites(chapters) -> list[Location]:
    """Where each numbered note is called, in the order pandoc numbers them.

    A footnote call is one note; a bracketed group of citations ([@a; @b, 12]) is one note;
    citations inside a footnote's own text make no note of their own.
    """
    sites: list[Location] = []
    for chapter in chapters:
        in_definition = False
        for number, line in enumerate(chapter.lines, 1):
            if NOTE_DEF.match(line):
                in_definition = True
                continue
            if in_definition and (line.startswith(("    ", "\t")) or not line.strip()):
                continue
            in_definition = False
            sites += _sites_in_line(line, chapter.rel, number)
    return sites


def _sites_in_line(line: str, rel: str, number: int) -> list[Location]:
    text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    marks = [(m.start(), "note") for m in NOTE_REF.finditer(text)]
    marks += [(m.start(), "cite") for m in CITATION.finditer(_blank_urls(text))
              if not parse_key(m.group(1) or m.group(2))]  # a cross-reference makes no note
    sites, open_group = [], None
    for start, kind in sorted(marks):
        if kind == "cite" and open_group is not None and "]" not in text[open_group:start]:
            continue  # another key in the same bracket: the same note
        if kind == "cite":
            open_group = start
        sites.append(Location(rel, number, start + 1))
    return sites
