"""Read the book folder: metadata, chapters, bibliography and timeline. Nothing else reads input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import BookError, Location, Report, relative
from ..core.metadata import Metadata, parse_metadata
from .bibliography import BibFile, parse_bibfile
from .csl import note_style_kind, resolve_csl
from .inputs import MANUSCRIPT_DIR, METADATA_FILE, STYLES_DIR, book_inputs, unnameable
from .nesting import check_nesting
from .paths import check_folder_files, check_paths, special_kind
from .yamlfile import YamlProblem, parse_yaml


@dataclass(frozen=True)
class TextSource:
    """One file the author wrote, with its path relative to the book folder."""

    rel: str
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True)
class YamlSource:
    """A YAML file's data, with the line and column of every key and value."""

    rel: str
    data: Any
    lines: dict = field(default_factory=dict)  # key path tuple -> 1-based line
    columns: dict = field(default_factory=dict)  # key path tuple -> (line, column) of the value

    def line(self, *path) -> int:
        return self.lines.get(tuple(path), 1)

    def place(self, *path) -> Location:
        """Where the value at a key path is written (a list item's own line and column)."""
        line, column = self.columns.get(tuple(path), (self.line(*path), 1))
        return Location(self.rel, line, column)


@dataclass(frozen=True)
class Sources:
    """Every input of the book, read and checked, before pandoc runs."""

    root: Path
    metadata: Metadata
    chapters: tuple[TextSource, ...]
    bibliography: tuple[BibFile, ...]   # entries of CSL YAML/JSON files; the rest after pandoc
    timeline: YamlSource | None
    csl: Path | None = None  # the checked style file pandoc is given

    @property
    def manuscript_dir(self) -> Path:
        return self.root / MANUSCRIPT_DIR

    @property
    def manuscript_rel(self) -> str:
        return MANUSCRIPT_DIR

    def resolve(self, src: str) -> Path | None:
        """A manuscript-relative path inside the book folder, or None if it leads out."""
        if "://" in src or src.startswith(("/", "file:", "data:")):
            return None
        path = (self.manuscript_dir / src).resolve()
        root = self.root.resolve()
        return path if path == root or root in path.parents else None

    def has_image(self, src: str) -> bool:
        path = self.resolve(src)
        return path is not None and path.is_file()


def load_sources(root: Path, report: Report) -> Sources:
    """Read every input, reporting all problems; raise BookError if nothing can be built."""
    root = Path(root)
    if not check_folder_files(root, [root / METADATA_FILE], report):
        raise BookError(report)
    check_folder_files(root, sorted((root / STYLES_DIR).glob("*.css")), report)
    meta_source = load_yaml(root / METADATA_FILE, root, report)
    if meta_source is None:
        raise BookError(report)
    metadata = parse_metadata(meta_source.data, meta_source.lines, meta_source.rel, report,
                              meta_source.columns)
    if metadata is None:
        raise BookError(report)
    check_input_names(root, report)
    csl = load_csl(root, metadata, meta_source, report)
    chapters = tuple(load_chapters(root, metadata, meta_source, report))
    bibliography = load_bibliography(root, metadata, meta_source, report)
    timeline = _load_optional(root, metadata.timeline, "timeline", meta_source, report)
    if report.has_errors:
        raise BookError(report)
    return Sources(root, metadata, chapters, bibliography, timeline, csl)


def check_input_names(root: Path, report: Report, inputs=None) -> None:
    """Every file of the book has a name make can be given in build/.deps."""
    for path in book_inputs(root) if inputs is None else inputs:
        rel = relative(path, root)
        reason = unnameable(rel)
        if reason:
            report.error("SZ239", f"the file name {rel!r} holds {reason}, which make cannot "
                         "name: rename the file", Location(rel.replace("\n", "\\n")))


def load_csl(root: Path, metadata: Metadata, meta: YamlSource, report: Report) -> Path | None:
    """The style file: a bundled style's or one in the book, checked like every path."""
    path = resolve_csl(root, metadata.csl, meta.place("csl"), report)
    if path is not None and metadata.bibliography:
        note_style_kind(metadata.csl, path, meta.place("csl"), report)
    return path


