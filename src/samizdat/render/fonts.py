"""The packaged body font: where its files are and the @font-face rules that name it; and the
math font the formulas are set in."""

from __future__ import annotations

from pathlib import Path

FAMILY = "samizdat serif"
# (file stem, weight, style) from the font-source-serif-pro package
FACES = (
    ("SourceSerifPro-Regular", 400, "normal"),
    ("SourceSerifPro-It", 400, "italic"),
    ("SourceSerifPro-Semibold", 600, "normal"),
    ("SourceSerifPro-SemiboldIt", 600, "italic"),
    ("SourceSerifPro-Bold", 700, "normal"),
    ("SourceSerifPro-BoldIt", 700, "italic"),
)


def font_dir() -> Path:
    """The folder of the packaged Source Serif font files."""
    import font_source_serif_pro

    return Path(font_source_serif_pro.__file__).parent / "files"


MATH_FAMILY = "samizdat math"


def math_font_file() -> Path:
    """STIX Two Math as the ziamath package ships it (the PDF's formulas are drawn in it),
    found without importing ziamath, which loads the font at once."""
    import importlib.util

    spec = importlib.util.find_spec("ziamath")
    return Path(spec.submodule_search_locations[0]) / "fonts" / "STIXTwoMath-Regular.ttf"


def font_files() -> list[tuple[Path, int, str]]:
    """Each face's file, weight and style."""
    folder = font_dir()
    return [(folder / f"{stem}.ttf", weight, style) for stem, weight, style in FACES]


def font_face_css(url_for=lambda path: path.as_uri()) -> str:
    """@font-face rules for the packaged faces; url_for gives each file's URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{url_for(path)}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for path, weight, style in font_files())
