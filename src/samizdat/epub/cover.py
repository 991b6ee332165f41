"""A cover image drawn from the metadata: title, subtitle and author in the packaged serif."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from ..core.model import Book
from ..render.fonts import font_dir

SIZE = (1200, 1800)
MARGIN = 120
INK = (20, 20, 20)
PAPER = (246, 242, 232)
ACCENT = (150, 30, 30)


def render_cover(book: Book) -> bytes:
    """JPEG bytes (the cover format every reader and store takes); the same metadata always
    gives the same bytes."""
    meta = book.metadata
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    draw.rectangle([0, 0, SIZE[0], 56], fill=ACCENT)
    y = 360
    y = _paragraph(draw, meta.title, _font("Semibold", 118), width, y, INK, 1.12)
    draw.line([MARGIN, y + 40, MARGIN + 240, y + 40], fill=ACCENT, width=6)
    y += 110
    if meta.subtitle:
        y = _paragraph(draw, meta.subtitle, _font("It", 62), width, y, INK, 1.25)
    byline = ", ".join(meta.author) or meta.publisher or ""
    if byline:
        font = _font("Regular", 52)
        draw.text((MARGIN, SIZE[1] - MARGIN - 60), byline, font=font, fill=INK)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _font(face: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_dir() / f"SourceSerifPro-{face}.ttf"), size)


def _paragraph(draw, text, font, width, y, fill, leading) -> int:
    """Wrap text to the width; returns the y below the last line."""
    per_line = max(8, int(width / (font.size * 0.5)))
    for chars in range(per_line, 4, -1):
        lines = textwrap.wrap(text, chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            break
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=fill)
        y += int(font.size * leading)
    return y
