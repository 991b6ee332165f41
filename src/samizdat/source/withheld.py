"""What the students' edition must not show, gathered from the manuscript before pandoc runs:
the teacher and answer blocks, HTML comments, and the notes and works only they cite."""

from __future__ import annotations

import re

from ..core.diagnostics import Report
from .classroom_blocks import FENCE, Withheld, check_blocks, scan_blocks, withheld_texts
from .scan import CITATION, NOTE_REF

NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:(.*)$")


def gather_withheld(chapters, bibliography, nocite, report: Report) -> tuple[Withheld, ...]:
    """Check the classroom blocks of every chapter; return what only teachers may read."""
    withheld: list[Withheld] = []
    for chapter in chapters:
        text = without_code(chapter.text)
        blocks = scan_blocks(chapter.rel, text)
        check_blocks(blocks, report)
        withheld += withheld_texts(chapter.rel, text, blocks)
    if not withheld:
        return ()
    student = students_text([c.text for c in chapters], withheld)
    withheld += only_cited_by(withheld, student, bibliography, set(nocite))
    withheld += notes_only_called_by(withheld, student, chapters)
    return tuple(withheld)


def without_code(text: str) -> str:
    """The text with fenced code blanked (line for line): a ':::' or '<!--' there is code."""
    lines, fence = text.split("\n"), None
    for i, line in enumerate(lines):
        marker = FENCE.match(line)
        if fence or marker:
            if fence is None:
                fence = marker.group(1)
            elif marker and marker.group(1)[0] == fence[0]:
                fence = None
            lines[i] = ""
    return "\n".join(lines)


def students_text(texts, withheld) -> str:
    """The manuscript as the students' edition reads it: the withheld texts cut out."""
    text = "\n".join(texts)
    for item in withheld:
        if item.text:
            text = text.replace(item.text, "")
    return text


def only_cited_by(withheld, student: str, bibliography, nocite: set) -> list[Withheld]:
    """The titles of works only a withheld block cites (and the reading list does not list)."""
    if "*" in nocite:
        return []
    cited = {m.group(1) or m.group(2) for m in CITATION.finditer(student)} | nocite
    titles = {e.key: str(e.data.get("title") or "") for f in bibliography
              for e in (f.entries or ())}
    out, seen = [], set()
    for item in withheld:
        for match in CITATION.finditer(item.text):
            key = match.group(1) or match.group(2)
            if key not in cited and titles.get(key) and key not in seen:
                seen.add(key)
                out.append(Withheld(f"work '{key}' cited only there", titles[key],
                                    item.location, item.teacher))
    return out


def notes_only_called_by(withheld, student: str, chapters) -> list[Withheld]:
    """The texts of footnotes that only a withheld block calls."""
    called = set(NOTE_REF.findall(student))
    out = []
    for item in withheld:
        for label in dict.fromkeys(NOTE_REF.findall(item.text)):
            text = note_definition(chapters, label)
            if label not in called and text:
                out.append(Withheld(f"note '[^{label}]' called only there", text,
                                    item.location, item.teacher))
    return out


def note_definition(chapters, label: str) -> str:
    """A footnote's text: its first line and the indented lines after it."""
    for chapter in chapters:
        lines = chapter.text.split("\n")
        for i, line in enumerate(lines):
            match = NOTE_DEF.match(line)
            if match and match.group(1) == label:
                body = [match.group(2)]
                for more in lines[i + 1:]:
                    if more.strip() and not more.startswith(("    ", "\t")):
                        break
                    body.append(more)
                return "\n".join(body).strip()
    return ""
