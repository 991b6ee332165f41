"""Every path stays inside the book: what a successful build opens, what pandoc is handed,
and the paths metadata.yaml names, whatever the command."""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from samizdat.core.diagnostics import Report
from samizdat.core.metadata import DEFAULT_CSL
from samizdat.pandoc.run import csl_path
from samizdat.source.csl import bundled_style, suggest
from samizdat.source.inputs import book_inputs, named_files
from samizdat.source.paths import check_path

from ..conftest import BOOKS, REPO

# Runs in a child: audit hooks cannot be removed, and the build must start from nothing.
AUDIT = textwrap.dedent("""
    import json, sys
    opened, commands = [], []

    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)):
            opened.append(args[0] if isinstance(args[0], str) else args[0].decode())
        elif event == "subprocess.Popen":
            commands.append({"args": [str(a) for a in args[1]], "cwd": str(args[2] or "")})

    sys.addaudithook(hook)
    from samizdat import build
    build(sys.argv[1], ("pdf", "epub"))
    result = json.dumps({"opened": list(opened), "commands": list(commands)})
    open(sys.argv[2], "w").write(result)
""")


def make_own_book(folder: Path) -> Path:
    """A book with a style of its own, its bibliography outside manuscript/ and its own
    stylesheets."""
    book = shutil.copytree(BOOKS / "valid", folder, ignore=shutil.ignore_patterns("build"))
    (book / "refs").mkdir()
    (book / "manuscript" / "bibliography.yaml").rename(book / "refs" / "sources.yaml")
    (book / "styles").mkdir()
    for name in ("print.css", "epub.css"):
        shutil.copyfile(REPO / "styles" / name, book / "styles" / name)
    shutil.copyfile(bundled_style(DEFAULT_CSL), book / "styles" / "school.csl")
    meta = (book / "metadata.yaml").read_text()
    meta = meta.replace("bibliography: manuscript/bibliography.yaml",
                        "bibliography: refs/sources.yaml\ncsl: styles/school.csl")
    (book / "metadata.yaml").write_text(meta)
    return book


def allowed_roots(book: Path, tmp: Path) -> dict[str, str]:
    import sysconfig

    import samizdat

    paths = sysconfig.get_paths()
    roots = {"book": book, "temporary folder": tmp,
             "site-packages": paths["purelib"], "site-packages (platform)": paths["platlib"],
             "stdlib": paths["stdlib"], "stdlib (platform)": paths["platstdlib"],
             # an editable install: the package and its styles live in the checkout
             "samizdat package": Path(samizdat.__file__).parent, "packaged styles": REPO / "styles",
             # the import system looks into the zipped stdlib named on sys.path, if any
             **{f"zipped stdlib {p}": p for p in sys.path if p.endswith(".zip")}}
    return {name: os.path.realpath(path) for name, path in roots.items()}


def root_of(path: str, roots: dict[str, str]) -> str | None:
    real = os.path.realpath(path)
    if real == os.devnull:
        return "null device"
    if path in mimetypes.knownfiles:  # the stdlib's MIME table, for WeasyPrint and ebooklib
        return "system MIME table"
    return next((name for name, root in roots.items()
                 if os.path.commonpath([real, root]) == root), None)


def test_a_build_opens_nothing_outside_the_allowed_places(tmp_path):
    book = make_own_book(tmp_path / "book")
    tmp = tmp_path / "tmp"  # the system's temporary folder, apart from the book's
    tmp.mkdir()
    record = tmp_path / "audit.json"
    env = {**os.environ, "TMPDIR": str(tmp)}
    subprocess.run([sys.executable, "-c", AUDIT, str(book), str(record)], check=True, env=env,
                   cwd=tmp_path, timeout=600)
    audit = json.loads(record.read_text())
    roots = allowed_roots(book, tmp)
    where = {path: root_of(path, roots) for path in audit["opened"]}
    outside = [path for path, root in where.items() if root is None]
    assert outside == []
    assert (book / "build" / "valid.pdf").is_file() and (book / "build" / "valid.epub").is_file()
    # the hook saw the book's own files being read
    opened = {os.path.realpath(p) for p in audit["opened"]}
    for name in ("metadata.yaml", "refs/sources.yaml", "styles/school.csl", "styles/print.css",
                 "styles/epub.css", "manuscript/01-intro.md"):
        assert os.path.realpath(book / name) in opened, name
    counts = {root: list(where.values()).count(root) for root in set(where.values())}
    print(f"\n{len(audit['opened'])} opens of {len(where)} files: {counts}")
    (pandoc,) = [c for c in audit["commands"] if Path(c["args"][0]).name == "pandoc"]
    assert root_of(pandoc["args"][0], roots) == "site-packages"
    assert os.path.realpath(pandoc["cwd"]) == roots["book"]
    assert "--sandbox" in pandoc["args"]
    for arg in pandoc_paths(pandoc["args"][1:]):
        path = os.path.join(pandoc["cwd"], arg)
        allowed = ("book", "temporary folder") + (
            ("samizdat package",) if arg.endswith(".lua") else ())  # samizdat's own filters
        assert root_of(path, roots) in allowed, arg
    # the book's style, read from the book, is given to pandoc as a copy whose page ranges
    # take an en dash, in pandoc's temporary folder
    (csl,) = [a.removeprefix("--csl=") for a in pandoc["args"] if a.startswith("--csl=")]
    assert root_of(csl, roots) == "temporary folder" and Path(csl).name == "style.csl"
    assert "--bibliography=refs/sources.yaml" in pandoc["args"]


