"""A plain `pip install` (no extras) gives every command, `samizdat check` included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import BOOKS, REPO, copy_book


@pytest.mark.slow
def test_check_works_from_a_plain_install(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    # from a copy: setuptools builds in the source's build/, which is the Helsinki book's
    source = tmp_path / "source"
    skipped = shutil.ignore_patterns(".venv", ".git", "tests", "bench", "manuscript", "docs",
                                     "*.egg-info", "__pycache__")
    shutil.copytree(REPO, source, ignore=lambda folder, names: skipped(folder, names) | (
        {"build"} if Path(folder) == REPO else set()))  # the package's own build/ stays
    subprocess.run([*pip, str(source)], check=True, capture_output=True)
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    samizdat = str(venv / "bin" / "samizdat")
    subprocess.run([samizdat, "-q", "all", str(book)], check=True)
    done = subprocess.run([samizdat, "-q", "check", str(book)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    dev_only = subprocess.run([str(venv / "bin" / "python"), "-c",
                               "import importlib.util as u; print(u.find_spec('pytest'))"],
                              capture_output=True, text=True, check=True)
    assert dev_only.stdout.strip() == "None"  # the extras were not installed
