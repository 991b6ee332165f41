"""Which stylesheet a book uses: its own styles/NAME if it has one, else samizdat's."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .paths import inside


def stylesheet(root: Path, name: str) -> Path:
    """The book's own styles/NAME if it has one, else samizdat's packaged stylesheet."""
    own = Path(root) / "styles" / name
    # one that leads out of the book is never used: the loader has reported it (SZ112)
    return own if own.is_file() and inside(own, root) else packaged_stylesheet(name)


def packaged_stylesheet(name: str) -> Path:
    """samizdat's own stylesheet NAME, shipped in the samizdat.styles package."""
    return Path(str(files("samizdat.styles") / name))
