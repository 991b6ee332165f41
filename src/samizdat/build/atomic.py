"""Writing into build/: whole files or nothing, so the last good output survives any failure,
and never anywhere but inside the book's own build/ folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..core.diagnostics import Location, fail

BUILD_DIR = "build"


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
    """Write beside the target, then rename over it: readers see the old file or the new one."""
    path = confined(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    confined(path)  # a link made while the folder was created
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
