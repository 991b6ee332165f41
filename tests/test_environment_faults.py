"""A read-only build/, a full disk, a full temporary folder and a build killed while it wrote:
each an error naming the file, exit 1, the last good output untouched, nothing left behind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from samizdat.build import atomic
from samizdat.cli import main
from samizdat.core.diagnostics import BookError

from .conftest import BOOKS, REPO


@pytest.fixture
def book(tmp_path) -> Path:
    return shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))


def build_html(book: Path, capsys) -> tuple[int, str]:
    status = main(["-q", "html", str(book)])
    return status, capsys.readouterr().err


def leftovers(book: Path) -> list[str]:
    return sorted(p.name for p in (book / "build").iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_is_an_error_naming_the_file_and_the_last_page_stays(book, capsys,
                                                                          monkeypatch):
    assert build_html(book, capsys)[0] == 0
    before = (book / "build" / "valid.html").read_bytes()
    (book / "manuscript" / "02-more.md").write_text("# Changed\n\nNew text.\n")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    status, err = build_html(book, capsys)
    assert status == 1
    assert err == ("build/valid.html: error[SZ129]: cannot write the file: the disk is full; "
                   "the previous file, if any, is left as it was\n1 error\n")
    assert (book / "build" / "valid.html").read_bytes() == before
    assert leftovers(book) == []


def test_a_rename_refused_is_the_same_error(book, capsys, monkeypatch):
    def refused(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.os, "replace", refused)
    status, err = build_html(book, capsys)
    assert status == 1
    assert err.startswith("build/valid.html: error[SZ129]: cannot write the file: the folder "
                          "is on a read-only file system;")
    assert leftovers(book) == []


def test_a_read_only_build_folder(book, capsys):
    """A real read-only folder: by permissions, or (as root, whom permissions do not stop)
    a read-only tmpfs mounted on build/ where the system allows it."""
    folder = book / "build"
    folder.mkdir()
    mounted = False
    if os.geteuid() != 0:
        folder.chmod(0o555)
    else:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs",
                               str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("running as root without the right to mount a read-only folder")
        mounted = True
    try:
        status, err = build_html(book, capsys)
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        else:
            folder.chmod(0o755)
    assert status == 1
    assert err.startswith("build/valid.html: error[SZ129]: cannot write the file: ")
    assert ("read-only" in err) if mounted else ("permission denied" in err)
    assert "Traceback" not in err


def test_a_full_temporary_folder_is_an_error_naming_it(book, capsys, monkeypatch):
    from samizdat.pandoc import run

    where = os.path.join(tempfile.gettempdir(), "samizdat-x")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", where)

    monkeypatch.setattr(run.tempfile, "TemporaryDirectory", full)
    status, err = build_html(book, capsys)
    assert status == 1
    assert err == (f"error[SZ129]: cannot write {where} in the temporary folder "
                   f"{tempfile.gettempdir()} (TMPDIR): the disk is full\n1 error\n")


def test_another_failure_of_a_write_says_what_the_system_said(book, monkeypatch):
    def broken(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", broken)
    assert atomic.environment_fault(OSError(errno.EIO, "x")) is None  # not called a full disk
    with pytest.raises(BookError) as caught:
        atomic.write_atomic(book / "build" / "x.html", b"x")
    assert caught.value.report.format() == (
        "build/x.html: error[SZ129]: cannot write the file: Input/output error; the previous "
        "file, if any, is left as it was\n1 error")


KILLED_WRITE = """
import os, signal, sys
from pathlib import Path
from samizdat.build import atomic
atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
atomic.write_atomic(Path(sys.argv[1]) / "build" / "valid.pdf", b"%PDF-1.7 half")
"""


def test_a_temporary_left_by_a_killed_build_is_swept_by_the_next(book, capsys):
    done = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(book)], cwd=REPO)
    assert done.returncode == -signal.SIGKILL
    left = leftovers(book)
    assert len(left) == 1 and left[0].startswith(".valid.pdf.")
    fresh = book / "build" / ".valid.epub.abcd_123.tmp"  # another build's, still written
    fresh.write_bytes(b"")
    old = time.time() - 2 * atomic.STALE_AFTER
    os.utime(book / "build" / left[0], (old, old))
    assert build_html(book, capsys)[0] == 0
    assert leftovers(book) == [fresh.name]
    assert (book / "build" / "valid.html").is_file()


def test_the_sweep_takes_only_the_writers_temporaries(tmp_path):
    old = time.time() - 2 * atomic.STALE_AFTER
    names = [".valid.pdf.k2j_9x1a.tmp", "notes.tmp", ".valid.pdf.tmp", "valid.pdf"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (old, old))
    assert [p.name for p in atomic.sweep_temporaries(tmp_path)] == [names[0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