def load_chapters(root: Path, metadata: Metadata, meta: YamlSource,
                  report: Report) -> list[TextSource]:
    """The chapter files, as metadata.yaml lists them or manuscript/*.md in name order."""
    if metadata.chapters:
        paths = check_paths(root, "chapters", list(metadata.chapters),
                            lambda *i: meta.place("chapters", *i), report)
    else:
        paths = check_folder_files(root, sorted((root / MANUSCRIPT_DIR).glob("*.md")), report)
    chapters = []
    for path in paths:
        text = read_text(path, root, report)
        if text is not None:
            chapters.append(TextSource(relative(path, root), text))
            check_control_characters(chapters[-1].rel, text, report)
            check_nesting(chapters[-1].rel, text, report)
            check_yaml_blocks(chapters[-1].rel, text, report)
    if not paths:
        report.error("SZ111", f"the manuscript is empty: no chapter files in {MANUSCRIPT_DIR}/",
                     Location(meta.rel))
    elif chapters and not any(c.text.strip() for c in chapters):
        report.error("SZ111", "the manuscript is empty: the chapter files hold no text",
                     Location(chapters[0].rel))
    return chapters


# C0 controls but tab and line feed: no XHTML may hold them, and no font prints them
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def check_control_characters(rel: str, text: str, report: Report) -> None:
    """An error at the first NUL or other control character of a chapter (a binary file
    would give thousands)."""
    found = CONTROL.search(text)
    if found:
        char = found.group()
        name = "a NUL byte" if char == "\x00" else f"the control character U+{ord(char):04X}"
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        report.error("SZ237", f"{name}: no edition can print it (delete it; it is often left "
                     "by a broken copy or a damaged file)", Location(rel, line, column))


# A YAML metadata block as pandoc finds one in Markdown: --- not followed by a blank line,
# at the start or after a blank line, closed by --- or ...
YAML_BLOCK = re.compile(r"(?:\A|\n\n)(---[ \t]*\n(?![ \t]*\n))(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)",
                        re.S)


def check_yaml_blocks(rel: str, text: str, report: Report) -> None:
    """A YAML block in a chapter is read by pandoc, which writes out every alias: one that
    would expand beyond the budget is refused here, at its line (pandoc reports the rest)."""
    for block in YAML_BLOCK.finditer(text):
        try:
            parse_yaml(block.group(2))
        except YamlProblem as exc:
            if exc.code == "SZ110":
                continue  # not YAML after all, or pandoc's to report
            first = text.count("\n", 0, block.start(2)) + 1
            report.error(exc.code, exc.message,
                         Location(rel, first + exc.line - 1, exc.column))


def _load_optional(root, name, key, meta: YamlSource, report: Report) -> YamlSource | None:
    if not name:
        return None
    paths = check_paths(root, key, name, lambda *i: meta.place(key, *i), report)
    return load_yaml(paths[0], root, report) if paths else None


def read_text(path: Path, root: Path, report: Report) -> str | None:
    """UTF-8 text, or an error naming the byte offset where decoding failed."""
    rel = relative(path, root)
    kind = special_kind(path)
    if kind:  # opening a named pipe waits for a writer
        report.error("SZ128", f"this is {kind}, not a file: samizdat reads only plain files",
                     Location(rel))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error("SZ108", f"cannot read file: {exc.strerror}", Location(rel))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error("SZ109", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
                     "(save the file as UTF-8)", Location(rel, line, column))
        return None
    # Windows' CR LF and old Macs' lone CR both end lines
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(path: Path, root: Path, report: Report) -> YamlSource | None:
    """A YAML file with its lines, or an error at the place it is malformed."""
    rel = relative(path, root)
    if not path.exists():
        report.error("SZ107", "file not found", Location(rel))
        return None
    text = read_text(path, root, report)
    if text is None:
        return None
    try:
        data, lines, columns = parse_yaml(text)
    except YamlProblem as exc:
        report.error(exc.code, exc.message,
                     Location(rel, exc.line, exc.column))
        return None
    return YamlSource(rel, data, lines, columns)


def load_bibliography(root: Path, metadata: Metadata, meta: YamlSource,
                      report: Report) -> tuple[BibFile, ...]:
    """Each bibliography file's text, its path checked first; CSL YAML and JSON are parsed
    now, the rest by pandoc."""
    if not metadata.bibliography:
        return ()
    paths = check_paths(root, "bibliography", meta.data.get("bibliography"),
                        lambda *i: meta.place("bibliography", *i), report)
    files = []
    for path in paths:
        text = read_text(path, root, report)
        if text is not None:
            files.append(parse_bibfile(relative(path, root), text))
    for code, message, where in (p for f in files for p in f.problems if p[0] == "SZ127"):
        report.error(code, message, where)  # now: pandoc, which would expand it, never starts
    return tuple(files)


def bibliography_groups(files) -> dict[str, str]:
    """The `group` shorthand of CSL YAML/JSON: each grouped key with its group's title."""
    return {e.key: str(e.data["group"]) for f in files for e in f.entries or ()
            if e.key and e.data.get("group")}
