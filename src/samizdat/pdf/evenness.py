"""How evenly a built PDF's body text is set, read from the PDF (pdfium's character boxes):
word spacing against the font's natural space, neighbouring lines, letter-spacing,
hyphenation and the breaks a compositor avoids.

Usage: python -m samizdat.pdf.evenness build/book.pdf [...]

The targets are a compositor's (issue "A compositor's judgement"): the median word space at
most MOST_MEDIAN times the font's natural space, at most MOST_LOOSE of the justified lines
over LOOSE times it, MOST_HYPHENATED_LINES at most hyphenated, no run of three, no line
letter-spaced, no ragged line inside a justified paragraph; tight lines and neighbouring-line
jumps fewer than Typst sets on the same text (TYPST_*, recorded on the Helsinki handout at A4).
"""

from __future__ import annotations

import ctypes
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..core.language import capitalises_nouns
from .lines.settings import LOOSE

HYPHENS = "-\u2010\x02"  # pdfium reports a line-end hyphen as U+0002
DASHES = HYPHENS + "\u2013"
SPACES = " \u00a0\u2009\u202f"
FIXED_PITCH = 1  # PDF font descriptor flag 1
MOST_MEDIAN = 1.15  # the median word space, a multiple of the font's natural space at most
MOST_LOOSE = 0.01  # of the justified body lines, loose
TIGHT = 0.75  # a line whose mean word space is under this multiple of the median is tight
JUMP = 1.6  # neighbouring lines whose spaces differ by more than this factor jump
SPACED = 0.012  # a line's words this much wider than elsewhere: the line is letter-spaced
FEWEST_HYPHENATED_LINES = 0.03  # of the justified body lines, ending in a hyphen
MOST_HYPHENATED_LINES = 0.08
# Typst 0.12, the same text, font and size: the Helsinki handout at A4
TYPST_LINES, TYPST_TIGHT, TYPST_JUMPS = 163, 23, 25


