"""Find citations, notes, images, links and raw HTML in the Markdown, with their lines.

Pandoc's HTML does not say where a construct came from; this scan does, so every
diagnostic can point into the file the author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Location
from .load import TextSource

CITATION = re.compile(r"(?<![\w@.\\])@(?:\{([^}]+)\}|(\w(?:[\w:.#$%&\-+?<>~/]*\w)?))")
NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
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
        add("image", m)
    for m in LINK.finditer(text):
        add("link", m)
    for m in AUTOLINK.finditer(text):
        add("link", m)
    for m in RAW_TAG.finditer(text):
        add("tag", m, 2, m.group(3))
    return found


def _blank_urls(text: str) -> str:
    """Link targets and autolinks are not prose: an @ inside them is no citation."""
    blank = lambda m: m.group(0)[:2] + " " * (len(m.group(0)) - 2)  # noqa: E731
    text = re.sub(r"\]\([^)]*\)", blank, text)
    return re.sub(r"<[a-z]+:[^>\s]*>", lambda m: " " * len(m.group(0)), text, flags=re.I)


def scan_book(chapters) -> list[Found]:
    return [f for chapter in chapters for f in scan_chapter(chapter)]
