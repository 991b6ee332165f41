"""Which stylesheet a book uses: its own styles/NAME if it has one, else samizdat's."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def stylesheet(root: Path, name: str) -> Path:
    """The book's own styles/NAME if it has one, else samizdat's packaged stylesheet."""
    own = Path(root) / "styles" / name
    return own if own.is_file() else packaged_stylesheet(name)


def packaged_stylesheet(name: str) -> Path:
    """samizdat's own stylesheet NAME, shipped in the samizdat.styles package."""
    return Path(str(files("samizdat.styles") / name))
