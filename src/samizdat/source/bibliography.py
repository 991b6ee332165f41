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
    if fmt in ("bibtex", "biblatex"):
        problem = macro_problem(rel, text)
        if problem:  # pandoc never reads it: its expansion would take the machine's memory
            return BibFile(rel, fmt, text, (), (problem,))
    return BibFile(rel, fmt, text)


# BibTeX's @string macros: each may join others with #, as YAML aliases do, and pandoc
# writes every one out: nine levels of ten make a billion letters
STRING_MACRO = re.compile(r"@string\s*[{(]\s*([^\s=#{}(),\"]+)\s*=", re.I)
MACRO_USE = re.compile(r"(?:=|#)\s*([A-Za-z_][^\s=#{}(),\"]*)")
MACRO_BUDGET = 1_000_000  # letters the macros of one file may stand for, all uses together


def macro_problem(rel: str, text: str):
    """(SZ127, message, Location) when the file's macros would expand beyond MACRO_BUDGET
    letters, at the use that breaks it; else None."""
    bodies = {}
    for m in STRING_MACRO.finditer(text):  # a definition runs to the next @ entry
        end = text.find("@", m.end())
        bodies[m.group(1).lower()] = text[m.end():end if end >= 0 else len(text)]
    sizes: dict[str, int] = {}

    def size(name: str) -> int:
        if name not in bodies:
            return len(name)  # jan, a month, or a word pandoc reports itself
        if name not in sizes:
            sizes[name] = MACRO_BUDGET + 1  # a macro inside itself
            used = [use.group(1).lower() for use in MACRO_USE.finditer(bodies[name])]
            sizes[name] = min(len(bodies[name]) + sum(size(u) for u in used), MACRO_BUDGET + 1)
        return sizes[name]

    total = 0
    for use in MACRO_USE.finditer(text):
        total += size(use.group(1).lower())
        if total > MACRO_BUDGET:
            line = text.count("\n", 0, use.start(1)) + 1
            column = use.start(1) - (text.rfind("\n", 0, use.start(1)) + 1) + 1
            return ("SZ127", f"the @string macro '{use.group(1)}' makes the file's macros "
                    f"stand for more than {MACRO_BUDGET} letters: write the text out instead "
                    "of joining macros with #", Location(rel, line, column))
    return None


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
