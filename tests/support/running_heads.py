"""The running heads of a built PDF, read from the page: the text above the text block, its
left and right halves apart, and the body's lines below it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

MM = 72 / 25.4
# page width (pt) -> top margin (mm), as styles/print.css sets them: A4, Letter, A5, half-letter
TOP_MARGIN = {595: 22, 612: 21, 420: 15, 396: 15}


@dataclass
class Page:
    left: str  # the head in the page's left half
    right: str
    body: list[str]  # the lines below the head, top to bottom


def pages(pdf: Path) -> list[Page]:
    found = []
    for page in pdfium.PdfDocument(pdf):
        width, height = page.get_size()
        top = height - TOP_MARGIN[round(width)] * MM + 2  # 2 pt above the text block
        text = page.get_textpage()
        body = text.get_text_bounded(0, 0, width, top)
        found.append(Page(text.get_text_bounded(0, top, width / 2, height).strip(),
                          text.get_text_bounded(width / 2, top, width, height).strip(),
                          [line.strip() for line in body.splitlines() if line.strip()]))
    return found
