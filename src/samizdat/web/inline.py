"""Everything the web page needs, inside the page: the fonts subset to the characters it
shows, and the images scaled to the largest size the page shows them at, as data: URLs."""

from __future__ import annotations

import base64
import io
import logging
import threading
from functools import cache, lru_cache
from pathlib import Path

from ..render.fonts import FAMILY, MATH_FAMILY, font_files, math_font_file

# The widest the text column ever is, in CSS pixels (web.css: 34em at 18 px), times two for
# high-density screens: images are never stored larger than the page can show them.
MAX_IMAGE_WIDTH = 1224
MAX_IMAGE_HEIGHT = 1440  # 80vh of a tall screen, at twice its density
JPEG_QUALITY = 82

# OpenType features the stylesheet asks for beyond the subsetters' defaults (kerning,
# ligatures, marks...): old-style, lining, proportional and tabular figures, small capitals.
EXTRA_FEATURES = ("onum", "lnum", "pnum", "tnum", "smcp", "c2sc")


def data_url(media_type: str, data: bytes) -> str:
    """A data: URL holding the bytes."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


# ---- Fonts -----------------------------------------------------------------------------------

_lock = threading.Lock()


@cache
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


def warm_fonts() -> None:
    """Read the font files and load the subsetter now, so the first page is quick too."""
    from fontTools.ttLib import woff2  # noqa: F401

    harfbuzz()
    for path, _, _ in font_files():
        _font_bytes(path)


@lru_cache(maxsize=64)
def subset_font(path: Path, characters: str, compress: bool = True) -> bytes:
    """A font holding only these characters (and what their features need): WOFF2, or with
    compress=False a TrueType font made in milliseconds (for the live server's pages).
    Cached: while an author writes, the characters of the book rarely change."""
    from fontTools.ttLib import woff2

    unicodes = sorted({ord(c) for c in characters} | {0x20})
    ttf = _hb_subset(_font_bytes(path), unicodes)
    if ttf is None:
        ttf = _fonttools_subset(_font_bytes(path), unicodes)
    if not compress:
        return ttf
    out = io.BytesIO()
    woff2.compress(io.BytesIO(ttf), out)
    return out.getvalue()


def _fonttools_subset(font: bytes, unicodes: list[int]) -> bytes:
    """The fallback where HarfBuzz's subsetter is not installed: the same fonts, slower."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = [*subset.Options().layout_features, *EXTRA_FEATURES]
    options.hinting = False
    with _lock:  # fontTools' caches are not made for threads
        face = TTFont(io.BytesIO(font))
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(face)
        out = io.BytesIO()
        face.save(out)
    return out.getvalue()


class _HarfBuzz:
    """HarfBuzz's subsetter through ctypes: a few milliseconds a face where fontTools takes
    half a second. The library is the one WeasyPrint uses (libharfbuzz-subset0)."""

    READONLY = 1
    NO_HINTING = 0x1
    LAYOUT_FEATURE_TAGS = 6  # hb_subset_sets_t

    def __init__(self) -> None:
        import ctypes
        import ctypes.util

        self.ctypes = ctypes
        name = ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0"
        lib = ctypes.CDLL(name)
        p, uint = ctypes.c_void_p, ctypes.c_uint
        for function, result, args in (
                ("hb_blob_create", p, [ctypes.c_char_p, uint, ctypes.c_int, p, p]),
                ("hb_face_create", p, [p, uint]),
                ("hb_subset_input_create_or_fail", p, []),
                ("hb_subset_input_unicode_set", p, [p]),
                ("hb_subset_input_set", p, [p, ctypes.c_int]),
                ("hb_subset_input_set_flags", None, [p, uint]),
                ("hb_set_add", None, [p, ctypes.c_uint32]),
                ("hb_subset_or_fail", p, [p, p]),
                ("hb_face_reference_blob", p, [p]),
                ("hb_blob_get_data", ctypes.c_void_p, [p, ctypes.POINTER(uint)]),
                ("hb_blob_destroy", None, [p]),
                ("hb_face_destroy", None, [p]),
                ("hb_subset_input_destroy", None, [p])):
            handle = getattr(lib, function)
            handle.restype, handle.argtypes = result, args
        self.lib = lib

    def subset(self, font: bytes, unicodes: list[int]) -> bytes | None:
        lib, ctypes = self.lib, self.ctypes
        blob = lib.hb_blob_create(font, len(font), self.READONLY, None, None)
        face = lib.hb_face_create(blob, 0)
        request = lib.hb_subset_input_create_or_fail()
        result = out = None
        try:
            characters = lib.hb_subset_input_unicode_set(request)
            for code in unicodes:
                lib.hb_set_add(characters, code)
            features = lib.hb_subset_input_set(request, self.LAYOUT_FEATURE_TAGS)
            for tag in EXTRA_FEATURES:  # added to HarfBuzz's default set
                lib.hb_set_add(features, int.from_bytes(tag.encode("ascii"), "big"))
            lib.hb_subset_input_set_flags(request, self.NO_HINTING)
            result = lib.hb_subset_or_fail(face, request)
            if not result:
                return None
            out = lib.hb_face_reference_blob(result)
            length = ctypes.c_uint()
            data = lib.hb_blob_get_data(out, ctypes.byref(length))
            return ctypes.string_at(data, length.value) if data else None
        finally:
            if out:
                lib.hb_blob_destroy(out)
            if result:
                lib.hb_face_destroy(result)
            lib.hb_subset_input_destroy(request)
            lib.hb_face_destroy(face)
            lib.hb_blob_destroy(blob)


@lru_cache(maxsize=1)
def harfbuzz() -> _HarfBuzz | None:
    """HarfBuzz's subsetter through ctypes, or None when the library is missing."""
    try:
        return _HarfBuzz()
    except (OSError, AttributeError):
        logging.getLogger(__name__).info(
            "HarfBuzz's font subsetter is not installed (apt-get install libharfbuzz-subset0): "
            "the web page's fonts are made with fontTools, the same fonts more slowly")
        return None


def _hb_subset(font: bytes, unicodes: list[int]) -> bytes | None:
    hb = harfbuzz()
    return hb.subset(font, unicodes) if hb is not None else None


def font_face_css(faces: dict[tuple[int, str], str], compress: bool = True) -> str:
    """@font-face rules with the subset fonts as data: URLs. faces maps (weight, style) to the
    characters set in that face; a face that sets nothing is left out."""
    media, form = ("font/woff2", "woff2") if compress else ("font/ttf", "truetype")
    rules = []
    for path, weight, style in font_files():
        characters = faces.get((weight, style))
        if not characters:
            continue
        font = subset_font(path, "".join(sorted(set(characters))), compress)
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                     f"font-style: {style}; font-display: swap; "
                     f'src: url("{data_url(media, font)}") format("{form}"); }}')
    return "\n".join(rules)


