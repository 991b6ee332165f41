"""The package explains itself: stages never import the wrong way, every public function says
what it does, no two module names can be confused, and every diagnostic code is explained."""

from __future__ import annotations

import ast
import difflib
import re
from pathlib import Path

import pytest

from samizdat.build.formats import FORMATS
from samizdat.core.codes import CODES, explain

from .conftest import REPO

PACKAGE = REPO / "src" / "samizdat"
MODULES = sorted(PACKAGE.rglob("*.py"))

# (package, what it must never import)
BOUNDARIES = [
    ("source", ("samizdat.pdf", "samizdat.epub", "samizdat.commands", "samizdat.build")),
    ("epub", ("samizdat.pdf", "samizdat.commands", "weasyprint")),
    ("pdf", ("samizdat.epub", "samizdat.commands")),
]


def imports_of(path: Path) -> set[str]:
    """Absolute names of everything a module imports, relative imports resolved."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            prefix = ".".join(base) if node.level else ""
            module = ".".join(x for x in (prefix, node.module or "") if x)
            names |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("package,forbidden", BOUNDARIES)
def test_stages_never_import_the_wrong_way(package, forbidden):
    for path in (PACKAGE / package).rglob("*.py"):
        wrong = {n for n in imports_of(path) for f in forbidden
                 if n == f or n.startswith(f + ".")}
        assert not wrong, f"{path.relative_to(REPO)} imports {sorted(wrong)}"


def test_only_the_command_line_imports_the_commands():
    for path in MODULES:
        if "commands" in path.parts or path.name == "cli.py":
            continue
        wrong = {n for n in imports_of(path) if n.startswith("samizdat.commands")}
        assert not wrong, f"{path.relative_to(REPO)} imports {sorted(wrong)}"


def test_every_module_and_public_function_has_a_docstring():
    missing = []
    for path in MODULES:
        tree = ast.parse(path.read_text())
        if path.name != "__main__.py" and not ast.get_docstring(tree):
            missing.append(f"{path.relative_to(REPO)}: module")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith(
                    "_") and not ast.get_docstring(node) and path.name != "cli.py":
                missing.append(f"{path.relative_to(REPO)}: {node.name}")
    assert missing == []


def test_no_two_module_names_differ_by_a_letter_or_a_suffix():
    names = sorted({p.stem for p in MODULES if p.stem != "__init__"}
                   | {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name[0] != "_"})
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            close = difflib.SequenceMatcher(None, a, b).ratio() > 0.85
            suffix = a.startswith(b) or b.startswith(a)
            assert not (close or suffix), f"{a} and {b} are too alike"


def test_every_code_in_the_source_is_explained():
    used = set()
    for path in MODULES:
        used |= set(re.findall(r'"(SZ\d{3})"', path.read_text()))
    assert used - set(CODES) == set()
    assert explain("sz201").startswith("SZ201: A citation key is not in the bibliography.")
    assert explain("SZ999") is None


def test_the_makefile_help_lists_every_format(tmp_path):
    import subprocess

    help_text = subprocess.run(["make", "-s", "-C", str(REPO), "help"], capture_output=True,
                               text=True, check=True).stdout
    for fmt in FORMATS:
        assert f"make {fmt.name}" in help_text
    # every target's help begins in one column, the longest name's too
    columns = {len(line) - len(line.split(None, 2)[2])
               for line in help_text.splitlines() if line.startswith("  make ")}
    assert len(columns) == 1, help_text