@dataclass
class Char:
    """A character as the PDF places it."""
    char: str
    x0: float
    x1: float
    y: float  # baseline
    size: float
    mono: bool = False  # of a fixed-pitch font: inline code, whose spaces are not word spaces
    font: str = ""


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
    """The measures of even colour over a PDF's body lines (spaces in pt)."""
    lines: int = 0  # justified body lines: flush at both edges, a paragraph's last excepted
    natural_space: float = 0.0  # the body font's space (U+0020) at the body size
    median_space: float = 0.0
    tight: int = 0
    jumps: int = 0
    loose: int = 0
    letter_spaced: int = 0
    ragged: int = 0  # lines inside a justified paragraph that end short of the measure
    hyphenated: int = 0
    runs_of_three: int = 0
    longest_hyphen_run: int = 0
    final_line_hyphens: int = 0
    short_fragments: int = 0
    broken_ranges: int = 0
    name_breaks: int = 0
    problems: list[str] = field(default_factory=list)
    names: bool = True  # whether a capital marks a name: not in German

    @property
    def median_ratio(self) -> float:
        return self.median_space / self.natural_space if self.natural_space else 0.0

    def share(self, count: int) -> float:
        return count / self.lines if self.lines else 0.0

    @property
    def loose_share(self) -> float:
        return self.share(self.loose)

    @property
    def hyphen_share(self) -> float:
        return self.share(self.hyphenated)

    def failures(self) -> list[str]:
        """The targets this PDF misses, in words."""
        checks = [(self.median_ratio <= MOST_MEDIAN,
                   f"median word space {self.median_ratio:.2f}x natural"),
                  (self.loose_share <= MOST_LOOSE, f"{self.loose}/{self.lines} lines loose"),
                  (self.share(self.tight) < TYPST_TIGHT / TYPST_LINES,
                   f"{self.tight}/{self.lines} lines tight"),
                  (self.share(self.jumps) < TYPST_JUMPS / TYPST_LINES,
                   f"{self.jumps}/{self.lines} neighbouring lines jump"),
                  (not self.letter_spaced, f"{self.letter_spaced} lines letter-spaced"),
                  (not self.ragged, f"{self.ragged} ragged lines in justified paragraphs"),
                  (self.longest_hyphen_run < 3,
                   f"{self.longest_hyphen_run} hyphenated lines in a row"),
                  (self.hyphen_share <= MOST_HYPHENATED_LINES,
                   f"{self.hyphenated}/{self.lines} lines hyphenated"),
                  (not self.final_line_hyphens,
                   f"{self.final_line_hyphens} hyphens before a last line"),
                  (not self.short_fragments, f"{self.short_fragments} short fragments"),
                  (not self.broken_ranges, f"{self.broken_ranges} broken number ranges"),
                  (not self.name_breaks, f"{self.name_breaks} capitalised words hyphenated")]
        return [message for ok, message in checks if not ok]

    def __str__(self) -> str:
        return (f"{self.lines} justified body lines; natural space {self.natural_space:.2f} pt\n"
                f"median word space {self.median_space:.2f} pt ({self.median_ratio:.2f}x natural)\n"
                f"tight (< {TIGHT}x median): {self.tight} ({self.share(self.tight):.1%})\n"
                f"neighbouring lines > {JUMP}x apart: {self.jumps} ({self.share(self.jumps):.1%})\n"
                f"loose (> {LOOSE}x natural): {self.loose} ({self.loose_share:.1%})\n"
                f"letter-spaced (words > {SPACED:.1%} wider): {self.letter_spaced}\n"
                f"ragged inside justified paragraphs: {self.ragged}\n"
                f"hyphenated: {self.hyphenated} ({self.hyphen_share:.1%}), longest run "
                f"{self.longest_hyphen_run}, runs of three {self.runs_of_three}\n"
                f"hyphen before a last line: {self.final_line_hyphens}\n"
                f"short fragments: {self.short_fragments}, broken ranges: {self.broken_ranges}, "
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
            flags, name = ctypes.c_int(), ctypes.create_string_buffer(128)
            raw.FPDFText_GetFontInfo(text, i, name, 128, ctypes.byref(flags))
            chars.append(Char(chr(code), x0, x1, round(y.value, 1), round(size, 2),
                              bool(flags.value & FIXED_PITCH), name.value.decode(errors="replace")))
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
    every = body_lines(read_chars(path))
    lines = mark_justified(every)
    figures = Figures(names=not capitalises_nouns(pdf_language(path)))
    figures.natural_space = natural_space(every)
    justified = [line for line in lines if line.justified]
    figures.lines = len(justified)
    if justified:
        _spacing(justified, figures)
    # the title block above the first justified line is set line by line, tracked by design
    start = next((i for i, line in enumerate(every) if line.justified), len(every))
    figures.letter_spaced = _letter_spaced(every, start, figures)
    figures.ragged = _ragged([line for line in lines if every.index(line) >= start], figures)
    _hyphenation(lines, figures)
    return figures


def natural_space(lines: list[Line]) -> float:
    """The body font's space at the body size: the advance of its U+0020, which pdfium's
    loose box spans whatever justification adds around it."""
    size = _body_size(lines)
    widths = Counter(round(c.x1 - c.x0, 3) for line in lines for c in line.chars
                     if c.char == " " and abs(c.size - size) < 0.05 and not c.mono)
    return widths.most_common(1)[0][0] if widths else 0.0


def _body_size(lines: list[Line]) -> float:
    sizes = Counter(c.size for line in lines for c in line.chars if c.char not in SPACES)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _spacing(justified: list[Line], figures: Figures) -> None:
    means = [statistics.mean(line.spaces()) for line in justified]
    median = figures.median_space = statistics.median(means)
    loose = LOOSE * figures.natural_space
    for line, mean in zip(justified, means, strict=True):
        if mean > loose:
            figures.loose += 1
            figures.problems.append(f"p.{line.page + 1} loose ({mean / figures.natural_space:.2f}x"
                                    f" natural): {line.text}")
        figures.tight += mean < TIGHT * median
    pairs = zip(zip(justified, means, strict=True), zip(justified[1:], means[1:], strict=True),
                strict=False)
    for (a, m), (b, n) in pairs:
        if a.page == b.page and max(m, n) > JUMP * min(m, n):
            figures.jumps += 1


def _letter_spaced(lines: list[Line], start: int, figures: Figures) -> int:
    """Lines from start whose words are, on their median, more than SPACED wider than the
    same words elsewhere in the book (letter-spacing widens a word; the planner's joiners do
    not)."""
    size = _body_size(lines)
    seen = defaultdict(list)
    measured = []
    for line in lines:
        words = _word_widths(line, size)
        measured.append(words)
        for text, width in words:
            seen[text].append(width)
    usual = {text: statistics.median(widths) for text, widths in seen.items() if len(widths) > 1}
    count = 0
    for line, words in list(zip(lines, measured, strict=True))[start:]:
        ratios = [width / usual[text] for text, width in words if text in usual]
        # three words at least: a heading's two words tracked by the stylesheet are not
        if len(ratios) >= 3 and statistics.median(ratios) > 1 + SPACED:
            count += 1
            figures.problems.append(f"p.{line.page + 1} letter-spaced: {line.text}")
    return count


def _word_widths(line: Line, size: float) -> list[tuple[str, float]]:
    """The line's words of four letters or more at the body size, each with its font, and
    their widths."""
    words, current = [], []
    for c in [*line.chars, None]:
        if c is not None and c.char.isalpha() and abs(c.size - size) < 0.05 and not c.mono \
                and (not current or c.x0 - current[-1].x1 < 0.15 * size):
            current.append(c)
            continue
        if len(current) >= 4:
            words.append(("".join(ch.char for ch in current) + "\0" + current[0].font,
                          current[-1].x1 - current[0].x0))
        current = [c] if c is not None and c.char.isalpha() else []
    return words


def _ragged(lines: list[Line], figures: Figures) -> int:
    """Lines inside a justified paragraph (followed on their page, at the usual leading, by
    a line starting where they start, at the text block's left edge: not a hanging indent's
    lines) that end short of the edge the block's lines keep."""
    size = _body_size(lines)
    steps = Counter(round(a.chars[0].y - b.chars[0].y, 1)
                    for a, b in zip(lines, lines[1:], strict=False) if a.page == b.page)
    if not steps:
        return 0
    leading = steps.most_common(1)[0][0]
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    edge = Counter(round(line.x1) for line in lines).most_common(1)[0][0]
    count = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page != b.page or abs(a.chars[0].y - b.chars[0].y - leading) > 0.2 \
                or abs(a.x0 - b.x0) > 0.5 or abs(a.x0 - left) > 1:
            continue
        # a line that ends in a space ends in an inline image, which pdfium does not see
        if a.x1 < edge - 0.5 * size * 0.75 and len(a.spaces()) > 1 \
                and a.text[-1:] not in SPACES:
            count += 1
            figures.problems.append(f"p.{a.page + 1} ragged: {a.text}")
    return count


def _hyphenation(lines: list[Line], figures: Figures) -> None:
    run = 0
    for line, following in zip(lines, lines[1:] + [None], strict=True):
        run = run + 1 if line.hyphenated() else 0
        figures.longest_hyphen_run = max(figures.longest_hyphen_run, run)
        figures.runs_of_three += run == 3
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
