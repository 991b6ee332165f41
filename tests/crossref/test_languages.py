"""The words samizdat prints of its own come from the book's language: a handout in each
supported language shows no English word of samizdat's in the PDF, the EPUB or the web page;
dates are written as the language writes them and marked as <time datetime>."""

from __future__ import annotations

import re
import zipfile

import lxml.html
import pytest
import yaml
from lxml import etree

from samizdat import Report, build
from samizdat.commands.facts import read_pdf
from samizdat.core.language import EN, LANGUAGES, language
from samizdat.core.timeline_dates import machine_date
from samizdat.render.generated_blocks import shown_date

from ..conftest import BOOKS, copy_book

# Every English word samizdat itself may print: the EPUB's navigation, the cross-reference
# words, the web page's own words, the month names
ENGLISH = {w for row in (LANGUAGES["en-US"],) for w in (
    row.contents, row.landmarks, row.cover, row.title_page, row.print_pages, row.notes)}
ENGLISH |= {*EN.figure, *EN.table, *EN.page, EN.above, EN.below, EN.skip, EN.back_to_top,
            EN.also_as, EN.large_print, EN.set_with, EN.note, EN.back_to_text, *EN.months}


def visible_text_epub(path) -> str:
    """The text of every XHTML page, and the attributes readers speak (alt, title, labels)."""
    parts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xhtml"):
                tree = etree.fromstring(package.read(name))
                parts += tree.itertext()
                parts += [v for e in tree.iter() if isinstance(e.tag, str)
                          for k, v in e.attrib.items() if k in ("alt", "title", "aria-label")]
    return " ".join(parts)


def visible_text_web(path) -> str:
    tree = lxml.html.fromstring(path.read_bytes())
    for style in tree.iter("style"):
        style.drop_tree()
    attributes = [v for e in tree.iter() if isinstance(e.tag, str)
                  for k, v in e.attrib.items() if k in ("alt", "title", "aria-label")]
    return " ".join([*tree.itertext(), *attributes])


def own_words(lang: str) -> set[str]:
    """Every word the language's own row prints (a word it shares with English is its own)."""
    row, words = language(lang), language(lang).words
    texts = [row.contents, row.landmarks, row.cover, row.title_page, row.print_pages, row.notes]
    texts += [v for v in vars(words).values() if isinstance(v, str)]
    texts += [w for v in vars(words).values() if isinstance(v, tuple) for w in v]
    return {token for text in texts for token in [text, *text.split()]}


@pytest.mark.parametrize("lang", ["de", "fr", "cs", "pl", "es"])
def test_no_english_word_of_samizdats_own_in_any_edition(lang, tmp_path):
    root = copy_book(BOOKS / "crossref-de", tmp_path / "book")
    meta = root / "metadata.yaml"
    data = yaml.safe_load(meta.read_text())
    meta.write_text(yaml.safe_dump({**data, "lang": lang}, allow_unicode=True))
    report = Report()
    built = build(root, ("pdf", "epub", "html", "large-print"), report)
    assert not [d for d in report.diagnostics if d.severity == "error"]
    english = ENGLISH - own_words(lang)  # April and August are German too, Notes French
    texts = {"PDF": " ".join(read_pdf(built["pdf"]).pages),
             "EPUB": visible_text_epub(built["epub"]), "web page": visible_text_web(built["html"])}
    for edition, text in texts.items():
        found = sorted(w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
        assert found == [], f"{edition} in {lang}: {found}"
    words = language(lang).words
    assert f"{words.table[0]} 1." in texts["PDF"]
    assert shown_date("2025-02-10", lang) in texts["PDF"]
    assert words.skip in texts["web page"] and words.back_to_top in texts["web page"]
    assert words.also_as in texts["web page"] and words.large_print in texts["web page"]


def test_the_title_date_is_written_as_the_language_writes_it():
    assert [shown_date("2025-02-10", lang) for lang in ("en-US", "en-GB", "es", "de", "cs",
                                                         "pl", "fr")] == [
        "February 10, 2025", "10 February 2025", "10 de febrero de 2025", "10. Februar 2025",
        "10. února 2025", "10 lutego 2025", "10 février 2025"]


@pytest.mark.parametrize(("written", "iso"), [
    ("20 de noviembre de 1975", "1975-11-20"), ("junio de 1977", "1977-06"),
    ("20. November 1975", "1975-11-20"), ("Juni 1977", "1977-06"),
    ("20. listopadu 1975", "1975-11-20"), ("červen 1977", "1977-06"),
    ("20 listopada 1975", "1975-11-20"), ("czerwiec 1977", "1977-06"),
    ("20 novembre 1975", "1975-11-20"), ("1er mai 1968", "1968-05-01"),
    ("November 20, 1975", "1975-11-20"), ("20 November 1975", "1975-11-20"),
    ("1980s", None), ("1989-1990", None), ("20. Brumaire 1975", None)])
def test_timeline_dates_in_every_language_are_machine_readable(written, iso):
    assert machine_date(written) == iso


def test_the_czech_timeline_marks_its_dates(tmp_path):
    root = copy_book(BOOKS / "crossref-cs", tmp_path / "book")
    page = build(root, ("html",), Report())["html"].read_text()
    assert '<time datetime="1856-03-30"><span class="nobreak">30. března 1856</span></time>' in page
    assert '<time datetime="1992-06"><span class="nobreak">červen 1992</span></time>' in page


def test_every_language_has_its_classroom_words_and_the_same_languages_both_tables():
    from samizdat.core import classroom_words
    from samizdat.core.language import LANGUAGES

    bases = {row.tag.split("-")[0].lower() for row in LANGUAGES.values()}
    assert set(classroom_words.WORDS) == bases
    for base in bases:
        assert classroom_words.words(base) is classroom_words.WORDS[base]
        assert all(classroom_words.WORDS[base].__dict__.values())
