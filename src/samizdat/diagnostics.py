"""Diagnostics: what went wrong, where, and how to print it like a compiler."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    severity: str
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message}"

    def sort_key(self) -> tuple:
        loc = self.location or Location("")
        return (loc.path, loc.line, loc.column, SEVERITIES.index(self.severity), self.message)


@dataclass
class Report:
    """Collects diagnostics from every stage; nothing is printed until the end."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, severity: str, message: str, location: Location | None = None) -> None:
        diagnostic = Diagnostic(severity, message, location)
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    def error(self, message: str, location: Location | None = None) -> None:
        self.add("error", message, location)

    def warning(self, message: str, location: Location | None = None) -> None:
        self.add("warning", message, location)

    def note(self, message: str, location: Location | None = None) -> None:
        self.add("note", message, location)

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    def promote_warnings(self) -> None:
        """--strict: every warning becomes an error."""
        self.diagnostics = [
            Diagnostic("error", d.message, d.location) if d.severity == "warning" else d
            for d in self.diagnostics
        ]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def summary(self) -> str:
        parts = []
        for severity in ("error", "warning"):
            n = self.count(severity)
            if n:
                parts.append(f"{n} {severity}{'' if n == 1 else 's'}")
        return ", ".join(parts)

    def format(self) -> str:
        lines = [str(d) for d in self.sorted()]
        if self.summary():
            lines.append(self.summary())
        return "\n".join(lines)


class BookError(Exception):
    """The one exception that crosses module boundaries: the book cannot be built."""

    def __init__(self, report: Report):
        super().__init__(report.format())
        self.report = report


def fail(message: str, location: Location | None = None) -> BookError:
    report = Report()
    report.error(message, location)
    return BookError(report)


def relative(path: Path, root: Path) -> str:
    """The path as the author knows it: relative to the book folder when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
