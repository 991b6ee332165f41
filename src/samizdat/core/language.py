"""What the book's `lang` decides beyond hyphenation: quotation marks, the words samizdat
itself prints (the EPUB's navigation, cross-references, the web page's own words), how dates
are written, and the locale citeproc uses. One row per language."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

NNBSP = "\u202f"  # French sets its guillemets off with a narrow no-break space


@dataclass(frozen=True)
class Words:
    """The words samizdat prints in a book's text and on the web page, and its dates.

    months: the month names as a month and year is written ("junio de 1977"); months_of:
    as a day of the month is ("20 de noviembre de 1975": Czech and Polish decline them)."""

    figure: tuple[str, str]        # singular, plural: "Figure 2", "Figures 2 and 3"
    table: tuple[str, str]
    section: tuple[str, str]
    page: tuple[str, str]          # page references: "page 6", "pages 6 and 8"
    and_: str                      # "Figures 2 and 3"
    above: str                     # a page reference where the page is not known
    below: str
    months: tuple[str, ...]
    months_of: tuple[str, ...]
    day_format: str                # "{day} de {month} de {year}"
    month_format: str              # "{month} de {year}"
    skip: str                      # the web page's own words
    back_to_top: str
    also_as: str
    large_print: str
    set_with: str
    note: str                      # before a note's number, for screen readers
    back_to_text: str
    capital_in_text: bool = True   # "see Figure 2" (en, de); "voir la figure 2" (fr, es,
    #                                cs, pl): a caption's "Figure 2." is capitalised in all
    equation: tuple[str, str] = ("Equation", "Equations")  # "Equation 1": a display formula


EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
EN = Words(("Figure", "Figures"), ("Table", "Tables"), ("Section", "Sections"),
           ("page", "pages"), "and", "above", "below", EN_MONTHS, EN_MONTHS,
           "{month} {day}, {year}", "{month} {year}", "Skip to the text", "Back to the top",
           "Also as", "Large print PDF", "Set with samizdat in Source Serif.", "Note",
           "back to the text")
EN_GB = dataclasses.replace(EN, day_format="{day} {month} {year}")
DE_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")
DE = Words(("Abbildung", "Abbildungen"), ("Tabelle", "Tabellen"), ("Abschnitt", "Abschnitte"),
           ("Seite", "Seiten"), "und", "oben", "unten", DE_MONTHS, DE_MONTHS,
           "{day}. {month} {year}", "{month} {year}", "Zum Text springen", "Zurück nach oben",
           "Auch als", "PDF in Großdruck", "Gesetzt mit samizdat in Source Serif.",
           "Anmerkung", "zurück zum Text", equation=("Gleichung", "Gleichungen"))
FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
FR = Words(("Figure", "Figures"), ("Tableau", "Tableaux"), ("Section", "Sections"),
           ("page", "pages"), "et", "plus haut", "plus bas", FR_MONTHS, FR_MONTHS,
           "{day} {month} {year}", "{month} {year}", "Aller au texte", "Retour en haut",
           "Aussi en", "PDF en gros caractères", "Composé avec samizdat en Source Serif.",
           "Note", "retour au texte", capital_in_text=False,
           equation=("Équation", "Équations"))
CS = Words(("Obrázek", "Obrázky"), ("Tabulka", "Tabulky"), ("Oddíl", "Oddíly"),
           ("s.", "s."), "a", "výše", "níže",  # "na s. 6": strana declines
           ("leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen",
            "září", "říjen", "listopad", "prosinec"),
           ("ledna", "února", "března", "dubna", "května", "června", "července", "srpna",
            "září", "října", "listopadu", "prosince"),
           "{day}. {month} {year}", "{month} {year}", "Přejít na text", "Zpět nahoru",
           "Také jako", "PDF velkým písmem", "Vysázeno programem samizdat písmem Source Serif.",
           "Poznámka", "zpět k textu", capital_in_text=False, equation=("Rovnice", "Rovnice"))
PL = Words(("Rysunek", "Rysunki"), ("Tabela", "Tabele"), ("Sekcja", "Sekcje"),
           ("s.", "s."), "i", "wyżej", "niżej",  # "na s. 6": strona declines
           ("styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień",
            "wrzesień", "październik", "listopad", "grudzień"),
           ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"),
           "{day} {month} {year}", "{month} {year}", "Przejdź do tekstu", "Powrót na górę",
           "Także jako", "PDF dużą czcionką", "Złożono programem samizdat krojem Source Serif.",
           "Przypis", "powrót do tekstu", capital_in_text=False,
           equation=("Równanie", "Równania"))
ES_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre")
ES = Words(("Figura", "Figuras"), ("Tabla", "Tablas"), ("Sección", "Secciones"),
           ("página", "páginas"), "y", "más arriba", "más abajo", ES_MONTHS, ES_MONTHS,
           "{day} de {month} de {year}", "{month} de {year}", "Saltar al texto",
           "Volver arriba", "También en", "PDF en letra grande",
           "Compuesto con samizdat en Source Serif.", "Nota", "volver al texto",
           capital_in_text=False, equation=("Ecuación", "Ecuaciones"))


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
    words: Words = EN


LANGUAGES = {
    "en-US": Language("en-US", ("“", "”", "‘", "’"), "Contents", "Landmarks", "Cover",
                      "Title page", "Pages of the printed edition", "Notes", EN),
    "en-GB": Language("en-GB", ("‘", "’", "“", "”"), "Contents", "Landmarks", "Cover",
                      "Title page", "Pages of the printed edition", "Notes", EN_GB),
    "de": Language("de-DE", ("„", "“", "‚", "‘"), "Inhalt", "Orientierungspunkte", "Umschlag",
                   "Titelseite", "Seiten der gedruckten Ausgabe", "Anmerkungen", DE),
    "fr": Language("fr-FR", ("«" + NNBSP, NNBSP + "»", "“", "”"), "Table des matières",
                   "Repères", "Couverture", "Page de titre", "Pages de l’édition imprimée",
                   "Notes", FR),
    "cs": Language("cs-CZ", ("„", "“", "‚", "‘"), "Obsah", "Orientační body", "Obálka",
                   "Titulní strana", "Strany tištěného vydání", "Poznámky", CS),
    "pl": Language("pl-PL", ("„", "”", "«", "»"), "Spis treści", "Punkty orientacyjne",
                   "Okładka", "Strona tytułowa", "Strony wydania drukowanego", "Przypisy", PL),
    "es": Language("es-ES", ("«", "»", "“", "”"), "Índice", "Puntos de referencia", "Cubierta",
                   "Portada", "Páginas de la edición impresa", "Notas", ES),
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
          "notes", "words")


def is_known(tag: str) -> bool:
    """Whether the table has a row for the tag's language (else English words are used)."""
    base = (tag or "en").replace("_", "-").split("-")[0].lower()
    return ALIASES.get(base, base) in LANGUAGES


