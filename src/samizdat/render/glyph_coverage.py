"""Characters no bundled font has: each is a warning at its line, naming its script, since every
reader's machine would print it in a font of its own, or as an empty box. Checked once per
book over the manuscript's characters (a set) against the union of the fonts' cmaps."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..core.diagnostics import Location, Report
from .fonts import font_files

# Characters some face of the packaged serif has (all of Latin-1 and nearly all of Latin
# Extended-A, the common punctuation): a book in a Latin script opens no font file for this
# check (tests/test_glyph_coverage.py proves the set against the fonts).
CERTAIN = frozenset(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2013, 0x2014,
                              *range(0x2018, 0x201F), 0x2022, 0x2026, 0x2030, 0x2039,
                              0x203A, 0x20AC])) - set("ĬĭĲĳŊŋŦŧ\u201b")
# Not printed as glyphs: controls, joiners, marks of direction (and variation selectors).
UNPRINTED = ("Cc", "Cf", "Zl", "Zp")
SCRIPTS = (  # (first, last, name): the scripts and blocks a handout most often meets
    (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"), (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"), (0x0590, 0x05FF, "Hebrew"), (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"), (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"), (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"), (0x0B80, 0x0BFF, "Tamil"), (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"), (0x0D00, 0x0D7F, "Malayalam"), (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"), (0x0F00, 0x0FFF, "Tibetan"), (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"), (0x1100, 0x11FF, "Korean Hangul"),
    (0x1200, 0x139F, "Ethiopic"), (0x1780, 0x17FF, "Khmer"),
    (0x2E80, 0x2FDF, "Chinese and Japanese Han"), (0x3000, 0x303F, "CJK punctuation"),
    (0x3040, 0x30FF, "Japanese kana"), (0x3130, 0x318F, "Korean Hangul"),
    (0x3400, 0x4DBF, "Chinese and Japanese Han"), (0x4E00, 0x9FFF, "Chinese and Japanese Han"),
    (0xAC00, 0xD7AF, "Korean Hangul"), (0xF900, 0xFAFF, "Chinese and Japanese Han"),
    (0xFF00, 0xFFEF, "CJK full-width forms"), (0x2600, 0x27BF, "Symbol and emoji"),
    (0x1F000, 0x1FAFF, "Emoji"), (0x20000, 0x3FFFF, "Chinese and Japanese Han"),
    (0x2190, 0x21FF, "Arrow"), (0x2200, 0x22FF, "Mathematical"), (0x27C0, 0x27EF, "Mathematical"),
    (0x2980, 0x2AFF, "Mathematical"), (0x1D400, 0x1D7FF, "Mathematical"),
    (0x2300, 0x23FF, "Technical symbol"), (0x2500, 0x25FF, "Box and shape"),
)


def script_of(character: str) -> str:
    """The script or block a character belongs to, in words a writer knows."""
    code = ord(character)
    for first, last, name in SCRIPTS:
        if first <= code <= last:
            return name
    kind = unicodedata.category(character)[0]
    if kind in "SP":  # a symbol or a mark of punctuation beyond the table
        return {"S": "Symbol", "P": "Punctuation"}[kind]
    words = unicodedata.name(character, "").split()  # RUNIC LETTER FEHU: Runic
    return words[0].title() if words else f"U+{code:04X}"


@lru_cache(maxsize=64)
def _missing(characters: frozenset[str]) -> frozenset[str]:
    """Of these characters, the ones no face has; each font file opened only while some are
    still unaccounted for."""
    from fontTools.ttLib import TTFont

    missing = {c for c in characters if unicodedata.category(c) not in UNPRINTED
               and not 0xFE00 <= ord(c) <= 0xFE0F and not 0xE0100 <= ord(c) <= 0xE01EF}
    for path, _, _ in font_files():
        if not missing:
            break
        missing -= {chr(code) for code in TTFont(path, lazy=True).getBestCmap()}
    return frozenset(missing)


def uncovered(characters: set[str]) -> frozenset[str]:
    """The characters no bundled font has."""
    rest = frozenset(characters - CERTAIN)
    return _missing(rest) if rest else frozenset()


def check_glyphs(texts: list[tuple[Location, str]], report: Report) -> None:
    """texts: where each text begins, and the text. A warning per line and script where
    characters no bundled font has are written, at the first of them."""
    missing = uncovered({c for _, text in texts for c in text})
    if not missing:
        return
    for start, text in texts:
        for number, line in enumerate(text.split("\n"), start.line):
            shift = (start.column or 1) - 1 if number == start.line else 0
            if missing.isdisjoint(line):
                continue
            scripts: dict[str, list[tuple[int, str]]] = {}
            for column, character in enumerate(line, 1):
                if character in missing:
                    scripts.setdefault(script_of(character), []).append((column, character))
            for script, found in scripts.items():
                shown = "".join(dict.fromkeys(c for _, c in found))
                report.warning("SZ134", f"{script} characters no bundled font has: {shown} "
                               "(each reader's machine prints them in a font of its own, or "
                               "as empty boxes)",
                               Location(start.path, number, found[0][0] + shift))
