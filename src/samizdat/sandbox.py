"""What WeasyPrint may read: the book folder, the packaged styles and fonts, nothing else."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class SandboxFetcher(URLFetcher):
    """Serves file: and data: URLs inside the allowed folders; refuses the rest, and says so.

    Symlinks are resolved before the check, so a link inside the book that points
    outside it is refused like the outside path itself.
    """

    def __init__(self, roots: list[Path], **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)
        self.roots = [os.path.realpath(r) for r in roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("file:"):
            self.refused.append(url)
            raise ValueError(f"refused: {url} (samizdat reads no network resource)")
        path = os.path.realpath(unquote(urlsplit(url).path))
        if not any(os.path.commonpath([path, root]) == root for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused: {url} is outside the book folder")
        return super().fetch(url, headers)
