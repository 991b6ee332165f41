"""Line ends a built PDF has at places Chicago never breaks: the last word of each line and
the first of the next, read from the page, bound again by assemble/no_break.py; a break that
binding would forbid is counted (the folio and a page's change are not line ends)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from samizdat.assemble.no_break import NBSP, WJ, bind_text


def page_lines(pdf: Path):
    for number, page in enumerate(pdfium.PdfDocument(pdf), 1):
        text = page.get_textpage().get_text_range()
        lines = [line.replace(WJ, "").replace(NBSP, " ").strip() for line in text.splitlines()]
        yield number, [line for line in lines if line and not line.isdigit()]


def forbidden_breaks(pdf: Path, lang: str) -> list[tuple[int, str]]:
    found = []
    for number, lines in page_lines(pdf):
        for before, after in zip(lines, lines[1:], strict=False):
            end, start = " ".join(before.split()[-2:]), " ".join(after.split()[:2])
            bound = bind_text(f"{end} {start}", lang)
            if bound[len(end)] == NBSP or bound[:len(end) + 1].endswith(WJ) or \
                    bound[len(end) - 1:len(end) + 1] in ("–" + WJ, "-" + WJ):
                found.append((number, f"{end} / {start}"))
    return found
