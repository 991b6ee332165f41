"""How evenly a built PDF's body text is set: word spacing and hyphenation, read from the PDF.

Usage: python -m samizdat.pdf.evenness build/book.pdf
"""

from __future__ import annotations

import ctypes
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..core.language import capitalises_nouns

HYPHENS = "-\u2010\x02"  # pdfium reports a line-end hyphen as U+0002
DASHES = HYPHENS + "\u2013"
SPACES = " \u00a0\u2009\u202f"
FIXED_PITCH = 1  # PDF font descriptor flag 1


@dataclass
class Char:
    """A character as the PDF places it."""
    char: str
    x0: float
    x1: float
    y: float  # baseline
    size: float
    mono: bool = False  # of a fixed-pitch font: inline code, whose spaces are not word spaces


@dataclass
class Line:
    """A line of body text, its characters left to right."""
    chars: list[Char]
    page: int
    justified: bool = False

    @property
    def text(self) -> str:
        return "".join(c.char for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars if c.char not in SPACES)

    def words(self) -> list[str]:
        """The line's words, split at space characters or visible gaps."""
        words, last = [""], None
        for c in self.chars:
            if c.char in SPACES:
                words.append("")
                continue
            if last is not None and c.x0 - last.x1 > 0.15 * c.size:
                words.append("")
            words[-1] += c.char
            last = c
        return [w for w in words if w]

    def spaces(self) -> list[float]:
        """Gaps between words: a space character or a visible gap separates them; not the
        spaces inside inline code, which keep the code font's fixed pitch."""
        gaps, last_ink, in_gap = [], None, False
        for c in self.chars:
            if c.char in SPACES:
                in_gap = True
                continue
            if last_ink is not None and (in_gap or c.x0 - last_ink.x1 > 0.15 * c.size) \
                    and not (c.mono and last_ink.mono):
                gaps.append(c.x0 - last_ink.x1)
            last_ink, in_gap = c, False
        return gaps

    def hyphenated(self) -> bool:
        t = self.text.rstrip(SPACES)
        return len(t) > 1 and t[-1] in HYPHENS and t[-2].isalpha()


@dataclass
class Figures:
    """The measures of even colour over a PDF's justified body lines."""
    lines: int = 0
    median_space: float = 0.0
    loose: int = 0
    hyphenated: int = 0
    longest_hyphen_run: int = 0
    final_line_hyphens: int = 0
    short_fragments: int = 0
    broken_ranges: int = 0
    name_breaks: int = 0
    problems: list[str] = field(default_factory=list)
    names: bool = True  # whether a capital marks a name: not in German

    @property
    def loose_share(self) -> float:
        return self.loose / self.lines if self.lines else 0.0

    @property
    def hyphen_share(self) -> float:
        return self.hyphenated / self.lines if self.lines else 0.0

    def failures(self) -> list[str]:
        """The targets this PDF misses, in words."""
        checks = [(self.loose_share <= 0.01, f"{self.loose}/{self.lines} lines loose"),
                  (self.longest_hyphen_run < 3,
                   f"{self.longest_hyphen_run} hyphenated lines in a row"),
                  (self.hyphen_share <= 0.08, f"{self.hyphenated}/{self.lines} lines hyphenated"),
                  (not self.final_line_hyphens,
                   f"{self.final_line_hyphens} hyphens before a last line"),
                  (not self.short_fragments, f"{self.short_fragments} short fragments"),
                  (not self.broken_ranges, f"{self.broken_ranges} broken number ranges"),
                  (not self.name_breaks, f"{self.name_breaks} capitalised words hyphenated")]
        return [message for ok, message in checks if not ok]

    def __str__(self) -> str:
        return (f"{self.lines} justified body lines, median word space {self.median_space:.2f} pt\n"
                f"loose (> 1.6x median): {self.loose} ({self.loose_share:.1%})\n"
                f"hyphenated: {self.hyphenated} ({self.hyphen_share:.1%}), longest run "
                f"{self.longest_hyphen_run}\nhyphen before a last line: {self.final_line_hyphens}"
                f"\nshort fragments: {self.short_fragments}, broken ranges: {self.broken_ranges}, "
                f"capitalised words hyphenated: {self.name_breaks}")


def pdf_language(path) -> str | None:
    """The document's language, from the catalog's /Lang."""
    with pikepdf.open(path) as pdf:
        lang = pdf.Root.get("/Lang")
        return str(lang) if lang is not None else None


def read_chars(path) -> list[list[Char]]:
    """Each page's characters with their advance boxes, baselines and font sizes."""
    pages = []
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        text = page.get_textpage()
        chars = []
        for i in range(text.count_chars()):
            code = raw.FPDFText_GetUnicode(text, i)
            size = raw.FPDFText_GetFontSize(text, i)
            if code in (10, 13, 0x2060) or size <= 1 or raw.FPDFText_IsGenerated(text, i) == 1:
                continue  # pdfium makes up spaces and line ends where it guesses them
            x0, _, x1, _ = text.get_charbox(i, loose=True)
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(text, i, ctypes.byref(x), ctypes.byref(y))
            flags = ctypes.c_int()
            raw.FPDFText_GetFontInfo(text, i, None, 0, ctypes.byref(flags))
            chars.append(Char(chr(code), x0, x1, round(y.value, 1), round(size, 2),
                              bool(flags.value & FIXED_PITCH)))
        pages.append(chars)
    pdf.close()
    return pages


