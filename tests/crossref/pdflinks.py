"""The PDF's links as a reader sees them: where each leads, and the text it covers
(pypdf reads the annotations, pdfium the text inside each one's rectangle)."""

from __future__ import annotations

import pypdf
import pypdfium2


def pdf_links(path) -> list[tuple[int, str, str]]:
    """(page, destination name, text inside the link's rectangle) for every link, once
    (WeasyPrint gives a link holding generated text a second annotation, the same rect)."""
    reader = pypdf.PdfReader(path)
    document = pypdfium2.PdfDocument(str(path))
    links, seen = [], set()
    for number, page in enumerate(reader.pages, 1):
        text = document[number - 1].get_textpage()
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            inside = text.get_text_bounded(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            rect = (number, round(x0), round(y0))
            if rect in seen:
                continue
            seen.add(rect)
            links.append((number, str(annot["/Dest"]), " ".join(inside.split())))
    return links


def destination_pages(path) -> dict[str, int]:
    """Each named destination (an id of the book) and the page it is on."""
    reader = pypdf.PdfReader(path)
    return {str(name): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}
