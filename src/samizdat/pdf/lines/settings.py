"""How paragraphs are set, and the measure of evenness the planner and the checks of built
PDFs share."""

from __future__ import annotations

from dataclasses import dataclass, field

# The measure of evenness: a line whose mean word space passes STANDS_OUT times the book's
# median stands out (is loose); where more than MOST_HYPHENATED of a book's lines would end
# in a hyphen, its letters share a loose line's room first (Settings.letter_stretch).
STANDS_OUT = 1.6
MOST_HYPHENATED = 0.075


@dataclass(frozen=True)
class Settings:
    """How paragraphs are set: justified (TeX's spacing) or ragged right with a shallow rag."""
    justify: bool = True
    hyphenate: bool = True  # False: lines end at spaces only (large print)
    # far above TeX's 50: a hyphen only where it saves a loose line keeps them under 1 in 12
    hyphen_penalty: float = 3000
    explicit_penalty: float = 3000
    stretch: float = 0.5  # of the space, as TeX's fonts
    # of the space, as TeX's. WeasyPrint cannot shrink a space: on a line set tighter than
    # the font's spaces, a negative word-spacing makes the shrunk space the natural one, and
    # justification stretches it back to fill the line (_pieces).
    shrink: float = 1 / 3
    rag: float = 1.5  # ems a ragged line may fall short with badness 100: a shallow rag
    min_fragment: int = 3
    looseness: dict[str, int] = field(default_factory=dict)  # data-b id -> -1, 0 or +1
    loose_tolerance: float = 800  # the worst badness a line may take for a looseness
    # a paragraph of at most short_lines lines that keeps a line standing out (STANDS_OUT)
    # even letter-spaced, its words too long to share out the room (names, titles), is set
    # ragged: a short ragged paragraph reads better than one with holes
    stands_out: float = STANDS_OUT
    short_lines: int = 3
    # a line whose word spaces would pass this multiple of the book's median takes the rest
    # in its letters (as a press's letter-spacing limits allow), up to tracking em a letter:
    # a line no breaks can fill, such as a first line before a long unbreakable word
    track_from: float = 1.55
    tracking: float = 0.015
    # where the first plans would hyphenate more than MOST_HYPHENATED of a book's lines (long
    # words at a narrow measure, as German at A5), each space may also stretch by
    # letter_stretch em a letter of the word before it: the room a loose line then leaves
    # goes to its letters (tracking above), not to a hyphen
    most_hyphenated: float = MOST_HYPHENATED
    letter_stretch: float = 0.0
    hyphen_letter_stretch: float = 0.005
