"""What WeasyPrint may read: the book folder, the packaged styles and fonts, nothing else."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from weasyprint.urls import URLFetcher

from ..core.diagnostics import Location, relative
from ..source.paths import inside

# The book is served under a fixed URL, not its place on disk: WeasyPrint names images after
# their URL, and the same book must give the same bytes wherever it is checked out.
BOOK_URL = "file:///samizdat-book/"


class Refused(ValueError):
    """A URL the sandbox would not serve; WeasyPrint logs it and goes on without it."""


class SandboxFetcher(URLFetcher):
    """Serves file: and data: URLs inside the allowed folders; refuses the rest, and says so.

    Symlinks are resolved before the check, so a link inside the book that points
    outside it is refused like the outside path itself.
    """

    def __init__(self, book: Path, others: list[Path] = (), **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)
        self.book = os.path.realpath(book)
        self.roots = [self.book, *(os.path.realpath(r) for r in others)]
        self.refused: list[str] = []
        self.reasons: dict[str, str] = {}  # refused URL -> why

    @property
    def base_url(self) -> str:
        """The manuscript folder, under the fixed URL the book is served at."""
        return BOOK_URL + "manuscript/"

    def fetch(self, url, headers=None):
        """Serve a data: URL or a file inside the allowed folders; refuse anything else."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("file:"):
            return self.refuse(url, "samizdat reads no network resource")
        if url.startswith(BOOK_URL):
            path = os.path.join(self.book, unquote(urlsplit(url).path)[len("/samizdat-book/"):])
        else:
            path = unquote(urlsplit(url).path)
        real = os.path.realpath(path)
        if not any(os.path.commonpath([real, root]) == root for root in self.roots):
            return self.refuse(url, "it is outside the book folder")
        if real.lower().endswith(".svg") and os.path.commonpath([real, self.book]) == self.book:
            from weasyprint.urls import URLFetcherResponse

            from ..source.svgclean import clean_svg

            # the drawing alone, as the EPUB and the web page have it: WeasyPrint would
            # otherwise try the outside references and drop the whole image
            cleaned = clean_svg(Path(real).read_bytes())[0]
            return URLFetcherResponse(url, cleaned, {"Content-Type": "image/svg+xml"})
        response = super().fetch(Path(real).as_uri(), headers)
        response.url = url
        return response

    def refuse(self, url: str, why: str):
        """Remember the URL for the report, and tell WeasyPrint to do without it."""
        self.refused.append(url)
        self.reasons[url] = why
        raise Refused(f"{url}: {why}")


# url(...) in any of its three spellings, and @import "..."
URL_TOKEN = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
                       r"""|@import\s+(?:"([^"]*)"|'([^']*)')""")


def find_url(url: str, sheets: list[Path], root: Path) -> Location | None:
    """Where one of the book's own stylesheets names a URL (as written, or relative to the
    stylesheet); None when no stylesheet of the book does."""
    for sheet in sheets:
        if inside(sheet, root) is None:
            continue  # samizdat's own stylesheets are not the author's to fix
        text = Path(sheet).read_text("utf-8", "replace")
        for match in URL_TOKEN.finditer(text):
            raw = next(g for g in match.groups() if g is not None)
            if url in (raw, urljoin(Path(sheet).as_uri(), raw)):
                start = match.start()
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                return Location(relative(Path(sheet), root), text.count("\n", 0, start) + 1,
                                column)
    return None
