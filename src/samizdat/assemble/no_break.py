"""The places Chicago never breaks a line, bound in the text every edition sets: a day and its
month ("22 August", "August 22", "22. srpna", "22 de agosto"), a number and its unit ("5 km",
"10 %"), an initial and the name after it ("J. Smith"), "p." or "pp." and its number, and a
number range ("1975–1991"). A space there becomes a no-break space (U+00A0); a range's dash
is followed by a word joiner (U+2060). Code, formulas and headings are left as written (a
heading's text names the section in the contents, bookmarks and running heads)."""

from __future__ import annotations

import re
from functools import cache

from ..core.language import EN_MONTHS, language

NBSP, WJ = "\u00a0", "\u2060"
SKIP = {"code", "pre", "kbd", "samp", "var", "tt", "math", "svg", "script", "style",
        "h1", "h2", "h3", "h4", "h5", "h6"}
SPACE = r"[ \t\n]+"
UPPER = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"  # Latin capitals, Latin-1 and Extended-A (odd ones are lower case)

# Units after a number: SI and common ones, per cent in the languages' words, currencies
# written after the amount. Single letters only where they are rarely a word after a number.
UNITS = ("%", "‰", "°C", "°F", "°", "km", "m", "cm", "mm", "µm", "nm", "km²", "m²", "m³", "ha",
         "kg", "g", "mg", "t", "l", "ml", "dl", "hl", "h", "min", "ms", "Hz", "kHz", "MHz",
         "kW", "MW", "GW", "kWh", "MWh", "km/h", "m/s", "mph", "mi", "ft", "lb", "oz",
         "€", "Kč", "zł", "Ft", "DM", "Mark", "Pfund",
         "per cent", "percent", "Prozent", "por ciento", "procent", "procenta", "procent")
# What stands before a page (or a volume, a number, a chapter) and its number, by language;
# English ones in every book, since an English citation can stand in any language's notes.
LOCATORS = {
    "en": ("p", "pp", "vol", "vols", "no", "nos", "ch", "chap", "fig", "figs", "n", "nn",
           "para", "sec", "art", "l", "ll"),
    "de": ("S", "Bd", "Nr", "Abb", "Kap", "Anm", "Sp", "Art", "Abs", "Jg", "H"),
    "es": ("pág", "págs", "núm", "cap", "fig", "t", "art"),
    "cs": ("s", "č", "str", "obr", "kap", "roč", "sv", "odst", "čl"),
    "pl": ("s", "nr", "t", "rozdz", "rys", "art"),
    "fr": ("p", "t", "n°", "chap", "fig", "art"),
}
# Abbreviations of two letters written with a space, kept on one line ("z. B.", "d. h.").
PAIRS = {"de": r"(?:z|d|u|v|o|s|i)\.(?:" + SPACE + r")(?:B|h|a|Ä|ä|g|w|J|Chr|u|R|a)\."}
# One-letter prepositions and conjunctions, which Czech and Polish never leave at a line's end.
ONE_LETTER = {"cs": "vkszouaiVKSZOUAI", "pl": "wzioauWZIOAU", "sk": "vkszouaiVKSZOUAI"}
NUMBER = r"\d[\d.,]*"


def base(lang: str | None) -> str:
    """The language's base subtag, lower case: "cs" for "cs-CZ", "en" when none is given."""
    return (lang or "en").replace("_", "-").split("-")[0].lower()


@cache
def rules(lang: str) -> tuple[tuple[re.Pattern, object], ...]:
    """The patterns and their replacements for one language, compiled once."""
    code = base(lang)
    words = language(lang).words
    months = {*EN_MONTHS, *words.months, *words.months_of}
    months |= {m[:1].upper() + m[1:] for m in months}
    month = "(?:" + "|".join(sorted(map(re.escape, months), key=len, reverse=True)) + ")"
    english = "(?:" + "|".join(EN_MONTHS) + ")"
    units = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
    locators = {*LOCATORS["en"], *LOCATORS.get(code, ())}
    locator = "|".join(sorted(map(re.escape, locators), key=len, reverse=True))
    pages = {w for pair in (words.page, language("en").words.page) for w in pair
             if not w.endswith(".")}
    page_word = "|".join(sorted(map(re.escape, pages), key=len, reverse=True))
    found = [
        # a day and its month, either way round: "22 August", "22. August", "22 de agosto"
        (re.compile(rf"(?<![\d.,])(\d{{1,2}}\.?)({SPACE})(?:(de)({SPACE}))?({month})(?!\w)"),
         _bind_all),
        # "August 22": English only (another language's month before a number is no date)
        (re.compile(rf"(?<!\w)({english})({SPACE})(\d{{1,2}})(?![\d.,]\d)(?!\d)"), _bind_all),
        # a number and its unit
        (re.compile(rf"(?<![\w.,])({NUMBER})({SPACE})({units})(?!\w)"), _bind_all),
        # "p. 12", "pp. 12–15", "S. 5", "vol. iii"; "page 12"
        (re.compile(rf"(?<![\w.])({locator})\.({SPACE})(?=\d|[ivxlc]+\b)"), _bind_all),
        (re.compile(rf"(?<![\w.])({page_word})({SPACE})(?=\d)"), _bind_all),
        # an initial and the name after it: "J. Smith", "T. G. Masaryk"
        (re.compile(rf"(?<![\w.])({UPPER}\.)({SPACE})(?={UPPER})"), _bind_all),
        # a range of numbers: a dash joined to the number after it, a spaced one to both
        (re.compile(r"(?<=\d)([–-])(?=\d)"), lambda m: m.group(1) + WJ),
        (re.compile(rf"(?<=\d)({SPACE})(–)({SPACE})(?=\d)"), _bind_all),
        # a number in groups of three: "10 000"
        (re.compile(rf"(?<![\d.,])(\d{{1,3}})((?:{SPACE}\d{{3}})+)(?![\d.,]\d)(?!\d)"),
         lambda m: m.group(1) + re.sub(SPACE, NBSP, m.group(2))),
    ]
    if code in PAIRS:
        found.append((re.compile(rf"(?<!\w){PAIRS[code]}"),
                      lambda m: re.sub(SPACE, NBSP, m.group(0))))
    if code in ONE_LETTER:
        found.append((re.compile(rf"(?<!\w)([{ONE_LETTER[code]}])({SPACE})(?=\w)"), _bind_all))
    return tuple(found)


def _bind_all(match: re.Match) -> str:
    """The match with every run of spaces in it made one no-break space."""
    return re.sub(SPACE, NBSP, match.group(0))


def bind_text(text: str, lang: str) -> str:
    """The text with a no-break space (or a word joiner) at each place Chicago never breaks."""
    for pattern, replace in rules(lang):
        text = pattern.sub(replace, text)
    return text


def bind_no_break_places(root, lang: str) -> None:
    """Every text node of the tree outside code, formulas and headings, bound in place.
    A text node is bound alone: a space that stands between two elements is left."""
    _walk(root, lang)


def _walk(element, lang: str) -> None:
    if not isinstance(element.tag, str) or element.tag in SKIP or _is_url(element):
        return
    lang = element.get("lang") or lang
    if element.text:
        element.text = bind_text(element.text, lang)
    for child in element:
        _walk(child, lang)
        if child.tail:
            child.tail = bind_text(child.tail, lang)


def _is_url(element) -> bool:
    """A link that shows its address: its text is copied as it stands."""
    if element.tag != "a":
        return False
    text = element.text_content()
    return "://" in text or text.startswith("www.") or "@" in text
