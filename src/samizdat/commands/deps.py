"""samizdat deps: build/.deps, the book's inputs and outputs written for make to include,
as a compiler writes its .d files."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..build.atomic import write_atomic
from ..build.formats import FORMATS, TEACHER_FORMATS, output_name
from ..core.diagnostics import Report
from ..core.metadata import parse_metadata
from ..source.inputs import METADATA_FILE, book_inputs, watched_folders
from ..source.load import check_input_names, load_yaml

log = logging.getLogger(__name__)
DEPS_FILE = ".deps"


def write_deps(root: Path, report: Report) -> Path | None:
    """Write build/.deps. With broken metadata nothing is written (a failed build leaves
    build/ as it was): the Makefile then runs samizdat itself, which says what is wrong."""
    root = Path(root)
    path = root / "build" / DEPS_FILE
    text = render_deps(root, report)
    if report.has_errors or "\nSZ_FORMATS := " not in text:  # a .deps without its outputs
        return None                                             # would hide every target
    write_atomic(path, text.encode("utf-8"))
    log.debug("wrote %s", path)
    return path


def render_deps(root: Path, report: Report) -> str:
    """The make text: SZ_INPUTS, SZ_FORMATS, one SZ_<format> per output, SZ_teacher (the
    teacher's edition's three files), and the rule that
    remakes this file when a file is added to or removed from a folder of inputs."""
    def book(path: Path) -> str:
        return "$(BOOK)/" + make_name(path.relative_to(root).as_posix()) if path != root \
            else "$(BOOK)"

    lines = ["# written by samizdat deps: which files the book is made of, for make"]
    inputs = book_inputs(root)
    check_input_names(root, report, inputs)
    lines.append("SZ_INPUTS := " + " ".join(book(p) for p in inputs))
    basename = _basename(root, report)
    if basename:
        lines.append("SZ_FORMATS := " + " ".join(f.name for f in FORMATS))
        lines += [f"SZ_{f.name} := $(BOOK)/build/{make_name(output_name(basename, f.name))}"
                  for f in FORMATS]
        lines.append("SZ_teacher := " + " ".join(
            f"$(BOOK)/build/{make_name(output_name(basename, name, 'teacher'))}"
            for name in TEACHER_FORMATS))
    folders = " ".join(book(f) for f in watched_folders(root))
    lines.append(f"$(BOOK)/build/{DEPS_FILE}: $(BOOK)/{METADATA_FILE} {folders}")
    return "\n".join(lines) + "\n"


# What make reads as syntax in a list of prerequisites, each escaped with a backslash
MAKE_SPECIAL = re.compile(r"([ #:;*?\[\]])")


def make_name(name: str) -> str:
    """A file name as make reads it in a rule: specials escaped, $ doubled. Names make cannot
    hold at all (a line break, a backslash) the build refuses first (SZ239)."""
    return MAKE_SPECIAL.sub(r"\\\1", name.replace("$", "$$"))


def _basename(root: Path, report: Report) -> str | None:
    source = load_yaml(root / METADATA_FILE, root, report)
    metadata = (parse_metadata(source.data, source.lines, source.rel, report, source.columns)
                if source else None)
    return metadata.basename if metadata else None
