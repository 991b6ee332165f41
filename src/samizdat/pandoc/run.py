"""The pypandoc boundary: one pandoc call per build, its log turned into diagnostics."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from ..core.classroom_words import words
from ..core.diagnostics import BookError, Location, Report
from ..core.labels import RESERVED
from ..core.language import language
from ..source.bibliography import BibFile
from ..source.csl import bundled_style, pandoc_style
from ..source.footnotes import author_label
from ..source.legal import mended_copy
from ..source.load import Sources
from .tex_math import report_unreadable_math

TIMEOUT = 300


def pandoc_path() -> str:
    """The binary shipped in the pypandoc-binary wheel, found without importing pypandoc
    (whose import costs more than a small pandoc run)."""
    spec = importlib.util.find_spec("pypandoc")
    bundled = Path(spec.origin).parent / "files" / "pandoc" if spec and spec.origin else None
    if bundled and bundled.is_file():
        return str(bundled)
    import pypandoc

    return pypandoc.get_pandoc_path()


def csl_path(name: str) -> Path | None:
    """The bundled style file for a style name, or None."""
    return bundled_style(name)


LUA_DIR = Path(__file__).parent
QUOTES_LUA = LUA_DIR / "language-quotes.lua"
# The edition's filter: before --citeproc, so each edition numbers its own notes
EDITION_LUA = LUA_DIR / "edition.lua"
XREF_FILTER = LUA_DIR / "crossref.lua"
FORMULAS_LUA = LUA_DIR / "formulas.lua"

# What each filter acts on can only come from text that holds these (case-insensitive): an
# HTML comment, or a div (fenced or HTML) with a class the edition filter knows; a citation
# key with a reserved prefix (@fig-a, @{tbl-b}) or an equation's label; a formula between
# dollars. Each filter walks the whole document in Lua: on a book without them, most of
# pandoc's time.
CLASSES = r"\b(?:teacher|answer|question)\b"
PREFIXES = "|".join(map(re.escape, RESERVED))
NEEDS = ((EDITION_LUA, re.compile(rf"<!--|:::[^\n]*{CLASSES}|<div\b[^>]*{CLASSES}", re.I)),
         (XREF_FILTER, re.compile(rf"@\{{?(?:{PREFIXES})-|\{{#eq-", re.I)),
         (FORMULAS_LUA, re.compile(r"\$")))


def lua_filters(markdown: list[str]) -> list[Path]:
    """The filters, in their order, that the Markdown pandoc reads gives work to; the
    quotes' filter always (a quotation needs no mark to find it)."""
    return [QUOTES_LUA, *(lua for lua, needs in NEEDS
                          if any(needs.search(text) for text in markdown))]


def pandoc_args(sources: Sources, inputs: list[str], tmp: Path | None = None,
                markdown: list[str] | None = None) -> list[str]:
    """Only paths the loader checked: the chapters (or their stand-ins), the bibliography
    inside the book, the style file checked or bundled; the language and its quotes. With
    a temporary folder, the style and the CSL files pandoc reads are samizdat's mended
    copies of them, written there (source/csl.py, source/legal.py). markdown, the texts
    pandoc reads, leaves out the filters they give no work to; without it, all run."""
    meta = sources.metadata
    filters = lua_filters(markdown) if markdown is not None else [
        QUOTES_LUA, *(lua for lua, _ in NEEDS)]
    # --sandbox: pandoc reads only the files named here (no \include, no fetched resource)
    # ascii_identifiers: heading anchors without accents, which every reader's links follow
    # the cross-references' filter before citeproc: cross-references are no citations
    args = [*inputs, "--from=markdown+ascii_identifiers", "--to=html5", "--section-divs",
            "--wrap=none", "--mathml", "--sandbox", f"--metadata=lang:{language(meta.lang).tag}",
            *(f"--lua-filter={lua}" for lua in filters)]
    if sources.bibliography:
        if any(f.by_pandoc for f in sources.bibliography):
            args.append(f"--lua-filter={LUA_DIR / 'read-bibliography.lua'}")
        args += [f"--bibliography={_bibliography(f, i, tmp)}"
                 for i, f in enumerate(sources.bibliography) if not f.by_pandoc]
        style = sources.csl if tmp is None else pandoc_style(sources.csl, tmp, meta.lang)
        args += ["--citeproc", f"--csl={style}"]
    return args


def _bibliography(f: BibFile, index: int, tmp: Path | None) -> str:
    """A CSL file as the book has it, or its copy with legal entries mended."""
    if tmp is None:
        return f.rel
    copy = mended_copy([e.data for e in f.entries or ()], f.format, tmp, f"bibliography-{index}")
    return str(copy) if copy else f.rel


TIMELINE_DIV = "samizdat-timeline-texts"


def timeline_markdown(sources: Sources) -> str:
    """One div per timeline event, in order, holding its text as Markdown."""
    data = sources.timeline.data if sources.timeline else None
    if not isinstance(data, list) or not data:
        return ""
    texts = [str(item.get("text") or "") if isinstance(item, dict) else "" for item in data]
    events = "".join(f"::: event\n{' '.join(text.split())}\n:::\n\n" for text in texts)
    return f"\n\n::: {{#{TIMELINE_DIV}}}\n{events}:::\n"


