"""One folder per mistake under tests/cases: the files that differ from books/valid, and the
exact output a user sees. Regenerate with SAMIZDAT_REGENERATE=1 and read every diff."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from samizdat.cli import main

from ..conftest import BOOKS

CASES = Path(__file__).resolve().parent.parent / "cases"
CONTROL = {"expected.txt", "ARGS", "DELETE"}


def make_case_book(case: Path, target: Path) -> Path:
    shutil.copytree(BOOKS / "valid", target, ignore=shutil.ignore_patterns("build"))
    shutil.copytree(case, target, symlinks=True, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if n in CONTROL])
    if (case / "DELETE").exists():
        for name in (case / "DELETE").read_text().split():
            (target / name).unlink()
    return target


def test_the_valid_book_builds_with_no_diagnostic(tmp_path, capsys):
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    assert main(["-q", "all", str(book)]) == 0
    assert capsys.readouterr().err == ""
    assert sorted(p.name for p in (book / "build").iterdir()) == [
        ".valid.pages.json", "valid.epub", "valid.pdf"]


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case, tmp_path, capsys):
    folder = CASES / case
    book = make_case_book(folder, tmp_path / "book")
    args = (folder / "ARGS").read_text().split() if (folder / "ARGS").exists() else []
    status = main(["-q", *args, "all", str(book)])
    output = capsys.readouterr().err
    expected_file = folder / "expected.txt"
    if os.environ.get("SAMIZDAT_REGENERATE"):
        expected_file.write_text(output)
    assert output == expected_file.read_text()
    has_errors = re.search(r": error\[SZ\d{3}\]: ", output) is not None
    assert status == (1 if has_errors else 0)
    assert "Traceback" not in output
    if has_errors:  # nothing half-written: no output and no temporary file in build/
        assert not (book / "build").exists() or not any((book / "build").iterdir())
