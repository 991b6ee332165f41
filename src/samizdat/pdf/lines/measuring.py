"""Measuring a paragraph with Pango and finding where its lines may end: the break
candidates and the Knuth-Plass items (boxes, glue, penalties) made from them."""

from __future__ import annotations

import re
from typing import NamedTuple

import pyphen

from ...core.language import capitalises_nouns
from ..engine.pango import advances, line_breaks
from .knuthplass import INFINITY, Box, Glue, Penalty
from .paragraphs import ATOM, Para, run_owner
from .settings import Settings

WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"\S+")
SPACE = re.compile(" ")
COMPOUND = re.compile(r"[^\W\d_][-\u2010][^\W\d_]")


def measure(para: Para) -> tuple[list[float], dict[int, float]]:
    """Cumulative x before each character of the paragraph, and the hyphen's width per run."""
    x = [0.0] * (len(para.text) + 1)
    hyphen = {}
    widths = {at: advances(span.get("data-number", "0"), para.call_style)[-1]
              for at, span in para.atoms.items()} if para.atoms else {}
    widths.update(para.image_widths)
    offset, position = 0.0, 0
    for run in para.runs:
        for index in range(position, run.start):  # note calls between runs
            offset += widths.get(index, 0.0)
            x[index + 1] = offset
        xs = advances(para.text[run.start:run.end], run.style)
        for k in range(1, len(xs)):
            x[run.start + k] = offset + xs[k]
        offset += xs[-1]
        position = run.end
        hyphen[run.start] = advances(run.style["hyphenate_character"], run.style)[-1]
    for index in range(position, len(para.text)):
        offset += widths.get(index, 0.0)
        x[index + 1] = offset
    return x, hyphen


class Break(NamedTuple):
    """A place a line may end in the paragraph's text."""
    position: int  # a space's index, or the index a line starts at after a hyphen or dash
    kind: str  # "space", "hyphen" (a U+00AD goes here), "explicit" (after "-"), "dash", "wbr"


def line_start(b: Break) -> int:
    """Where the line after the break starts in the text (after the space a line ends at)."""
    return b.position + 1 if b.kind == "space" else b.position


def break_candidates(para: Para, settings: Settings, hyphenate: bool = True) -> list[Break]:
    """Where a line may end: spaces, dictionary hyphens, after compound hyphens and em dashes;
    without hyphenate, at spaces (and <wbr>) only."""
    owner = run_owner(para)
    found = [Break(m.start(), "space") for m in SPACE.finditer(para.text)
             if _wraps(para, owner, m.start())]
    found += [Break(i, "wbr") for i in para.wbr]
    if hyphenate:
        dictionary = _dictionary(para, settings)
        for token in TOKEN.finditer(para.text):
            found += _token_breaks(para, owner, token, dictionary, settings)
    unique = {b.position: b for b in sorted(found, key=lambda b: b.kind != "space")}
    # Pango has the last word: no break where Unicode forbids one, as in '” (' or '1980–83'
    breaks = _line_breaks(para)
    return [b for k, b in sorted(unique.items()) if 0 < k < len(para.text)
            and (b.kind in ("hyphen", "wbr") or k + (b.kind == "space") in breaks)]


def _line_breaks(para: Para) -> set[int]:
    """Where Pango may break the paragraph's text (a note call counted as a digit)."""
    if "line_breaks" not in para.prepared:
        para.prepared["line_breaks"] = set(line_breaks(para.text.replace(ATOM, "1"), para.lang))
    return para.prepared["line_breaks"]


def _wraps(para: Para, owner: list[int], i: int) -> bool:
    n = owner[i]
    return n >= 0 and para.runs[n].wrap and para.runs[n].style is not None


def _dictionary(para: Para, settings: Settings):
    lang = para.lang and pyphen.language_fallback(para.lang.replace("-", "_"))
    if not lang:
        return None
    return pyphen.Pyphen(lang=lang, left=settings.min_fragment, right=settings.min_fragment)


def _token_breaks(para: Para, owner, token, dictionary, settings: Settings) -> list[Break]:
    """No breaks in numbers, URLs or capitalised words (names, in most languages: not where
    every noun is capitalised); fragments of at least min_fragment; a compound that holds a
    hyphen breaks at its hyphen only (Chicago: never "self-pub-/lished")."""
    text, start = token.group(), token.start()
    names = not capitalises_nouns(para.lang)
    if any(c.isdigit() for c in text) or "/" in text or "@" in text or \
            names and text[0].isupper():
        return []
    if COMPOUND.search(text):
        dictionary = None
    found = []
    for word in WORD.finditer(text):
        at = start + word.start()
        if owner[at] != owner[at + len(word.group()) - 1] or not _wraps(para, owner, at):
            continue  # a word split between elements stays whole
        if dictionary and len(word.group()) >= 2 * settings.min_fragment \
                and not (names and word.group()[0].isupper()):
            found += [Break(at + k, "hyphen") for k in dictionary.positions(word.group())]
        end = start + word.end()
        shortest = min(len(word.group()), _letters_after(para.text, end + 1))
        if end < token.end() and para.text[end] in "-\u2010" and shortest >= settings.min_fragment:
            found.append(Break(end + 1, "explicit"))
        elif end < token.end() - 1 and para.text[end] == "\u2014":
            found.append(Break(end + 1, "dash"))
    return found


def _letters_after(text: str, i: int) -> int:
    match = WORD.match(text, i)
    return len(match.group()) if match else 0


def make_items(para: Para, breaks: list[Break], x: list[float], hyphen: dict[int, float],
               settings: Settings) -> tuple[list, dict[int, Break]]:
    """Boxes, glue and penalties for the paragraph, and which item is which candidate."""
    items, where, previous = [], {}, 0
    owner = run_owner(para)
    hyphen_penalty = settings.hyphen_penalty if settings.justify else settings.ragged_penalty
    for b in breaks:
        items.append(Box(x[b.position] - x[previous]))
        if b.kind == "space":
            space = x[b.position + 1] - x[b.position]
            stretch = space * settings.stretch if settings.justify else 0.0
            where[len(items)] = b
            items.append(Glue(space, stretch, space * settings.shrink if settings.justify else 0))
            previous = b.position + 1
            continue
        width = hyphen[para.runs[owner[b.position]].start] if b.kind == "hyphen" else 0.0
        penalty = {"hyphen": hyphen_penalty, "explicit": hyphen_penalty,
                   "dash": hyphen_penalty, "wbr": 100}[b.kind]
        where[len(items)] = b
        items.append(Penalty(width, penalty, b.kind in ("hyphen", "explicit")))
        previous = b.position
    # TeX's \parfillskip, with no break before it
    items += [Box(x[len(para.text)] - x[previous]), Penalty(0, INFINITY), Glue(0, 1e9),
              Penalty(0, -INFINITY)]
    return items, where
