"""The stages in one order: a module imports only from its own stage or the stages before it.

The import graph is read from the source itself with ast: every import, lazy ones inside
functions included, relative ones resolved. A module outside every stage, an import against
the order, an import between two renderers and any cycle fail the test.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "src" / "samizdat"

# The stages in order; the modules of a stage are named by prefix. pdf, epub and web share a
# place in the order and never import each other.
LAYERS = (
    ("core", ("samizdat.core",)),
    ("source", ("samizdat.source",)),
    ("pandoc", ("samizdat.pandoc",)),
    ("assemble", ("samizdat.assemble",)),
    ("render", ("samizdat.render",)),
    ("renderers", ("samizdat.pdf", "samizdat.epub", "samizdat.web")),
    ("build", ("samizdat.build",)),
    ("importer", ("samizdat.importer",)),
    ("course", ("samizdat.course",)),
    ("commands", ("samizdat.commands",)),
    ("cli", ("samizdat.cli", "samizdat.__main__", "samizdat")),
)
RENDERERS = ("samizdat.pdf", "samizdat.epub", "samizdat.web")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The package's own modules one module imports, wherever in it the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            prefix = ".".join(base) if node.level else ""
            module = ".".join(x for x in (prefix, node.module or "") if x)
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("samizdat") and target != name:
                found.add(target)
    return found


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports. The package's __init__ is left out as a
    target when a name below it is meant (`from . import x` names x, not the package)."""
    mods = modules(package)
    edges = {name: imported(path, name, set(mods)) for name, path in mods.items()}
    for name, targets in edges.items():
        edges[name] = {t for t in targets if not any(
            o.startswith(t + ".") and o in targets for o in targets)}
    return edges


def stage(module: str) -> tuple[int, str] | None:
    """The module's place in the order and the prefix that put it there (longest first)."""
    best = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                    best is None or len(prefix) > len(best[1])):
                best = (index, prefix)
    if best and best[1] == "samizdat" and module not in ("samizdat",):
        return None  # a module directly in the root that no stage claims
    return best


def violations(edges: dict[str, set[str]]) -> list[str]:
    """Every module outside the stages and every import against the order."""
    wrong = [f"{m} belongs to no stage" for m in edges if stage(m) is None]
    for module, targets in edges.items():
        own = stage(module)
        for target in sorted(targets):
            theirs = stage(target)
            if own is None or theirs is None:
                continue
            if theirs[0] > own[0]:
                wrong.append(f"{module} ({LAYERS[own[0]][0]}) imports {target} "
                             f"({LAYERS[theirs[0]][0]})")
            elif own[1] in RENDERERS and theirs[1] in RENDERERS and own[1] != theirs[1]:
                wrong.append(f"{module} imports {target}: renderers never import each other")
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_import_follows_the_order_of_the_stages():
    assert violations(graph()) == []


def test_no_module_imports_itself_round_about():
    assert cycles(graph()) == []


def test_the_test_sees_lazy_relative_and_wrong_imports(tmp_path):
    root = tmp_path / "samizdat"
    for folder in ("core", "web", "build", "pdf"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "stray.py").write_text("")
    (root / "core" / "model.py").write_text("def f():\n    from ..web import page\n")
    (root / "web" / "page.py").write_text("from ..build.pipeline import run\n"
                                          "import samizdat.pdf.layout\n")
    (root / "build" / "pipeline.py").write_text("from ..core import model\n")
    (root / "pdf" / "layout.py").write_text("")
    edges = graph(root)
    assert edges["samizdat.core.model"] == {"samizdat.web.page"}
    assert violations(edges) == [
        "samizdat.stray belongs to no stage",
        "samizdat.core.model (core) imports samizdat.web.page (renderers)",
        "samizdat.web.page (renderers) imports samizdat.build.pipeline (build)",
        "samizdat.web.page imports samizdat.pdf.layout: renderers never import each other"]
    assert cycles(edges) == [["samizdat.build.pipeline", "samizdat.core.model",
                              "samizdat.web.page"]]
