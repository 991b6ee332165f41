"""A plain `pip install` (no extras) gives every command, `samizdat check` included."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import BOOKS, REPO, copy_book


@pytest.mark.slow
def test_check_works_from_a_plain_install(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    subprocess.run([*pip, str(REPO)], check=True, capture_output=True)
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    samizdat = str(venv / "bin" / "samizdat")
    subprocess.run([samizdat, "-q", "all", str(book)], check=True)
    done = subprocess.run([samizdat, "-q", "check", str(book)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    dev_only = subprocess.run([str(venv / "bin" / "python"), "-c",
                               "import importlib.util as u; print(u.find_spec('pytest'))"],
                              capture_output=True, text=True, check=True)
    assert dev_only.stdout.strip() == "None"  # the extras were not installed
