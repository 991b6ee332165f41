"""samizdat: one Markdown manuscript in, a typeset PDF and a valid EPUB 3 out."""

from .build.pipeline import build, load_book
from .core.diagnostics import BookError, Report

__all__ = ["BookError", "Report", "build", "load_book"]
