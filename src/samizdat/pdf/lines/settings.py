"""How paragraphs are set, and the measure of evenness the planner and the checks of built
PDFs share."""

from __future__ import annotations

from dataclasses import dataclass, field

# The measure of evenness: a line whose word spaces pass LOOSE times the font's natural
# space stands out (is loose)
LOOSE = 1.6


@dataclass(frozen=True)
class Settings:
    """How paragraphs are set: justified (TeX's spacing) or ragged right with a shallow rag."""
    justify: bool = True
    hyphenate: bool = True  # False: lines end at spaces only (large print)
    hyphen_penalty: float = 50  # TeX's \hyphenpenalty and \exhyphenpenalty, for dashes too
    stretch: float = 0.5  # of the space, as TeX's fonts
    # of the space, as TeX's. WeasyPrint cannot shrink a space: on a line set tighter than
    # the font's spaces, a negative word-spacing makes the shrunk space the natural one, and
    # justification stretches it back to fill the line (_pieces).
    shrink: float = 1 / 3
    rag: float = 1.5  # ems a ragged line may fall short with badness 100: a shallow rag
    min_fragment: int = 3
    looseness: dict[str, int] = field(default_factory=dict)  # data-b id -> -1, 0 or +1
    loose_tolerance: float = 800  # the worst badness a line may take for a looseness
    # TeX's passes: the spaces alone within pretolerance; then with hyphens, no line's spaces
    # past loose times the font's; then an emergency pass, at the least of the
    # emergency_tolerances that sets the paragraph, where a line still past loose takes the
    # rest in its letters, up to tracking em a letter (a line no breaks can fill, such as
    # one before a long unbreakable word), counted in the report (SZ415)
    pretolerance: float = 100
    loose: float = LOOSE
    emergency_tolerances: tuple[float, ...] = (300, 600, 1200, 2000)
    tracking: float = 0.015
    ragged_penalty: float = 3000  # ragged right: a hyphen only where the rag would be deep

    @property
    def tolerance(self) -> float:
        """The badness of a line whose spaces stretch to loose times the font's."""
        return 100 * ((self.loose - 1) / self.stretch) ** 3
