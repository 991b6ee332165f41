"""One handout of a reader, made in a worker process: its pandoc pass, its layout on the
course's paper (the folio left to the reader, which numbers the pages continuously), and its
own EPUB and web page for the course site. Kept in a cache keyed by its inputs' digest and,
for a handout that prints page references, its first page number."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..build.pipeline import check_edition, load_book
from ..core.diagnostics import BookError, Diagnostic, Location, Report
from ..core.model import Book, PageBreak
from ..core.stage_timer import Clock
from ..source.inputs import book_inputs
from ..source.stylesheet import packaged_stylesheet

# The reader prints every folio itself (continuous through the course): a handout's own
# layout leaves its foot empty.
NO_FOLIO = "@page { @bottom-center { content: none } }"


@dataclass(frozen=True)
class Laid:
    """A handout laid out for the reader: everything the binding and the site need."""

    digest: str
    start: int                  # the page number its layout counted from (1 unless it
    #                             prints page references: then its first page in the reader)
    book: Book                  # page_breaks and target_pages counted from 1
    pdf: bytes                  # its pages, with running heads and no folios
    own_pdf: bytes              # the same pages numbered from 1 (start 1 only), for the site
    pages: int
    anchors: tuple[tuple[str, int], ...]  # (id, page from 1) of every heading
    epub: bytes                 # its own EPUB, its page list counted from 1
    html: bytes                 # its own web page
    warnings: tuple[Diagnostic, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()  # seconds per stage in its process

    @property
    def has_page_references(self) -> bool:
        return any(ref.keys.startswith("page-") for ref in self.book.crossrefs)


def tool_digest() -> str:
    """The samizdat code and styles a layout depends on."""
    package = Path(__file__).resolve().parents[1]
    styles = packaged_stylesheet("print.css").parent  # shipped as samizdat.styles
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.lua"),
                        *package.rglob("*.css"), *styles.glob("*.css")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_digest(folder: Path, paper: str, edition: str, tool: str) -> str:
    """What the handout's layout depends on: its files, the paper, the edition, samizdat."""
    digest = hashlib.sha256(f"{paper}\0{edition}\0{tool}".encode())
    for path in book_inputs(folder):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def preload() -> None:
    """The modules a layout needs, imported once here: a forked process has them already."""
    from ..assemble import frozen_book  # noqa: F401
    from ..epub import package  # noqa: F401
    from ..pdf import boxes, layout  # noqa: F401
    from ..web import page  # noqa: F401
    from . import folio_layer  # noqa: F401


def lay_out(folder: str, paper: str, edition: str, start: int, digest: str,
            timeout: float | None = None) -> Laid | Report:
    """The work of one process: the handout, or the report of its errors."""
    report = Report()
    try:
        return _lay_out(Path(folder), paper, edition, start, digest, report, timeout)
    except BookError as error:
        return error.report


def _lay_out(folder: Path, paper: str, edition: str, start: int, digest: str,
             report: Report, timeout: float | None) -> Laid:
    from ..epub.package import render_epub
    from ..pdf.boxes import page_breaks
    from ..pdf.layout import render_pdf, target_pages, write_pdf_bytes
    from ..web.page import render as render_web
    from .folio_layer import with_folios

    timings: dict[str, float] = {}
    own = load_book(folder, report, edition=edition, timings=timings)
    clock = Clock(timings)
    book = dataclasses.replace(own, metadata=dataclasses.replace(own.metadata, paper=paper))
    with tempfile.TemporaryDirectory(prefix="samizdat-reader-") as tmp:
        sheet = Path(tmp) / "reader-handout.css"
        counter = f"@page :first {{ counter-reset: page {start} }}" if start != 1 else ""
        sheet.write_text(NO_FOLIO + counter, encoding="utf-8")
        options = {"timeout": timeout} if timeout else {}
        document = render_pdf(book, report, extra_stylesheets=[sheet], **options)
    clock.lap("layout")
    pdf = write_pdf_bytes(document, book)
    clock.lap("pdf writing")
    own_pdf = with_folios(folder, pdf, own.metadata.lang, paper) if start == 1 else b""
    clock.lap("own pdf")
    laid = dataclasses.replace(book, page_breaks=page_breaks(document),
                               target_pages=target_pages(document, book))
    anchors = heading_pages(document, own)
    epub = render_epub(laid, report)  # the site's files: pages counted from 1
    clock.lap("epub")
    name = own.metadata.basename
    html, _ = render_web(dataclasses.replace(laid, page_breaks=()), report, timings,
                         editions={"pdf": f"{name}.pdf", "epub": f"{name}.epub"})
    check_edition(own, {"pdf": pdf, "epub": epub, "html": html}, None, report, timings)
    report.settle()
    return Laid(digest, start, laid, pdf, own_pdf, len(document.pages), anchors, epub, html,
                tuple(report.diagnostics), tuple(timings.items()))


def heading_pages(document, book: Book) -> tuple[tuple[str, int], ...]:
    """The page (from 1) each chapter and section heading is set on."""
    wanted = {h.id for h in book.headings} | {c.id for c in book.chapters}
    found = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            if anchor in wanted:
                found.setdefault(anchor, number)
    return tuple(found.items())


def with_offset(book: Book, offset: int) -> Book:
    """The book's page list and page references shifted by offset pages (onto a reader's
    folios, or back to the handout's own)."""
    if not offset:
        return book
    return dataclasses.replace(
        book, page_breaks=tuple(PageBreak(b.page + offset, b.block, b.offset)
                                for b in book.page_breaks),
        target_pages=tuple((label, page + offset) for label, page in book.target_pages))


def relocated(report: Report, written: str) -> list[Diagnostic]:
    """A handout's diagnostics with their paths relative to the course folder."""
    return [dataclasses.replace(d, location=Location(f"{written}/{d.location.path}",
                                                     d.location.line, d.location.column)
                                if d.location else Location(written))
            for d in report.diagnostics]


class Cache:
    """Laid-out handouts in build/.reader/, one file per handout, digest and start."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: dict[str, bytes] = {}
        self.made: dict[str, Laid] = {}

    def name(self, prefix: str, digest: str, start: int) -> str:
        return f"{prefix}-{digest}-{start}.pickle"

    def get(self, prefix: str, digest: str, start: int) -> Laid | None:
        path = self.folder / self.name(prefix, digest, start)
        if path.name in self.made:
            return self.made[path.name]
        try:
            laid = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None
        self.used[path.name] = b""
        return laid if isinstance(laid, Laid) and laid.digest == digest else None

    def put(self, prefix: str, laid: Laid) -> None:
        name = self.name(prefix, laid.digest, laid.start)
        self.used[name], self.made[name] = pickle.dumps(laid), laid

    def files(self) -> dict[Path, bytes]:
        """The entries to write (new ones); old entries not used again are dropped later."""
        return {self.folder / name: data for name, data in self.used.items() if data}

    def stale(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob("*.pickle") if p.name not in self.used]
