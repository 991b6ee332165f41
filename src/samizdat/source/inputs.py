"""Which files make up a book: the one definition that make (through build/.deps), watch
and check all use, so a bibliography kept anywhere in the book folder is seen everywhere."""

from __future__ import annotations

from pathlib import Path

from .paths import PATH_KEYS, inside, outside_reason
from .yamlfile import YamlProblem, parse_yaml

METADATA_FILE = "metadata.yaml"
MANUSCRIPT_DIR = "manuscript"
STYLES_DIR = "styles"


def book_inputs(root: Path) -> list[Path]:
    """Every file a build of the book reads, inside the book folder, in a stable order."""
    root = Path(root)
    found = [root / METADATA_FILE]
    found += sorted(p for p in (root / MANUSCRIPT_DIR).rglob("*")
                    if p.is_file() and not p.name.startswith("."))
    found += sorted((root / STYLES_DIR).glob("*.css"))
    found += [root / value for value in named_files(root)]
    inside = [p for p in found if _inside(p, root) and p.is_file()]
    return list(dict.fromkeys(inside))


def unnameable(rel: str) -> str | None:
    """Why make could not name a file of the book (build/.deps lists every one), or None:
    a space, $ or # make can be told about; a line break, a tab or a backslash it cannot."""
    for char in rel:
        if char == "\\":
            return "a backslash"
        if ord(char) < 0x20 or ord(char) == 0x7f:
            return {"\n": "a line break", "\t": "a tab"}.get(
                char, f"the control character U+{ord(char):04X}")
    return None


def watched_folders(root: Path) -> list[Path]:
    """The folders below the book folder that hold inputs: a file added to one is seen at
    once. The book folder itself is not one (it also holds build/); its inputs are files."""
    root = Path(root)
    folders = {root / MANUSCRIPT_DIR, root / STYLES_DIR}
    folders |= {p.parent for p in book_inputs(root)}
    return sorted(f for f in folders if f.is_dir() and f.resolve() != root.resolve())


def metadata_mapping(root: Path) -> dict | None:
    """metadata.yaml as a mapping, read quietly (the build reports its problems), or None
    when it is missing, unreadable, outside the book or not a mapping."""
    if inside(Path(root) / METADATA_FILE, root) is None:
        return None
    try:
        data, _, _ = parse_yaml((Path(root) / METADATA_FILE).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return None
    return data if isinstance(data, dict) else None


def named_files(root: Path) -> list[str]:
    """The paths metadata.yaml names, as written, that lead to a place inside the book
    folder (a path leading out is the build's error, never an input); unreadable metadata
    names none."""
    data = metadata_mapping(root)
    if data is None:
        return []
    names = []
    for key in PATH_KEYS:
        value = data.get(key)
        values = value if isinstance(value, list) else [value]
        names += [v for v in values if isinstance(v, str) and v.strip()]
    return [name for name in names
            if outside_reason(name) is None and inside(Path(root) / name, root) is not None]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True
