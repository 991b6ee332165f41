"""BibTeX, BibLaTeX and RIS files read by pandoc into CSL entries, in one extra process
that runs beside the main pandoc pass (source/bibliography.py reads CSL YAML and JSON)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from ..core.diagnostics import Location, Report
from ..source.bibliography import (
    BIBTEX_ENTRY,
    NAMES,
    RIS_ID,
    RIS_START,
    BibFile,
    csl_entry,
    entry_id,
    key_lines,
)

TIMEOUT = 60
# The Lua script that reads bibliographies; the main pass uses the same reading as a filter.
LUA = Path(__file__).resolve().parent / "read-bibliography.lua"


class Conversion:
    """One pandoc process reading every BibTeX, BibLaTeX and RIS file into CSL JSON."""

    def __init__(self, root: Path, files: tuple[BibFile, ...]):
        self.files = files
        todo = [f for f in files if f.by_pandoc]
        self.process = None
        if todo:
            from ..pandoc.run import pandoc_path

            args = [a for f in todo for a in (f.format, f.rel)]
            self.process = subprocess.Popen(
                [pandoc_path(), "lua", str(LUA), *args], cwd=root, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def result(self, report: Report) -> tuple[BibFile, ...]:
        """Every file with its entries; reading problems are reported."""
        converted: dict[str, dict] = {}
        if self.process is not None:
            try:
                out, err = self.process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                report.error("SZ601", f"pandoc did not read the bibliography in {TIMEOUT} s")
                return ()
            if self.process.returncode != 0:
                report.error("SZ602", "pandoc failed to read the bibliography: "
                             + err.decode("utf-8", "replace").strip())
                return ()
            converted = {item["path"]: item for item in json.loads(out)}
        files = []
        for f in self.files:
            if f.by_pandoc:
                f = _from_pandoc(f, converted.get(f.rel, {}))
            for code, message, where in f.problems:
                report.error(code, message, where)
            files.append(f)
        return tuple(files)


PANDOC_ERROR = re.compile(r"\(line (\d+), column (\d+)\):?\s*(.*)", re.S)


def _from_pandoc(f: BibFile, item: dict) -> BibFile:
    if "error" in item:
        return BibFile(f.rel, f.format, f.text, (), (_pandoc_problem(f, item["error"]),))
    data = json.loads(item.get("csl") or "[]")
    if f.format == "ris":
        ids = [m.group(1) for m in RIS_ID.finditer(f.text)]
        starts = [f.text.count("\n", 0, m.start()) + 1 for m in RIS_START.finditer(f.text)]
        lines = dict(zip(ids, starts, strict=False))
        types: dict[str, str] = {}
    else:
        lines = key_lines(f.text, BIBTEX_ENTRY, lambda m: m.group(2))
        types = {m.group(2): m.group(1).lower() for m in BIBTEX_ENTRY.finditer(f.text)}
    entries = tuple(csl_entry(e, Location(f.rel, lines.get(entry_id(e), 1), 1),
                              types.get(entry_id(e), "")) for e in data)
    return BibFile(f.rel, f.format, f.text, entries)


def _pandoc_problem(f: BibFile, message: str) -> tuple:
    """Pandoc's parse error, at the line it names ('Error at (line 5, column 1): ...')."""
    m = PANDOC_ERROR.search(message)
    if not m:
        return ("SZ307", f"pandoc cannot read this {NAMES[f.format]} file: {message.strip()}",
                Location(f.rel, 1, 1))
    line, column = int(m.group(1)), int(m.group(2))
    detail = m.group(3).strip().split("\n")[0]
    if detail.startswith("unexpected end of input") and f.format != "ris":
        opened = _entry_before(f.text, line + 1)
        if opened is not None:  # the last entry's brace: say which entry, at its line
            key, key_line = opened
            return ("SZ307", f"{NAMES[f.format]} syntax error: the entry '{key}' is never "
                    "closed: end it with '}' after its last field", Location(f.rel, key_line, 1))
    hint = ""
    if detail.startswith("unexpected '@'"):
        opened = _entry_before(f.text, line)
        hint = (f" (is the entry '{opened[0]}' above, at line {opened[1]}, closed with '}}'?)"
                if opened else " (is the entry above closed with '}'?)")
    return ("SZ307", f"{NAMES[f.format]} syntax error: {detail}{hint}",
            Location(f.rel, line, column))


def _entry_before(text: str, line: int) -> tuple[str, int] | None:
    """The key and line of the last entry that starts before the given line."""
    found = None
    for m in BIBTEX_ENTRY.finditer(text):
        start = text.count("\n", 0, m.start()) + 1
        if start >= line:
            break
        if m.group(1).lower() not in ("comment", "preamble", "string"):
            found = (m.group(2), start)
    return found
