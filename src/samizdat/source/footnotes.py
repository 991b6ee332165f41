"""Footnote labels are local to their chapter file, as when each file is its own document.

Pandoc reads the chapter files as one text, so two files that both define [^1] (two Word
documents converted one by one) would share one note. A label defined in more than one file
is renamed in every file after the first that defines it, before pandoc reads them; the
diagnostics keep the author's label and line. A call to a label its own file does not define
finds it in the one file that does (a book may keep its notes in a file of their own).
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..core.diagnostics import Report
from .scan import Found

SUFFIX = "-samizdat-file"
RENAMED = re.compile(re.escape(SUFFIX) + r"\d+$")


def definitions(found: list[Found]) -> dict[str, dict[str, Found]]:
    """{chapter file: {label: its first definition}}."""
    files: dict[str, dict[str, Found]] = defaultdict(dict)
    for item in found:
        if item.kind == "note-def":
            files[item.location.path].setdefault(item.value, item)
    return files


def owners(found: list[Found]) -> dict[str, list[str]]:
    """{label: the files that define it, in reading order}."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for path, labels in definitions(found).items():
        for label in labels:
            by_label[label].append(path)
    return by_label


def local_texts(chapters, found: list[Found], texts: dict[str, str]) -> dict[str, str]:
    """The chapter texts pandoc reads, with each shared label renamed in the later files
    that define it (texts: the chapters already changed, by file)."""
    shared = {label: paths for label, paths in owners(found).items() if len(paths) > 1}
    renames: dict[str, dict[str, str]] = defaultdict(dict)
    for label, paths in shared.items():
        for index, path in enumerate(paths[1:], 2):
            renames[path][label] = f"{label}{SUFFIX}{index}"
    out = dict(texts)
    for chapter in chapters:
        if chapter.rel not in renames:
            continue
        lines = texts.get(chapter.rel, chapter.text).split("\n")
        sites = sorted(((f.location.line, f.location.column, f.value) for f in found
                        if f.location.path == chapter.rel and f.kind in ("note-def", "note-ref")
                        and f.value in renames[chapter.rel]), reverse=True)
        for line, column, label in sites:  # right to left, so earlier columns stay put
            text = lines[line - 1]
            at = text.find(f"[^{label}]", column - 1)
            if at >= 0:
                end = at + len(label) + 3
                lines[line - 1] = f"{text[:at]}[^{renames[chapter.rel][label]}]{text[end:]}"
        out[chapter.rel] = "\n".join(lines)
    return out


def author_label(label: str) -> str:
    """The label as the author wrote it, from the name pandoc was given."""
    return RENAMED.sub("", label)


def check_footnotes(found: list[Found], report: Report, did_you_mean) -> None:
    """Every call has a definition in its file or in the one file that defines it; every
    definition a call."""
    defined, by_label = definitions(found), owners(found)
    used: set[tuple[str, str]] = set()
    for item in (f for f in found if f.kind == "note-ref"):
        path, label = item.location.path, item.value
        if label in defined.get(path, {}):
            used.add((path, label))
        elif len(by_label.get(label, [])) == 1:
            used.add((by_label[label][0], label))
        elif by_label.get(label):
            files = " and ".join(by_label[label])
            report.error(
                "SZ250", f"footnote '[^{label}]' is called here but defined in {files}, not in "
                f"this file: define it here, or give one of them its own label such as "
                f"'[^{label}-2]'", item.location)
        else:
            known = {k for labels in defined.values() for k in labels}
            report.error("SZ203", f"footnote '[^{label}]' is referenced but never defined"
                         f"{did_you_mean(label, known)}", item.location)
    for path, labels in defined.items():
        for label, item in labels.items():
            if (path, label) not in used:
                report.warning("SZ204", f"footnote '[^{label}]' is defined but never "
                               "referenced", item.location)
