"""Shared fixtures: the Helsinki handout and the tiny book, built once per test session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from samizdat import Report, build, load_book
from samizdat.core.model import Book, squash

__all__ = ["squash"]

REPO = Path(__file__).resolve().parent.parent
BOOKS = Path(__file__).resolve().parent / "books"


def interruptible() -> None:
    """For Popen's preexec_fn: Ctrl-C (SIGINT) reaches the child even when the tests run as a
    background job, whose shell makes children ignore it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def imports_weasyprint(book: Path, fmt: str) -> bool:
    """Whether building one format of the book, in a fresh process, imports WeasyPrint."""
    import subprocess
    import sys

    code = ("import sys; from samizdat import Report, build; "
            f"build({str(book)!r}, ({fmt!r},), Report()); "
            "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip() == "True"


def copy_book(source: Path, target: Path) -> Path:
    """A book folder without its build/, so tests never touch the real outputs."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(
        "build", ".venv", ".git", "src", "tests", "bench", "__pycache__", "*.egg-info"))
    return target


@dataclass
class Built:
    root: Path
    book: Book
    report: Report
    pdf: Path
    epub: Path

    def pdf_pages(self) -> list[str]:
        return [page.extract_text() for page in pypdf.PdfReader(self.pdf).pages]


def build_book(root: Path, **options) -> Built:
    report = Report()
    outputs = build(root, ("pdf", "epub"), report, **options)
    return Built(root, load_book(root, Report()), report, outputs["pdf"], outputs["epub"])


@pytest.fixture(scope="session")
def helsinki(tmp_path_factory) -> Built:
    return build_book(copy_book(REPO, tmp_path_factory.mktemp("helsinki") / "book"))


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Built:
    return build_book(copy_book(BOOKS / "tiny", tmp_path_factory.mktemp("tiny") / "book"))


