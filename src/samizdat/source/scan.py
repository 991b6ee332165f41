"""Find citations, notes, images, links and raw HTML in the Markdown, with their lines.

Pandoc's HTML does not say where a construct came from; this scan does, so every
diagnostic can point into the file the author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Location
from .read import TextSource

CITATION = re.compile(r"(?<![\w@.\\])@(?:\{([^}]+)\}|(\w(?:[\w:.#$%&\-+?<>~/]*\w)?))")
NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)[^)]*\)(\{[^}]*\})?")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)")
AUTOLINK = re.compile(r"<((?:https?|ftp|file|javascript):[^>\s]*)>", re.I)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s|$)")
SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")


@dataclass(frozen=True)
class Found:
    kind: str        # citation, note-ref, note-def, image, link, tag
    value: str
    location: Location
    extra: str = ""  # for tags: the attributes


def scan_chapter(source: TextSource) -> list[Found]:
    found: list[Found] = []
    fence = None
    for number, line in enumerate(source.lines, 1):
        marker = FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        found.extend(_scan_line(text, source.rel, number))
        heading = ATX_HEADING.match(line)
        if heading:
            found.append(Found("heading", str(len(heading.group(1))), Location(source.rel, number)))
        elif SETEXT_H1.match(line) and number > 1 and source.lines[number - 2].strip():
            found.append(Found("heading", "1", Location(source.rel, number - 1)))
    return found


def _scan_line(text: str, rel: str, number: int) -> list[Found]:
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
        found.append(Found("citation", m.group(1) or m.group(2),
                           Location(rel, number, m.start() + 1)))
    for m in IMAGE.finditer(text):
        add("image", m, extra=m.group(2) or "")
    for m in LINK.finditer(text):
        add("link", m)
    for m in AUTOLINK.finditer(text):
        add("link", m)
    for m in RAW_TAG.finditer(text):
        if not m.group(1):  # a closing tag says nothing new
            add("tag", m, 2, m.group(3))
    return found


def _blank_urls(text: str) -> str:
    """Link targets and autolinks are not prose: an @ inside them is no citation."""
    text = re.sub(r"\]\([^)]*\)", lambda m: "](" + " " * (len(m.group(0)) - 2), text)
    return re.sub(r"<[a-z]+:[^>\s]*>", lambda m: " " * len(m.group(0)), text, flags=re.I)


def scan_book(chapters) -> list[Found]:
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
    marks += [(m.start(), "cite") for m in CITATION.finditer(_blank_urls(text))]
    sites, open_group = [], None
    for start, kind in sorted(marks):
        if kind == "cite" and open_group is not None and "]" not in text[open_group:start]:
            continue  # another key in the same bracket: the same note
        if kind == "cite":
            open_group = start
        sites.append(Location(rel, number, start + 1))
    return sites