def body_lines(pages: list[list[Char]]) -> list[Line]:
    """Lines of body-size text in reading order, with note calls attached to their line."""
    body = Counter(c.size for chars in pages for c in chars if c.char not in SPACES)
    size = body.most_common(1)[0][0] if body else 0
    lines = []
    for n, chars in enumerate(pages):
        rows: dict[float, list[Char]] = {}
        for c in chars:
            if abs(c.size - size) < 0.05:
                rows.setdefault(c.y, []).append(c)
        for c in chars:  # smaller text on a body line: note calls, sub- and superscripts, code
            if c.size < size - 0.05:
                row = next((y for y in rows if -0.35 * size < c.y - y < 0.6 * size), None)
                if row is not None:
                    rows[row].append(c)
        ys = sorted(rows, reverse=True)
        if len(ys) > 2 and ys[0] - ys[1] > 1.8 * (ys[1] - ys[2]):
            ys = ys[1:]  # a running head, set apart above the text: not a line of it
        lines += [Line(sorted(rows[y], key=lambda c: c.x0), n) for y in ys]
    return lines


def mark_justified(lines: list[Line]) -> list[Line]:
    """Body lines that run from the text block's left edge (or an indent) to its right edge."""
    if not lines:
        return []
    size = Counter(c.size for line in lines for c in line.chars).most_common(1)[0][0]
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in lines).most_common(1)[0][0]
    block = [line for line in lines if left - 1 <= line.x0 <= left + 2 * size]
    for line in block:
        line.justified = abs(line.x1 - right) < 1.5 and len(line.spaces()) > 0
    return block


def measure(path) -> Figures:
    """The evenness figures of a built PDF; a hyphenated capitalised word counts as a name
    broken only in a language that capitalises names alone (the PDF's /Lang says which)."""
    lines = mark_justified(body_lines(read_chars(path)))
    figures = Figures(names=not capitalises_nouns(pdf_language(path)))
    justified = [line for line in lines if line.justified]
    means = [statistics.mean(line.spaces()) for line in justified]
    figures.lines = len(justified)
    if not justified:
        return figures
    figures.median_space = statistics.median(means) * 0.75  # px -> pt
    limit = 1.6 * statistics.median(means)
    figures.loose = sum(mean > limit for mean in means)
    figures.problems += [f"p.{line.page + 1} loose: {line.text}"
                         for line, mean in zip(justified, means, strict=True) if mean > limit]
    _hyphenation(lines, figures)
    return figures


def _hyphenation(lines: list[Line], figures: Figures) -> None:
    run = 0
    for line, following in zip(lines, lines[1:] + [None], strict=True):
        run = run + 1 if line.hyphenated() else 0
        figures.longest_hyphen_run = max(figures.longest_hyphen_run, run)
        if not line.justified:
            run = 0
        if following is None:
            continue
        end, start = " ".join(line.words()), " ".join(following.words())
        if end[-1:] in DASHES and end[-2:-1].isdigit() and start[:1].isdigit():
            figures.broken_ranges += 1
            figures.problems.append(f"p.{line.page + 1} range: {end[-12:]} / {start[:8]}")
        if not line.hyphenated():
            continue
        figures.hyphenated += 1
        before, after = _letters(end[:-1][::-1]), _letters(start)
        # a last line ends short of the line before: of its measure (a block quote's is
        # narrower than the text block's), not of the text block
        if following.x1 < line.x1 - 0.5 * line.chars[0].size:
            figures.final_line_hyphens += 1
            figures.problems.append(f"p.{line.page + 1} before a last line: {end[-12:]}")
        if len(before) < 3 or len(after) < 3:
            figures.short_fragments += 1
            figures.problems.append(f"p.{line.page + 1} fragment: {before[::-1]}-/{after}")
        if figures.names and before[::-1][:1].isupper() \
                and not end[:-1 - len(before)].endswith(tuple(HYPHENS)):
            figures.name_breaks += 1
            figures.problems.append(f"p.{line.page + 1} name: {before[::-1]}-/{after}")


def _letters(text: str) -> str:
    n = 0
    while n < len(text) and text[n].isalpha():
        n += 1
    return text[:n]


def main(argv: list[str]) -> int:
    """Print each PDF's figures and the targets it misses."""
    for path in argv:
        figures = measure(path)
        print(f"{path}\n{figures}")
        for problem in figures.problems:
            print(f"  {problem}")
        failures = figures.failures()
        print("targets met" if not failures else "targets missed: " + "; ".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