NOUNS_CAPITALISED = {"de", "lb"}  # German and Luxembourgish: a capital marks every noun


def capitalises_nouns(lang: str | None) -> bool:
    """Whether the language capitalises every noun, so that a capital does not mark a name
    (the line breaker hyphenates no names elsewhere)."""
    return bool(lang) and lang.replace("_", "-").split("-")[0].lower() in NOUNS_CAPITALISED


def written_date(iso: str, lang: str) -> str:
    """An ISO date ('1975-11-20', '1977-06', '1975') as the language writes it:
    'November 20, 1975', '20 de noviembre de 1975', 'junio de 1977'."""
    words = language(lang).words
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return words.month_format.format(month=words.months[parts[1] - 1], year=parts[0])
    return words.day_format.format(day=parts[2], month=words.months_of[parts[1] - 1],
                                   year=parts[0])


# Languages written from right to left (their primary subtag), and the scripts that are
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps",
                           "sd", "syr", "ug", "ur", "yi"})
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})


def direction(tag: str | None) -> str:
    """'rtl' for a language written from right to left (ar, he, fa, ur; az-Arab), else 'ltr':
    the editions' dir attribute and the EPUB spine's page-progression-direction."""
    parts = (tag or "").lower().replace("_", "-").split("-")
    if len(parts) > 1 and len(parts[1]) == 4:  # a script subtag decides: az-Arab, ur-Latn
        return "rtl" if parts[1] in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def dir_attribute(tag: str | None) -> str:
    """' dir="rtl"' for a right-to-left book, else nothing (left to right is the default)."""
    return ' dir="rtl"' if direction(tag) == "rtl" else ""
