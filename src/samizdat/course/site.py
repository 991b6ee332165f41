"""The course site, build/site/: an index page listing the handouts with links to each
one's web page, PDF and EPUB and to the reader's, and a search page across all handouts
whose index is inside its one script (allowed by hash; no other page has a script)."""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files

import lxml.html

from ..core.model import Book
from ..render.generated_blocks import shown_date
from ..web.page import content_policy
from .front import title_lines
from .schema import Course

FIRST_LINES = 240  # characters of a handout's opening shown on the index page

STYLE = """
body { font: 1.0625rem/1.5 Georgia, "Times New Roman", serif; margin: 0 auto; max-width: 44rem;
  padding: 1.5rem 1rem 3rem; color: #1a1a1a; background: #fff }
@media (prefers-color-scheme: dark) { body { color: #e8e8e8; background: #161616 }
  a { color: #9cc3ff } }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem }
header p { margin: 0; font-variant: small-caps }
header .subtitle { font-style: italic; font-variant: normal; font-size: 1.25rem }
ol.handouts { list-style: none; padding: 0 } ol.handouts > li { margin: 1.75rem 0 }
h2 { font-size: 1.3rem; margin: 0 } .date { font-size: .9rem; margin: .2rem 0 }
li .subtitle { font-style: italic; margin: .1rem 0 } ol.handouts p { margin: .35rem 0 }
.editions a, nav a { margin-right: .9rem }
a { color: #0b4aa2 } a:focus-visible { outline: 3px solid #f2b705 }
input { font: inherit; padding: .3rem .5rem; width: min(100%, 26rem) }
button { font: inherit } #search-results li { margin: 1rem 0 }
#search-results .handout { font-size: .9rem; font-style: italic }
"""

SITE_WORDS = {  # the site's own words, English by default
    "en": {"handouts": "Handouts", "reader": "The course reader", "web": "Web page",
           "search": "Search the handouts", "find": "Search", "status": "{n} sections found",
           "one": "1 section found",
           "needs": "The search runs in the browser and needs JavaScript; every handout "
                    "reads without it."},
    "es": {"handouts": "Materiales", "reader": "El dosier del curso", "web": "Página web",
           "search": "Buscar en los materiales", "find": "Buscar",
           "status": "{n} secciones encontradas", "one": "1 sección encontrada",
           "needs": "La búsqueda funciona en el navegador y necesita JavaScript; todos los "
                    "materiales se leen sin él."},
    "de": {"handouts": "Arbeitsblätter", "reader": "Der Reader des Kurses", "web": "Webseite",
           "search": "In den Arbeitsblättern suchen", "find": "Suchen",
           "status": "{n} Abschnitte gefunden", "one": "1 Abschnitt gefunden",
           "needs": "Die Suche läuft im Browser und braucht JavaScript; jedes Arbeitsblatt "
                    "ist ohne sie lesbar."},
}


def site_words(lang: str) -> dict[str, str]:
    """The site's own words in the course's language (English where samizdat has none)."""
    return SITE_WORDS.get(lang.split("-")[0].lower(), SITE_WORDS["en"])


def page(course: Course, title: str, body: str, script: str = "") -> str:
    """One self-contained page: its style inside, its only script (if any) allowed by hash."""
    policy = content_policy(scripts=(script,) if script else ())
    tag = f"<script>{script}</script>" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="{escape(course.lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="color-scheme" content="light dark">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f'<body>{body}{tag}</body></html>\n')


def header(course: Course) -> str:
    """The course's title and lines, at the top of every page of the site."""
    lines = "".join(f'<p class="{part}">{escape(text)}</p>' for part, text in title_lines(course))
    return f"<header><h1>{escape(course.title)}</h1>{lines}</header>"


def first_lines(book: Book) -> str:
    """The opening words of the handout's text (of its reading list, if that is all it is)."""
    for chapter in book.chapters:
        tree = lxml.html.fragment_fromstring(chapter.html or "<p></p>", create_parent="div")
        for paragraph in tree.iter("p"):
            text = " ".join(paragraph.text_content().split())
            if text:
                return shortened(text)
    return shortened(" ".join(r.text for g in book.reading_list for r in g.references))


