"""PNG images of the PDF's pages, so a page can be looked at without a PDF viewer."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from ..atomic import confined
from ..diagnostics import Report

log = logging.getLogger(__name__)

RESOLUTION = 100  # dots per inch: a whole A4 page fits a laptop screen


def write_preview(root: Path, report: Report, paper: str | None = None) -> list[Path]:
    """Render build/NAME.pdf (built first if missing) into build/preview/page-NN.png."""
    import pypdfium2

    from ..build import build, load_book, output_path

    book = load_book(root, Report())
    pdf = output_path(book, "pdf")
    if paper or not pdf.exists():
        pdf = build(root, ("pdf",), report, paper=paper)["pdf"]
    folder = pdf.parent / "preview"
    confined(folder / "page-01.png")
    folder.mkdir(exist_ok=True)
    confined(folder / "page-01.png")  # build/preview itself may be a link
    for old in folder.glob("page-*.png"):
        old.unlink()
    started = time.perf_counter()
    document = pypdfium2.PdfDocument(str(pdf))
    pages = []
    try:
        for number in range(len(document)):
            image = document[number].render(scale=RESOLUTION / 72).to_pil()
            path = folder / f"page-{number + 1:02d}.png"
            image.save(path, optimize=True)
            pages.append(path)
    finally:
        document.close()
    log.info("wrote %d page images to %s (%.2f s)", len(pages), folder,
             time.perf_counter() - started)
    return pages