# A browser sets a one-letter <mi> in the font's mathematical italic letters (U+1D434...),
# and draws radicals and stretched brackets with glyphs no text holds
MATH_ITALICS = "".join(chr(c) for c in [*range(0x1D434, 0x1D468), 0x210E,
                                        *range(0x1D6E2, 0x1D71C)]) + "√∛∜()[]{}|‖⟨⟩−"


def math_font_face_css(characters: str, compress: bool = True) -> str:
    """The math font (its MATH table kept: stretchy brackets, radicals, fraction rules) subset
    to the formulas' characters, and the rule that sets every formula in it."""
    if not characters:
        return ""
    media, form = ("font/woff2", "woff2") if compress else ("font/ttf", "truetype")
    font = subset_font(math_font_file(), "".join(sorted(set(characters + MATH_ITALICS))),
                       compress)
    return (f'@font-face {{ font-family: "{MATH_FAMILY}"; font-display: swap; '
            f'src: url("{data_url(media, font)}") format("{form}"); }}\n'
            f'math {{ font-family: "{MATH_FAMILY}", math }}')


# ---- Images ----------------------------------------------------------------------------------

@lru_cache(maxsize=128)
def _image(path: Path, mtime_ns: int, size: int) -> tuple[str, int | None, int | None]:
    return _encode_image(path)


def image_data(path: Path) -> tuple[str, int | None, int | None]:
    """The image as a data: URL and its stored width and height (None for SVG)."""
    stat = path.stat()
    return _image(path, stat.st_mtime_ns, stat.st_size)


def _encode_image(path: Path) -> tuple[str, int | None, int | None]:
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".svg":  # an image, which runs nothing; and only the drawing at that
        from ..source.svgclean import clean_svg

        return data_url("image/svg+xml", clean_svg(raw)[0]), None, None
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(raw)) as image:
        if getattr(image, "is_animated", False):  # an animated GIF is kept as it is
            return data_url("image/gif", raw), image.width, image.height
        image = ImageOps.exif_transpose(image)
        scale = min(1.0, MAX_IMAGE_WIDTH / image.width, MAX_IMAGE_HEIGHT / image.height)
        if scale < 1:
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image = image.resize(size, Image.Resampling.LANCZOS)
        elif suffix in (".jpg", ".jpeg", ".png", ".gif", ".webp") and len(raw) < 64 * 1024:
            types = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                     ".gif": "image/gif", ".webp": "image/webp"}
            return data_url(types[suffix], raw), image.width, image.height  # small already
        data, media = _save(image, suffix)
        if scale == 1 and len(raw) <= len(data):
            data = raw  # the author's file is already as small as we can make it
            media = {".png": "image/png", ".gif": "image/gif", ".webp": "image/webp"}.get(
                suffix, "image/jpeg")
        return data_url(media, data), image.width, image.height


def _save(image, suffix: str) -> tuple[bytes, str]:
    out = io.BytesIO()
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if suffix in (".jpg", ".jpeg") or (not transparent and _photo_like(image)):
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True,
                                  progressive=True)
        return out.getvalue(), "image/jpeg"
    if suffix == ".webp":
        image.save(out, "WEBP", quality=JPEG_QUALITY)
        return out.getvalue(), "image/webp"
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), "image/png"


def _photo_like(image) -> bool:
    """Many colours: a photograph saved as PNG or GIF is far smaller as a JPEG."""
    colours = image.convert("RGB").getcolors(maxcolors=4096)
    return colours is None
