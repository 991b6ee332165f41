"""What pandoc's BibLaTeX-to-CSL mapping would lose: entry types citeproc prints wrongly and
fields it drops without a word, each a warning at the entry's line in the .bib file."""

from __future__ import annotations

import re
import unicodedata

from ..core.diagnostics import Report
from .bibliography import BIBTEX_ENTRY, BibFile

# BibLaTeX types whose CSL type notes styles print wrongly, and what to write instead.
TYPES = {
    "letter": ("becomes a CSL personal communication, which notes styles leave out of the "
               "reading list", "@misc with howpublished = {Carta}"),
}
# Fields that print in a note when pandoc carries them; metadata such as file or abstract
# is left out on purpose and never reported.
PRINTED = ("eid", "issue", "issuetitle", "issuesubtitle", "journalsubtitle", "number",
           "volume", "pages", "edition", "series", "howpublished", "institution",
           "organization", "venue", "version", "part", "chapter", "titleaddon", "addendum",
           "publisher", "location", "address", "type")
FIELD = re.compile(r"[\s,]*([A-Za-z]+)\s*=\s*")
LATEX = re.compile(r"\\[A-Za-z]+|\\.|[{}]")


def check_mapping(files: tuple[BibFile, ...], report: Report) -> None:
    """Every BibTeX and BibLaTeX entry: its type, and each printed field in its CSL form."""
    for f in files:
        if f.format not in ("biblatex", "bibtex") or not f.entries:
            continue
        by_key = {e.key: e for e in f.entries}
        for kind, key, fields in bib_entries(f.text):
            entry = by_key.get(key)
            if entry is None:
                continue
            if kind in TYPES:
                what, instead = TYPES[kind]
                report.warning("SZ320", f"@{kind} '{key}' {what}: write it as {instead}",
                               entry.location)
            carried = plain(" ".join(_values(entry.data)))
            lost = [name for name, value in fields if name in PRINTED and plain(value)
                    and plain(value) not in carried and not _type_key(name, value)]
            if lost:
                names = ", ".join(f"'{n}'" for n in lost)
                them = "them" if len(lost) > 1 else "it"
                report.warning(
                    "SZ321", f"@{kind} '{key}': pandoc's mapping to CSL drops {names}, so the "
                    f"notes would not print {them} (move {them} into a field the type has, "
                    "such as 'note')", entry.location)


def bib_entries(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each entry's type, key and (field, raw value) pairs, in the order of the file."""
    matches = list(BIBTEX_ENTRY.finditer(text))
    entries = []
    for m, after in zip(matches, [*matches[1:], None], strict=True):
        body = text[m.end():after.start() if after else len(text)]
        entries.append((m.group(1).lower(), m.group(2), _fields(body)))
    return entries


def _fields(body: str) -> list[tuple[str, str]]:
    """name = value pairs read in order, one line each or all on one line."""
    fields, at = [], 0
    while (m := FIELD.match(body, at)) is not None:
        value, at = _value(body, m.end())
        fields.append((m.group(1).lower(), value))
    return fields


def _value(body: str, start: int) -> tuple[str, int]:
    """A field's value (braces balanced, or quoted, or a bare word) and where it ends."""
    if start < len(body) and body[start] in "{\"":
        closing, depth = "}" if body[start] == "{" else "\"", 0
        for i in range(start, len(body)):
            c = body[i]
            depth += (c == "{") - (c == "}")
            if (closing == "}" and depth == 0) or (closing == "\"" and i > start and c == "\""
                                                    and depth == 0):
                return body[start + 1:i], i + 1
        return body[start + 1:], len(body)
    word = re.match(r"[^,}\s]*", body[start:]).group(0)
    return word, start + len(word)


def _type_key(name: str, value: str) -> bool:
    """type = {techreport}: a BibLaTeX key that pandoc prints as its words ("technical
    report"), not lost."""
    return name == "type" and re.fullmatch(r"[a-z]+", value.strip()) is not None


def plain(text: str) -> str:
    """ASCII letters and digits only (accents, ß and LaTeX commands dropped), lower case."""
    text = unicodedata.normalize("NFKD", LATEX.sub("", text))
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _values(data) -> list[str]:
    if isinstance(data, dict):
        return [v for value in data.values() for v in _values(value)]
    if isinstance(data, list):
        return [v for value in data for v in _values(value)]
    return [str(data)]
