"""The bibliography in any format pandoc reads for citeproc, as CSL entries with their lines.

CSL YAML and CSL JSON are read here; BibTeX, BibLaTeX and RIS are read by pandoc itself,
in one extra process for all of them that runs beside the main pandoc pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Location
from .yamlfile import YamlProblem, parse_yaml

# By file extension, as pandoc decides (pandoc's manual, "Citations").
BIBLIOGRAPHY_FORMATS = {".yaml": "csl-yaml", ".yml": "csl-yaml", ".json": "csljson",
                        ".bib": "biblatex", ".bibtex": "bibtex", ".ris": "ris"}
BY_PANDOC = ("biblatex", "bibtex", "ris")
NAMES = {"biblatex": "BibLaTeX", "bibtex": "BibTeX", "ris": "RIS"}

BIBTEX_ENTRY = re.compile(r"^[ \t]*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.M)
RIS_ID = re.compile(r"^ID  - (.+?)\s*$", re.M)
RIS_START = re.compile(r"^TY  - ", re.M)
JSON_ID = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Entry:
    """One work: its key, its CSL fields, where it is written, the BibTeX type if any."""

    key: str
    data: dict
    location: Location
    source_type: str = ""   # "misc" for a BibTeX @misc: pandoc leaves its CSL type empty


@dataclass(frozen=True)
class BibFile:
    """One bibliography file: its format, and its entries once read."""

    rel: str
    format: str
    text: str
    entries: tuple[Entry, ...] | None = None  # None until pandoc has read it
    problems: tuple = field(default=())       # (code, message, Location) found while reading

    @property
    def by_pandoc(self) -> bool:
        return self.format in BY_PANDOC


def bibliography_format(name: str) -> str | None:
    """The format a file name's extension says, or None."""
    return BIBLIOGRAPHY_FORMATS.get(Path(name).suffix.lower())


def parse_bibfile(rel: str, text: str) -> BibFile:
    """A CSL YAML or JSON file read at once; other formats wait for pandoc."""
    fmt = bibliography_format(rel)
    if fmt == "csl-yaml":
        return _parse_csl_yaml(rel, text)
    if fmt == "csljson":
        return _parse_csl_json(rel, text)
    return BibFile(rel, fmt, text)


def _parse_csl_yaml(rel: str, text: str) -> BibFile:
    try:
        data, lines, _ = parse_yaml(text)
    except YamlProblem as exc:
        return BibFile(rel, "csl-yaml", text, (), (
            (exc.code, exc.message, Location(rel, exc.line, exc.column)),))
    prefix: tuple = ()
    if isinstance(data, dict) and "references" in data:  # pandoc's `references:` form
        data, prefix = data["references"], ("references",)
    if not isinstance(data, list):
        return BibFile(rel, "csl-yaml", text, (), (
            ("SZ301", "the bibliography must be a list of CSL entries (or a 'references:' "
             "list)", Location(rel, 1, 1)),))
    entries = [csl_entry(item, Location(rel, lines.get(prefix + (i,), 1), 1))
               for i, item in enumerate(data)]
    return BibFile(rel, "csl-yaml", text, tuple(entries))


def _parse_csl_json(rel: str, text: str) -> BibFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return BibFile(rel, "csljson", text, (), (
            ("SZ301", f"malformed JSON: {exc.msg}", Location(rel, exc.lineno, exc.colno)),))
    if not isinstance(data, list):
        return BibFile(rel, "csljson", text, (), (
            ("SZ301", "the bibliography must be a JSON array of CSL entries",
             Location(rel, 1, 1)),))
    lines = key_lines(text, JSON_ID, lambda m: json.loads(f'"{m.group(1)}"'))
    entries = [csl_entry(item, Location(rel, lines.get(entry_id(item), 1), 1)) for item in data]
    return BibFile(rel, "csljson", text, tuple(entries))


def entry_id(item: Any) -> str:
    """A CSL item's key ('' for an item that is not a mapping or has none)."""
    return str(item.get("id") or "") if isinstance(item, dict) else ""


def csl_entry(item: Any, where: Location, source_type: str = "") -> Entry:
    """One CSL item as an Entry, found at where; source_type: its BibTeX or RIS type."""
    data = item if isinstance(item, dict) else {}
    return Entry(entry_id(item), data, where, source_type)


def key_lines(text: str, pattern: re.Pattern, key=lambda m: m.group(1)) -> dict[str, int]:
    """The line of each key's first appearance in the file."""
    lines: dict[str, int] = {}
    for m in pattern.finditer(text):
        lines.setdefault(key(m), text.count("\n", 0, m.start()) + 1)
    return lines
