"""What the book's `lang` decides beyond hyphenation: quotation marks, the words samizdat
itself prints in the EPUB's navigation, and the locale citeproc uses. One row per language."""

from __future__ import annotations

from dataclasses import dataclass

NNBSP = "\u202f"  # French sets its guillemets off with a narrow no-break space


@dataclass(frozen=True)
class Language:
    """Quotation marks (outer pair, inner pair) and the EPUB's navigation words."""

    tag: str                       # the locale citeproc gets, e.g. cs-CZ
    quotes: tuple[str, str, str, str]
    contents: str
    landmarks: str
    cover: str
    title_page: str
    print_pages: str               # the page list: pages of the printed edition
    notes: str


LANGUAGES = {
    "en-US": Language("en-US", ("“", "”", "‘", "’"), "Contents", "Landmarks", "Cover",
                      "Title page", "Pages of the printed edition", "Notes"),
    "en-GB": Language("en-GB", ("‘", "’", "“", "”"), "Contents", "Landmarks", "Cover",
                      "Title page", "Pages of the printed edition", "Notes"),
    "de": Language("de-DE", ("„", "“", "‚", "‘"), "Inhalt", "Orientierungspunkte", "Umschlag",
                   "Titelseite", "Seiten der gedruckten Ausgabe", "Anmerkungen"),
    "fr": Language("fr-FR", ("«" + NNBSP, NNBSP + "»", "“", "”"), "Table des matières",
                   "Repères", "Couverture", "Page de titre", "Pages de l’édition imprimée",
                   "Notes"),
    "cs": Language("cs-CZ", ("„", "“", "‚", "‘"), "Obsah", "Orientační body", "Obálka",
                   "Titulní strana", "Strany tištěného vydání", "Poznámky"),
    "pl": Language("pl-PL", ("„", "”", "«", "»"), "Spis treści", "Punkty orientacyjne",
                   "Okładka", "Strona tytułowa", "Strony wydania drukowanego", "Przypisy"),
    "es": Language("es-ES", ("«", "»", "“", "”"), "Índice", "Puntos de referencia", "Cubierta",
                   "Portada", "Páginas de la edición impresa", "Notas"),
}
ALIASES = {"en": "en-US"}


def language(tag: str) -> Language:
    """The row for a language tag: 'cs', 'cs-CZ', 'en-GB'...; English for one not in the table."""
    tag = (tag or "en-US").replace("_", "-")
    base = tag.split("-")[0].lower()
    if tag.lower() in ("en-gb", "en-au", "en-nz", "en-ie", "en-za"):
        return LANGUAGES["en-GB"]
    row = LANGUAGES.get(ALIASES.get(base, base))
    if row is None:
        return Language(tag, *[getattr(LANGUAGES["en-US"], f) for f in FIELDS[1:]])
    if base == "en":
        return row
    # keep the author's region (de-AT, fr-CA) for citeproc; the marks stay the language's
    return row if "-" not in tag else Language(tag, *[getattr(row, f) for f in FIELDS[1:]])


FIELDS = ("tag", "quotes", "contents", "landmarks", "cover", "title_page", "print_pages",
          "notes")


def is_known(tag: str) -> bool:
    """Whether the table has a row for the tag's language (else English words are used)."""
    base = (tag or "en").replace("_", "-").split("-")[0].lower()
    return ALIASES.get(base, base) in LANGUAGES


NOUNS_CAPITALISED = {"de", "lb"}  # German and Luxembourgish: a capital marks every noun


def capitalises_nouns(lang: str | None) -> bool:
    """Whether the language capitalises every noun, so that a capital does not mark a name
    (the line breaker hyphenates no names elsewhere)."""
    return bool(lang) and lang.replace("_", "-").split("-")[0].lower() in NOUNS_CAPITALISED
