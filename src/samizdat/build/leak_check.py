"""The check after every build that the students' files show nothing only teachers may read.

Each withheld text is reduced to its distinctive runs of words: every run of four words
(letters and digits only, case folded, spaces dropped so hyphenation and markup cannot split
them) that the students' own text does not hold. One such run in a students' file is a leak;
in the teacher's files each withheld text must show at least one, so the check is known to
see what it looks for. A text with no run of its own cannot be checked, and the build says so.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from ..core.diagnostics import Report
from ..source.scan import CITATION, NOTE_REF

RUN = 4
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]*>")
ATTRIBUTE_VALUE = re.compile(r"""=\s*("[^"]*"|'[^']*')""")
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")
MARKUP = re.compile(r"\]\([^)]*\)|\{[^}]*\}|^\s*:{3,}.*$", re.M)
OUTPUTS = {"pdf": "PDF", "epub": "EPUB", "html": "web page", "record": "page record"}


def letters(text: str) -> str:
    """Text as compared: letters and digits only, case folded, no spaces."""
    return "".join(WORD.findall(text.casefold())).replace("_", "")


def words_of(markdown: str) -> list[str]:
    """The words a reader would see: no citation keys, note labels, attributes or URLs."""
    text = CITATION.sub(" ", NOTE_REF.sub(" ", MARKUP.sub(" ", markdown)))
    return [w for w in WORD.findall(text.casefold().replace("_", " "))]


def distinctive_runs(text: str, students: str) -> list[str]:
    """The text's runs of words (as letters) that the students' own text does not hold."""
    words = words_of(text)
    runs = ["".join(words[i:i + RUN]) for i in range(max(1, len(words) - RUN + 1))]
    return [r for r in dict.fromkeys(runs) if len(r) >= 8 and r not in students]


def output_text(kind: str, data: bytes) -> str:
    """Everything a reader or a program can find in a built file, as letters."""
    if kind == "pdf":
        return letters(pdf_text(data))
    if kind == "epub":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            texts = [markup_text(package.read(n).decode("utf-8", "replace"))
                     for n in package.namelist() if n.endswith((".xhtml", ".html", ".opf",
                                                                ".ncx", ".xml", ".smil"))]
        return letters(" ".join(texts))
    if kind == "html":
        return letters(markup_text(DATA_URI.sub(" ", data.decode("utf-8", "replace"))))
    return letters(data.decode("utf-8", "replace"))


def markup_text(markup: str) -> str:
    """The text of an (X)HTML or XML file with its attribute values (alt, title, content)."""
    def tag(match):
        return " " + " ".join(v[1:-1] for v in ATTRIBUTE_VALUE.findall(match.group(0))) + " "

    return html.unescape(TAG.sub(tag, markup))


def pdf_text(data: bytes) -> str:
    """The pages' text, the document information and XMP, and the bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    xmp = reader.trailer["/Root"].get("/Metadata")
    if xmp is not None:
        parts.append(markup_text(xmp.get_object().get_data().decode("utf-8", "replace")))

    def outline(items):
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                parts.append(str(item.title))
    outline(reader.outline)
    return " ".join(parts)


def check_leaks(withheld, visible: dict[bool, str], files: dict[str, bytes], edition: str,
                report: Report) -> None:
    """visible: the manuscript as the students' edition (False) and the teacher's (True)
    read it; files: (format, kind) -> bytes of this build, kind one of pdf, epub, html and
    record (a bare kind names the format too). SZ520 for a leak, SZ521 for a teacher's file
    that lacks a withheld text."""
    if not withheld:
        return
    own = {k: letters(" ".join(words_of(text))) for k, text in visible.items()}
    files = {(key, key) if isinstance(key, str) else key: data for key, data in files.items()}
    shown = {key: output_text(key[1], data) for key, data in files.items()}
    for item in withheld:
        # a comment in the teacher's edition may share words with a teacher block there
        runs = distinctive_runs(item.text, own[edition == "teacher" and not item.teacher])
        if not runs:
            report.note("SZ522", f"the {item.what} has no words of its own that the students' "
                        "text does not also hold: the leak check cannot tell it apart",
                        item.location)
            continue
        for key, text in shown.items():
            check_file(item, runs, key, text, edition, report)


def check_file(item, runs: list[str], key: tuple[str, str], text: str, edition: str,
               report: Report) -> None:
    """One withheld text against one file: none of its runs in the students' files (nor,
    for a comment, in the teacher's); at least one in each of the teacher's."""
    fmt, kind = key
    name = OUTPUTS[kind] if fmt == kind else f"{fmt} PDF"
    hits = [r for r in runs if r in text]
    if edition == "student" or not item.teacher:
        if hits:
            report.error("SZ520", f"the {item.what} here reached the {edition_name(edition)} "
                         f"{name} ({len(hits)} of its {len(runs)} runs of words, "
                         f"first: “{quote(item.text, hits[0])}”)", item.location)
    elif not hits and kind != "record":
        report.error("SZ521", f"the {item.what} here is missing from the teacher’s "
                     f"{name}", item.location)


def edition_name(edition: str) -> str:
    """The edition as a message names it."""
    return "students’" if edition == "student" else "teacher’s"


def quote(text: str, run: str) -> str:
    """The words of a run as written, for the message."""
    words = words_of(text)
    for i in range(len(words)):
        if "".join(words[i:i + RUN]) == run:
            return " ".join(words[i:i + RUN])
    return run

