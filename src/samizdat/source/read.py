"""Read the book folder: metadata, chapters, bibliography and timeline. Nothing else reads input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import BookError, Location, Report, relative
from .bibliography import FORMATS, BibFile, bibliography_format, parse_bibfile
from .inputs import MANUSCRIPT_DIR, METADATA_FILE
from .metadata import Metadata, parse_metadata
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
    rel: str
    data: Any
    lines: dict = field(default_factory=dict)  # key path tuple -> 1-based line

    def line(self, *path) -> int:
        return self.lines.get(tuple(path), 1)


@dataclass(frozen=True)
class Sources:
    root: Path
    metadata: Metadata
    chapters: tuple[TextSource, ...]
    bibliography: tuple[BibFile, ...]   # entries of CSL YAML/JSON files; the rest after pandoc
    timeline: YamlSource | None

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
    meta_source = load_yaml(root / METADATA_FILE, root, report)
    if meta_source is None:
        raise BookError(report)
    metadata = parse_metadata(meta_source.data, meta_source.lines, meta_source.rel, report)
    if metadata is None:
        raise BookError(report)
    chapters = tuple(load_chapters(root, metadata, meta_source, report))
    bibliography = load_bibliography(root, metadata, meta_source, report)
    timeline = _load_optional(root, metadata.timeline, "timeline", meta_source, report)
    if report.has_errors:
        raise BookError(report)
    return Sources(root, metadata, chapters, bibliography, timeline)


def load_chapters(root: Path, metadata: Metadata, meta: YamlSource,
                  report: Report) -> list[TextSource]:
    if metadata.chapters:
        paths = []
        for name in metadata.chapters:
            path = root / name
            if path.is_file():
                paths.append(path)
            else:
                report.error("SZ107", f"chapter file '{name}' does not exist",
                             Location(meta.rel, meta.line("chapters"), 1))
    else:
        paths = sorted((root / MANUSCRIPT_DIR).glob("*.md"))
    chapters = []
    for path in paths:
        text = read_text(path, root, report)
        if text is not None:
            chapters.append(TextSource(relative(path, root), text))
    if not paths:
        report.error("SZ111", f"the manuscript is empty: no chapter files in {MANUSCRIPT_DIR}/",
                     Location(meta.rel))
    elif chapters and not any(c.text.strip() for c in chapters):
        report.error("SZ111", "the manuscript is empty: the chapter files hold no text",
                     Location(chapters[0].rel))
    return chapters


def _load_optional(root, name, key, meta: YamlSource, report: Report) -> YamlSource | None:
    if not name:
        return None
    path = root / name
    if not path.is_file():
        report.error(
            "SZ107", f"{key} file '{name}' does not exist", Location(meta.rel, meta.line(key), 1))
        return None
    return load_yaml(path, root, report)


def read_text(path: Path, root: Path, report: Report) -> str | None:
    """UTF-8 text, or an error naming the byte offset where decoding failed."""
    rel = relative(path, root)
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
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def load_yaml(path: Path, root: Path, report: Report) -> YamlSource | None:
    rel = relative(path, root)
    if not path.is_file():
        report.error("SZ107", "file not found", Location(rel))
        return None
    text = read_text(path, root, report)
    if text is None:
        return None
    try:
        data, lines = parse_yaml(text)
    except YamlProblem as exc:
        report.error("SZ110", f"malformed YAML: {exc.problem}",
                     Location(rel, exc.line, exc.column))
        return None
    return YamlSource(rel, data, lines)


def load_bibliography(root: Path, metadata: Metadata, meta: YamlSource,
                      report: Report) -> tuple[BibFile, ...]:
    """Each bibliography file's text; CSL YAML and JSON are parsed now, the rest by pandoc."""
    files = []
    for name in metadata.bibliography:
        where = Location(meta.rel, meta.line("bibliography"), 1)
        path = root / name
        if bibliography_format(name) is None:
            kinds = ", ".join(sorted(FORMATS))
            report.error("SZ114", f"bibliography file '{name}' is not a kind pandoc reads: "
                         f"use {kinds}", where)
        elif not path.is_file():
            report.error("SZ107", f"bibliography file '{name}' does not exist", where)
        else:
            text = read_text(path, root, report)
            if text is not None:
                files.append(parse_bibfile(relative(path, root), text))
    return tuple(files)


def bibliography_groups(files) -> dict[str, str]:
    """The `group` shorthand of CSL YAML/JSON: each grouped key with its group's title."""
    return {e.key: str(e.data["group"]) for f in files for e in f.entries or ()
            if e.key and e.data.get("group")}
