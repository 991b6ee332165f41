"""Diagnostics: what went wrong, where, and how to print it like a compiler.

Every diagnostic carries a code from codes.CODES. Imports nothing from samizdat but codes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .codes import CODES

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file the author wrote; the path is relative to the book folder."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: its severity, its code (codes.CODES), the message and where it is."""

    severity: str
    code: str
    message: str
    location: Location | None = None

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code}")

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}[{self.code}]: {self.message}"

    def sort_key(self) -> tuple:
        """Files, then lines, then errors before warnings."""
        loc = self.location or Location("")
        return (loc.path, loc.line, loc.column, SEVERITIES.index(self.severity), self.message)


@dataclass
class Report:
    """Collects diagnostics from every stage; nothing is printed until the end."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        """Keep a diagnostic once, however often a stage finds it."""
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    def error(self, code: str, message: str, location: Location | None = None) -> None:
        """Something the author must fix: nothing is written."""
        self.add(Diagnostic("error", code, message, location))

    def warning(self, code: str, message: str, location: Location | None = None) -> None:
        """Something the reader would notice; the build goes on."""
        self.add(Diagnostic("warning", code, message, location))

    def note(self, code: str, message: str, location: Location | None = None) -> None:
        """Information the author wants (a photo still to come)."""
        self.add(Diagnostic("note", code, message, location))

    def count(self, severity: str) -> int:
        """How many diagnostics of this severity."""
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def with_code(self, code: str) -> list[Diagnostic]:
        """The diagnostics of one kind, in the order they were found."""
        return [d for d in self.diagnostics if d.code == code]

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    def promote_warnings(self) -> None:
        """--strict: every warning becomes an error."""
        self.diagnostics = [
            Diagnostic("error", d.code, d.message, d.location) if d.severity == "warning" else d
            for d in self.diagnostics
        ]

    def settle(self, strict: bool = False) -> None:
        """--strict makes every warning an error; then any error ends the build here."""
        if strict:
            self.promote_warnings()
        if self.has_errors:
            raise BookError(self)

    def sorted(self) -> list[Diagnostic]:
        """In the order of the files and lines they point at."""
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def summary(self) -> str:
        """'1 error, 2 warnings'; empty when there is nothing to say."""
        parts = []
        for severity in ("error", "warning"):
            n = self.count(severity)
            if n:
                parts.append(f"{n} {severity}{'' if n == 1 else 's'}")
        return ", ".join(parts)

    def format(self) -> str:
        """Every diagnostic, one a line, and the summary."""
        lines = [str(d) for d in self.sorted()]
        if self.summary():
            lines.append(self.summary())
        return "\n".join(lines)


class BookError(Exception):
    """The one exception that crosses module boundaries: the book cannot be built."""

    def __init__(self, report: Report):
        super().__init__(report.format())
        self.report = report


def fail(code: str, message: str, location: Location | None = None) -> BookError:
    """A BookError holding one error, for a stage that cannot go on."""
    report = Report()
    report.error(code, message, location)
    return BookError(report)


def relative(path: Path, root: Path) -> str:
    """The path as the author knows it: relative to the book folder (symbolic links
    resolved), never the folder's place on disk."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return Path(os.path.relpath(real, top)).as_posix()