def shortened(text: str) -> str:
    """The text, cut at a word before FIRST_LINES characters, with an ellipsis."""
    if len(text) <= FIRST_LINES:
        return text
    return text[:FIRST_LINES].rsplit(" ", 1)[0] + "\u2026"


def index_page(course: Course, books: list[Book], reader: dict[str, str]) -> str:
    """The handouts, each with its three editions, and the reader's."""
    words = site_words(course.lang)
    items = []
    for book in books:
        meta, name = book.metadata, book.metadata.basename
        subtitle = f'<p class="subtitle">{escape(meta.subtitle)}</p>' if meta.subtitle else ""
        date = (f'<p class="date">{escape(shown_date(meta.date, meta.lang))}</p>'
                if meta.date else "")
        items.append(
            f'<li lang="{escape(meta.lang)}"><h2><a href="{escape(name)}.html">'
            f"{escape(meta.title)}</a></h2>{subtitle}{date}<p>{escape(first_lines(book))}</p>"
            f'<p class="editions"><a href="{escape(name)}.html">{words["web"]}</a>'
            f'<a href="{escape(name)}.pdf">PDF</a><a href="{escape(name)}.epub">EPUB</a></p></li>')
    editions = "".join(f'<a href="{escape(file)}">{label}</a>' for label, file in reader.items())
    body = (f'{header(course)}<nav aria-label="{escape(words["search"])}"><a href="search.html">'
            f'{escape(words["search"])}</a></nav><main><h2>{escape(words["reader"])}</h2>'
            f'<p class="editions">{editions}</p><h2>{escape(words["handouts"])}</h2>'
            f'<ol class="handouts">{"".join(items)}</ol></main>')
    return page(course, course.title, body)


def search_index(books: list[Book]) -> list[dict[str, str]]:
    """One entry per section of every handout: its title, handout, link and text."""
    entries = []
    for book in books:
        name = book.metadata.basename
        for chapter in book.chapters:
            tree = lxml.html.fragment_fromstring(chapter.html or "<p></p>", create_parent="div")
            for note in tree.xpath('//a[@class="footnote-ref"]'):
                note.drop_tree()
            text = " ".join(tree.text_content().split())
            entries.append({"title": chapter.title, "handout": book.metadata.title,
                            "lang": book.metadata.lang,
                            "href": f"{name}.html#{chapter.id}", "text": text})
    return entries


def search_page(course: Course, books: list[Book]) -> str:
    """The search form; its script holds the index."""
    words = site_words(course.lang)
    code = files("samizdat.course").joinpath("search.js").read_text(encoding="utf-8")
    data = json.dumps(search_index(books), ensure_ascii=False).replace("</", "<\\/")
    status = json.dumps({"one": words["one"], "other": words["status"]}, ensure_ascii=False)
    script = f"const INDEX = {data};\nconst STATUS = {status};\n{code}"
    body = (f'{header(course)}<nav><a href="index.html">{escape(words["handouts"])}</a></nav>'
            f'<main><h2 id="search-title">{escape(words["search"])}</h2>'
            f'<form id="search-form" role="search" aria-labelledby="search-title">'
            f'<label for="search-input">{escape(words["find"])}</label> '
            f'<input id="search-input" type="search" name="q" autocomplete="off"> '
            f'<button type="submit">{escape(words["find"])}</button></form>'
            f'<noscript><p>{escape(words["needs"])}</p></noscript>'
            f'<p id="search-status" role="status"></p><ol id="search-results"></ol></main>')
    return page(course, f'{words["search"]} · {course.title}', body, script)


def site_files(course: Course, books: list[Book], handout_files: dict[str, bytes],
               reader: dict[str, tuple[str, bytes]]) -> dict[str, bytes]:
    """Every file of build/site/ by its name: the pages, the handouts' editions, the reader."""
    out = dict(handout_files)
    for _, (name, data) in reader.items():
        out[name] = data
    out["index.html"] = index_page(course, books,
                                   {label: name for label, (name, _) in reader.items()}
                                   ).encode("utf-8")
    out["search.html"] = search_page(course, books).encode("utf-8")
    return out