def pandoc_paths(args: list[str]) -> list[str]:
    """Every argument that names a file: the inputs and the options that take a path."""
    options = ("--bibliography=", "--csl=", "--log=", "--output=", "--metadata-file=",
               "--data-dir=", "--lua-filter=")
    paths = [a.split("=", 1)[1] for a in args if a.startswith(options)]
    assert all(a.startswith(("--from=", "--to=", "--metadata=", *options)) or a in (
        "--section-divs", "--wrap=none", "--mathml", "--sandbox", "--citeproc")
        or not a.startswith("-")
        for a in args), args
    return paths + [a for a in args if not a.startswith("-")]


@pytest.mark.parametrize("value, code", [
    ("refs/../../outside.yaml", "SZ112"),
    ("https://example.org/refs.yaml", "SZ112"),
    ("file:///etc/passwd", "SZ112"),
    ("~/refs.yaml", "SZ112"),
    ("refs", "SZ114"),
    ("refs/missing.yaml", "SZ107"),
])
def test_a_path_is_checked_before_it_is_read(tmp_path, value, code):
    (tmp_path / "refs").mkdir()
    report = Report()
    assert check_path(tmp_path, "bibliography", value, None, report) is None
    assert [d.code for d in report.diagnostics] == [code]
    assert f"'{value}'" in report.diagnostics[0].message


def test_named_files_never_lists_a_path_outside_the_book(tmp_path):
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    (tmp_path / "outside.yaml").write_text("- when: x\n")
    (book / "refs").mkdir()
    (book / "refs" / "linked.yaml").symlink_to(tmp_path / "outside.yaml")
    meta = (book / "metadata.yaml").read_text()
    meta = meta.replace("manuscript/timeline.yaml", "../outside.yaml")
    meta = meta.replace("manuscript/bibliography.yaml", "refs/linked.yaml")
    meta += "chapters: [manuscript/01-intro.md, /etc/hostname]\n"
    (book / "metadata.yaml").write_text(meta)
    assert named_files(book) == ["manuscript/01-intro.md"]
    assert all(p.resolve().is_relative_to(book.resolve()) for p in book_inputs(book))


def test_style_names_dependent_styles_and_suggestions():
    assert csl_path("apa").name == "apa.csl"
    # a dependent style is its parent's file: pandoc would fetch the parent by URL
    assert bundled_style("2d-materials").name == "institute-of-physics-numeric.csl"
    assert bundled_style("../apa") is None and bundled_style("APA") is None
    assert suggest("modern-language-asociation") == "modern-language-association"
    assert suggest("zzzzzzzz") is None


def load_in_style(tmp_path, csl: str | None, bibliography_edit=None):
    from samizdat import load_book

    from ..conftest import copy_book

    book = copy_book(REPO, tmp_path / (csl or "default"))
    meta = (book / "metadata.yaml").read_text()
    if csl:
        meta = "\n".join(line for line in meta.splitlines() if not line.startswith("csl:"))
        meta += f"\ncsl: {csl}\n"
    (book / "metadata.yaml").write_text(meta)
    if bibliography_edit:
        path = book / "manuscript" / "bibliography.yaml"
        path.write_text(bibliography_edit(path.read_text()))
    report = Report()
    return load_book(book, report), report


def test_a_second_notes_style_keeps_citation_notes(tmp_path):
    default, _ = load_in_style(tmp_path, None)
    other, report = load_in_style(tmp_path, "chicago-notes-bibliography-17th-edition")
    assert report.with_code("SZ116") == []
    cites = [n for n in other.notes if n.kind == "citation"]
    assert len(cites) == len([n for n in default.notes if n.kind == "citation"]) > 5
    # the same notes, set differently: the subsequent-ibid variant says Ibid. where due
    assert any("Ibid" in n.text for n in default.notes)
    assert [n.text for n in cites] != [n.text for n in default.notes if n.kind == "citation"]


def test_an_author_date_style_sets_citations_in_the_text_and_says_so(tmp_path):
    default, _ = load_in_style(tmp_path, None)
    book, report = load_in_style(tmp_path, "apa")
    (note,) = report.with_code("SZ116")
    assert note.severity == "note" and note.location.path == "metadata.yaml"
    assert "'apa' is author-date: citations are set in the text" in note.message
    assert [n.kind for n in book.notes] == ["footnote"] * len(book.notes)
    assert len(book.notes) == len([n for n in default.notes if n.kind == "footnote"])
    text = " ".join(c.html for c in book.chapters)
    # "p." is bound to its number; a space stands before the citation
    assert "(Thomas, 2001, p.\u00a0120)" in text and ".”(Thomas" not in text
    # the reading list is the list of references: every cited work in full
    listed = {r.key for g in book.reading_list for r in g.references}
    cited = {k for c in book.chapters for k in re.findall(r'data-cites="([^"]+)"', c.html)}
    assert cited and {k for ks in cited for k in ks.split()} <= listed
    assert [g.title for g in book.reading_list] == [g.title for g in default.reading_list]


def test_an_author_date_style_lists_ungrouped_cited_works_under_references(tmp_path):
    def ungroup_thomas(text: str) -> str:
        head, _, tail = text.partition("- id: thomas2001")
        entry, sep, rest = tail.partition("\n- id:")
        entry = "\n".join(line for line in entry.splitlines() if "group:" not in line)
        return head + "- id: thomas2001" + entry + sep + rest

    book, _ = load_in_style(tmp_path, "apa", ungroup_thomas)
    (references,) = [g for g in book.reading_list if g.title == "References"]
    assert [r.key for r in references.references] == ["thomas2001"]
