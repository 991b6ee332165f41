"""The paths metadata.yaml names, checked before anything is read: inside the book folder
(symbolic links resolved), existing, and of the kind the key expects.

The one rule for every path key: an error at the value's line and column in metadata.yaml,
naming the key and quoting the value as the author wrote it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Location, Report


@dataclass(frozen=True)
class PathKey:
    """What a metadata key that names files accepts."""

    name: str              # what one value is called in the messages: 'chapter'
    what: str              # 'bibliography file', for the messages
    suffixes: tuple[str, ...]
    many: bool             # a list of files is allowed


PATH_KEYS = {
    "bibliography": PathKey("bibliography", "bibliography file",
                            (".yaml", ".yml", ".json", ".bib", ".bibtex", ".ris"), many=True),
    "timeline": PathKey("timeline", "timeline file", (".yaml", ".yml"), many=False),
    "csl": PathKey("csl", "citation style file", (".csl",), many=False),
    "chapters": PathKey("chapter", "chapter file", (".md", ".markdown"), many=True),
}


def inside(path: Path | str, root: Path | str) -> Path | None:
    """The real path (symbolic links resolved) if it lies inside the book folder, else None."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return Path(real) if os.path.commonpath([real, top]) == top else None


def outside_reason(value: str) -> str | None:
    """Why a path as written can never name a file of the book, or None."""
    if "://" in value or value.startswith(("file:", "data:")):
        return "is a URL: samizdat reads no network or file: URL, only files inside the book folder"
    if os.path.isabs(value) or value.startswith("~"):
        return ("is an absolute path: samizdat reads only files inside the book folder (copy "
                "the file into it and write its path relative to the folder)")
    return None


def check_paths(root: Path, key: str, value, place, report: Report) -> list[Path]:
    """The checked real paths a path key names (a string or, where allowed, a list).

    place(*index) gives the Location of the value, or of the list item at index; every
    problem is reported there and the path is left out, so nothing outside is ever read.
    """
    rule = PATH_KEYS[key]
    items = value if isinstance(value, (list, tuple)) else [value]
    if len(items) > 1 and not rule.many:
        report.error("SZ104", f"'{key}' names one file, not a list", place())
        return []
    found = []
    for i, item in enumerate(items):
        where = place(i) if isinstance(value, (list, tuple)) else place()
        path = check_path(root, key, str(item), where, report)
        if path is not None:
            found.append(path)
    return found


def check_path(root: Path, key: str, value: str, where: Location, report: Report) -> Path | None:
    """One path as written in metadata.yaml: its real path, or None with the error reported."""
    rule = PATH_KEYS[key]
    named = f"{rule.name} '{value}'" + (f" in '{key}'" if key != rule.name else "")
    reason = outside_reason(value)
    if reason:
        report.error("SZ112", f"{named} {reason}", where)
        return None
    written = Path(root) / value
    real = inside(written, root)
    if real is None:
        via = " through a symbolic link" if inside_lexically(written, root) else ""
        report.error("SZ112", f"{named} leads outside the book folder{via}: "
                     "samizdat reads only files inside it (copy the file into the book)", where)
        return None
    if not real.exists():
        report.error("SZ107", f"{rule.what} '{value}' does not exist", where)
        return None
    if real.is_dir():
        report.error("SZ114", f"{named} is a folder, not a file", where)
        return None
    kind = special_kind(real)
    if kind:
        report.error("SZ128", f"{named} is {kind}, not a file: samizdat reads only plain "
                     "files (reading it could wait for ever)", where)
        return None
    if real.suffix.lower() not in rule.suffixes:
        kinds = ", ".join(rule.suffixes[:-1]) + " or " + rule.suffixes[-1]
        report.error("SZ114", f"{named} is not a {rule.what}: it must end in {kinds}",
                     where)
        return None
    return real


def inside_lexically(path: Path, root: Path) -> bool:
    """Inside the book folder as written, before symbolic links are followed."""
    normal, top = os.path.normpath(os.path.abspath(path)), os.path.abspath(root)
    return os.path.commonpath([normal, top]) == top


def check_folder_files(root: Path, files: list[Path], report: Report) -> list[Path]:
    """Files found in the book's folders (chapters, stylesheets): a symbolic link that leads
    out of the book is an error at the file itself."""
    kept = []
    for path in files:
        if inside(path, root) is None:
            rel = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root)))
            report.error("SZ112", "this file is a symbolic link that leads outside the book "
                         "folder: samizdat reads only files inside it", Location(rel.as_posix()))
        elif special_kind(path):
            report.error("SZ128", f"this is {special_kind(path)}, not a file: samizdat reads "
                         "only plain files (reading it could wait for ever)",
                         Location(Path(os.path.relpath(path, root)).as_posix()))
        else:
            kept.append(path)
    return kept


SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def special_kind(path: Path | str) -> str | None:
    """What a path that exists but is neither a plain file nor a folder is ("a named pipe"),
    or None; opening one may block until another program writes to it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in SPECIAL_KINDS if test(mode)), "not a plain file")
