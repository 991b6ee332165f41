"""Writing into build/: whole files or nothing, so the last good output survives any failure,
and never anywhere but inside the book's own build/ folder."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

from ..core.diagnostics import BookError, Location, fail

BUILD_DIR = "build"
# mkstemp's names as write_atomic asks for them: .NAME.XXXXXXXX.tmp
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
# A temporary this much older than the build is no other build's file still being written
STALE_AFTER = 60.0

# What the system says, in the words of the person whose disk it is
ENVIRONMENT = {
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied (the folder is not writable)",
    errno.EPERM: "permission denied (the folder is not writable)",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


def build_folder(root: Path | str) -> Path:
    """The book's build/ folder, checked: it may be a link only to a folder inside the book
    (an output written through a link that leads out would land anywhere)."""
    folder = Path(root) / BUILD_DIR
    real, top = os.path.realpath(folder), os.path.realpath(root)
    if os.path.commonpath([real, top]) != top or real == top:
        raise fail("SZ121", f"{BUILD_DIR}/ is a symbolic link that leads outside the book "
                   "folder: samizdat writes only into the book's own build/ folder (remove "
                   "the link, or make build/ a folder)", Location(BUILD_DIR))
    return folder


def confined(path: Path) -> Path:
    """The path, if it lies inside the build/ folder it names, resolved after links."""
    path = Path(path)
    for folder in path.parents:
        if folder.name == BUILD_DIR:
            top = os.path.realpath(build_folder(folder.parent))
            parent = os.path.realpath(path.parent)
            if os.path.commonpath([parent, top]) == top and path.name not in ("", ".", ".."):
                return path
            break
    raise fail("SZ121", f"{path} is not inside the book's build/ folder: samizdat writes "
               "nothing anywhere else", Location(BUILD_DIR))


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: readers see the old file or the new one.
    A folder that cannot be written, or a full disk, is an error naming the file (SZ129)."""
    path = confined(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        confined(path)  # a link made while the folder was created
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise unwritable(path, exc) from None
        raise


def unwritable(path: Path, exc: OSError) -> BookError:
    """The error for a file that could not be written: where, and what the system said."""
    reason = ENVIRONMENT.get(exc.errno) or exc.strerror or str(exc)
    return fail("SZ129", f"cannot write the file: {reason}; the previous file, if any, is "
                "left as it was", Location(_in_book(path)))


def environment_fault(exc: OSError) -> BookError | None:
    """A full disk or a read-only folder met anywhere in a build (pandoc's temporary folder,
    a cache) as an error naming the file, or None for a failure that is samizdat's own."""
    if exc.errno not in ENVIRONMENT:
        return None
    where = exc.filename or exc.filename2
    if where and os.path.commonpath([os.path.abspath(where), tempfile.gettempdir()]) \
            == tempfile.gettempdir():
        where_said = f" in the temporary folder {tempfile.gettempdir()} (TMPDIR)"
    else:
        where_said = ""
    return fail("SZ129", f"cannot write {where or 'a file'}{where_said}: "
                f"{ENVIRONMENT[exc.errno]}")


def _in_book(path: Path) -> str:
    """build/NAME as the author sees it, from the book folder."""
    for folder in Path(path).parents:
        if folder.name == BUILD_DIR:
            return Path(path).relative_to(folder.parent).as_posix()
    return str(path)


def sweep_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove what a killed build left in build/: write_atomic's temporaries older than
    STALE_AFTER seconds before now (a younger one may be another build's, still written)."""
    limit = (time.time() if now is None else now) - STALE_AFTER
    swept = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return swept
    for entry in entries:
        try:
            if (TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < limit):
                os.unlink(entry.path)
                swept.append(Path(entry.path))
        except OSError:
            continue  # a read-only build/ is reported when the outputs are written
    return swept