class PandocRun:
    """One pandoc process, started at once; the caller may do other work (imports) meanwhile.

    texts holds the chapters whose text differs from the file (a reading list's keys blanked):
    pandoc reads those from a temporary copy, and its messages name the chapter again.
    """

    def __init__(self, sources: Sources, nocite: list[str], texts: dict[str, str],
                 edition: str = "student"):
        self.folder = tempfile.TemporaryDirectory(prefix="samizdat-")
        tmp = Path(self.folder.name)
        self.log_path, self.out_path = tmp / "log.json", tmp / "body.html"
        self.renamed = {}
        inputs, markdown = [], [texts.get(c.rel, c.text) for c in sources.chapters]
        for i, chapter in enumerate(sources.chapters):
            if chapter.rel in texts:
                copy = tmp / f"chapter-{i}.md"
                copy.write_text(texts[chapter.rel], "utf-8")
                self.renamed[str(copy)] = chapter.rel
                inputs.append(str(copy))
            else:
                inputs.append(chapter.rel)
        # the temporary folder as pandoc's data folder: it reads no user data from home
        events = timeline_markdown(sources)
        command = [pandoc_path(), *pandoc_args(sources, inputs, tmp, [*markdown, events]),
                   f"--data-dir={tmp}", f"--log={self.log_path}", f"--output={self.out_path}"]
        if events:
            # the timeline's texts ride in the same pass, after the last chapter, so they
            # get the manuscript's smart quotes and inline Markdown (assemble takes them out)
            (tmp / "timeline.md").write_text(events, "utf-8")
            command.insert(1 + len(sources.chapters), str(tmp / "timeline.md"))
        if sources.bibliography and nocite:
            # a metadata file is read as Markdown, so these are real citations
            meta = tmp / "reading-list.yaml"
            meta.write_text("nocite: '" + ", ".join(f"@{k}" for k in nocite) + "'\n")
            command.append(f"--metadata-file={meta}")
        env = dict(os.environ, SAMIZDAT_XREF_PREFIXES="|".join(RESERVED),
                   SAMIZDAT_QUOTES="|".join(language(sources.metadata.lang).quotes),
                   SAMIZDAT_BIBLIOGRAPHY=json.dumps(
                       [[f.format, f.rel] for f in sources.bibliography if f.by_pandoc]),
                   SAMIZDAT_EDITION=edition, SAMIZDAT_ANSWERS=sources.metadata.answers,
                   SAMIZDAT_ANSWER_KEY=words(sources.metadata.lang).answer_key)
        self.process = subprocess.Popen(command, cwd=sources.root, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        env=env)

    def __enter__(self) -> PandocRun:
        return self

    def __exit__(self, *exc) -> None:
        """Stop a run whose result is not wanted (the checks failed) and clean up."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()

    def result(self, report: Report, found=()) -> str:
        """Markdown to one HTML body (sections, citations as notes, notes at the end);
        found (the scan) places the log entries pandoc gives no line for."""
        try:
            _, stderr = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            report.error("SZ601", f"pandoc did not finish within {TIMEOUT} s")
            raise BookError(report) from None
        log = json.loads(self.log_path.read_text("utf-8")) if self.log_path.exists() else []
        read_log(log, report, self.renamed, found)
        if self.process.returncode != 0:
            report.error("SZ602", "pandoc failed: " + stderr.decode("utf-8", "replace").strip())
            raise BookError(report)
        return self.out_path.read_text("utf-8")


def read_log(entries: list[dict], report: Report, renamed: dict[str, str] | None = None,
             found=()) -> None:
    """Pandoc's warnings in samizdat's format; citation problems are reported by the checks,
    TeX math pandoc cannot read is an error at its formula (tex_math.py)."""
    math: dict[str, list[Location]] = {}
    for item in found:
        if item.kind == "math":
            math.setdefault(" ".join(item.value.split()), []).append(item.location)
    for entry in entries:
        if entry.get("verbosity") != "WARNING" or entry.get("type") == "CiteprocWarning":
            continue
        if entry.get("type") == "CouldNotConvertTeXMath":  # pandoc would print the TeX
            tex = str(entry.get("contents", ""))
            sites = math.get(" ".join(tex.split()), [])
            report_unreadable_math(tex, str(entry.get("message", "")), report,
                                   sites.pop(0) if sites else None)
            continue
        location = None
        if entry.get("source"):
            source = (renamed or {}).get(entry["source"], entry["source"])
            location = Location(source, entry.get("line", 0), entry.get("column", 0))
        message = entry.get("pretty", entry.get("type", "pandoc warning"))
        kind = entry.get("type")
        label = author_label(str(entry.get("key") or entry.get("contents") or "?"))
        if kind == "NoteDefinedButNotUsed":
            message = f"footnote '[^{label}]' is defined but never referenced"
        elif kind == "DuplicateNoteReference":  # pandoc keeps one and drops the other silently
            report.error(
                "SZ205", f"footnote '[^{label}]' is defined more than once: give each note "
                "its own label", location)
            continue
        elif location:
            message = message.split(" at " + entry["source"])[0]
        report.warning("SZ603", message, location)
