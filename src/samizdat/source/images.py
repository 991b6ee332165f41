"""Every raster image the book names, opened and read to its end once, before any edition:
a truncated, damaged or mislabelled file, or one with more pixels than is safe to open, is an
error at the line that names it (SVG drawings are parsed by svgclean.py's check)."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

# What Pillow calls each kind of file the editions take (core/model.py's IMAGE_TYPES).
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
# Pillow's own limit against decompression bombs (89.5 million pixels, about 350 MB to hold
# as RGBA): a photo for a page is far smaller, and WeasyPrint and the web page open it too.
MAX_PIXELS = 89_478_485


def image_problem(path: Path) -> tuple[str, str] | None:
    """(code, reason) when the file cannot be used as the image its suffix says, else None.
    Cached by the file's size and time, so a live server reads an unchanged image once."""
    stat = path.stat()
    return _problem(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _problem(path: Path, mtime_ns: int, size: int) -> tuple[str, str] | None:
    from PIL import Image, UnidentifiedImageError

    expected = FORMATS.get(path.suffix.lower())
    if expected is None:
        return None  # not a kind the editions take: the manuscript check says so (SZ206)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below
        try:
            with Image.open(path) as image:
                found, pixels = image.format, image.width * image.height
                if pixels > MAX_PIXELS:
                    return "SZ131", too_large(pixels)
                image.verify()  # the file's structure and checksums, without decoding
            with Image.open(path) as image:
                image.load()  # every pixel decoded: a file cut short ends here
        except Image.DecompressionBombError as error:
            counted = re.search(r"\((\d+) pixels\)", str(error))
            return "SZ131", too_large(int(counted.group(1)) if counted else MAX_PIXELS + 1)
        except UnidentifiedImageError:
            return "SZ130", f"the file is not an image{beginning(path)}"
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            return "SZ130", damaged(error)
    if found != expected:
        return "SZ130", (f"the file is a {found} image, not {expected} as its name says: "
                         f"rename it to end in {SUFFIXES.get(found, '.' + found.lower())}")
    return None


def too_large(pixels: int) -> str:
    """What to say of an image with more pixels than is safe to open."""
    return (f"it has {pixels / 1e6:.0f} million pixels, more than samizdat opens "
            f"({MAX_PIXELS / 1e6:.0f} million): scale it down (3000 pixels on the long side "
            "prints sharp on any page)")


def damaged(error: BaseException) -> str:
    """Pillow's complaint in words: most often a file cut short in copying."""
    text = str(error)
    if "truncated" in text.lower() or isinstance(error, EOFError):
        return "the file is truncated: it ends before the image does (copy or export it again)"
    return f"the file is damaged ({text or type(error).__name__}): export it again"


def beginning(path: Path) -> str:
    """' (it begins '…')' when the file starts as text: a web page or a note saved under an
    image's name."""
    start = path.read_bytes()[:200].strip().split(b"\n", 1)[0]
    try:
        first = start.decode("utf-8").strip()
    except UnicodeDecodeError:
        return ""
    if not first or not first.isprintable():
        return ""
    shown = first if len(first) <= 40 else first[:40] + "…"
    return f" (it begins '{shown}': a text file under an image's name)"
